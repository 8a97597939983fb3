"""Fax pages: doubtful text lines read a second time, and the readings joined by the words.

A fax sent in normal or fine mode (200×100, 204×98, 204×196 dpi) keeps a thin stroke only
where it happens to fall on one of the fax's lines: in Mincho type, 日 loses its middle, 車
and 申 their crossbars, 天 its top. Tesseract then reads 十 for 手, 大 for 天, 県 for 票,
and no setting of the image brings the strokes back (docs/benchmarks.md, "What the fax pages
lack"). What is left to tell them apart is a second reader that errs elsewhere and the
words around them:

- each line Tesseract found and is unsure of (`DOUBTFUL`), or fairly sure of (`UNSURE`)
  but doubtful by the words, is read again by the line
  recognizer of form fields (PP-OCRv5, `handwriting`), within the characters of
  Shift_JIS (cp932: what a Japanese document holds, so no simplified Chinese 顺 for 順);
- in the recognizer's line, a character is replaced by one of its alternatives (at least
  `LIKELY` probable), or two neighbours by theirs, where that makes a word or a date
  (待 → 特 in 特に, 1 → 日 in 4月3日, 小句 → 中旬), or more of the ward's words (申込きは →
  申込書は); the alternatives of a katakana or
  kanji include its fax look-alikes, the characters a fax's lost strokes were measured to
  turn into it without the recognizer offering them (`menders.lookalikes`: 中 for 申, 白
  for 自, 人 for 入); of two that make as good a line, the one with more of the ward's words
  (申込み, not the family name 中込), then the one Tesseract read there (場合, not the
  name 陽介);
- where the two readings differ, each differing piece is taken from the reading that
  leaves the line less doubtful once mended (`mended_doubt`, `menders.left_over`: its
  katakana and kanji outside words, era names and counters after numbers counting as
  words, its dates that cannot be: 4月31, 令和18年 in 2026, and its brackets that pair with
  none: 10万」です; once mended, so 3」1から is the 3丁目から it mends to), the recognizer's on a
  tie (it reads the thin strokes that are there better) unless the two differ only in
  hiragana, which the words do not count, and Tesseract's make the line read as far
  better Japanese (`grammar.cost`, `FLUENT`: よろしく, not よるしく; いただき, not
  いいいただき), or it drops a character or reads a kanji as digits there, or reads a
  kana where Tesseract read a kanji (`_kana_for_kanji`: such a kana counts as outside
  words, and the kanji stays on a tie where the line reads as well: 証明書, not 証明せ),
  or offered Tesseract's kanji among its own alternatives (`SECONDED`: 金 at 0.12 beside
  its 企) or Tesseract's puts more of the line in the ward's words (証明書, not 証明き); a
  kana or kanji only Tesseract read is kept unless it repeats its neighbour (本人人) or
  the recognizer's line has no room for it there (`ROOM`: ら和警察, 警 read as two), one
  only the recognizer read is not dropped for being no word (の方は), an upright only it
  read before okurigana is (a speck: 通知1します), and uprights only Tesseract read after
  a kanji are tried as 口 or 日 (窓||へ, 窓|1]へ → 窓口へ; 総||へ → 総口へ, which the
  look-alikes make 窓口へ); a run of Tesseract's that the recognizer read as many other
  characters, chosen one by one, is also tried whole (`_runs_kept`: 本人 read as 水夫, both
  words, where 本人確認 is the ward's);
- the line chosen is mended (`menders.mended_pieces`): the 月 and 日 of dates, 末日, TEL,
  丁目, the 午 of times, 方 read as 万 where no number stands (の万が), kanji of which only
  an upright is left, a range's wave dash read as て (30て40%), and a look-alike where that
  makes a word or more of the ward's words (中込み, a family name both readers gave, becomes
  申込み) unless the grammar reads the line worse with them (公開 stays, not 公園). A line
  not read again is mended too (`menders.mended_line`);
- last, in a line read again, a katakana or kanji still outside words (or a character
  beside one) is replaced by a character the recognizer heard at its steps, or by a fax
  look-alike, where that makes a word and the recognizer, weighing the whole line over
  every way its steps spell it (`ctc.Steps`), finds the line at most `HEARD` less likely
  than the likeliest it has been (`heard_words`: 不籍 → 不審, 通坂 → 通報, 貼請書 →
  申請書): the words alone would take any look-alike, the recognizer alone its own
  misreadings (申 as 中). A katakana or kanji heard beside one outside words is added
  on the same terms where the line then also reads as better Japanese (世ごとに →
  世帯ごとに; not 直回路 → 直江回路).

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
it all from 0.265 to 0.221 %. The grammar's hiragana, lines Tesseract is fairly sure of
read again where doubtful, kanji heard added, brackets that pair with none and more of a
box's sides, and a kana not taken for a kanji for being no word ("Fax lines, ninth round")
read 36 of 1,152 pages better and none worse (0.181 to 0.156 %). Judging each reading once
mended, runs kept whole and two menders ("Fax lines, tenth round") read 21 of 864 pages
better and 1 worse (0.178 to 0.145 %), and 7 of 576 recorded after them better, none
worse (0.155 to 0.142 %). The ward's words weighed by the grammar and a range's wave dash ("Fax
lines, eleventh round") read 85 of 576 pages of notice lines written after that better,
none worse (0.412 to 0.242 %), and left the 384 pages of the older lines as they were.
Without the recognizer's files (`yomitori models install`) faxes are read by Tesseract
alone, their lines mended.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from difflib import SequenceMatcher
from functools import lru_cache

import cv2
import numpy as np
import numpy.typing as npt

from handlers.ocr import ctc, grammar, handwriting, lexicon, menders, models
from handlers.ocr.layout import Line
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
UNSURE = 0.95
"""A line Tesseract is less sure than this of one of its words is read again too where it
is doubtful (`_doubtful`). Tesseract gives most words of a fax line 0.93: on 1,152 fax
pages, 60 % of the lines are under `DOUBTFUL` and 73 % read again with this; it read 11
pages more better, none worse, for about 0.04 s of CPU more a fax page (docs/benchmarks.md,
"Fax lines, ninth round")."""
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
FLUENT = 3000
"""How much less a line's grammar cost (`grammar.cost`) must be with Tesseract's hiragana
than with the recognizer's for Tesseract's to be kept where the words leave both readings
as doubtful (`_fluent`). A bar of 1,000 chose as this on 1,152 fax pages, 5,000 one page
less well; without one the recognizer's hiragana win every such tie, and those pages read
28 better and 4 worse than recorded instead of 36 and none."""
LOOKALIKE = LIKELY
"""The probability given to a fax look-alike (`menders.lookalikes`) the recognizer did not
offer: as little as an alternative may have, so that one it offered wins where both make a word."""
_SPACE = re.compile(r"\s+")
PADDING = 4  # pixels of the page round a line's box, cut out for the recognizer
_UPRIGHTS = "lI|｜1[]「」L!"  # what a fax leaves of 口 or 日 beside a kanji: its sides
Reader = Callable[[Line], "handwriting.Reading | None"]
"""The recognizer's reading of a line, None where the line is too small to read."""


def read_again(pixels: npt.NDArray[np.uint8], lines: list[Line]) -> list[Line]:
    """`lines` (Tesseract's, of the fax page `pixels`) with each line's text chosen between
    Tesseract's reading and the recognizer's (see the module docstring); as Tesseract read
    them, mended (`menders.mended_line`), when the recognizer is not installed."""
    files = models.handwriting_files()
    model = None if files is None else handwriting.load(*files)
    if model is None:
        return [menders.mended_line(line) for line in lines]
    gray = pixels if pixels.ndim == 2 else np.asarray(
        cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY), dtype=np.uint8)

    def read(line: Line) -> handwriting.Reading | None:
        crop = _cut(gray, line.box)
        return (model.read(crop, _shift_jis(model), steps=True)
                if min(crop.shape) >= PADDING else None)

    return joined_lines(lines, read)


def joined_lines(lines: list[Line], read: Reader) -> list[Line]:
    """`lines` with each doubtful one (`_doubtful`) joined with the recognizer's reading of
    it, `read(line)` (None: too small to read), the others mended
    (`menders.mended_line`). The benchmark's replay (`benchmarks.fax_replay`) calls this
    with readings it kept."""
    again = []
    for line in lines:
        reading = read(line) if _doubtful(line) else None
        again.append(menders.mended_line(line) if reading is None else _joined(line, reading))
    return again


def _doubtful(line: Line) -> bool:
    """Whether `line` is worth reading again: Tesseract is less sure than `DOUBTFUL` of one
    of its words, whether or not they are words (a fax's 陽介 for 場合 is one), or less sure
    than `UNSURE` of one and the line is doubtful (`menders.left_over`: 免際 for 免除,
    each word at 0.93)."""
    least = min((word.confidence for word in line.words), default=1.0)
    return least < DOUBTFUL or (least < UNSURE and menders.left_over(
        "".join(menders.word_texts(line))) > 0)


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
    own = menders.word_texts(line)
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
    chosen = choose("".join(own), theirs, alternatives, crowded)
    joined = menders.with_pieces(line, own, menders.mended_pieces(chosen))
    if reading.steps is None:
        return joined
    texts = menders.word_texts(joined)
    heard = heard_words("".join(texts), reading.steps)
    return menders.with_pieces(joined, texts, _edits("".join(texts), heard))


def _edits(old: str, new: str) -> list[tuple[int, int, str]]:
    """`new` as pieces of `old` (`menders.with_pieces`): a character where the two agree or
    one replaces one, and each other difference whole (a character `heard_words` added goes
    to the word before it)."""
    return [piece for op, start, end, first, last in _opcodes(old, new) for piece in (
        menders.one_by_one(old[start:end], start) if op == "equal"
        else [(start, end, new[first:last])])]


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


def choose(own: str, theirs: str,
           alternatives: Sequence[Sequence[tuple[str, float]]] | None = None,
           crowded: frozenset[int] = frozenset()) -> list[tuple[int, int, str]]:
    """`own` (Tesseract's line) as pieces (start, end in `own`, text): where `theirs` (the
    recognizer's) differs, each piece is the text of the reading that leaves the line less
    doubtful (`menders.left_over`); on a tie `theirs`, unless it holds fewer kana and kanji
    there (the recognizer drops a character, or reads strokes as digits: 日時 as 11時) or,
    one katakana or kanji for another, the recognizer offered `own`'s among its `alternatives` (per
    character of `theirs`) at least `SECONDED` probable, or `own`'s puts more of the line in
    the ward's words (証明書 for 証明き). A kana or kanji
    that only `own` read is kept even when dropping it leaves fewer characters outside
    words (区 in 詳しくは区の), unless it repeats its neighbour (本人人確認) or stands
    where `theirs` has no room for it (`crowded`: places between two of its characters, see
    `_crowded`); one that only `theirs` read is not dropped for being outside words, but
    an upright only `theirs` read between a kana or kanji and a hiragana is (`_speck`).

    A replacement of more characters than it replaces is also tried as a replacement of as
    many plus the rest added (令利5年 and 令和15年: 和 from one, 5 from the other), at its
    end or its start; the least doubtful line wins, the replacement whole on a tie."""
    whole = _opcodes(own, theirs)
    best = _chosen(own, theirs, whole, alternatives, crowded)
    for split in ("end", "start"):
        codes = _opcodes(own, theirs, split)
        if codes != whole:
            pieces = _chosen(own, theirs, codes, alternatives, crowded)
            if _doubt(pieces) < _doubt(best):
                best = pieces
    return _runs_kept(own, theirs, best)


def _runs_kept(own: str, theirs: str,
               pieces: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """`pieces` with each run of two or more characters of `own` that `theirs` replaces by
    as many, chosen one by one, put back whole where that leaves the line less doubtful,
    or as doubtful with more of it in the ward's words: one at a time, 本人 that the
    recognizer read as 水夫 (both words) kept neither 本 (本夫) nor 人 (水人), though
    本人確認 is one of the ward's words."""
    now = menders.pieces_text(pieces)
    was = mended_doubt(now)
    for op, start, end, first, last in SequenceMatcher(None, own, theirs,
                                                       autojunk=False).get_opcodes():
        if op != "replace" or end - start != last - first or end - start < 2:
            continue
        inside = [piece for piece in pieces if start <= piece[0] and piece[1] <= end]
        if len(inside) != end - start or "".join(text for *_, text in inside) == own[start:end]:
            continue
        kept = [(at, stop, own[at:stop]) if start <= at and stop <= end else (at, stop, text)
                for at, stop, text in pieces]
        line = menders.pieces_text(kept)
        doubt = mended_doubt(line)
        if doubt < was or (doubt == was
                           and lexicon.in_ward_words(line) > lexicon.in_ward_words(now)):
            pieces, now, was = kept, line, doubt
    return pieces


def _doubt(pieces: list[tuple[int, int, str]]) -> int:
    return mended_doubt(menders.pieces_text(pieces))


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
        ours, yours = mended_doubt("".join(mine)), mended_doubt("".join(texts))
        more = (_japanese(own[start:end]) > _japanese(texts[number])
                and not (op == "delete" and (_repeated(own, start, end) or first in crowded)))
        if op == "insert" and not _repeated(theirs, first, last):
            yours -= _counted(texts[number])  # not more doubtful for being there
        if _kana_for_kanji(own[start:end], texts[number]):
            # The words do not count kana: a fax's 書 read as せ must not win for that.
            yours += 1
            more = more or grammar.cost("".join(mine)) <= grammar.cost("".join(texts))
        if op == "delete" and _uprights(own, start, end):
            # 口 or 日 whose crossbars were lost, if either reads better than nothing.
            box = menders.in_place(texts, number, number + 1, menders.BOXES)
            texts[number] = box or texts[number]
        elif (ours < yours or ((more or seconded) and (ours == yours or op == "delete"))
                or (ours == yours and lexicon.in_ward_words("".join(mine))
                    > lexicon.in_ward_words("".join(texts)))
                or (ours == yours and _fluent(own[start:end], texts[number], mine, texts))
                or (op == "insert" and _speck(own, start, theirs[first:last]))):
            texts[number] = own[start:end]
        if op == "delete" and texts[number] == own[start:end]:
            texts[number] = _boxed(texts, number, own[start:end])
    return [(start, end, text) for (_, start, end, _, _), text in zip(codes, texts, strict=True)]


def mended_doubt(line: str) -> int:
    """How doubtful `line` is once mended (`menders.left_over` of `menders.mended_text`,
    without the look-alikes): a piece is chosen by the line it makes, not by what a fax
    left of it, so the 」 and 1 that a fax leaves of 丁目 (3」1から, a bracket that pairs
    with none) are not taken for worse than Tesseract's 311から."""
    return menders.left_over(menders.mended_text(line, lookalikes=False))


def _kana_for_kanji(own: str, theirs: str) -> bool:
    """Whether `theirs`, the recognizer's piece, is one hiragana where Tesseract read one
    kanji (`own`): what a fax leaves of a kanji can read as a kana (書 as せ or す, 出 as
    は, 申 as り), and a kana, which the words do not count, leaves any line less
    doubtful."""
    return len(own) == len(theirs) == 1 and lexicon.is_kanji(own) and lexicon.is_hiragana(theirs)


def _fluent(own: str, theirs: str, own_line: list[str], their_line: list[str]) -> bool:
    """Whether `own`, a piece of hiragana (or nothing) where the recognizer read `theirs`
    (hiragana or nothing), makes its line (`own_line`, pieces) read as Japanese at least
    `FLUENT` better than the recognizer's (`their_line`): the words do not count hiragana,
    so only the grammar tells よるしく from よろしく or いいいただき from いいただき."""
    if not all(map(lexicon.is_hiragana, own + theirs)):
        return False
    return grammar.cost("".join(own_line)) + FLUENT <= grammar.cost("".join(their_line))


def _boxed(texts: list[str], number: int, kept: str) -> str:
    """`kept`, a piece only Tesseract read that the line keeps (`texts[number]`), with the
    uprights it ends in after a kanji read as 口 or 日 where that, its look-alikes put back
    (`menders.to_ward_words`), leaves the line less doubtful: 窓口 read as 総|| becomes 総口,
    then 窓口."""
    kanji = len(kept.rstrip(_UPRIGHTS))
    if kanji == len(kept) or not _uprights(kept, kanji, len(kept)):
        return kept
    before, after = "".join(texts[:number]), "".join(texts[number + 1:])
    least, best = menders.left_over(before + kept + after), kept
    for box in menders.BOXES:
        mended = menders.to_ward_words(before + kept[:kanji] + box + after)
        if (doubt := menders.left_over(mended)) < least:
            least, best = doubt, kept[:kanji] + box
    return best


def _speck(own: str, at: int, added: str) -> bool:
    """Whether `added`, which only the recognizer read at `at` in `own`, is a speck it read
    as an upright: one or two of 1, l, I, | after a kana or kanji other than 第 and before
    a hiragana other than つ, where no number stands (通知1します; not 第1会議室, 1つ)."""
    before, after = own[at - 1:at], own[at:at + 1]
    return (0 < len(added) <= 2 and all(char in menders.SPECKS for char in added)
            and lexicon.is_kana_or_kanji(before) and before != "第"
            and lexicon.is_hiragana(after) and after != "つ")


def _uprights(own: str, start: int, end: int) -> bool:
    """Whether `own[start:end]` is one to three uprights (|, l, I, 1, brackets, L, !) after
    a kanji, or at the line's start before one, which only Tesseract read: what a fax
    leaves of 口 or 日 once their crossbars are lost (窓||へ, 窓|1]へ, 窓」|へ, 窓LI区,
    窓|!; |!座振替). A 1 there the recognizer did not read is no digit."""
    beside = ((start > 0 and lexicon.is_kanji(own[start - 1]))
              or (start == 0 and end < len(own) and lexicon.is_kanji(own[end])))
    return beside and end - start <= 3 and all(char in _UPRIGHTS for char in own[start:end])


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


def heard_words(text: str, steps: ctc.Steps) -> str:
    """`text` (a line read again, joined and mended) with a katakana or kanji outside words,
    or a character beside one, replaced by a character heard between its neighbours
    (`steps`: the `HEARD_MOST` most probable there) or by one of its fax look-alikes, one
    at a time, where that leaves the line less doubtful (`menders.left_over`) and the
    recognizer finds it at most `HEARD` less likely than the likeliest the line has been, as read or
    once replaced: 不籍 → 不審, 保物所 → 保管所, 通坂 → 通報. Of several, the most likely.
    A kanji is not replaced by a kana, which the words do not count (不籍 → 不がな). The bar
    rises as replacements make the line likelier: 営察 → 警察 and 通幸 → 通報 must not pay
    for 不審な人 → 不審女人 (女人 is a word, 人 alone none).

    A katakana or kanji heard beside one outside words, where both readers read none, is
    tried as added before or after it, on the same terms, if the line then also reads as
    better Japanese (`grammar.cost`): 世ごとに → 世帯ごとに, 献は → 献血は; not 直回路 →
    直江回路, though 直江 (a name) and 回路 are words."""
    floor, current = -math.inf, None
    for _ in range(len(text)):
        doubt = menders.left_over(text)
        if not doubt:
            break
        outside = lexicon.outside_words(menders.as_words(text))
        if not outside:
            break  # only its dates are doubtful: the menders see to those
        if current is None:
            current = steps.likelihood(text)
        floor = least = max(floor, current - HEARD)
        best, fluency = text, grammar.cost(text)
        for tried in _heard_tries(text, steps, outside):
            if (menders.left_over(tried) >= doubt
                    or (len(tried) > len(text) and grammar.cost(tried) >= fluency)):
                continue
            likelihood = steps.likelihood(tried)
            if likelihood >= least:
                least, best = likelihood, tried
        if best == text:
            break
        text, current = best, least
    return text


def _heard_tries(text: str, steps: ctc.Steps, outside: list[int]) -> Iterator[str]:
    """The lines `heard_words` weighs for `text`, whose characters at `outside` are outside
    words: at each of those and their neighbours, the character replaced by one heard
    between its neighbours' steps or by a look-alike, then, beside a katakana or kanji of
    them, a katakana or kanji heard at its steps or its neighbour's added."""
    places = steps.places(text)
    near = sorted({at for place in outside for at in (place - 1, place, place + 1)
                   if 0 <= at < len(text)})
    for at in near:
        char = text[at]
        # Heard anywhere between the neighbours' steps: the path spends one step on it.
        start = places[at - 1][1] if at else 0
        end = places[at + 1][0] if at + 1 < len(text) else len(steps.probabilities)
        for other in dict.fromkeys([*steps.heard(start, end, HEARD_MOST, HEARD_LEAST),
                                    *menders.either_lookalikes(char)]):
            if other != char and _heard_for(char, other):
                yield text[:at] + other + text[at + 1:]
    for at in (at for at in near if lexicon.counted(text[at])):
        for before in (at, at + 1):  # the added character's place
            start = places[before - 1][0] if before else 0
            end = places[before][1] if before < len(text) else len(steps.probabilities)
            for other in steps.heard(start, end, HEARD_MOST, HEARD_LEAST):
                if lexicon.counted(other):
                    yield text[:before] + other + text[before:]


def _heard_for(char: str, other: str) -> bool:
    """Whether `heard_words` may put `other` where `char` was read: a kana or kanji, a
    katakana or kanji where one of those was read, and never where a digit was."""
    return (lexicon.is_kana_or_kanji(other) and not char.isdigit()
            and (lexicon.counted(other) or not lexicon.counted(char)))


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
    (per character), one at a time while that leaves the line less doubtful
    (`menders.left_over`): a kanji or katakana where that makes a word (待 → 特 in 特に)
    or a date (1 → 日 in 4月3日), or as doubtful with more of it in the ward's words
    (申込きは → 申込書は, 書 at 0.29: き is a kana, outside the words' count) unless the
    grammar reads those worse (`menders.ward_words_fit`: 公開 stays, not 公園); of two that
    do as well, the one with more of the ward's words, then the one with more of
    Tesseract's characters (`tesseract`, per character of `text`, "" where it read none
    there: 場介 → 場合 where Tesseract read 合, with 合 at 0.03, not 陽介 with 陽 at 0.13),
    then the more probable (末口 → 末日 with 日 at 0.43, not 木口 with 木 at 0.22: both are
    words). Where no one character does, two side by side may (小句 → 中旬: neither 中句
    nor 小旬 is a word)."""
    chars = list(text)
    for _ in range(len(chars)):
        doubt = menders.left_over("".join(chars))
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
    leader = "".join(chars)
    least = (doubt, -lexicon.in_ward_words(leader), -math.inf, -math.inf)
    for at in range(len(chars) - width + 1):
        options = [[(other, probability) for other, probability in alternatives[at + k]
                    if probability >= LIKELY and _replaceable(chars[at + k], other)]
                   for k in range(width)]
        for combination in itertools.product(*options):
            tried = chars.copy()
            for k, (other, _) in enumerate(combination):
                tried[at + k] = other
            line = "".join(tried)
            left = menders.left_over(line)
            if left > least[0]:
                continue  # no better: the ward's words need not be counted
            agreed = 0 if tesseract is None else sum(
                tesseract[at + k] == other for k, (other, _) in enumerate(combination))
            score = (left, -lexicon.in_ward_words(line), -agreed,
                     -math.prod(p for _, p in combination))
            if score < least and (score[:2] == least[:2] or left < least[0]
                                  or menders.ward_words_fit(line, leader, range(at, at + width))):
                least, best = score, [(at + k, other) for k, (other, _) in enumerate(combination)]
                leader = line
    return best


def with_lookalikes(text: str, alternatives: Sequence[Sequence[tuple[str, float]]]
                    ) -> list[tuple[tuple[str, float], ...]]:
    """`alternatives` (per character of `text`) with each character's fax look-alikes
    (`menders.lookalikes`) at least `LOOKALIKE` probable: the recognizer may offer one at less, or
    not at all (申 read as 中, at 0.005)."""
    table = menders.lookalikes()
    extended = []
    for char, others in zip(text, alternatives, strict=True):
        meant = table.get(char, ())
        extended.append((*((other, max(p, LOOKALIKE) if other in meant else p)
                           for other, p in others),
                         *((other, LOOKALIKE) for other in meant
                           if all(other != known for known, _ in others))))
    return extended


def _replaceable(char: str, other: str) -> bool:
    """Whether the words and dates may put `other` where `char` was read: a kanji or a
    katakana, which they count, for any character (a hiragana, which they do not count,
    would leave fewer characters outside words whatever it replaced: 対象区内 → 対象は内)."""
    return lexicon.counted(other) and not char.isspace()
