"""A form template as plain data: the form, its reference image and its fields.

`template.load_template` makes these from a template file (checked by `schema`); the rest of
the forms library (alignment, corner marks, ink, fields, pages) only reads them. This module
imports nothing of the library, so every other module can import it without a circle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

Kind = Literal["text", "digits", "date", "choice", "checkbox"]
"""What a field holds; `fields.read_field` reads each kind its own way."""
KINDS: tuple[str, ...] = get_args(Kind)

PageText = Literal["fields", "full"]
"""How a matched page's text is made: from its fields, or read from the whole page."""
PAGE_TEXT: tuple[str, ...] = get_args(PageText)

DEFAULT_MIN_MATCH = 0.6
"""Pages whose alignment `match` (0..1) is lower are not the form."""

Box = tuple[int, int, int, int]
"""x0, y0, x1, y1 in pixels of the reference image; x1 and y1 exclusive."""


@dataclass(frozen=True)
class Field:
    """One field of a form: where it is, what kind of value it holds, how to check it."""

    name: str
    kind: str
    box: Box
    pii: str = ""
    pattern: re.Pattern[str] | None = None
    options: dict[str, Box] = field(default_factory=dict)
    label: str = ""
    lines: int = 1
    required: bool = False
    languages: str = "jpn"
    split: tuple[str, ...] = ()
    """A name field's two parts (姓, 名) as fields of their own, named so: the value split
    at its space (`page.split_names`)."""


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, and no array comparison
class FormTemplate:
    """A loaded template; `reference` is the blank form, uint8 grayscale (0 is black)."""

    name: str
    title: str
    path: Path
    reference: npt.NDArray[np.uint8]
    dpi: float
    fields: tuple[Field, ...]
    min_match: float = DEFAULT_MIN_MATCH
    page_text: str = "fields"
    corner_marks: tuple[Box, ...] = ()
    export: tuple[str, ...] = ()
    """The export profile: the fields (by name) the review station's CSV holds, in order;
    empty: every field, in template order."""

    @property
    def size(self) -> tuple[int, int]:
        """Width and height of the reference image in pixels."""
        return self.reference.shape[1], self.reference.shape[0]
