"""Marks in option boxes and check boxes: which is marked, and how sure that is.

A mark is measured as the written ink in its box (see `ink.written`), in pixels at 300 dpi,
so a tick, a cross, a filled square and a circle round the label all count, whatever pen.
A box with at least `MARKED` pixels of ink is marked; one with less than `EMPTY` is not;
one in between (a faint or tiny stroke, a neighbour's circle straying in, an erased mark)
is doubtful, and a doubtful box always sends its field to review.

- choice: exactly one marked option and no doubtful one gives that option. Several marked
  options, or none, give None (needs review); a doubtful option alone is taken as the
  answer but flagged.
- checkbox: marked is True, empty is False, doubtful is decided by the middle of the band
  and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

# Pixels of ink at 300 dpi. Measured on the forms benchmark: the faintest tick of a thin
# pen leaves about 220, an empty box after the printing is taken out leaves 0 to 20.
MARKED = 150.0
EMPTY = 40.0


@dataclass(frozen=True)
class MarkReading:
    """A choice's option (or None) or a check box's state, confidence 0..1, and review."""

    value: str | bool | None
    confidence: float
    needs_review: bool


def ink_at_300dpi(pixels: int, dpi: float) -> float:
    """A pixel count at `dpi` as the count it would be at 300 dpi."""
    return pixels * (300.0 / dpi) ** 2


def _certainty(amount: float) -> float:
    """How clearly `amount` lies outside the doubtful band: 0 at its edges, 1 far away."""
    if amount >= MARKED:
        return min(1.0, 0.5 + 0.5 * (amount - MARKED) / MARKED)
    if amount < EMPTY:
        return min(1.0, 0.5 + 0.5 * (EMPTY - amount) / EMPTY)
    return 0.0


def read_choice(amounts: dict[str, float]) -> MarkReading:
    """The chosen option from each option's ink (pixels at 300 dpi), in template order."""
    marked = [label for label, amount in amounts.items() if amount >= MARKED]
    doubtful = [label for label, amount in amounts.items() if EMPTY <= amount < MARKED]
    ranked = sorted(amounts.values(), reverse=True)
    if len(marked) == 1 and not doubtful:
        others = ranked[1] if len(ranked) > 1 else 0.0
        confidence = min(_certainty(ranked[0]), _certainty(others))
        return MarkReading(marked[0], round(confidence, 3), False)
    if len(marked) == 1 or (not marked and len(doubtful) == 1):
        best = max(amounts, key=lambda label: amounts[label])
        return MarkReading(best, 0.3, True)
    if not marked and not doubtful:
        return MarkReading(None, round(min(_certainty(a) for a in amounts.values()), 3), True)
    return MarkReading(None, 0.0, True)  # several marks, or several faint strokes


def read_checkbox(amount: float) -> MarkReading:
    """A check box's state from its ink (pixels at 300 dpi)."""
    if amount >= MARKED:
        return MarkReading(True, round(_certainty(amount), 3), False)
    if amount < EMPTY:
        return MarkReading(False, round(_certainty(amount), 3), False)
    return MarkReading(amount >= (MARKED + EMPTY) / 2, 0.3, True)
