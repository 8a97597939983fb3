"""The template file's TOML, checked by pydantic models; each problem named by its key.

A template file holds a `[form]` table (`FormTable`) and an array of `[[fields]]` tables
(`FieldTable`); other top-level tables are left alone. Each key is one attribute of those
models: its type, default and range, and as its description the words a problem with it is
reported in. Unknown keys are refused, and no type is converted (`dpi = "300"` is a
problem, not 300). What the type and range cannot say is checked by the validators below,
which word their own problems. Boxes are checked against the reference image too (inside
it; corner marks around a solid square), when `check` is given one.

`check` returns one line per problem, `"<key>: <message>"`, the key being `form.dpi`,
`form.corner_marks[2]`, `fields.<name>` or `fields[<index>]` (a field without a usable
name), so the person who wrote the template can fix it without reading code.

A new key is one more attribute of `FormTable` or `FieldTable` (with a description that says
what it needs), a validator if its type and range do not say all, and a line in
`template` that carries it into `model`; a new field kind is a word in `model.Kind`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Annotated, Any

import numpy as np
import numpy.typing as npt
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PlainValidator,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from handlers.forms.corners import mark_problem
from handlers.forms.model import DEFAULT_MIN_MATCH, KINDS, PAGE_TEXT, Box, Kind, PageText

Image = npt.NDArray[np.uint8]
FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
FORM_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
PII = re.compile(r"[a-z][a-z0-9_]{0,31}")
NOT_A_TABLE = "must be a table"
_OURS = "template"  # the error type of the problems our validators word themselves


@dataclass
class Checking:
    """What checking a document needs beyond its TOML: the reference image (uint8
    grayscale; None when it cannot be read, and boxes are then not checked against it), and
    the names of the fields checked so far."""

    reference: Image | None
    names: set[str] = field(default_factory=set)


def check(document: dict[str, Any], reference: Image | None) -> tuple[Document | None, list[str]]:
    """The parsed TOML `document` as a Document, or None and its problems, one line each
    (`"<key>: <message>"`); boxes are checked against `reference` unless it is None."""
    try:
        return Document.model_validate(document, context=Checking(reference)), []
    except ValidationError as exc:
        return None, [f"{_key(error['loc'], document)}: {_message(error)}"
                      for error in exc.errors()]


def _problem(message: str) -> PydanticCustomError:
    return PydanticCustomError(_OURS, "{message}", {"message": message})


def _checking(info: ValidationInfo) -> Checking:
    return info.context if isinstance(info.context, Checking) else Checking(None)


def _size(reference: Image | None) -> tuple[int, int] | None:
    return None if reference is None else (reference.shape[1], reference.shape[0])


def _read_box(value: object, size: tuple[int, int] | None, what: str) -> Box:
    """`value` as a Box inside an image of `size` (width, height; None: of any size); raise
    the problem, worded about `what` (`box`, `option 'はい'`), when it is none."""
    if (not isinstance(value, list) or len(value) != 4
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        raise _problem(f"{what} must be [x0, y0, x1, y1], four whole numbers of pixels")
    x0, y0, x1, y1 = value
    if x0 >= x1 or y0 >= y1:
        raise _problem(f"{what} {value} is empty: x0 must be left of x1 and y0 above y1")
    if size is not None and (x0 < 0 or y0 < 0 or x1 > size[0] or y1 > size[1]):
        raise _problem(f"{what} {value} lies outside the reference image "
                       f"({size[0]} x {size[1]} pixels)")
    return (x0, y0, x1, y1)


def _box(value: object, info: ValidationInfo) -> Box:
    """A field's `box`."""
    return _read_box(value, _size(_checking(info).reference), "box")


def _mark(value: object, info: ValidationInfo) -> Box:
    """One box of `corner_marks`: it must hold a solid square of the reference."""
    box = _box(value, info)
    reference = _checking(info).reference
    why = None if reference is None else mark_problem(reference, box)
    if why is not None:
        raise _problem(f"box {list(box)} {why}")
    return box


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class FormTable(_Table):
    """`[form]`: the form's name and title, its blank reference image and how pages are
    matched to it."""

    name: str = Field(pattern=FORM_NAME.pattern, description=(
        "needs a name of letters, digits, '-', '_' or '.' (e.g. checkup-18m)"))
    title: str = Field("", description="must be a string")
    reference: str = Field(min_length=1, description=(
        "needs the blank form's image file, relative to this template"))
    dpi: float = Field(ge=100, le=1200, description=(
        "needs the reference image's resolution, 100 to 1200 dots per inch"))
    min_match: float = Field(DEFAULT_MIN_MATCH, gt=0, le=1, description=(
        "must be a number above 0 and at most 1"))
    page_text: PageText = Field("fields", description=f"must be one of {', '.join(PAGE_TEXT)}")
    corner_marks: list[Annotated[Box, PlainValidator(_mark)]] | None = Field(None, description=(
        "needs three or four boxes [x0, y0, x1, y1], one per mark"))

    @field_validator("corner_marks", mode="before")
    @classmethod
    def _three_or_four(cls, value: object) -> object:
        """A list of the wrong length is one problem, whatever its boxes are."""
        if value is not None and not (isinstance(value, list) and len(value) in (3, 4)):
            raise _problem(cls.model_fields["corner_marks"].description or "")
        return value


class FieldTable(_Table):
    """One `[[fields]]` table: a field's name (its CSV column), kind and box."""

    name: str = Field(pattern=FIELD_NAME.pattern, description=(
        "needs a name of ASCII letters, digits and '_' (e.g. child_name)"))
    # {value} is the kind given (None when there is none)
    kind: Kind = Field(description=f"unknown kind {{value}}; use one of {', '.join(KINDS)}")
    box: Annotated[Box, PlainValidator(_box)] = Field(description=(
        "box must be [x0, y0, x1, y1], four whole numbers of pixels"))
    options: dict[str, Box] | None = Field(None, validate_default=True, description=(
        'a choice needs options = { "label" = [x0, y0, x1, y1], ... }, two or more'))
    pattern: str = Field("", description="pattern must be a string (a regular expression)")
    pii: str = Field("", description="pii must be a string")
    label: str = Field("", description="label must be a string")
    lines: int = Field(1, ge=1, le=50, description="lines must be a whole number from 1 to 50")
    required: bool = Field(False, description="required must be true or false")
    languages: str = Field("jpn", description="languages must be a string")
    split: list[str] | None = Field(None, description=(
        'split must be two field names, [family, given] (e.g. ["child_family", '
        '"child_given"]), for a text field'))

    @model_validator(mode="wrap")
    @classmethod
    def _first_of_its_name(cls, data: Any, handler: ModelWrapValidatorHandler[FieldTable],
                           info: ValidationInfo) -> FieldTable:
        """A field named like an earlier one is reported for that alone: its other problems
        would carry the earlier field's key."""
        name = data.get("name") if isinstance(data, dict) else None
        if isinstance(name, str) and FIELD_NAME.fullmatch(name):
            names = _checking(info).names
            if name in names:
                raise _problem("the name is used by an earlier field")
            names.add(name)
        return handler(data)

    @field_validator("options", mode="plain")
    @classmethod
    def _options(cls, value: object, info: ValidationInfo) -> dict[str, Box] | None:
        """A choice's option boxes: two or more, none overlapping another."""
        kind = info.data.get("kind")
        if kind is None:  # an unknown kind, reported: whether options belong is not known
            return None
        if kind != "choice":
            if value is None:
                return None
            raise _problem(f"options are only for choice fields, not {kind}")
        if not isinstance(value, dict) or len(value) < 2:
            raise _problem(cls.model_fields["options"].description or "")
        return _option_boxes(value, _size(_checking(info).reference))

    @field_validator("split")
    @classmethod
    def _two_names(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        """Two new field names for a text field's parts; they may name no other field."""
        if value is None:
            return None
        if (info.data.get("kind") != "text" or len(value) != 2 or len(set(value)) != 2
                or not all(FIELD_NAME.fullmatch(name) for name in value)):
            raise _problem(cls.model_fields["split"].description or "")
        names = _checking(info).names
        taken = [name for name in value if name in names]
        if taken:
            raise _problem(f"split names {', '.join(taken)} are used by other fields")
        names.update(value)
        return value

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise _problem(f"pattern is not a valid regular expression ({exc})") from exc
        return value

    @field_validator("pii")
    @classmethod
    def _category(cls, value: str) -> str:
        if value and not PII.fullmatch(value):
            raise _problem("pii must be a short lower-case category such as name, address or "
                           "health")
        return value


class ExportTable(_Table):
    """`[export]`: the export profile, the columns of the review station's CSV."""

    columns: list[str] = Field(min_length=1, description=(
        "columns must be a list of the template's field names, in the order the "
        "department's system expects"))


class Document(BaseModel):
    """A template file."""

    # Top-level tables other than these are left alone, as they always were.
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)

    form: FormTable = Field(description="missing [form] table (name, title, reference, dpi)")
    fields: list[FieldTable] = Field(min_length=1, description="the template has no [[fields]]")
    export: ExportTable | None = Field(None, description=(
        "[export] must be a table with columns = [field names]"))

    @field_validator("export")
    @classmethod
    def _known_columns(cls, value: ExportTable | None,
                       info: ValidationInfo) -> ExportTable | None:
        """Every export column names a field of this template, once."""
        if value is None or "fields" not in info.data:
            return value
        names = [table.name for table in info.data["fields"]]
        unknown = [c for c in value.columns if c not in names]
        if unknown:
            raise _problem(f"columns names no field of this template: {', '.join(unknown)}")
        if len(set(value.columns)) != len(value.columns):
            raise _problem("columns names a field twice")
        return value


def _option_boxes(options: dict[str, object], size: tuple[int, int] | None) -> dict[str, Box]:
    """`options` (label: box) as boxes; raise every problem of them at once."""
    boxes: dict[str, Box] = {}
    found: list[InitErrorDetails] = []
    for label, value in options.items():
        try:
            boxes[label] = _read_box(value, size, f"option {label!r}")
        except PydanticCustomError as problem:
            found.append({"type": problem, "loc": (label,), "input": value})
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        if _overlap(box_a, box_b):
            found.append({"type": _problem(f"option boxes {a!r} and {b!r} overlap; a mark "
                                           "would count for both"), "loc": (), "input": options})
    if found:
        raise ValidationError.from_exception_data("options", found)
    return boxes


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _key(loc: tuple[int | str, ...], document: dict[str, Any]) -> str:
    """The key a problem at pydantic's `loc` is reported under."""
    if loc[0] == "fields" and len(loc) > 1:
        table = document["fields"][loc[1]]
        name = table.get("name") if isinstance(table, dict) else None
        return f"fields.{name}" if isinstance(name, str) and name else f"fields[{loc[1]}]"
    if loc[:2] == ("form", "corner_marks") and len(loc) > 2:
        return f"form.corner_marks[{loc[2]}]"
    return ".".join(str(part) for part in loc[:2])


def _message(error: ErrorDetails) -> str:
    """What is wrong, in the words of the validator or of the key's description."""
    loc, kind = error["loc"], error["type"]
    if kind == _OURS:
        return error["msg"]
    if kind == "extra_forbidden":
        if loc[0] == "form":
            return f"unknown key; known keys: {', '.join(sorted(FormTable.model_fields))}"
        if loc[0] == "export":
            return "unknown key; known keys: columns"
        return (f"unknown key {loc[-1]!r}; known keys: "
                f"{', '.join(sorted(FieldTable.model_fields))}")
    value = None if kind == "missing" else error["input"]
    return _description(loc).replace("{value}", repr(value))


def _description(loc: tuple[int | str, ...]) -> str:
    """The description of the key at `loc`: what it needs."""
    if len(loc) == 1:
        described = Document.model_fields[str(loc[0])]
    elif loc[0] == "form":
        described = FormTable.model_fields[str(loc[1])]
    elif loc[0] == "export":
        described = ExportTable.model_fields.get(str(loc[1]), Document.model_fields["export"])
    elif len(loc) == 2:
        return NOT_A_TABLE
    else:
        described = FieldTable.model_fields[str(loc[2])]
    return described.description or ""
