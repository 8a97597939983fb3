"""What a CTC line model heard along a line, kept to weigh other readings of it.

The line recognizer (`handwriting`) gives, at each step along the line, a probability for
every character and for "no character" (the blank). Its reading is the most probable path
through them, but the steps say more: how likely any other text of the line is (the sum
over every path that spells it, `Steps.likelihood`), where each character of that text lies
(`Steps.places`), and what else was heard at those steps (`Steps.heard`). A fax's 不審 read
as 不籍 is a case: 籍 makes no word, and 審, heard at the same steps, makes one at a
likelihood only a little lower.

Only the characters that reach `FLOOR` at some step are kept (a few hundred of the 18,000),
as 16-bit floats; any other character counts as `FLOOR` at every step.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

FLOOR = 1e-5


@dataclass(frozen=True, eq=False)
class Steps:
    """Per step along a line (left to right), the probability of each of `characters`
    (`characters[0]` is the blank, "")."""

    probabilities: npt.NDArray[np.float16]
    characters: tuple[str, ...]

    @classmethod
    def of(cls, probabilities: npt.NDArray[np.float32], characters: Sequence[str]) -> Steps:
        """The steps of `probabilities` (steps x columns, column 0 the blank), whose columns
        are `characters`, keeping the columns that reach `FLOOR`."""
        kept = np.union1d([0], np.flatnonzero(probabilities.max(axis=0, initial=0.0) >= FLOOR))
        return cls(probabilities[:, kept].astype(np.float16),
                   tuple("" if column == 0 else characters[column] for column in kept))

    @cached_property
    def _logs(self) -> npt.NDArray[np.float64]:
        return np.log(np.maximum(self.probabilities.astype(np.float64), FLOOR))

    @cached_property
    def _columns(self) -> dict[str, int]:
        return {char: column for column, char in enumerate(self.characters) if column}

    def likelihood(self, text: str) -> float:
        """The natural log of the probability that the line reads `text`: CTC's sum over
        every path of steps that spells it."""
        emit, skips = self._lattice(text)
        if not len(emit):
            return -math.inf if text else 0.0  # no steps: only nothing was heard
        alpha = np.full(emit.shape[1], -math.inf)
        alpha[:2] = emit[0, :2]
        for row in emit[1:]:
            moved = alpha.copy()
            moved[1:] = np.logaddexp(moved[1:], alpha[:-1])
            moved[2:] = np.where(skips[2:], np.logaddexp(moved[2:], alpha[:-2]), moved[2:])
            alpha = moved + row
        return float(np.logaddexp(alpha[-1], alpha[-2]) if len(alpha) > 1 else alpha[-1])

    def places(self, text: str) -> list[tuple[int, int]]:
        """For each character of `text`, the steps [start, end) that spell it on the most
        probable path; every step of the line for each, where the line has fewer steps than
        `text` has characters."""
        if not text:
            return []
        emit, skips = self._lattice(text)
        states = emit.shape[1]
        if len(text) > len(emit):
            return [(0, len(emit))] * len(text)
        score = np.full(states, -math.inf)
        score[:2] = emit[0, :2]
        moves = np.zeros(emit.shape, dtype=np.int8)
        none = np.full(2, -math.inf)
        for step in range(1, len(emit)):
            options = np.stack([score, np.concatenate([none[:1], score[:-1]]),
                                np.where(skips, np.concatenate([none, score[:-2]]), -math.inf)])
            moves[step] = options.argmax(axis=0)
            score = options.max(axis=0) + emit[step]
        state = states - 1 if states == 1 or score[-1] >= score[-2] else states - 2
        spans: list[list[int]] = [[0, 0] for _ in text]
        for step in range(len(emit) - 1, -1, -1):
            if state % 2:
                span = spans[state // 2]
                span[0] = step
                span[1] = span[1] or step + 1
            state -= int(moves[step, state])
        return [(start, end) for start, end in spans]

    def heard(self, start: int, end: int, most: int, least: float) -> list[str]:
        """The characters most probable somewhere in steps [start, end), up to `most`, each
        at least `least` probable there, most probable first (the blank aside)."""
        if end <= start:
            return []
        best = self.probabilities[start:end].astype(np.float32).max(axis=0)
        best[0] = 0.0
        order = np.argsort(-best)[:most]
        return [self.characters[column] for column in order if best[column] >= least]

    def _lattice(self, text: str) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        """CTC's states for `text` (blank, char, blank, ..., blank): the log probability of
        each state at each step, and which states may be reached skipping the blank before
        them (a character after a different one)."""
        floor = math.log(FLOOR)
        columns = [self._columns.get(char, -1) for char in text]
        emit = np.empty((len(self._logs), 2 * len(text) + 1))
        emit[:, 0::2] = self._logs[:, :1]
        for k, column in enumerate(columns):
            emit[:, 2 * k + 1] = self._logs[:, column] if column >= 0 else floor
        skips = np.zeros(emit.shape[1], dtype=bool)
        skips[3::2] = [before != after for before, after in itertools.pairwise(text)]
        return emit, skips
