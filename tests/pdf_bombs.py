"""Small PDFs that cost PDFium far more than their size suggests, written byte by byte.

Each passes the byte, page and pixel limits of `decode` (one A4 page, a few kilobytes):

- `nested_forms`: form XObjects that each draw the next one `fanout` times, `depth` deep;
  PDFium takes gigabytes and minutes to render the page (8**12 leaf drawings by default).
- `huge_image`: a gray image of `side` x `side` pixels whose data is zeros compressed
  twice (a few kilobytes), drawn `draws` times at slightly different sizes, so each
  drawing decodes it again: at the default size about 1 GiB and two seconds a drawing,
  at 8000 pixels a side about 350 MiB and one second.
- `deep_page_tree`: the page hangs `depth` page-tree nodes below the catalogue.
"""

from __future__ import annotations

import zlib

A4 = b"[0 0 595 842]"


def document(objects: dict[int, bytes]) -> bytes:
    """A PDF of numbered objects (1 is the catalogue) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else (
            b"0000000000 65535 f \n")
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


def one_page(resources: bytes, content: bytes, objects: dict[int, bytes]) -> bytes:
    """An A4 page with `resources` and `content`, and further `objects` numbered from 10."""
    return document({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources %s /Contents 4 0 R >>"
           % (A4, resources),
        4: stream(b"", content),
        **objects,
    })


def nested_forms(depth: int = 12, fanout: int = 8) -> bytes:
    objects = {}
    for level in range(depth):
        number = 10 + level
        if level == depth - 1:
            body, resources = b"0 0 1 1 re f", b"<< >>"
        else:
            body = b"q 1 0 0 1 0 0 cm /X Do Q\n" * fanout
            resources = b"<< /XObject << /X %d 0 R >> >>" % (number + 1)
        objects[number] = stream(
            b"/Type /XObject /Subtype /Form /BBox %s /Resources %s" % (A4, resources), body
        )
    return one_page(b"<< /XObject << /X 10 0 R >> >>", b"/X Do", objects)


def zeros_deflated(count: int, chunk: int = 1 << 22) -> bytes:
    """A zlib stream of `count` zero bytes (rounded down to whole `chunk`s), made by
    repeating one fully flushed block instead of compressing gigabytes."""
    count -= count % chunk
    compressor = zlib.compressobj(9)
    first = compressor.compress(bytes(chunk)) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(bytes(chunk)) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()[:-4]  # the final empty block, without the checksum
    adler = ((count % 65521) << 16) | 1  # Adler-32 of zeros: a stays 1, b adds 1 per byte
    return first + block * (count // chunk - 1) + end + adler.to_bytes(4, "big")


def huge_image(side: int = 30000, draws: int = 60) -> bytes:
    data = zlib.compress(zeros_deflated(side * side), 9)
    image = stream(
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter [/FlateDecode /FlateDecode]" % (side, side), data
    )
    content = b"".join(
        b"q %d 0 0 %d 0 0 cm /I Do Q\n" % (595 - i, 842 - i) for i in range(draws)
    )
    return one_page(b"<< /XObject << /I 10 0 R >> >>", content, {10: image})


def deep_page_tree(depth: int = 3000) -> bytes:
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    for level in range(depth):
        objects[2 + level] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (3 + level)
    objects[2 + depth] = b"<< /Type /Page /MediaBox %s >>" % A4
    return document(objects)
