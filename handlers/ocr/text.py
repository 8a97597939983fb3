"""Japanese post-processing of Tesseract's text.

Tesseract separates the "words" it finds with spaces, and for Japanese a word is often a
single character, so it writes "令和 6 年 4 月 1 日" for 令和6年4月1日. `tidy_japanese`
removes those spaces and tidies line ends. It only ever removes whitespace: no character is
changed, added or reordered (no NFKC, no "corrections"), so staff see what the page says.

The rule, per line:

- A run of ASCII spaces and tabs is removed when both neighbours are Japanese (see
  `JAPANESE` below), or when one neighbour is Japanese and the other an ASCII digit
  ("令和 6 年" → "令和6年", "電話 03" → "電話03").
- Every other space stays: between Latin words and numbers ("TEL 03-1234-5678"), between
  two numbers ("100 1" may be two numbers), and between Latin and Japanese ("PDF ファイル").
- The ideographic space U+3000 is never removed and is not a "Japanese" neighbour: Tesseract
  does not emit it, so one in the text came from the source.

Across lines: line breaks stay, trailing whitespace (ASCII spaces, tabs, CR, form feed) is
stripped from each line, runs of blank lines collapse to one blank line, and blank lines at
the start and end are dropped (so the text has no trailing newline).

One change of character is made, by `full_width_brackets` and only to Tesseract's page text:
Tesseract's Japanese model has no full-width brackets （）, so it writes (必着) for （必着）.
A pair of ASCII brackets on one line holding a kana or kanji is written full-width, as
Japanese text sets them, and so is a pair of which only one is ASCII (a fax's line read
again may take one bracket from each reader: (必着）); ASCII brackets round Latin text and
numbers stay: "TEL (03)".
"""

import re

# Character ranges counted as Japanese: CJK symbols and punctuation (。、「」〒〜々〇, not
# U+3000 itself), Hiragana, Katakana (incl. ・ and the prolonged sound mark ー), Katakana
# phonetic extensions, enclosed CJK and CJK compatibility (㈱ ㍻ ㎡), CJK ideographs
# (extension A, the main block, compatibility ideographs, planes 2 and 3), full-width ASCII
# variants FF01-FF5E (（）：１Ａ), half-width Katakana, and full-width signs (￥ ￠).
JAPANESE = (
    "\u3001-\u303f\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3200-\u33ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff01-\uff5e\uff61-\uff9f\uffe0-\uffe6"
    "\U00020000-\U0003134f"
)

_GAP = r"[ \t]+"
# Lookarounds keep the neighbours out of the match, so one pass handles "年 4 月".
_REMOVABLE_GAP = re.compile(
    rf"(?<=[{JAPANESE}]){_GAP}(?=[{JAPANESE}0-9])|(?<=[0-9]){_GAP}(?=[{JAPANESE}])"
)
_TRAILING = " \t\r\f\v"
KANA_OR_KANJI = "\u3041-\u30ff\u3400-\u9fff\uf900-\ufaff"
"""Hiragana, katakana and kanji (extension A, the main block, compatibility ideographs), as
the ranges of a regular expression's character class."""
_BRACKETED = re.compile(rf"[(（]([^()（）\n]*[{KANA_OR_KANJI}][^()（）\n]*)[)）]")


def tidy_japanese(text: str) -> str:
    """Remove the spaces Tesseract puts inside Japanese text and tidy line ends.

    See the module docstring for the exact rule. Idempotent; never changes a character.
    """
    lines: list[str] = []
    pending_blank = False
    for raw in text.split("\n"):
        line = _REMOVABLE_GAP.sub("", raw).rstrip(_TRAILING)
        if not line:
            pending_blank = bool(lines)  # a blank run before any text is dropped
            continue
        if pending_blank:
            lines.append("")
            pending_blank = False
        lines.append(line)
    return "\n".join(lines)


def full_width_brackets(text: str) -> str:
    """`text` with each pair of ASCII brackets on a line that holds a kana or kanji written
    full-width: 13日(必着) → 13日（必着）, (株) → （株）, (必着） → （必着）; "(03)" and
    "(see p. 2)" stay."""
    return _BRACKETED.sub(r"（\1）", text)


def in_cp932(char: str) -> bool:
    """Whether cp932 (Shift_JIS as Windows extends it: the CSV's encoding, and what a Japanese
    document holds) can hold `char`."""
    try:
        char.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True
