"""`result.json`, the document inside every bundle and printed by `yomitori ocr --json`.

The shape is a contract that departments' tools read: fields may be added, never renamed
or removed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

REASONS = (
    "low_confidence", "disagreed", "pattern", "date_invalid", "era_guessed", "unanswered",
    "nothing_read", "length", "stray", "ambiguous", "cp932", "two_answers", "corrected",
    "faint", "name_not_split", "similar_word",
)
"""Why a field needs review (`FieldResult.reasons`): the engine was unsure, the models read
it differently, its pattern failed, a date is no day or its era was guessed, a required box
is empty, ink was found but nothing read, the length read does not fit the ink, a box line
was read as a character, marks are unclear, or cp932 cannot hold a character; for marks
also two options marked, an answer struck out with nothing else marked, or a faint mark;
a name the template splits into 姓 and 名 read with no space between them; a kanji the
recognizer was sure of, where one of nearly the same shape would make a word
(`handlers.ocr.lexicon`).
`reason` sums them up in one word (docs/forms.md)."""


class FieldResult(BaseModel):
    """One form field as read; `normalized` only for dates.

    The review station's additions describe the field for a person: its `title` (the
    template's label), `kind`, `box` on the page image (pages/NNNN.png, pixels; None where
    it cannot be placed), the choice's `options`, its `pattern` and `required`, and the
    `reasons` it needs review (`REASONS`)."""

    value: Any
    confidence: float = Field(ge=0.0, le=1.0)
    needs_review: bool
    normalized: str | None = None
    reasons: list[str] = []
    title: str = ""
    kind: str = ""
    box: tuple[int, int, int, int] | None = None
    options: list[str] = []
    pattern: str | None = None
    required: bool = False
    reason: str | None = None
    """Why the field needs review (None when it does not): "unanswered", "unsure",
    "pattern", "date", "two_answers", "corrected" or "faint" (docs/forms.md)."""


class FormResult(BaseModel):
    """A page read as a form. `title` is the form's Japanese title; `export` the export
    profile's columns (field names, in order) for the review station's CSV."""

    name: str
    match: float = Field(ge=0.0, le=1.0)
    fields: dict[str, FieldResult]
    title: str = ""
    export: list[str] = []


class WordResult(BaseModel):
    """One recognised word; `box` is (x0, y0, x1, y1) in pixels of the page as read, i.e.
    after it was turned upright, straightened and brought to 300 dpi."""

    text: str
    confidence: float = Field(ge=0.0, le=1.0)
    box: tuple[int, int, int, int]


class BlockResult(BaseModel):
    """A text block of the page: `box` (x0, y0, x1, y1) in pixels of the page as read, and
    the `direction` its text runs in: "horizontal" or "vertical" (縦書き)."""

    box: tuple[int, int, int, int]
    direction: str


class PageResult(BaseModel):
    index: int
    text: str
    confidence: float = Field(ge=0.0, le=1.0)
    rotation: int = 0
    """Degrees clockwise the page was turned to read it upright: 0, 90, 180 or 270."""
    skew: float = 0.0
    """Degrees the page was deskewed by."""
    form: FormResult | None = None
    words: list[WordResult] = []
    """The page's words with their confidences, in reading order."""
    direction: str = "horizontal"
    """Which way the page's text runs: "horizontal", "vertical" (縦書き, read in columns
    right to left) or "mixed" (blocks of both, read block by block)."""
    blocks: list[BlockResult] = []
    """The text blocks found, in reading order; empty for a page read as a form."""
    colour_dropout: bool = False
    """Whether seals, stamps or coloured paper were taken out of a colour scan before it
    was read (the page image in the bundle keeps the colour)."""


class Source(BaseModel):
    sha256: str
    bytes: int
    pages: int
    media_type: str


class Engine(BaseModel):
    name: str
    languages: str


class Result(BaseModel):
    job_id: str | None
    department: str | None
    source: Source
    pages: list[PageResult]
    text: str
    timings: dict[str, float]
    """Seconds per stage: decode, preprocess, ocr."""
    engine: Engine

    def to_json(self) -> str:
        return self.model_dump_json(exclude_none=False, indent=None)
