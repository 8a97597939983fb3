"""Who is asking: the terminal (from its client certificate), the session and its person,
and the CSRF check of every request that changes something.

`VisitMiddleware` runs before every handler (except /static): it resumes the session of
the cookie or begins a new one (without a person), and refuses a non-GET request whose
`X-CSRF-Token` header (or, for a plain HTML form, its `csrf` field) is not the session's
token. Handlers find the result in `request.state.visit`.
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from daemon.review import people, sessions
from daemon.review.people import Account
from daemon.review.rules import may_log_in
from daemon.review.station import Station
from daemon.review.tls import Asgi, Receive, Scope, Send, common_name

UNVERIFIED = "unverified"
"""The terminal name recorded when the station runs without `review.client_ca`."""
PROXIED_HEADER = b"x-client-terminal"
TERMINAL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_LIMIT = 64 * 1024
CSRF_REFUSED = "画面が古くなっています。ページを読み込み直してから、もう一度操作してください。"


@dataclass
class Visit:
    terminal: str
    session: sessions.Session
    account: Account | None


def terminal_of(scope: Scope, verified: bool, trusted_proxies: list[str]) -> str | None:
    """The terminal's name: its certificate's CN; a trusted proxy's `X-Client-Terminal`;
    `UNVERIFIED` without client certificates; None when it cannot be told."""
    if not verified:
        return UNVERIFIED
    tls = scope.get("extensions", {}).get("tls", {})
    name = common_name(tls.get("client_cert_name"))
    if name is not None and name in trusted_proxies:
        forwarded = [v for k, v in scope.get("headers", []) if k == PROXIED_HEADER]
        if len(forwarded) != 1:
            return None
        name = forwarded[0].decode("latin-1")
        return name if TERMINAL.match(name) else None
    return name


def cookie_header(token: str) -> str:
    return f"{sessions.COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict"


def clearing_cookie_header() -> str:
    return f"{sessions.COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0"


def _cookie(scope: Scope) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:
                return None
            if sessions.COOKIE in jar:
                return jar[sessions.COOKIE].value
    return None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": body})


class VisitMiddleware:
    def __init__(self, app: Asgi, station: Station) -> None:
        self.app = app
        self.station = station

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        station, review = self.station, self.station.settings.review
        terminal = terminal_of(scope, review.client_ca is not None, review.trusted_proxies)
        if terminal is None:
            await _refuse(send, 403, "この端末は登録されていません。")
            return
        now = station.clock()
        token = _cookie(scope)
        session = None
        if token is not None:
            session = sessions.resume(station.store, token, terminal, now, station.idle_seconds)
        account = None
        if session is not None and session.person is not None:
            account = people.get(station.store, session.person)
            if account is None or not may_log_in(account.person):
                sessions.end(station.store, session.id)
                session, account = None, None
        new_token = None
        if session is None:
            new_token, session = sessions.begin(station.store, terminal, now)
        if scope["method"] not in SAFE_METHODS:
            offered, receive = await _csrf_token(scope, receive)
            if offered is None or not hmac.compare_digest(offered, session.csrf):
                await _refuse(send, 403, CSRF_REFUSED)
                return
        scope.setdefault("state", {})["visit"] = Visit(terminal, session, account)

        async def send_with_cookie(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start" and new_token is not None:
                headers = list(message.get("headers", []))
                if not any(k == b"set-cookie" for k, _ in headers):
                    headers.append((b"set-cookie", cookie_header(new_token).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cookie)


async def _csrf_token(scope: Scope, receive: Receive) -> tuple[str | None, Receive]:
    """The token a request offers, and a `receive` that still yields its whole body."""
    offered = _header(scope, b"x-csrf-token")
    content_type = (_header(scope, b"content-type") or "").split(";")[0].strip()
    if offered is not None or content_type != "application/x-www-form-urlencoded":
        return offered, receive
    body = b""
    more = True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
        if len(body) > FORM_LIMIT:
            return None, receive
    fields = parse_qs(body.decode("utf-8", "replace"))
    replayed = False

    async def replay() -> MutableMapping[str, Any]:
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    offered_field = fields.get("csrf")
    return (offered_field[0] if offered_field else None), replay
