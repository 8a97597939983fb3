"""Form templates: the TOML file of CONTRACTS.md, loaded and checked.

A template names a blank reference image and the fields on it, each a box in pixels of that
image. `load_template` returns a `FormTemplate` or raises ConfigError with one line per
problem, each naming the file and the key (`form.dpi`, `fields.child_name.box`), so the
person who wrote the template can fix it without reading code.

Keys beyond the contract, all optional:

- `[form] corner_marks` (three or four boxes, each around a solid square printed near a
  corner of the form): pages that the printing does not align well are aligned through
  these marks (`corners`);
- `[form] min_match` (0..1, default 0.6): pages whose alignment `match` is lower are not
  this form; `[form] page_text` ("fields", the default, or "full"): the page text of a
  matched page is made from its fields, or read from the whole page (slower).
- field `label` (shown in previews and the page text), `lines` (text lines in a `text`
  box, default 1), `required` (an empty box is flagged), `languages` (Tesseract's, for
  `text` fields; default "jpn").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from daemon.errors import ConfigError

KINDS = ("text", "digits", "date", "choice", "checkbox")
PAGE_TEXT = ("fields", "full")
DEFAULT_MIN_MATCH = 0.6
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_FORM_KEYS = {"name", "title", "reference", "dpi", "min_match", "page_text", "corner_marks"}
_FIELD_KEYS = {"name", "kind", "box", "pii", "pattern", "options", "label", "lines",
               "required", "languages"}

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

    @property
    def size(self) -> tuple[int, int]:
        """Width and height of the reference image in pixels."""
        return self.reference.shape[1], self.reference.shape[0]


def load_template(path: Path) -> FormTemplate:
    """Read and check the template at `path`; raise ConfigError listing every problem."""
    problems: list[str] = []
    template = _parse(path, problems)
    if problems or template is None:
        raise ConfigError(problems or [f"{path}: cannot load the template"])
    return template


def template_problems(path: Path) -> list[str]:
    """What is wrong with the template at `path`, one line per problem; [] when usable."""
    problems: list[str] = []
    _parse(path, problems)
    return problems


def _parse(path: Path, problems: list[str]) -> FormTemplate | None:
    """The template at `path`, or None; every problem found is appended to `problems`."""

    def bad(key: str, message: str) -> None:
        problems.append(f"{path}: {key}: {message}")

    try:
        with path.open("rb") as fh:
            document = tomllib.load(fh)
    except FileNotFoundError:
        problems.append(f"{path}: template file not found")
        return None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        problems.append(f"{path}: cannot read the template as TOML ({exc})")
        return None
    form = document.get("form")
    if not isinstance(form, dict):
        problems.append(f"{path}: form: missing [form] table (name, title, reference, dpi)")
        return None
    for key in sorted(set(form) - _FORM_KEYS):
        bad(f"form.{key}", f"unknown key; known keys: {', '.join(sorted(_FORM_KEYS))}")
    name = form.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", name):
        bad("form.name", "needs a name of letters, digits, '-', '_' or '.' (e.g. checkup-18m)")
    title = form.get("title", "")
    if not isinstance(title, str):
        bad("form.title", "must be a string")
    dpi = form.get("dpi")
    if isinstance(dpi, bool) or not isinstance(dpi, int | float) or not 100 <= dpi <= 1200:
        bad("form.dpi", "needs the reference image's resolution, 100 to 1200 dots per inch")
    min_match = form.get("min_match", DEFAULT_MIN_MATCH)
    if isinstance(min_match, bool) or not isinstance(min_match, int | float) or not (
        0.0 < min_match <= 1.0
    ):
        bad("form.min_match", "must be a number above 0 and at most 1")
    page_text = form.get("page_text", "fields")
    if page_text not in PAGE_TEXT:
        bad("form.page_text", f"must be one of {', '.join(PAGE_TEXT)}")
    reference = _reference(path, form.get("reference"), bad)
    size = None if reference is None else (reference.shape[1], reference.shape[0])
    fields = _fields(document.get("fields"), size, bad)
    marks = _corner_marks(form.get("corner_marks"), reference, bad)
    if problems or reference is None or not isinstance(name, str):
        return None
    return FormTemplate(
        name=name, title=str(title), path=path, reference=reference, dpi=float(dpi or 0),
        fields=tuple(fields), min_match=float(min_match), page_text=str(page_text),
        corner_marks=marks,
    )


def _corner_marks(value: Any, reference: npt.NDArray[np.uint8] | None,
                  bad: Any) -> tuple[Box, ...]:
    """`form.corner_marks`: three or four boxes, each around a solid square of the
    reference; () when the key is absent."""
    from handlers.forms.corners import mark_problem

    if value is None:
        return ()
    if not isinstance(value, list) or len(value) not in (3, 4):
        bad("form.corner_marks", "needs three or four boxes [x0, y0, x1, y1], one per mark")
        return ()
    size = None if reference is None else (reference.shape[1], reference.shape[0])
    boxes: list[Box] = []
    for index, raw in enumerate(value):
        key = f"form.corner_marks[{index}]"
        box = _box(raw, size, "box", lambda message, k=key: bad(k, message))
        if box is None:
            continue
        why = None if reference is None else mark_problem(reference, box)
        if why is not None:
            bad(key, f"box {list(box)} {why}")
            continue
        boxes.append(box)
    return tuple(boxes)


def _reference(path: Path, value: Any, bad: Any) -> npt.NDArray[np.uint8] | None:
    """The reference image named by `form.reference`, relative to the template's folder."""
    if not isinstance(value, str) or not value:
        bad("form.reference", "needs the blank form's image file, relative to this template")
        return None
    image_path = path.parent / value
    if not image_path.is_file():
        bad("form.reference", f"{image_path} does not exist")
        return None
    image = cv2.imread(str(image_path), cv2.IMREAD_GRAYSCALE)
    if image is None or image.size == 0:
        bad("form.reference", f"{image_path} is not an image OpenCV can read (PNG or TIFF)")
        return None
    return np.asarray(image, dtype=np.uint8)


def _fields(value: Any, size: tuple[int, int] | None, bad: Any) -> list[Field]:
    """The `[[fields]]` array, checked field by field; problems go to `bad`."""
    if not isinstance(value, list) or not value:
        bad("fields", "the template has no [[fields]]")
        return []
    fields: list[Field] = []
    seen: set[str] = set()
    for index, raw in enumerate(value):
        name = raw.get("name") if isinstance(raw, dict) else None
        key = f"fields.{name}" if isinstance(name, str) and name else f"fields[{index}]"
        if not isinstance(raw, dict):
            bad(key, "must be a table")
            continue
        if not isinstance(name, str) or not NAME.match(name):
            bad(key, "needs a name of ASCII letters, digits and '_' (e.g. child_name)")
            continue
        if name in seen:
            bad(key, "the name is used by an earlier field")
            continue
        seen.add(name)
        parsed = _field(name, raw, size, lambda message, k=key: bad(k, message))
        if parsed is not None:
            fields.append(parsed)
    return fields


def _field(name: str, raw: dict[str, Any], size: tuple[int, int] | None,
           bad: Any) -> Field | None:
    """One field, or None when it has problems (each reported through `bad`)."""
    count = 0

    def problem(message: str) -> None:
        nonlocal count
        count += 1
        bad(message)

    for key in sorted(set(raw) - _FIELD_KEYS):
        problem(f"unknown key {key!r}; known keys: {', '.join(sorted(_FIELD_KEYS))}")
    kind = raw.get("kind")
    if kind not in KINDS:
        problem(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    box = _box(raw.get("box"), size, "box", problem)
    options: dict[str, Box] = {}
    raw_options = raw.get("options")
    if kind == "choice":
        if not isinstance(raw_options, dict) or len(raw_options) < 2:
            problem("a choice needs options = { \"label\" = [x0, y0, x1, y1], ... }, two or more")
        else:
            for label, option in raw_options.items():
                parsed = _box(option, size, f"option {label!r}", problem)
                if parsed is not None:
                    options[label] = parsed
            for (a, box_a), (b, box_b) in _pairs(options):
                if _overlap(box_a, box_b):
                    problem(f"option boxes {a!r} and {b!r} overlap; a mark would count for both")
    elif raw_options is not None:
        problem(f"options are only for choice fields, not {kind}")
    pattern = None
    raw_pattern = raw.get("pattern", "")
    if not isinstance(raw_pattern, str):
        problem("pattern must be a string (a regular expression)")
    elif raw_pattern:
        try:
            pattern = re.compile(raw_pattern)
        except re.error as exc:
            problem(f"pattern is not a valid regular expression ({exc})")
    pii, label, languages = raw.get("pii", ""), raw.get("label", ""), raw.get("languages", "jpn")
    for key, text in (("pii", pii), ("label", label), ("languages", languages)):
        if not isinstance(text, str):
            problem(f"{key} must be a string")
    if isinstance(pii, str) and pii and not re.fullmatch(r"[a-z][a-z0-9_]{0,31}", pii):
        problem("pii must be a short lower-case category such as name, address or health")
    lines = raw.get("lines", 1)
    if isinstance(lines, bool) or not isinstance(lines, int) or not 1 <= lines <= 50:
        problem("lines must be a whole number from 1 to 50")
    required = raw.get("required", False)
    if not isinstance(required, bool):
        problem("required must be true or false")
    if count or box is None:
        return None
    return Field(name=name, kind=str(kind), box=box, pii=str(pii), pattern=pattern,
                 options=options, label=str(label), lines=int(lines),
                 required=bool(required), languages=str(languages))


def _box(value: Any, size: tuple[int, int] | None, what: str, problem: Any) -> Box | None:
    """`value` as a Box inside an image of `size` (width, height), or None after a problem."""
    if (not isinstance(value, list) or len(value) != 4
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        problem(f"{what} must be [x0, y0, x1, y1], four whole numbers of pixels")
        return None
    x0, y0, x1, y1 = value
    if x0 >= x1 or y0 >= y1:
        problem(f"{what} {value} is empty: x0 must be left of x1 and y0 above y1")
        return None
    if size is not None and (x0 < 0 or y0 < 0 or x1 > size[0] or y1 > size[1]):
        problem(f"{what} {value} lies outside the reference image ({size[0]} x {size[1]} pixels)")
        return None
    return (x0, y0, x1, y1)


def _pairs(options: dict[str, Box]) -> list[tuple[tuple[str, Box], tuple[str, Box]]]:
    items = list(options.items())
    return [(items[i], items[j]) for i in range(len(items)) for j in range(i + 1, len(items))]


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def load_templates(folder: Path, names: list[str]) -> tuple[FormTemplate, ...]:
    """The templates `folder/<name>.toml` for `names` (a department's `forms`), in order;
    raise ConfigError listing the problems of every one that cannot be used."""
    problems: list[str] = []
    templates = []
    for name in names:
        path = folder / f"{name}.toml"
        found: list[str] = []
        template = _parse(path, found)
        problems += found
        if template is not None:
            templates.append(template)
    if problems:
        raise ConfigError(problems)
    return tuple(templates)
