"""Faxes with unequal X and Y resolution are brought to square pixels before anything."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from ocr_sheets_small import GOTHIC, LEFT, RIGHT
from PIL import Image

from benchmarks import ocr_sheets as sheets
from benchmarks.cer import cer
from benchmarks.ocr_pages import save
from handlers.ocr.decode import Limits, open_document
from handlers.ocr.engine import Engine, create_engine
from handlers.ocr.resolution import square_pixels
from handlers.reader import read_scan

LINES = ["ファクス送信のご案内", *LEFT, *RIGHT]


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    made = create_engine("auto")
    yield made
    made.close()


def _fax(tmp_path: Path, fmt: str, dpi: int, dpi_y: int) -> Path:
    sheet = sheets.two_columns(LINES[0], LINES[1:], [], GOTHIC, 12.0, dpi)
    path = tmp_path / f"fax-{fmt}.tif"
    save(sheets.fax(sheet[: sheet.shape[0] * 2 // 3], dpi, dpi_y), path, fmt, (dpi, dpi_y), 0)
    return path


@pytest.mark.parametrize(("fmt", "dpi", "dpi_y"), [("g3", 200, 100), ("g4", 204, 98)])
def test_a_fax_is_decoded_with_square_pixels(tmp_path: Path, fmt: str, dpi: int,
                                             dpi_y: int) -> None:
    path = _fax(tmp_path, fmt, dpi, dpi_y)
    with Image.open(path) as raw:
        width, height = raw.size
        assert raw.info["dpi"] == (dpi, dpi_y)
    for limits in (Limits(bounds=None), Limits(isolate_pixels=1)):  # here and in the child
        with open_document(path, limits) as document:
            page = next(document.pages())
        assert page.dpi == 300 and page.fax
        assert page.image.shape == (round(height * 300 / dpi_y), round(width * 300 / dpi))


def test_a_bilevel_page_of_square_pixels_is_no_fax_page(tmp_path: Path) -> None:
    path = tmp_path / "square.tif"
    Image.new("1", (400, 300), 1).save(path, dpi=(200, 200), compression="group4")
    for limits in (Limits(bounds=None), Limits(isolate_pixels=1)):
        with open_document(path, limits) as document:
            assert not next(document.pages()).fax


def test_a_fax_saved_as_pdf_is_read_as_a_fax_tiff_is(tmp_path: Path) -> None:
    """Fax machines and servers that save received faxes as PDF put the 1-bit page in as
    one image of the fax's resolutions."""
    tiff = _fax(tmp_path, "g4", 200, 100)
    path = tmp_path / "fax.pdf"
    with Image.open(tiff) as raw:
        raw.save(path, dpi=(200, 100))
        width, height = raw.size
    for limits in (Limits(bounds=None), Limits(isolate_pixels=1)):
        with open_document(path, limits) as document:
            page = next(document.pages())
        assert page.fax and page.colour is None and page.dpi == 300
        rows, columns = page.image.shape
        assert abs(rows - height * 3) <= 1 and abs(columns - width * 1.5) <= 1
    with open_document(tiff, Limits(bounds=None)) as document:
        from_tiff = next(document.pages()).image
    # The same pixels as the TIFF's but for where PDFium samples the repeated pixels.
    rows, columns = min(rows, from_tiff.shape[0]), min(columns, from_tiff.shape[1])
    differ = np.abs(page.image[:rows, :columns].astype(int)
                    - from_tiff[:rows, :columns].astype(int)) > 64
    assert differ.mean() < 0.0005  # PDFium's own smoothing differs on 0.16 %


def test_a_bilevel_pdf_of_square_pixels_or_a_gray_one_is_no_fax(tmp_path: Path) -> None:
    square = tmp_path / "square.pdf"
    Image.new("1", (400, 300), 1).save(square, dpi=(200, 200))
    gray = tmp_path / "gray.pdf"
    Image.new("L", (400, 300), 200).save(gray, dpi=(200, 100))
    for path in (square, gray):
        with open_document(path, Limits(bounds=None)) as document:
            assert not next(document.pages()).fax


def test_a_fax_at_200_by_100_dpi_reads_as_text(tmp_path: Path, engine: Engine) -> None:
    result = read_scan(_fax(tmp_path, "g3", 200, 100), engine, languages="jpn")
    assert cer(result.text, "\n".join(LINES)) <= 0.03, result.text


def test_square_pixels_stretch_the_coarse_axis_of_a_gray_page() -> None:
    gray = np.full((100, 400), 200, np.uint8)
    stretched, dpi = square_pixels(gray, 200, 100)
    assert stretched.shape == (200, 400) and dpi == 200
    same, dpi = square_pixels(gray, 300, 298)
    assert same is gray and dpi == 300


def test_an_implausible_y_resolution_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "odd.png"
    Image.new("L", (300, 200), 255).save(path, dpi=(300, 20))
    with open_document(path, Limits(bounds=None)) as document:
        page = next(document.pages())
    assert page.image.shape == (200, 300) and page.dpi == 300
