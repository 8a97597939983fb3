"""The quarantine: where a job goes when it cannot be read or used up its retries.

`quarantine/<department>/<job_id>/` holds the source (as `source.<ext>`, never its original
name) and `error.json`: what failed, when, after which attempt, and what to do next.

A dead-lettered job is only quarantined if it is unfinished: one whose bundle is delivered
goes back to the janitor (`done`), and one without a source that the ledger records as
wiped was finished already; neither gets a `quarantined` event.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import stat
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from daemon.bus import DONE, Delivery
from daemon.durable import write_atomic
from daemon.errors import InputError, YomitoriError
from daemon.i18n import N_, _, language, localize
from daemon.intake.claim import finish_claim, record_intent
from daemon.ledger.writer import Ledger
from daemon.ops import metrics
from daemon.settings import DEPARTMENT_ID, unknown_department
from daemon.spool import (
    DELIVERED,
    FILE_MODE,
    JOB_ID,
    SOURCE,
    STARTED,
    Manifest,
    Spool,
    SpoolJob,
    utcnow,
)
from handlers.janitor import record_claim, wipe_file, wipe_folder, wipe_tombstone
from handlers.ocr.decode import sniff

log = logging.getLogger(__name__)

EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
    "application/pdf": ".pdf",
    "image/bmp": ".bmp",
}
ADVICE = N_(
    "Open the source to see whether it is a readable scan. If it is, fix the cause and run "
    "`yomitori quarantine release <job_id>`; if not, rescan the paper. The janitor deletes "
    "quarantined jobs after the quarantine retention period."
)

REFUSED_ADVICE = N_(
    "This entry was refused unread and can never be released: it is not a scan of its own "
    "(a link, a pipe, a device, or a file that also has another name, perhaps in another "
    "department's hot folder). Save the scan itself in the hot folder. The janitor deletes "
    "it after the quarantine retention period."
)

UNKNOWN = "_unknown"
"""The quarantine folder (and ledger department) of jobs whose `job.json` names no
configured department; no department id can take this name."""


REFUSED = {
    "symlink": N_("refused: a symbolic link. Links are never followed (the target may be any "
                  "file on the server); save the scan itself in the hot folder."),
    "hard link": N_("refused: a hard link (the same data has another name elsewhere, which "
                    "wiping would destroy); save a copy of the scan in the hot folder."),
    "fifo": N_("refused: a named pipe, not a file; remove whatever created it."),
    "device": N_("refused: a device node, not a file; remove whatever created it."),
    "not a regular file": N_("refused: a socket or other special file, not a scan."),
}
"""The reason of each refusal (`error.json`'s `refused` code), in English as recorded."""


class Quarantine:
    """Handles dead-lettered jobs (`yomitori.dead`); `publish` sends a delivered job's
    `done` back to the janitor.

    `departments` are the configured ones: a job whose `job.json` names another (or a
    malformed name) goes to `quarantine/_unknown/`, never to a path built from that name.
    """

    def __init__(
        self,
        spool: Spool,
        root: Path,
        ledger: Ledger,
        publish: Callable[[str, dict[str, Any]], None] | None = None,
        *,
        departments: Collection[str],
    ) -> None:
        self.spool = spool
        self.root = root
        self.ledger = ledger
        self.departments = frozenset(departments)
        self.publish = publish

    def __call__(self, delivery: Delivery) -> None:
        try:
            job = self.spool.job(str(delivery.body.get("job_id", "")))
        except ValueError:
            raise InputError("the message names no valid job id") from None
        with job.lock() as here:
            if not here or not job.exists():
                return
            if job.has(DELIVERED):
                log.warning("a delivered job was dead-lettered; handing it to the janitor",
                            extra={"job_id": job.job_id})
                if self.publish is not None:
                    self.publish(DONE, {"job_id": job.job_id})
                return
            manifest = job.manifest()
            if (
                not manifest.refused
                and not os.path.lexists(job.source)
                and self.ledger.has(job.job_id, "wiped")
            ):
                log.info("job finished earlier (its source is wiped); nothing to quarantine",
                         extra={"job_id": job.job_id})
                wipe_tombstone(self.spool, self.spool.entomb(job))
                return
            self.admit(job)

    def admit(self, job: SpoolJob, reason: str | None = None) -> Path:
        """Move a spool job into the quarantine with its error report; returns its folder.

        The caller holds the job's lock."""
        manifest = job.manifest()
        attempts = job.attempts()
        named = manifest.department
        if named not in self.departments:
            # Only a configured id is ever part of a path, a label or a ledger line.
            manifest = manifest.model_copy(update={"department": UNKNOWN})
            reason = unknown_department(named)
        elif manifest.refused:
            reason = REFUSED.get(manifest.refused) or N_("refused: {kind}").format(
                kind=manifest.refused)
        elif reason is None:
            reason = last_reason(attempts)
        target = self.root / manifest.department / job.job_id
        target.mkdir(parents=True, exist_ok=True, mode=0o700)
        advice = REFUSED_ADVICE if manifest.refused else ADVICE
        report: dict[str, Any] = {
            "job_id": job.job_id,
            "department": manifest.department,
            "reason": reason,
            "quarantined_at": utcnow(),
            "attempts": attempts,
            "source": {"sha256": manifest.sha256, "bytes": manifest.bytes},
            "detected_at": manifest.detected_at,
            "refused": manifest.refused,
            "what_to_do": advice,
            # The same two in the operator's language (the service's locale); `reason` and
            # `what_to_do` stay English, as the ledger records the reason.
            "localized": {
                "language": language(),
                "reason": localize(reason),
                "what_to_do": _(advice),
            },
        }
        if manifest.department == UNKNOWN and DEPARTMENT_ID.match(named):
            report["named_department"] = named
        if manifest.refused and os.path.lexists(job.source):
            # Never opened: only the name moves (or goes, across file systems).
            try:
                os.rename(job.source, target / SOURCE)
            except OSError:
                if not job.source.is_dir() or job.source.is_symlink():
                    job.source.unlink()  # a folder is wiped with the job folder below
        elif job.source.exists():
            with job.source.open("rb") as fh:
                media = sniff(fh.read(64))
            name = SOURCE + EXTENSIONS.get(media or "", "")
            move(job.source, target / name)
        kept = sorted(p.name for p in target.iterdir() if p.name.startswith(SOURCE))
        if kept:
            report["source"]["file"] = kept[0]
        write_atomic(
            target / "error.json", json.dumps(report, ensure_ascii=False, indent=2).encode()
        )
        record_claim(self.ledger, manifest)
        fields: dict[str, Any] = {"refused": manifest.refused} if manifest.refused else {}
        self.ledger.append_once(
            "quarantined",
            job_id=job.job_id,
            department=manifest.department,
            subject={"sha256": manifest.sha256, "bytes": manifest.bytes},
            reason=reason,
            attempts=len(attempts),
            role="janitor",
            **fields,
        )
        wipe_tombstone(self.spool, self.spool.entomb(job))
        metrics.JOBS_QUARANTINED.labels(
            metrics.department_label(manifest.department, self.departments)
        ).inc()
        log.warning(
            "job quarantined: %s",
            reason,
            extra={"job_id": job.job_id, "department": manifest.department},
        )
        return target


def move(source: Path, target: Path) -> None:
    """Rename, or copy and wipe the original when the quarantine is on another file system."""
    try:
        os.rename(source, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        shutil.copyfile(source, target)
        os.chmod(target, FILE_MODE)  # back in the spool, the OCR role (another user) reads it
        wipe_file(source)


def last_reason(attempts: list[dict[str, Any]]) -> str:
    """Why a job ran out of attempts, from its attempts.jsonl."""
    if not attempts:
        return N_("retries exhausted (no details recorded)")
    crashed = sum(
        1
        for line, after in zip(attempts, [*attempts[1:], {}], strict=True)
        if line.get("kind") == STARTED and after.get("kind") in (None, STARTED)
    )
    failures = [line for line in attempts if line.get("error")]
    if attempts[-1].get("kind") == STARTED or not failures:
        return N_(
            "the process reading this scan ended without finishing {count} time(s) (a "
            "crash in a decoder, or the process was killed); the scan may be damaged or "
            "made to crash readers. Check the service log (journalctl -u 'yomitori-*') "
            "around the attempts' times"
        ).format(count=crashed)
    return str(failures[-1]["error"])


def release(
    spool: Spool, root: Path, ledger: Ledger, job_id: str, *, departments: Collection[str]
) -> Manifest:
    """Put a quarantined scan back into the spool as a new job; the watcher publishes it.

    Refused entries (links, hard links, FIFOs, devices) can never be released: there is
    no scan of their own to read, and a hard link's data belongs to its other names (maybe
    another department's scan). So can nothing that is not, now, a regular file with a
    single name.
    """
    folders = [f for f in root.glob(f"*/{job_id}") if f.is_dir()] if JOB_ID.match(job_id) else []
    if not folders:
        raise YomitoriError(_("no quarantined job {job} in {root}; see `ls {root}/*/`")
                            .format(job=repr(job_id), root=root))
    folder = folders[0]
    department = _department_of(folder, departments)
    refused = _refusal_of(folder)
    if refused is not None:
        raise YomitoriError(_(
            "job {job} cannot be released: it was refused unread ({refused}), so it holds "
            "no scan of its own. Save the scan itself in the hot folder; the quarantine "
            "retention deletes this entry (or delete its folder)"
        ).format(job=job_id, refused=localize(refused)))
    sources = [p for p in folder.iterdir() if p.name.startswith(SOURCE)]
    if not sources:
        raise YomitoriError(_("job {job} has no scan to release; delete its folder")
                            .format(job=job_id))
    st = os.lstat(sources[0])
    if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
        raise YomitoriError(_(
            "job {job} cannot be released: its source is not a plain file with a single "
            "name; delete its folder and rescan the paper"
        ).format(job=job_id))
    job = spool.new_job()
    record_intent(job, department, utcnow(), None)
    move(sources[0], job.source)
    manifest = finish_claim(job)
    ledger.append(
        "released",
        job_id=job_id,
        department=department,
        new_job_id=manifest.job_id,
        subject={"sha256": manifest.sha256, "bytes": manifest.bytes},
        role="operator",
    )
    wipe_folder(folder)
    folder.rmdir()
    return manifest


def _department_of(folder: Path, departments: Collection[str]) -> str:
    """The configured department a quarantined job is released to."""
    department = folder.parent.name
    if department == UNKNOWN:
        try:
            department = str(json.loads((folder / "error.json").read_text("utf-8"))
                             .get("named_department", ""))
        except (OSError, ValueError, AttributeError):
            department = ""
    if department not in departments:
        raise YomitoriError(_(
            "job {job} belongs to no configured department; add its department to "
            "yomitori.toml first (its error.json names it, if it had a valid name)"
        ).format(job=folder.name))
    return department


def _refusal_of(folder: Path) -> str | None:
    """Why the quarantined job in `folder` was refused; None when it was a scan that failed.

    A report that cannot be read counts as refused: release must be sure.
    """
    try:
        report = json.loads((folder / "error.json").read_text("utf-8"))
    except (OSError, ValueError):
        return N_("its error.json cannot be read")
    if not isinstance(report, dict):
        return N_("its error.json cannot be read")
    if report.get("refused"):
        return str(report["refused"])
    if str(report.get("reason", "")).startswith("refused"):  # reports written before `refused`
        return str(report["reason"]).split(".")[0].removeprefix("refused: ")
    return None
