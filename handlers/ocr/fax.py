"""Fax pages: doubtful text lines read a second time, and the readings joined by the words.

A fax sent in normal or fine mode (200×100, 204×98, 204×196 dpi) keeps a thin stroke only
where it happens to fall on one of the fax's lines: in Mincho type, 日 loses its middle, 車
and 申 their crossbars, 天 its top. Tesseract then reads 十 for 手, 大 for 天, 県 for 票,
and no setting of the image brings the strokes back (docs/benchmarks.md, "What the fax pages
lack"). What is left to tell them apart is a second reader that errs elsewhere and the
words around them:

- each line Tesseract found and is unsure of (`DOUBTFUL`) is read again by the line
  recognizer of form fields (PP-OCRv5, `handwriting`), within the characters of
  Shift_JIS (cp932: what a Japanese document holds, so no simplified Chinese 顺 for 順);
- in the recognizer's line, a character is replaced by one of its alternatives (at least
  `LIKELY` probable), or two neighbours by theirs, where that makes a word or a date
  (待 → 特 in 特に, 1 → 日 in 4月3日, 小句 → 中旬), or more of the ward's words (申込きは →
  申込書は); the alternatives of a katakana or
  kanji include its fax look-alikes, the characters a fax's lost strokes were measured to
  turn into it without the recognizer offering them (`lookalikes`: 中 for 申, 白 for 自,
  人 for 入); of two that make as good a line, the one with more of the ward's words
  (申込み, not the family name 中込), then the one Tesseract read there (場合, not the
  name 陽介);
- where the two readings differ, each differing piece is taken from the reading that
  leaves the line less doubtful (`left_over`: its katakana and kanji outside words, era
  names and counters after numbers counting as words, and its dates that cannot be: 4月31,
  令和18年 in 2026), the recognizer's on a tie (it reads the thin strokes that are there
  better) unless it drops a character or reads a kanji as digits there, or offered
  Tesseract's kanji among its own alternatives (`SECONDED`: 金 at 0.12 beside its 企) or
  Tesseract's puts more of the line in the ward's words (証明書, not 証明き); a
  kana or kanji only Tesseract read is kept unless it repeats its neighbour (本人人) or
  the recognizer's line has no room for it there (`ROOM`: ら和警察, 警 read as two), one
  only the recognizer read is not dropped for being no word (の方は), and uprights only
  Tesseract read after a kanji are tried as 口 or 日 (窓||へ → 窓口へ);
- a month's 月 read as 川, 円, 日 or 目 (10川下旬, 5日下旬: `monthed`) and a day's 日 of which
  only the uprights are left (4月311, 7月11||) are put back, the 日 when just one reading
  of the strokes makes a day of that month or, of two, the one with both uprights, and
  where nothing of it is left before the rest of the line (3月3までに: `dated`), the 日 of
  a count of days (501間, 60川前: `days_counted`), a month's 末日 (同月未11:
  `month_ended`), TEL before a telephone number (T'FI. 03-: `telephoned`), the 丁目 of
  an address
  (4」H, 2丁日, 1TH, 1」11, 1目: `addressed`), the 午 of a time of day (生前10時, 个後5時,
  正生: `timed`) and a kanji of which only an upright is left (1事期間, 平1: `uprighted`);
  and in the line chosen, whichever reader it came from, a look-alike
  (the recognizer's, or Tesseract's: `tesseract_lookalikes`, 店 for 庁, 仕 for 住) is put
  where that makes a word, or more of the ward's words (`to_ward_words`: 中込み, a family
  name both readers gave, becomes 申込み). These menders apply to the lines not read
  again too (`mended_line`): a line whose every word is one may still be wrong (開店時間
  for 開庁時間). They apply to every horizontal Japanese line of a page that is no fax as
  well (`engine`): 8 pt Mincho reads 口座 as 日座 and 申込み as 貼込み.
- last, in a line read again, a katakana or kanji still outside words (or a character
  beside one) is replaced by a character the recognizer heard at its steps, or by a fax
  look-alike, where that makes a word and the recognizer, weighing the whole line over
  every way its steps spell it (`ctc.Steps`), finds the line at most `HEARD` less likely
  than the likeliest it has been (`heard_words`: 不籍 → 不審, 通坂 → 通報, 貼請書 →
  申請書): the words alone would take any look-alike, the recognizer alone its own
  misreadings (申 as 中).

The words are Tesseract's word list and the ward's own (`lexicon.ward_words`: 区民, 開庁,
事務所, which the list lacks while it has 区長, 開店 and 事務).

Measured on the benchmark's 64 fax pages (docs/benchmarks.md): mean CER 1.34 % with
Tesseract alone, 0.77 % with the words, 0.35 % with dates and counters too; on 576 fax
pages of three lists of notice lines, two of them written after the rules (`--set
fax-other`), 0.90 % before the ward's words, brackets, neighbours and lines read as nothing,
0.48 % after (pages over 3 %: 33 and 12); the look-alikes took 144 pages of those lists
from 0.58 to 0.47 %, and 144 pages no rule was set on from 0.55 to 0.45 %
(docs/benchmarks.md, "Fax look-alikes"); Tesseract's kanji kept where the recognizer
offered it too (`SECONDED`), more of 丁目's remnants, lines read as raw lines and the 午
of times took 144 pages drawn afterwards from 0.48 to 0.38 %, and Tesseract's look-alikes
to 0.36 % ("Fax lines, third round"); every line mended, the middle dot no katakana,
characters with no room dropped and the rest of "Fax lines, fourth round" took 960 pages of
the three lists from 0.37 to 0.26 %, and 192 pages of a fourth list written afterwards
(`--set fax-fresh`) from 0.64 to 0.37 %; every unsure line read again, the lost 日 and TEL
and Tesseract's characters among the alternatives ("Fax lines, fifth round") took 1,440
pages of all four lists from 0.29 to 0.25 %, 480 pages drawn afterwards from 0.30 to 0.27 %
and 384 drawn last from 0.30 to 0.27 %; what the recognizer heard ("Fax lines, sixth
round") read 24 of 480 pages better and none worse (0.288 to 0.253 %); look-alikes
measured on pages half of the ward's words, the bar that rises with the line and the 末日
("Fax lines, seventh round") took 576 pages from 0.270 to 0.238 %, and 480 drawn after
it all from 0.265 to 0.221 %.
Without the recognizer's files (`yomitori models install`) faxes are read by Tesseract
alone, their lines mended.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from handlers.ocr import ctc, handwriting, lexicon, models
from handlers.ocr.layout import Line, Word
from handlers.ocr.text import in_cp932

DOUBTFUL = 0.85
"""A line is read again when Tesseract is less sure than this of one of its words
(`_doubtful`). On the benchmark's 64 fax pages a bar of 0.8 let one page more over 3 %.
Until the fifth round (docs/benchmarks.md, "Fax lines, fifth round") only such lines with
some katakana or kanji outside words were read again: a line of words was taken as read.
But a fax turns words into other words (場合 into 陽介, 申請 into 小諸), and the choice
between the two readings has since learnt to weigh them: on 1,440 fax pages, reading every
unsure line took 46 pages better and 10 worse (on 480 drawn afterwards, 13 and none), for
61 % of the lines read again instead of 48 %."""
LIKELY = 0.01
"""An alternative at least this probable may replace a kanji of the recognizer's reading."""
SECONDED = 0.03
"""Where both readings leave a line as doubtful, a kanji or katakana Tesseract read is kept
when the recognizer offered it at least this probable among its alternatives (負担金 read
by Tesseract, 負担企 by the recognizer with 金 at 0.12: neither makes a word, and both
readers saw 金). On the 288 fax pages this was set on it read 12 pages better and 2 worse
(at 0.1: 9 and 1), on 144 others 4 better and none worse (docs/benchmarks.md)."""
ROOM = 1.5
"""A kana or kanji only Tesseract read is dropped where the recognizer's characters on
either side of it stand at most this many character pitches apart, centre to centre (the
median step of its line): there is no room for another character there, and Tesseract read
one as two (ら和警察: the left of 警 read as 和, then 警察). On 1,152 fax pages, of the 483
such characters with a neighbour on either side, none of the 52 at 1.5 pitches or less was
right, and 308 of the 431 further apart were (docs/benchmarks.md, "Fax lines, fourth
round")."""
HEARD = 2.0
"""How much less likely (natural log) the recognizer may find a line, summed over every way
its steps spell it (`ctc.Steps.likelihood`), once a character outside words is replaced by
another heard at its steps (`heard_words`): 不籍 → 不審 where 審 was heard beside 籍."""
HEARD_MOST = 20
"""How many of the characters heard between a character's neighbours `heard_words` tries
in its place, the most probable first, each at least `HEARD_LEAST` probable at one step
there (the best path spends a single step on a character: 審 was 13th of those heard beside
籍)."""
HEARD_LEAST = 1e-4
LOOKALIKE = LIKELY
"""The probability given to a fax look-alike (`lookalikes`) the recognizer did not offer: as
little as an alternative may have, so that one it offered wins where both make a word."""
LOOKALIKES = Path(__file__).with_name("fax_lookalikes.txt")
TESSERACT_LOOKALIKES = Path(__file__).with_name("fax_lookalikes_tesseract.txt")
PADDING = 4  # pixels of the page round a line's box, cut out for the recognizer
_SPACE = re.compile(r"\s+")
_COUNTERS = ("(?:年|日|時|週|か月|ヶ月|ケ月)間|年度|(?:日|回|人|番)目"
             "|年|月|日|時|分|秒|円|名|人|階|点|歳|才|回|件|号|番|枚|部|冊|通|台|個|週|丁目"
             "|か月|ヶ月|ケ月")
_NUMBERED = re.compile(
    rf"(?:令和|平成|昭和)(?=[\d元])|(?<=[和成])元(?=年)|(?<=\d)(?:{_COUNTERS})[前後]?")
"""An era name before a number, and a counter after one, with 前 or 後 after it (60日前, 1年後):
words the word list lacks (it predates 令和, and holds 年, 日 and 階 only inside longer words).
Without 前, 60日前 read worse than 60目前 (目前 is a word)."""
_RANGE_MARKS = "～〜~-－、,・"  # 4月1～3日, 4月1、2日: a day that 日 need not follow
_DATE = re.compile(rf"(?<!\d)(\d{{1,2}})月(\d{{1,3}})(日|[{re.escape(_RANGE_MARKS)}]?)")
_MONTH_LOST = re.compile(r"(?<!\d)\d{1,4}年\d{1,2}(?![\d月])")  # 令和5年5J3日: no 月
_REMNANT = re.compile(r"(?<!\d)(\d{1,2})月([\dlI|｜\[\]HＨ]{2,4})(.?)")
_MONTH_REMNANT = re.compile(
    r"(?<![\d.,])(\d{1,2})(?:川(?=\d{1,2}日)|[川円](?=[上中下初][旬句付]|末)"
    r"|[日目](?=[上中下][旬句]))")
"""A month's number, then 川 or 円 for its 月, before a part of the month or (川) a day; or
日 or 目 before 上旬, 中旬 or 下旬, which follow a month and never a day."""
_DAY_LOST = re.compile(
    rf"(?<!\d)(\d{{1,2}})月(\d{{1,2}})(?=[^\d\s日HＨ1lI|｜\[\]{re.escape(_RANGE_MARKS)}])")
"""A month and day with no trace of 日 left after it, before the rest of the line (3月3までに)."""
_DAY_COUNT = re.compile(r"(?<=\d)(?:[1lI|｜]{1,2}|[川HＨ])(?=[間前後])")
"""The 日 of a count of days before 間, 前 or 後 as a fax leaves it: its uprights, 川 or H
(501間, 60川前)."""
_MONTH_END = re.compile(r"(?<=月)(?:[末未](?:[1lI|｜]{1,2}|[川HＨ日])|本日)(?![\d1lI|｜日])")
"""The 末日 (last day) of a month as a fax leaves it: 末 read as 未 or 本, 日 as its uprights,
川 or H (同月末11, 同月未11, 10月末川, 同月本日)."""
_TEL = re.compile(r"(?<![A-Za-z])['‘’`]?T['‘’`]?(?:[EF][LI1l|｜]|E|[I1l|｜]{2})\.?"
                  r"(?=\s?0\d{1,4}-\d)")
"""TEL before a telephone number as a fax leaves it: E read as F or as an upright, L as I, 1
or |, a speck read as ' or . (T'FI. 03-, TFL03-, TE103-, TE 03-, 'TII 03-)."""
_STROKES = "1lI|｜[]HＨ"  # what the uprights of 日 are read as when its crossbars are lost
_UPRIGHTS = "lI|｜"  # and of 口 or 日 after a kanji, where no digit 1 would stand
_BOXES = "口日"
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
_HOUR_MARK = re.compile(r"(?<!\d)([生个牛年千十])?(?<!午)([前後])(?=\d{1,2}時(?!間))")
"""午前 and 午後 before a time (午前9時) as a fax leaves them: 午 read as a look-alike (生,
个, 牛, 年, 千, 十) or lost."""
_NOON = re.compile(r"(?<=正)[生个牛年千十](?![\u3400-\u9fff])")
"""正午 with its 午 read as a look-alike (正生まで)."""
_NOT_AFTER = "以事直寸手食最空今前課"
"""以前, 事前, 直前, 今後, 前後, 放課後...: 前 or 後 that no 午 was lost from."""
_ERA_YEAR = re.compile(r"(令和|平成|昭和)(\d{1,3})年")
_ERA_YEARS = {"昭和": 64, "平成": 31}  # the last year of each era that has ended
_REIWA_BEFORE = 2018  # 令和1年 is 2019
ERA_AHEAD = 5
"""Years after the present one that a 令和 year may be (plans and deadlines run a few years
ahead: 令和8年度～令和12年度)."""
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
Reader = Callable[[Line], "handwriting.Reading | None"]
"""The recognizer's reading of a line, None where the line is too small to read."""


def read_again(pixels: npt.NDArray[np.uint8], lines: list[Line]) -> list[Line]:
    """`lines` (Tesseract's, of the fax page `pixels`) with each line's text chosen between
    Tesseract's reading and the recognizer's (see the module docstring); as Tesseract read
    them, mended (`mended_line`), when the recognizer is not installed."""
    files = models.handwriting_files()
    model = None if files is None else handwriting.load(*files)
    if model is None:
        return [mended_line(line) for line in lines]
    gray = pixels if pixels.ndim == 2 else np.asarray(
        cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY), dtype=np.uint8)

    def read(line: Line) -> handwriting.Reading | None:
        crop = _cut(gray, line.box)
        return (model.read(crop, _shift_jis(model), steps=True)
                if min(crop.shape) >= PADDING else None)

    return joined_lines(lines, read)


def joined_lines(lines: list[Line], read: Reader) -> list[Line]:
    """`lines` with each doubtful one (`_doubtful`) joined with the recognizer's reading of
    it, `read(line)` (None: too small to read), the others mended (`mended_line`). The
    benchmark's replay (`benchmarks.fax_replay`) calls this with readings it kept."""
    again = []
    for line in lines:
        reading = read(line) if _doubtful(line) else None
        again.append(mended_line(line) if reading is None else _joined(line, reading))
    return again


def _doubtful(line: Line) -> bool:
    """Whether `line` is worth reading again: Tesseract is less sure than `DOUBTFUL` of one
    of its words, whether or not they are words (a fax's 陽介 for 場合 is one)."""
    return any(word.confidence < DOUBTFUL for word in line.words)


def _cut(gray: npt.NDArray[np.uint8], box: tuple[int, int, int, int]) -> npt.NDArray[np.uint8]:
    x0, y0, x1, y1 = box
    return np.ascontiguousarray(gray[max(0, y0 - PADDING):y1 + PADDING,
                                     max(0, x0 - PADDING):x1 + PADDING])


@lru_cache(maxsize=2)
def _shift_jis(model: handwriting.Recognizer) -> handwriting.Alphabet:
    return model.alphabet(in_cp932)


def _joined(line: Line, reading: handwriting.Reading) -> Line:
    """`line` with its words' text chosen between its own and `reading`'s; each word keeps
    its box, and takes the chosen text of the characters it held."""
    own = _word_texts(line)
    theirs = _SPACE.sub("", reading.text)
    if not own or not theirs:
        return line
    # The alternatives are per character of the reading: of use only when it has no spaces.
    alternatives = (reading.alternatives
                    if len(reading.alternatives) == len(reading.text) == len(theirs) else None)
    if alternatives is not None:
        theirs = with_words(theirs, with_lookalikes(theirs, alternatives),
                            _facing("".join(own), theirs))
    crowded = _crowded(reading.spans) if len(reading.spans) == len(theirs) else frozenset()
    joined = _with_pieces(line, own, _mended(choose("".join(own), theirs, alternatives,
                                                    crowded)))
    if reading.steps is None:
        return joined
    chosen = _word_texts(joined)
    return _with_pieces(joined, chosen, _one_by_one(heard_words("".join(chosen), reading.steps)))


def _word_texts(line: Line) -> list[str]:
    """The text of each word of `line`, Tesseract's spaces inside it removed."""
    return [_SPACE.sub("", word.text) for word in line.words]


def _one_by_one(text: str) -> list[tuple[int, int, str]]:
    """`text` as pieces (`_with_pieces`) of one character each, in place."""
    return [(at, at + 1, char) for at, char in enumerate(text)]


def _crowded(spans: Sequence[tuple[float, float]]) -> frozenset[int]:
    """The places in a reading, by the characters' `spans` (fractions of the line's width),
    that have no room for another character (k: before the k-th, after the last for k = its
    length): the centres on either side at most `ROOM` pitches apart, the pitch being the
    median step from one character's centre to the next."""
    centres = [(start + end) / 2 for start, end in spans]
    if len(centres) < 3 or (pitch := statistics.median(
            after - before for before, after in itertools.pairwise(centres))) <= 0:
        return frozenset()
    # Half a pitch outside each end of the line stands a character that is not there: the
    # line's first and last characters have room before and after them only past it.
    centres = [-pitch / 2, *centres, 1 + pitch / 2]
    return frozenset(at for at, (before, after) in enumerate(itertools.pairwise(centres))
                     if after - before <= ROOM * pitch)


def mended_line(line: Line) -> Line:
    """`line` as Tesseract read it, mended as a line read again is (`_mended`: the 日 of its
    dates, the 丁目 of addresses, the 午 of times, look-alikes into the ward's words): a line
    may be wrong though every word of it is one (開店時間 for 開庁時間, 中込み for 申込み)."""
    own = _word_texts(line)
    return _with_pieces(line, own, _mended(_one_by_one("".join(own))))


def _with_pieces(line: Line, own: list[str], pieces: list[tuple[int, int, str]]) -> Line:
    """`line`, whose words read `own`, with the text of `pieces` (start, end in `own`'s
    characters, text): each word keeps its box, and takes the text of the characters it
    held."""
    if _text(pieces) == "".join(own):
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
    (`broken_dates`)."""
    return lexicon.uncovered(_as_words(text)) + broken_dates(text)


def _as_words(text: str) -> str:
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
    reiwa = (today or date.today()).year - _REIWA_BEFORE + ERA_AHEAD
    for found in _ERA_YEAR.finditer(text):
        if int(found[2]) > _ERA_YEARS.get(found[1], reiwa):
            broken += 1
    return broken


def _as_digits(match: re.Match[str]) -> str:
    return "0" * len(match[0])


def _mended(pieces: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """`pieces` with `monthed`, `days_counted`, `month_ended`, `telephoned`, `dated`,
    `addressed`, `timed`, `uprighted` and `to_ward_words` applied to the line they make,
    cut into single characters where a piece replaces as many: 日 goes to the first stroke
    it replaces, the other stroke is left empty; a character added (a lost 午) goes to the
    piece before it."""
    units: list[tuple[int, int, str]] = []
    for start, end, text in pieces:
        if len(text) == end - start:
            units += [(start + k, start + k + 1, char) for k, char in enumerate(text)]
        else:
            units.append((start, end, text))
    line = _text(units)
    fixed = line
    for mend in (monthed, days_counted, month_ended, telephoned, dated, addressed, timed,
                 uprighted, to_ward_words):
        fixed = mend(fixed)
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


def choose(own: str, theirs: str,
           alternatives: Sequence[Sequence[tuple[str, float]]] | None = None,
           crowded: frozenset[int] = frozenset()) -> list[tuple[int, int, str]]:
    """`own` (Tesseract's line) as pieces (start, end in `own`, text): where `theirs` (the
    recognizer's) differs, each piece is the text of the reading that leaves the line less
    doubtful (`left_over`); on a tie `theirs`, unless it holds fewer kana and kanji there (the
    recognizer drops a character, or reads strokes as digits: 日時 as 11時) or, one katakana
    or kanji for another, the recognizer offered `own`'s among its `alternatives` (per
    character of `theirs`) at least `SECONDED` probable, or `own`'s puts more of the line in
    the ward's words (証明書 for 証明き). A kana or kanji
    that only `own` read is kept even when dropping it leaves fewer characters outside
    words (区 in 詳しくは区の), unless it repeats its neighbour (本人人確認) or stands
    where `theirs` has no room for it (`crowded`: places between two of its characters, see
    `_crowded`); one that only `theirs` read is not dropped for being outside words.

    A replacement of more characters than it replaces is also tried as a replacement of as
    many plus the rest added (令利5年 and 令和15年: 和 from one, 5 from the other), at its
    end or its start; the least doubtful line wins, the replacement whole on a tie."""
    whole = _opcodes(own, theirs)
    best = _chosen(own, theirs, whole, alternatives, crowded)
    for split in ("end", "start"):
        codes = _opcodes(own, theirs, split)
        if codes != whole:
            pieces = _chosen(own, theirs, codes, alternatives, crowded)
            if left_over(_text(pieces)) < left_over(_text(best)):
                best = pieces
    return best


def _chosen(own: str, theirs: str, codes: list[tuple[str, int, int, int, int]],
            alternatives: Sequence[Sequence[tuple[str, float]]] | None = None,
            crowded: frozenset[int] = frozenset()) -> list[tuple[int, int, str]]:
    """The pieces of `choose` for the edits `codes`, each chosen in turn; `alternatives` and
    `crowded` as for `choose`."""
    texts = [own[start:end] if op == "equal" else theirs[first:last]
             for op, start, end, first, last in codes]
    for number, (op, start, end, first, last) in enumerate(codes):
        if op == "equal":
            continue
        seconded = (alternatives is not None and end - start == last - first == 1
                    and lexicon.counted(own[start]) and lexicon.counted(theirs[first])
                    and any(other == own[start] and probability >= SECONDED
                            for other, probability in alternatives[first]))
        mine = [*texts[:number], own[start:end], *texts[number + 1:]]
        ours, yours = left_over("".join(mine)), left_over("".join(texts))
        more = (_japanese(own[start:end]) > _japanese(texts[number])
                and not (op == "delete" and (_repeated(own, start, end) or first in crowded)))
        if op == "insert" and not _repeated(theirs, first, last):
            yours -= _counted(texts[number])  # not more doubtful for being there
        if (ours < yours or ((more or seconded) and (ours == yours or op == "delete"))
                or (ours == yours and lexicon.in_ward_words("".join(mine))
                    > lexicon.in_ward_words("".join(texts)))):
            texts[number] = own[start:end]
        elif op == "delete" and _uprights(own, start, end):
            # 口 or 日 whose crossbars were lost, if either reads better than nothing.
            texts[number] = _in_place(texts, number, number + 1, _BOXES) or texts[number]
    return [(start, end, text) for (_, start, end, _, _), text in zip(codes, texts, strict=True)]


def _uprights(own: str, start: int, end: int) -> bool:
    """Whether `own[start:end]` is one or two uprights (|, l, I) after a kanji: what a fax
    leaves of 口 or 日 once their crossbars are lost (窓||へ)."""
    return (start > 0 and lexicon.is_kanji(own[start - 1]) and end - start <= 2
            and all(char in _UPRIGHTS for char in own[start:end]))


def _in_place(parts: list[str], start: int, end: int, candidates: str) -> str | None:
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


def _text(pieces: list[tuple[int, int, str]]) -> str:
    return "".join(text for _, _, text in pieces)


def _opcodes(own: str, theirs: str, split: str | None = None
             ) -> list[tuple[str, int, int, int, int]]:
    """`SequenceMatcher`'s edits from `own` to `theirs`, a replacement of as many characters
    as it replaces cut into one per character (先着大 and 先若順: 着 and 順 each chosen); with
    `split` ("end" or "start"), a replacement of more or fewer characters also cut, into as
    many replaced one by one and the rest added or dropped at that end."""
    codes: list[tuple[str, int, int, int, int]] = []
    for op, start, end, first, last in SequenceMatcher(None, own, theirs,
                                                       autojunk=False).get_opcodes():
        common = min(end - start, last - first)
        if op != "replace" or (split is None and end - start != last - first):
            codes.append((op, start, end, first, last))
            continue
        if split == "start":  # the rest first, then the characters replaced one by one
            rest_own, rest_theirs = end - start - common, last - first - common
            if rest_own or rest_theirs:
                codes.append(("delete" if rest_own else "insert", start, start + rest_own,
                              first, first + rest_theirs))
            start, first = start + rest_own, first + rest_theirs
        codes += [("replace", start + k, start + k + 1, first + k, first + k + 1)
                  for k in range(common)]
        if split != "start" and (end - start != common or last - first != common):
            codes.append(("delete" if end - start > common else "insert", start + common, end,
                          first + common, last))
    return codes


def monthed(text: str) -> str:
    """`text` with the 月 of a date put back where a fax left 川 (its uprights) or 円 (a
    look-alike) after a month's number, before a part of the month (10川下旬, 11円上旬 →
    10月下旬, 11月上旬) or, for 川, before a day (5川3日 → 5月3日). 円 before a day stays
    (300円3日間 is a price). 日 or 目 before 上旬, 中旬 or 下旬 is a 月 too (5日下旬,
    11目下旬 → 5月下旬, 11月下旬): those follow a month, never a day."""
    def put_back(found: re.Match[str]) -> str:
        return found[0] if not 1 <= int(found[1]) <= 12 else f"{found[1]}月"
    return _MONTH_REMNANT.sub(put_back, text)


def days_counted(text: str) -> str:
    """`text` with the 日 of a count of days put back where a fax left its uprights (1, 11,
    |), 川 or H between the number and 間, 前 or 後 (501間, 3011間, 60川前 → 50日間, 30日間,
    60日前): a number is followed there by no other counter a fax leaves so."""
    return _DAY_COUNT.sub("日", text)


def month_ended(text: str) -> str:
    """`text` with the 末日 of a month (its last day) put back after 月 where a fax left 未
    or 本 for 末, or the uprights, 川 or H for 日 (同月末11まで, 同月未11まで, 10月末川,
    同月本日まで → 同月末日まで, 10月末日): nothing else follows 月 so (1か月未満 stays)."""
    return _MONTH_END.sub("末日", text)


def telephoned(text: str) -> str:
    """`text` with TEL put back before a telephone number where a fax left it as T'FI.,
    TFL, TE1, TE or 'TII (`_TEL`); TEL. read as such stays."""
    return _TEL.sub(lambda found: found[0] if found[0] in ("TEL", "TEL.") else "TEL", text)


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
    (1事期間 → 工事期間, 平1 → 平日, H時 → 日時)."""
    chars = list(text)
    for found in _LONE_UPRIGHT.finditer(text):
        start, end = found.span()
        kanji = _in_place(chars, start, end, _CROSSBARRED)
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
    午後5時, 受付時間午前8時; 生後3か月 and 3時間 stay), and after 正 (正生まで → 正午まで).
    Nothing else in a notice reads so: 生前 and 生後 are words, but not before an hour."""
    def put_back(found: re.Match[str]) -> str:
        if found[1] is None and found.start() and text[found.start() - 1] in _NOT_AFTER:
            return found[0]
        return "午" + found[2]
    return _NOON.sub("午", _HOUR_MARK.sub(put_back, text))


def to_ward_words(text: str) -> str:
    """`text` with a katakana or kanji replaced by one of its fax look-alikes, the
    recognizer's or Tesseract's (`either_lookalikes`: the line may hold both readers'
    characters), one at a time, where that leaves the line less doubtful (`left_over`:
    白己負担 → 自己負担, 仕所 → 住所), or as doubtful with more of it in the ward's words
    (`lexicon.in_ward_words`: 中込み, a family name Tesseract and the recognizer both read
    for 申込み, → 申込み; 開店時間 → 開庁時間)."""
    chars = list(text)
    for _ in range(len(chars)):
        least, best = _judged("".join(chars)), None
        for at, char in enumerate(chars):
            for other in either_lookalikes(char):
                tried = "".join([*chars[:at], other, *chars[at + 1:]])
                doubt = left_over(tried)
                if doubt > least[0]:
                    continue  # more doubtful: the ward's words need not be counted
                score = (doubt, -lexicon.in_ward_words(tried))
                if score < least:
                    least, best = score, (at, other)
        if best is None:
            break
        chars[best[0]] = best[1]
    return "".join(chars)


def heard_words(text: str, steps: ctc.Steps) -> str:
    """`text` (a line read again, joined and mended) with a katakana or kanji outside words,
    or a character beside one, replaced by a character heard between its neighbours
    (`steps`: the `HEARD_MOST` most probable there) or by one of its fax look-alikes, one
    at a time, where that leaves the line less doubtful (`left_over`) and the recognizer
    finds it at most `HEARD` less likely than the likeliest the line has been, as read or
    once replaced: 不籍 → 不審, 保物所 → 保管所, 通坂 → 通報. Of several, the most likely.
    A kanji is not replaced by a kana, which the words do not count (不籍 → 不がな). The bar
    rises as replacements make the line likelier: 営察 → 警察 and 通幸 → 通報 must not pay
    for 不審な人 → 不審女人 (女人 is a word, 人 alone none)."""
    floor, current = -math.inf, None
    for _ in range(len(text)):
        doubt = left_over(text)
        if not doubt:
            break
        outside = lexicon.outside_words(_as_words(text))
        if not outside:
            break  # only its dates are doubtful: `dated` and `monthed` see to those
        places = steps.places(text)
        best = text
        if current is None:
            current = steps.likelihood(text)
        floor = least = max(floor, current - HEARD)
        for at in sorted({near for place in outside for near in (place - 1, place, place + 1)
                          if 0 <= near < len(text)}):
            char = text[at]
            # Heard anywhere between the neighbours' steps: the path spends one step on it.
            start = places[at - 1][1] if at else 0
            end = places[at + 1][0] if at + 1 < len(text) else len(steps.probabilities)
            for other in dict.fromkeys([*steps.heard(start, end, HEARD_MOST, HEARD_LEAST),
                                        *either_lookalikes(char)]):
                if other == char or not _heard_for(char, other):
                    continue
                tried = text[:at] + other + text[at + 1:]
                if left_over(tried) >= doubt:
                    continue
                likelihood = steps.likelihood(tried)
                if likelihood >= least:
                    least, best = likelihood, tried
        if best == text:
            break
        text, current = best, least
    return text


def _heard_for(char: str, other: str) -> bool:
    """Whether `heard_words` may put `other` where `char` was read: a kana or kanji, a
    katakana or kanji where one of those was read, and never where a digit was."""
    return (lexicon.is_kana_or_kanji(other) and not char.isdigit()
            and (lexicon.counted(other) or not lexicon.counted(char)))


def _is_day(month: int, day: str | int) -> bool:
    """Whether `month` is one and `day` a day of it."""
    return 1 <= month <= 12 and 1 <= int(day) <= _DAYS[month - 1]


def _repeated(text: str, start: int, end: int) -> bool:
    """Whether each character of `text[start:end]` repeats a neighbour of the piece, voicing
    marks aside (本人人, ホボホール): Tesseract's reading of one character twice."""
    neighbours = {_base(text[at]) for at in (start - 1, end) if 0 <= at < len(text)}
    return all(_base(char) in neighbours for char in text[start:end])


def _base(char: str) -> str:
    return unicodedata.normalize("NFKD", char)[0]


def _counted(text: str) -> int:
    return sum(map(lexicon.counted, text))


def _japanese(text: str) -> int:
    return sum(map(lexicon.is_kana_or_kanji, text))


def _facing(own: str, theirs: str) -> list[str]:
    """Per character of `theirs`, the character of `own` it stands for where the two
    readings match there or differ by as many characters ("" elsewhere)."""
    facing = [""] * len(theirs)
    for op, start, end, first, last in SequenceMatcher(None, own, theirs,
                                                       autojunk=False).get_opcodes():
        if op in ("equal", "replace") and end - start == last - first:
            facing[first:last] = own[start:end]
    return facing


def with_words(text: str, alternatives: Sequence[Sequence[tuple[str, float]]],
               tesseract: Sequence[str] | None = None) -> str:
    """`text` (the recognizer's line) with a character replaced by one of its `alternatives`
    (per character), one at a time while that leaves the line less doubtful (`left_over`):
    a kanji or katakana where that makes a word (待 → 特 in 特に) or a date (1 → 日 in
    4月3日), or as doubtful with more of it in the ward's words (申込きは → 申込書は, 書
    at 0.29: き is a kana, outside the words' count); of two that do as well, the one with
    more of the ward's words, then the one with more of Tesseract's characters (`tesseract`,
    per character of `text`, "" where it read none there: 場介 → 場合 where Tesseract read
    合, with 合 at 0.03, not 陽介 with 陽 at 0.13), then the more probable (末口 → 末日 with
    日 at 0.43, not 木口 with 木 at 0.22: both are words).
    Where no one character does, two side by side may (小句 → 中旬: neither 中句 nor 小旬
    is a word)."""
    chars = list(text)
    for _ in range(len(chars)):
        doubt = left_over("".join(chars))
        best = (_better(chars, alternatives, doubt, 1, tesseract)
                or _better(chars, alternatives, doubt, 2, tesseract))
        if not best:
            break
        for at, other in best:
            chars[at] = other
    return "".join(chars)


def _better(chars: list[str], alternatives: Sequence[Sequence[tuple[str, float]]],
            doubt: int, width: int, tesseract: Sequence[str] | None = None
            ) -> list[tuple[int, str]]:
    """The replacement of `width` characters side by side, each by one of its alternatives
    (at least `LIKELY` probable), that leaves `chars` least doubtful, if less than `doubt`
    or as doubtful with more characters in the ward's words; of those that do as well, the
    one with more characters in the ward's words, then with more of them what `tesseract`
    read there (per character), then the most probable (the product)."""
    best: list[tuple[int, str]] = []
    # Doubt left, -characters in the ward's words, -characters Tesseract read, -probability:
    # to be bettered in either of the first two.
    least = (doubt, -lexicon.in_ward_words("".join(chars)), -math.inf, -math.inf)
    for at in range(len(chars) - width + 1):
        options = [[(other, probability) for other, probability in alternatives[at + k]
                    if probability >= LIKELY and _replaceable(chars[at + k], other)]
                   for k in range(width)]
        for combination in itertools.product(*options):
            tried = chars.copy()
            for k, (other, _) in enumerate(combination):
                tried[at + k] = other
            line = "".join(tried)
            left = left_over(line)
            if left > least[0]:
                continue  # no better: the ward's words need not be counted
            agreed = 0 if tesseract is None else sum(
                tesseract[at + k] == other for k, (other, _) in enumerate(combination))
            score = (left, -lexicon.in_ward_words(line), -agreed,
                     -math.prod(p for _, p in combination))
            if score < least:
                least, best = score, [(at + k, other) for k, (other, _) in enumerate(combination)]
    return best


def with_lookalikes(text: str, alternatives: Sequence[Sequence[tuple[str, float]]]
                    ) -> list[tuple[tuple[str, float], ...]]:
    """`alternatives` (per character of `text`) with each character's fax look-alikes
    (`lookalikes`) at least `LOOKALIKE` probable: the recognizer may offer one at less, or
    not at all (申 read as 中, at 0.005)."""
    table = lookalikes()
    extended = []
    for char, others in zip(text, alternatives, strict=True):
        meant = table.get(char, ())
        extended.append((*((other, max(p, LOOKALIKE) if other in meant else p)
                           for other, p in others),
                         *((other, LOOKALIKE) for other in meant
                           if all(other != known for known, _ in others))))
    return extended


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
    (`lookalikes`), then Tesseract's (`tesseract_lookalikes`)."""
    return tuple(dict.fromkeys((*lookalikes().get(char, ()),
                                *tesseract_lookalikes().get(char, ()))))


def _table(path: Path) -> dict[str, tuple[str, ...]]:
    """A look-alike table: per line, a character read, then those it stood for."""
    table: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            read, *meant = line.split()
            table[read] = tuple(meant)
    return table


def _replaceable(char: str, other: str) -> bool:
    """Whether the words and dates may put `other` where `char` was read: a kanji or a
    katakana, which they count, for any character (a hiragana, which they do not count,
    would leave fewer characters outside words whatever it replaced: 対象区内 → 対象は内)."""
    return lexicon.counted(other) and not char.isspace()
