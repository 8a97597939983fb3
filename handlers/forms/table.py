"""`fields.csv`: one row per form page, what departments load into their own systems.

Columns: `job_id`, `page`, `form`, then every field of the forms read (in template order;
when a bundle holds pages of several forms, the union, in order of first appearance), then
`needs_review`, the names of that row's fields to check against the image, separated by
spaces. Cells: text and digits as read; a date as its ISO 8601 `normalized` value when it
is a valid date, else as read; a choice as the chosen option's label (empty when none or
several were marked); a check box as 1 or 0.

Encodings: "utf-8-sig" (UTF-8 with a byte order mark, what Excel opens correctly) or
"cp932" (Shift_JIS as Windows extends it). A character cp932 cannot hold (𠮷, ㈱ is fine)
becomes 〓 (geta, U+3013, the sign Japanese printers use for a missing glyph) and its field
is added to `needs_review`: the value is never silently changed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from handlers.ocr.result import FieldResult, Result
from handlers.ocr.text import in_cp932

FIXED = ("job_id", "page", "form")
REVIEW = "needs_review"
GETA = "〓"
ENCODINGS = ("utf-8-sig", "cp932")

Row = dict[str, str]


def cell(field: FieldResult) -> str:
    """A field's value as its CSV cell (see the module docstring)."""
    if field.normalized:
        return field.normalized
    if field.value is True:
        return "1"
    if field.value is False:
        return "0"
    return "" if field.value is None else str(field.value)


def form_rows(result: Result) -> tuple[list[str], list[Row]]:
    """The header and one row per page of `result` read as a form."""
    columns: list[str] = []
    rows: list[Row] = []
    for page in result.pages:
        if page.form is None:
            continue
        row: Row = {"job_id": result.job_id or "", "page": str(page.index),
                    "form": page.form.name}
        review = []
        for name, field in page.form.fields.items():
            if name not in columns:
                columns.append(name)
            row[name] = cell(field)
            if field.needs_review:
                review.append(name)
        row[REVIEW] = " ".join(review)
        rows.append(row)
    return [*FIXED, *columns, REVIEW], rows


def fields_csv(result: Result, encoding: str) -> bytes | None:
    """`fields.csv` for `result` in `encoding`; None when no page was read as a form.

    A field whose value cp932 cannot hold is also marked `needs_review` in `result`, so
    result.json and fields.csv agree: build the CSV before writing result.json.
    """
    header, rows = form_rows(result)
    if not rows:
        return None
    data, replaced = write_rows(header, rows, encoding)
    form_pages = [page for page in result.pages if page.form is not None]
    for row_index, column in replaced:
        form = form_pages[row_index].form
        if form is not None and column in form.fields:
            form.fields[column].needs_review = True
            if "cp932" not in form.fields[column].reasons:
                form.fields[column].reasons.append("cp932")
    return data


def write_rows(header: Sequence[str], rows: Sequence[Row],
               encoding: str) -> tuple[bytes, list[tuple[int, str]]]:
    """The CSV bytes in `encoding`, and (row index, column) of every cell given a 〓."""
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown CSV encoding {encoding!r}; use one of {', '.join(ENCODINGS)}")
    replaced: list[tuple[int, str]] = []
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(header), restval="", extrasaction="ignore",
                            lineterminator="\r\n")
    writer.writeheader()
    for index, row in enumerate(rows):
        out = dict(row)
        review = [name for name in out.get(REVIEW, "").split() if name]
        for column, value in row.items():
            fitted = _fit(value, encoding)
            if fitted != value:
                out[column] = fitted
                replaced.append((index, column))
                if column not in review:
                    review.append(column)
        out[REVIEW] = " ".join(review)
        writer.writerow(out)
    return buffer.getvalue().encode(encoding), replaced


def _fit(text: str, encoding: str) -> str:
    """`text` with each character `encoding` cannot hold replaced by 〓."""
    if encoding != "cp932":
        return text
    return "".join(c if in_cp932(c) else GETA for c in text)


def read_csv(data: bytes) -> tuple[list[str], list[Row]]:
    """A `fields.csv` as written by any Yomitori version: UTF-8 (with or without BOM) or
    cp932, told apart by the BOM and by whether the bytes are valid UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp932")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), [dict(row) for row in reader]


def merge(files: Iterable[bytes], encoding: str) -> tuple[bytes, int]:
    """Many bundles' `fields.csv` as one CSV in `encoding`, and its number of rows.

    Columns are matched by name: the header is the union, fixed columns first and
    `needs_review` last, and a row lacking a column gets an empty cell.
    """
    columns: list[str] = []
    rows: list[Row] = []
    for data in files:
        header, found = read_csv(data)
        columns += [name for name in header if name not in columns]
        rows += found
    fields = [name for name in columns if name not in FIXED and name != REVIEW]
    merged, _ = write_rows([*FIXED, *fields, REVIEW], rows, encoding)
    return merged, len(rows)
