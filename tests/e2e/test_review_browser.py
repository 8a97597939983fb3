"""The review station in a real browser: Debian's Chromium driven by Playwright, against
`yomitori run` with TLS and a CA that every terminal's certificate must come from.

One station and one browser for the whole module (a few minutes at most). The people are
enrolled over HTTPS as the enrolment page does it (scripts/review_station.py); each
scenario logs in through the login page. Screenshots for the staff guide go to
`$YOMITORI_SCREENSHOTS` when it is set (docs/review-staff-guide.md says how).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import ssl
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest
from helpers import ROOT, wait_for
from playwright.sync_api import Browser, BrowserContext, Error, Page, sync_playwright

from daemon.review import terminals
from daemon.settings import load_settings
from daemon.spool import new_job_id
from scripts.fill_form import EXAMPLE_ANSWERS
from scripts.review_station import CHROMIUM, Person, Station, Terminal, questionnaire

SHOTS = os.environ.get("YOMITORI_SCREENSHOTS", "")
PEOPLE = (
    ("sato", "kodomo", "reviewer"),
    ("tanaka", "kodomo", "reviewer"),
    ("yamada", "kodomo", "reviewer"),
    ("kato", "kokuho", "lead"),
)
ENROLLED_IN_BROWSER = ("ito", "kodomo", "reviewer")
WRONG = "ユーザー名、パスフレーズまたは確認コードが正しくありません。"
LOCKED = "このアカウントはロックされています。"


def shot(page: Page, name: str, full_page: bool = False) -> None:
    """A screenshot for the staff guide, when asked for."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page)


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    st = Station(tmp_path_factory.mktemp("review") / "yomitori")
    for name, department, role in PEOPLE:
        st.add(name, department, role)
    st.add(*ENROLLED_IN_BROWSER)
    st.add("demo")
    st.start()
    try:
        for name, _, _ in PEOPLE:
            st.enrol(st.people[name])
        # After enrolment, so that the bundle is encrypted to the members too; read while
        # the first scenarios run. The broken scan becomes a quarantine notice.
        scan = questionnaire(st.root.parent / "samples")
        shutil.copyfile(scan, st.root / "scan" / "kodomo" / scan.name)
        (st.root / "scan" / "kodomo" / "scan-0412.pdf").write_bytes(b"%PDF-1.4\n% torn\n")
        yield st
    finally:
        st.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make setup` installs Debian's chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


def terminal_context(browser: Browser, station: Station,
                     terminal: Terminal | None = None, **options: Any) -> BrowserContext:
    """A browser profile on a terminal: its client certificate for the station's origin
    (Playwright presents it in the handshake), the station's local CA accepted."""
    certificates = [] if terminal is None else [terminal.for_playwright(station.url)]
    return browser.new_context(
        client_certificates=certificates, ignore_https_errors=True, locale="ja-JP",
        timezone_id="Asia/Tokyo", viewport={"width": 1280, "height": 860}, **options,
    )


def log_in(page: Page, station: Station, person: Person, code: str) -> None:
    page.goto(f"{station.url}/login")
    page.get_by_label("ユーザー名").fill(person.name)
    page.get_by_label("パスフレーズ").fill(person.passphrase)
    page.get_by_label("確認コード").fill(code)
    page.get_by_role("button", name="ログイン").click()


def records(station: Station, event: str | None = None) -> list[dict[str, Any]]:
    found = []
    for month in sorted((station.root / "ledger").glob("*.jsonl")):
        found += [json.loads(line) for line in month.read_text("utf-8").splitlines() if line]
    return [r for r in found if event is None or r["event"] == event]


@pytest.fixture(scope="module")
def sato(browser: Browser, station: Station) -> Iterator[Page]:
    """sato (kodomo) logged in on the demo terminal, through the login page."""
    context = terminal_context(browser, station, station.terminal, accept_downloads=True)
    page = context.new_page()
    log_in(page, station, station.people["sato"], station.people["sato"].next_code())
    page.wait_for_url("**/queue")
    yield page
    context.close()


def test_enrolment_in_the_browser(browser: Browser, station: Station) -> None:
    """The enrolment page makes the age identity in the browser, wraps it with the
    passphrase and sends the verifier: the person can then log in with both factors."""
    ito = station.people["ito"]
    context = terminal_context(browser, station, station.terminal)
    page = context.new_page()
    page.goto(f"{station.url}/enrol/{station.tokens['ito']}")
    page.get_by_label("パスフレーズ", exact=True).fill(ito.passphrase)
    page.get_by_label("パスフレーズ（確認）").fill(ito.passphrase)
    ito.totp_secret = page.get_by_label("認証アプリの鍵").input_value()
    qr = page.get_by_role("img", name="認証アプリの鍵の QR コード")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0"), "no QR code shown"
    page.get_by_label("確認コード").fill(ito.next_code())
    shot(page, "00-enrolment", full_page=True)
    page.get_by_role("button", name="登録").click()
    try:
        page.wait_for_url("**/login", timeout=90_000)  # age's scrypt, in the page
    except Error:
        raise AssertionError(page.locator("#enrol-alert").inner_text()) from None
    [enrolled] = [r for r in records(station, "review_person_enrolled") if r["person"] == "ito"]
    assert enrolled["terminal"] == "demo-terminal" and enrolled["recipient"].startswith("age1")
    log_in(page, station, ito, ito.next_code())
    page.wait_for_url("**/queue")
    context.close()


def test_make_demos_person(
    browser: Browser, station: Station, capsys: pytest.CaptureFixture[str]
) -> None:
    """What `make demo` does for its person: enrol over HTTPS from the link `users add`
    printed, keep passphrase and secret private, and print a code that logs in."""
    from scripts import demo_person

    link = station.root / "review" / "demo-enrolment-link"
    link.write_text(f"  {station.url}/enrol/{station.tokens['demo']}\n", "utf-8")
    made = demo_person.enrol_demo(station.root)
    kept = station.root / "review" / demo_person.ACCOUNT
    assert kept.stat().st_mode & 0o777 == 0o600
    assert demo_person.account(station.root).passphrase == made.passphrase
    # The code printed on request is one the station takes (not the enrolment's).
    assert demo_person.main(["code", str(station.root)]) == 0
    code = capsys.readouterr().out.split()[0]
    assert len(code) == 6 and code.isdigit()
    context = terminal_context(browser, station, station.terminal)
    page = context.new_page()
    log_in(page, station, made, code)
    page.wait_for_url("**/queue")
    context.close()


def test_login_with_passphrase_and_code(
    browser: Browser, station: Station, sato: Page
) -> None:
    assert sato.get_by_role("heading", name="確認待ち").is_visible()
    login = [r for r in records(station, "review_login") if r["person"] == "sato"]
    assert login and login[-1]["terminal"] == "demo-terminal"
    # The passphrase never reached the server: nothing on its disk holds it.
    assert not [p for p in everything(station) if "健診票の確認".encode() in p[1]]
    # The login page as staff see it, for the guide.
    context = terminal_context(browser, station, station.terminal)
    page = context.new_page()
    page.goto(f"{station.url}/login")
    page.get_by_label("ユーザー名").fill("sato")
    page.get_by_label("パスフレーズ").fill("passphrase-hidden")
    shot(page, "01-login")
    context.close()


def test_wrong_code_refused_then_the_right_one_works(
    browser: Browser, station: Station
) -> None:
    tanaka = station.people["tanaka"]
    context = terminal_context(browser, station, station.terminal)
    page = context.new_page()
    wrong = f"{(int(tanaka.code()) + 1) % 1_000_000:06d}"
    log_in(page, station, tanaka, wrong)
    alert = page.locator("#login-alert")
    alert.filter(has_text=WRONG).wait_for()
    assert page.url.endswith("/login")
    assert page.get_by_label("確認コード").input_value() == ""  # cleared for the next try
    shot(page, "02-login-wrong-code")
    failed = [r for r in records(station, "review_login_failed") if r["person"] == "tanaka"]
    assert [r["reason"] for r in failed] == ["wrong"]
    assert failed[0]["terminal"] == "demo-terminal"
    assert wrong not in json.dumps(records(station))  # the code is never written down
    page.get_by_label("確認コード").fill(tanaka.next_code())
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/queue")
    context.close()


def test_lockout_after_repeated_failures(browser: Browser, station: Station) -> None:
    yamada = station.people["yamada"]
    limit = load_settings(station.config).review.lockout_failures
    context = terminal_context(browser, station, station.terminal)
    page = context.new_page()
    page.goto(f"{station.url}/login")
    alert = page.locator("#login-alert")
    for attempt in range(limit):
        page.get_by_label("ユーザー名").fill(yamada.name)
        page.get_by_label("パスフレーズ").fill(f"not the passphrase {attempt}")
        page.get_by_label("確認コード").fill(yamada.code())
        page.get_by_role("button", name="ログイン").click()
        expected = LOCKED if attempt == limit - 1 else WRONG
        alert.filter(has_text=expected).wait_for()
        alert.evaluate("element => { element.textContent = ''; }")
    # Now even the right passphrase and code are refused.
    log_in(page, station, yamada, yamada.code())
    alert.filter(has_text=LOCKED).wait_for()
    assert page.url.endswith("/login")
    shot(page, "03-login-locked")
    mine = [r for r in records(station) if r.get("person") == "yamada"]
    reasons = [r["reason"] for r in mine if r["event"] == "review_login_failed"]
    assert reasons == ["wrong"] * (limit - 1) + ["locked_now", "locked"]
    assert [r["event"] for r in mine].count("review_account_locked") == 1
    assert not [r for r in mine if r["event"] == "review_login"]
    context.close()


def handshake(station: Station, context: ssl.SSLContext) -> str:
    """Connect and ask for /login; the answer's status line, or the TLS error."""
    try:
        with socket.create_connection(("127.0.0.1", station.port), timeout=10) as raw, \
                context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            tls.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            answer = tls.recv(100).decode("latin-1").split("\r\n")[0]
            # TLS 1.3: the client's side of the handshake ends before the server has
            # checked the certificate; its refusal then arrives as the connection's end.
            return answer or "refused: closed without an answer"
    except (ssl.SSLError, OSError) as exc:
        return f"refused: {exc}"


@pytest.fixture(scope="module")
def stranger(station: Station, tmp_path_factory: pytest.TempPathFactory) -> Terminal:
    """A terminal certificate from another CA with the demo terminal's very name."""
    folder = tmp_path_factory.mktemp("stranger-ca")
    terminals.create_ca(folder, "Another CA")
    (folder / "demo-terminal.p12").write_bytes(terminals.issue(folder, "demo-terminal", "pw"))
    return Terminal("demo-terminal", folder / "demo-terminal.p12", "pw")


def test_missing_or_unknown_certificate_refused_in_the_handshake(
    browser: Browser, station: Station, stranger: Terminal
) -> None:
    # Python's TLS first: the refusal is the handshake's, not a page's.
    bare = ssl.create_default_context(cafile=str(station.ca))
    assert handshake(station, bare).startswith("refused"), "no certificate was accepted"
    assert handshake(station, station.tls(stranger)).startswith("refused")
    assert handshake(station, station.tls()).startswith("HTTP/1.1 200")
    # And the browser: no page is shown without the terminal's own certificate.
    for terminal in (None, stranger):
        context = terminal_context(browser, station, terminal)
        page = context.new_page()
        try:
            response = page.goto(f"{station.url}/login")
        except Error as exc:  # Chromium's net:: error is the refusal
            assert "ERR_" in str(exc), exc
        else:
            assert response is not None and response.status != 200
        assert page.locator("#login").count() == 0
        context.close()


@pytest.fixture(scope="module")
def kokuho_job(station: Station) -> str:
    """A bundle in kokuho's outbox (another department than sato's)."""
    settings = load_settings(station.config)
    job_id = new_job_id()
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as z:
        z.writestr("result.json", json.dumps({"job_id": job_id}))
    recipients = [pyrage.x25519.Recipient.from_str(r)
                  for r in settings.departments["kokuho"].recipients]
    path = settings.departments["kokuho"].outbox / f"{job_id}.age"
    path.write_bytes(pyrage.encrypt(plain.getvalue(), recipients))
    return job_id


def test_another_departments_job_neither_listed_nor_served(
    station: Station, sato: Page, kokuho_job: str
) -> None:
    sato.goto(f"{station.url}/queue")
    assert sato.locator(f'tr[data-job="{kokuho_job}"]').count() == 0
    response = sato.goto(f"{station.url}/jobs/{kokuho_job}")
    assert response is not None and response.status == 404
    for path in (f"/api/jobs/{kokuho_job}", f"/api/jobs/{kokuho_job}/bundle"):
        answer = sato.request.get(f"{station.url}{path}")
        assert answer.status == 404, path
        assert answer.body()[:21] != b"age-encryption.org/v1"
    listed = sato.request.get(f"{station.url}/api/queue").json()["jobs"]
    assert kokuho_job not in [j["job_id"] for j in listed]
    refused = [r for r in records(station, "review_refused") if r.get("job_id") == kokuho_job]
    assert len(refused) >= 3
    assert {(r["person"], r["terminal"]) for r in refused} == {("sato", "demo-terminal")}
    sato.goto(f"{station.url}/queue")


def everything(station: Station) -> list[tuple[Path, bytes]]:
    """Every file of the server's state: account store, spool, outboxes, quarantine,
    ledger, review store, the service's log."""
    return [(p, p.read_bytes()) for p in station.root.rglob("*") if p.is_file()]


CORRECTED = "桜 花奈"
"""child_name as a clerk corrects it: another value than the one on the page (桜 花子), so
that the CSV can only hold it if the correction went through."""
ON_THE_PAGE = str(EXAMPLE_ANSWERS["guardian_name"])
"""A name the page shows and nobody corrects (read with the space between 姓 and 名)."""


def delivered_job(station: Station) -> str:
    def found() -> list[dict[str, Any]]:
        return [r for r in records(station, "delivered") if r["department"] == "kodomo"]

    wait_for(lambda: bool(found()), 180, "the questionnaire's bundle")
    return str(found()[0]["job_id"])


def titles() -> dict[str, str]:
    from handlers.forms.template import load_template

    template = load_template(ROOT / "daemon" / "examples" / "forms" / "checkup-18m.toml")
    return {f.name: f.label for f in template.fields}


def field(page: Page, name: str) -> Any:
    return page.locator(f'#fields :is(input, select, textarea)[data-name="{name}"]')


def test_review_a_questionnaire_in_the_browser(
    station: Station, sato: Page, tmp_path: Path
) -> None:
    """Decrypted in the page, a flagged field corrected, an invalid date refused,
    approved, the cp932 CSV downloaded with the correction under Japanese headers, 完了:
    the bundle is wiped with receipts naming the person and the terminal."""
    job = delivered_job(station)
    [bundle] = list((station.root / "outbox" / "kodomo").glob(f"{job}*.age"))
    sato.goto(f"{station.url}/queue")
    row = sato.locator(f'tr[data-job="{job}"]')
    row.wait_for()
    shot(sato, "04-queue")
    row.get_by_role("link", name="開く").click()
    sato.wait_for_url(f"**/jobs/{job}")
    sato.locator("#fields").wait_for()
    # The key was unwrapped at login: no passphrase asked again.
    assert not sato.locator("#unlock").is_visible()
    # Decrypted here: the page shows what the server only holds as ciphertext.
    assert field(sato, "guardian_name").input_value() == ON_THE_PAGE
    first = sato.evaluate("document.activeElement.dataset.name")
    flagged = sato.evaluate(
        "Yomitori.fieldOrder(Yomitori.state.result).filter(e => e.field.needs_review)"
        ".map(e => e.name)")
    assert flagged and first == flagged[0]
    assert sato.locator("#job-state").inner_text().startswith("状態：確認中")
    shot(sato, "05-job")
    # Flagged fields say why; a field is corrected: the value typed, Enter takes it.
    assert sato.locator(f"#why-1-{flagged[0]}").inner_text().startswith("要確認：")
    name = field(sato, "child_name")
    name.fill(CORRECTED)
    name.press("Enter")
    assert name.get_attribute("aria-invalid") == "false"
    name.focus()
    shot(sato, "06-correction")
    # An invalid date is refused, with the reason, and the old value stays the one kept.
    date = field(sato, "filled_date")
    date.fill("令和6年2月30日")
    date.press("Enter")
    alert = sato.locator("#job-alert")
    alert.filter(has_text="その日付はありません。").wait_for()
    assert titles()["filled_date"] in alert.inner_text()
    assert date.get_attribute("aria-invalid") == "true"
    assert sato.evaluate("document.activeElement.dataset.name") == "filled_date"
    shot(sato, "07-invalid-date")
    date.fill("令和6年4月18日")
    date.press("Enter")
    assert alert.inner_text() == ""
    # Approval with the keyboard: the correction is saved as an encrypted revision first.
    sato.keyboard.press("Alt+A")
    state = sato.locator("#job-state")
    state.filter(has_text="承認済み").wait_for()
    revisions = sorted((station.root / "outbox" / "kodomo").glob(f"{job}.rev*.age"))
    assert revisions and revisions[0].read_bytes().startswith(b"age-encryption.org/v1")
    with sato.expect_download() as download:
        sato.get_by_role("button", name="CSVダウンロード").click()
    saved = tmp_path / "download.csv"
    download.value.save_as(saved)
    state.filter(has_text="ダウンロード済み").wait_for()
    shot(sato, "08-downloaded")
    table = list(csv.reader(io.StringIO(saved.read_bytes().decode("cp932"))))
    header, values = table[0], table[1]
    names = titles()
    assert header[:3] == ["受付番号", "ページ", "帳票"]
    assert names["child_name"] in header and names["filled_date"] in header
    assert values[header.index(names["child_name"])] == CORRECTED
    assert values[header.index(names["filled_date"])] == "2024-04-18"
    assert values[0] == job
    sato.get_by_role("button", name="完了").click()
    state.filter(has_text="完了しました").wait_for()
    assert not sato.locator("#job-actions").is_visible()
    shot(sato, "09-completed")
    # The janitor wipes the files first and then appends the receipt (handlers/completed.py).
    wait_for(lambda: not bundle.exists() and not revisions[0].exists()
             and any(r.get("job_id") == job for r in records(station, "bundle_wiped")), 60,
             "the janitor's wipe and its receipt after 完了")
    by_event = {r["event"]: r for r in records(station) if r.get("job_id") == job}
    for event in ("review_opened", "review_claimed", "review_corrected", "review_approved",
                  "review_downloaded", "review_completed", "bundle_wiped"):
        assert by_event[event]["person"] == "sato", event
        assert by_event[event]["terminal"] == "demo-terminal", event
    corrected = by_event["review_corrected"]
    assert "child_name" in corrected["fields"] and corrected["corrected"] >= 1
    # Nothing the page showed or took is anywhere on the server (the search does find
    # the corrected value where it is: in the downloaded CSV).
    assert encodings(CORRECTED)[1] in saved.read_bytes()
    leaks = searched(station, [CORRECTED, ON_THE_PAGE, ON_THE_PAGE.replace(" ", ""),
                               str(EXAMPLE_ANSWERS["address"])])
    assert leaks == [], leaks


def encodings(text: str) -> list[bytes]:
    """The ways a file could hold `text`: UTF-8, cp932, UTF-16, JSON's \\u escapes."""
    forms = [text.encode("utf-8"), text.encode("cp932"), text.encode("utf-16-le"),
             json.dumps(text)[1:-1].encode("ascii")]
    return [f for f in forms if f]


def searched(station: Station, texts: list[str]) -> list[str]:
    """Every file of the server's state (account store, spool, outboxes, quarantine,
    ledger, the review store, the service's log) that holds one of `texts`."""
    found = []
    for path, data in everything(station):
        if "samples" in path.parts:
            continue  # the test's own copy of the scan, outside the deployment
        for text in texts:
            for form in encodings(text) + encodings(text.replace(" ", "")):
                if form in data:
                    found.append(f"{path.relative_to(station.root)}: {text!r}")
    return sorted(set(found))


def test_quarantine_notice_for_the_department(station: Station, sato: Page) -> None:
    wait_for(lambda: bool(records(station, "quarantined")), 120, "the torn scan's quarantine")
    sato.goto(f"{station.url}/quarantine")
    table = sato.get_by_role("table")
    table.wait_for()
    text = table.inner_text()
    assert "令和" in text and "scan-0412" not in text  # no original file name
    assert sato.locator("main img, main canvas").count() == 0  # never an image
    shot(sato, "10-quarantine")
