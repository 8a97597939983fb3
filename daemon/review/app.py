"""The station's ASGI application: routes, security headers, sessions and CSRF.

Every response carries HSTS, a CSP that allows only this origin's scripts and no framing,
`X-Content-Type-Options`, a `Referrer-Policy`, and `Cache-Control: no-store` (everything
but the static files holds a name, a token or ciphertext).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from daemon.review import auth, pages, work
from daemon.review.rules import Refused
from daemon.review.station import Station
from daemon.review.tls import Asgi, Receive, Scope, Send
from daemon.review.visits import VisitMiddleware

STATIC = Path(__file__).resolve().parent / "static"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"strict-transport-security", b"max-age=63072000; includeSubDomains"),
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
]


class SecurityHeaders:
    """Adds `HEADERS` to every response, and `Cache-Control: no-store` outside /static."""

    def __init__(self, app: Asgi) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", [])
                    if k.lower() not in (b"cache-control", b"server")
                ]
                headers += HEADERS
                headers.append((b"cache-control", b"no-cache" if static else b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Refused)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": exc.message}, status_code=exc.status)
    if exc.status == 401:
        return RedirectResponse("/login", status_code=303)
    return pages.message(request, exc.message, exc.status)


async def not_found(request: Request, exc: Exception) -> Response:
    return await refused(request, Refused(404, "ページが見つかりません。"))


def routes() -> list[Route | Mount]:
    api = [
        Route("/api/login/params", auth.login_params, methods=["POST"]),
        Route("/api/login", auth.login, methods=["POST"]),
        Route("/api/logout", auth.logout, methods=["POST"]),
        Route("/api/enrol/{token}", auth.enrolment, methods=["GET"]),
        Route("/api/enrol/{token}", auth.enrol, methods=["POST"]),
        Route("/api/me", auth.me, methods=["GET"]),
        Route("/api/me/identity", auth.identity, methods=["GET"]),
        Route("/api/queue", work.queue, methods=["GET"]),
        Route("/api/departments/{department}/recipients", work.recipients, methods=["GET"]),
        Route("/api/jobs/{job_id}", work.job, methods=["GET"]),
        Route("/api/jobs/{job_id}/bundle", work.bundle_file, methods=["GET"]),
        Route("/api/jobs/{job_id}/revisions/{n:int}", work.revision_file, methods=["GET"]),
        Route("/api/jobs/{job_id}/revisions", work.save_revision, methods=["POST"]),
        Route("/api/jobs/{job_id}/claim", work.claim, methods=["POST"]),
        Route("/api/jobs/{job_id}/release", work.release, methods=["POST"]),
        Route("/api/jobs/{job_id}/approve", work.approve, methods=["POST"]),
        Route("/api/jobs/{job_id}/downloaded", work.downloaded, methods=["POST"]),
        Route("/api/jobs/{job_id}/complete", work.complete, methods=["POST"]),
        Route("/api/quarantine", work.quarantine, methods=["GET"]),
        Route("/api/quarantine/{job_id}/release", work.release_quarantine, methods=["POST"]),
        Route("/api/audit/summary", pages.audit_summary, methods=["GET"]),
    ]
    html = [
        Route("/", pages.home, methods=["GET"]),
        Route("/login", pages.login, methods=["GET"]),
        Route("/logout", pages.logout, methods=["POST"]),
        Route("/enrol/{token}", pages.enrol, methods=["GET", "POST"]),
        Route("/enrol/{token}/qr.svg", pages.enrol_qr, methods=["GET"]),
        Route("/queue", pages.queue, methods=["GET"]),
        Route("/jobs/{job_id}", pages.job, methods=["GET"]),
        Route("/quarantine", pages.quarantine, methods=["GET"]),
        Route("/quarantine/{job_id}/release", pages.release_quarantined, methods=["POST"]),
        Route("/audit", pages.audit, methods=["GET"]),
        Route("/audit/documents/{name}", pages.issued_file, methods=["GET"]),
    ]
    return [*api, *html, Mount("/static", StaticFiles(directory=STATIC), name="static")]


def create_app(station: Station) -> Asgi:
    """The station's application, wrapped in its sessions and security headers."""
    app = Starlette(
        routes=routes(),
        exception_handlers={Refused: refused, 404: not_found, 405: not_found},
    )
    app.state.station = station
    return SecurityHeaders(VisitMiddleware(app, station))
