"""Read a scan: decode every page, prepare it, recognise it, build the `Result`.

This is the OCR stage as a plain function (file in, `Result` out), used both by the OCR
consumer and by `yomitori ocr`; queues, spool and encryption live elsewhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from daemon.durable import sha256_file
from daemon.errors import InputError, InputTooLarge
from daemon.i18n import N_
from handlers.forms.page import read_form
from handlers.forms.template import FormTemplate
from handlers.ocr import result as r
from handlers.ocr.decode import Limits, Page, open_document
from handlers.ocr.directions import read_page
from handlers.ocr.engine import Engine
from handlers.ocr.preprocess import prepare

PageSink = Callable[[int, np.ndarray], None]
"""Receives each page image (1-based index, as decoded: grayscale H×W, or RGB H×W×3 for
a colour scan) while the scan is read."""


def read_scan(
    path: Path,
    engine: Engine,
    *,
    languages: str = "jpn",
    limits: Limits | None = None,
    job_id: str | None = None,
    department: str | None = None,
    on_page: PageSink | None = None,
    time_limit: float | None = None,
    templates: Sequence[FormTemplate] = (),
    expected_sha256: str | None = None,
) -> r.Result:
    """Recognise every page of the scan at `path`; pages are decoded one at a time.

    `time_limit` (seconds) stops a job between pages once it has run that long. Each page
    is tried against `templates` (form templates) first; a page that matches one gets
    `form`, and its text is made from its fields without preprocessing or full-page OCR
    (about 0.5 s instead of several seconds), unless the template asks for the full page
    text (`page_text = "full"`). `timings["forms"]` holds the seconds spent aligning pages
    to templates and reading fields. `expected_sha256` (a claim's manifest) is checked
    before anything is decoded.
    """
    timings = {"decode": 0.0, "preprocess": 0.0, "ocr": 0.0, "forms": 0.0}
    started = time.monotonic()
    sha256, size = sha256_file(path)
    if expected_sha256 is not None and sha256 != expected_sha256:
        raise InputError(N_(
            "the claimed scan changed in the spool after it was claimed "
            "(its SHA-256 no longer matches job.json); check who can write to the spool"
        ))
    pages: list[r.PageResult] = []
    clock = time.perf_counter()
    with open_document(path, limits or Limits()) as document:
        media_type = document.media_type
        for page in document.pages():
            if time_limit is not None and time.monotonic() - started > time_limit:
                raise InputTooLarge(N_(
                    "the scan took longer than {seconds} s to read (stopped at page {page} of "
                    "{pages}); split it into smaller scans, or raise ocr.job_timeout_seconds"
                ).format(seconds=f"{time_limit:.0f}", page=page.index, pages=document.page_count))
            timings["decode"] += time.perf_counter() - clock
            if on_page is not None:  # the reviewer sees the page as scanned, colour and all
                on_page(page.index, page.image if page.colour is None else page.colour)
            pages.append(_read_page(page, engine, languages, templates, timings))
            clock = time.perf_counter()
    timings["decode"] += time.perf_counter() - clock
    return r.Result(
        job_id=job_id,
        department=department,
        source=r.Source(sha256=sha256, bytes=size, pages=len(pages), media_type=media_type),
        pages=pages,
        text="\n\f\n".join(p.text for p in pages),
        timings={k: round(v, 3) for k, v in timings.items()},
        engine=r.Engine(name=engine.name, languages=languages),
    )


def _read_page(
    page: Page,
    engine: Engine,
    languages: str,
    templates: Sequence[FormTemplate],
    timings: dict[str, float],
) -> r.PageResult:
    """One page: as a form when it matches a template, else as full text; adds the seconds
    each stage took to `timings`."""
    started = time.perf_counter()
    form = read_form(page.image, page.dpi, templates, engine) if templates else None
    timings["forms"] += time.perf_counter() - started
    if form is not None and form.template.page_text == "fields":
        # The alignment has taken up the page's turn and tilt: no preprocessing to do.
        rotation, skew = form.turn
        return r.PageResult(
            index=page.index,
            text=form.text,
            confidence=round(form.confidence, 4),
            rotation=rotation,
            skew=round(skew, 2),
            form=form.result,
        )
    started = time.perf_counter()
    prepared = prepare(page.image, page.dpi, engine=engine, languages=languages,
                       colour=page.colour)
    now = time.perf_counter()
    timings["preprocess"] += now - started
    page_reading = read_page(prepared.image, prepared.dpi, engine, languages,
                             prepared.direction, prepared.blocks, fax=page.fax)
    reading = page_reading.recognition
    timings["ocr"] += time.perf_counter() - now
    return r.PageResult(
        direction=page_reading.direction,
        blocks=[r.BlockResult(box=b.box, direction=b.direction) for b in page_reading.blocks],
        colour_dropout=prepared.dropout == "achromatic",
        index=page.index,
        text=reading.text,
        confidence=round(reading.confidence, 4),
        rotation=prepared.rotation,
        skew=round(prepared.skew, 2),
        form=form.result if form is not None else None,
        words=[
            r.WordResult(text=w.text, confidence=round(w.confidence, 4), box=w.box)
            for w in reading.words
        ],
    )
