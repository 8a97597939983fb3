"""Alignment of scanned pages to the reference: skew, shift, scale, other resolutions."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from form_pages import filled, moved, template

from benchmarks.forms_align import corner_error, turn
from handlers.forms.align import align, features, reference_for, warp
from handlers.forms.page import match_template, read_form
from handlers.ocr.engine import create_engine


def test_a_page_turned_3_degrees_and_shifted_40_pixels_is_aligned() -> None:
    form = template()
    width, height = form.size
    page = moved(filled(), 3.0, (40.0, 40.0))
    found = match_template(page, 300.0, [form])
    assert found is not None
    matched, alignment = found
    assert matched is form
    assert alignment.match >= 0.95
    matrix = turn((width, height), 3.0, (40.0, 40.0))
    assert corner_error(alignment.homography, matrix, form.size) < 3.0
    # Drawn back in the reference's frame, the printing lies where the reference has it.
    aligned = warp(page, alignment, form.size)
    printed = form.reference < 128
    assert (aligned[printed] < 160).mean() > 0.9


def test_scale_resolution_and_upside_down_pages_are_aligned() -> None:
    form = template()
    reference = reference_for(form)
    small = np.asarray(cv2.resize(moved(filled(), -2.0, (-30.0, 25.0), 1.03), None,
                                  fx=2 / 3, fy=2 / 3, interpolation=cv2.INTER_AREA),
                       dtype=np.uint8)
    alignment = align(features(small, 200.0), reference)  # a 200 dpi scan
    assert alignment is not None and alignment.match >= 0.9
    upside_down = np.ascontiguousarray(filled()[::-1, ::-1])
    turned = align(features(upside_down, 300.0), reference)
    assert turned is not None and turned.match >= 0.9
    assert abs(abs(turned.angle) - 180.0) < 0.5


def test_the_turn_is_reported_like_preprocessing_does() -> None:
    form = read_form(moved(filled(), 3.0, (40.0, 40.0)), 300.0, [template()], create_engine())
    assert form is not None
    rotation, skew = form.turn
    assert rotation == 0
    assert skew == pytest.approx(3.0, abs=0.2)  # tilted counter-clockwise, turned back
    # For the review station: the form's title, and each field's box on the page as scanned:
    # the bounding box of the reference box's corners taken through the scanner's own map.
    assert form.result.title == "乳幼児健康診査 問診票（1歳6か月児）"
    matrix = turn(form.template.size, 3.0, (40.0, 40.0))
    for field in form.template.fields:
        placed = form.result.fields[field.name].box
        assert placed is not None, field.name
        x0, y0, x1, y1 = field.box
        corners = matrix @ np.array([[x0, x1, x1, x0], [y0, y0, y1, y1], [1, 1, 1, 1]], float)
        expected = (corners[0].min(), corners[1].min(), corners[0].max(), corners[1].max())
        assert max(abs(a - b) for a, b in zip(placed, expected, strict=True)) < 4, field.name
    assert form.result.fields["child_name"].title == "お子さんの氏名"


@pytest.mark.parametrize("kind", ["blank", "text"])
def test_a_page_that_is_not_the_form_matches_nothing(kind: str) -> None:
    page = np.full((3508, 2480), 255, np.uint8)
    if kind == "text":
        for row in range(12):
            cv2.putText(page, f"Notice line {row}: the ward office is open 8:30-17:00",
                        (150, 300 + 200 * row), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 0, 4)
    assert match_template(page, 300.0, [template()]) is None


def test_fits_no_scanner_makes_are_refused() -> None:
    from handlers.forms.align import plausible

    turn = np.radians(3.0)
    scan = np.array([[np.cos(turn), -np.sin(turn), 12.0], [np.sin(turn), np.cos(turn), -30.0],
                     [0.0, 0.0, 1.0]]) * [[1.02], [1.02], [1.0]]
    assert plausible(scan)
    # A fit once found on a real-looking page: matches gathered in one part of it let a
    # homography lean 6 degrees and change scale by 10 % from top to bottom.
    leaning = np.array([[0.9832, -0.0759, -3.65], [-0.0321, 0.9878, 7.79], [0.0, -5.9e-5, 1.0]])
    assert not plausible(leaning)
    assert not plausible(scan * [[1.0], [-1.0], [1.0]])  # mirrored
