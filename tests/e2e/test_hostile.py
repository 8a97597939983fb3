"""Hostile files dropped into a running service: it stays up, delivers the good scans,
quarantines the bad with readable reasons, changes nothing outside its folders, and the
ledger verifies. File names and text never leave the job."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import urllib.request
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pdf_bombs
import pypdfium2 as pdfium
import pytest
from helpers import (
    ROOT,
    Deployment,
    ProcessTreeWatch,
    Samples,
    assert_accounted,
    ledger_records,
    open_with_age,
    settled,
    sha256,
    systemd_bytes,
    wait_for,
)

from scripts.ports import free_port

UNITS = ROOT / "packaging" / "systemd"


def png_bomb(path: Path, side: int = 60000) -> None:
    """A valid PNG header for side x side pixels, with a small compressed stream of zeros."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" * (side // 8 + 1)
    stream = zlib.compressobj(9)
    data = b"".join(stream.compress(row) for _ in range(2000)) + stream.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def many_page_pdf(path: Path, pages: int = 3000) -> None:
    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    document.save(str(path))
    document.close()


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


GROW_SLOWLY = """
import sys, time
source, target, pieces, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
data = open(source, "rb").read()
step = len(data) // pieces + 1
with open(target, "wb") as fh:
    for i in range(0, len(data), step):
        fh.write(data[i : i + step])
        fh.flush()
        time.sleep(pause)
"""


def grow_slowly(source: Path, target: Path, pieces: int, pause: float) -> subprocess.Popen[bytes]:
    """Write `source` to `target` in `pieces`, `pause` seconds apart, like a very slow
    network scanner. In a process of its own: the test making bombs beside it holds the
    GIL long enough to stall a thread past the stability wait."""
    return subprocess.Popen(
        [sys.executable, "-c", GROW_SLOWLY, str(source), str(target), str(pieces), str(pause)]
    )


@pytest.mark.parametrize("deployment", ["embedded"], indirect=True)
def test_hostile_files_do_not_hurt_the_service(
    deployment: Deployment, samples: Samples, tmp_path: Path
) -> None:
    folder, _ = samples
    dep = deployment
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "shadow"
    secret.write_text("root:do-not-touch\n")
    other_name = outside / "original.png"
    shutil.copyfile(folder / "notice.png", other_name)
    before = snapshot(outside)
    port = free_port()
    dep.env["YOMITORI_METRICS__LISTEN"] = f"127.0.0.1:{port}"
    # The growing file's scanner pauses a fifth of the stability wait between its 100
    # pieces: time scaled down from a 2 s wait and a 60 s scan, as the same rule holds,
    # leaving 0.8 s for a loaded machine to delay a piece.
    stable = 1.0
    dep.env["YOMITORI_INTAKE__STABLE_SECONDS"] = str(stable)
    service = dep.start()

    hot = dep.hot("kodomo")
    grower = grow_slowly(folder / "notice.jpg", hot / "growing.jpg", 100, stable / 5)
    (hot / "link-out.png").symlink_to(secret)
    os.link(other_name, hot / "hard.png")
    os.mkfifo(hot / "pipe.png")
    (hot / "fake.jpg").write_text("this is not a picture\n")
    (hot / "empty.pdf").write_bytes(b"")
    for name in ("notice.jpg", "notice.png", "notice.pdf"):
        data = (folder / name).read_bytes()
        (hot / f"cut-{name}").write_bytes(data[: len(data) * 2 // 3])
    png_bomb(hot / "bomb.png")
    many_page_pdf(hot / "thousands.pdf")
    good = {
        "png named pdf": (folder / "notice.png", hot / "actually-png.pdf"),
        "shift_jis name": (folder / "notice.bmp", None),
        "newline name": (folder / "notice.png", hot / "scan\nname.png"),
        "long name": (folder / "two-page.tif", hot / ("長" * 80 + ".tif")),
    }
    for source, target in good.values():
        if target is not None:
            shutil.copyfile(source, target)
    sjis = os.fsencode(hot) + b"/" + "山田太郎.bmp".encode("cp932")
    with open(sjis, "wb") as fh:
        fh.write((folder / "notice.bmp").read_bytes())

    refused = 3  # symlink, hard link, FIFO
    broken = 7  # fake, empty, three cut files, bomb, thousands of pages
    delivered_expected = len(good) + 1  # + the growing file
    assert grower.wait(120) == 0, "the growing file was not finished"
    wait_for(
        lambda: settled(dep, delivered_expected + refused + broken), 240, "every file to settle"
    )
    assert service.poll() is None, "the service died"

    reports = {
        p.parent.name: json.loads(p.read_text("utf-8"))
        for p in dep.quarantine.glob("kodomo/*/error.json")
    }
    reasons = [r["reason"] for r in reports.values()]
    for expected in (
        "symbolic link",
        "hard link",
        "named pipe",
        "not a JPEG, PNG, TIFF, PDF or BMP",
        "empty",
        "incomplete PDF",
        "pixels",
        "more pages than the limit",
    ):
        assert any(expected in reason for reason in reasons), (expected, reasons)
    # Every sound scan was delivered, once.
    digests = {sha256(src) for src, _ in good.values()} | {sha256(folder / "notice.jpg")}
    delivered = {
        json.loads(open_with_age(b, dep.key("kodomo")).read("result.json"))["source"]["sha256"]
        for b in dep.bundles("kodomo")
    }
    assert digests <= delivered
    # Nothing outside the configured folders changed; links were never followed.
    assert snapshot(outside) == before
    assert secret.read_text() == "root:do-not-touch\n"
    assert other_name.read_bytes() == (folder / "notice.png").read_bytes()
    assert not any(dep.hot("kodomo").iterdir())

    verify = dep.cli("ledger", "verify", "-c", str(dep.config), check=False)
    assert verify.returncode == 0, verify.stderr
    # No file name, nor the text of a page, leaves the job.
    metrics_text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics").read().decode()
    ledger_text = json.dumps(ledger_records(dep), ensure_ascii=False)
    outbox_names = " ".join(p.name for p in dep.outbox("kodomo").iterdir())
    month = datetime.now(timezone(timedelta(hours=9))).strftime("%Y-%m")
    config = ["-c", str(dep.config)]
    documents = [
        dep.cli("report", *config, "--month", month, "--format", fmt).stdout
        for fmt in ("csv", "html")
    ] + [
        dep.cli("ledger", "certificate", *config, "--department", "kodomo", "--month", month).stdout
    ]
    assert "kodomo" in documents[0] and "data-bar=" in documents[1] and "削除証明書" in documents[2]
    quarantine_names = " ".join(str(p) for p in dep.quarantine.rglob("*"))
    for where, text in [
        ("logs", dep.log_text()),
        ("metrics", metrics_text),
        ("ledger", ledger_text),
        ("outbox names", outbox_names),
        ("report and certificate", "\n".join(documents)),
        ("quarantine", quarantine_names + json.dumps(reports, ensure_ascii=False)),
    ]:
        for secret_word in (
            "山田",
            "growing",
            "actually-png",
            "長長長",
            "scan\nname",
            "link-out",
            "乳幼児健康診査",
            "shadow",
        ):
            assert secret_word not in text, (where, secret_word)


def unit_setting(unit: str, key: str) -> str:
    """The value of `key=` in one of the shipped units."""
    [value] = [line.split("=", 1)[1].strip() for line in (UNITS / unit).read_text().splitlines()
               if line.startswith(f"{key}=")]
    return value


@pytest.mark.parametrize("deployment", ["embedded"], indirect=True)
def test_pdf_bombs_are_quarantined_while_good_scans_keep_coming(
    deployment: Deployment, samples: Samples
) -> None:
    """Four PDF bombs, every one with a good scan beside it: each bomb is quarantined with
    its reason, each good scan delivered, and the service's whole process tree stays within
    the OCR unit's MemoryMax and TasksMax."""
    folder, _ = samples
    dep = deployment
    dep.env["YOMITORI_OCR__DECODE_SECONDS"] = "10"  # the default is 30; this keeps it short
    # Which bound stops the first two first depends on how busy the machine is.
    either = ("needed more than 1024 MiB of memory", "took longer than 10 s")
    bombs = [
        (pdf_bombs.nested_forms(), either),
        (pdf_bombs.huge_image(), either),
        (pdf_bombs.huge_image(side=8000, draws=200), ("took longer than 10 s",)),
        (pdf_bombs.deep_page_tree(), ("the file is damaged",)),
    ]
    goods = [folder / name for name in ("notice.pdf", "notice.png", "two-page.tif",
                                        "notice.jpg")]
    sources: dict[str, str] = {}
    service = dep.start()
    hot = dep.hot("kodomo")
    with ProcessTreeWatch(service.pid) as watch:
        for wave, ((data, _), good) in enumerate(zip(bombs, goods, strict=True), start=1):
            assert len(data) < 300_000
            (hot / f"bomb-{wave}.pdf").write_bytes(data)
            dep.drop(good, "kodomo", f"good-{wave}{good.suffix}")
            sources[hashlib.sha256(data).hexdigest()] = "kodomo"
            sources[sha256(good)] = "kodomo"
            wait_for(
                lambda wave=wave: len(dep.bundles("kodomo")) == wave  # type: ignore[misc]
                and len(list(dep.quarantine.glob("kodomo/*/error.json"))) == wave,
                240, f"the good scan and the bomb of wave {wave} to settle",
            )
            assert service.poll() is None, "the service died"
    assert_accounted(dep, sources)
    reasons = {
        report["source"]["sha256"]: report["reason"]
        for report in (json.loads(p.read_text("utf-8"))
                       for p in dep.quarantine.glob("kodomo/*/error.json"))
    }
    for data, expected in bombs:
        reason = reasons[hashlib.sha256(data).hexdigest()]
        assert any(e in reason for e in expected) and "scan the paper again" in reason, reason
    memory_max = systemd_bytes(unit_setting("yomitori-ocr@.service", "MemoryMax"))
    tasks_max = int(unit_setting("yomitori-ocr@.service", "TasksMax"))
    print(f"peak {watch.peak_bytes / 2**20:.0f} MiB in {watch.peak_tasks} tasks, "
          f"{watch.most_processes} processes")
    assert watch.most_processes >= 3, "the service, its fork server and a decoding child"
    assert watch.peak_bytes < memory_max
    assert watch.peak_tasks <= tasks_max
