"""One scanned page against a department's templates: which form it is, and its fields.

`read_form` aligns the page to every template, keeps the best `match` at or above that
template's `min_match`, draws the page in the reference's frame and reads each field there.
A page that matches no template gives None, and the caller reads it as full text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from handlers.forms.align import GOOD_MATCH, Alignment, align, features, reference_for, warp
from handlers.forms.corners import align_by_marks
from handlers.forms.fields import read_field
from handlers.forms.ink import Image, ink_level, printed
from handlers.forms.model import Box, Field, FormTemplate
from handlers.ocr.engine import Engine
from handlers.ocr.result import FieldResult, FormResult, Result

REVIEW_NOTE = "（要確認）"  # shown after a value that needs review, in the page text
# The reason, in the words staff read, shown inside the note: 「（要確認：未記入）」.
REASONS = {
    "unanswered": "未記入", "unsure": "読み取り不確実", "pattern": "形式不一致",
    "date": "日付不明", "two_answers": "複数回答", "corrected": "訂正あり", "faint": "印が薄い",
}


@dataclass(frozen=True, eq=False)
class FormPage:
    """A page read as a form: the template, the alignment, the fields as in result.json."""

    template: FormTemplate
    alignment: Alignment
    result: FormResult

    @property
    def text(self) -> str:
        """The fields as lines "label：value" in template order, for the page's text."""
        return page_text(self.template, self.result.fields)

    @property
    def turn(self) -> tuple[int, float]:
        """Degrees the page was turned clockwise to lie like the reference: the quarter
        turn (0, 90, 180 or 270) and the remaining tilt (-45..45), as in `PageResult`."""
        angle = self.alignment.angle
        quarter = round(angle / 90) * 90
        return quarter % 360, angle - quarter

    @property
    def confidence(self) -> float:
        """Mean field confidence, 0..1."""
        values = [f.confidence for f in self.result.fields.values()]
        return sum(values) / len(values) if values else 0.0


def match_template(image: Image, dpi: float,
                   templates: Sequence[FormTemplate]) -> tuple[FormTemplate, Alignment] | None:
    """The template `image` (scanned at `dpi`) matches best, and where it lies on it."""
    if not templates:
        return None
    page = features(image, dpi)
    best: tuple[FormTemplate, Alignment] | None = None
    for template in templates:
        reference = reference_for(template)
        found = align(page, reference)
        if found is None or found.match < GOOD_MATCH:  # the marks, and the better of the two
            by_marks = align_by_marks(page, reference, template.corner_marks)
            if by_marks is not None and (found is None or by_marks.match > found.match):
                found = by_marks
        if found is None or found.match < template.min_match:
            continue
        if best is None or found.match > best[1].match:
            best = (template, found)
    return best


def read_form(image: Image, dpi: float, templates: Sequence[FormTemplate],
              engine: Engine) -> FormPage | None:
    """Read `image` (uint8 grayscale at `dpi`) as the best-matching template; None if none."""
    matched = match_template(image, dpi, templates)
    if matched is None:
        return None
    template, alignment = matched
    aligned = warp(image, alignment, template.size)
    level = ink_level(aligned)
    ink = printed(template)
    fields: dict[str, FieldResult] = {}
    for field in template.fields:
        fields[field.name] = read_field(field, aligned, ink, level, template.dpi, engine)
        described(fields[field.name], field, alignment, image.shape)
        if field.split:
            fields.update(split_names(field.split, fields[field.name]))
    result = FormResult(name=template.name, match=min(1.0, alignment.match), fields=fields,
                        title=template.title, export=list(template.export))
    return FormPage(template, alignment, result)


def described(result: FieldResult, field: Field, alignment: Alignment,
              shape: tuple[int, ...]) -> None:
    """Add what a person reviewing `result` needs: the field's title, kind, options, rules,
    and its box on the page image as read (`page_box`)."""
    result.title = field.label or field.name
    result.kind = field.kind
    result.options = list(field.options)
    result.pattern = field.pattern.pattern if field.pattern is not None else None
    result.required = field.required
    result.box = page_box(field.box, alignment, (shape[1], shape[0]))


def page_box(box: Box, alignment: Alignment, size: tuple[int, int]) -> Box | None:
    """A reference-frame `box` on the page image: the bounding box of its corners taken
    back through the alignment, clipped to the page (`size`: width, height); None when
    the map cannot be inverted or the box falls off the page."""
    try:
        inverse = np.linalg.inv(alignment.homography)
    except np.linalg.LinAlgError:
        return None
    x0, y0, x1, y1 = box
    corners = np.array([[x0, y0, 1], [x1, y0, 1], [x1, y1, 1], [x0, y1, 1]], dtype=np.float64)
    mapped = corners @ inverse.T
    if np.any(np.abs(mapped[:, 2]) < 1e-9):
        return None
    points = mapped[:, :2] / mapped[:, 2:3]
    width, height = size
    left = max(0, int(np.floor(points[:, 0].min())))
    top = max(0, int(np.floor(points[:, 1].min())))
    right = min(width, int(np.ceil(points[:, 0].max())))
    bottom = min(height, int(np.ceil(points[:, 1].max())))
    if right <= left or bottom <= top:
        return None
    return left, top, right, bottom


def split_names(names: tuple[str, ...], whole: FieldResult) -> dict[str, FieldResult]:
    """A name's parts as fields `names` (姓, 名): the value cut at its first space. Without
    a space the whole name goes to the first part, and both need review."""
    value = str(whole.value or "")
    family, _, given = value.partition(" ")
    apart = bool(given) or not value
    reason = whole.reason if whole.needs_review else (None if apart else "unsure")
    parts = (family, given)
    return {name: whole.model_copy(update={
                "value": part.strip(), "needs_review": reason is not None, "reason": reason,
                "reasons": whole.reasons if whole.needs_review else (
                    [] if reason is None else ["name_not_split"]),
                "title": f"{whole.title}（{label}）" if whole.title else name,
            })
            for name, part, label in zip(names, parts, ("姓", "名"), strict=True)}


def display(value: object) -> str:
    """A field value as staff read it: ✓ for a ticked box, nothing for an empty one."""
    if value is True:
        return "✓"
    if value is None or value is False:
        return ""
    return str(value)


def review_note(field: FieldResult) -> str:
    """「（要確認）」 after a value that needs review, with its reason when known."""
    if not field.needs_review:
        return ""
    reason = REASONS.get(field.reason or "")
    return f"（要確認：{reason}）" if reason else REVIEW_NOTE


def page_text(template: FormTemplate, fields: dict[str, FieldResult]) -> str:
    """Lines "label：value" in template order; fields that need review are marked."""
    lines = [template.title or template.name]
    for field in template.fields:
        result = fields.get(field.name)
        if result is None:
            continue
        note = review_note(result)
        lines.append(f"{field.label or field.name}：{display(result.value)}{note}")
    return "\n".join(lines)


def listing(result: Result) -> str:
    """A result as `yomitori ocr` prints it: each page's text; for a form page, a heading
    with the form's name and match, then one line per field, flagged ones marked."""
    parts = []
    for page in result.pages:
        if page.form is None:
            parts.append(page.text)
            continue
        lines = [f"[page {page.index}: form {page.form.name}, match {page.form.match:.2f}]"]
        for name, field in page.form.fields.items():
            value = field.normalized or display(field.value)
            lines.append(f"{name}\t{value}{review_note(field)}")
        parts.append("\n".join(lines))
    return "\n\f\n".join(parts)
