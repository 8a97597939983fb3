"""Japanese post-processing: which spaces go, which stay, that no character changes but
brackets round Japanese."""

import random
import re

import pytest

from handlers.ocr.text import full_width_brackets, tidy_japanese

# ASCII whitespace only: U+3000 counts as a character the text must keep.
_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]")


def _visible(text: str) -> str:
    return _ASCII_SPACE.sub("", text)


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [
        # Between two Japanese characters: removed, whatever the run length.
        ("乳 幼 児 健 康 診 査", "乳幼児健康診査"),
        ("お 知 ら せ", "お知らせ"),
        ("カ タ カ ナ ー", "カタカナー"),
        ("氏名  \t フリガナ", "氏名フリガナ"),
        ("東京都 、 新宿区 。", "東京都、新宿区。"),
        ("「 申 請 書 」", "「申請書」"),
        ("（ 必 須 ）", "（必須）"),
        ("山田 ・ 太郎", "山田・太郎"),
        ("〒 160 - 0022", "〒160 - 0022"),
        ("佐々 木", "佐々木"),
        ("㈱ 横浜", "㈱横浜"),
        ("ｶﾀ ｶﾅ", "ｶﾀｶﾅ"),
        ("ＡＢＣ １２３", "ＡＢＣ１２３"),
        ("金額 ￥ ３", "金額￥３"),
        ("𠮷 野 家", "𠮷野家"),
        # Between an ASCII digit and a Japanese character, on either side: removed.
        ("令和 6 年 4 月 1 日", "令和6年4月1日"),
        ("第 12 回", "第12回"),
        ("電話 03-1234-5678", "電話03-1234-5678"),
        # Between Latin words, numbers, or Latin and Japanese: kept.
        ("TEL 03-1234-5678", "TEL 03-1234-5678"),
        ("Yomitori OCR pipeline", "Yomitori OCR pipeline"),
        ("100 1", "100 1"),
        ("PDF ファイル", "PDF ファイル"),
        ("ファイル PDF", "ファイル PDF"),
        ("氏名 (フリガナ)", "氏名 (フリガナ)"),
        ("A 型", "A 型"),
        # The ideographic space is kept and does not pull its neighbours' spaces away.
        ("山田\u3000太郎", "山田\u3000太郎"),
        ("山田 \u3000 太郎", "山田 \u3000 太郎"),
        # Leading spaces (indentation) are kept; trailing whitespace goes.
        ("  字 下 げ", "  字下げ"),
        ("行 末   \t", "行末"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_spaces_inside_a_line(raw: str, tidy: str) -> None:
    assert tidy_japanese(raw) == tidy


def test_line_breaks_stay_and_do_not_join_lines() -> None:
    assert tidy_japanese("乳 幼 児\n健 康") == "乳幼児\n健康"
    assert tidy_japanese("年 \n 4 月") == "年\n 4月"


def test_blank_lines_collapse_to_one_and_ends_are_trimmed() -> None:
    raw = "\n \n乳幼児  \n\n\n \t \nお知らせ\r\nTEL 03\n\n\f"
    assert tidy_japanese(raw) == "乳幼児\n\nお知らせ\nTEL 03"


def test_tesseract_page_output() -> None:
    raw = "乳 幼 児 健 康 診 査 の お 知 ら せ\n\n令 和 6 年 4 月 1 日\nTEL 03-1234-5678\n\f"
    assert tidy_japanese(raw) == "乳幼児健康診査のお知らせ\n\n令和6年4月1日\nTEL 03-1234-5678"


_ALPHABET = list("乳幼児令和年月日あいうアイウー。、「」（）・１Ａ〇々ｱabcXYZ0123456789-.:()")
_ALPHABET += [" ", " ", " ", "\t", "\n", "\n", "\r", "\f", "\u3000"]


def _random_texts(count: int) -> list[str]:
    rng = random.Random(20240401)  # fixed seed: a failure reproduces
    return ["".join(rng.choices(_ALPHABET, k=rng.randint(0, 60))) for _ in range(count)]


def test_only_whitespace_is_removed() -> None:
    for raw in _random_texts(1000):
        tidy = tidy_japanese(raw)
        assert _visible(tidy) == _visible(raw), repr(raw)
        assert tidy.count("\u3000") == raw.count("\u3000"), repr(raw)


def test_idempotent_and_clean() -> None:
    for raw in _random_texts(1000):
        tidy = tidy_japanese(raw)
        assert tidy_japanese(tidy) == tidy, repr(raw)
        assert "\n\n\n" not in tidy, repr(raw)
        assert not tidy.startswith("\n") and not tidy.endswith("\n"), repr(raw)
        assert all(line == line.rstrip(" \t\r\f\v") for line in tidy.split("\n")), repr(raw)


@pytest.mark.parametrize(("raw", "written"), [
    ("提出期限 令和8年11月13日(必着)", "提出期限 令和8年11月13日（必着）"),
    ("(株)さくら 03-1234-5678(直通)", "（株）さくら 03-1234-5678（直通）"),
    ("TEL (03) 1234-5678 (see p. 2)", "TEL (03) 1234-5678 (see p. 2)"),  # no kana or kanji
    ("(区民課\n窓口)", "(区民課\n窓口)"),  # a pair is on one line
    ("((入れ子))", "(（入れ子）)"),
    ("28日(必着）受付（平日)", "28日（必着）受付（平日）"),  # one bracket from each reader
    ("（必着）と(x）", "（必着）と(x）"),
])
def test_brackets_round_japanese_are_written_full_width(raw: str, written: str) -> None:
    """Tesseract's Japanese model has no （）: it reads them as ASCII brackets."""
    assert full_width_brackets(raw) == written
    assert tidy_japanese(full_width_brackets("13日 (必着)")) == "13日（必着）"
