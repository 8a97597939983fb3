"""The fax replay of the benchmark (`benchmarks.fax_replay`): kept lines joined again by the
code as it is, the new text put where the old one was."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import numpy as np
import pytest

from benchmarks import fax_replay
from handlers.ocr import ctc, fax, handwriting
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


def heard_page() -> fax_replay.Page:
    """A page recorded before what the recognizer heard was weighed: 不籍, where it heard
    審 beside 籍."""
    line = Line((0, 0, 90, 30), (1, 1), [Word("不籍な人を", fax.DOUBTFUL - 0.1, (0, 0, 90, 30))])
    table = np.zeros((11, 8), dtype=np.float32)
    characters = ["", "不", "籍", "審", "な", "人", "を", "x"]
    for step, char in zip(range(1, 11, 2), "不籍な人を", strict=True):
        table[step, characters.index(char)] = 0.7 if char == "籍" else 0.9
    table[3, characters.index("審")] = 0.2
    table[:, 0] = 1.0 - table.sum(axis=1)
    reading = dataclasses.replace(recognized("不籍な人を"),
                                  steps=ctc.Steps.of(table, characters))
    join = fax_replay.Join([line], [reading], "不籍な人を")
    return fax_replay.Page("0001-fax-g3.tif", "fax-g3", "不審な人を", "不籍な人を", [join])


def test_a_replay_may_set_a_number_of_the_fax_rules_otherwise(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fax, "HEARD", fax.HEARD)  # put back after the test
    kept = tmp_path / "kept.pkl"
    kept.write_bytes(pickle.dumps([heard_page()]))
    assert fax_replay.main(["replay", str(kept), "--changes"]) == 0
    assert "+不審な人を" in capsys.readouterr().out
    assert fax_replay.main(["replay", str(kept), "--changes", "--with", "HEARD=-inf"]) == 0
    assert "0 better, 0 worse" in capsys.readouterr().out
    for wrong in ("NOTHING=1", "HEARD=much", "_SPACE=1", "read_again=1"):
        with pytest.raises(SystemExit, match="--with"):
            fax_replay.main(["replay", str(kept), "--with", wrong])
