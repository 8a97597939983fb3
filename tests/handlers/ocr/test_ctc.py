"""What a CTC line model heard along a line (`handlers.ocr.ctc.Steps`): the likelihood of
any text of the line, where each of its characters lies, and what else was heard there."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from handlers.ocr.ctc import FLOOR, Steps

CHARACTERS = ("", "A", "B", "C")


def steps_of(*rows: dict[str, float]) -> Steps:
    """Steps whose probabilities are `rows` (per step, character -> probability; the blank
    takes what is left)."""
    table = np.zeros((len(rows), len(CHARACTERS)), dtype=np.float32)
    for step, row in enumerate(rows):
        for char, probability in row.items():
            table[step, CHARACTERS.index(char)] = probability
        table[step, 0] = 1.0 - sum(row.values())
    return Steps.of(table, CHARACTERS)


SPELLED = (*CHARACTERS, "X")  # X: a character the line never heard


def collapsed(path: tuple[int, ...]) -> str:
    """The text a path of columns spells: repeats merged, then blanks dropped."""
    return "".join(SPELLED[column] for column, _ in itertools.groupby(path) if column)


def by_every_path(rows: tuple[dict[str, float], ...], text: str) -> float:
    """The probability of `text`, summed over every path of steps that spells it, each
    probability at least FLOOR."""
    def probability(step: int, column: int) -> float:
        row = rows[step]
        heard = 1.0 - sum(row.values()) if column == 0 else row.get(SPELLED[column], 0.0)
        return max(heard, FLOOR)

    return sum(math.prod(probability(step, column) for step, column in enumerate(path))
               for path in itertools.product(range(len(SPELLED)), repeat=len(rows))
               if collapsed(path) == text)


ROWS = ({"A": 0.6, "B": 0.1}, {"A": 0.3, "B": 0.3}, {"B": 0.5, "C": 0.2},
        {"A": 0.1, "C": 0.4}, {"A": 0.7})


@pytest.mark.parametrize("text", ["A", "AB", "ABA", "AA", "BCA", "ACA", "AAA", "AXC", ""])
def test_the_likelihood_sums_every_path_that_spells_the_text(text: str) -> None:
    # X, never heard, counts as FLOOR at every step: unlikely, not impossible.
    assert steps_of(*ROWS).likelihood(text) == pytest.approx(
        math.log(by_every_path(ROWS, text)), abs=2e-3)


def test_a_text_the_line_holds_is_more_likely_than_one_it_does_not() -> None:
    steps = steps_of({"A": 0.9}, {}, {"B": 0.8}, {}, {"C": 0.9})
    assert steps.likelihood("ABC") > steps.likelihood("AC") > steps.likelihood("ACC")


def test_each_character_is_placed_at_the_steps_that_spell_it() -> None:
    steps = steps_of({"A": 0.9}, {"A": 0.8}, {}, {"B": 0.9}, {}, {"A": 0.9})
    assert steps.places("ABA") == [(0, 2), (3, 4), (5, 6)]
    assert steps.places("") == []
    # A text longer than the steps has no path: each character gets the whole line.
    assert steps_of({"A": 0.9}).places("AB") == [(0, 1), (0, 1)]


def test_what_else_was_heard_is_told_most_probable_first() -> None:
    steps = steps_of({"A": 0.5, "B": 0.3}, {"C": 0.4}, {"B": 0.0001})
    assert steps.heard(0, 2, 5, 0.01) == ["A", "C", "B"]
    assert steps.heard(0, 2, 2, 0.01) == ["A", "C"]
    assert steps.heard(2, 3, 5, 0.01) == []  # below `least`; the blank is never told
    assert steps.heard(1, 1, 5, 0.0) == []


def test_a_line_of_no_steps_heard_nothing() -> None:
    steps = Steps(np.zeros((0, 2), dtype=np.float16), ("", "A"))
    assert steps.likelihood("") == 0.0 and steps.likelihood("A") == -math.inf
    assert steps.places("A") == [(0, 0)] and steps.heard(0, 0, 5, 0.0) == []


def test_only_characters_that_reach_the_floor_are_kept() -> None:
    steps = steps_of({"A": 0.9, "C": FLOOR / 10}, {"B": 0.5})
    assert steps.characters == ("", "A", "B")
    assert steps.probabilities.dtype == np.float16
