"""HTML documents printed to PDF with WeasyPrint (A4, page numbers from the stylesheet),
with their signed data attached and the metadata a records system files them by: title,
author and the creation date of issue (never the time of printing).

The Japanese text is set in IPAexMincho/IPAexGothic (Debian's fonts-ipaexfont), embedded
as subsets, so the file reads the same on any machine for as long as it is kept. Nothing
is fetched while printing: the pages are self-contained.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pypdfium2


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"documents fetch nothing while printing ({url[:40]})")


def print_pdf(html: str, attachment: tuple[str, bytes] | None, created: datetime) -> bytes:
    """`html` as a PDF; `attachment` (name, bytes) embedded as a file dated `created`."""
    from PIL import ImageFile

    # Imported here: it loads Pango, which only printing needs. Importing it turns on
    # Pillow's LOAD_TRUNCATED_IMAGES for the whole process; scans must stay refused when
    # truncated (handlers/ocr/decode.py), so the setting is put back.
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint

    ImageFile.LOAD_TRUNCATED_IMAGES = before

    document = weasyprint.HTML(string=html, url_fetcher=_no_fetch)
    attachments = []
    if attachment is not None:
        name, data = attachment
        attachments.append(
            weasyprint.Attachment(
                string=data,
                name=name,
                created=created,
                modified=created,
                relationship="Data",
            )
        )
    data = document.write_pdf(attachments=attachments, pdf_identifier=b"yomitori")
    if not isinstance(data, bytes):
        raise TypeError("WeasyPrint returned no PDF")
    return data


def attached(data: bytes, name: str) -> bytes | None:
    """The attachment `name` of a PDF, or None."""
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return None
    try:
        for index in range(pdf.count_attachments()):
            attachment = pdf.get_attachment(index)
            if attachment.get_name() == name:
                return bytes(attachment.get_data())
        return None
    finally:
        pdf.close()


def text(data: bytes) -> str:
    """The text of every page of a PDF."""
    pdf = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def pages(data: bytes) -> int:
    """How many pages a PDF has."""
    pdf = pypdfium2.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()
