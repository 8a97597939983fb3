"""The station's Japanese pages, rendered on the server (Jinja2). Scripts are files under
/static (the CSP allows no inline script); a page hands them what they need in `data-`
attributes and the CSRF token in `<meta name="csrf-token">`.
"""

from __future__ import annotations

import io
import re
import tomllib
from collections import Counter
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import segno
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)

from daemon import era
from daemon.ledger import reader
from daemon.review import assets, documents, factors, people, sessions, work
from daemon.review.rules import Refused, Role, may_audit
from daemon.review.visits import clearing_cookie_header
from daemon.review.web import person, reply, station, visit

TEMPLATES = Path(__file__).resolve().parent / "templates"
STEPS = {
    "waiting": "未着手", "claimed": "確認中", "corrected": "修正済み", "approved": "承認済み",
    "downloaded": "ダウンロード済み", "completed": "完了",
}
ROLES = {"reviewer": "担当者", "lead": "係長", "auditor": "監査担当"}
EVENTS = {
    "claimed": "受付", "delivered": "読み取り完了", "wiped": "原本の消去",
    "quarantined": "隔離", "expired": "保存期間切れの消去", "released": "隔離からの再処理",
    "bundle_wiped": "確認完了後の消去", "collected": "所属による回収", "review_login": "ログイン",
    "review_login_failed": "ログイン失敗", "review_account_locked": "アカウントのロック",
    "review_logout": "ログアウト", "review_opened": "閲覧", "review_claimed": "担当",
    "review_corrected": "修正", "review_approved": "承認", "review_downloaded": "ダウンロード",
    "review_completed": "完了", "review_released": "担当の解除",
    "review_refused": "権限のない操作", "review_quarantine_released": "隔離からの再処理（係長）",
    "review_person_added": "利用者の追加", "review_person_enrolled": "利用登録",
    "review_person_disabled": "利用者の停止", "review_person_reset": "利用者の再登録",
    "review_person_unlocked": "ロックの解除",
}


def wareki(iso: str) -> str:
    """An RFC 3339 time as 令和 and Western dates side by side, in Japan time:
    `令和8年11月26日（2026-11-26）16:10`."""
    moment = era.parse_time(iso)
    return iso if moment is None else era.dated_time(moment, full_width=True)


FORM_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


@lru_cache(maxsize=256)
def _form_title(folder: Path, name: str, mtime_ns: int) -> str:
    try:
        with (folder / f"{name}.toml").open("rb") as fh:
            title = tomllib.load(fh).get("form", {}).get("title")
    except (OSError, tomllib.TOMLDecodeError, AttributeError):
        return name
    return title if isinstance(title, str) and title else name


def form_title(folder: Path, name: str) -> str:
    """A form's Japanese title from its template's `[form] title` (the name when the
    template cannot be read): the queue shows titles, not file names."""
    if not FORM_NAME.match(name) or name.startswith("."):
        return name
    try:
        mtime = (folder / f"{name}.toml").stat().st_mtime_ns
    except OSError:
        return name
    return _form_title(folder, name, mtime)


def elapsed(seconds: int) -> str:
    """A job's age in Japanese (`3日`, `5時間`, `12分`)."""
    if seconds >= 86400:
        return f"{seconds // 86400}日"
    if seconds >= 3600:
        return f"{seconds // 3600}時間"
    return f"{max(1, seconds // 60)}分"


ENV = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), auto_reload=False
)
ENV.filters["wareki"] = wareki
ENV.filters["elapsed"] = elapsed
ENV.globals.update(steps=STEPS, roles=ROLES, event_names=EVENTS, script=assets.script,
                   library=assets.library)


def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    v = visit(request)
    html = ENV.get_template(template).render(
        csrf=v.session.csrf, account=v.account, terminal=v.terminal, **values
    )
    return HTMLResponse(html, status_code=status)


def message(request: Request, text: str, status: int) -> Response:
    return render(request, "message.html", status, text=text)


async def home(request: Request) -> Response:
    account = visit(request).account
    if account is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse("/audit" if account.role is Role.AUDITOR else "/queue", 303)


async def login(request: Request) -> Response:
    return render(request, "login.html")


async def logout(request: Request) -> Response:
    st, v = station(request), visit(request)
    sessions.end(st.store, v.session.id)
    if v.account is not None:
        st.record("review_logout", person=v.account.name, terminal=v.terminal)
    response = RedirectResponse("/login", status_code=303)
    response.headers.append("set-cookie", clearing_cookie_header())
    return response


async def enrol(request: Request) -> Response:
    st = station(request)
    if request.method == "POST":
        return message(
            request, "登録には JavaScript が必要です。ブラウザーの設定を確認してください。", 400
        )
    token = request.path_params["token"]
    account = await run_in_threadpool(people.pending, st.store, token, st.clock())
    if account is None:
        return message(request, "この登録用リンクは使えません（使用済みか期限切れです）。"
                       "システム担当者に新しいリンクを頼んでください。", 404)
    return render(request, "enrol.html", pending=account, token=token)


async def enrol_qr(request: Request) -> Response:
    """The TOTP secret as a QR code (SVG made here: no third-party origin)."""
    st = station(request)
    account = await run_in_threadpool(people.pending, st.store, request.path_params["token"],
                                      st.clock())
    if account is None or account.totp_secret is None:
        raise Refused(404, "ページが見つかりません。")
    qr = segno.make(factors.totp_uri(account.totp_secret, account.name), error="m")
    svg = io.BytesIO()
    # A document of its own (the img's source) needs the SVG namespace, which the inline
    # form leaves out; without it the browser shows no image.
    qr.save(svg, kind="svg", scale=4, border=4, xmldecl=False)
    return Response(svg.getvalue(), media_type="image/svg+xml")


async def queue(request: Request) -> Response:
    st, account = station(request), person(request)
    if account.role is Role.AUDITOR:
        return RedirectResponse("/audit", status_code=303)
    found = await run_in_threadpool(work.queue_of, st, account)
    encodings = {d: st.settings.departments[d].csv_encoding for d in account.departments
                 if d in st.settings.departments}
    titles = {name: form_title(st.settings.paths.forms, name)
              for job in found for name in job["forms"]}
    return render(request, "queue.html", jobs=found, encodings=encodings, titles=titles)


async def job(request: Request) -> Response:
    """The job page's frame; the review page's scripts (decryption, editor, CSV) fill it.
    The department's CSV encoding and title go to the script in `data-` attributes."""
    st, _, bundle = work.find_job(request)
    dept = st.settings.departments[bundle.department]
    return render(request, "job.html", job_id=bundle.job_id, department=bundle.department,
                  department_title=dept.title or bundle.department,
                  encoding=dept.csv_encoding, delivered_at=work.iso_time(bundle.mtime))


async def quarantine(request: Request) -> Response:
    st, account = station(request), person(request)
    found = await run_in_threadpool(work.notices_of, st, account)
    return render(request, "quarantine.html", notices=found)


async def release_quarantined(request: Request) -> Response:
    await run_in_threadpool(work.release_quarantined, request, request.path_params["job_id"])
    return RedirectResponse("/quarantine", status_code=303)


def summary(directory: Path, departments: tuple[str, ...], month: str) -> dict[str, Any]:
    """Counts of the month's ledger events for `departments`, by event."""
    counts: Counter[str] = Counter()
    for line in reader.lines(directory, first_month=month):
        record = line.record()
        if record is not None and record.department in departments:
            counts[record.event] += 1
    events = dict(sorted(counts.items()))
    return {"month": month, "departments": list(departments), "events": events}


def _audit_summary(request: Request) -> dict[str, Any]:
    st, account = station(request), person(request)
    if not may_audit(account.person):
        raise Refused(403, "この画面は監査担当だけが見られます。")
    month = request.query_params.get("month") or datetime.now(UTC).strftime("%Y-%m")
    return summary(st.settings.paths.ledger, account.departments, month[:7])


async def audit_summary(request: Request) -> JSONResponse:
    return reply(await run_in_threadpool(_audit_summary, request))


async def audit(request: Request) -> Response:
    data = await run_in_threadpool(_audit_summary, request)
    st, account = station(request), person(request)
    issued = documents.listing(st.settings.documents.output, account.departments)
    return render(request, "audit.html", summary=data, issued=issued)


def _issued_file(request: Request) -> Path:
    st, account = station(request), person(request)
    if not may_audit(account.person):
        raise Refused(403, "この画面は監査担当だけが見られます。")
    name = str(request.path_params["name"])
    path: Path = st.settings.documents.output / name
    if not documents.allowed(name, account.departments) or not path.is_file():
        raise Refused(404, "その文書はありません。")
    return path


async def issued_file(request: Request) -> Response:
    """An issued certificate or report, as a download (never shown in the station's page)."""
    path = await run_in_threadpool(_issued_file, request)
    return FileResponse(
        path, media_type=documents.media_type(path.name), filename=path.name,
        content_disposition_type="attachment",
    )
