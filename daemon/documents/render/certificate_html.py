"""The deletion certificate as one HTML page, carrying its signed data.

The page is rendered from the signed document alone, so `render(signed)` of a genuine
page's embedded data gives back the page byte for byte: that is how `--verify` tells an
edited page from a genuine one.
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any

from daemon.documents.period import display, heading
from daemon.documents.render import wording
from daemon.documents.render.page import bilingual, document, table

SCRIPT_ID = "yomitori-certificate"
_EMBEDDED = re.compile(
    rf'<script type="application/json" id="{SCRIPT_ID}">\n(.*?)\n</script>', re.DOTALL
)


def render(signed: dict[str, Any]) -> str:
    """The HTML page of a signed certificate document (see `daemon.documents.certificate`)."""
    cert, signature = signed["certificate"], signed["signature"]
    ledger = cert["ledger"]
    name = cert["title"] or cert["department"]
    body = [
        f"<h1>{bilingual('削除証明書', 'Certificate of deletion')}</h1>",
        "<dl>",
        f"<dt>課 Department</dt><dd>{escape(name)} <code>{escape(cert['department'])}</code></dd>",
        f"<dt>対象月 Month</dt><dd>{escape(heading(cert['month']))} ({escape(cert['month'])},"
        f" UTC{escape(cert['utc_offset'])})</dd>",
        f"<dt>発行日時 Issued</dt><dd>{escape(display(cert['issued_at']))}</dd>",
        f"<dt>発行ホスト Host</dt><dd><code>{escape(cert['host'])}</code></dd>",
        "</dl>",
        _verification(ledger),
        f"<p>{bilingual(*wording.STATEMENT)}</p>",
        f"<h2>{bilingual('削除一覧', 'Items wiped')}</h2>",
        _items(cert["items"]),
        f"<h2>{bilingual('合計', 'Totals')}</h2>",
        _totals(cert["totals"]),
        f"<h2>{bilingual('削除の方法と限界', 'What wiped means')}</h2>",
        f'<p class="note">{bilingual(*wording.WIPED_MEANS)}</p>',
        f'<p class="note">{bilingual(*wording.NO_PERSONAL_DATA)}</p>',
        f'<p class="note">{bilingual(*wording.TIMES)}</p>',
        f"<h2>{bilingual('台帳', 'Ledger')}</h2>",
        _ledger(ledger),
        f"<h2>{bilingual('電子署名', 'Signature')}</h2>",
        "<dl>",
        f"<dt>方式 Algorithm</dt><dd>{escape(signature['algorithm'])}</dd>",
        f'<dt>公開鍵指紋 Key</dt><dd class="hash">{escape(cert["key"])}</dd>',
        f'<dt>署名値 Value</dt><dd class="hash">{escape(signature["value"])}</dd>',
        "</dl>",
        '<p class="note">'
        + bilingual(
            "検証方法: yomitori ledger certificate --verify このファイル -c 設定ファイル",
            "To verify: yomitori ledger certificate --verify THIS-FILE -c CONFIG",
        )
        + "</p>",
        f'<script type="application/json" id="{SCRIPT_ID}">\n{embed(signed)}\n</script>',
    ]
    title = f"削除証明書 {cert['department']} {cert['month']}"
    return document(title, "\n".join(body))


def embed(signed: dict[str, Any]) -> str:
    """The signed document as JSON that is safe inside a `<script>` element."""
    text = json.dumps(signed, ensure_ascii=False, sort_keys=True, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def extract(page: str) -> str | None:
    """The signed document's JSON embedded in a certificate page, or None."""
    found = _EMBEDDED.search(page)
    return found.group(1) if found else None


def _verification(ledger: dict[str, Any]) -> str:
    if ledger["verified"]:
        return (
            '<p class="ok">'
            + bilingual(
                f"台帳の検証: 正常（{ledger['lines_verified']:,} 行すべての署名と連鎖を確認）",
                f"Ledger verified: all {ledger['lines_verified']:,} lines intact",
            )
            + "</p>"
        )
    if ledger["verified"] is None:
        return '<p class="bad">' + bilingual("台帳の検証: 未実施", "Ledger not verified") + "</p>"
    return (
        '<p class="bad">'
        + bilingual(
            "台帳の検証に失敗しました。台帳が改ざん又は破損しているため、この証明書の記載は"
            f"信頼できません。最初の異常: {ledger['first_bad']}",
            f"Ledger verification FAILED: this certificate cannot be relied on. "
            f"First bad line: {ledger['first_bad']}",
        )
        + "</p>"
    )


def _items(items: list[dict[str, Any]]) -> str:
    if not items:
        return "<p>" + bilingual("この月の削除記録はありません。", "No wipes this month.") + "</p>"
    head = [
        bilingual("番号", "No."),
        bilingual("削除日時", "time"),
        bilingual("種別", "kind"),
        bilingual("SHA-256", "of the file wiped"),
        bilingual("サイズ", "bytes"),
        bilingual("ページ", "pages"),
        bilingual("帳票", "forms"),
        bilingual("方法", "method"),
        bilingual("台帳番号", "ledger seq"),
    ]
    rows = [
        [
            str(n),
            escape(display(item["time"])),
            bilingual(*wording.kind(item["kind"])),
            f'<span class="hash">{escape(item["sha256"] or "—")}</span>',
            wording.number(item["bytes"]),
            wording.number(item["pages"]),
            escape(wording.forms(item["forms"])),
            bilingual(*wording.method(item["method"])),
            str(item["seq"]),
        ]
        for n, item in enumerate(items, 1)
    ]
    return table(head, rows, numeric={0, 4, 5, 8})


def _totals(totals: dict[str, Any]) -> str:
    rows = [
        [bilingual(*wording.kind(kind)), wording.number(count)]
        for kind, count in sorted(totals["by_kind"].items())
    ]
    rows.append([bilingual("合計件数", "items"), wording.number(totals["items"])])
    rows.append([bilingual("合計サイズ（バイト）", "bytes"), wording.number(totals["bytes"])])
    rows.append([bilingual("合計ページ数", "pages"), wording.number(totals["pages"])])
    return table([bilingual("区分", "what"), bilingual("件数等", "count")], rows, numeric={1})


def _ledger(ledger: dict[str, Any]) -> str:
    first, last = ledger["first_seq"], ledger["last_seq"]
    span = f"{first} – {last}" if first is not None else "—"
    return (
        "<dl>"
        f"<dt>対象月の台帳番号 Month's lines</dt><dd>{escape(span)}</dd>"
        f"<dt>発行時の末尾行 Head line</dt><dd>{ledger['head_seq']}</dd>"
        f'<dt>末尾行の SHA-256 Head hash</dt><dd class="hash">{escape(ledger["head_sha256"])}</dd>'
        "</dl>"
        '<p class="note">'
        + bilingual(
            "末尾行のハッシュ値は、それ以前の台帳全体を固定します。後日、台帳の行が削除・変更"
            "されていないことを、この値で確認できます。",
            "The head hash pins every line up to it: later removal or rewriting of lines "
            "shows against it.",
        )
        + "</p>"
    )
