"""Tests for the deletion certificate: what it lists, its signature, its pages, the CLI."""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from daemon.cli import main
from daemon.deployment import init
from daemon.documents.certificate import check_file, issue, signature_problem
from daemon.documents.render import certificate_html, certificate_pdf
from daemon.ledger.audit import Audit, audit
from daemon.ledger.format import Record
from daemon.ledger.signing import fingerprint, load_or_create_signing_key
from daemon.ledger.writer import Ledger

METHOD = "overwritten once and unlinked"
ISSUED = datetime(2026, 12, 2, 0, 0, tzinfo=UTC)
CANARIES = ("CANARY-REASON", "CANARY-BUNDLE", "CANARY-CONFIG")


def sha(n: int) -> str:
    return hashlib.sha256(f"scan {n}".encode()).hexdigest()


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def job(
    ledger: Ledger, dept: str, job_id: str, n: int, when: datetime, pages: int
) -> Record:
    """claimed, delivered and wiped for one scan; returns the `wiped` record."""
    subject = {"sha256": sha(n), "bytes": 1000 * n}
    forms = {"checkup-18m": pages - 1} if pages > 1 else {}
    ledger.append(
        "claimed",
        job_id=job_id,
        department=dept,
        now=when,
        subject=subject,
        detected_at="x",
        claimed_at="x",
        role="watcher",
    )
    ledger.append(
        "delivered",
        job_id=job_id,
        department=dept,
        now=when,
        bundle="CANARY-BUNDLE",
        bundle_bytes=2048,
        pages=pages,
        forms=forms,
        pii=["name"],
        role="ocr",
    )
    return ledger.append(
        "wiped",
        job_id=job_id,
        department=dept,
        now=when,
        subject={**subject, "pages": pages, "forms": forms},
        method=METHOD,
        role="janitor",
    )


def fill(ledger: Ledger) -> dict[str, Record]:
    """Two departments over October to December (JST), in time order; the records by name."""
    r = {}
    r["october"] = job(ledger, "kodomo", "k-oct", 1, at(10, 15, 2), 2)
    r["edge"] = job(ledger, "kodomo", "k-edge", 2, at(10, 31, 15, 30), 1)  # 1 Nov 00:30 JST
    r["a"] = job(ledger, "kodomo", "k-a", 3, at(11, 4, 1), 3)
    r["kokuho"] = job(ledger, "kokuho", "h-b", 4, at(11, 4, 2), 2)
    ledger.append(
        "claimed",
        job_id="k-c",
        department="kodomo",
        now=at(11, 10, 3),
        subject={"sha256": sha(5), "bytes": 5000},
        role="watcher",
    )
    ledger.append(
        "quarantined",
        job_id="k-c",
        department="kodomo",
        now=at(11, 10, 3),
        subject={"sha256": sha(5), "bytes": 5000},
        reason="CANARY-REASON",
        attempts=3,
        role="janitor",
    )
    ledger.append("config_loaded", now=at(11, 11, 0), hash="CANARY-CONFIG")
    ledger.append(
        "frobnicated",
        job_id="k-x",
        department="kodomo",
        now=at(11, 12, 0),
        subject={"sha256": sha(9), "bytes": 9},
    )
    r["sparse"] = ledger.append(
        "wiped",
        job_id="k-d",
        department="kodomo",
        now=at(11, 15, 0),
        subject={"sha256": sha(6), "bytes": 10},
    )
    r["bundle"] = ledger.append(
        "expired",
        job_id="k-a",
        department="kodomo",
        now=at(11, 20, 0),
        what="bundle",
        method=METHOD,
        role="janitor",
        subject={"bundle": "CANARY-BUNDLE.age", "bytes": 4096},
    )
    r["quarantine"] = ledger.append(
        "expired",
        job_id="k-c",
        department="kodomo",
        now=at(11, 25, 0),
        what="quarantine",
        method=METHOD,
        role="janitor",
        subject={"sha256": sha(5), "bytes": 5000},
    )
    r["december"] = job(ledger, "kodomo", "k-dec", 7, at(11, 30, 15, 30), 1)  # 1 Dec JST
    return r


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def ledger(tmp_path: Path, key: Ed25519PrivateKey) -> Ledger:
    return Ledger(tmp_path / "ledger", key, host="scan-01")


def read(ledger: Ledger, *keys: Ed25519PublicKey) -> Audit:
    """The ledger as audited against the pins of `keys` (default: the ledger's one key)."""
    return audit(ledger.directory, [fingerprint(k) for k in keys or [ledger.public_key]])


def certify(ledger: Ledger, key: Ed25519PrivateKey, dept: str = "kodomo") -> dict[str, Any]:
    return issue(
        read(ledger), dept, "2026-11", key, title="子ども家庭支援課", host="scan-01", now=ISSUED
    )


# --- what it lists -----------------------------------------------------------------------


def test_lists_every_wipe_of_the_department_in_the_month(ledger: Ledger, key: Any) -> None:
    r = fill(ledger)
    items = certify(ledger, key)["certificate"]["items"]

    assert [(i["seq"], i["kind"]) for i in items] == [
        (r["edge"]["seq"], "source"),
        (r["a"]["seq"], "source"),
        (r["sparse"]["seq"], "source"),
        (r["bundle"]["seq"], "bundle"),
        (r["quarantine"]["seq"], "quarantine"),
    ]
    assert items[1] == {
        "seq": r["a"]["seq"],
        "time": r["a"]["time"],
        "job_id": "k-a",
        "kind": "source",
        "sha256": sha(3),
        "bytes": 3000,
        "pages": 3,
        "forms": {"checkup-18m": 2},
        "method": METHOD,
    }
    assert items[2]["pages"] is None and items[2]["forms"] == {} and items[2]["method"] is None
    assert items[3]["sha256"] is None and items[3]["bytes"] == 4096
    assert items[4]["sha256"] == sha(5)


def test_totals_range_and_head(ledger: Ledger, key: Any) -> None:
    r = fill(ledger)
    cert = certify(ledger, key)["certificate"]
    last_line = (ledger.directory / "2026-11.jsonl").read_bytes().splitlines()[-1]

    assert cert["totals"] == {
        "items": 5,
        "bytes": 2000 + 3000 + 10 + 4096 + 5000,
        "pages": 1 + 3,
        "by_kind": {"bundle": 1, "quarantine": 1, "source": 3},
    }
    assert cert["ledger"] == {
        "first_seq": r["edge"]["seq"] - 2,  # its claimed line, also 1 Nov JST
        "last_seq": r["quarantine"]["seq"],
        "head_seq": r["december"]["seq"],
        "head_sha256": hashlib.sha256(last_line).hexdigest(),
        "verified": True,
        "lines_verified": r["december"]["seq"],
        "first_bad": None,
    }
    assert cert["key"] == fingerprint(key.public_key())
    assert cert["issued_at"] == "2026-12-02T00:00:00Z" and cert["utc_offset"] == "+09:00"


def test_other_department_and_empty_month(ledger: Ledger, key: Any) -> None:
    r = fill(ledger)
    assert [i["seq"] for i in certify(ledger, key, "kokuho")["certificate"]["items"]] == [
        r["kokuho"]["seq"]
    ]
    empty = issue(read(ledger), "kodomo", "2026-09", key, now=ISSUED)["certificate"]
    assert empty["items"] == [] and empty["ledger"]["first_seq"] is None
    page = certificate_html.render(issue(read(ledger), "kodomo", "2026-09", key))
    assert "この期間の削除記録はありません" in page


# --- signature ---------------------------------------------------------------------------


def test_signature_verifies_and_fails_when_a_byte_changes(ledger: Ledger, key: Any) -> None:
    fill(ledger)
    signed = certify(ledger, key)
    assert signature_problem(signed, [key.public_key()]) is None

    changed = json.loads(json.dumps(signed))
    changed["certificate"]["items"][1]["bytes"] += 1
    assert "changed after signing" in str(signature_problem(changed, [key.public_key()]))
    changed = json.loads(json.dumps(signed))
    changed["certificate"]["items"][0]["sha256"] = (
        "f" + signed["certificate"]["items"][0]["sha256"][1:]
    )
    assert "changed after signing" in str(signature_problem(changed, [key.public_key()]))
    other = Ed25519PrivateKey.generate().public_key()
    assert "not a key of this ledger" in str(signature_problem(signed, [other]))


def test_html_page_verifies_and_an_edited_page_does_not(
    ledger: Ledger, key: Any, tmp_path: Path
) -> None:
    fill(ledger)
    signed = certify(ledger, key)
    page = tmp_path / "cert.html"
    page.write_text(certificate_html.render(signed), encoding="utf-8")
    result = check_file(page, [key.public_key()], read(ledger))
    assert result.ok, result.findings
    assert "page matches its signed data" in result.findings

    edited = certificate_html.render(signed).replace(f"{sha(3)[:12]}…", f"{sha(8)[:12]}…")
    page.write_text(edited, encoding="utf-8")
    result = check_file(page, [key.public_key()], read(ledger))
    assert not result.ok and any("DIFFERS" in f for f in result.findings)

    page.write_text(certificate_html.render(signed).replace('"bytes": 3000', '"bytes": 3001'))
    result = check_file(page, [key.public_key()])
    assert not result.ok and result.findings[0].startswith("signature INVALID")


def test_page_shows_items_and_wording_and_nothing_else(ledger: Ledger, key: Any) -> None:
    r = fill(ledger)
    html = certificate_html.render(certify(ledger, key))
    for digest in (sha(2), sha(3), sha(5), sha(6)):
        assert digest in html
    for absent in (sha(1), sha(4), sha(7), sha(9), *CANARIES):
        assert absent not in html
    assert "削除証明書" in html and "子ども家庭支援課" in html and "令和8年11月 (2026-11)" in html
    assert "NIST SP 800-88" in html and "overwritten once and unlinked" in html
    assert "令和8年11月1日 (2026-11-01)" in html and "00:30" in html  # JST
    assert "scan-01" not in html  # no host name
    assert r["december"]["time"] not in html


def test_tampered_ledger_shows_failed_verification(ledger: Ledger, key: Any) -> None:
    fill(ledger)
    month = ledger.directory / "2026-11.jsonl"
    month.write_bytes(month.read_bytes().replace(b'"bytes":3000', b'"bytes":2999', 1))
    signed = certify(ledger, key)
    cert = signed["certificate"]

    assert cert["ledger"]["verified"] is False
    assert "2026-11.jsonl line" in cert["ledger"]["first_bad"]
    assert "台帳の検証に失敗しました" in certificate_html.render(signed)
    assert signature_problem(signed, [key.public_key()]) is None  # it is honestly signed


def test_ledger_cut_short_after_issue_no_longer_holds_the_head(
    ledger: Ledger, key: Any, tmp_path: Path
) -> None:
    fill(ledger)
    page = tmp_path / "cert.html"
    page.write_text(certificate_html.render(certify(ledger, key)), encoding="utf-8")
    month = ledger.directory / "2026-11.jsonl"
    month.write_bytes(b"".join(month.read_bytes().splitlines(keepends=True)[:-1]))

    state = read(ledger)
    assert state.verification and state.verification.ok  # the chain alone cannot tell
    result = check_file(page, [key.public_key()], state)
    assert not result.ok and any("no longer holds" in f for f in result.findings)


def test_certificate_signed_after_a_key_rotation_verifies(
    ledger: Ledger, key: Any, tmp_path: Path
) -> None:
    fill(ledger)
    new_key = Ed25519PrivateKey.generate()
    ledger.rotate(new_key)
    page = tmp_path / "cert.html"
    page.write_text(certificate_html.render(certify(ledger, new_key)), encoding="utf-8")
    state = read(ledger, key.public_key(), new_key.public_key())
    assert state.verification and state.verification.ok
    assert check_file(page, state.keys(), state).ok
    assert not check_file(page, [key.public_key()], state).ok


# --- PDF ---------------------------------------------------------------------------------


def test_pdf_carries_text_and_signed_data(ledger: Ledger, key: Any, tmp_path: Path) -> None:
    fill(ledger)
    signed = certify(ledger, key)
    data = certificate_pdf.render(signed)
    assert data.startswith(b"%PDF")
    path = tmp_path / "cert.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    embedded = [line.split() for line in fonts.stdout.splitlines()[2:]]
    assert any("IPAex" in row[0] for row in embedded)  # the Japanese font travels in the file
    assert all("yes" in row[-5:-3] for row in embedded), fonts.stdout
    pdf = pypdfium2.PdfDocument(data)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert sha(3)[:12] in text and "子ども家庭支援課" in text
    assert "削除証明書" in text.replace(" ", "").replace("\r\n", "")
    assert not any(canary in text for canary in CANARIES)

    path = tmp_path / "cert.pdf"
    path.write_bytes(data)
    assert check_file(path, [key.public_key()], read(ledger)).ok
    assert json.loads(certificate_pdf.extract(data) or b"") == signed


# --- command line ------------------------------------------------------------------------


@pytest.fixture
def deployment(tmp_path: Path) -> tuple[Path, Ledger, dict[str, Record]]:
    root = tmp_path / "d"
    init(root, ["kodomo", "kokuho"])
    key, _ = load_or_create_signing_key(root / "keys" / "ledger-signing.key")
    ledger = Ledger(root / "ledger", key)
    return root / "yomitori.toml", ledger, fill(ledger)


def test_cli_issues_and_verifies_html_and_pdf(
    deployment: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, _, _ = deployment
    html, pdf = tmp_path / "c.html", tmp_path / "c.pdf"
    base = [
        "ledger",
        "certificate",
        "-c",
        str(config),
        "--department",
        "kodomo",
        "--month",
        "2026-11",
    ]
    assert main([*base, "-o", str(html)]) == 0
    assert main([*base, "--format", "pdf", "-o", str(pdf)]) == 0
    assert "子ども家庭支援課" in html.read_text(encoding="utf-8")
    capsys.readouterr()

    assert main(["ledger", "certificate", "-c", str(config), "--verify", str(html)]) == 0
    assert "page matches its signed data" in capsys.readouterr().out
    assert main(["ledger", "certificate", "-c", str(config), "--verify", str(pdf)]) == 0
    capsys.readouterr()

    assert main([*base]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


def test_cli_tampered_ledger_exits_1_but_still_certifies(deployment: Any, tmp_path: Path) -> None:
    config, ledger, _ = deployment
    month = ledger.directory / "2026-11.jsonl"
    month.write_bytes(month.read_bytes().replace(b'"bytes":3000', b'"bytes":2999', 1))
    out = tmp_path / "c.html"
    args = ["-c", str(config), "--department", "kodomo", "--month", "2026-11", "-o", str(out)]
    assert main(["ledger", "certificate", *args]) == 1
    assert "台帳の検証に失敗しました" in out.read_text(encoding="utf-8")
    assert main(["ledger", "certificate", "-c", str(config), "--verify", str(out)]) == 1


@pytest.mark.parametrize(
    "extra",
    [
        ["--month", "2026-11"],
        ["--department", "kodomo", "--month", "2026-13"],
        ["--department", "kodomo", "--month", "November"],
        ["--department", "kodomo", "--month", "2026-11", "--format", "pdf"],
        ["--department", "nosuch", "--month", "2026-11"],
    ],
)
def test_cli_bad_usage_exits_2(deployment: Any, extra: list[str]) -> None:
    config, _, _ = deployment
    assert main(["ledger", "certificate", "-c", str(config), *extra]) == 2
