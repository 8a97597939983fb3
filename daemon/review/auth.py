"""Enrolment, login and logout over JSON (the protocol is in docs/review.md).

The browser sends a login verifier derived from the passphrase (PBKDF2, `factors.KDF`),
never the passphrase; at enrolment it also sends its new age recipient and its identity
wrapped with the passphrase (age scrypt).
"""

from __future__ import annotations

import base64
import binascii

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from daemon.review import factors, people, sessions
from daemon.review.people import EnrolRefused, Outcome
from daemon.review.recipients import refresh
from daemon.review.rules import Refused
from daemon.review.visits import clearing_cookie_header, cookie_header
from daemon.review.web import Body, body, person, reply, station, visit

WRONG = "ユーザー名、パスフレーズまたは確認コードが正しくありません。"
LOCKED = "このアカウントはロックされています。係長かシステム担当者に連絡してください。"


class NameIn(Body):
    name: str


class LoginIn(Body):
    name: str
    verifier: str
    """Base64 of the 32-byte PBKDF2 output."""
    code: str


class EnrolIn(Body):
    verifier: str
    recipient: str
    wrapped_identity: str
    """Base64 of the age file (binary) holding the identity, scrypt-wrapped."""
    code: str


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


async def login_params(request: Request) -> JSONResponse:
    st = station(request)
    given = await body(request, NameIn)
    salt = await run_in_threadpool(people.login_salt, st.store, given.name)
    return reply({"salt": b64(salt), "kdf": factors.KDF})


async def login(request: Request) -> Response:
    st, v = station(request), visit(request)
    given = await body(request, LoginIn)
    verifier = factors.decode_verifier(given.verifier)
    if verifier is None:
        raise Refused(400, WRONG)
    now = st.clock()
    limit = st.settings.review.lockout_failures
    outcome = await run_in_threadpool(
        people.login, st.store, given.name, verifier, given.code, now, limit
    )
    known = outcome is not Outcome.UNKNOWN
    if outcome is not Outcome.OK:
        st.record(
            "review_login_failed",
            person=given.name if known else None,
            terminal=v.terminal,
            reason=outcome.value,
        )
        if outcome is Outcome.LOCKED_NOW:
            st.record("review_account_locked", person=given.name, terminal=v.terminal,
                      failures=limit)
        locked = outcome in (Outcome.LOCKED, Outcome.LOCKED_NOW)
        raise Refused(423 if locked else 401, LOCKED if locked else WRONG)
    sessions.end(st.store, v.session.id)
    token, session = sessions.begin(st.store, v.terminal, now, person=given.name)
    account = people.get(st.store, given.name)
    assert account is not None
    st.record("review_login", person=given.name, terminal=v.terminal)
    response = reply({"csrf": session.csrf, "next": home(account.role.value)})
    response.headers.append("set-cookie", cookie_header(token))
    return response


def home(role: str) -> str:
    return "/audit" if role == "auditor" else "/queue"


async def logout(request: Request) -> Response:
    st, v = station(request), visit(request)
    sessions.end(st.store, v.session.id)
    if v.account is not None:
        st.record("review_logout", person=v.account.name, terminal=v.terminal)
    response = reply({"next": "/login"})
    response.headers.append("set-cookie", clearing_cookie_header())
    return response


async def enrolment(request: Request) -> JSONResponse:
    """What the enrolment page's script needs: who, the salt, the KDF and the TOTP secret."""
    st = station(request)
    token = request.path_params["token"]
    account = await run_in_threadpool(people.pending, st.store, token, st.clock())
    if account is None or account.totp_secret is None:
        raise Refused(404, "この登録用リンクは使えません（使用済みか期限切れです）。")
    return reply(
        {
            "name": account.name,
            "role": account.role.value,
            "departments": list(account.departments),
            "salt": b64(account.login_salt),
            "kdf": factors.KDF,
            "totp": {
                "secret": account.totp_secret,
                "uri": factors.totp_uri(account.totp_secret, account.name),
                "digits": factors.TOTP_DIGITS,
                "period": factors.TOTP_PERIOD,
            },
        }
    )


async def enrol(request: Request) -> JSONResponse:
    st, v = station(request), visit(request)
    given = await body(request, EnrolIn)
    verifier = factors.decode_verifier(given.verifier)
    try:
        wrapped = base64.b64decode(given.wrapped_identity, validate=True)
    except (binascii.Error, ValueError):
        wrapped = b""
    if verifier is None:
        raise Refused(400, "送られた内容が正しくありません。")
    try:
        account = await run_in_threadpool(
            lambda: people.enrol(
                st.store, request.path_params["token"], verifier=verifier,
                recipient=given.recipient, wrapped_identity=wrapped, code=given.code,
                now=st.clock(),
            )
        )
    except EnrolRefused as exc:
        raise Refused(400, str(exc)) from None
    refresh(st.settings, st.store, account.departments)
    st.record(
        "review_person_enrolled",
        person=account.name,
        terminal=v.terminal,
        departments=list(account.departments),
        recipient=account.recipient,
    )
    return reply({"next": "/login"}, 201)


async def me(request: Request) -> JSONResponse:
    account, v = person(request), visit(request)
    return reply(
        {
            "name": account.name,
            "role": account.role.value,
            "departments": list(account.departments),
            "recipient": account.recipient,
            "csrf": v.session.csrf,
            "terminal": v.terminal,
        }
    )


async def identity(request: Request) -> JSONResponse:
    """The person's own wrapped identity, for the browser to unwrap with the passphrase."""
    account = person(request)
    return reply(
        {
            "recipient": account.recipient,
            "wrapped_identity": b64(account.wrapped_identity or b""),
        }
    )
