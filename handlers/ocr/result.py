"""`result.json`, the document inside every bundle and printed by `yomitori ocr --json`.

The shape is a contract that departments' tools read: fields may be added, never renamed
or removed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class FieldResult(BaseModel):
    """One form field as read; `normalized` only for dates."""

    value: Any
    confidence: float = Field(ge=0.0, le=1.0)
    needs_review: bool
    normalized: str | None = None
    reason: str | None = None
    """Why the field needs review (None when it does not): "unanswered", "unsure",
    "pattern", "date", "two_answers", "corrected" or "faint" (docs/forms.md)."""


class FormResult(BaseModel):
    name: str
    match: float = Field(ge=0.0, le=1.0)
    fields: dict[str, FieldResult]


class WordResult(BaseModel):
    """One recognised word; `box` is (x0, y0, x1, y1) in pixels of the page as read, i.e.
    after it was turned upright, straightened and brought to 300 dpi."""

    text: str
    confidence: float = Field(ge=0.0, le=1.0)
    box: tuple[int, int, int, int]


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
