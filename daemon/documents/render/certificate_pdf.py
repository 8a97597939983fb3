"""The deletion certificate as a PDF (A4 landscape, reportlab), carrying its signed data
as the attachment `certificate.json`.

The Japanese text is set in IPAexGothic, embedded (subset) so the file reads the same on
any machine for as long as it is kept; without that font installed it falls back to the
PDF reader's own Japanese font (Adobe's HeiseiKakuGo-W5, not embedded). `--verify` checks
the attached data; the printed pages are a rendering of it and are not compared.
"""

from __future__ import annotations

import io
from html import escape
from pathlib import Path
from typing import Any

import pypdfium2
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from daemon.documents.period import display, heading
from daemon.documents.render import certificate_html, wording

ATTACHMENT = "certificate.json"
FONT_FILES = (
    Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
    Path("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"),
)
FALLBACK_FONT = "HeiseiKakuGo-W5"
_WIDTHS = (22, 80, 95, 240, 55, 30, 90, 100, 40)  # points; 752 of the 757 between margins


def font() -> str:
    """Register and name the Japanese font: embedded IPAexGothic, else the reader's own."""
    for path in FONT_FILES:
        if path.is_file():
            if "YomitoriGothic" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("YomitoriGothic", str(path)))
            return "YomitoriGothic"
    if FALLBACK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT


def render(signed: dict[str, Any]) -> bytes:
    """The PDF of a signed certificate document (see `daemon.documents.certificate`)."""
    cert, signature = signed["certificate"], signed["signature"]
    ledger, totals = cert["ledger"], cert["totals"]
    face = font()
    text = ParagraphStyle("text", fontName=face, fontSize=8.5, leading=12, wordWrap="CJK")
    small = ParagraphStyle("small", parent=text, fontSize=7, leading=9)
    title = ParagraphStyle("title", parent=text, fontSize=18, leading=24)
    head = ParagraphStyle("head", parent=text, fontSize=11, leading=16, spaceBefore=8)
    head.keepWithNext = 1
    alarm = ParagraphStyle("alarm", parent=text, textColor=colors.HexColor("#b00000"))

    def pair(japanese: str, english: str, style: ParagraphStyle = text) -> Paragraph:
        return Paragraph(f"{escape(japanese)}<br/><font size=6.5>{escape(english)}</font>", style)

    name = cert["title"] or cert["department"]
    verified = ledger["verified"]
    if verified:
        status = pair(
            f"台帳の検証: 正常（{ledger['lines_verified']:,} 行すべての署名と連鎖を確認）",
            f"Ledger verified: all {ledger['lines_verified']:,} lines intact",
        )
    elif verified is None:
        status = pair("台帳の検証: 未実施", "Ledger not verified", alarm)
    else:
        status = pair(
            "台帳の検証に失敗しました。この証明書の記載は信頼できません。"
            f"最初の異常: {ledger['first_bad']}",
            "Ledger verification FAILED: this certificate cannot be relied on.",
            alarm,
        )
    story: list[Flowable] = [
        pair("削除証明書", "Certificate of deletion", title),
        Paragraph(
            f"課 Department: {escape(name)} ({escape(cert['department'])})　"
            f"対象月 Month: {escape(heading(cert['month']))} (UTC{escape(cert['utc_offset'])})　"
            f"発行 Issued: {escape(display(cert['issued_at']))} on {escape(cert['host'])}",
            text,
        ),
        status,
        pair(*wording.STATEMENT),
        pair("削除一覧", "Items wiped", head),
        _items(cert["items"], face, small),
        pair("合計", "Totals", head),
        Paragraph(
            ", ".join(
                f"{wording.kind(k)[0]} {v:,} 件" for k, v in sorted(totals["by_kind"].items())
            )
            + f"　合計 {totals['items']:,} 件, {totals['bytes']:,} バイト, "
            + f"{totals['pages']:,} ページ",
            text,
        ),
        pair("削除の方法と限界", "What wiped means", head),
        pair(*wording.WIPED_MEANS, small),
        pair(*wording.NO_PERSONAL_DATA, small),
        pair(*wording.TIMES, small),
        pair("台帳と電子署名", "Ledger and signature", head),
        Paragraph(
            f"対象月の台帳番号 Month's lines: {ledger['first_seq']} – {ledger['last_seq']}<br/>"
            f"発行時の末尾行 Head line: {ledger['head_seq']}　SHA-256: "
            f"<font name=Courier>{ledger['head_sha256']}</font><br/>"
            f"{escape(signature['algorithm'])} 公開鍵指紋 Key: "
            f"<font name=Courier>{escape(cert['key'])}</font><br/>"
            f"署名値 Signature: <font name=Courier>{escape(signature['value'])}</font>",
            small,
        ),
        pair(
            f"署名対象データは添付ファイル {ATTACHMENT} にあります。検証方法: "
            "yomitori ledger certificate --verify このファイル -c 設定ファイル",
            f"The signed data is the attachment {ATTACHMENT}. To verify: "
            "yomitori ledger certificate --verify THIS-FILE -c CONFIG",
            small,
        ),
    ]
    footer = f"削除証明書 {cert['department']} {cert['month']} ・ 台帳末尾 {ledger['head_seq']}"

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.setFont(face, 7)
        canvas.drawString(15 * mm, 8 * mm, f"{footer} ・ {doc.page}")

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=f"削除証明書 {cert['department']} {cert['month']}",
        lang="ja",
        invariant=1,
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return _attach(buffer.getvalue(), certificate_html.embed(signed).encode())


def extract(data: bytes) -> bytes | None:
    """The signed document's JSON attached to a certificate PDF, or None."""
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return None
    try:
        for index in range(pdf.count_attachments()):
            attachment = pdf.get_attachment(index)
            if attachment.get_name() == ATTACHMENT:
                return bytes(attachment.get_data())
        return None
    finally:
        pdf.close()


def _attach(data: bytes, payload: bytes) -> bytes:
    pdf = pypdfium2.PdfDocument(data)
    try:
        pdf.new_attachment(ATTACHMENT).set_data(payload)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
    finally:
        pdf.close()


def _items(items: list[dict[str, Any]], face: str, style: ParagraphStyle) -> Flowable:
    if not items:
        return Paragraph("この月の削除記録はありません。 No wipes this month.", style)

    def cell(japanese: str, english: str) -> Paragraph:
        return Paragraph(f"{escape(japanese)}<br/><font size=5.5>{escape(english)}</font>", style)

    rows: list[list[Any]] = [
        [
            cell("番号", "No."),
            cell("削除日時", "time"),
            cell("種別", "kind"),
            cell("SHA-256", "of the file wiped"),
            cell("サイズ", "bytes"),
            cell("頁", "pages"),
            cell("帳票", "forms"),
            cell("方法", "method"),
            cell("台帳番号", "seq"),
        ]
    ]
    for n, item in enumerate(items, 1):
        rows.append(
            [
                str(n),
                display(item["time"]),
                cell(*wording.kind(item["kind"])),
                item["sha256"] or "—",
                wording.number(item["bytes"]),
                wording.number(item["pages"]),
                Paragraph(escape(wording.forms(item["forms"])), style),
                cell(*wording.method(item["method"])),
                str(item["seq"]),
            ]
        )
    grid = Table(rows, colWidths=_WIDTHS, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), face, 7),
                ("FONT", (3, 1), (3, -1), "Courier", 6),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (4, 1), (5, -1), "RIGHT"),
                ("ALIGN", (8, 1), (8, -1), "RIGHT"),
            ]
        )
    )
    return grid
