"""fields.csv: one row per form page, utf-8-sig or cp932, 〓 for what cp932 cannot hold."""

from __future__ import annotations

import csv
import io

from handlers.forms.table import GETA, fields_csv, merge, read_csv
from handlers.ocr.result import (
    Engine,
    FieldResult,
    FormResult,
    PageResult,
    Result,
    Source,
)


def result(job_id: str, child_name: str, *, forms: int = 2) -> Result:
    """A result of `forms` form pages and one page of plain text."""
    fields = {
        "child_name": FieldResult(value=child_name, confidence=0.9, needs_review=False),
        "birth_date": FieldResult(value="令和元年5月1日", confidence=0.8, needs_review=False,
                                  normalized="2019-05-01"),
        "sex": FieldResult(value=None, confidence=0.0, needs_review=True),
        "concern_meal": FieldResult(value=True, confidence=0.9, needs_review=False),
        "concern_sleep": FieldResult(value=False, confidence=0.9, needs_review=False),
    }
    pages = [PageResult(index=i + 1, text="", confidence=0.9,
                        form=FormResult(name="checkup-18m", match=0.97,
                                        fields={k: v.model_copy() for k, v in fields.items()}))
             for i in range(forms)]
    pages.append(PageResult(index=forms + 1, text="お知らせ", confidence=0.9))
    return Result(job_id=job_id, department="kodomo",
                  source=Source(sha256="0" * 64, bytes=1, pages=len(pages),
                                media_type="image/tiff"),
                  pages=pages, text="", timings={}, engine=Engine(name="t", languages="jpn"))


def rows(data: bytes, encoding: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode(encoding), newline="")))


def test_one_row_per_form_page_with_the_fields_that_need_review() -> None:
    data = fields_csv(result("job-1", "山田 太郎"), "utf-8-sig")
    assert data is not None and data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header == ("job_id,page,form,child_name,birth_date,sex,concern_meal,concern_sleep,"
                      "needs_review")
    table = rows(data, "utf-8-sig")
    assert [row["page"] for row in table] == ["1", "2"]  # the text page has no row
    assert table[0] == {"job_id": "job-1", "page": "1", "form": "checkup-18m",
                        "child_name": "山田 太郎", "birth_date": "2019-05-01", "sex": "",
                        "concern_meal": "1", "concern_sleep": "0", "needs_review": "sex"}


def test_no_form_page_no_csv() -> None:
    assert fields_csv(result("job-1", "山田", forms=0), "utf-8-sig") is None


def test_cp932_replaces_what_it_cannot_hold_and_flags_the_field() -> None:
    read = result("job-2", "𠮷田 太郎")  # 𠮷 (U+20BB7) is not in cp932
    data = fields_csv(read, "cp932")
    assert data is not None
    table = rows(data, "cp932")
    assert table[0]["child_name"] == f"{GETA}田 太郎"
    assert table[0]["needs_review"] == "sex child_name"
    # result.json says the same as fields.csv
    form = read.pages[0].form
    assert form is not None and form.fields["child_name"].needs_review
    assert form.fields["child_name"].reasons == ["cp932"]  # why, for the review station
    assert form.fields["child_name"].value == "𠮷田 太郎"  # the reading itself is kept
    # What cp932 holds stays as it is, including its extensions.
    fine = fields_csv(result("job-3", "髙橋 ㈱ ①"), "cp932")
    assert fine is not None and rows(fine, "cp932")[0]["child_name"] == "髙橋 ㈱ ①"


def test_merging_bundles_of_both_encodings() -> None:
    utf8 = fields_csv(result("job-1", "山田 太郎"), "utf-8-sig")
    sjis = fields_csv(result("job-2", "鈴木 花子", forms=1), "cp932")
    assert utf8 is not None and sjis is not None
    assert read_csv(sjis)[1][0]["child_name"] == "鈴木 花子"
    merged, count = merge([utf8, sjis], "utf-8-sig")
    assert count == 3
    table = rows(merged, "utf-8-sig")
    assert [(r["job_id"], r["page"], r["child_name"]) for r in table] == [
        ("job-1", "1", "山田 太郎"), ("job-1", "2", "山田 太郎"), ("job-2", "1", "鈴木 花子")]
    # Into cp932, a character it cannot hold is replaced and flagged in the merged CSV too.
    odd = fields_csv(result("job-4", "𠮷田"), "utf-8-sig")
    assert odd is not None
    merged, _ = merge([odd], "cp932")
    row = rows(merged, "cp932")[0]
    assert row["child_name"] == f"{GETA}田" and "child_name" in row["needs_review"].split()
