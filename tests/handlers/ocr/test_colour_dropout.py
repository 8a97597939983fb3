"""Seals, stamps and coloured paper taken out of colour scans, chosen by measurement."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from ocr_sheets_small import LEFT, NOTO

from benchmarks import ocr_sheets as sheets
from benchmarks.cer import cer
from handlers.ocr.decode import open_document
from handlers.ocr.dropout import achromatic, choose
from handlers.ocr.engine import Engine, create_engine
from handlers.reader import read_scan


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    made = create_engine("auto")
    yield made
    made.close()


def _notice(lines: list[str] = LEFT) -> np.ndarray:
    return sheets.two_columns("お知らせ", lines, [], NOTO, 12.0, 200)[:700, :900]


def test_red_and_blue_ink_go_white_black_stays() -> None:
    pixels = np.array([[[210, 45, 40], [40, 70, 190], [0, 0, 0], [120, 120, 120],
                        [250, 238, 190]]], np.uint8)
    assert achromatic(pixels).tolist() == [[255, 255, 0, 120, 255]]


@pytest.mark.parametrize("ink", ["red", "blue"])
def test_a_seal_over_the_text_is_dropped(ink: str) -> None:
    sheet = _notice()
    sealed = sheets.seal(sheet, random.Random(3), 200, ink)
    gray = sealed.mean(axis=2).astype(np.uint8)
    image, method = choose(sealed, gray)
    assert method == "achromatic"
    assert np.abs(image.astype(int) - sheet).mean() < np.abs(gray.astype(int) - sheet).mean() / 4


def test_text_printed_in_colour_is_kept() -> None:
    blue_text = np.stack([np.maximum(_notice(), c) for c in (30, 60, 170)], axis=2)
    gray = blue_text.mean(axis=2).astype(np.uint8)
    image, method = choose(blue_text, gray)
    assert method == "luminance" and image is gray


def test_coloured_paper_becomes_white() -> None:
    tinted = sheets.tint(_notice(), "pink")
    image, method = choose(tinted, tinted.mean(axis=2).astype(np.uint8))
    assert method == "achromatic" and np.median(image) == 255


def test_gray_pages_have_no_colour_to_drop() -> None:
    sheet = _notice()
    assert choose(None, sheet) == (sheet, "luminance")


def test_a_sealed_scan_reads_clean_and_keeps_its_colour_for_the_reviewer(
    engine: Engine, tmp_path: Path
) -> None:
    sheet = sheets.two_columns("住民税の申告について", LEFT, [], NOTO, 12.0, 300)[:900, :1200]
    sealed = sheets.seal(sheet, random.Random(8), 300, "red")
    path = tmp_path / "sealed.png"
    from PIL import Image

    Image.fromarray(sealed).save(path, dpi=(300, 300))
    with open_document(path) as document:
        page = next(document.pages())
    assert page.colour is not None and page.colour.shape == (*page.image.shape, 3)
    shown: list[np.ndarray] = []
    result = read_scan(path, engine, languages="jpn", on_page=lambda _, image: shown.append(image))
    assert result.pages[0].colour_dropout
    assert cer(result.text, "\n".join(["住民税の申告について", *LEFT])) <= 0.03, result.text
    assert shown[0].ndim == 3 and np.array_equal(shown[0], sealed)
