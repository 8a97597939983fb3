"""Lines mended where a misreading leaves a trace that the words, dates and numbers of a
notice can tell, and how doubtful a line reads.

A fax keeps a thin stroke only where it falls on one of its lines (`fax`), and small Mincho
type loses the same strokes at any resolution: 日 keeps its uprights, 申 and 中 become
one, 午 reads as 生. A line is mended here, whichever reader's it is:

- a month's 月 read as 川, 円, 日 or 目 (10川下旬, 5日下旬: `monthed`) and a day's 日 of
  which only the uprights are left (4月311, 7月11||) are put back, the 日 when just one
  reading of the strokes makes a day of that month or, of two, the one with both uprights,
  and where nothing of it is left before the rest of the line (3月3までに: `dated`);
- the 日 of a count of days (501間, 60川前: `days_counted`), a month's 末日 (同月未11:
  `month_ended`), TEL before a telephone number and No. before a number (T'FI. 03-,
  N0.40: `telephoned`), the 令和 year of a day that a speck made ten years later
  (令和15年5月1日: `era_yeared`), the 丁目 of an address (4」H, 2丁日, 1TH, 1」11, 1目:
  `addressed`);
- the 午 of a time of day (生前10時, 个後5時, 正生: `timed`) and its 時 (午前830分, 午前8130分,
  午後5I\\, 受付川間, 午前91時: `clocked`), a 1 before a counter left as a bracket
  (手数料]点: `counted_one`), a kanji of which only an upright is left (1事期間, 平1:
  `uprighted`), the 申 of 申込 left as い (おいし込み: `applied`) and the す of です and
  ます that a speck voiced (無料でず: `politely_ended`);
- a kanji or katakana read twice side by side is read once where that makes words
  (本人人確認: `undoubled`);
- last, a look-alike (the recognizer's, `lookalikes`, or Tesseract's,
  `tesseract_lookalikes`: 店 for 庁, 仕 for 住, measured on faxed pages) is put where that
  makes a word, or more of the ward's words (`to_ward_words`: 中込み, a family name both
  readers gave, becomes 申込み).

How doubtful a line reads (`left_over`) is what every choice here and in `fax` weighs: its
katakana and kanji outside words, era names and counters after numbers counting as words,
and its dates that cannot be (4月31, 令和18年 in 2026).

The fax lines read again are mended (`fax`), and so is every horizontal Japanese line of any
page, its words as Tesseract read them (`mended_line`, from `engine`): a line whose every
word is one may still be wrong (開店時間 for 開庁時間), and 8 pt Mincho reads 口座 as 日座
and 申込み as 貼込み. Form fields are never mended: a family name such as 中込 stays as
written.

Measured (docs/benchmarks.md, "Fax lines, eighth round"): `era_yeared`, `clocked`,
`counted_one`, `applied`, `politely_ended`, `undoubled`, the sound marks and four of the
ward's words took 768 fax pages from 0.190 % to 0.134 % mean CER, 43 pages better and none
worse.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import numpy as np

from handlers.ocr import grammar, lexicon
from handlers.ocr.layout import Line, Word

_SOUND_MARKS = {pair[k]: pair[1 - k] for pair in ("バパ", "ビピ", "ブプ", "ベペ", "ボポ")
                for k in (0, 1)}
"""A katakana of the ハ row with ゛ for one with ゜ and back: a fax's few dots tell the two
marks apart no better than a speck (ベットボトル for ペットボトル)."""
LOOKALIKES = Path(__file__).with_name("fax_lookalikes.txt")
TESSERACT_LOOKALIKES = Path(__file__).with_name("fax_lookalikes_tesseract.txt")
_SPACE = re.compile(r"\s+")
_COUNTERS = ("(?:年|日|時|週|か月|ヶ月|ケ月)間|年度|(?:日|回|人|番)目"
             "|年|月|日|時|分|秒|円|名|人|階|点|歳|才|回|件|号|番|枚|部|冊|通|台|個|週|丁目"
             "|か月|ヶ月|ケ月")
_OPENING, _CLOSING = "「『【(［[〔{〈《", "」』】)］]〕}〉》"
_BRACKET_WIDTH = str.maketrans("（）｛｝", "(){}")  # a fax's brackets, read either width
_LIST_NUMBER = re.compile(r"^\s*[\dA-Za-z０-９ａ-ｚＡ-Ｚ\u2460-\u2473]{1,2}[)）]")
"""A list's number at a line's start, closed by a parenthesis alone (1）, a), ①）)."""
_NUMBERED = re.compile(
    rf"(?:令和|平成|昭和)(?=[\d元])|(?<=[和成])元(?=年)|(?<=\d)(?:{_COUNTERS})[前後]?")
"""An era name before a number, and a counter after one, with 前 or 後 after it (60日前, 1年後):
words the word list lacks (it predates 令和, and holds 年, 日 and 階 only inside longer words).
Without 前, 60日前 read worse than 60目前 (目前 is a word)."""
_RANGE_MARKS = "～〜~-－、,・"  # 4月1～3日, 4月1、2日: a day that 日 need not follow
_RANGE_READ = re.compile(r"(?<=\d)[てこ〜~](?=\d)")  # 30～40%: ～ as Mincho on a fax leaves it
_DATE = re.compile(rf"(?<!\d)(\d{{1,2}})月(\d{{1,3}})(日|[{re.escape(_RANGE_MARKS)}]?)")
_MONTH_LOST = re.compile(r"(?<!\d)\d{1,4}年\d{1,2}(?![\d月])")  # 令和5年5J3日: no 月
_REMNANT = re.compile(r"(?<!\d)(\d{1,2})月([\dlI|｜\[\]HＨ]{2,4})(.?)")
_MONTH_REMNANT = re.compile(
    r"(?<![\d.,])(\d{1,2})(?:川(?=\d{1,2}日)|[川円](?=[上中下初][旬句付]|末)"
    r"|[日目](?=[上中下][旬句]))")
"""A month's number, then 川 or 円 for its 月, before a part of the month or (川) a day; or
日 or 目 before 上旬, 中旬 or 下旬, which follow a month and never a day."""
_TEN_DAYS = re.compile(r"(?<=\d月[上中下初])[句付]")
"""旬 read as 句 or 付 in 上旬, 中旬, 下旬 or 初旬 after a month (4月下付)."""
_APPLY = re.compile(r"(?<![\u3400-\u9fff\u30a0-\u30ffー])い(?=し?込)")
"""申 of 申込 or 申し込み as a fax leaves it, its uprights read as い, where no kanji or
katakana stands before it (おいし込み, い込書; 払い込み and 追い込み stay)."""
_SENTENCE_END = "。．、，）)」\\s"
_SPECKED_ENDING = re.compile(rf"(?<=ま)ず(?=$|[{_SENTENCE_END}])"
                             rf"|(?<=で)ず(?=$|[{_SENTENCE_END}\u3400-\u9fff])")
"""です and ます with a speck read as the voicing mark of す (無料でず定員, お願いいたしまず):
after で before a kanji or the end of a sentence, after ま only before its end (まず最初に
stays)."""
_DAY_LOST = re.compile(
    rf"(?<!\d)(\d{{1,2}})月(\d{{1,2}})(?=[^\d\s日HＨ1lI|｜\[\]{re.escape(_RANGE_MARKS)}])")
"""A month and day with no trace of 日 left after it, before the rest of the line (3月3までに)."""
_DAY_COUNT = re.compile(r"(?<=\d)(?:[1lI|｜]{1,2}|[川HＨ])(?=[間前後])")
"""The 日 of a count of days before 間, 前 or 後 as a fax leaves it: its uprights, 川 or H
(501間, 60川前)."""
_MONTH_END = re.compile(r"(?<=[\d０-９一二三四五六七八九十同当翌々前毎今来先各ヶケかカ箇1lI|｜]月)"
                        r"(?:[末未木](?:[1lI|｜]{1,2}|[川HＨ日])|本日)(?![\d1lI|｜日])")
"""The 末日 (last day) of a month as a fax leaves it: 末 read as 未, 木 or 本, 日 as its
uprights, 川 or H (同月末11, 同月未11, 9月木川, 10月末川, 同月本日). The 月 must be a
month's (after a number, 同, 当, 毎...): in 毎週月木1回 and 受付 月木11時, 月 and 木 are
Monday and Thursday."""
_TEL = re.compile(r"(?<![A-Za-z])['‘’`]?T['‘’`]?(?:[EFHV1Il|｜][:.'’]?[LI1l|｜TJ]|E)[.,]?"
                  r"(?=\s?0\d{1,4}-\d)")
"""TEL before a telephone number as a fax leaves it: E read as F, H, V or an upright, L as I,
1, |, T or J, a speck read as ', :, . or , (T'FI. 03-, TFL03-, TE103-, TE 03-, 'TII 03-,
T1L.03-, TET,03-, THI03-, TFJ.03-, TH:I, 03-, 'TVL. 03-)."""
_NOT_TEN_THOUSAND = re.compile(r"(?<![\d０-９〇一二三四五六七八九十百千数何億])万"
                               r"(?=が(?!一)|[をはへでもと])")
"""方 (a person, a way) as a fax leaves it, read as 万 (ten thousand) where no number stands
before it and a particle follows (の万が, る万を); 万が一 (just in case) stays."""
_PHONE = re.compile(r"(?<![\d:.,'’])0[\d:.,'’]{1,5}-[\d:.,'’]{1,5}-[\d:.,'’]{4,5}(?![\d:.,'’])")
_SPECKS_IN_PHONE = re.compile(r"(?<=\d)[:.,'’](?=\d)")
_PHONE_DIGITS = re.compile(r"0\d{0,3}-\d{1,4}-\d{4}")
"""A telephone number with a speck read as a colon, dot, comma or quote inside it
(03-1:331-3582), and what it is without them."""
_NUMBER_SIGN = re.compile(r"(?<![A-Za-z])N[0０]\.(?=\s?\d)")
"""No. before a number with its o read as a zero (N0.40)."""
_STROKES = "1lI|｜[]HＨ"  # what the uprights of 日 are read as when its crossbars are lost
_BOX_AT_START = re.compile(r"^[1lI|｜!\[\]「」]{2,3}(?=[\u3400-\u9fff])")
"""Two or three uprights at a line's start before a kanji: the sides of 口 or 日 (11座振替
for 口座振替)."""
BOXES = "口日"  # what a fax's uprights beside a kanji may be the sides of
_CROSSBARRED = "工日申口主土上"
"""The kanji a fax's 1 stood for, most often first, on the 1,248 fax pages of "Fax lines,
fourth round" (docs/benchmarks.md): their crossbars lost, an upright is left."""
_LONE_UPRIGHT = re.compile(r"(?<![\d.,A-Za-z])(?:[1lI|｜](?:[.:](?=[\u3400-\u9fff])|(?![\d.,]))"
                           r"|[HＨ](?![\dA-Za-z]))"
                           r"(?:(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff].))")
"""A 1, l, I or | beside a kanji that is not part of a number, with a dot or colon the
fax's specks made of a crossbar (1.事期間); or an H (日 or 申 without their top and bottom:
H時, H請), not part of a Latin word."""
_AFTER_DAY = "日" + _RANGE_MARKS
_BLOCK_NUMBER = re.compile(r"(?<=\d)(?:[」「J了丁TI][目日HＨ]"
                           r"|[」「J了丁][1lI|｜]{1,2}(?![\d月日年時分])"
                           r"|目(?![\u3400-\u9fff])|目(?=番))(?<!丁目)")
"""丁目 after a number as a fax leaves it: 丁's hook or bar (」, 「, J, 了, T, I), then 目 read
as 日 or H, or as only its uprights (1, 11, |) after a hook; or 丁 lost (1目から, 1目2番:
a number is counted with 目 only after another counter, 2回目, 3番目)."""
_ONE_COUNTED = re.compile(r"(?<![\d.,A-Za-z])[\[\]|｜lI](?=[点件名人回枚部冊通台個歳才階号番])")
"""A bracket or upright before a counter where no number stands: a 1 as a fax leaves it
(手数料]点につき)."""
_HOUR_MARK = re.compile(r"(?<!\d)([生个牛年千十])?(?<!午)([前後])(?=\d{1,2}時(?!間))")
"""午前 and 午後 before a time (午前9時) as a fax leaves them: 午 read as a look-alike (生,
个, 牛, 年, 千, 十) or lost."""
_NOON = re.compile(r"(?:正[生个牛年千十]|(?<![\u3400-\u9fff])止[生个牛年千十午])"
                   r"(?![\u3400-\u9fff])")
"""正午 with its 午 read as a look-alike (正生まで), its 正 as 止 too where no kanji stands
before it (から止生まで; 中止年1回 stays)."""
_CLOCK_RUN = re.compile(r"(午[前後])([\dlI|｜]{3,5})(?=分)")
"""A time whose 時 a fax lost between the hour and the minutes, or left as a speck read as
1 or an upright (午前830分, 午前8130分, 午前10I30分)."""
_HOUR_LEFT = re.compile(r"(午[前後])(\d{1,2})[川Il|｜\\/\[\]HＨ]{1,3}(?![\d時分])")
"""A time whose 時 a fax left as uprights or slashes (午後5I\\, 午前10川)."""
SPECKS = "1lI|｜"  # what a fax's speck, or an upright left of a stroke, is read as
_AS_ONE = str.maketrans(SPECKS, "1" * len(SPECKS))
_HOUR_SPECK = re.compile(r"(午[前後])(\d{1,2})[1lI|｜](?=時)")
"""A speck read as 1 between a time's hour and its 時 (午前91時)."""
_HOURS_LEFT = re.compile(r"(?<=[\u3400-\u9fff])川(?=間)")
"""時間 or 日間 whose 時 or 日 a fax left as 川 after a kanji (受付川間)."""
_NOT_AFTER = "以事直寸手食最空今前課"
"""以前, 事前, 直前, 今後, 前後, 放課後...: 前 or 後 that no 午 was lost from."""
_ERA_YEAR = re.compile(r"(令和|平成|昭和)(\d{1,3})年")
_REIWA_DAY = re.compile(r"令和(\d{2,3})年(?=\d{1,2}月)")
_ERA_YEARS = {"昭和": 64, "平成": 31}  # the last year of each era that has ended
_REIWA_BEFORE = 2018  # 令和1年 is 2019
ERA_AHEAD = 5
"""Years after the present one that a 令和 year may be (plans and deadlines run a few years
ahead: 令和8年度～令和12年度)."""
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def word_texts(line: Line) -> list[str]:
    """The text of each word of `line`, Tesseract's spaces inside it removed."""
    return [_SPACE.sub("", word.text) for word in line.words]


def one_by_one(text: str, start: int = 0) -> list[tuple[int, int, str]]:
    """`text`, standing at `start` of a line, as pieces (`with_pieces`) of one character
    each, in place."""
    return [(start + at, start + at + 1, char) for at, char in enumerate(text)]


def mended_line(line: Line) -> Line:
    """`line` as Tesseract read it, mended as a line read again is (`mended_pieces`: the 日 of its
    dates, the 丁目 of addresses, the 午 of times, look-alikes into the ward's words): a line
    may be wrong though every word of it is one (開店時間 for 開庁時間, 中込み for 申込み)."""
    own = word_texts(line)
    return with_pieces(line, own, mended_pieces(one_by_one("".join(own))))


def with_pieces(line: Line, own: list[str], pieces: list[tuple[int, int, str]]) -> Line:
    """`line`, whose words read `own`, with the text of `pieces` (start, end in `own`'s
    characters, text): each word keeps its box, and takes the text of the characters it
    held."""
    if pieces_text(pieces) == "".join(own):
        return line
    texts = [""] * len(own)
    ends = np.cumsum([len(text) for text in own])
    for start, end, text in pieces:
        # A piece as long as what it replaces goes character by character to the words
        # those were in; another goes whole to the word of its first character (an added
        # one: the word before it).
        parts = ([(start + k, char) for k, char in enumerate(text)]
                 if len(text) == end - start else [(start if end > start else start - 1, text)])
        for position, part in parts:
            at = int(np.searchsorted(ends, max(0, position), side="right"))
            texts[min(at, len(own) - 1)] += part
    words = [Word(text, word.confidence, word.box)
             for word, text in zip(line.words, texts, strict=True) if text]
    return Line(line.box, line.paragraph, words)


def left_over(text: str) -> int:
    """How doubtful `text` (a line) reads: its katakana and kanji outside words
    (`lexicon.uncovered`), where an era name before a number (令和6年) and a counter after
    one (4月3日, 20名, 3階, 2週間) count as words, plus its dates that cannot be
    (`broken_dates`) and its brackets that pair with none (`unpaired`: a stroke's remnant,
    10万」です)."""
    return lexicon.uncovered(as_words(text)) + broken_dates(text) + unpaired(text)


def unpaired(text: str) -> int:
    """How many brackets of `text` (a line) pair with none: a fax's stroke read as a bracket
    (10万」です for 10万円です, 20|】問 for 20日間, 着「前 for 着工前), the opening ones left
    open included. The closing bracket of a list's number at the line's start (1）, a）,
    ①）) pairs with nothing and is not counted; a parenthesis that runs over two lines
    is, on each, but both readers then read it, and their readings differ elsewhere. A pair
    with nothing inside is a box read as its sides, and counts too (定[]20名 for 定員)."""
    text = _LIST_NUMBER.sub("", text, count=1).translate(_BRACKET_WIDTH)
    opened: list[str] = []
    alone = 0
    for previous, char in itertools.pairwise(" " + text):
        if char in _OPENING:
            opened.append(char)
        elif char in _CLOSING:
            partner = _OPENING[_CLOSING.index(char)]
            if opened and opened[-1] == partner:
                opened.pop()
                alone += previous == partner
            else:
                alone += 1
    return alone + len(opened)


def as_words(text: str) -> str:
    """`text` with its era names before a number and its counters after one (`_NUMBERED`)
    written as digits, which the words do not count: as `left_over` reads a line."""
    return _NUMBERED.sub(_as_digits, text)


def broken_dates(text: str, today: date | None = None) -> int:
    """How many dates in `text` cannot be: a month after 年 not followed by 月 (5年5J3日), a
    day after 月 that is not followed by 日 (nor by a range or list mark: 4月1～3日,
    4月1、2日), or is no day of that month (4月31日); and
    an era's year it never reached (平成32年), or for 令和 one more than `ERA_AHEAD` years
    after `today`'s (令和18年 in 2026: a 1 read into 令和8年)."""
    broken = len(_MONTH_LOST.findall(text))
    for found in _DATE.finditer(text):
        month, day, after = int(found[1]), int(found[2]), found[3]
        if not _is_day(month, day) or not after:
            broken += 1
    reiwa = _latest_reiwa(today)
    for found in _ERA_YEAR.finditer(text):
        if int(found[2]) > _ERA_YEARS.get(found[1], reiwa):
            broken += 1
    return broken


def _latest_reiwa(today: date | None = None) -> int:
    """The latest 令和 year a date may hold: `ERA_AHEAD` years after `today`'s."""
    return (today or date.today()).year - _REIWA_BEFORE + ERA_AHEAD


def _as_digits(match: re.Match[str]) -> str:
    return "0" * len(match[0])


def mended_pieces(pieces: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """`pieces` with `mended_text` applied to the line they make, cut
    into single characters where a piece replaces as many: 日 goes to the first stroke it
    replaces, the other stroke is left empty; a character added (a lost 午) goes to the
    piece before it."""
    units: list[tuple[int, int, str]] = []
    for start, end, text in pieces:
        if len(text) == end - start:
            units += [(start + k, start + k + 1, char) for k, char in enumerate(text)]
        else:
            units.append((start, end, text))
    line = pieces_text(units)
    fixed = mended_text(line)
    if fixed == line:
        return pieces
    owner = [number for number, (_, _, text) in enumerate(units) for _ in text]
    texts: list[list[str]] = [[] for _ in units]
    for op, start, end, first, last in SequenceMatcher(None, line, fixed,
                                                       autojunk=False).get_opcodes():
        if op == "equal":
            for at in range(start, end):
                texts[owner[at]].append(line[at])
        elif start < end:
            texts[owner[start]].append(fixed[first:last])
        else:  # added (a lost 午): to the piece of the character before, or the first
            texts[owner[max(0, start - 1)]].append(fixed[first:last])
    return [(start, end, "".join(text))
            for (start, end, _), text in zip(units, texts, strict=True)]


def mended_text(text: str, lookalikes: bool = True) -> str:
    """`text` with `monthed`, `days_counted`, `month_ended`, `telephoned`, `not_numbered`,
    `ranged`, `era_yeared`, `dated`, `addressed`, `timed`, `clocked`, `counted_one`,
    `uprighted`, `applied`, `politely_ended`, `undoubled` and, with `lookalikes`,
    `to_ward_words` applied in turn."""
    mends = (monthed, days_counted, month_ended, telephoned, not_numbered, ranged, era_yeared,
             dated, addressed, timed, clocked, counted_one, uprighted, applied, politely_ended,
             undoubled)
    for mend in (*mends, to_ward_words) if lookalikes else mends:
        text = mend(text)
    return text


def in_place(parts: list[str], start: int, end: int, candidates: str) -> str | None:
    """Of `candidates`, the one that, put in place of `parts[start:end]`, leaves the line
    the parts make least doubtful, if less than it is, or as doubtful with more of it in the
    ward's words (`_judged`: 窓へ → 窓口へ, 1事期間 → 工事期間, 土曜は → 土曜日は); None
    when none does."""
    least, best = _judged("".join(parts)), None
    for candidate in candidates:
        judged = _judged("".join([*parts[:start], candidate, *parts[end:]]))
        if judged < least:
            least, best = judged, candidate
    return best


def _judged(line: str) -> tuple[int, int]:
    """How doubtful `line` reads (`left_over`), then how little of it is in the ward's
    words: the less, the better."""
    return left_over(line), -lexicon.in_ward_words(line)


def pieces_text(pieces: list[tuple[int, int, str]]) -> str:
    return "".join(text for _, _, text in pieces)


def monthed(text: str) -> str:
    """`text` with the 月 of a date put back where a fax left 川 (its uprights) or 円 (a
    look-alike) after a month's number, before a part of the month (10川下旬, 11円上旬 →
    10月下旬, 11月上旬) or, for 川, before a day (5川3日 → 5月3日). 円 before a day stays
    (300円3日間 is a price). 日 or 目 before 上旬, 中旬 or 下旬 is a 月 too (5日下旬,
    11目下旬 → 5月下旬, 11月下旬): those follow a month, never a day. The 旬 of those,
    read as 句 or 付, is put back too (4川下付 → 4月下旬)."""
    def put_back(found: re.Match[str]) -> str:
        return found[0] if not 1 <= int(found[1]) <= 12 else f"{found[1]}月"
    return _TEN_DAYS.sub("旬", _MONTH_REMNANT.sub(put_back, text))


def applied(text: str) -> str:
    """`text` with the 申 of 申込 or 申し込み put back where a fax left its two uprights, read
    as い (お申し込み read as おいし込み, 申込書 as い込書: `_APPLY`). After a kanji, い
    before 込 is okurigana and stays (払い込み, 振り込み, 追い込み)."""
    return _APPLY.sub("申", text)


def politely_ended(text: str) -> str:
    """`text` with です and ます put back where a fax's speck made す a ず (`_SPECKED_ENDING`:
    無料でず定員 → 無料です定員, いたしまず。 → いたします。)."""
    return _SPECKED_ENDING.sub("す", text)


def days_counted(text: str) -> str:
    """`text` with the 日 of a count of days put back where a fax left its uprights (1, 11,
    |), 川 or H between the number and 間, 前 or 後 (501間, 3011間, 60川前 → 50日間, 30日間,
    60日前): a number is followed there by no other counter a fax leaves so."""
    return _DAY_COUNT.sub("日", text)


def month_ended(text: str) -> str:
    """`text` with the 末日 of a month (its last day) put back after 月 where a fax left 未,
    木 or 本 for 末, or the uprights, 川 or H for 日 (同月末11まで, 同月未11まで, 9月木川,
    10月末川, 同月本日まで → 同月末日まで, 10月末日): nothing else follows 月 so (1か月未満
    stays)."""
    return _MONTH_END.sub("末日", text)


def telephoned(text: str) -> str:
    """`text` with TEL put back before a telephone number where a fax left it as T'FI.,
    TFL, TE1, TE, 'TII, T1L., TET,, THI or TFJ. (`_TEL`); TEL. read as such stays. No.
    before a number read as N0. is put back too, and a speck inside a telephone number
    read as a colon, dot, comma or quote is dropped (03-1:331-3582)."""
    def unspecked(found: re.Match[str]) -> str:
        number = _SPECKS_IN_PHONE.sub("", found[0])
        return number if len(number) == len(found[0]) - 1 and _PHONE_DIGITS.fullmatch(
            number) else found[0]
    text = _PHONE.sub(unspecked, _NUMBER_SIGN.sub("No.", text))
    return _TEL.sub(lambda found: found[0] if found[0] in ("TEL", "TEL.") else "TEL", text)


def ranged(text: str) -> str:
    """`text` with the wave dash of a range between two numbers put back where it was read
    as て or こ (30て40% → 30～40%: Tesseract's reading of Mincho's ～ on a fax), or written
    as 〜 or ~ (the recognizer's): ～, the character the CSV's CP932 reads its wave dash
    back as. A hyphen or ー between numbers is left alone: it may be a telephone number's;
    so is a line without kana or kanji (Version 1~2)."""
    if not any(map(lexicon.is_kana_or_kanji, text)):
        return text
    return _RANGE_READ.sub("～", text)


def not_numbered(text: str) -> str:
    """`text` with 方 put back where a fax left it as 万 with no number before it and a
    particle after it (`_NOT_TEN_THOUSAND`: 69歳までの万ができます → の方が; 1万を, 数万は
    and 万が一 stay)."""
    return _NOT_TEN_THOUSAND.sub("方", text)


def era_yeared(text: str, today: date | None = None) -> str:
    """`text` with the 令和 year of a day (令和15年5月1日) that cannot be (`broken_dates`:
    more than `ERA_AHEAD` years after `today`'s) read without its first 1 where that
    leaves one that can: a fax's speck before the year read as 1 (令和15年5月1日 →
    令和5年5月1日 in 2026). A year with no month after it stays: a long plan may run to
    令和17年度."""
    reiwa = _latest_reiwa(today)

    def put_back(found: re.Match[str]) -> str:
        year = found[1]
        if int(year) <= reiwa or not year.startswith("1") or not 1 <= int(year[1:] or 0) <= reiwa:
            return found[0]
        return f"令和{year[1:]}年"
    return _REIWA_DAY.sub(put_back, text)


def dated(text: str) -> str:
    """`text` with the 日 of a date put back where a fax left only its uprights: a day after
    月, then one or two strokes (1, l, |, ]) and no 日 (4月311 → 4月3日, 7月11|| →
    7月11日), when exactly one reading of them is a day of that month followed by 日 (5月31
    stays: 31日 with 日 lost, or 3日), or two are, one of them with two strokes (7月211 →
    7月2日, not 21日: 日 leaves its two uprights more often than one); and where it left
    nothing of it, before the rest of the line (3月3までに → 3月3日までに, 4月15（必着）)."""
    def put_back(found: re.Match[str]) -> str:
        month, run, after = int(found[1]), found[2], found[3]
        if after and after in _AFTER_DAY:
            return found[0]
        days: list[str | None] = [None] if run.isdigit() and _is_day(month, run) else []
        for k in (1, 2):
            day, strokes = run[:k], run[k:]
            if (day.isdigit() and _is_day(month, day) and 1 <= len(strokes) <= 2
                    and all(char in _STROKES for char in strokes)):
                days.append(day)
        if len(days) == 2 and None not in days:
            days = days[:1]  # the one with two strokes
        if len(days) != 1 or days[0] is None:
            return found[0]
        return f"{found[1]}月{days[0]}日{after}"

    def lost(found: re.Match[str]) -> str:
        month, day = int(found[1]), found[2]
        return f"{found[0]}日" if _is_day(month, day) else found[0]
    return _DAY_LOST.sub(lost, _REMNANT.sub(put_back, text))


def uprighted(text: str) -> str:
    """`text` with an upright read for a kanji whose crossbars a fax lost put back: a 1, l,
    I, | or H that is not part of a number or a Latin word and stands next to a kanji
    (`_LONE_UPRIGHT`), replaced by the kanji of `_CROSSBARRED` that leaves the line least
    doubtful, if less than it was, or as doubtful with more of it in the ward's words
    (1事期間 → 工事期間, 平1 → 平日, H時 → 日時); and two or three uprights at the line's
    start before a kanji by 口 or 日 on the same terms (`_BOX_AT_START`: 11座振替 →
    口座振替)."""
    chars = list(text)
    places = [(found.span(), _CROSSBARRED) for found in _LONE_UPRIGHT.finditer(text)]
    places += [(found.span(), BOXES) for found in _BOX_AT_START.finditer(text)]
    for (start, end), candidates in places:
        kanji = in_place(chars, start, end, candidates)
        if kanji is not None:  # the places of the characters after it stay those of `text`
            chars[start:end] = [kanji, *[""] * (end - start - 1)]
    return "".join(chars)


def addressed(text: str) -> str:
    """`text` with the 丁目 of an address put back where a fax left a hook or a bar for 丁
    and read 目 as 日, H or its uprights (4」H, 4J日, 4丁日, 1TH, 4「目, 1」11 → 4丁目):
    after a number, nothing else reads so. Uprights followed by a digit or a date's or
    time's counter stay (「第3」11月)."""
    return _BLOCK_NUMBER.sub("丁目", text)


def timed(text: str) -> str:
    """`text` with the 午 of a time of day put back where a fax left a look-alike or nothing:
    before 前 or 後 followed by an hour (生前10時, 个後5時, 受付時間前8時 → 午前10時,
    午後5時, 受付時間午前8時; 生後3か月 and 3時間 stay), and after 正 or 止 for 正 (正生まで,
    止生まで → 正午まで).
    Nothing else in a notice reads so: 生前 and 生後 are words, but not before an hour."""
    def put_back(found: re.Match[str]) -> str:
        if found[1] is None and found.start() and text[found.start() - 1] in _NOT_AFTER:
            return found[0]
        return "午" + found[2]
    return _NOON.sub("正午", _HOUR_MARK.sub(put_back, text))


def clocked(text: str) -> str:
    """`text` with the 時 of a time of day put back after 午前 or 午後 where a fax lost it
    between the hour and the minutes or left a speck of it (午前830分, 午前8130分 →
    午前8時30分; 午前1130分 is 11時30分, the hour read whole where it can be) or left it
    as uprights or slashes (午後5I\\まで, 午前10川 → 午後5時まで, 午前10時), the hour
    being one of 0 to 12 and the minutes under 60, or a speck read as 1 before it made an
    hour of more than 12 (午前91時 → 午前9時); and 川 after a kanji before 間 put back as
    時 or 日, whichever leaves the line less doubtful (受付川間 → 受付時間: `in_place`)."""
    def split(found: re.Match[str]) -> str:
        run = found[2]
        for lost in (0, 1):  # nothing left of 時, or a speck
            hours, speck, minutes = run[:-2 - lost], run[len(run) - 2 - lost:-2], run[-2:]
            if (hours.isdigit() and len(hours) <= 2 and int(hours) <= 12
                    and minutes.isdigit() and int(minutes) <= 59
                    and all(char in SPECKS for char in speck)):
                return f"{found[1]}{hours}時{minutes}"
        return found[0]

    def hour(found: re.Match[str]) -> str:
        return found[0] if int(found[2]) > 12 else f"{found[1]}{found[2]}時"

    def speck(found: re.Match[str]) -> str:
        hours = found[0][len(found[1]):]
        return found[0] if int(hours.translate(_AS_ONE)) <= 12 else f"{found[1]}{found[2]}"
    text = _HOUR_SPECK.sub(speck, _HOUR_LEFT.sub(hour, _CLOCK_RUN.sub(split, text)))
    chars = list(text)
    for found in _HOURS_LEFT.finditer(text):
        chars[found.start()] = in_place(chars, found.start(), found.end(), "時日") or "川"
    return "".join(chars)


def counted_one(text: str) -> str:
    """`text` with a 1 put back before a counter where a fax left it as a bracket or an
    upright (`_ONE_COUNTED`), if that leaves the line less doubtful (`left_over`:
    手数料]点につき → 手数料1点につき; 注意]点検 stays)."""
    for found in reversed(list(_ONE_COUNTED.finditer(text))):
        tried = text[:found.start()] + "1" + text[found.end():]
        if left_over(tried) < left_over(text):
            text = tried
    return text


def undoubled(text: str) -> str:
    """`text` with a kanji or katakana read twice side by side read once, where that leaves
    the line less doubtful (`left_over`: 本人人確認 → 本人確認). Japanese writes a repeated
    kanji with 々, so two alike meet only where two words do, and those stay (会社社長)."""
    at = 0
    while at + 1 < len(text):
        if (text[at] == text[at + 1] and lexicon.counted(text[at])
                and left_over(text[:at] + text[at + 1:]) < left_over(text)):
            text = text[:at] + text[at + 1:]
        else:
            at += 1
    return text


def to_ward_words(text: str) -> str:
    """`text` with a katakana or kanji replaced by one of its fax look-alikes, the
    recognizer's or Tesseract's (`either_lookalikes`: the line may hold both readers'
    characters), one at a time, where that leaves the line less doubtful (`left_over`:
    白己負担 → 自己負担, 仕所 → 住所), or as doubtful with more of it in the ward's words
    (`lexicon.in_ward_words`: 中込み, a family name Tesseract and the recognizer both read
    for 申込み, → 申込み; 開店時間 → 開庁時間), unless the grammar knows the ward's words
    made and reads the line worse with them (`ward_words_fit`: 公開抽選 stays, though 公園
    is one of the ward's words and 公開 is not)."""
    chars = list(text)
    for _ in range(len(chars)):
        leader = "".join(chars)
        least, best = _judged(leader), None
        for at, char in enumerate(chars):
            for other in either_lookalikes(char):
                tried = "".join([*chars[:at], other, *chars[at + 1:]])
                doubt = left_over(tried)
                if doubt > least[0]:
                    continue  # more doubtful: the ward's words need not be counted
                score = (doubt, -lexicon.in_ward_words(tried))
                if score < least and (doubt < least[0] or ward_words_fit(tried, leader, [at])):
                    least, best, leader = score, (at, other), tried
        if best is None:
            break
        chars[best[0]] = best[1]
    return "".join(chars)


def ward_words_fit(tried: str, leader: str, places: Iterable[int]) -> bool:
    """Whether `tried`, a line with other characters put in at `places` that leaves it as
    doubtful as `leader` but with more of it in the ward's words, may take `leader`'s
    place: unless each ward's word it makes there is one word to the grammar
    (`grammar.one_word`) and the grammar reads `tried` worse (`grammar.cost`). The ward's
    words are a likelier reading on a ward's paper only where the words alone cannot tell:
    公開抽選 made 公園抽選 (公園 is one of them, 公開 is not), which the grammar reads worse.
    It knows nothing of 開庁 (開 then 庁), so 開店時間 still becomes 開庁時間."""
    made = [word for at in places for word in lexicon.ward_words_at(tried, at)]
    return (not made or not all(map(grammar.one_word, made))
            or grammar.cost(tried) <= grammar.cost(leader))


def _is_day(month: int, day: str | int) -> bool:
    """Whether `month` is one and `day` a day of it."""
    return 1 <= month <= 12 and 1 <= int(day) <= _DAYS[month - 1]


@lru_cache(maxsize=1)
def lookalikes() -> dict[str, tuple[str, ...]]:
    """The fax look-alikes of each katakana or kanji the recognizer read (`LOOKALIKES`): the
    characters it stood for on faxed pages without the recognizer offering them, most
    often first."""
    return _table(LOOKALIKES)


@lru_cache(maxsize=1)
def tesseract_lookalikes() -> dict[str, tuple[str, ...]]:
    """The fax look-alikes of each katakana or kanji Tesseract read
    (`TESSERACT_LOOKALIKES`): the characters it stood for on faxed pages, most often
    first."""
    return _table(TESSERACT_LOOKALIKES)


def either_lookalikes(char: str) -> tuple[str, ...]:
    """The look-alikes of `char` in a line either reader may have given: the recognizer's
    (`lookalikes`), then Tesseract's (`tesseract_lookalikes`), then for a katakana of the
    ハ row its other sound mark (`_SOUND_MARKS`: ベ for ペ)."""
    return tuple(dict.fromkeys((*lookalikes().get(char, ()),
                                *tesseract_lookalikes().get(char, ()),
                                *_SOUND_MARKS.get(char, ""))))


def _table(path: Path) -> dict[str, tuple[str, ...]]:
    """A look-alike table: per line, a character read, then those it stood for."""
    table: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            read, *meant = line.split()
            table[read] = tuple(meant)
    return table

