"""Alignment through corner marks, on a sparse form that feature matching cannot place."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from form_pages import moved
from PIL import Image, ImageDraw, ImageFont

from benchmarks.forms_align import corner_error, turn
from daemon.errors import ConfigError
from handlers.forms.align import align, features, reference_for
from handlers.forms.page import match_template, read_form
from handlers.forms.template import FormTemplate, load_template, template_problems
from handlers.ocr.engine import create_engine

FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
SIZE = (1400, 1000)  # width, height at 300 dpi
MARKS = [[90, 90, 150, 150], [1250, 90, 1310, 150], [90, 850, 150, 910], [1250, 850, 1310, 910]]
BOX = (400, 420, 1000, 540)  # the only field: a code written in a ruled box


def blank() -> np.ndarray:
    page = np.full((SIZE[1], SIZE[0]), 255, np.uint8)
    for x0, y0, x1, y1 in MARKS:
        page[y0:y1, x0:x1] = 0
    cv2.rectangle(page, (BOX[0] - 8, BOX[1] - 8), (BOX[2] + 8, BOX[3] + 8), 0, 3)
    return page


def write(folder: Path, marks: object = MARKS) -> Path:
    cv2.imwrite(str(folder / "sparse.png"), blank())
    (folder / "sparse.toml").write_text(
        f'[form]\nname = "sparse"\nreference = "sparse.png"\ndpi = 300\n'
        f"corner_marks = {marks}\n\n"
        f'[[fields]]\nname = "code"\nkind = "digits"\nbox = {list(BOX)}\n', "utf-8")
    return folder / "sparse.toml"


@pytest.fixture
def sparse(tmp_path: Path) -> FormTemplate:
    return load_template(write(tmp_path))


def filled() -> np.ndarray:
    image = Image.fromarray(blank())
    ImageDraw.Draw(image).text((BOX[0] + 40, BOX[1] + 20), "4821-907",
                               font=ImageFont.truetype(str(FONT), 70), fill=0)
    return np.asarray(image, dtype=np.uint8)


def test_marks_align_a_page_that_features_cannot(sparse: FormTemplate) -> None:
    width, height = sparse.size
    page = moved(filled(), 3.0, (40.0, 40.0))
    by_features = align(features(page, 300.0), reference_for(sparse))
    assert by_features is None or by_features.match < sparse.min_match  # too little printing
    found = match_template(page, 300.0, [sparse])
    assert found is not None
    _, alignment = found
    matrix = turn((width, height), 3.0, (40.0, 40.0))
    assert corner_error(alignment.homography, matrix, sparse.size) < 3.0
    assert alignment.match >= 0.9
    form = read_form(page, 300.0, [sparse], create_engine())
    assert form is not None and form.result.fields["code"].value == "4821-907"


def test_an_upside_down_page_is_turned_by_its_marks(sparse: FormTemplate) -> None:
    page = np.ascontiguousarray(moved(filled(), -2.0, (-25.0, 30.0), 1.02)[::-1, ::-1])
    found = match_template(page, 300.0, [sparse])
    assert found is not None
    assert abs(abs(found[1].angle) - 180.0) < 3.0
    form = read_form(page, 300.0, [sparse], create_engine())
    assert form is not None and form.result.fields["code"].value == "4821-907"
    assert form.turn[0] == 180


def test_a_page_without_the_marks_is_not_this_form(sparse: FormTemplate) -> None:
    other = np.full((SIZE[1], SIZE[0]), 255, np.uint8)
    cv2.putText(other, "no marks here", (200, 500), cv2.FONT_HERSHEY_SIMPLEX, 3, 0, 6)
    assert match_template(other, 300.0, [sparse]) is None


def test_corner_mark_problems_are_named(tmp_path: Path) -> None:
    path = write(tmp_path, MARKS[:2])
    assert any("form.corner_marks: needs three or four" in p for p in template_problems(path))
    white = [MARKS[0], MARKS[1], MARKS[2], [600, 700, 660, 760]]
    path = write(tmp_path, white)
    assert any("form.corner_marks[3]" in p and "no solid dark square" in p
               for p in template_problems(path))
    path = write(tmp_path, [*MARKS[:3], [1250, 850, 1500, 910]])
    with pytest.raises(ConfigError, match="outside the reference image"):
        load_template(path)


def test_three_marks_are_enough(tmp_path: Path) -> None:
    three = load_template(write(tmp_path, MARKS[:3]))
    page = moved(filled(), -2.5, (30.0, -20.0), 0.98)
    form = read_form(page, 300.0, [three], create_engine())
    assert form is not None and form.result.match >= 0.9
    assert form.result.fields["code"].value == "4821-907"


def test_a_damaged_mark_is_left_out_and_three_suffice(sparse: FormTemplate) -> None:
    width, height = sparse.size
    matrix = turn((width, height), 2.0, (25.0, -15.0))
    page = moved(filled(), 2.0, (25.0, -15.0))
    found = match_template(page, 300.0, [sparse])
    assert found is not None and found[1].inliers == 4
    x0, y0, x1, y1 = MARKS[0]
    x, y = matrix @ ((x0 + x1) / 2, (y0 + y1) / 2, 1.0)  # the top-left mark on the page
    page[round(y) - 60:round(y) + 60, round(x) - 60:round(x)] = 255  # its left half torn off
    found = match_template(page, 300.0, [sparse])
    assert found is not None and found[1].inliers == 3
    assert corner_error(found[1].homography, matrix, sparse.size) < 3.0


def test_marks_cut_by_the_edge_of_the_scan_are_not_trusted(sparse: FormTemplate) -> None:
    # Shifted 20 px left, both left marks lose a third at the sheet's edge: their centres
    # would be 10 px off. With two marks left the page cannot be placed, so it is not taken
    # for the form rather than read misaligned.
    assert match_template(moved(filled(), 0.0, (-110.0, 0.0)), 300.0, [sparse]) is None
