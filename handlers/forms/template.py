"""Form templates: loaded from their TOML files and checked.

A template file names a blank reference image and the fields on it, each a box in pixels of
that image:

- `[form]`: `name`, `title`, `reference` (the image file, relative to the template), `dpi`
  (the image's resolution); optional `corner_marks` (three or four boxes, each around a
  solid square printed near a corner of the form: pages that the printing does not align
  well are aligned through these marks, see `corners`), `min_match` (0..1, default 0.6:
  pages whose alignment `match` is lower are not this form) and `page_text` ("fields", the
  default: the text of a matched page is made from its fields; or "full": read from the
  whole page, slower);
- `[[fields]]`: `name` (the CSV column), `kind`, `box`, and as needed `options` (a choice's
  boxes by label), `pattern` (a regular expression the value must match), `pii` (the
  personal-information category), `label` (shown in previews and the page text), `lines`
  (text lines in a `text` box, default 1), `required` (an empty box is flagged),
  `languages` (Tesseract's, for `text` fields; default "jpn").

`schema` checks the file key by key. `load_template` returns a `FormTemplate` or raises
ConfigError with one line per problem, each naming the file and the key (`form.dpi`,
`fields.child_name`), so the person who wrote the template can fix it without reading code.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from daemon.errors import ConfigError
from daemon.i18n import N_
from handlers.forms.model import DEFAULT_MIN_MATCH, KINDS, PAGE_TEXT, Box, Field, FormTemplate
from handlers.forms.schema import Document, FieldTable, check

__all__ = [
    "DEFAULT_MIN_MATCH",
    "KINDS",
    "PAGE_TEXT",
    "Box",
    "Field",
    "FormTemplate",
    "load_template",
    "load_templates",
    "template_problems",
]


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


def _parse(path: Path, problems: list[str]) -> FormTemplate | None:
    """The template at `path`, or None; every problem found is appended to `problems`."""
    document = _document(path, problems)
    if document is None:
        return None
    reference = _reference(path, document.get("form"), problems)
    checked, found = check(document, reference)
    problems += [f"{path}: {line}" for line in found]
    if problems or checked is None or reference is None:
        return None
    return _template(path, checked, reference)


def _document(path: Path, problems: list[str]) -> dict[str, Any] | None:
    """The TOML document at `path`, or None after a problem."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        problems.append(N_("{path}: template file not found").format(path=path))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        problems.append(N_("{path}: cannot read the template as TOML ({error})")
                        .format(path=path, error=exc))
    return None


def _reference(path: Path, form: object, problems: list[str]) -> npt.NDArray[np.uint8] | None:
    """The image named by `form.reference`, relative to the template's folder; None when it
    cannot be read (a problem) or the key names no file (`schema` reports that)."""
    name = form.get("reference") if isinstance(form, dict) else None
    if not isinstance(name, str) or not name:
        return None
    image_path = path.parent / name
    if not image_path.is_file():
        problems.append(N_("{path}: form.reference: {image} does not exist")
                        .format(path=path, image=image_path))
        return None
    image = cv2.imread(str(image_path), cv2.IMREAD_GRAYSCALE)
    if image is None or image.size == 0:
        problems.append(N_("{path}: form.reference: {image} is not an image OpenCV can read "
                           "(PNG or TIFF)").format(path=path, image=image_path))
        return None
    return np.asarray(image, dtype=np.uint8)


def _template(path: Path, document: Document, reference: npt.NDArray[np.uint8]) -> FormTemplate:
    form = document.form
    return FormTemplate(
        name=form.name, title=form.title, path=path, reference=reference, dpi=float(form.dpi),
        fields=tuple(_field(table) for table in document.fields),
        min_match=float(form.min_match), page_text=form.page_text,
        corner_marks=tuple(form.corner_marks or ()),
        export=tuple(document.export.columns) if document.export is not None else (),
    )


def _field(table: FieldTable) -> Field:
    return Field(
        name=table.name, kind=table.kind, box=table.box, pii=table.pii,
        pattern=re.compile(table.pattern) if table.pattern else None,
        options=dict(table.options or {}), label=table.label, lines=table.lines,
        required=table.required, languages=table.languages,
        split=tuple(table.split) if table.split else (),
    )
