"""A running review station for the browser tests, the benchmark and the staff guide's
screenshots: a deployment made by `yomitori init` (kodomo reads the example questionnaire
and exports cp932), `yomitori run` with the station on a free port, people added with
`yomitori users add` and enrolled over HTTPS exactly as the enrolment page does it
(PBKDF2 verifier, age identity wrapped with the passphrase, a TOTP code), and the demo
terminal's client certificate for the browser.
"""

from __future__ import annotations

import base64
import hashlib
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pyrage
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from playwright._impl._api_structures import ClientCertificate

from daemon.deployment import DEMO_TERMINAL, init
from scripts import age_scrypt
from scripts.fill_form import Value
from scripts.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium: Playwright's own browser download is not reachable here."""
PASSPHRASE = "さくら区 健診票の確認 2026"
"""Every test person's passphrase (at least 12 characters, as the page asks)."""
START_SECONDS = 60.0
START_TRIES = 3  # a port taken between drawing it and binding it: drawn again


@dataclass
class Person:
    name: str
    department: str
    role: str
    totp_secret: str = ""
    passphrase: str = PASSPHRASE

    last_step: int = 0

    def code(self) -> str:
        """The TOTP code of the time step now (for attempts that are meant to fail)."""
        return str(pyotp.TOTP(self.totp_secret).now())

    def next_code(self) -> str:
        """A code the station will take: a time step not used yet, now or the next one
        (it accepts one step either side, each step once), so that a step ending during
        the request does not matter; waits when both are used."""
        step = max(self.last_step + 1, int(time.time() // 30))
        while step > int(time.time() // 30) + 1:
            time.sleep(0.5)
        self.last_step = step
        return str(pyotp.TOTP(self.totp_secret).generate_otp(step))


@dataclass
class Terminal:
    """A terminal's client certificate: the PKCS#12 file `yomitori init` made, and PEM
    copies of it for Python's own TLS clients."""

    name: str
    pfx: Path
    password: str
    cert_pem: Path = field(init=False)
    key_pem: Path = field(init=False)

    def __post_init__(self) -> None:
        key, cert, _ = pkcs12.load_key_and_certificates(
            self.pfx.read_bytes(), self.password.encode()
        )
        assert key is not None and cert is not None
        self.cert_pem = self.pfx.with_suffix(".crt.pem")
        self.key_pem = self.pfx.with_suffix(".key.pem")
        self.cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        fd = os.open(self.key_pem, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ))

    def for_playwright(self, origin: str) -> ClientCertificate:
        """Playwright's `client_certificates` entry for `origin`."""
        return {"origin": origin, "pfxPath": str(self.pfx), "passphrase": self.password}


class Station:
    """A deployment with the review station on 127.0.0.1:`port`, run as `yomitori run`."""

    def __init__(self, root: Path, port: int | None = None) -> None:
        self.root = root.resolve()
        init(self.root, ["kodomo", "kokuho"], example_form=True)
        self.config = self.root / "yomitori.toml"
        head, kodomo = self.config.read_text("utf-8").split("[departments.kodomo]", 1)
        kodomo = kodomo.replace('csv_encoding = "utf-8-sig"', 'csv_encoding = "cp932"', 1)
        self.config.write_text(head + "[departments.kodomo]" + kodomo, "utf-8")
        self.port = port or free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        review = self.root / "review"
        self.ca = review / "terminals" / "ca.crt"
        self.terminal = Terminal(
            DEMO_TERMINAL, review / f"{DEMO_TERMINAL}.p12",
            (review / f"{DEMO_TERMINAL}.password").read_text("utf-8").strip(),
        )
        self.env = {
            **os.environ,
            "YOMITORI_BROKER__URL": "embedded",
            "YOMITORI_METRICS__LISTEN": "",
            "YOMITORI_REVIEW__LISTEN": f"127.0.0.1:{self.port}",
            "YOMITORI_REVIEW__PUBLIC_URL": self.url,
            "YOMITORI_INTAKE__STABLE_SECONDS": "1",
            "YOMITORI_INTAKE__RESCAN_SECONDS": "5",
        }
        self.log = self.root / "service.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.tokens: dict[str, str] = {}
        self.people: dict[str, Person] = {}

    # The operator's side ------------------------------------------------------------

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "daemon.cli", *args, "-c", str(self.config)],
            cwd=ROOT, env=self.env, capture_output=True, text=True, check=True, timeout=120,
        )

    def add(self, name: str, department: str = "kodomo", role: str = "reviewer") -> Person:
        """`yomitori users add`; the person enrols with `enrol` once the station runs."""
        out = self.cli("users", "add", name, "--department", department, "--role", role).stdout
        self.tokens[name] = out.strip().splitlines()[-1].rsplit("/enrol/", 1)[1]
        person = Person(name, department, role)
        self.people[name] = person
        return person

    def start(self, *extra: str) -> None:
        """`yomitori run` (every role unless `extra` says otherwise, e.g. --role review); on
        another port, drawn again, where something took the station's before it bound it."""
        for attempt in range(1, START_TRIES + 1):
            if self._started(extra):
                return
            if attempt < START_TRIES:
                self._move(free_port())
        raise RuntimeError(f"the station did not start:\n{self.log_text()[-3000:]}")

    def _started(self, extra: tuple[str, ...]) -> bool:
        """`yomitori run` started: True once it listens, False where it stopped because its
        port was taken; it failing otherwise raises."""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "daemon.cli", "run", "-c", str(self.config), *extra],
            cwd=ROOT, env=self.env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_SECONDS
        while not self.listening():
            stopped = self.process.poll() is not None
            if stopped and "could not listen" in self.log_text():
                return False
            if stopped or time.monotonic() > deadline:
                raise RuntimeError(f"the station did not start:\n{self.log_text()[-3000:]}")
            time.sleep(0.2)
        return True

    def _move(self, port: int) -> None:
        """The station on `port` from its next start."""
        self.port, self.url = port, f"https://127.0.0.1:{port}"
        self.env["YOMITORI_REVIEW__LISTEN"] = f"127.0.0.1:{port}"
        self.env["YOMITORI_REVIEW__PUBLIC_URL"] = self.url

    def listening(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_text(self) -> str:
        return self.log.read_text("utf-8", "replace") if self.log.exists() else ""

    # A terminal's side --------------------------------------------------------------

    def tls(self, terminal: Terminal | None = None) -> ssl.SSLContext:
        """A TLS client context that trusts the local CA and presents `terminal`'s
        certificate (the demo terminal's by default)."""
        return tls_context(self.ca, terminal or self.terminal)

    def enrol(self, person: Person) -> Person:
        """Enrol over HTTPS as the enrolment page does."""
        return enrol(self.url, self.tls(), self.tokens[person.name], person)


def tls_context(ca: Path, terminal: Terminal) -> ssl.SSLContext:
    """Trusts the station's CA and presents `terminal`'s certificate."""
    context = ssl.create_default_context(cafile=str(ca))
    context.load_cert_chain(terminal.cert_pem, terminal.key_pem)
    return context


def enrol(url: str, tls: ssl.SSLContext, token: str, person: Person) -> Person:
    """Do what the enrolment page does: make an age identity, wrap it with the passphrase,
    derive the login verifier, and confirm with a code."""
    with httpx.Client(base_url=url, verify=tls, timeout=30) as http:
        csrf = csrf_of(http.get(f"/enrol/{token}").text)
        params = http.get(f"/api/enrol/{token}").json()
        identity = pyrage.x25519.Identity.generate()
        wrapped = age_scrypt.encrypt(str(identity).encode(), person.passphrase)
        person.totp_secret = params["totp"]["secret"]
        verifier = derive(person.passphrase, params["salt"], params["kdf"])
        answer = http.post(
            f"/api/enrol/{token}",
            headers={"X-CSRF-Token": csrf},
            json={
                "verifier": base64.b64encode(verifier).decode(),
                "recipient": str(identity.to_public()),
                "wrapped_identity": base64.b64encode(wrapped).decode(),
                "code": person.next_code(),
            },
        )
    if answer.status_code != 201:
        raise RuntimeError(f"enrolment of {person.name} failed: {answer.text}")
    return person


def csrf_of(html: str) -> str:
    marker = '<meta name="csrf-token" content="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def derive(passphrase: str, salt_b64: str, kdf: dict[str, Any]) -> bytes:
    """The login verifier, as session.js derives it with WebCrypto."""
    import unicodedata

    return hashlib.pbkdf2_hmac(
        "sha256", unicodedata.normalize("NFC", passphrase).encode("utf-8"),
        base64.b64decode(salt_b64), kdf["iterations"], kdf["length"],
    )


def questionnaire(folder: Path, answers: Mapping[str, Value] | None = None) -> Path:
    """The filled example questionnaire (`make samples`), rendered into `folder`; with
    `answers`, filled with those instead, scanned the same way."""
    import random

    from daemon.deployment import EXAMPLE_FORM
    from handlers.forms.template import load_template
    from scripts.fill_form import EXAMPLE_ANSWERS, fill, printed_font

    folder.mkdir(parents=True, exist_ok=True)
    page = fill(load_template(EXAMPLE_FORM), answers or EXAMPLE_ANSWERS,
                printed_font("gothic"), random.Random(1), hand=False)
    target = folder / "questionnaire.jpg"
    page.rotate(1.2, fillcolor=255).save(target, quality=85, dpi=(300, 300))
    return target
