"""Blocks read again where Tesseract's layout of them fails: doubtful columns cut out by
their width, a column left out, a title cut in pieces."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from benchmarks.cer import cer
from handlers.ocr.engine import (
    PSM_BLOCK,
    PSM_VERTICAL_BLOCK,
    PytesseractEngine,
    TesserocrEngine,
    create_engine,
)
from handlers.ocr.layout import Line, Word
from handlers.ocr.models import tessdata_dir
from handlers.ocr.reread import add_missed_columns, reread

DATA = Path(__file__).parent / "data"


def test_a_doubtful_column_is_cut_out_with_a_margin_of_its_width() -> None:
    page = np.full((1000, 600), 255, np.uint8)
    column = Line((300, 100, 350, 900), (1, 1), [Word("粗洲", 0.3, (300, 100, 350, 200))])
    crops: list[tuple[int, ...]] = []

    def read_column(crop: np.ndarray) -> list[Line]:
        crops.append(crop.shape)
        return [Line((0, 0, 50, 800), (1, 1), [Word("粗大", 0.95, (53, 53, 103, 153))])]

    best = reread(page, column, read_column, vertical=True)
    # 15 px of the page (0.3 of 50) round the column, not 240, and 38 px of white
    assert crops == [(800 + 2 * (15 + 38), 50 + 2 * (15 + 38))]
    assert [w.text for w in best.words] == ["粗大"]
    assert best.words[0].box == (300, 100, 350, 200)  # back in page pixels


def test_a_column_at_the_edge_of_its_block_is_read_with_white_round_it() -> None:
    """A column of a benchmark page (IPAex Mincho 10.5 pt, 300 dpi) that Tesseract's
    layout left out of its block, cut out with 12 px round it at the block's edge:
    psm 5 read it as nothing with up to 22 px of white, and right with 32 px or more."""
    column = cv2.imread(str(DATA / "column-read-as-nothing.png"), cv2.IMREAD_GRAYSCALE)
    assert column is not None
    height, width = column.shape
    block = np.full((height, width + 100), 255, np.uint8)
    block[:, :width] = column
    block[12:height - 12, width + 40:width + 82] = 0  # the column Tesseract did read
    read = Line((width + 40, 12, width + 82, height - 12), (1, 1),
                [Word("一", 0.95, (width + 40, 12, width + 82, height - 12))])
    engine = create_engine()
    try:
        def read_column(crop: np.ndarray) -> list[Line]:
            words = engine.recognize(crop, languages="jpn_vert", psm=PSM_VERTICAL_BLOCK).words
            return [Line((0, 0, crop.shape[1], crop.shape[0]), (1, 1), list(words))]

        lines = add_missed_columns(block, [read], read_column)
    finally:
        engine.close()
    assert len(lines) == 2
    text = "".join(word.text for word in lines[1].words)
    assert cer(text, "参加者にはタオルとドリンクを差し上げます。") <= 0.05, text


def test_a_title_cut_in_pieces_by_the_block_layout_is_read_as_one_line() -> None:
    """A mixed-direction page's horizontal title (IPAex Gothic, 300 dpi), cut out as its
    block is: Tesseract's block layout (psm 6) cut it in four pieces side by side and read
    one as nonsense ("子育てササ回シンのごご案内"); as one line it reads right."""
    title = cv2.imread(str(DATA / "title-cut-in-pieces.png"), cv2.IMREAD_GRAYSCALE)
    assert title is not None
    engine = create_engine()
    try:
        text = engine.recognize(title, languages="jpn", psm=PSM_BLOCK).text
    finally:
        engine.close()
    assert text == "子育てサロンのご案内"


@pytest.mark.parametrize("kind", [TesserocrEngine, PytesseractEngine])
def test_a_line_read_as_nothing_is_read_as_a_raw_line(
        kind: type[TesserocrEngine | PytesseractEngine]) -> None:
    """A line of a fax page (IPAex Mincho 12 pt, 200×100 dpi brought to 200×200) that the
    page's layout left out: cut out, psm 7 found no text in it at all, psm 13 reads it (the
    command line's Tesseract 5.3 with two kanji wrong, 祭場 and 会飯)."""
    line = cv2.imread(str(DATA / "line-read-as-nothing.png"), cv2.IMREAD_GRAYSCALE)
    assert line is not None
    engine = kind(tessdata_dir())
    try:
        lines = engine.read_line(line, "jpn", 200)
    finally:
        engine.close()
    text = "".join(word.text for found in lines for word in found.words)
    assert cer(text, "会場 区民会館 第3会議室") <= 0.2, text
