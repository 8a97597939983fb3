"""The department's work over JSON: the queue, a job's ciphertext and revisions, its
steps (claim, correct, approve, downloaded, complete, release), quarantine notices, and a
lead's release of a quarantined job. Every step is a ledger event naming the person and
the terminal; corrections name the fields and how many, never a value.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from daemon.errors import YomitoriError
from daemon.review import jobs, notices, outbox
from daemon.review.people import Account
from daemon.review.recipients import read_members
from daemon.review.rules import (
    NOT_FOUND,
    Action,
    JobState,
    Refused,
    Step,
    may_release_quarantined,
    sees_quarantine,
    works_on,
)
from daemon.review.station import Station
from daemon.review.web import person, refusal, reply, station, visit
from daemon.spool import JOB_ID

FIELD = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
CIPHERTEXT = "application/octet-stream"
EVENTS = {
    Action.CLAIM: "review_claimed",
    Action.RELEASE: "review_released",
    Action.APPROVE: "review_approved",
    Action.DOWNLOAD: "review_downloaded",
    Action.COMPLETE: "review_completed",
}


def iso_time(seconds: float) -> str:
    """A POSIX time as RFC 3339 UTC (what pages show through `pages.wareki`)."""
    return _iso(seconds)


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds").replace(
        "+00:00", "Z"
    )


def job_json(st: Station, bundle: outbox.BundleFile, state: JobState, now: float) -> dict[str, Any]:
    delivered = st.deliveries.get(bundle.job_id)
    forms = sorted(delivered.forms) if delivered else []
    return {
        "job_id": bundle.job_id,
        "department": bundle.department,
        "pages": delivered.pages if delivered else None,
        "forms": forms,
        "flagged": delivered.flagged if delivered else None,
        "delivered_at": _iso(bundle.mtime),
        "age_seconds": max(0, int(now - bundle.mtime)),
        "bundle_bytes": bundle.bytes,
        "step": state.step.value,
        "holder": state.holder,
        "revisions": state.revisions,
    }


def queue_of(st: Station, account: Account) -> list[dict[str, Any]]:
    """The jobs of the person's departments, oldest first (what page and JSON show)."""
    now = st.clock()
    found: list[tuple[float, dict[str, Any]]] = []
    for department in account.departments:
        if not works_on(account.person, department) or department not in st.outboxes:
            continue
        states = jobs.states(st.store, department)
        for bundle in outbox.bundles(department, st.outboxes[department]):
            state = states.get(bundle.job_id, JobState(bundle.job_id, department))
            if state.step is not Step.COMPLETED:
                found.append((bundle.mtime, job_json(st, bundle, state, now)))
    return [job for _, job in sorted(found, key=lambda item: (item[0], item[1]["job_id"]))]


async def queue(request: Request) -> JSONResponse:
    st, account = station(request), person(request)
    return reply({"jobs": await run_in_threadpool(queue_of, st, account)})


def find_job(request: Request) -> tuple[Station, Account, outbox.BundleFile]:
    """The asked-for job, if the person works on its department. Another department's job
    (or none at all) is a 404, and the attempt goes in the ledger."""
    st, account, v = station(request), person(request), visit(request)
    job_id = request.path_params["job_id"]
    bundle = outbox.find_bundle(job_id, st.outboxes)
    if bundle is None or not works_on(account.person, bundle.department):
        st.record(
            "review_refused",
            person=account.name,
            terminal=v.terminal,
            job_id=job_id if bundle is not None else None,
            department=bundle.department if bundle is not None else None,
            asked=request.url.path[:200],
            reason="other department" if bundle is not None else "no such job",
        )
        raise Refused(404, NOT_FOUND)
    return st, account, bundle


async def job(request: Request) -> JSONResponse:
    st, _, bundle = find_job(request)
    state = jobs.state(st.store, bundle.job_id, bundle.department)
    data = job_json(st, bundle, state, st.clock())
    data["revision_files"] = [
        {"n": n, "bytes": path.stat().st_size, "saved_at": _iso(path.stat().st_mtime)}
        for n, path in outbox.revisions(bundle.path.parent, bundle.job_id)
    ]
    return reply(data)


async def bundle_file(request: Request) -> Response:
    """The bundle's ciphertext, streamed from the outbox; an `review_opened` event."""
    st, account, bundle = find_job(request)
    st.record("review_opened", person=account.name, terminal=visit(request).terminal,
              job_id=bundle.job_id, department=bundle.department, what="bundle")
    return FileResponse(bundle.path, media_type=CIPHERTEXT)


async def revision_file(request: Request) -> Response:
    st, account, bundle = find_job(request)
    n = int(request.path_params["n"])
    for number, path in outbox.revisions(bundle.path.parent, bundle.job_id):
        if number == n:
            st.record("review_opened", person=account.name, terminal=visit(request).terminal,
                      job_id=bundle.job_id, department=bundle.department, what="revision",
                      revision=n)
            return FileResponse(path, media_type=CIPHERTEXT)
    raise Refused(404, NOT_FOUND)


def _step(request: Request, action: Action, **fields: Any) -> JSONResponse:
    st, account, bundle = find_job(request)
    _, after = jobs.take(st.store, account.person, bundle.job_id, bundle.department, action,
                         st.clock())
    return _recorded(request, st, account, bundle, action, after, **fields)


def _recorded(
    request: Request,
    st: Station,
    account: Account,
    bundle: outbox.BundleFile,
    action: Action,
    after: JobState,
    **fields: Any,
) -> JSONResponse:
    st.record(EVENTS.get(action, "review_corrected"), person=account.name,
              terminal=visit(request).terminal, job_id=bundle.job_id,
              department=bundle.department, **fields)
    return reply({"job_id": after.job_id, "step": after.step.value, "holder": after.holder,
                  "revisions": after.revisions})


async def claim(request: Request) -> JSONResponse:
    return await run_in_threadpool(_step, request, Action.CLAIM)


async def approve(request: Request) -> JSONResponse:
    return await run_in_threadpool(_step, request, Action.APPROVE)


async def downloaded(request: Request) -> JSONResponse:
    return await run_in_threadpool(_step, request, Action.DOWNLOAD)


async def release(request: Request) -> JSONResponse:
    st, account, bundle = find_job(request)
    before, after = jobs.take(st.store, account.person, bundle.job_id, bundle.department,
                              Action.RELEASE, st.clock())
    return _recorded(request, st, account, bundle, Action.RELEASE, after, holder=before.holder)


async def complete(request: Request) -> JSONResponse:
    """「完了」: hand the bundle and its revisions to the janitor, which wipes them."""
    st, account, bundle = find_job(request)
    terminal = visit(request).terminal
    now = st.clock()

    def hand_over(after: JobState) -> None:
        files = [bundle.path.name] + [
            p.name for _, p in outbox.revisions(bundle.path.parent, bundle.job_id)
        ]
        outbox.hand_over(st.settings.review.store, bundle.job_id, {
            "job_id": bundle.job_id, "department": bundle.department, "files": files,
            "person": account.name, "terminal": terminal, "completed_at": _iso(now),
        })

    _, after = await run_in_threadpool(
        jobs.take, st.store, account.person, bundle.job_id, bundle.department,
        Action.COMPLETE, now, hand_over,
    )
    return _recorded(request, st, account, bundle, Action.COMPLETE, after)


async def save_revision(request: Request) -> JSONResponse:
    """A new revision: age ciphertext in the body, the corrected fields' names in
    `X-Corrected-Fields` (comma-separated), never their values."""
    st, account, bundle = find_job(request)
    names = [n.strip() for n in request.headers.get("x-corrected-fields", "").split(",")]
    names = [n for n in names if n]
    if not all(FIELD.match(n) for n in names) or len(names) > 500:
        raise Refused(400, "修正した項目の名前が正しくありません。")
    if request.headers.get("content-type", "").split(";")[0] != CIPHERTEXT:
        raise Refused(415, "修正内容は暗号化して送ってください。")
    limit = st.settings.review.max_revision_bytes
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise Refused(413, "修正内容が大きすぎます。")
    if not bytes(data[:64]).startswith(outbox.AGE_MAGIC):
        raise Refused(415, "修正内容は暗号化して送ってください。")
    folder = bundle.path.parent

    def store_file(after: JobState) -> JobState:
        on_disk = [n for n, _ in outbox.revisions(folder, bundle.job_id)]
        n = max([after.revisions, *(m + 1 for m in on_disk)])
        outbox.write_revision(folder, bundle.job_id, n, bytes(data))
        return replace(after, revisions=n)

    _, after = await run_in_threadpool(
        jobs.take, st.store, account.person, bundle.job_id, bundle.department,
        Action.CORRECT, st.clock(), store_file,
    )
    response = _recorded(request, st, account, bundle, Action.CORRECT, after,
                         revision=after.revisions, fields=sorted(set(names)),
                         corrected=len(set(names)))
    response.status_code = 201
    return response


async def recipients(request: Request) -> JSONResponse:
    """Who a revision is encrypted to: the department's configured recipients and its
    active members (the same as the OCR role uses for new bundles)."""
    st, account = station(request), person(request)
    department = request.path_params["department"]
    if not works_on(account.person, department) or department not in st.settings.departments:
        raise Refused(404, NOT_FOUND)
    configured = st.settings.departments[department].recipients
    members = read_members(st.settings.review.store, department)
    return reply({"department": department,
                  "recipients": list(dict.fromkeys([*configured, *members]))})


def notices_of(st: Station, account: Account) -> list[dict[str, Any]]:
    found = []
    for department in account.departments:
        if sees_quarantine(account.person, department):
            for notice in notices.notices(st.settings.paths.quarantine, department):
                found.append({**notice.__dict__,
                              "releasable": may_release_quarantined(account.person, department)})
    return sorted(found, key=lambda n: (n["quarantined_at"], n["job_id"]))


async def quarantine(request: Request) -> JSONResponse:
    st, account = station(request), person(request)
    return reply({"notices": await run_in_threadpool(notices_of, st, account)})


def release_quarantined(request: Request, job_id: str) -> str:
    """A lead's release of a quarantined job of their department; the new job's id."""
    st, account, v = station(request), person(request), visit(request)
    root: Path = st.settings.paths.quarantine
    departments = [d for d in account.departments if (root / d / job_id).is_dir()]
    if not departments or not JOB_ID.match(job_id):
        st.record("review_refused", person=account.name, terminal=v.terminal,
                  asked=f"quarantine/{job_id}"[:200], reason="no such quarantined job")
        raise Refused(404, NOT_FOUND)
    department = departments[0]
    if not may_release_quarantined(account.person, department) or st.release is None:
        raise Refused(403, "隔離された案件を戻せるのは係長だけです。")
    try:
        new_job = st.release(job_id)
    except YomitoriError as exc:
        raise Refused(409, "この案件は戻せません（スキャンが残っていません）。") from exc
    st.record("review_quarantine_released", person=account.name, terminal=v.terminal,
              job_id=job_id, department=department, new_job_id=new_job)
    return new_job


async def release_quarantine(request: Request) -> JSONResponse:
    new_job = await run_in_threadpool(release_quarantined, request, request.path_params["job_id"])
    return reply({"new_job_id": new_job})


def not_found(request: Request) -> JSONResponse:
    return refusal(404, NOT_FOUND)
