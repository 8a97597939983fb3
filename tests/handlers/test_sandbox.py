"""Tests for handlers.ocr.sandbox: pages come from a bounded child one at a time, and a
child that takes too much memory or time, crashes or lies is stopped with a reason."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import numpy as np
import pdf_bombs
import pytest
import sandbox_openers as openers
from PIL import Image

from daemon.errors import InputTooLarge, UnsupportedInput
from handlers.ocr import forkserver, sandbox
from handlers.ocr.decode import ImageDocument, IsolatedDocument, Limits, open_document
from handlers.ocr.sandbox import Bounds, Sandboxed

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BOUNDS = Bounds(memory_bytes=512 * 2**20, seconds=5)


@pytest.fixture(autouse=True)
def openers_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fork server of `sandbox_openers` imports it by name: put its folder on its path."""
    path = os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")]))
    monkeypatch.setenv("PYTHONPATH", path)


@pytest.fixture
def log(tmp_path: Path) -> Path:
    """The file the test documents log each page they make to."""
    path = tmp_path / "made.log"
    path.touch()
    return path


def sandboxed(opener: Any, log: Path, argument: object, bounds: Bounds = BOUNDS) -> Sandboxed:
    return Sandboxed(opener, log, argument, bounds, max_pixels=1_000_000)


def read_all(opener: Any, log: Path, argument: object, bounds: Bounds = BOUNDS) -> list[int]:
    with closing(sandboxed(opener, log, argument, bounds)) as document:
        return [index for index, _, _, _, _ in document.pages()]


def children_of(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def server(module: str = "sandbox_openers") -> subprocess.Popen[bytes]:
    process = forkserver.server_process(sandbox.CHILD, (module,))
    assert process is not None, "no fork server"
    return process


def server_pid(module: str = "sandbox_openers") -> int:
    return server(module).pid


def wait_until(check: Any, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux gives KiB


def test_pages_come_one_at_a_time_and_none_is_decoded_ahead(log: Path) -> None:
    with closing(sandboxed(openers.counted, log, 3)) as document:
        assert (document.media_type, document.page_count) == ("image/x-test", 3)
        seen = []
        for index, image, dpi, _, fax in document.pages():
            assert log.read_text().split() == [str(i) for i in range(1, index + 1)]
            assert image.shape == (20, 30) and image.dtype == np.uint8 and dpi == 300.0
            assert not fax
            assert (image == index).all() and image.flags.writeable
            seen.append(index)
    assert seen == [1, 2, 3]


def test_one_fork_server_makes_a_child_per_document(log: Path) -> None:
    read_all(openers.counted, log, 1)
    server = server_pid()
    for _ in range(3):
        # The last document's child exits once closed; the server reaps it in its own time.
        wait_until(lambda: children_of(server) == [])
        with closing(sandboxed(openers.counted, log, 2)) as document:
            pages = document.pages()
            next(pages)
            [child] = children_of(server)  # a fresh fork for this document
            assert child != server
            list(pages)
    assert server_pid() == server
    wait_until(lambda: children_of(server) == [])


def test_a_fork_server_that_died_is_started_again(log: Path) -> None:
    read_all(openers.counted, log, 1)
    old = server()
    old.kill()
    old.wait()
    assert read_all(openers.counted, log, 2) == [1, 2]
    assert server_pid() != old.pid


def test_closing_a_document_early_ends_its_child(log: Path) -> None:
    document = sandboxed(openers.counted, log, 3)
    next(document.pages())
    assert children_of(server_pid())
    document.close()
    wait_until(lambda: children_of(server_pid()) == [])


def test_memory_over_the_bound_stops_the_child_not_this_process(log: Path) -> None:
    before = peak_rss_bytes()
    with pytest.raises(InputTooLarge, match="needed more than 512 MiB of memory"):
        read_all(openers.hungry, log, 2 * 2**30)
    assert peak_rss_bytes() - before < 100 * 2**20


def test_a_late_page_is_killed_after_the_wall_clock_bound(log: Path) -> None:
    started = time.monotonic()
    with pytest.raises(InputTooLarge, match=r"page 1 of the scan took longer than 1 s") as caught:
        read_all(openers.stuck, log, 600, Bounds(seconds=1))
    assert time.monotonic() - started < 15
    assert "ocr.decode_seconds" in str(caught.value)
    wait_until(lambda: children_of(server_pid()) == [])


def test_a_child_ended_by_the_cpu_limit_is_reported_as_such(log: Path) -> None:
    with closing(sandboxed(openers.signalled, log, int(signal.SIGXCPU))) as document:
        pages = document.pages()
        assert next(pages)[0] == 1
        with pytest.raises(InputTooLarge, match="page 2 of the scan used more than 5 s of proc"):
            next(pages)


def test_the_cpu_limit_ends_a_spinning_child() -> None:
    """What the child sets before each page: `seconds` more CPU time, then SIGXCPU."""
    done = subprocess.run(
        [sys.executable, "-c",
         "from handlers.ocr.sandbox_child import _allow_cpu\n_allow_cpu(1)\nwhile True: pass"],
        cwd=ROOT, timeout=120, check=False,
    )
    assert done.returncode == -signal.SIGXCPU


def test_the_childs_cpu_time_is_told_until_it_ends(log: Path) -> None:
    """Benchmarks count the CPU a page's decoding took in the child with their own."""
    document = sandboxed(openers.busy, log, 0.3)
    with closing(document):
        before = document.cpu_seconds()
        list(document.pages())
        assert document.cpu_seconds() - before >= 0.25
    assert document.cpu_seconds() == 0.0  # ended


def test_a_crash_is_reported_with_its_signal(log: Path) -> None:
    with pytest.raises(InputTooLarge, match=r"opening the scan needed more .* \(signal SIGSEGV\)"):
        read_all(openers.aborting, log, None)


@pytest.mark.parametrize("how", ["index", "pixels"])
def test_a_child_that_sends_another_page_is_stopped(log: Path, how: str) -> None:
    with pytest.raises(UnsupportedInput, match="an answer that makes no sense"):
        read_all(openers.lying, log, how)


def test_refusals_keep_their_kind_and_message(log: Path) -> None:
    with pytest.raises(UnsupportedInput) as caught:
        read_all(openers.refusing, log, "the scan is a PDF without pages; rescan it")
    assert str(caught.value) == "the scan is a PDF without pages; rescan it"


def test_an_unexpected_error_in_the_child_is_a_damaged_file(log: Path) -> None:
    with pytest.raises(UnsupportedInput, match=r"page 1 of the scan failed \(KeyError\)"):
        read_all(openers.broken, log, None)


def pdf_bomb(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(data)
    return path


def test_nested_form_bomb_is_stopped_by_the_memory_bound(tmp_path: Path) -> None:
    path = pdf_bomb(tmp_path, pdf_bombs.nested_forms())
    assert path.stat().st_size < 10_000
    before = peak_rss_bytes()
    limits = Limits(bounds=Bounds(memory_bytes=512 * 2**20, seconds=120))
    with (pytest.raises(InputTooLarge, match="page 1 of the scan needed more than 512 MiB"),
          open_document(path, limits) as document):
        list(document.pages())
    assert peak_rss_bytes() - before < 100 * 2**20


def test_huge_image_bomb_is_stopped_by_the_memory_bound(tmp_path: Path) -> None:
    path = pdf_bomb(tmp_path, pdf_bombs.huge_image())
    assert path.stat().st_size < 10_000
    limits = Limits(bounds=Bounds(memory_bytes=512 * 2**20, seconds=120))
    with (pytest.raises(InputTooLarge, match="page 1 of the scan needed more than 512 MiB"),
          open_document(path, limits) as document):
        list(document.pages())


def test_slow_image_bomb_is_stopped_by_the_time_bound(tmp_path: Path) -> None:
    path = pdf_bomb(tmp_path, pdf_bombs.huge_image(side=8000, draws=200))
    with (pytest.raises(InputTooLarge, match="page 1 of the scan took longer than 3 s"),
          open_document(path, Limits(bounds=Bounds(seconds=3))) as document):
        list(document.pages())


def test_pages_near_the_memory_bound_are_whole_or_refused(tmp_path: Path) -> None:
    """PDFium leaves out an image it cannot allocate; the bound must never do that."""
    path = tmp_path / "colour.pdf"
    rng = np.random.default_rng(7)
    picture = Image.fromarray(rng.integers(0, 256, (3000, 2000, 3), dtype=np.uint8), "RGB")
    picture.save(path, "PDF", resolution=300.0)
    with open_document(path, Limits(bounds=None)) as document:
        [expected] = [page.image for page in document.pages()]
    outcomes = set()
    for mib in range(64, 513, 32):
        try:
            with open_document(path, Limits(bounds=Bounds(mib * 2**20, 60))) as document:
                [image] = [page.image for page in document.pages()]
            assert np.array_equal(image, expected), f"a different page under {mib} MiB"
            outcomes.add("whole")
        except InputTooLarge:
            outcomes.add("refused")
    assert outcomes == {"whole", "refused"}


def test_deep_page_tree_is_refused_as_damaged(tmp_path: Path) -> None:
    path = pdf_bomb(tmp_path, pdf_bombs.deep_page_tree())
    with (pytest.raises(UnsupportedInput, match="the file is damaged"),
          open_document(path) as document):
        list(document.pages())


def test_images_over_the_threshold_are_decoded_in_the_child(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    Image.new("L", (100, 80), 200).save(path)
    with open_document(path, Limits(isolate_pixels=8000)) as here:
        assert isinstance(here, ImageDocument)
        [near] = [page.image for page in here.pages()]
    with open_document(path, Limits(isolate_pixels=7999)) as there:
        assert isinstance(there, IsolatedDocument)
        [far] = [page.image for page in there.pages()]
    assert np.array_equal(near, far)


def test_threads_decode_at_the_same_time(samples: tuple[Path, Any]) -> None:
    folder, _ = samples
    scans = [folder / "notice.pdf", folder / "two-page.tif", folder / "notice.png"]

    def pages(path: Path, limits: Limits) -> list[np.ndarray]:
        with open_document(path, limits) as document:
            return [page.image for page in document.pages()]

    isolated = Limits(isolate_pixels=0)  # every format through the child
    expected = {path: pages(path, Limits(bounds=None)) for path in scans}
    failures: list[BaseException] = []

    def work() -> None:
        try:
            for path in scans * 2:
                got = pages(path, isolated)
                assert all(np.array_equal(a, b) for a, b in zip(got, expected[path], strict=True))
        except BaseException as exc:  # reported to the main thread
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


@pytest.fixture(autouse=True, scope="module")
def no_servers_left() -> Iterator[None]:
    yield
    forkserver.stop_servers()


def test_the_decoders_get_none_of_the_services_secrets_or_sockets(
    log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forkserver.stop_servers()  # a server started now gets this environment
    for name in ("CREDENTIALS_DIRECTORY", "NOTIFY_SOCKET", "YOMITORI_BROKER__URL"):
        monkeypatch.setenv(name, "/secret")
    read_all(openers.counted, log, 1)
    environ = Path(f"/proc/{server_pid()}/environ").read_bytes().split(b"\0")
    names = {entry.split(b"=", 1)[0].decode() for entry in environ if entry}
    assert not names & {"CREDENTIALS_DIRECTORY", "NOTIFY_SOCKET", "YOMITORI_BROKER__URL"}
    assert "PYTHONPATH" in names
