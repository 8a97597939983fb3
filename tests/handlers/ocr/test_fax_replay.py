"""The fax replay of the benchmark (`benchmarks.fax_replay`): kept lines joined again by the
code as it is, the new text put where the old one was."""

from __future__ import annotations

import pickle

from benchmarks import fax_replay
from handlers.ocr import fax, handwriting
from handlers.ocr.layout import Line, Word


def recognized(text: str) -> handwriting.Reading:
    return handwriting.Reading(text, 0.9, (0.9,) * len(text), ((0.0, 0.1),) * len(text),
                               ((),) * len(text))


def kept_page() -> fax_replay.Page:
    """A page recorded before the words chose the recognizer's 手 over Tesseract's 十."""
    sure = Line((0, 0, 90, 30), (1, 1), [Word("窓口", 0.97, (0, 0, 90, 30))])
    doubted = Line((0, 40, 90, 70), (1, 1), [Word("十数料", fax.DOUBTFUL - 0.1,
                                                  (0, 40, 90, 70))])
    join = fax_replay.Join([sure, doubted], [recognized("窓口"), recognized("手数料")],
                           "窓口\n十数料")
    return fax_replay.Page("0001-fax-g3.tif", "fax-g3", "お知らせ\n窓口\n手数料",
                           "お知らせ\n窓口\n十数料", [join])


def test_a_kept_page_is_joined_again_by_the_code_as_it_is() -> None:
    page = pickle.loads(pickle.dumps(kept_page()))
    assert fax_replay.replayed(page) == "お知らせ\n窓口\n手数料"
    report = "\n".join(fax_replay.report([page], changes=True))
    assert "| fax-g3 | 1 | 11.111 | 11.11 | 1 | 0.000 | 0.00 | 0 |" in report
    assert "-十数料\n+手数料" in report and "1 better, 0 worse" in report


def test_a_page_joined_as_it_was_is_left_as_it_was() -> None:
    page = kept_page()
    page.joins[0].text = "窓口\n手数料"
    page.text = "お知らせ\n窓口\n手数料"
    assert fax_replay.replayed(page) == page.text
    assert "0 better, 0 worse" in "\n".join(fax_replay.report([page], changes=True))
