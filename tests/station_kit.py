"""What the station's tests share: a deployment made by `yomitori init`, its station with
a clock the test moves, an HTTPS client over the application, and a person's browser side
of enrolment and login done in Python (PBKDF2, age, TOTP) as the page's scripts do it."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pyrage

from daemon.deployment import init
from daemon.ledger.format import Record
from daemon.ledger.keys import open_ledger
from daemon.review import people
from daemon.review.app import create_app
from daemon.review.rules import Role
from daemon.review.station import Station
from daemon.review.store import Store
from daemon.review.tls import Asgi, Receive, Scope, Send
from daemon.settings import Settings, load_settings
from daemon.spool import new_job_id
from scripts import age_scrypt
from scripts.review_station import csrf_of as csrf_of
from scripts.review_station import derive as derive

START = 1_800_000_000.0
"""The fake clock's start (Unix seconds)."""
TERMINAL = "kodomo-pc01"


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


def with_terminal(app: Asgi, terminal: str) -> Asgi:
    """The application as uvicorn with `TerminalProtocol` hands it a request from
    `terminal`'s client certificate."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        scope.setdefault("extensions", {})["tls"] = {"client_cert_name": f"CN={terminal}"}
        await app(scope, receive, send)

    return wrapped


@dataclass
class Kit:
    root: Path
    settings: Settings
    station: Station
    clock: Clock

    @property
    def store(self) -> Store:
        return self.station.store

    def client(self, terminal: str = TERMINAL) -> httpx.AsyncClient:
        app = with_terminal(create_app(self.station), terminal)
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="https://station.test"
        )

    def add(self, name: str, department: str = "kodomo", role: Role = Role.REVIEWER) -> str:
        return people.add(self.store, name, [department], role, 72, self.clock.now)

    def records(self, event: str | None = None) -> list[Record]:
        return [r for r in self.station.ledger.records() if event is None or r.event == event]

    def bundle(self, department: str = "kodomo", age_seconds: float = 0) -> str:
        """A bundle in the department's outbox, encrypted to its configured recipient."""
        job_id = new_job_id()
        plain = io.BytesIO()
        with zipfile.ZipFile(plain, "w") as z:
            z.writestr("result.json", json.dumps({"job_id": job_id}))
        recipients = [pyrage.x25519.Recipient.from_str(r)
                      for r in self.settings.departments[department].recipients]
        path = self.settings.departments[department].outbox / f"{job_id}.age"
        path.write_bytes(pyrage.encrypt(plain.getvalue(), recipients))
        when = self.clock.now - age_seconds
        import os

        os.utime(path, (when, when))
        return job_id


def make_kit(tmp_path: Path) -> Kit:
    root = tmp_path / "yomitori"
    init(root, ["kodomo", "kokuho"])
    settings = load_settings(root / "yomitori.toml")
    store = Store(settings.review.store)
    store.create()
    clock = Clock()
    station = Station(settings, store, open_ledger(settings), clock=clock)
    return Kit(root, settings, station, clock)


@dataclass
class Browser:
    """One person's browser: its client, its CSRF token, and what it made at enrolment."""

    client: httpx.AsyncClient
    csrf: str = ""
    identity: str = ""
    sent: list[dict[str, Any]] | None = None

    async def open(self, path: str) -> httpx.Response:
        response = await self.client.get(path)
        if "csrf-token" in response.text:
            self.csrf = csrf_of(response.text)
        return response

    async def post(self, path: str, data: Any = None, **kwargs: Any) -> httpx.Response:
        headers = {"X-CSRF-Token": self.csrf, **kwargs.pop("headers", {})}
        if data is not None:
            kwargs["json"] = data
        response = await self.client.post(path, headers=headers, **kwargs)
        if self.sent is not None and data is not None:
            self.sent.append({"path": path, "json": data})
        return response

    async def enrol(self, token: str, passphrase: str, now: float) -> httpx.Response:
        await self.open(f"/enrol/{token}")
        params = (await self.client.get(f"/api/enrol/{token}")).json()
        identity = pyrage.x25519.Identity.generate()
        self.identity = str(identity)
        wrapped = age_scrypt.encrypt(str(identity).encode(), passphrase)
        verifier = derive(passphrase, params["salt"], params["kdf"])
        code = pyotp.TOTP(params["totp"]["secret"]).at(now)
        self.totp = params["totp"]["secret"]
        return await self.post(f"/api/enrol/{token}", {
            "verifier": base64.b64encode(verifier).decode(),
            "recipient": str(identity.to_public()),
            "wrapped_identity": base64.b64encode(wrapped).decode(),
            "code": code,
        })

    async def login(self, name: str, passphrase: str, code: str) -> httpx.Response:
        await self.open("/login")
        params = (await self.post("/api/login/params", {"name": name})).json()
        verifier = derive(passphrase, params["salt"], params["kdf"])
        response = await self.post("/api/login", {
            "name": name, "verifier": base64.b64encode(verifier).decode(), "code": code,
        })
        if response.status_code == 200:
            self.csrf = response.json()["csrf"]
        return response


def code_at(secret: str, now: float) -> str:
    return str(pyotp.TOTP(secret).at(now))


def everything_on_disk(root: Path) -> Iterator[bytes]:
    for path in root.rglob("*"):
        if path.is_file():
            yield path.read_bytes()
