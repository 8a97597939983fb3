"""A horizontal bar chart as inline SVG: groups of labelled bars, no script, no colours to
tell apart (each bar carries its own label and value)."""

from __future__ import annotations

from html import escape

LABEL_WIDTH = 300  # pixels for the labels left of the bars
BAR_WIDTH = 420  # pixels for the longest bar
ROW = 22  # pixels per row
BAR = 14  # bar height, pixels


def bar_chart(groups: list[tuple[str, list[tuple[str, int]]]], title: str) -> str:
    """An SVG chart: each group's label on its own row, then one bar per (label, value).

    Bar lengths are proportional to the values (the largest is `BAR_WIDTH` pixels); every
    `<rect>` carries `data-group`, `data-bar` and `data-value` for tools that read the page.
    """
    largest = max((value for _, bars in groups for _, value in bars), default=0)
    rows = sum(1 + len(bars) for _, bars in groups)
    width, height = LABEL_WIDTH + BAR_WIDTH + 80, rows * ROW + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    y = 4
    for group, bars in groups:
        parts.append(
            f'<text x="0" y="{y + BAR}" font-weight="bold" font-size="13">{escape(group)}</text>'
        )
        y += ROW
        for label, value in bars:
            length = round(value / largest * BAR_WIDTH, 1) if largest else 0.0
            parts.append(
                f'<text x="16" y="{y + BAR - 2}" font-size="12">{escape(label)}</text>'
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR}" fill="#4a6fa5" '
                f'data-group="{escape(group)}" data-bar="{escape(label)}" data-value="{value}">'
                f"<title>{escape(group)} / {escape(label)}: {value:,}</title></rect>"
                f'<text x="{LABEL_WIDTH + length + 6}" y="{y + BAR - 2}" font-size="12">'
                f"{value:,}</text>"
            )
            y += ROW
    parts.append("</svg>")
    return "\n".join(parts)
