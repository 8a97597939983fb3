"""What a form page's result carries for the review station: titles, kinds, options,
rules, and each field's box on the page image as stored in the bundle."""

from __future__ import annotations

import numpy as np
from form_pages import template

from handlers.forms.align import Alignment
from handlers.forms.page import described, page_box
from handlers.ocr.result import FieldResult


def shifted(dx: float, dy: float) -> Alignment:
    """A page that is the reference moved by (dx, dy): page → reference takes it back."""
    matrix = np.array([[1.0, 0.0, -dx], [0.0, 1.0, -dy], [0.0, 0.0, 1.0]])
    return Alignment(homography=matrix, match=0.99, inliers=100)


def test_a_box_is_placed_on_the_page_image_through_the_alignment() -> None:
    assert page_box((100, 200, 300, 260), shifted(40, -15), (2480, 3508)) == (140, 185, 340, 245)
    # Half a turn: the page is the reference upside down.
    half = np.array([[-1.0, 0.0, 2479.0], [0.0, -1.0, 3507.0], [0.0, 0.0, 1.0]])
    turned = Alignment(homography=half, match=0.99, inliers=100)
    assert page_box((100, 200, 300, 260), turned, (2480, 3508)) == (2179, 3247, 2379, 3307)
    # Off the page, or a map that cannot be undone: no box.
    assert page_box((100, 200, 300, 260), shifted(-1000, 0), (2480, 3508)) is None
    flat = Alignment(homography=np.zeros((3, 3)), match=0.99, inliers=100)
    assert page_box((100, 200, 300, 260), flat, (2480, 3508)) is None


def test_a_field_is_described_for_the_person_reviewing_it() -> None:
    form = template()
    by_name = {field.name: field for field in form.fields}
    result = FieldResult(value="はい", confidence=0.9, needs_review=False)
    described(result, by_name["q1"], shifted(10, 10), (3508, 2480))
    assert (result.title, result.kind, result.options) == (
        "ひとりで上手に歩けますか", "choice", ["はい", "いいえ"])
    x0, y0, x1, y1 = by_name["q1"].box
    assert result.box == (x0 + 10, y0 + 10, x1 + 10, y1 + 10)
    phone = FieldResult(value="03", confidence=0.9, needs_review=True)
    described(phone, by_name["phone"], shifted(0, 0), (3508, 2480))
    assert phone.pattern == by_name["phone"].pattern.pattern if by_name["phone"].pattern else None
    assert phone.title == "電話番号" and phone.options == []
    data = result.model_dump()
    assert {"reasons", "title", "kind", "box", "options", "pattern", "required"} <= set(data)
