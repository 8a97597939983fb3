"""Which way up a page is (0, 90, 180 or 270 degrees), and which way its text runs.

With the engine (`way_up`): the page's lines run along one axis (`textlines.measure_lines`),
and that is horizontal text upright or upside down, or vertical text (縦書き) turned a
quarter, or the other way round. The page's fullest line is cut out (`line_strip`) and read
under each of those four readings in turn, horizontal ones with the page's languages as a
single line (psm 7), vertical ones with `jpn_vert` as a vertical block (psm 5), most likely
first; the first reading Tesseract is sure of (`SURE`) wins, else the most confident by a
clear `MARGIN` over the one before it. On
20 development pages of every direction the right reading scored 0.78 to 0.95 and the
wrong ones at most 0.58 (docs/benchmarks.md). An upright horizontal page costs one strip
read, as before. The strip comes from the page's largest text block (`preprocess`), so a
mixed page's title or footer does not decide for its vertical body.

Without the engine, or without `jpn_vert` installed, the older rules below apply.

Two questions, answered by the cheapest signal that is reliable for Japanese:

- Sideways or not (90/270 against 0/180): the direction of the text lines
  (`textlines.measure_lines`) against the direction the department's text runs in:
  horizontal for `jpn`, vertical for `jpn_vert`. So a correct vertical page is never
  turned sideways because its lines run top to bottom. Tesseract's OSD (psm 0) also
  found the way up of all 72 benchmark pages, but took about 0.4 s a page, four times
  this whole step, and knows nothing of the department's text direction.
- Upside down or not: recognise the page's fullest line, cut to about 20 characters, as a
  single line and, only when Tesseract is unsure of it, the same strip turned 180°; the
  way up with the higher mean word confidence wins. On 32 benchmark pages an upright
  strip scored at least 0.73 (mean 0.91) and an upside-down one at most 0.46 (mean 0.24),
  so one read of about 0.1 s settles most pages (a page takes about 0.5 s to read).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from handlers.ocr.engine import PSM_LINE, PSM_VERTICAL_BLOCK, Engine
from handlers.ocr.ink import InkMap
from handlers.ocr.models import available_languages
from handlers.ocr.textlines import Direction, LineGeometry

SURE = 0.75  # mean word confidence of the upright strip above which 180° is not tried
# How much surer another reading must be than the most likely one (upright) to turn the
# page: a line Tesseract cannot read well either way (Latin text read as `jpn`, a logo)
# scores low under every reading, and the page then stays as scanned.
MARGIN = 0.15
STRIP_LINES = 1
STRIP_LENGTH = 20  # characters (line heights) per line of the strip, at most
_SIDEWAYS_GAPS = 0.15  # least share of gaps between lines that shows their direction
_PAPER = 255


VERTICAL = "jpn_vert"


def vertical_languages(languages: str) -> str | None:
    """The languages vertical text of a page in `languages` is read with: `jpn_vert` for
    Japanese pages where it is installed, else None (vertical text is not looked for)."""
    wanted = languages.split("+")
    if not ({"jpn", VERTICAL} & set(wanted)) or VERTICAL not in available_languages():
        return None
    return VERTICAL


def horizontal_languages(languages: str) -> str:
    """`languages` without `jpn_vert` (horizontal text is read with the rest); "jpn" when
    nothing is left."""
    rest = [lang for lang in languages.split("+") if lang != VERTICAL]
    return "+".join(rest) or "jpn"


def _readings(axis: Direction) -> tuple[tuple[int, Direction], ...]:
    """(degrees to turn clockwise, direction the text then runs) for lines along `axis`,
    most likely first: upright, then the turns scanners make most."""
    if axis == "horizontal":
        return ((0, "horizontal"), (180, "horizontal"), (270, "vertical"), (90, "vertical"))
    return ((0, "vertical"), (90, "horizontal"), (270, "horizontal"), (180, "vertical"))


def way_up(image: npt.NDArray[np.uint8], ink: InkMap, axis: Direction, engine: Engine,
           languages: str, dpi: int) -> tuple[int, Direction]:
    """(degrees clockwise that turn the straight `image` upright, the direction its text
    then runs), from its fullest line along `axis` (see the module docstring)."""
    vertical = vertical_languages(languages)
    horizontal = horizontal_languages(languages)
    strip = line_strip(image, ink, axis)
    if strip is None:
        return 0, axis if vertical else "horizontal"
    best, best_confidence = (0, axis), -1.0
    for degrees, direction in _readings(axis):
        if direction == "vertical" and vertical is None:
            continue
        if direction == "vertical":
            langs, psm = vertical or VERTICAL, PSM_VERTICAL_BLOCK
        else:
            langs, psm = horizontal, PSM_LINE
        confidence = engine.recognize(turn(strip, degrees), languages=langs, psm=psm,
                                      dpi=dpi, invert=False).confidence
        if best_confidence < 0 or confidence > best_confidence + MARGIN:
            best, best_confidence = (degrees, direction), confidence
        if confidence >= SURE:
            break
    return best


def expected_direction(languages: str) -> Direction:
    """The direction text lines run in for Tesseract `languages` ("jpn_vert": vertical)."""
    return "vertical" if "jpn_vert" in languages.split("+") else "horizontal"


def quarter_turn(geometry: LineGeometry, expected: Direction) -> int:
    """90 when the lines run across `expected` (the page is sideways), else 0.

    A page whose lines show no clear direction (one line, a photo, a blank page) is left
    as it is.
    """
    across: Direction = "vertical" if expected == "horizontal" else "horizontal"
    gaps = geometry.gaps
    sideways = gaps[across] >= _SIDEWAYS_GAPS and gaps[across] > 2 * gaps[expected]
    return 90 if sideways else 0


def turn(image: npt.NDArray[np.uint8], degrees: int) -> npt.NDArray[np.uint8]:
    """`image` turned clockwise by `degrees` (a multiple of 90)."""
    quarter_turns = (degrees // 90) % 4
    if quarter_turns == 0:
        return image
    return np.ascontiguousarray(np.rot90(image, -quarter_turns))


def _bands(profile: npt.NDArray[np.int64]) -> list[tuple[int, int]]:
    """(start, end) of each run of bins holding ink, the lines seen across."""
    inked = np.concatenate(([False], profile > 0.02 * max(1, int(profile.max())), [False]))
    edges = np.flatnonzero(np.diff(inked.astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= 3]


def line_strip(image: npt.NDArray[np.uint8], ink: InkMap, direction: Direction
               ) -> npt.NDArray[np.uint8] | None:
    """The `STRIP_LINES` lines of a straight page with the most characters, each cut to
    `STRIP_LENGTH` characters and stacked across with a white gap; None without lines.

    `ink` is the ink of `image`. Vertical lines are handled as horizontal ones transposed.
    """
    mask = ink.mask if direction == "horizontal" else ink.mask.T
    page = image if direction == "horizontal" else image.T
    across = mask.sum(axis=1)
    bands = _bands(across)
    if bands:  # rules and merged paragraphs are not lines of text: keep typical heights
        typical = float(np.median([end - start for start, end in bands]))
        bands = [(a, b) for a, b in bands if 0.5 * typical <= b - a <= 2 * typical]
    # The line with the most characters (ink over height squared), not the most ink: a
    # large title has the most ink and is what Tesseract misreads most (an 8 pt page's
    # 14 pt title read upright at 0.27, upside down at 0.40).
    bands.sort(key=lambda band: -int(across[band[0]:band[1]].sum()) / (band[1] - band[0]) ** 2)
    parts: list[npt.NDArray[np.uint8]] = []
    for start, end in sorted(bands[:STRIP_LINES]):
        along = np.flatnonzero(mask[start:end].any(axis=0))
        first, last = int(along[0]), int(along[-1])
        last = min(last, first + STRIP_LENGTH * (end - start))
        margin = max(2, (end - start) // 4)
        top, bottom = (round(v / ink.scale) for v in (start - margin, end + margin))
        left, right = (round(v / ink.scale) for v in (first - margin, last + margin))
        line = page[max(0, top):bottom, max(0, left):right]
        gap = np.full((line.shape[0] // 2, line.shape[1]), _PAPER, np.uint8)
        parts += [line, gap]
    if not parts:
        return None
    width = max(part.shape[1] for part in parts)
    padded = [np.pad(p, ((0, 0), (0, width - p.shape[1])), constant_values=_PAPER)
              for p in parts]
    strip = np.vstack(padded)
    return np.ascontiguousarray(strip if direction == "horizontal" else strip.T)


def upside_down(strip: npt.NDArray[np.uint8], engine: Engine, languages: str,
                dpi: int) -> bool:
    """Whether `strip` (from `line_strip`, scanned at `dpi`) reads better turned 180°."""
    # One line: psm 7, or 5 for vertical text (psm 7 would read it across).
    psm = PSM_VERTICAL_BLOCK if expected_direction(languages) == "vertical" else PSM_LINE
    upright = engine.recognize(strip, languages=languages, psm=psm, dpi=dpi,
                               invert=False).confidence
    if upright >= SURE:
        return False
    flipped = engine.recognize(turn(strip, 180), languages=languages, psm=psm, dpi=dpi,
                               invert=False)
    return flipped.confidence > upright
