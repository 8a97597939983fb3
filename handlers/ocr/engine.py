"""Text recognition with Tesseract, behind one small interface.

Two engines give the same `Recognition` for the same image, up to differences between the
Tesseract versions they run:

- `TesserocrEngine` runs Tesseract in-process through the tesserocr wheel and keeps the
  model loaded, one `PyTessBaseAPI` per worker thread and language set (about 0.01 s per
  field crop instead of a process start and model load per call).
- `PytesseractEngine` runs the `tesseract` command line per call; the fallback where the
  wheel is missing. pytesseract passes the image through a temporary PNG file that it
  deletes after the call.

Both use the LSTM recogniser (`--oem 1`), build the text from Tesseract's lines and words
(one line a line, a blank line between paragraphs), re-read doubtful lines on their own
(`reread.reread_doubtful`) and read ink that no line covers on its own
(`reread.add_missed_lines`: Tesseract 5.5 reads some lines of a page as nothing), read a
one-column page whose layout joined two lines again as one block (psm 6), and a block
whose layout cut one row into pieces again as one line (psm 7), keeping the more
confident reading, and post-process the text with `tidy_japanese` and
`full_width_brackets` (Tesseract's Japanese model has no （）). Asked to (`mend`: a page
or a block, not a form field), the horizontal Japanese lines are mended by the words,
dates and look-alikes of `menders.mended_line` (口座 read as 日座 in 8 pt Mincho); a fax
page's lines are read again by the line recognizer too (`fax.read_again`).

Vertical text: when `languages` includes `jpn_vert` and the caller leaves the default page
segmentation (psm 3), psm 5 (a single block of vertical text) is used, because psm 3 reads
a vertical column as horizontal lines of noise. The doubtful columns of a vertical block of
several columns are read again alone, like doubtful lines, and ink that no column read
is read on its own (`reread.add_missed_columns`).

Where the language data lives, and the extra models form fields are read with, is
`handlers.ocr.models`; a language set may name those models ("jpn_best").
"""

import logging
import shlex
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from daemon.errors import ConfigError
from handlers.ocr.fax import read_again
from handlers.ocr.layout import (
    Line,
    has_merged_lines,
    mean_confidence,
    one_column,
    one_row,
    page_text,
)
from handlers.ocr.layout import Word as Word  # re-exported: callers import it from here
from handlers.ocr.menders import mended_line
from handlers.ocr.models import (  # re-exported: callers import them from here
    SYSTEM_TESSDATA_DIRS as SYSTEM_TESSDATA_DIRS,
)
from handlers.ocr.models import available_languages as available_languages
from handlers.ocr.models import folder_for, tessdata_dir
from handlers.ocr.reread import add_missed_columns, add_missed_lines, reread_doubtful
from handlers.ocr.text import full_width_brackets, tidy_japanese

log = logging.getLogger(__name__)

PSM_AUTO = 3
PSM_VERTICAL_BLOCK = 5
PSM_BLOCK = 6
PSM_LINE = 7
PSM_RAW_LINE = 13
_REREAD_PSMS = (3, 4, 6)  # horizontal page and block modes, whose lines can be cut out
_OEM_LSTM = 1


@dataclass(frozen=True)
class Recognition:
    """Post-processed text, mean word confidence 0..1 (0.0 without words), and the words."""

    text: str
    confidence: float
    words: tuple[Word, ...]


class Engine(Protocol):
    """Reads the text of one image (a page or a field crop)."""

    name: str

    def recognize(
        self,
        image: np.ndarray,
        *,
        languages: str = "jpn+eng",
        psm: int = PSM_AUTO,
        dpi: int = 300,
        whitelist: str | None = None,
        fax: bool = False,
        mend: bool = False,
        invert: bool = True,
    ) -> Recognition:
        """Read `image` (uint8, grayscale H×W or RGB H×W×3) scanned at `dpi` dots per inch.

        `languages` is Tesseract's "jpn+eng" form, `psm` its page segmentation mode, and
        `whitelist` the only characters it may output (None: any). A `fax` page's lines are
        read a second time by the line recognizer (`handlers.ocr.fax`); with `mend`, the
        horizontal Japanese lines of a page or block are mended by the words, dates and
        look-alikes (`menders.mended_line`). A form field is read without: a family name such
        as 中込 must stay as written. With `invert` (Tesseract's default), a line it is unsure
        of is also read as white on black; the way-up test reads without, since a strip
        turned the wrong way is always unsure and would be read twice for nothing.
        """
        ...

    def close(self) -> None:
        """Release loaded models; the engine stays usable and reloads on demand."""
        ...


def lines_text(lines: list[Line]) -> str:
    """The text of a recognition's `lines`: a line per line, Tesseract's spaces inside
    Japanese removed, brackets round Japanese written full-width."""
    return tidy_japanese(full_width_brackets(page_text(lines)))


def _pixels(image: np.ndarray) -> np.ndarray:
    """`image` as a C-contiguous uint8 array, grayscale H×W or RGB H×W×3."""
    if image.dtype != np.uint8 or not (
        image.ndim == 2 or (image.ndim == 3 and image.shape[2] == 3)
    ):
        raise ValueError(f"expected uint8 H×W or H×W×3 pixels, got {image.dtype} {image.shape}")
    return np.ascontiguousarray(image)


def _unit(confidence: float) -> float:
    """Tesseract's 0..100 confidence (-1: none) as 0..1."""
    return min(max(confidence / 100.0, 0.0), 1.0)


class _Tesseract:
    """What both engines share: input checks, psm choice and post-processing."""

    name: str
    tessdata: Path

    def recognize(
        self,
        image: np.ndarray,
        *,
        languages: str = "jpn+eng",
        psm: int = PSM_AUTO,
        dpi: int = 300,
        whitelist: str | None = None,
        fax: bool = False,
        mend: bool = False,
        invert: bool = True,
    ) -> Recognition:
        """See `Engine.recognize`."""
        pixels = _pixels(image)
        if pixels.size == 0:
            return Recognition("", 0.0, ())
        folder_for(languages, self.tessdata)  # raises ConfigError when one is missing
        if psm == PSM_AUTO and "jpn_vert" in languages.split("+"):
            psm = PSM_VERTICAL_BLOCK  # psm 3 reads a vertical column as noise
        lines = self._read_checked(pixels, languages, psm, dpi, whitelist or "", invert)
        if psm == PSM_AUTO and has_merged_lines(lines) and one_column(lines):
            # The page layout joined two lines; one column reads right as a single block.
            block = self._read_checked(pixels, languages, PSM_BLOCK, dpi, "", invert)
            if mean_confidence(block) > mean_confidence(lines):
                lines = block
        wanted = languages.split("+")
        if fax and not whitelist and "jpn_vert" not in wanted:
            lines = read_again(pixels, lines)
        elif mend and not whitelist and "jpn" in wanted and "jpn_vert" not in wanted:
            # Every horizontal Japanese line of a page or block mended as a fax line is:
            # 8 pt Mincho reads 口座 as 日座 and 申込み as 貼込み, sure of both.
            lines = [mended_line(line) for line in lines]
        words = [word for line in lines for word in line.words]
        return Recognition(lines_text(lines), mean_confidence(lines), tuple(words))

    def _read_checked(
        self, pixels: np.ndarray, languages: str, psm: int, dpi: int, whitelist: str,
        invert: bool = True,
    ) -> list[Line]:
        """`_read`, then the doubtful lines of a page or block read again on their own; a line
        (psm 7, any character) as `read_line` reads it."""
        if psm == PSM_LINE and not whitelist:
            return self.read_line(pixels, languages, dpi, invert)
        lines = self._read(pixels, languages, psm, dpi, whitelist, invert)
        if psm == PSM_BLOCK and not whitelist and one_row(lines):
            # The block's layout cut one row into pieces; read as one line, a title that
            # read "子育てササ回シンのごご案内" in four pieces read right (docs/benchmarks.md).
            whole = self._read(pixels, languages, PSM_LINE, dpi, "", invert)
            if mean_confidence(whole) > mean_confidence(lines):
                lines = whole
        if psm in _REREAD_PSMS and not whitelist:
            def read_line(crop: np.ndarray) -> list[Line]:
                return self.read_line(crop, languages, dpi, invert)

            def read_raw(crop: np.ndarray) -> list[Line]:
                return self._read(crop, languages, PSM_RAW_LINE, dpi, "", invert)

            lines = add_missed_lines(
                pixels, reread_doubtful(pixels, lines, read_line, read_raw=read_raw), read_line)
        elif psm == PSM_VERTICAL_BLOCK and len(lines) > 1 and not whitelist:
            # Columns of a vertical block, each doubtful one cut out and read alone, and
            # any column the layout left out read too; a one-column strip (the way-up
            # test) is not: its confidence is the answer.
            def read_column(crop: np.ndarray) -> list[Line]:
                return self._read(crop, languages, PSM_VERTICAL_BLOCK, dpi, "", invert)

            lines = add_missed_columns(
                pixels, reread_doubtful(pixels, lines, read_column, vertical=True),
                read_column)
        return lines

    def read_line(self, crop: np.ndarray, languages: str, dpi: int, invert: bool = True
                  ) -> list[Line]:
        """The text line cut out as `crop`, read as one line (psm 7), or as a raw line
        (psm 13) where that finds no text at all: Tesseract 5 sometimes does so on a plain
        printed line (会場 区民会館 第3会議室, left out of a fax page's layout; the way-up
        strip 開庁時間 平日午前8時30分から…, which then scored 0 and turned its page upside
        down) that it reads right as a raw line."""
        lines = self._read(crop, languages, PSM_LINE, dpi, "", invert)
        if any(line.words for line in lines):
            return lines
        return self._read(crop, languages, PSM_RAW_LINE, dpi, "", invert)

    def _read(
        self, pixels: np.ndarray, languages: str, psm: int, dpi: int, whitelist: str,
        invert: bool = True,
    ) -> list[Line]:
        """Tesseract's lines of words, in reading order; `whitelist` "" allows any character."""
        raise NotImplementedError


class TesserocrEngine(_Tesseract):
    """In-process Tesseract; one loaded model per (thread, languages), reused across calls.

    A `PyTessBaseAPI` is not thread-safe, so each worker thread gets its own, created on its
    first call. Page segmentation, resolution and whitelist are set on every call, so one
    API serves every kind of field without loading the model again per psm (about 50 MB
    for jpn+eng). The APIs of threads that have ended are released when a new one is made.
    """

    name = "tesserocr"

    def __init__(self, tessdata: Path | None = None) -> None:
        """Check that tesserocr loads the models in `tessdata` (default: `tessdata_dir()`).

        Raises ImportError without the wheel, RuntimeError when it cannot initialise.
        """
        import tesserocr

        self.tessdata = tessdata or tessdata_dir()
        self._tesserocr: Any = tesserocr
        self._apis: dict[tuple[threading.Thread, str], Any] = {}
        self._lock = threading.Lock()
        tesserocr.PyTessBaseAPI(path=str(self.tessdata), lang="eng", oem=_OEM_LSTM).End()

    def api_for(self, languages: str) -> Any:
        """The `PyTessBaseAPI` the calling thread uses for `languages`, loaded on first use."""
        key = (threading.current_thread(), languages)
        with self._lock:
            api = self._apis.get(key)
        if api is not None:
            return api
        # Loading takes a moment; do it outside the lock so other threads keep working.
        folder = folder_for(languages, self.tessdata)
        api = self._tesserocr.PyTessBaseAPI(path=str(folder), lang=languages, oem=_OEM_LSTM)
        with self._lock:
            self._apis[key] = api
            ended = [self._apis.pop(k) for k in list(self._apis) if not k[0].is_alive()]
        for old in ended:
            old.End()
        return api

    def _read(
        self, pixels: np.ndarray, languages: str, psm: int, dpi: int, whitelist: str,
        invert: bool = True,
    ) -> list[Line]:
        ril = self._tesserocr.RIL
        api = self.api_for(languages)
        height, width = pixels.shape[:2]
        depth = 1 if pixels.ndim == 2 else 3
        buffer = pixels.tobytes()  # referenced until Clear(): Tesseract reads it in place
        try:
            api.SetPageSegMode(psm)
            # Variables persist on the API: always set the whitelist and the inverted
            # reading, or a digits-only field would restrict this thread's next call too.
            api.SetVariable("tessedit_char_whitelist", whitelist)
            api.SetVariable("tessedit_do_invert", "1" if invert else "0")
            api.SetImageBytes(buffer, width, height, depth, width * depth)
            api.SetSourceResolution(dpi)  # after SetImageBytes, which resets it
            api.Recognize()
            lines: list[Line] = []
            block = paragraph = 0
            iterator = api.GetIterator()
            for item in self._tesserocr.iterate_level(iterator, ril.WORD) if iterator else ():
                if item.Empty(ril.WORD):  # a blank page yields one empty element
                    continue
                block += item.IsAtBeginningOf(ril.BLOCK)
                paragraph += item.IsAtBeginningOf(ril.PARA)
                if item.IsAtBeginningOf(ril.TEXTLINE) or not lines:
                    box = item.BoundingBox(ril.TEXTLINE)
                    lines.append(Line(tuple(box) if box else (0, 0, 0, 0), (block, paragraph)))
                word = (item.GetUTF8Text(ril.WORD) or "").strip()
                box = item.BoundingBox(ril.WORD)
                if word and box:
                    lines[-1].words.append(Word(word, _unit(item.Confidence(ril.WORD)), tuple(box)))
        finally:
            api.Clear()  # drop the image and results: no page text stays in memory
        return [line for line in lines if line.words]

    def close(self) -> None:
        """End every thread's API. Call when no `recognize` is running (worker shutdown)."""
        with self._lock:
            apis = list(self._apis.values())
            self._apis.clear()
        for api in apis:
            api.End()


class PytesseractEngine(_Tesseract):
    """The `tesseract` command line through pytesseract: one process run per call."""

    name = "pytesseract"

    def __init__(self, tessdata: Path | None = None) -> None:
        """Check that the `tesseract` command and the language data are installed."""
        if shutil.which("tesseract") is None:
            raise ConfigError(
                [
                    "The tesseract command is not installed: install it with"
                    " `apt-get install tesseract-ocr tesseract-ocr-jpn`."
                ]
            )
        self.tessdata = tessdata or tessdata_dir()

    def _read(
        self, pixels: np.ndarray, languages: str, psm: int, dpi: int, whitelist: str,
        invert: bool = True,
    ) -> list[Line]:
        import pytesseract

        folder = folder_for(languages, self.tessdata)
        config = f"--tessdata-dir {shlex.quote(str(folder))} --oem {_OEM_LSTM}"
        config += f" --psm {psm} --dpi {dpi}"
        if whitelist:
            config += " -c " + shlex.quote(f"tessedit_char_whitelist={whitelist}")
        if not invert:
            config += " -c tessedit_do_invert=0"
        # The TSV string rather than Output.DICT, which truncates confidences to integers.
        tsv: str = pytesseract.image_to_data(pixels, lang=languages, config=config)
        return _tsv_lines(tsv)

    def close(self) -> None:
        """Nothing to release: each call runs its own process."""


def _tsv_lines(tsv: str) -> list[Line]:
    """Lines of Tesseract's TSV rows: level, page, block, paragraph, line and word numbers,
    left, top, width, height, conf, text. Level 4 rows are lines, level 5 rows words."""
    lines: list[Line] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] not in ("4", "5"):
            continue
        left, top, width, height = (int(cell) for cell in cells[6:10])
        box = (left, top, left + width, top + height)
        if cells[0] == "4":
            lines.append(Line(box, (int(cells[2]), int(cells[3]))))
        elif cells[11].strip() and lines:
            lines[-1].words.append(Word(cells[11].strip(), _unit(float(cells[10])), box))
    return [line for line in lines if line.words]


def create_engine(prefer: str = "auto") -> Engine:
    """The engine named by `prefer`: "tesserocr", "pytesseract", or "auto".

    "auto" takes tesserocr when the wheel is installed and loads the models in
    `tessdata_dir()`, else pytesseract. Raises ConfigError when the choice cannot run.
    """
    if prefer not in ("auto", "tesserocr", "pytesseract"):
        raise ConfigError([f"Unknown OCR engine {prefer!r}: use auto, tesserocr or pytesseract."])
    tessdata = tessdata_dir()
    if prefer != "pytesseract":
        try:
            return TesserocrEngine(tessdata)
        except (ImportError, RuntimeError) as error:
            if prefer == "tesserocr":
                raise ConfigError(
                    [
                        f"The tesserocr engine cannot run ({error}): install the tesserocr"
                        " wheel into Yomitori's environment, or set the OCR engine to auto."
                    ]
                ) from error
            log.warning("tesserocr unavailable (%s); using the tesseract command", error)
    return PytesseractEngine(tessdata)
