"""Each preprocessing step on synthetic pages with a known answer, then `prepare` whole.

Real Tesseract reads the strips that decide upside-down pages; nothing is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np
import pytest
from synthetic_pages import NOTICE, horizontal_page, tilted, vertical_page

from benchmarks.cer import cer
from handlers.ocr.borders import clean_borders
from handlers.ocr.deskew import deskew, rotate
from handlers.ocr.engine import Engine, create_engine
from handlers.ocr.ink import ink_map
from handlers.ocr.orientation import (
    expected_direction,
    line_strip,
    quarter_turn,
    turn,
    upside_down,
)
from handlers.ocr.preprocess import STEPS, prepare
from handlers.ocr.resolution import normalise_resolution
from handlers.ocr.textlines import measure_lines


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    made = create_engine("auto")
    yield made
    made.close()


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return horizontal_page()


@pytest.mark.parametrize("degrees", [-9.6, -4.3, -1.25, 0.0, 0.35, 2.8, 7.15])
def test_tilt_is_measured_within_a_fifth_of_a_degree(page: np.ndarray, degrees: float) -> None:
    geometry = measure_lines(ink_map(tilted(page, degrees), 300))
    assert geometry.direction == "horizontal"
    assert geometry.tilt == pytest.approx(degrees, abs=0.2)


def test_tilt_of_a_sideways_page_is_measured_on_its_columns(page: np.ndarray) -> None:
    geometry = measure_lines(ink_map(np.rot90(tilted(page, 3.4)), 300))
    assert geometry.direction == "vertical"
    assert geometry.tilt == pytest.approx(3.4, abs=0.2)
    assert geometry.gaps["vertical"] > 2 * geometry.gaps["horizontal"]


def test_a_blank_page_has_no_tilt() -> None:
    geometry = measure_lines(ink_map(np.full((800, 600), 255, np.uint8), 300))
    assert geometry.tilt == 0.0 and geometry.direction == "horizontal"


def test_deskew_straightens_and_fills_with_paper(page: np.ndarray) -> None:
    crooked = tilted(page, -4.3)
    straight = deskew(crooked, -4.3)
    assert measure_lines(ink_map(straight, 300)).tilt == pytest.approx(0.0, abs=0.1)
    assert straight.shape[0] > crooked.shape[0] and straight.shape[1] > crooked.shape[1]
    assert straight[0, 0] == straight[-1, -1] == 255  # the new corners are white
    assert deskew(crooked, 0.05) is crooked  # under 0.1°: left alone


def test_rotate_turns_counter_clockwise() -> None:
    mark = np.full((200, 200), 255, np.uint8)
    mark[95:105, 100:190] = 0  # a bar pointing right from the centre
    turned = rotate(mark, 90.0)
    ys, xs = np.nonzero(turned < 128)
    assert ys.mean() < turned.shape[0] / 2 - 30  # it now points up
    assert abs(xs.mean() - turned.shape[1] / 2) < 10


def test_turn_is_clockwise_and_undoes_a_sideways_feed(page: np.ndarray) -> None:
    fed_left = np.rot90(page, 1)  # counter-clockwise
    assert np.array_equal(turn(fed_left, 90), page)
    assert np.array_equal(turn(np.rot90(page, -1), 270), page)
    assert np.array_equal(turn(turn(page, 180), 180), page)
    assert turn(page, 0) is page


def test_quarter_turn_follows_the_departments_direction(page: np.ndarray) -> None:
    flat = measure_lines(ink_map(page, 300))
    sideways = measure_lines(ink_map(np.rot90(page), 300))
    column = measure_lines(ink_map(vertical_page(), 300))
    assert expected_direction("jpn+eng") == "horizontal"
    assert expected_direction("jpn_vert+jpn") == "vertical"
    assert quarter_turn(flat, "horizontal") == 0
    assert quarter_turn(sideways, "horizontal") == 90
    # A vertical page is upright for jpn_vert, and sideways only for horizontal text.
    assert quarter_turn(column, "vertical") == 0
    assert quarter_turn(column, "horizontal") == 90
    assert quarter_turn(flat, "vertical") == 90


def test_upside_down_is_detected_from_a_strip(page: np.ndarray, engine: Engine) -> None:
    strip = line_strip(page, ink_map(page, 300), "horizontal")
    assert strip is not None
    assert strip.shape[0] < 120 and strip.shape[1] > 400  # one line, not the page
    assert not upside_down(strip, engine, "jpn+eng", 300)
    assert upside_down(turn(strip, 180), engine, "jpn+eng", 300)
    assert line_strip(np.full((300, 300), 255, np.uint8),
                      ink_map(np.full((300, 300), 255, np.uint8), 300), "horizontal") is None


def test_the_strip_is_text_not_a_rule(page: np.ndarray, engine: Engine) -> None:
    ruled = page.copy()
    ruled[1000:1012, 60:1540] = 0  # a thick full-width rule: more ink than any line
    strip = line_strip(ruled, ink_map(ruled, 300), "horizontal")
    assert strip is not None and (strip < 128).mean() < 0.3
    assert engine.recognize(strip, psm=7).confidence > 0.75


def test_resolution_goes_down_to_300_dpi_and_never_up(page: np.ndarray) -> None:
    fine = np.asarray(cv2.resize(page, None, fx=2, fy=2), dtype=np.uint8)
    reduced, dpi = normalise_resolution(fine, 600)
    assert dpi == 300 and reduced.shape == page.shape
    for coarse in (330.0, 200.0, 150.0):
        same, dpi = normalise_resolution(page, coarse)
        assert same is page and dpi == coarse


def test_borders_paint_the_backing_white_and_keep_the_text(page: np.ndarray) -> None:
    # The sheet lies tilted on a larger, dark scan area: dark bands and wedges at the edges.
    on_backing = cv2.copyMakeBorder(page, 60, 60, 60, 60, cv2.BORDER_CONSTANT, value=40)
    height, width = on_backing.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), 3.0, 1.0)
    scanned = np.asarray(
        cv2.warpAffine(on_backing, matrix, (width, height), borderValue=40), dtype=np.uint8
    )
    cleaned = clean_borders(scanned, ink_map(scanned, 300))
    assert (cleaned[:40] == 255).all() and (cleaned[:, -40:] == 255).all()
    middle = (slice(200, 1000), slice(200, 1500))
    assert np.array_equal(cleaned[middle], scanned[middle])  # text untouched
    assert clean_borders(page, ink_map(page, 300)) is page


@pytest.mark.parametrize(
    ("fed", "rotation"),
    [(lambda p: p, 0), (lambda p: np.rot90(p, 2), 180), (lambda p: np.rot90(p, 1), 90),
     (lambda p: np.rot90(p, -1), 270)],
    ids=["upright", "upside-down", "fed-left", "fed-right"],
)
def test_prepare_turns_and_straightens(page: np.ndarray, engine: Engine, fed: object,
                                       rotation: int) -> None:
    scan = np.ascontiguousarray(fed(tilted(page, 2.6)))  # type: ignore[operator]
    prepared = prepare(scan, 300, engine=engine)
    assert prepared.rotation == rotation
    assert prepared.skew == pytest.approx(2.6, abs=0.2)
    assert set(prepared.timings) >= {"resolution", "borders", "orientation", "deskew"}
    text = engine.recognize(prepared.image, dpi=300).text
    assert cer(text, "\n".join(NOTICE)) < 0.02, text


@pytest.mark.parametrize(("quarter_turns", "rotation"), [(0, 0), (2, 180), (1, 90)])
def test_prepare_turns_vertical_text_by_its_own_direction(
    engine: Engine, quarter_turns: int, rotation: int
) -> None:
    column = vertical_page()
    scan = np.ascontiguousarray(np.rot90(column, quarter_turns))
    prepared = prepare(scan, 300, engine=engine, languages="jpn_vert")
    assert prepared.rotation == rotation
    height, width = prepared.image.shape
    assert height > width  # turned back to portrait, columns top to bottom
    text = engine.recognize(prepared.image, languages="jpn_vert").text
    assert cer(text, "".join(NOTICE[:4])) < 0.05, text


def test_prepare_without_steps_changes_nothing(page: np.ndarray) -> None:
    assert set(STEPS) == {"colour", "resolution", "borders", "orientation", "deskew"}
    scan = tilted(np.rot90(page, 2), 2.0)
    prepared = prepare(scan, 300, steps=())
    assert prepared.image is scan and prepared.rotation == 0 and prepared.skew == 0.0
    assert prepare(np.zeros((0, 0), np.uint8), 300).image.size == 0
