"""Turn a scan file (JPEG, PNG, TIFF, PDF or BMP) into grayscale pages.

`open_document` reads only headers: it sniffs the format from magic bytes and enforces
`Limits` on bytes, pages and pixels per page before any pixel is decoded. `Document.pages`
then decodes one page at a time, so memory stays flat for long PDFs and TIFFs. PDFs, and
images with a page over `Limits.isolate_pixels`, are opened and decoded in a child process
within `Limits.bounds` (handlers/ocr/sandbox.py): the headers cannot show what they cost.
"""

from __future__ import annotations

import math
import numbers
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Self

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageFile, ImageOps, TiffImagePlugin

from daemon.errors import InputTooLarge, UnsupportedInput, YomitoriError
from daemon.i18n import N_
from handlers.ocr import sandbox
from handlers.ocr.dropout import brightest_and_chroma
from handlers.ocr.resolution import equal_resolutions, smooth_bilevel, square_pixels

DEFAULT_DPI = 300.0
# Scanners write 200-600 dpi; 72 and 96 are what files without a real resolution claim.
PLAUSIBLE_DPI = (150.0, 1200.0)
PDF_DPI = 300.0
# Y resolution against X that is taken as given (fax "normal" is 98 against 204, "fine" 196).
ANISOTROPY = (0.45, 2.2)
# pdfium sizes bitmaps as ceil(points * scale), and 216 pt * 300/72 is 900.0000000000001 in
# floating point: without the nudge an exact page would gain a blank pixel row.
FAX_COVER = 0.9  # share of a PDF page a fax's image covers at least
_PDF_SCALE = PDF_DPI / 72 * (1 - 1e-9)
# PDFium is not thread-safe, not even across documents: every call holds this lock.
_PDFIUM_LOCK = threading.Lock()

_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"II*\x00", "image/tiff"), (b"MM\x00*", "image/tiff"),  # little- and big-endian
    (b"II+\x00", "image/tiff"), (b"MM\x00+", "image/tiff"),  # BigTIFF
    (b"%PDF-", "application/pdf"),
)
_BMP_HEADER_SIZES = {12, 40, 52, 56, 64, 108, 124}  # bytes, one per DIB header version
_PILLOW_FORMAT = {"image/jpeg": "JPEG", "image/png": "PNG", "image/tiff": "TIFF",
                  "image/bmp": "BMP"}
_RESCAN = N_("scan the document again and put the new file in the hot folder")
_LOWER_DPI = N_("scan it at a lower resolution (300 dpi is enough)")


@dataclass(frozen=True)
class Limits:
    """Refusal thresholds: file size in bytes, pages per file, width * height of one page in
    pixels (PDF: at 300 dpi). Pillow also refuses pages over 2 * Image.MAX_IMAGE_PIXELS
    (about 179 million pixels), so a higher max_pixels needs that raised as well.

    `bounds`: the memory and time of the child process that decodes PDFs, and images with
    a page of more than `isolate_pixels` (an A4 page at 400 dpi has 15.6 million); None
    decodes everything in this process.
    """

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 500
    max_pixels: int = 120_000_000
    bounds: sandbox.Bounds | None = sandbox.DEFAULT_BOUNDS
    isolate_pixels: int = 16_000_000


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, eq=False)  # eq=False: comparing pages would compare whole arrays
class Page:
    """One decoded page: 1-based `index`, uint8 grayscale `image` (H x W, 0 is black), `dpi`
    (square pixels: a scan with unequal X and Y resolutions has been stretched), and for a
    colour scan its `colour` pixels (RGB, H x W x 3), else None. `fax`: a 1-bit page of
    unequal X and Y resolutions (a fax's normal or fine mode), which loses thin strokes."""

    index: int
    image: npt.NDArray[np.uint8]
    dpi: float
    colour: npt.NDArray[np.uint8] | None = None
    fax: bool = False


class Document(ABC):
    """An opened scan whose limits are checked and whose pages are not yet decoded."""

    media_type: str
    page_count: int

    @abstractmethod
    def pages(self) -> Iterator[Page]:
        """Decode the pages in order, one at a time."""

    @abstractmethod
    def close(self) -> None:
        """Release the file and the decoder."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def sniff(head: bytes) -> str | None:
    """Media type of a file from its first bytes (give 32); None when unknown.

    With fewer than 18 bytes a BMP is recognised by its first two bytes alone.
    """
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    dib_header = int.from_bytes(head[14:18], "little")
    if head[:2] == b"BM" and (len(head) < 18 or dib_header in _BMP_HEADER_SIZES):
        return "image/bmp"
    return None


def open_document(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Open the scan at `path` and check it against `limits`; decode no pixels yet."""
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        head = file.read(32)
    if size == 0:
        raise UnsupportedInput(N_("the scan is empty (0 bytes); {advice}").format(advice=_RESCAN))
    if size > limits.max_bytes:
        raise InputTooLarge(N_(
            "the scan is {size} bytes, more than the limit of {limit} bytes; "
            "split it into smaller files or {advice}"
        ).format(size=f"{size:,}", limit=f"{limits.max_bytes:,}", advice=_LOWER_DPI))
    media_type = sniff(head)
    if media_type is None:
        raise UnsupportedInput(N_(
            "the file is not a JPEG, PNG, TIFF, PDF or BMP scan (its content matches none of "
            "them, whatever its name says); rescan it, or save it in one of those formats"
        ))
    if media_type == "application/pdf":
        if limits.bounds is not None:
            return IsolatedDocument(path, limits)
        return PdfDocument(path, size, limits)
    document = ImageDocument(path, media_type, size, limits)
    if limits.bounds is not None and document.largest_page > limits.isolate_pixels:
        document.close()
        return IsolatedDocument(path, limits)
    return document


class IsolatedDocument(Document):
    """A scan opened and decoded by `open_document` in a bounded child process."""

    def __init__(self, path: Path, limits: Limits) -> None:
        assert limits.bounds is not None
        self._child = sandbox.Sandboxed(open_document, path, replace(limits, bounds=None),
                                        limits.bounds, limits.max_pixels)
        self.media_type = self._child.media_type
        self.page_count = self._child.page_count

    def pages(self) -> Iterator[Page]:
        for index, image, dpi, colour, fax in self._child.pages():
            yield Page(index, image, dpi, colour, fax)

    def close(self) -> None:
        self._child.close()


class ImageDocument(Document):
    """A JPEG, PNG, BMP or (multi-page) TIFF scan, decoded with Pillow."""

    def __init__(self, path: Path, media_type: str, size: int, limits: Limits) -> None:
        self.media_type = media_type
        self._kind = _PILLOW_FORMAT[media_type]
        self._file = path.open("rb")
        self.largest_page = 0  # pixels
        try:
            with _decoding(N_("the scan is damaged (unreadable {kind} header)")
                           .format(kind=self._kind)):
                self._image = Image.open(self._file, formats=[self._kind])
            self.page_count = self._check_pages(size, limits)
        except BaseException:
            self._file.close()
            raise

    def _check_pages(self, size: int, limits: Limits) -> int:
        """Number of pages, after checking each one's header; only TIFF has more than one."""
        count = 0
        while True:
            count += 1
            if count > limits.max_pages:
                raise _too_many_pages(limits)
            _check_pixels(count, self._image.size, limits)
            self.largest_page = max(self.largest_page, math.prod(self._image.size))
            if not isinstance(self._image, TiffImagePlugin.TiffImageFile):
                return 1
            _check_strips(count, self._image, size)
            with _decoding(N_("page {page} of the scan is damaged (TIFF)").format(page=count + 1)):
                try:
                    self._image.seek(count)
                except EOFError:  # no further frame
                    return count

    def pages(self) -> Iterator[Page]:
        for index in range(self.page_count):
            with _decoding(N_("page {page} of the scan is damaged or incomplete")
                           .format(page=index + 1)):
                self._image.seek(index)
                # A library in the same process may have turned this on (WeasyPrint does
                # on import); truncated data must raise here.
                ImageFile.LOAD_TRUNCATED_IMAGES = False
                self._image.load()
                ImageOps.exif_transpose(self._image, in_place=True)
                image = _grayscale(self._image)
                colour = _colour(self._image)
            dpi_x, dpi_y = _resolution(self._image.info.get("dpi"))
            bilevel = self._image.mode == "1"
            image, dpi = square_pixels(image, dpi_x, dpi_y, bilevel)
            if colour is not None:
                colour, _ = square_pixels(colour, dpi_x, dpi_y)
            yield Page(index + 1, image, dpi, colour,
                       fax=bilevel and not equal_resolutions(dpi_x, dpi_y))

    def close(self) -> None:
        self._image.close()
        self._file.close()


class PdfDocument(Document):
    """A PDF scan, rasterised with PDFium at 300 dpi; a page that is a received fax
    (`_is_fax`) with its pixels repeated and blurred, as a fax TIFF's are."""

    def __init__(self, path: Path, size: int, limits: Limits) -> None:
        self.media_type = "application/pdf"
        with path.open("rb") as file:
            file.seek(max(0, size - 1024))  # where readers look for the end marker
            if b"%%EOF" not in file.read():  # pdfium would render a cut-off file partially
                raise UnsupportedInput(N_(
                    "the scan is an incomplete PDF (no end-of-file marker: it was cut off "
                    "while being written or copied); {advice}"
                ).format(advice=_RESCAN))
        with _PDFIUM_LOCK:
            try:
                self._pdf = pdfium.PdfDocument(path)
            except pdfium.PdfiumError as exc:
                if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
                    raise UnsupportedInput(N_(
                        "the scan is a password-protected PDF; save it without a password "
                        "and put it in the hot folder again"
                    )) from exc
                raise UnsupportedInput(
                    N_("the scan is a damaged PDF; {advice}").format(advice=_RESCAN)
                ) from exc
            try:
                self.page_count = self._check_pages(limits)
            except BaseException:
                self._pdf.close()
                raise

    def _check_pages(self, limits: Limits) -> int:
        """Number of pages, after checking the count and each page's size at 300 dpi."""
        count = len(self._pdf)
        if count == 0:
            raise UnsupportedInput(
                N_("the scan is a PDF without pages; {advice}").format(advice=_RESCAN)
            )
        if count > limits.max_pages:
            raise _too_many_pages(limits)
        for index in range(count):
            width, height = self._pdf.get_page_size(index)  # points, 1/72 inch
            if not (width > 0 and height > 0):
                raise UnsupportedInput(N_("page {page} of the scan has no size; {advice}")
                                       .format(page=index + 1, advice=_RESCAN))
            pixels = (math.ceil(width * _PDF_SCALE), math.ceil(height * _PDF_SCALE))
            _check_pixels(index + 1, pixels, limits)
        return count

    def pages(self) -> Iterator[Page]:
        for index in range(self.page_count):
            with _PDFIUM_LOCK:
                try:
                    page = self._pdf[index]
                except pdfium.PdfiumError as exc:
                    raise UnsupportedInput(
                        N_("page {page} of the scan is damaged (PDF); {advice}")
                        .format(page=index + 1, advice=_RESCAN)
                    ) from exc
                try:
                    fax = _is_fax(page)
                    image = _render(page, grayscale=True, bilevel=fax)
                    # Gray first: it is what the bounds were measured on (a huge embedded
                    # image fills memory at once and is stopped); colour only once that
                    # has passed, for seals and stamps and the reviewer's page image.
                    colour = None if fax else coloured(_render(page, grayscale=False))
                finally:
                    page.close()
            if fax:  # as a fax TIFF is read: its pixels repeated, then blurred
                image = smooth_bilevel(image, PDF_DPI)
            yield Page(index + 1, image, PDF_DPI, colour, fax=fax)

    def close(self) -> None:
        with _PDFIUM_LOCK:
            self._pdf.close()


def _is_fax(page: pdfium.PdfPage) -> bool:
    """Whether the PDF page is a received fax: one 1-bit image over (nearly) the whole page,
    of unequal X and Y resolutions (a fax machine or server that saves faxes as PDF). An
    image drawn at the shape of its pixels is none, and is not decoded to find out (PDFium
    may decode an image to tell its bits per pixel)."""
    try:
        images = list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=1))
        if len(images) != 1:
            return False
        image = images[0]
        left, bottom, right, top = image.get_bounds()
        width, height = page.get_size()
        if (right - left) * (top - bottom) < FAX_COVER * width * height:
            return False
        columns, rows = image.get_px_size()
        drawn, shape = (right - left) / (top - bottom), columns / max(1, rows)
        if equal_resolutions(drawn, shape) or equal_resolutions(drawn, 1 / shape):
            return False  # square pixels, turned or not
        metadata = image.get_metadata()
    except (pdfium.PdfiumError, ZeroDivisionError):
        return False
    return (metadata.bits_per_pixel == 1
            and not equal_resolutions(metadata.horizontal_dpi, metadata.vertical_dpi))


def _render(page: pdfium.PdfPage, grayscale: bool, bilevel: bool = False
            ) -> npt.NDArray[np.uint8]:
    """The page at 300 dpi: gray H x W, or RGB H x W x 3; copied out of PDFium. A `bilevel`
    page's image is scaled by repeating its pixels, not smoothed (as `square_pixels`)."""
    if grayscale:
        bitmap = page.render(scale=_PDF_SCALE, grayscale=True, no_smoothimage=bilevel,
                             force_bitmap_format=pdfium_c.FPDFBitmap_Gray)
    else:
        bitmap = page.render(scale=_PDF_SCALE, rev_byteorder=True,
                             force_bitmap_format=pdfium_c.FPDFBitmap_BGR)
    try:
        return np.array(bitmap.to_numpy(), dtype=np.uint8)
    finally:
        bitmap.close()


@contextmanager
def _decoding(damaged: str) -> Iterator[None]:
    """Turn Pillow's failures into Yomitori errors; `damaged` says what went wrong."""
    try:
        yield
    except (YomitoriError, MemoryError):
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own limit, from the header
        raise InputTooLarge(
            N_("a page of the scan has too many pixels; {advice}").format(advice=_LOWER_DPI)
        ) from exc
    except Exception as exc:
        # Pillow's plugins raise OSError, SyntaxError, ValueError, TypeError, struct.error,
        # EOFError and more on malformed input; each means the file is damaged.
        raise UnsupportedInput(
            N_("{problem}; {advice}").format(problem=damaged, advice=_RESCAN)
        ) from exc


def _check_pixels(page: int, size: tuple[int, int], limits: Limits) -> None:
    """Refuse page number `page` when its `size` (width, height in pixels) is over the limit."""
    width, height = size
    if width * height > limits.max_pixels:
        raise InputTooLarge(N_(
            "page {page} of the scan is {width} x {height} pixels, more than the limit of "
            "{limit} pixels per page; {advice}"
        ).format(page=page, width=width, height=height, limit=f"{limits.max_pixels:,}",
                 advice=_LOWER_DPI))


def _check_strips(page: int, image: TiffImagePlugin.TiffImageFile, size: int) -> None:
    """Refuse a TIFF frame whose image data lies beyond the file's `size` in bytes.

    libtiff decodes such a frame without complaint, as a partial or repeated page.
    """
    offsets = image.tag_v2.get(273) or image.tag_v2.get(324)  # StripOffsets, TileOffsets
    counts = image.tag_v2.get(279) or image.tag_v2.get(325)  # their byte counts
    if (not isinstance(offsets, tuple) or not isinstance(counts, tuple) or not offsets
            or len(offsets) != len(counts)
            or any(o + c > size for o, c in zip(offsets, counts, strict=True))):
        raise UnsupportedInput(N_("page {page} of the scan is incomplete (TIFF); {advice}")
                               .format(page=page, advice=_RESCAN))


def _grayscale(image: Image.Image) -> npt.NDArray[np.uint8]:
    """The page as uint8 gray levels; 1-bit becomes 0/255, transparency is put on white."""
    if image.mode.startswith("I"):  # 16- or 32-bit gray; Pillow's convert("L") would clip
        wide = np.asarray(image).astype(np.int64)
        return (np.clip(wide, 0, 65535) >> 8).astype(np.uint8)
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        background = Image.new("RGBA", image.size, "white")
        background.alpha_composite(image.convert("RGBA"))
        image = background
    return np.array(image.convert("L"), dtype=np.uint8)


def _dpi(value: object) -> float:
    """Horizontal resolution in dots per inch when the file gives a plausible one, else 300."""
    first = value[0] if isinstance(value, tuple) and value else None
    dpi = round(float(first), 1) if isinstance(first, numbers.Real) else DEFAULT_DPI
    return dpi if PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1] else DEFAULT_DPI


def _resolution(value: object) -> tuple[float, float]:
    """(X, Y) resolution in dots per inch. Y is taken where the file gives one within
    `ANISOTROPY` of X (faxes: 200×100, 204×98, 204×196), else it is X."""
    dpi_x = _dpi(value)
    if not isinstance(value, tuple) or len(value) < 2:
        return dpi_x, dpi_x
    first, second = value[0], value[1]
    if not isinstance(first, numbers.Real) or not isinstance(second, numbers.Real):
        return dpi_x, dpi_x
    if dpi_x != round(float(first), 1):  # X was not plausible: Y means nothing either
        return dpi_x, dpi_x
    dpi_y = round(float(second), 1)
    low, high = ANISOTROPY
    return dpi_x, dpi_y if low * dpi_x <= dpi_y <= high * dpi_x else dpi_x


def _colour(image: Image.Image) -> npt.NDArray[np.uint8] | None:
    """The page as RGB pixels when it is a colour image (transparency put on white);
    None for gray and bilevel pages."""
    if image.mode in ("1", "L", "LA", "I", "I;16", "F") or image.mode.startswith("I;"):
        return None
    if image.mode == "P" and image.palette is not None and image.palette.mode in ("L", "LA"):
        return None
    if "A" not in image.mode and "transparency" not in image.info:  # nothing to put on white
        return coloured(np.asarray(image.convert("RGB"), dtype=np.uint8))
    rgba = image.convert("RGBA")
    background = Image.new("RGBA", image.size, "white")
    background.alpha_composite(rgba)
    return coloured(np.array(background.convert("RGB"), dtype=np.uint8))


GRAY_CHROMA = 24  # gray levels between a pixel's channels that a gray scan's noise stays under


def coloured(rgb: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8] | None:
    """`rgb` when the page holds colour (a seal, coloured paper or ink), None when it is a
    gray page saved in colour: then the gray image says everything, in a third the memory."""
    _, chroma = brightest_and_chroma(rgb[::4, ::4])
    return rgb if float(np.percentile(chroma, 99.5)) >= GRAY_CHROMA else None


def _too_many_pages(limits: Limits) -> InputTooLarge:
    return InputTooLarge(N_(
        "the scan has more pages than the limit of {limit} per file; split it into smaller "
        "files"
    ).format(limit=limits.max_pages))
