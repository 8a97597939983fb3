"""Blocks, their direction and reading order, on generated pages (no OCR: fast)."""

from __future__ import annotations

import numpy as np
import pytest
from ocr_sheets_small import MINCHO, NOTO, columns_sheet, mixed_sheet, vertical_sheet

from handlers.ocr.blocks import (
    Block,
    direction_of,
    find_blocks,
    main_block,
    multi_column,
    page_direction,
    reading_order,
)
from handlers.ocr.ink import ink_map


@pytest.mark.parametrize(("font", "points"), [(MINCHO, 10.5), (NOTO, 14.0)])
def test_a_vertical_notice_is_one_vertical_block(font: tuple[str, int], points: float) -> None:
    page = vertical_sheet(font, points)
    blocks = find_blocks(ink_map(page, 300), 300)
    assert [b.direction for b in blocks] == ["vertical"]
    assert page_direction(blocks) == "vertical"


def test_a_mixed_page_has_a_title_a_vertical_body_and_a_footer_in_order() -> None:
    page = mixed_sheet()
    blocks = find_blocks(ink_map(page, 300), 300)
    assert [b.direction for b in blocks] == ["horizontal", "vertical", "horizontal"]
    assert page_direction(blocks) == "mixed"
    title, body, footer = blocks
    assert title.box[3] < body.box[1] and body.box[3] < footer.box[1]
    main = main_block(blocks)
    assert main is not None and main.direction == "vertical"


def test_two_columns_are_side_by_side_left_first() -> None:
    blocks = find_blocks(ink_map(columns_sheet(), 200), 200)
    assert page_direction(blocks) == "horizontal"
    assert multi_column(blocks, 200)
    left, right = blocks[-2:]
    assert left.box[2] < right.box[0]


def test_one_line_runs_along_its_long_side_whatever_its_spaces() -> None:
    line = np.zeros((40, 600), bool)
    for x in range(0, 600, 50):  # characters with wide gaps between them
        line[5:35, x:x + 30] = True
    assert direction_of(line, 30, "vertical") == "horizontal"
    assert direction_of(line.T, 30, "horizontal") == "vertical"
    assert direction_of(np.ones((40, 50), bool), 30, "vertical") == "vertical"  # too short


def test_vertical_blocks_read_right_to_left_horizontal_left_to_right() -> None:
    a, b = Block((0, 0, 100, 500), "vertical"), Block((200, 0, 300, 500), "vertical")
    assert reading_order([a, b]) == [b, a]
    c, d = Block((0, 0, 100, 500), "horizontal"), Block((200, 0, 300, 500), "horizontal")
    assert reading_order([d, c]) == [c, d]
    title = Block((0, 0, 300, 50), "horizontal")
    e, f = Block((0, 100, 100, 600), "vertical"), Block((200, 100, 300, 600), "vertical")
    assert reading_order([e, f, title]) == [title, f, e]


def test_a_blank_page_has_no_blocks() -> None:
    assert find_blocks(ink_map(np.full((500, 400), 255, np.uint8), 300), 300) == []
