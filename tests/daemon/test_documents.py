"""Documents a ward can file: golden renderings (era boundaries, a busy month, a fiscal year
across two calendar years, a department with form-less pages only), the scheduled issue on
a fixed clock, the auditor group's access, and offline verification that refuses altered
files.

Golden pages are rendered to PNG with pdftoppm into `$YOMITORI_GOLDEN_DIR` (default: the
test's temporary folder) so that a person can look at them; the tests check what each page
must say.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from daemon import era
from daemon.cli import main
from daemon.deployment import init
from daemon.documents import schedule
from daemon.documents.period import fiscal_period, month_period, range_period
from daemon.documents.render import pdf
from daemon.ledger import reader
from daemon.ledger.signing import fingerprint, load_or_create_signing_key
from daemon.ledger.writer import Ledger
from daemon.settings import load_settings

UNITS = Path(__file__).resolve().parents[2] / "packaging" / "systemd"
METHOD = "overwritten once and unlinked"
FORM = """
[form]
name = "checkup-18m"
title = "乳幼児健康診査 問診票（1歳6か月児）"

[[fields]]
name = "child_name"
pii = "name"

[[fields]]
name = "birthday"
pii = "birth_date"
"""
DOCUMENTS = """
[documents]
issuer = "桜川区 総合政策部 行政管理課長"
addressee = "桜川区個人情報保護審議会 会長"
number_pattern = "桜総行第{n}号"
first_number = 101
output = "documents"
"""


def jst(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment given in Japan time, as the ledger stores it (UTC)."""
    return datetime(year, month, day, hour, minute, tzinfo=era.JST).astimezone(UTC)


class Ward:
    """A deployment with a ledger to fill: kodomo reads a form, kokuho and soumu only
    form-less pages (soumu declared its items, kokuho did not)."""

    def __init__(self, root: Path) -> None:
        init(root, ["kodomo", "kokuho", "soumu"])
        self.root = root
        self.config = root / "yomitori.toml"
        text = self.config.read_text("utf-8").replace(
            'title = "soumu"', 'title = "総務課"\npii_items = ["name", "address"]'
        )
        self.config.write_text(text + DOCUMENTS, "utf-8")
        (root / "documents").mkdir()
        (root / "forms").mkdir(exist_ok=True)
        (root / "forms" / "checkup-18m.toml").write_text(FORM, "utf-8")
        self.key, _ = load_or_create_signing_key(root / "keys" / "ledger-signing.key")
        self.ledger = Ledger(root / "ledger", self.key)
        self.count = 0

    @property
    def pin(self) -> str:
        return fingerprint(self.key.public_key())

    def scan(self, dept: str, when: datetime, pages: int = 2, form: bool = False) -> str:
        """A scan received, read, delivered and its source wiped."""
        self.count += 1
        job = f"20261101T000000Z-{self.count:012x}"
        digest = hashlib.sha256(f"scan {self.count}".encode()).hexdigest()
        forms = {"checkup-18m": pages} if form else {}
        pii = ["name", "birth_date"] if form else []
        subject = {"sha256": digest, "bytes": 1000 + self.count}
        self.ledger.append("claimed", job_id=job, department=dept, now=when, subject=subject)
        self.ledger.append(
            "delivered", job_id=job, department=dept, now=when, bundle=f"{job}.age",
            bundle_bytes=2048, pages=pages, forms=forms, pii=pii, role="ocr",
        )  # fmt: skip
        self.ledger.append(
            "wiped", job_id=job, department=dept, now=when, method=METHOD, role="janitor",
            subject={**subject, "pages": pages, "forms": forms},
        )  # fmt: skip
        return job

    def outcome(self, dept: str, job: str, event: str, when: datetime) -> None:
        what = {"expired": {"what": "bundle"}, "quarantine": {"what": "quarantine"}}
        name = "expired" if event in what else event
        self.ledger.append(
            name, job_id=job, department=dept, now=when, role="janitor",
            subject={"bytes": 10}, method=METHOD, **what.get(event, {}),
        )  # fmt: skip


@pytest.fixture
def ward(tmp_path: Path) -> Ward:
    return Ward(tmp_path / "ward")


@pytest.fixture
def golden(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("YOMITORI_GOLDEN_DIR") or tmp_path / "golden")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def to_png(document: Path, golden: Path, name: str, pages: int = 2) -> list[Path]:
    """The first `pages` pages of a PDF as PNG files in `golden` (pdftoppm, 80 dpi)."""
    assert shutil.which("pdftoppm"), "pdftoppm is missing: scripts/setup.sh installs poppler-utils"
    prefix = golden / name
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-l", str(pages), str(document), str(prefix)],
        check=True, timeout=120,
    )  # fmt: skip
    made = sorted(golden.glob(f"{name}-*.png"))
    assert made and all(p.stat().st_size > 5000 for p in made)  # drawn, not blank
    return made


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def run(*argv: str) -> int:
    return main(list(argv))


# --- golden renderings ---------------------------------------------------------------------


def test_certificate_across_the_era_boundary(ward: Ward, golden: Path) -> None:
    ward.scan("kodomo", jst(2019, 4, 30, 23, 59), form=True)
    ward.scan("kodomo", jst(2019, 5, 1, 0, 1), form=True)
    out = ward.root / "era.pdf"
    assert run("ledger", "certificate", "-c", str(ward.config), "--department", "kodomo",
               "--from", "2019-04-30", "--to", "2019-05-01", "--format", "pdf",
               "-o", str(out), "--number", "7") == 0  # fmt: skip
    text = flat(pdf.text(out.read_bytes()))
    assert flat("平成31年4月30日 (2019-04-30) から 令和元年5月1日 (2019-05-01) まで") in text
    assert "桜総行第7号" in text and flat("桜川区個人情報保護審議会 会長　様") in text
    # The appendix: each day headed in both calendars, then the time (JST).
    assert re.search(r"平成31年4月30日\(2019-04-30\)3.*23:59", text)
    assert re.search(r"令和元年5月1日\(2019-05-01\)6.*00:01", text)
    to_png(out, golden, "era")


def test_a_month_of_2000_scans_stays_readable(ward: Ward, golden: Path) -> None:
    start = jst(2026, 11, 1, 8)
    for n in range(2000):
        ward.scan("kodomo", start + timedelta(minutes=20 * n), form=n % 2 == 0)
    out = ward.root / "busy.pdf"
    assert run("ledger", "certificate", "-c", str(ward.config), "--department", "kodomo",
               "--month", "2026-11", "--format", "pdf", "-o", str(out)) == 0  # fmt: skip
    data = out.read_bytes()
    pages = pdf.pages(data)
    print(f"\n2,000-scan month: certificate of {pages} pages ({len(data):,} bytes)")
    page_one = _page_text(data, 0)
    assert "以上" in page_one and flat("2,000 件") in flat(page_one)  # the summary fits page 1
    assert pages <= 1 + 2000 // 100 + 1  # two columns of about 55 rows a page
    to_png(out, golden, "busy", pages=3)
    csv = out.with_suffix(".csv").read_bytes()
    assert csv.count(b"\r\n") == 2000 + 2  # header, rows, signature


def _page_text(data: bytes, index: int) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return str(document[index].get_textpage().get_text_range())
    finally:
        document.close()


def test_fiscal_year_report_spans_two_calendar_years(ward: Ward, golden: Path) -> None:
    ward.scan("kodomo", jst(2026, 3, 31, 23, 59), form=True)  # FY2025
    first = ward.scan("kodomo", jst(2026, 4, 1, 0, 0), form=True)
    ward.scan("kodomo", jst(2026, 12, 28), form=True)
    ward.scan("kokuho", jst(2027, 1, 5), pages=3)
    last = ward.scan("soumu", jst(2027, 3, 31, 23, 59), pages=1)
    ward.scan("soumu", jst(2027, 4, 1, 0, 0))  # FY2027
    ward.outcome("kodomo", first, "collected", jst(2026, 4, 3))
    ward.outcome("soumu", last, "expired", jst(2027, 3, 31, 23, 59))
    out = ward.root / "fy.pdf"
    assert run("report", "-c", str(ward.config), "--fiscal-year", "2026", "--format", "pdf",
               "-o", str(out)) == 0  # fmt: skip
    text = pdf.text(out.read_bytes())
    assert flat("令和8年度 (2026年度)") in flat(text)
    months = re.findall(r"(令和\d+年\d+月) \((\d{4}-\d{2})\)", text)
    assert [m for _, m in months][-12:] == [f"2026-{m:02d}" for m in range(4, 13)] + [
        "2027-01", "2027-02", "2027-03",
    ]
    assert ("令和9年1月", "2027-01") in months
    # Four scans in the fiscal year, 2 + 2 + 3 + 1 pages; one collected, one expired.
    total = re.search(r"合計((?:\s+[\d,]+){8})", text)
    assert total and total.group(1).split()[:4] == ["4", "4", "8", "0"], text
    assert total.group(1).split()[4:7] == ["1", "0", "1"]
    assert fiscal_period(2026).first == date(2026, 4, 1)
    to_png(out, golden, "fiscal-year")


def test_department_with_form_less_pages_only(ward: Ward, golden: Path) -> None:
    ward.scan("kokuho", jst(2026, 11, 4), pages=3)  # declared nothing: 未申告
    ward.scan("soumu", jst(2026, 11, 5), pages=2)  # declared name, address
    ward.scan("kodomo", jst(2026, 11, 6), pages=1, form=True)
    out = ward.root / "formless.pdf"
    assert run("report", "-c", str(ward.config), "--month", "2026-11", "--format", "pdf",
               "-o", str(out)) == 0  # fmt: skip
    text = pdf.text(out.read_bytes())
    rows = dict(re.findall(r"^(未申告|氏名|住所|生年月日)\s+([\d,]+)\s*$", text, re.MULTILINE))
    assert rows == {"未申告": "3", "氏名": "3", "住所": "2", "生年月日": "1"}, text
    assert flat("乳幼児健康診査 問診票（1歳6か月児）") in flat(text)  # the title, not the id
    assert "checkup-18m" not in text and "—" not in rows.values()
    to_png(out, golden, "formless")


# --- on schedule -----------------------------------------------------------------------------


def timer_command() -> list[str]:
    """The arguments of the command yomitori-documents.service runs (after the program)."""
    service = (UNITS / "yomitori-documents.service").read_text()
    command = shlex.split(re.search(r"^ExecStart=(.*)$", service, re.MULTILINE)[1])  # type: ignore[index]
    assert command[0] == "/opt/yomitori/bin/yomitori"
    timer = (UNITS / "yomitori-documents.timer").read_text()
    assert re.search(r"^OnCalendar=\*-\*-01 00:30:00 Asia/Tokyo$", timer, re.MULTILINE)
    assert "Persistent=true" in timer
    return command[1:]


def test_the_timers_command_on_a_fixed_clock(
    ward: Ward, capsys: pytest.CaptureFixture[str]
) -> None:
    ward.scan("kodomo", jst(2027, 3, 10), form=True)
    ward.scan("soumu", jst(2026, 6, 1))
    argv = [*timer_command(), "-c", str(ward.config), "--today", "2027-04-01"]
    assert argv[:3] == ["documents", "issue", "--due"]
    assert main(argv) == 0
    folder = ward.root / "documents"
    made = sorted(p.name for p in folder.iterdir())
    for dept in ("kodomo", "kokuho", "soumu"):
        for ext in ("csv", "html", "pdf"):
            assert f"certificate-{dept}-2027-03.{ext}" in made
    for name in ("report-2027-03", "report-FY2026"):
        assert f"{name}.html" in made and f"{name}.pdf" in made
    assert all((folder / n).stat().st_mode & 0o777 == 0o640 for n in made)
    # Numbered in order from first_number, dated the day of issue in both calendars.
    numbers = [re.search(r"桜総行第(\d+)号", pdf.text((folder / n).read_bytes()))
               for n in sorted(made) if n.endswith(".pdf")]
    assert sorted(int(m[1]) for m in numbers if m) == list(range(101, 106))
    text = flat(pdf.text((folder / "report-FY2026.pdf").read_bytes()))
    assert flat("令和9年4月1日 (2027-04-01)") in text and flat("令和8年度") in text
    # The PDF's metadata: its title, the issuer as author, and the moment of issue
    # (00:00 JST on 1 April is 15:00 UTC the day before), never a default date.
    import pypdfium2

    for name, title in (("report-FY2026.pdf", "個人情報の取扱状況報告書 令和8年度"),
                        ("certificate-soumu-2027-03.pdf", "削除証明書 総務課 令和9年3月")):
        document = pypdfium2.PdfDocument((folder / name).read_bytes())
        meta = document.get_metadata_dict()
        document.close()
        assert meta["Title"].startswith(title), meta
        assert meta["Author"] == "桜川区 総合政策部 行政管理課長"
        assert meta["CreationDate"] == "D:20270331150000Z"
    # A second run (the timer's Persistent catch-up) issues nothing twice.
    before = {n: (folder / n).read_bytes() for n in made}
    capsys.readouterr()
    assert main(argv) == 0
    assert "issued already" in capsys.readouterr().out
    assert {n: (folder / n).read_bytes() for n in made} == before
    # In another month, no fiscal-year report is due.
    due = schedule.due(date(2026, 12, 1), ["kodomo"])
    assert [(d.department, d.period.slug) for d in due] == [
        ("kodomo", "2026-11"), (None, "2026-11"),
    ]  # fmt: skip



def test_an_issuer_waits_for_the_one_at_work(ward: Ward) -> None:
    """The timer and a run by hand at once: the second waits until the first is done,
    then finds its documents issued; none is issued twice, no number given twice."""
    ward.scan("soumu", jst(2026, 6, 1))
    folder = ward.root / "documents"
    settings = load_settings(ward.config)
    wanted = [schedule.Due(month_period("2026-06"), "soumu")]
    lines: list[str] = []

    def issue() -> None:
        schedule.issue_all(settings, wanted, jst(2026, 7, 1), report=lines.append)

    with reader.lock(folder, fcntl.LOCK_EX):  # another issuer at work
        waiting = threading.Thread(target=issue)
        waiting.start()
        waiting.join(timeout=1.0)
        assert waiting.is_alive() and not lines
    waiting.join()
    issue()
    assert lines == ["certificate-soumu-2026-06: issued (2 pages)",
                     "certificate-soumu-2026-06: issued already"]

# --- the auditor group ------------------------------------------------------------------------

AUDITOR = (39001, 39000)  # a throwaway uid and the group yomitori-audit stands for


@pytest.fixture
def shared_ward() -> Iterator[Ward]:
    """A ward under /tmp laid out as packaging/ lays it out: the documents folder the
    janitor's (here root's), group the auditors', set-group-ID; the key root's alone."""
    if os.geteuid() != 0:
        pytest.fail("this test runs its steps as other users: run the tests as root")
    folder = Path(tempfile.mkdtemp(prefix="yomitori-audit-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        ward = Ward(folder / "ward")
        ward.root.chmod(0o755)
        (ward.root / "keys").chmod(0o700)
        documents = ward.root / "documents"
        os.chown(documents, 0, AUDITOR[1])
        documents.chmod(0o2750)
        os.chown(ward.config, 0, AUDITOR[1])
        ward.config.chmod(0o640)
        yield ward
    finally:
        shutil.rmtree(folder)


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def as_auditor(*argv: str, groups: tuple[int, ...] = (AUDITOR[1],)) -> Done:
    """`yomitori ARGV` in a child process that has given up root for the auditor's uid and
    `groups`: the kernel, not the test, decides what it may read. The child reuses this
    process's loaded code, since the project's Python may live where others cannot read
    (the modules it needs are imported here first, as root)."""
    import daemon.cli.documents
    import daemon.cli.verify
    import daemon.documents.schedule
    import daemon.documents.verify  # noqa: F401

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 70
            try:
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                os.setgroups(list(groups))
                os.setresgid(groups[0], groups[0], groups[0])
                os.setresuid(AUDITOR[0], AUDITOR[0], AUDITOR[0])
                sys.stdout = os.fdopen(1, "w", closefd=False)
                sys.stderr = os.fdopen(2, "w", closefd=False)
                code = main(list(argv))
            except BaseException as exc:
                print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        out.seek(0)
        err.seek(0)
        return Done(os.waitstatus_to_exitcode(status), out.read().decode(), err.read().decode())


def test_the_auditor_group_reads_documents_and_issues_nothing(shared_ward: Ward) -> None:
    ward = shared_ward
    ward.scan("kodomo", jst(2026, 11, 4), form=True)
    assert run("documents", "issue", "-c", str(ward.config), "--due", "--today", "2026-12-01") == 0
    folder = ward.root / "documents"
    issued = sorted(folder.iterdir())
    assert issued and all(p.stat().st_gid == AUDITOR[1] for p in issued)

    tried = as_auditor("documents", "issue", "-c", str(ward.config), "--month", "2026-10")
    assert tried.returncode != 0, tried.stdout
    assert "may not read the ledger signing key" in tried.stderr, tried.stderr
    assert sorted(folder.iterdir()) == issued  # nothing issued
    pdf_file = folder / "certificate-kodomo-2026-11.pdf"
    checked = as_auditor("verify", str(pdf_file), "--public-key", ward.pin)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "GENUINE" in checked.stdout and "is the one certified" in checked.stdout
    # The same person outside the group reads nothing there.
    outsider = as_auditor("verify", str(pdf_file), "--public-key", ward.pin, groups=(39999,))
    assert outsider.returncode != 0 and "Permission denied" in outsider.stderr, outsider


# --- offline verification -----------------------------------------------------------------------


@pytest.fixture
def issued(ward: Ward) -> Path:
    for n in range(30):
        ward.scan("kodomo", jst(2026, 11, 1 + n % 28, 9 + n % 8), form=n % 3 == 0)
    assert run("documents", "issue", "-c", str(ward.config), "--due", "--today", "2026-12-01") == 0
    return ward.root / "documents"


def verify(path: Path, pin: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = run("verify", str(path), "--public-key", pin)
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("name", [
    "certificate-kodomo-2026-11.html", "certificate-kodomo-2026-11.pdf",
    "certificate-kodomo-2026-11.csv", "report-2026-11.html", "report-2026-11.pdf",
])  # fmt: skip
def test_offline_verification(
    issued: Path, ward: Ward, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Nothing but the file (and its CSV) and the published fingerprint: no configuration.
    alone = issued.parent / "alone"
    alone.mkdir()
    for path in issued.glob(f"{name.rsplit('.', 1)[0]}.*"):
        shutil.copy(path, alone / path.name)
    code, out = verify(alone / name, ward.pin, capsys)
    assert code == 0, out
    assert "GENUINE" in out
    stranger = fingerprint(Ed25519PrivateKey.generate().public_key())
    code, out = verify(alone / name, stranger, capsys)
    assert code == 1 and "not the published fingerprint" in out


def test_altered_appendix_and_csv_are_refused(
    issued: Path, ward: Ward, capsys: pytest.CaptureFixture[str]
) -> None:
    page = issued / "certificate-kodomo-2026-11.html"
    csv = issued / "certificate-kodomo-2026-11.csv"
    text = page.read_text("utf-8")
    prefix = re.findall(r"([0-9a-f]{12})…", text)[3]
    page.write_text(text.replace(f"{prefix}…", f"{'0' * 12}…"), "utf-8")
    code, out = verify(page, ward.pin, capsys)
    assert code == 1 and "DIFFERS" in out
    page.write_text(text, "utf-8")
    # A row dropped from the CSV: its signature fails, and the certificate refuses it.
    data = csv.read_bytes()
    lines = data.split(b"\r\n")
    csv.write_bytes(b"\r\n".join(lines[:5] + lines[6:]))
    code, out = verify(csv, ward.pin, capsys)
    assert code == 1 and "changed after signing" in out
    for name in ("certificate-kodomo-2026-11.html", "certificate-kodomo-2026-11.pdf"):
        code, out = verify(issued / name, ward.pin, capsys)
        assert code == 1 and "DIFFERS from the one the certificate names" in out
    # A summary count changed on page 1 of the HTML is refused too.
    csv.write_bytes(data)
    changed = re.sub(r"(<td class=\"n\">)30( 件)", r"\g<1>29\2", text, count=1)
    assert changed != text
    page.write_text(changed, "utf-8")
    code, out = verify(page, ward.pin, capsys)
    assert code == 1 and "DIFFERS" in out


def test_english_copy(ward: Ward) -> None:
    ward.scan("kodomo", jst(2026, 11, 4), form=True)
    out = ward.root / "en.html"
    assert run("ledger", "certificate", "-c", str(ward.config), "--department", "kodomo",
               "--month", "2026-11", "--lang", "en", "-o", str(out)) == 0  # fmt: skip
    text = out.read_text("utf-8")
    assert "Certificate of Deletion" in text and "November 2026" in text
    assert range_period("2026-11-01", "2026-11-30").slug == "2026-11-01_2026-11-30"


def test_documents_settings(ward: Ward) -> None:
    from daemon.errors import ConfigError

    loaded = load_settings(ward.config)
    assert loaded.documents.number_pattern == "桜総行第{n}号"
    assert loaded.documents.output == ward.root / "documents"  # relative to the file
    assert loaded.departments["soumu"].pii_items == ["name", "address"]
    assert loaded.departments["kokuho"].pii_items == []
    text = ward.config.read_text("utf-8")
    ward.config.write_text(text.replace("桜総行第{n}号", "桜総行第{no}号"), "utf-8")
    with pytest.raises(ConfigError, match=r"documents\.number_pattern"):
        load_settings(ward.config)


def test_certificate_counts_every_outcome(ward: Ward) -> None:
    from daemon.documents.certificate import issue
    from daemon.ledger.audit import audit

    jobs = [ward.scan("kodomo", jst(2026, 11, 2 + n)) for n in range(5)]
    ward.outcome("kodomo", jobs[0], "collected", jst(2026, 11, 10))
    ward.outcome("kodomo", jobs[1], "bundle_wiped", jst(2026, 11, 11))
    ward.outcome("kodomo", jobs[2], "expired", jst(2026, 11, 12))
    ward.outcome("kodomo", jobs[3], "quarantine", jst(2026, 11, 13))
    ward.outcome("kodomo", jobs[4], "collected", jst(2026, 12, 1, 0, 0))  # December, JST
    state = audit(ward.ledger.directory, [ward.pin])
    cert = issue(state, "kodomo", "2026-11", ward.key)["certificate"]
    assert cert["outcomes"] == {
        "collected": 1, "reviewed": 1, "bundle": 1, "quarantine": 1, "sources": 5,
    }  # fmt: skip
    assert cert["totals"]["items"] == 9 and cert["period"]["first"] == "2026-11-01"
