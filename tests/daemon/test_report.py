"""Tests for the usage report: counts from the ledger, CSV, HTML chart, the CLI."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from daemon.cli import main
from daemon.deployment import init
from daemon.documents.render import report_html
from daemon.documents.report import COLUMNS, declared_pii, form_names, to_csv, usage
from daemon.ledger.audit import Audit, audit
from daemon.ledger.signing import fingerprint, load_or_create_signing_key
from daemon.ledger.writer import Ledger

TITLES = {"kodomo": "子ども家庭支援課", "kokuho": "国保年金課", "kenko": "健康推進課"}
NOV = datetime(2026, 11, 9, 1, 0, tzinfo=UTC)
OCT = datetime(2026, 10, 9, 1, 0, tzinfo=UTC)
TEMPLATE = """
[form]
name = "checkup-18m"

[[fields]]
name = "child_name"
pii = "name"

[[fields]]
name = "birthday"
pii = "birth_date"

[[fields]]
name = "q1"
"""


def scan(
    ledger: Ledger,
    dept: str,
    job_id: str,
    pages: int,
    forms: dict[str, int] | None,
    pii: list[str] | None,
    when: datetime = NOV,
) -> None:
    """A scan claimed, delivered and wiped; `None` leaves the field out of `delivered`."""
    subject = {"sha256": "0" * 64, "bytes": 100}
    ledger.append("claimed", job_id=job_id, department=dept, now=when, subject=subject)
    extra: dict[str, Any] = {"forms": forms} if forms is not None else {}
    if pii is not None:
        extra["pii"] = pii
    ledger.append(
        "delivered", job_id=job_id, department=dept, now=when, pages=pages, bundle="b", **extra
    )
    ledger.append("wiped", job_id=job_id, department=dept, now=when, subject=subject)


def fill(ledger: Ledger) -> None:
    scan(ledger, "kodomo", "k0", 10, {"checkup-18m": 10}, ["name"], when=OCT)
    scan(ledger, "kodomo", "k1", 3, {"checkup-18m": 3}, ["address", "birth_date", "name"])
    scan(ledger, "kodomo", "k2", 2, {"checkup-18m": 1, "consent": 1}, ["name", "phone"])
    scan(ledger, "kodomo", "k3", 4, {}, [])
    ledger.append("claimed", job_id="k4", department="kodomo", now=NOV)
    ledger.append("quarantined", job_id="k4", department="kodomo", now=NOV, reason="r")
    ledger.append("expired", job_id="k1", department="kodomo", now=NOV, what="bundle")
    ledger.append("expired", job_id="k4", department="kodomo", now=NOV, what="quarantine")
    ledger.append("frobnicated", job_id="k9", department="kodomo", now=NOV, pages=99)
    ledger.append("config_loaded", now=NOV, hash="h")
    scan(ledger, "kokuho", "h1", 1, {"kokuho-shinsei": 1}, ["insurance_number", "name"])
    scan(ledger, "kokuho", "h2", 2, None, None)


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    led = Ledger(tmp_path / "ledger", Ed25519PrivateKey.generate(), host="scan-01")
    fill(led)
    return led


def read(ledger: Ledger) -> Audit:
    return audit(ledger.directory, [fingerprint(ledger.public_key)])


EXPECTED = [
    ["2026-11", "kenko", "健康推進課", "(all)", "0", "0", "", "", "0", "0", "0", "0", "0"],
    ["2026-11", "kodomo", "子ども家庭支援課", "(all)", "3", "9",
     "address;birth_date;name;phone;undeclared", "birth_date;name", "4", "1", "3", "1", "1"],
    ["2026-11", "kodomo", "子ども家庭支援課", "checkup-18m", "2", "4",
     "address;birth_date;name;phone", "birth_date;name", "", "", "", "", ""],
    ["2026-11", "kodomo", "子ども家庭支援課", "consent", "1", "1", "name;phone", "",
     "", "", "", "", ""],
    ["2026-11", "kodomo", "子ども家庭支援課", "(none)", "1", "4", "undeclared", "", "", "", "",
     "", ""],
    ["2026-11", "kokuho", "国保年金課", "(all)", "2", "3", "insurance_number;name;undeclared", "",
     "2", "0", "2", "0", "0"],
    ["2026-11", "kokuho", "国保年金課", "kokuho-shinsei", "1", "1", "insurance_number;name", "",
     "", "", "", "", ""],
    ["2026-11", "kokuho", "国保年金課", "(none)", "1", "2", "undeclared", "", "", "", "", "",
     ""],
]  # fmt: skip


def forms_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "forms"
    folder.mkdir(exist_ok=True)
    (folder / "checkup-18m.toml").write_text(TEMPLATE, encoding="utf-8")
    (folder / "consent.toml").write_text("[[fields]\nbroken", encoding="utf-8")
    return folder


def test_csv_rows_and_columns(ledger: Ledger, tmp_path: Path) -> None:
    state = read(ledger)
    declared = declared_pii(forms_dir(tmp_path), form_names(state, "2026-11"))
    rows = list(csv.reader(io.StringIO(to_csv(usage(state, "2026-11", TITLES, declared)))))
    assert rows[0] == list(COLUMNS)
    assert rows[1:] == EXPECTED


def test_other_month_counts_only_its_own_events(ledger: Ledger) -> None:
    rows = list(csv.reader(io.StringIO(to_csv(usage(read(ledger), "2026-10")))))
    assert rows[1:] == [
        ["2026-10", "kodomo", "kodomo", "(all)", "1", "10", "name", "", "1", "0", "1", "0", "0"],
        ["2026-10", "kodomo", "kodomo", "checkup-18m", "1", "10", "name", "", "", "", "", "", ""],
    ]


def test_declared_pii_reads_only_named_readable_templates(tmp_path: Path) -> None:
    folder = forms_dir(tmp_path)
    (tmp_path / "outside.toml").write_text('[[fields]]\npii = "secret"\n', encoding="utf-8")
    names = ["checkup-18m", "consent", "missing", "../outside", ".hidden"]
    assert declared_pii(folder, names) == {"checkup-18m": {"name", "birth_date"}}


def test_html_has_a_bar_per_department_and_form(ledger: Ledger) -> None:
    html = report_html.render(usage(read(ledger), "2026-11", TITLES))
    bars = re.findall(
        r'style="width: ([\d.]+)%" data-group="([^"]*)" data-bar="([^"]*)" '
        r'data-value="(\d+)"',
        html,
    )
    assert bars == [
        ("100.0", "kodomo", "checkup-18m", "4"),
        ("25.0", "kodomo", "consent", "1"),
        ("100.0", "kodomo", "(none)", "4"),
        ("25.0", "kokuho", "kokuho-shinsei", "1"),
        ("50.0", "kokuho", "(none)", "2"),
    ]
    assert "<script" not in html
    assert "住所、生年月日、氏名、電話番号" in html
    assert "帳票なし（全文読取）" in html and "未申告" in html
    assert "台帳は検証済みです" in html and "令和8年11月 (2026-11)" in html


def test_html_without_deliveries_and_with_a_broken_ledger(ledger: Ledger) -> None:
    assert "この期間の読取はありません" in report_html.render(usage(read(ledger), "2026-09"))
    month = ledger.directory / "2026-11.jsonl"
    month.write_bytes(month.read_bytes().replace(b'"pages":4', b'"pages":40', 1))
    assert "台帳の検証に失敗しました" in report_html.render(usage(read(ledger), "2026-11"))


# --- command line ------------------------------------------------------------------------


@pytest.fixture
def config(tmp_path: Path) -> Path:
    root = tmp_path / "d"
    init(root, ["kodomo", "kokuho"])
    key, _ = load_or_create_signing_key(root / "keys" / "ledger-signing.key")
    fill(Ledger(root / "ledger", key))
    forms_dir(root)
    return root / "yomitori.toml"


def test_cli_csv_uses_titles_from_the_configuration(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "-c", str(config), "--month", "2026-11"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == list(COLUMNS)
    assert rows[1:] == [row for row in EXPECTED if row[1] != "kenko"]


def test_cli_writes_files(config: Path, tmp_path: Path) -> None:
    out_csv, out_html = tmp_path / "r.csv", tmp_path / "r.html"
    assert main(["report", "-c", str(config), "--month", "2026-11", "-o", str(out_csv)]) == 0
    assert out_csv.read_bytes().startswith("\ufeffmonth,".encode())
    args = ["report", "-c", str(config), "--month", "2026-11", "--format", "html"]
    assert main([*args, "-o", str(out_html)]) == 0
    assert 'data-bar="checkup-18m" data-value="4"' in out_html.read_text(encoding="utf-8")


def test_cli_bad_month(config: Path) -> None:
    assert main(["report", "-c", str(config), "--month", "2026-1"]) == 2
    assert main(["report", "-c", str(config)]) == 2  # no period named
