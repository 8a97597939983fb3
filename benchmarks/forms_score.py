"""Scoring of form readings against the answers written on them (benchmarks.forms).

A text or digits field is read exactly when the value equals the answer after NFKC and
with all whitespace removed; a date field when its `normalized` ISO date is the right day
(that is what fields.csv carries). A choice or check box is right when it gives the answer
(None for an unanswered question). A field is wrong when it is not right, including every
field of a form page that matched no template; review recall is the share of wrong fields
that were flagged `needs_review`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from handlers.forms.template import FormTemplate
from handlers.ocr.result import FormResult


def squash(text: str) -> str:
    """NFKC, all whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass
class Tally:
    """Counts over many form pages of one group (printed or hand-written style)."""

    counts: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def rate(self, hit: str, total: str) -> float:
        return self.counts[hit] / self.counts[total] if self.counts[total] else float("nan")

    def add_page(self, template: FormTemplate, form: FormResult | None,
                 answers: dict[str, str | bool | None], dates: dict[str, str],
                 styles: dict[str, str] | None = None) -> None:
        """Score one page: `form` as read (None: no template matched) against `answers`;
        marks are also counted per style (`styles`: field → how it was marked)."""
        self.counts["pages"] += 1
        self.counts["unmatched"] += form is None
        for spec in template.fields:
            truth = answers.get(spec.name)
            read = form.fields.get(spec.name) if form is not None else None
            flagged = read is not None and read.needs_review
            if spec.kind in ("choice", "checkbox"):
                expected = truth if spec.kind == "choice" else bool(truth)
                right = read is not None and read.value == expected
                self.counts["marks"] += 1
                self.counts["marks_ok"] += right
                style = (styles or {}).get(spec.name, "unanswered" if not truth else "")
                if style:
                    self.counts[f"style:{style}"] += 1
                    self.counts[f"style:{style}:ok"] += right
            elif not truth:  # a box left empty on purpose
                right = read is not None and read.value == ""
                self.counts["empty"] += 1
                self.counts["empty_ok"] += right
            else:
                if spec.kind == "date":
                    right = read is not None and read.normalized == dates[spec.name]
                    self.counts["dates"] += 1
                    self.counts["dates_ok"] += right
                else:
                    right = read is not None and squash(str(read.value)) == squash(str(truth))
                self.counts["written"] += 1
                self.counts["written_ok"] += right
            self.counts["fields"] += 1
            self.counts["flagged"] += flagged
            if not right:
                self.counts["wrong"] += 1
                self.counts["wrong_flagged"] += flagged
                if not flagged:
                    got = None if read is None else (read.normalized or read.value)
                    self.misses.append(f"{spec.name}: {truth!r} read as {got!r}")

    def summary(self) -> dict[str, float]:
        """The rates the goals are stated in (0..1), and the raw counts."""
        return {
            "written_exact": self.rate("written_ok", "written"),
            "dates_normalised": self.rate("dates_ok", "dates"),
            "marks_right": self.rate("marks_ok", "marks"),
            "empty_right": self.rate("empty_ok", "empty"),
            "review_recall": self.rate("wrong_flagged", "wrong"),
            "flagged_share": self.rate("flagged", "fields"),
            **{key: float(value) for key, value in sorted(self.counts.items())},
        }
