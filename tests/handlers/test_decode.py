"""Tests for handlers.ocr.decode: formats, page counts, limits and damaged input."""

from __future__ import annotations

import io
import resource
import struct
import threading
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, PngImagePlugin

from daemon.errors import InputTooLarge, UnsupportedInput
from handlers.ocr.decode import DEFAULT_LIMITS, Limits, Page, open_document, sniff

SAMPLE_PAGES = {"notice.png": 1, "notice.jpg": 1, "two-page.tif": 2, "notice.pdf": 1,
                "notice.bmp": 1}
MEDIA_TYPES = {"notice.png": "image/png", "notice.jpg": "image/jpeg",
               "two-page.tif": "image/tiff", "notice.pdf": "application/pdf",
               "notice.bmp": "image/bmp"}
# A folder and file name that hold personal data, as scanners' "scan to folder" names do.
PERSONAL = "山田花子_保険証"


@pytest.fixture
def sample_dir(samples: tuple[Path, dict[str, list[str]]]) -> Path:
    """The folder of rendered sample scans (rendered once per session by conftest)."""
    folder, texts = samples
    assert {name: len(pages) for name, pages in texts.items()} == SAMPLE_PAGES
    return folder


@pytest.fixture
def personal_dir(tmp_path: Path) -> Path:
    folder = tmp_path / PERSONAL
    folder.mkdir()
    return folder


def decode(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Page]:
    with open_document(path, limits) as document:
        return list(document.pages())


def refusal(error: type[Exception], path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """Decode `path` expecting `error`; return its message after checking it leaks no name."""
    with pytest.raises(error) as caught:
        decode(path, limits)
    message = str(caught.value)
    assert str(path.parent) not in message
    assert path.stem not in message and PERSONAL not in message
    return message


def pdf_of(*sizes: tuple[int, int]) -> bytes:
    """An image-only PDF at 300 dpi with one blank page per (width, height) in pixels."""
    pages = [Image.new("L", size, 255) for size in sizes]
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=300.0)
    return buffer.getvalue()


def png_bomb(width: int, height: int, rows: int) -> bytes:
    """A valid-headed 8-bit gray PNG of width x height whose IDAT holds only `rows` rows."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    compressor = zlib.compressobj(9)
    row = bytes(width + 1)  # filter byte, then black pixels
    idat = b"".join(compressor.compress(row) for _ in range(rows)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat)
            + chunk(b"IEND", b""))


def max_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


@pytest.mark.parametrize("name", sorted(SAMPLE_PAGES))
def test_each_format_decodes_to_its_pages(sample_dir: Path, name: str) -> None:
    with open_document(sample_dir / name) as document:
        assert document.media_type == MEDIA_TYPES[name]
        assert document.page_count == SAMPLE_PAGES[name]
        pages = list(document.pages())
    assert [page.index for page in pages] == list(range(1, SAMPLE_PAGES[name] + 1))
    for page in pages:
        assert page.image.dtype == np.uint8
        assert page.image.shape == (900, 1200)
        assert page.dpi == 300.0
        dark = np.count_nonzero(page.image < 128) / page.image.size
        assert 0.005 < dark < 0.1, "black text on a white page"


def test_group4_tiff_has_two_bilevel_pages(sample_dir: Path) -> None:
    with Image.open(sample_dir / "two-page.tif") as tiff:
        assert tiff.info["compression"] == "group4" and tiff.mode == "1"
    first, second = decode(sample_dir / "two-page.tif")
    for page in (first, second):
        assert set(np.unique(page.image)) <= {0, 255}
    assert not np.array_equal(first.image, second.image)


def test_pdf_pages_are_rendered_at_300_dpi(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_of((600, 400), (400, 600), (250, 250)))
    with open_document(path) as document:
        assert document.page_count == 3
        pages = list(document.pages())
    assert [page.image.shape for page in pages] == [(400, 600), (600, 400), (250, 250)]
    assert {page.dpi for page in pages} == {300.0}


def test_pdfium_never_renders_in_two_threads_at_once(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PDFium is not thread-safe even across documents; OCR workers decode in threads
    # (in this process when Limits.bounds is None, as in the sandbox's child).
    in_process = Limits(bounds=None)
    expected = decode(sample_dir / "notice.pdf", in_process)[0].image
    render = pdfium.PdfPage.render
    guard, inside, most, failures = threading.Lock(), [0], [0], []

    def watched_render(page: pdfium.PdfPage, *args: Any, **kwargs: Any) -> Any:
        with guard:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.01)
        try:
            return render(page, *args, **kwargs)
        finally:
            with guard:
                inside[0] -= 1

    def work() -> None:
        try:
            for _ in range(3):
                page = decode(sample_dir / "notice.pdf", in_process)[0]
                assert np.array_equal(page.image, expected)
        except BaseException as exc:  # reported to the main thread
            failures.append(exc)

    monkeypatch.setattr(pdfium.PdfPage, "render", watched_render)
    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert most[0] == 1


def test_sniff_reads_magic_bytes() -> None:
    assert sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF") == "image/jpeg"
    assert sniff(b"\x89PNG\r\n\x1a\n\x00\x00") == "image/png"
    assert sniff(b"II*\x00\x08\x00\x00\x00") == "image/tiff"
    assert sniff(b"MM\x00*\x00\x00\x00\x08") == "image/tiff"
    assert sniff(b"%PDF-1.7\n") == "application/pdf"
    assert sniff(b"BM" + bytes(12) + (40).to_bytes(4, "little")) == "image/bmp"
    assert sniff(b"BMW meeting notes, 2024") is None
    assert sniff(b"BM" + bytes(14)) == "image/bmp", "16 bytes: too short to check further"
    assert sniff(b"") is None
    assert sniff("乳幼児健康診査".encode()) is None


def test_extension_is_ignored(sample_dir: Path, personal_dir: Path) -> None:
    png_as_jpg = personal_dir / f"{PERSONAL}.jpg"
    png_as_jpg.write_bytes((sample_dir / "notice.png").read_bytes())
    with open_document(png_as_jpg) as document:
        assert document.media_type == "image/png"
        assert len(list(document.pages())) == 1

    text_as_png = personal_dir / f"{PERSONAL}.png"
    text_as_png.write_text("住所 東京都さくら区中央1丁目\n", encoding="utf-8")
    message = refusal(UnsupportedInput, text_as_png)
    assert "not a JPEG, PNG, TIFF, PDF or BMP scan" in message


def test_empty_file_is_refused(personal_dir: Path) -> None:
    empty = personal_dir / f"{PERSONAL}.pdf"
    empty.touch()
    assert "empty" in refusal(UnsupportedInput, empty)


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow warns while reading cut TIFF tags
@pytest.mark.parametrize("name", sorted(SAMPLE_PAGES))
@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_file_is_refused(
    sample_dir: Path, personal_dir: Path, name: str, keep: float
) -> None:
    data = (sample_dir / name).read_bytes()
    cut = personal_dir / f"{PERSONAL}{Path(name).suffix}"
    cut.write_bytes(data[: int(len(data) * keep)])
    message = refusal(UnsupportedInput, cut)
    assert "scan" in message and "again" in message


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_tiff_cut_inside_its_last_directory_is_refused(
    sample_dir: Path, personal_dir: Path
) -> None:
    # libtiff would decode this file without error, repeating page 1 as page 2.
    data = (sample_dir / "two-page.tif").read_bytes()
    cut = personal_dir / f"{PERSONAL}.tif"
    cut.write_bytes(data[:-12])
    assert "page 2 of the scan is incomplete" in refusal(UnsupportedInput, cut)


def test_pdf_without_end_marker_is_refused(sample_dir: Path, personal_dir: Path) -> None:
    data = (sample_dir / "notice.pdf").read_bytes()
    cut = personal_dir / f"{PERSONAL}.pdf"
    cut.write_bytes(data[: data.rindex(b"%%EOF")])
    assert "incomplete PDF" in refusal(UnsupportedInput, cut)


def test_damaged_pdf_is_refused(personal_dir: Path) -> None:
    damaged = personal_dir / f"{PERSONAL}.pdf"
    damaged.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    assert "damaged PDF" in refusal(UnsupportedInput, damaged)


def test_png_bomb_is_refused_from_its_header(personal_dir: Path) -> None:
    bomb = personal_dir / f"{PERSONAL}.png"
    bomb.write_bytes(png_bomb(60000, 60000, rows=3000))
    assert 50_000 < bomb.stat().st_size < 1_000_000
    with bomb.open("rb") as file:  # a real PNG: Pillow's PNG reader accepts its header
        header = PngImagePlugin.PngImageFile(file)
        assert (header.size, header.mode) == ((60000, 60000), "L")

    rss_before, started = max_rss_bytes(), time.monotonic()
    refusal(InputTooLarge, bomb)
    assert time.monotonic() - started < 1.0
    assert max_rss_bytes() - rss_before < 100 * 1024 * 1024


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_page_over_pixel_limit_is_refused_before_decoding(personal_dir: Path) -> None:
    big = personal_dir / f"{PERSONAL}.png"
    big.write_bytes(png_bomb(12000, 12000, rows=10))  # 144 million pixels; data is cut short
    assert "12000 x 12000 pixels" in refusal(InputTooLarge, big)


def test_pixel_limit_applies_to_every_format(sample_dir: Path) -> None:
    limits = Limits(max_pixels=1200 * 900 - 1)
    for name in SAMPLE_PAGES:
        with pytest.raises(InputTooLarge, match="1200 x 900 pixels"):
            open_document(sample_dir / name, limits)
    decode(sample_dir / "notice.pdf", Limits(max_pixels=1200 * 900))


def test_huge_pdf_page_is_refused_before_rendering(personal_dir: Path) -> None:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>",  # 200 x 200 inches
    ]
    body = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 4\n0000000000 65535 f \n"
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    huge = personal_dir / f"{PERSONAL}.pdf"
    huge.write_bytes(bytes(body))

    started = time.monotonic()
    assert "60000 x 60000 pixels" in refusal(InputTooLarge, huge)
    assert time.monotonic() - started < 1.0


def test_tiff_over_page_limit_is_refused(sample_dir: Path) -> None:
    with pytest.raises(InputTooLarge, match="more pages than the limit of 1"):
        open_document(sample_dir / "two-page.tif", Limits(max_pages=1))


def test_long_pdf_over_page_limit_is_refused(personal_dir: Path) -> None:
    long_pdf = personal_dir / f"{PERSONAL}.pdf"
    long_pdf.write_bytes(pdf_of(*[(100, 100)] * 6))
    refusal(InputTooLarge, long_pdf, Limits(max_pages=5))
    assert len(decode(long_pdf, Limits(max_pages=6))) == 6


def test_file_over_byte_limit_is_refused(sample_dir: Path) -> None:
    size = (sample_dir / "notice.png").stat().st_size
    with pytest.raises(InputTooLarge, match="bytes"):
        open_document(sample_dir / "notice.png", Limits(max_bytes=size - 1))
    decode(sample_dir / "notice.png", Limits(max_bytes=size))


def test_jpeg_exif_orientation_is_applied(tmp_path: Path) -> None:
    image = Image.new("L", (300, 200), 255)
    image.paste(0, (0, 0, 30, 30))  # black mark top left
    exif = Image.Exif()
    exif[0x0112] = 6  # stored rotated: display turned 90 degrees clockwise
    path = tmp_path / "photo.jpg"
    image.save(path, exif=exif)
    (page,) = decode(path)
    assert page.image.shape == (300, 200)
    assert page.image[:30, -30:].mean() < 64, "the mark moved to the top right"


def test_sixteen_bit_and_transparent_pages_keep_their_gray_levels(tmp_path: Path) -> None:
    deep = tmp_path / "deep.png"
    Image.fromarray(np.full((10, 10), 32768, dtype=np.uint16)).save(deep)
    assert int(decode(deep)[0].image[0, 0]) == 128

    clear = tmp_path / "clear.png"
    Image.new("LA", (10, 10), (0, 0)).save(clear)  # black, but fully transparent
    assert int(decode(clear)[0].image[0, 0]) == 255


@pytest.mark.parametrize(("saved", "expected"), [(600, 600.0), (5, 300.0), (None, 300.0)])
def test_dpi_comes_from_the_file_when_plausible(
    tmp_path: Path, saved: int | None, expected: float
) -> None:
    path = tmp_path / "page.bmp"
    image = Image.new("L", (40, 30), 255)
    if saved is None:
        image.save(tmp_path / "page.png")  # PNG without a pHYs chunk
        path = tmp_path / "page.png"
    else:
        image.save(path, dpi=(saved, saved))
    assert decode(path)[0].dpi == expected



def test_truncated_file_is_refused_after_weasyprint_is_imported(
    sample_dir: Path, personal_dir: Path
) -> None:
    """WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on when imported; printing a
    document in the same process must not make truncated scans acceptable."""
    from datetime import UTC, datetime

    from PIL import ImageFile

    from daemon.documents.render import pdf

    pdf.print_pdf("<p>x</p>", None, datetime.now(UTC))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as another library might leave it
    try:
        data = (sample_dir / "notice.png").read_bytes()
        cut = personal_dir / f"{PERSONAL}.png"
        cut.write_bytes(data[: len(data) // 2])
        refusal(UnsupportedInput, cut)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
