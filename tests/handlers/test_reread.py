"""Doubtful lines read again on their own, lines and columns the layout left out read too;
page text built from lines and paragraphs."""

from __future__ import annotations

import numpy as np

from handlers.ocr.layout import (
    Line,
    Word,
    has_merged_lines,
    mean_confidence,
    one_column,
    one_row,
    page_text,
)
from handlers.ocr.reread import (
    DOUBTFUL,
    MISSED_CONFIDENCE,
    WEAK_WORD,
    add_missed_columns,
    add_missed_lines,
    doubtful,
    missed_columns,
    missed_lines,
    reread_doubtful,
)

PAGE = np.full((400, 800), 255, np.uint8)


def word(text: str, confidence: float, box: tuple[int, int, int, int] = (0, 0, 10, 10)) -> Word:
    return Word(text, confidence, box)


class FakeLineReader:
    """Answers each cut-out with the next prepared reading and records the crops' shapes."""

    def __init__(self, *readings: list[Word]) -> None:
        self.readings = list(readings)
        self.crops: list[tuple[int, ...]] = []

    def __call__(self, crop: np.ndarray) -> list[Line]:
        self.crops.append(crop.shape)
        words = self.readings.pop(0) if self.readings else []
        return [Line((0, 0, crop.shape[1], crop.shape[0]), (1, 1), words)] if words else []


def test_sure_lines_are_not_read_again() -> None:
    sure = Line((100, 50, 500, 90), (1, 1), [word("乳幼児", 0.95), word("健診", DOUBTFUL)])
    reader = FakeLineReader([word("x", 1.0)])
    assert reread_doubtful(PAGE, [sure], reader) == [sure]
    assert reader.crops == []


def test_a_line_with_one_weak_word_is_doubtful() -> None:
    texts = ("駐車場", "は", "あり", "ませ", "ん", "ご利用", "ください")
    sure = [word(text, 0.95) for text in texts]
    assert not doubtful(Line((0, 0, 9, 9), (1, 1), sure))
    # "aaa:" for 公共交通機関を: the line's mean stays high, one word is nonsense.
    weak = Line((0, 0, 9, 9), (1, 1), [*sure, word("aaa:", WEAK_WORD - 0.2)])
    assert weak.confidence >= DOUBTFUL and doubtful(weak)
    reader = FakeLineReader([*sure, word("公共交通機関を", 0.93)])
    [line] = reread_doubtful(PAGE, [weak], reader)
    assert [w.text for w in line.words][-1] == "公共交通機関を"


def test_a_doubtful_line_takes_the_better_reading_with_page_boxes() -> None:
    doubtful = Line((100, 50, 500, 90), (1, 2), [word("ee", 0.1), word("Cwie", 0.3)])
    reader = FakeLineReader([word("子育て支援", 0.96, (8, 12, 200, 52))])
    [line] = reread_doubtful(PAGE, [doubtful], reader)
    assert [w.text for w in line.words] == ["子育て支援"]
    assert line.paragraph == (1, 2) and line.box == doubtful.box
    margin = 12  # 0.3 of the line's 40 pixels
    assert reader.crops == [(40 + 2 * margin, 400 + 2 * margin)]
    assert line.words[0].box == (100 - margin + 8, 50 - margin + 12,
                                 100 - margin + 200, 50 - margin + 52)


def test_a_worse_reading_is_dropped_and_a_second_margin_is_tried() -> None:
    doubtful = Line((100, 50, 500, 90), (1, 1), [word("ERROR", 0.4)])
    reader = FakeLineReader([word("AIC", 0.2)], [word("OUT", 0.1)])
    assert reread_doubtful(PAGE, [doubtful], reader) == [doubtful]
    # Three cut-outs: the first margin, the line scaled to 32 pixels high, a second margin.
    assert len(reader.crops) == 3
    assert reader.crops[1][0] < reader.crops[0][0] and reader.crops[2][0] < reader.crops[0][0]
    reader = FakeLineReader([word("AIC", 0.2)], [word("住民税", 0.9)])
    [line] = reread_doubtful(PAGE, [doubtful], reader)
    assert [w.text for w in line.words] == ["住民税"]


def test_a_line_every_cut_out_misreads_is_read_as_a_raw_line_last() -> None:
    # A 14 pt title on tinted paper: every cut-out read as one line (psm 7) was nonsense,
    # the first cut-out read as a raw line (psm 13) right at 0.91.
    doubtful = Line((100, 50, 500, 90), (1, 1), [word("目で", 0.1), word("センタス", 0.2)])
    reader = FakeLineReader([word("まま骨", 0.18)], [word("凛衣", 0.2)], [word("C", 0.1)])
    raw = FakeLineReader([word("子育て支援センターだより", 0.91)])
    [line] = reread_doubtful(PAGE, [doubtful], reader, read_raw=raw)
    assert [w.text for w in line.words] == ["子育て支援センターだより"]
    assert len(reader.crops) == 3 and raw.crops == [reader.crops[0]]
    # A line one of the cut-outs read surely is not read as a raw line.
    reader = FakeLineReader([word("子育て支援", 0.96)])
    raw = FakeLineReader([word("x", 1.0)])
    reread_doubtful(PAGE, [doubtful], reader, read_raw=raw)
    assert raw.crops == []


def test_page_text_puts_lines_on_lines_and_a_blank_between_paragraphs() -> None:
    lines = [
        Line((0, 0, 1, 1), (1, 1), [word("乳幼児", 0.9), word("健診", 0.9)]),
        Line((0, 0, 1, 1), (1, 1), [word("TEL", 0.9), word("03-1234", 0.9)]),
        Line((0, 0, 1, 1), (1, 2), [word("会場", 0.9)]),
        Line((0, 0, 1, 1), (2, 1), [word("日時", 0.9)]),
    ]
    assert page_text(lines) == "乳幼児 健診\nTEL 03-1234\n\n会場\n\n日時"
    assert page_text([]) == ""
    assert Line((0, 0, 1, 1), (1, 1)).confidence == 0.0
    assert lines[0].confidence == 0.9


def _line(top: int, bottom: int, left: int = 100, right: int = 700) -> Line:
    return Line((left, top, right, bottom), (1, 1), [word("行", 0.9)])


def test_merged_lines_are_found_by_their_height() -> None:
    lines = [_line(100, 148), _line(180, 228), _line(260, 308)]
    assert not has_merged_lines(lines)
    assert not has_merged_lines([_line(100, 148), _line(180, 400)])  # too few to tell
    merged = [*lines, _line(330, 450)]  # 120 pixels: the end of one line and the next
    assert has_merged_lines(merged)
    assert one_column(merged)
    beside = [*lines, _line(100, 148, left=800, right=1400)]  # a second column
    assert not one_column(beside)
    assert mean_confidence(lines) == 0.9 and mean_confidence([]) == 0.0


def test_pieces_of_one_row_are_told_from_lines() -> None:
    pieces = [_line(22, 75, 23, 185), _line(26, 73, 197, 359), _line(22, 70, 372, 481)]
    assert one_row(pieces)
    assert not one_row(pieces[:1])  # one piece is a line
    assert not one_row([_line(100, 148), _line(180, 228)])  # two lines, one above the other
    assert not one_row([*pieces, _line(90, 140, 23, 592)])  # and a second row


def column_page() -> np.ndarray:
    """Three columns of ink 40 px wide at x 300, 200 and 100 (right to left), a speck."""
    page = PAGE.copy()
    for x in (300, 200, 100):
        page[40:360, x:x + 40] = 0
    page[380:384, 20:24] = 0  # a speck, not a column
    return page


def column(x: int, text: str) -> Line:
    return Line((x, 40, x + 40, 360), (1, 1), [word(text, 0.95, (x, 40, x + 40, 360))])


def test_a_column_the_layout_left_out_is_read_and_put_in_its_place() -> None:
    read = [column(300, "一"), column(100, "三")]  # the middle column was not read
    assert missed_columns(column_page(), read) == [(200, 40, 240, 360)]
    # The cut-out: the column, 12 px of the page round it (0.3 of its width, under the
    # gaps), then 30 px of white added (COLUMN_PADDING); the fake reads the ink's place.
    reader = FakeLineReader([word("二", 0.9, (42, 42, 82, 362))])
    lines = add_missed_columns(column_page(), read, reader)
    assert ["".join(w.text for w in line.words) for line in lines] == ["一", "二", "三"]
    assert reader.crops == [(320 + 2 * (12 + 30), 40 + 2 * (12 + 30))]
    assert lines[1].words[0].box == (200, 40, 240, 360)  # its words in page pixels


def test_every_column_read_or_noise_read_as_nothing_changes_nothing() -> None:
    read = [column(300, "一"), column(200, "二"), column(100, "三")]
    assert missed_columns(column_page(), read) == []
    furigana = column_page()
    furigana[60:200, 250:270] = 0  # half a column wide, beside a column: not a column
    assert missed_columns(furigana, read) == []
    unsure = FakeLineReader([word("ー", MISSED_CONFIDENCE - 0.1)])
    assert add_missed_columns(column_page(), read[::2], unsure) == read[::2]


def test_a_column_read_again_keeps_its_words_top_to_bottom() -> None:
    """Tesseract's layout of a cut-out column once gave its end first ("ださい。ごみは…")."""
    doubtful_column = Line((200, 40, 240, 360), (1, 1), [word("ごみは", 0.5, (200, 40, 240, 90))])
    reader = FakeLineReader([word("ださい。", 0.95, (12, 280, 52, 330)),
                             word("ごみは", 0.95, (12, 12, 52, 60))])
    again = reread_doubtful(column_page(), [doubtful_column], reader, vertical=True)[0]
    assert [w.text for w in again.words] == ["ごみは", "ださい。"]


def test_a_column_read_as_two_overlapping_lines_keeps_their_overlap_once() -> None:
    """Tesseract cut a cut-out column into two lines that overlap down the column, both
    holding でに出 (まででにに出出して, docs/benchmarks.md "Fax lines, third round")."""
    doubtful_column = Line((200, 40, 240, 360), (1, 1), [word("までに", 0.5, (200, 40, 240, 90))])

    def two_lines(crop: np.ndarray) -> list[Line]:
        lower = [word("で", 0.97, (12, 150, 52, 160)), word("に", 0.96, (12, 170, 52, 190)),
                 word("出し", 0.97, (12, 200, 52, 260)), word("て", 0.97, (12, 262, 52, 290))]
        upper = [word("まで", 0.96, (12, 100, 52, 160)), word("に", 0.92, (12, 168, 52, 190)),
                 word("出", 0.92, (12, 192, 52, 215))]
        return [Line((12, 150, 52, 290), (1, 1), lower), Line((12, 100, 52, 215), (1, 1), upper)]

    again = reread_doubtful(column_page(), [doubtful_column], two_lines, vertical=True)[0]
    assert "".join(w.text for w in again.words) == "までに出して"
    assert [w.text for w in again.words] == ["まで", "に", "出", "し", "て"]


def row_page() -> np.ndarray:
    """Three lines of ink 40 px high at y 40, 120 and 200, a rule under the last."""
    page = PAGE.copy()
    for y in (40, 120, 200):
        page[y:y + 40, 50:700] = 0
    page[260:263, 50:700] = 0  # a rule, 3 px high: no line
    return page


def row(y: int, text: str) -> Line:
    return Line((50, y, 700, y + 40), (1, 1), [word(text, 0.95, (50, y, 700, y + 40))])


def test_a_line_tesseract_read_as_nothing_is_read_alone_and_put_in_its_place() -> None:
    """Tesseract 5.5 (tesserocr's) read a fax line 会場 区民会館 第1会議室 as nothing, in page
    and in line mode; Debian's 5.3 read it. Cut out and brought to 32 px high, it reads."""
    read = [row(40, "一"), row(200, "三")]  # the middle line came back empty
    assert missed_lines(row_page(), read) == [(50, 120, 700, 160)]
    # The first cut-out reads nothing; the next (scaled to 32 px high) reads the line.
    reader = FakeLineReader([], [word("二", 0.9, (0, 0, 30, 30))])
    lines = add_missed_lines(row_page(), read, reader)
    assert ["".join(w.text for w in line.words) for line in lines] == ["一", "二", "三"]
    assert len(reader.crops) == 2 and reader.crops[1][0] < reader.crops[0][0]


def test_every_line_read_a_rule_or_noise_read_as_nothing_changes_nothing() -> None:
    read = [row(40, "一"), row(120, "二"), row(200, "三")]
    assert missed_lines(row_page(), read) == []  # the rule is too thin to be a line
    assert missed_lines(row_page(), []) == []
    unsure = FakeLineReader(*[[word("ー", MISSED_CONFIDENCE - 0.1)]] * 3)
    assert add_missed_lines(row_page(), read[::2], unsure) == read[::2]
    marks = FakeLineReader([word("||", 0.9)])  # a picture's edge read sure: no letters
    assert add_missed_lines(row_page(), read[::2], marks) == read[::2]


def test_a_picture_between_lines_is_no_line_left_out() -> None:
    page = row_page()
    page[100:200, 100:600] = 0  # a picture 2.5 lines high over the middle line: a title?
    assert missed_lines(page, [row(40, "一"), row(200, "三")]) == [(50, 100, 700, 200)]
    page[100:300, 100:600] = 0  # 5 lines high: a picture
    assert missed_lines(page, [row(40, "一"), row(320, "四")]) == []
