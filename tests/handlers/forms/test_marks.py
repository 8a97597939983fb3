"""Which option is marked, from the ink in each box (pixels at 300 dpi)."""

from __future__ import annotations

from handlers.forms.marks import EMPTY, MARKED, ink_at_300dpi, read_checkbox, read_choice


def test_one_clear_mark_is_the_answer() -> None:
    reading = read_choice({"はい": 900.0, "いいえ": 0.0})
    assert (reading.value, reading.needs_review) == ("はい", False)
    assert reading.confidence > 0.5


def test_no_mark_or_several_give_none_and_review() -> None:
    assert read_choice({"はい": 0.0, "いいえ": 3.0}).value is None
    assert read_choice({"はい": 0.0, "いいえ": 3.0}).needs_review
    both = read_choice({"はい": 800.0, "いいえ": 650.0})
    assert (both.value, both.needs_review, both.confidence) == (None, True, 0.0)


def test_a_faint_stroke_is_taken_but_flagged() -> None:
    faint = (EMPTY + MARKED) / 2
    alone = read_choice({"母": faint, "父": 0.0, "その他": 0.0})
    assert (alone.value, alone.needs_review) == ("母", True)
    beside = read_choice({"母": 900.0, "父": faint, "その他": 0.0})
    assert (beside.value, beside.needs_review) == ("母", True)


def test_check_boxes() -> None:
    assert (read_checkbox(700.0).value, read_checkbox(700.0).needs_review) == (True, False)
    assert (read_checkbox(0.0).value, read_checkbox(0.0).needs_review) == (False, False)
    assert read_checkbox((EMPTY + MARKED) / 2).needs_review


def test_ink_is_counted_at_300_dpi() -> None:
    assert ink_at_300dpi(100, 150.0) == 400.0
    assert ink_at_300dpi(100, 600.0) == 25.0
