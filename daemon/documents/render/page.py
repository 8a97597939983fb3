"""The HTML page both documents share: one self-contained file, printable on A4, no scripts
to run, no fonts or images to fetch."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from html import escape

STYLE = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "IPAexGothic", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic",
       "Meiryo", sans-serif; color: #111; margin: 2em; line-height: 1.5; }
h1 { font-size: 1.6em; margin: 0; }
h1 small, h2 small, th small, td small, p small { display: block; font-weight: normal;
       color: #555; font-size: 0.75em; }
h2 { font-size: 1.15em; border-bottom: 1px solid #999; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #999; padding: 0.2em 0.5em; vertical-align: top; }
th { background: #eee; text-align: left; white-space: nowrap; }
td.n { white-space: nowrap; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
code, .hash { font-family: "DejaVu Sans Mono", monospace; font-size: 0.8em;
       word-break: break-all; }
.ok { border: 2px solid #2a7a2a; padding: 0.5em 1em; }
.bad { border: 3px solid #b00; padding: 0.5em 1em; color: #b00; font-weight: bold; }
.note { font-size: 0.9em; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dt { font-weight: bold; }
dd { margin: 0; }
"""


def bilingual(japanese: str, english: str) -> str:
    """Japanese text with its English subtitle below (both escaped)."""
    return f"{escape(japanese)}<small>{escape(english)}</small>"


def table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Collection[int] = ()) -> str:
    """A table; `head` cells are HTML, row cells are HTML; columns in `numeric` align right."""
    lines = ["<table>", "<tr>" + "".join(f"<th>{cell}</th>" for cell in head) + "</tr>"]
    for row in rows:
        cells = (
            f'<td class="n">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def document(title: str, body: str) -> str:
    """The whole page around `body` (HTML); `title` is plain text."""
    return (
        '<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )
