"""Doubtful columns of a vertical block are cut out by their width, not their height."""

from __future__ import annotations

import numpy as np

from handlers.ocr.layout import Line, Word
from handlers.ocr.reread import reread


def test_a_doubtful_column_is_cut_out_with_a_margin_of_its_width() -> None:
    page = np.full((1000, 600), 255, np.uint8)
    column = Line((300, 100, 350, 900), (1, 1), [Word("粗洲", 0.3, (300, 100, 350, 200))])
    crops: list[tuple[int, ...]] = []

    def read_column(crop: np.ndarray) -> list[Line]:
        crops.append(crop.shape)
        return [Line((0, 0, 50, 800), (1, 1), [Word("粗大", 0.95, (15, 15, 65, 115))])]

    best = reread(page, column, read_column, vertical=True)
    assert crops == [(830, 80)]  # 15 px (0.3 of 50) round the column, not 240
    assert [w.text for w in best.words] == ["粗大"]
    assert best.words[0].box == (300, 100, 350, 200)  # back in page pixels
