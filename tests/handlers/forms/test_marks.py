"""Which option is marked: from the ink in each box (pixels at 300 dpi), and from marks
drawn on the questionnaire in every style people use, with the reason when flagged."""

from __future__ import annotations

import random

import numpy as np
import numpy.typing as npt
import pytest
from form_pages import template

from handlers.forms.fields import read_field
from handlers.forms.ink import ink_level, printed
from handlers.forms.marks import (
    CORRECTED,
    EMPTY,
    FAINT,
    MARKED,
    TWO_ANSWERS,
    UNANSWERED,
    ink_at_300dpi,
    read_checkbox,
    read_choice,
)
from handlers.ocr.engine import Recognition
from handlers.ocr.result import FieldResult
from scripts.fill_form import fill, printed_font


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


def test_reasons_tell_unanswered_from_two_answers_and_faint() -> None:
    assert read_choice({"はい": 0.0, "いいえ": 0.0}).reason == UNANSWERED
    assert read_choice({"はい": 800.0, "いいえ": 650.0}).reason == TWO_ANSWERS
    assert read_choice({"はい": (EMPTY + MARKED) / 2, "いいえ": 0.0}).reason == FAINT
    assert read_choice({"はい": 800.0, "いいえ": 0.0}).reason is None


# Marks drawn on the questionnaire as people make them, read from the page (no scan).
STYLES = ("tick", "cross", "fill", "circle", "circle_label", "circle_box", "tick_beside")


def _page(marks: dict[str, str], answers: dict[str, str | bool | None],
          struck: dict[str, str] | None = None,
          also: dict[str, str] | None = None) -> npt.NDArray[np.uint8]:
    return np.asarray(fill(template(), answers, printed_font("gothic"), random.Random(5),
                           hand=True, marks=marks, struck=struck, also=also), dtype=np.uint8)


def _read(page: npt.NDArray[np.uint8], name: str) -> FieldResult:
    form = template()
    spec = next(field for field in form.fields if field.name == name)
    return read_field(spec, page, printed(form), ink_level(page), form.dpi, Unused())


class Unused:
    """An engine that must not be asked: marks need none."""

    name = "unused"

    def recognize(self, *args: object, **kwargs: object) -> Recognition:
        raise AssertionError("marks are not recognised as text")

    def close(self) -> None:
        pass


@pytest.mark.parametrize("style", STYLES)
def test_each_mark_style_gives_its_option(style: str) -> None:
    names = ("q1", "q2", "sex", "relationship")
    answers: dict[str, str | bool | None] = {"q1": "はい", "q2": "いいえ", "sex": "女",
                                             "relationship": "母", "concern_meal": True}
    page = _page(dict.fromkeys((*names, "concern_meal"), style), answers)
    for name in names:
        result = _read(page, name)
        assert (result.value, result.needs_review) == (answers[name], False), name
    assert _read(page, "concern_meal").value is True
    assert _read(page, "concern_sleep").value is False


def test_a_struck_out_answer_with_the_other_marked_is_the_other() -> None:
    page = _page({"q1": "circle_label", "q2": "tick"}, {"q1": "いいえ", "q2": "はい"},
                 struck={"q1": "はい", "q2": "いいえ", "q3": "はい"})
    assert (_read(page, "q1").value, _read(page, "q1").needs_review) == ("いいえ", False)
    assert _read(page, "q2").value == "はい"
    alone = _read(page, "q3")  # struck out, nothing else marked
    assert (alone.value, alone.needs_review, alone.reason) == (None, True, CORRECTED)


def test_two_options_marked_are_flagged_as_two_answers() -> None:
    page = _page({"q1": "tick"}, {"q1": "はい"}, also={"q1": "いいえ"})
    result = _read(page, "q1")
    assert (result.value, result.needs_review, result.reason) == (None, True, TWO_ANSWERS)
    unanswered = _read(page, "q2")
    assert (unanswered.value, unanswered.reason) == (None, UNANSWERED)
