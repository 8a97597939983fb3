"""What the review station costs a person and the server, measured in one run:

    python -m benchmarks.review                  # about three minutes
    python -m benchmarks.review --people 50 --runs 5 --skip-browser

- **first field**: in Chromium (Debian's, driven by Playwright), the time from opening a
  one-page form job's page to the first field's value shown: the page loads, fetches the
  wrapped identity and the bundle, unwraps the identity with the passphrase (age scrypt,
  typed into the page's prompt), decrypts and unzips the bundle and draws the fields.
  The passphrase is typed by the benchmark as soon as the prompt shows, so the time is the
  machine's, not a person's. Median and slowest of `--runs` openings.
- **keystrokes**: the keys a person presses to review the example questionnaire with five
  flagged fields, each needing a new value: Enter moves to the next flagged field, the
  value is typed, and one key approves. Counted while the benchmark does exactly that
  with the keyboard only; the characters typed are counted apart from the keys that move.
- **memory**: the resident size (VmRSS) of the station's process (`yomitori run --role
  review`), idle, then with `--people` people enrolled, then with all of them logged in at
  once, each with its own session and an open HTTPS connection that has fetched the queue.

Times are wall clock on whatever else the machine does.
"""

from __future__ import annotations

import argparse
import base64
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pyrage

from scripts import age_scrypt
from scripts.review_station import (
    CHROMIUM,
    PASSPHRASE,
    Person,
    Station,
    csrf_of,
    derive,
    questionnaire,
)


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


# Memory ------------------------------------------------------------------------------


class Enroller:
    """Enrols many people quickly: one age identity, wrapped once (the server checks the
    format, not whose it is); the verifier derived per person, as the page does."""

    def __init__(self, station: Station) -> None:
        self.station = station
        identity = pyrage.x25519.Identity.generate()
        self.recipient = str(identity.to_public())
        self.wrapped = base64.b64encode(
            age_scrypt.encrypt(str(identity).encode(), PASSPHRASE)
        ).decode()

    def enrol(self, person: Person, token: str) -> None:
        with httpx.Client(base_url=self.station.url, verify=self.station.tls(),
                          timeout=60) as http:
            csrf = csrf_of(http.get(f"/enrol/{token}").text)
            params = http.get(f"/api/enrol/{token}").json()
            person.totp_secret = params["totp"]["secret"]
            verifier = derive(person.passphrase, params["salt"], params["kdf"])
            answer = http.post(f"/api/enrol/{token}", headers={"X-CSRF-Token": csrf}, json={
                "verifier": base64.b64encode(verifier).decode(), "recipient": self.recipient,
                "wrapped_identity": self.wrapped, "code": person.next_code(),
            })
            answer.raise_for_status()

    def log_in(self, person: Person) -> httpx.Client:
        """Logged in, the queue fetched; the connection is left open."""
        http = httpx.Client(base_url=self.station.url, verify=self.station.tls(), timeout=60)
        csrf = csrf_of(http.get("/login").text)
        params = http.post("/api/login/params", headers={"X-CSRF-Token": csrf},
                           json={"name": person.name}).json()
        verifier = derive(person.passphrase, params["salt"], params["kdf"])
        answer = http.post("/api/login", headers={"X-CSRF-Token": csrf}, json={
            "name": person.name, "verifier": base64.b64encode(verifier).decode(),
            "code": person.next_code(),
        })
        answer.raise_for_status()
        http.get("/queue").raise_for_status()
        http.get("/api/queue").raise_for_status()
        return http


def add_people(station: Station, count: int) -> dict[str, str]:
    """`count` people in kodomo, added straight into the account store (the station's own
    `users add` does the same, plus a ledger line each)."""
    from daemon.review import people
    from daemon.review.rules import Role
    from daemon.review.store import Store
    from daemon.settings import load_settings

    store = Store(load_settings(station.config).review.store)
    store.create()
    tokens = {}
    for i in range(count):
        name = f"staff{i:03d}"
        tokens[name] = people.add(store, name, ["kodomo"], Role.REVIEWER, 72, time.time())
    return tokens


def memory(folder: Path, count: int) -> dict[str, int]:
    station = Station(folder / "memory")
    tokens = add_people(station, count)
    station.start("--role", "review")
    try:
        assert station.process is not None
        pid = station.process.pid
        time.sleep(2)
        found = {"idle": rss_bytes(pid)}
        enroller = Enroller(station)
        crowd = [Person(name, "kodomo", "reviewer") for name in tokens]
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda p: enroller.enrol(p, tokens[p.name]), crowd))
        found["enrolled"] = rss_bytes(pid)
        with ThreadPoolExecutor(4) as pool:
            clients = list(pool.map(enroller.log_in, crowd))
        try:
            for http in clients:  # every session alive at once, each asking once more
                http.get("/api/me").raise_for_status()
            found["logged_in"] = rss_bytes(pid)
        finally:
            for http in clients:
                http.close()
        return found
    finally:
        station.stop()


# Browser -----------------------------------------------------------------------------


FIVE_FLAGGED: dict[str, str | bool | None] = {
    "filled_date": "令和6年4月18日", "child_kana": "サクラ ハナコ", "child_name": "桜 花子",
    "birth_date": "令和4年10月3日", "sex": "女", "guardian_name": "桜 一郎",
    "relationship": "父", "phone": "03-1234-5678", "address": "東京都さくら区中央1丁目2番3号",
    "q1": "はい", "q2": "いいえ", "q3": "はい", "q4": "はい", "q5": "いいえ", "q6": "はい",
    "q7": "はい", "q8": "いいえ", "concern_meal": True,
}
"""The example questionnaire with q3-q8 answered too: the OCR flags five fields (the
date and the child's name read with low confidence, the address read differently by the
two models, q9 and q10 unanswered); the benchmark prints the count it found."""


def open_job(page: Any, url: str, job: str) -> float:
    """Seconds from starting to open the job's page to its first field shown (the page
    notes `Yomitori.openedAt`, in ms since navigation start, once the fields are drawn)."""
    page.goto(f"{url}/jobs/{job}")
    # Polled from here: the page's CSP (no eval) refuses Playwright's wait_for_function.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        opened = page.evaluate("window.Yomitori ? window.Yomitori.openedAt : null")
        if opened is not None:
            return float(opened) / 1000
        time.sleep(0.02)
    raise RuntimeError("the job page showed no field within 120 s")


def review_with_keys(page: Any, truth: dict[str, str | bool | None]) -> dict[str, int]:
    """Review every flagged field with the keyboard only, as a person would: Enter takes
    a right value and moves on; a wrong text is replaced (Ctrl+A, the characters, Enter);
    a choice is picked with the arrow keys; Alt+A approves. Counts the keys."""
    flagged = page.evaluate(
        "Yomitori.fieldOrder(Yomitori.state.result).filter(e => e.field.needs_review)"
        ".map(e => ({name: e.name, kind: e.field.kind, value: e.field.value,"
        " options: e.field.options || []}))")
    moving = typed = 0
    for entry in flagged:
        assert page.evaluate("document.activeElement.dataset.name") == entry["name"], entry
        wanted = truth.get(entry["name"])
        if entry["kind"] == "choice" and wanted != entry["value"]:
            steps = entry["options"].index(wanted) + 1 if wanted else 0  # after 「未回答」
            for _ in range(steps):
                page.keyboard.press("ArrowDown")
            moving += steps
        elif entry["kind"] not in ("choice", "checkbox") and (wanted or "") != entry["value"]:
            page.keyboard.press("Control+A")
            page.keyboard.type(str(wanted or ""))
            moving += 1
            typed += len(str(wanted or ""))
        page.keyboard.press("Enter")
        moving += 1
    page.keyboard.press("Alt+A")
    moving += 1
    page.locator("#job-state").filter(has_text="承認済み").wait_for(timeout=60_000)
    return {"flagged": len(flagged), "keys_moving": moving, "keys_typed": typed,
            "keys_total": moving + typed}


def browser_figures(folder: Path, runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    station = Station(folder / "browser")
    sato = station.add("sato")
    station.start()
    try:
        station.enrol(sato)
        scan = questionnaire(folder / "scan", FIVE_FLAGGED)
        (station.root / "scan" / "kodomo" / scan.name).write_bytes(scan.read_bytes())
        outbox = station.root / "outbox" / "kodomo"
        deadline = time.monotonic() + 180
        while not list(outbox.glob("*.age")) and time.monotonic() < deadline:
            time.sleep(0.5)
        job = next(outbox.glob("*.age")).name.split(".")[0]
        time.sleep(3)  # the janitor's delivered event (pages, flagged) for the queue
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
            context = browser.new_context(
                client_certificates=[station.terminal.for_playwright(station.url)],
                ignore_https_errors=True, locale="ja-JP", timezone_id="Asia/Tokyo")
            page = context.new_page()
            page.goto(f"{station.url}/login")
            page.get_by_label("ユーザー名").fill(sato.name)
            page.get_by_label("パスフレーズ").fill(sato.passphrase)
            page.get_by_label("確認コード").fill(sato.next_code())
            page.get_by_role("button", name="ログイン").click()
            page.wait_for_url("**/queue", timeout=60_000)
            times = [open_job(page, station.url, job) for _ in range(runs)]
            found: dict[str, Any] = review_with_keys(page, FIVE_FLAGGED)
            found["first_field_seconds"] = times
            browser.close()
        return found
    finally:
        station.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.review",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="yomitori-review-bench-") as tmp:
        folder = Path(tmp)
        if not args.skip_browser:
            if not CHROMIUM.exists():
                print(f"{CHROMIUM} is missing (make setup installs it)", file=sys.stderr)
                return 1
            figures = browser_figures(folder, args.runs)
            times = figures["first_field_seconds"]
            print(f"first field shown, one-page form job: median "
                  f"{statistics.median(times):.2f} s, slowest {max(times):.2f} s "
                  f"({len(times)} openings)")
            print(f"keystrokes to review {figures['flagged']} flagged fields: "
                  f"{figures['keys_total']} in all = {figures['keys_moving']} to move and "
                  f"approve + {figures['keys_typed']} characters typed")
        found = memory(folder, args.people)
        print(f"station memory (VmRSS): idle {mib(found['idle'])}, {args.people} enrolled "
              f"{mib(found['enrolled'])}, {args.people} logged in at once "
              f"{mib(found['logged_in'])} "
              f"({(found['logged_in'] - found['enrolled']) / args.people / 1024:.0f} KiB "
              "a session over enrolled)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
