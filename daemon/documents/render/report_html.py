"""The usage report for the privacy council as one HTML page with an SVG bar chart."""

from __future__ import annotations

from html import escape

from daemon.documents.period import heading
from daemon.documents.render import wording
from daemon.documents.render.chart import bar_chart
from daemon.documents.render.page import bilingual, document, table
from daemon.documents.report import NO_FORM, DepartmentUsage, Usage

UNFORMED = "帳票なし（全文読取）"


def render(report: Usage) -> str:
    """The HTML page of a usage report."""
    month = heading(report.month)
    body = [
        f"<h1>{bilingual('AI-OCR（Yomitori）利用状況報告', 'Usage report for the privacy council')}"
        "</h1>",
        f"<p>対象月 Month: {escape(month)} ({escape(report.month)}, UTC+09:00)</p>",
        _verification(report),
        f"<h2>{bilingual('課別の件数', 'Per department')}</h2>",
        _summary(report.departments),
        f"<h2>{bilingual('課・帳票別の読取ページ数', 'Pages read per department and form')}</h2>",
        _chart(report),
        f"<h2>{bilingual('帳票別の取扱個人情報項目', 'Personal-information categories per form')}"
        "</h2>",
        _forms(report.departments),
        f'<p class="note">{bilingual(*_NOTES)}</p>',
        f'<p class="note">{bilingual(*wording.NO_PERSONAL_DATA)}</p>',
        f'<p class="note">{bilingual(*wording.TIMES)}</p>',
    ]
    return document(f"AI-OCR 利用状況報告 {report.month}", "\n".join(body))


_NOTES = (
    "件数はすべて署名付き台帳の記録によります。「受付」はホットフォルダから受け付けたスキャン、"
    "「納品」は暗号化して課の送付箱に渡したもの、「隔離」は読み取れず隔離したもの、"
    "「削除」は原本の削除と保存期間満了による削除です。取扱個人情報項目は納品時に記録した"
    "項目で、複数の帳票を含む納品ではそれぞれの帳票に計上しています。",
    "All counts come from the signed ledger. Categories are those recorded at delivery; a "
    "delivery read with several forms counts them under each form.",
)


def _verification(report: Usage) -> str:
    check = report.verification
    if check is None:
        return '<p class="bad">' + bilingual("台帳の検証: 未実施", "Ledger not verified") + "</p>"
    if check.ok:
        return (
            '<p class="ok">'
            + bilingual(
                f"台帳の検証: 正常（{check.lines:,} 行）", f"Ledger verified: {check.lines:,} lines"
            )
            + "</p>"
        )
    return (
        '<p class="bad">'
        + bilingual(
            "台帳の検証に失敗しました。この報告の数値は信頼できません。"
            f"最初の異常: {check.first_bad}",
            "Ledger verification FAILED: these figures cannot be relied on.",
        )
        + "</p>"
    )


def _department(dept: DepartmentUsage) -> str:
    if dept.title == dept.department:
        return escape(dept.title)
    return f"{escape(dept.title)} <code>{escape(dept.department)}</code>"


def _summary(departments: list[DepartmentUsage]) -> str:
    head = [
        bilingual("課", "department"),
        bilingual("受付", "received"),
        bilingual("納品", "delivered"),
        bilingual("ページ", "pages"),
        bilingual("隔離", "quarantined"),
        bilingual("原本削除", "sources wiped"),
        bilingual("成果物 期間満了削除", "bundles expired"),
        bilingual("隔離 期間満了削除", "quarantine expired"),
        bilingual("取扱個人情報項目", "categories"),
    ]
    rows = [
        [
            _department(d),
            *map(wording.number, _counts(d)),
            _categories(d.pii),
        ]
        for d in departments
    ]
    return table(head, rows, numeric={1, 2, 3, 4, 5, 6, 7})


def _counts(d: DepartmentUsage) -> tuple[int, ...]:
    return (
        d.received,
        d.deliveries,
        d.pages,
        d.quarantined,
        d.sources_wiped,
        d.bundles_expired,
        d.quarantine_expired,
    )


def _chart(report: Usage) -> str:
    groups = [
        (d.title, [(_form(f.form), f.pages) for f in d.ordered_forms()])
        for d in report.departments
        if d.forms
    ]
    if not groups:
        nothing = bilingual("この月の読取はありません。", "Nothing was read this month.")
        return f"<p>{nothing}</p>"
    return bar_chart(groups, f"課・帳票別の読取ページ数 {report.month}")


def _forms(departments: list[DepartmentUsage]) -> str:
    head = [
        bilingual("課", "department"),
        bilingual("帳票", "form"),
        bilingual("納品", "deliveries"),
        bilingual("ページ", "pages"),
        bilingual("取扱個人情報項目（納品時の記録）", "categories recorded at delivery"),
        bilingual("帳票定義上の項目", "categories the template declares"),
    ]
    rows = [
        [
            _department(d),
            escape(_form(f.form)),
            wording.number(f.deliveries),
            wording.number(f.pages),
            _categories(f.pii),
            _categories(f.declared),
        ]
        for d in departments
        for f in d.ordered_forms()
    ]
    if not rows:
        return "<p>" + bilingual("この月の納品はありません。", "No deliveries this month.") + "</p>"
    return table(head, rows, numeric={2, 3})


def _form(name: str) -> str:
    return UNFORMED if name == NO_FORM else name


def _categories(tags: set[str]) -> str:
    return escape("、".join(wording.pii(t) for t in sorted(tags))) or "—"
