"""Bundles: the results stream into age encryption of the outbox's temporary file, so
nothing readable reaches a disk; memory stays bounded however many pages a job has; a
bundle that cannot be finished leaves nothing behind."""

from __future__ import annotations

import io
import subprocess
import threading
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyrage
import pytest

from daemon.errors import InputError, OutboxUnavailable
from handlers.bundle import (
    BundleWriter,
    part_path,
    remove_stale_parts,
    write_bundle,
)

NAME = "20261126T000000Z-0123456789ab.age"
ZIP_MAGIC = b"PK\x03\x04"
AGE_MAGIC = b"age-encryption.org/v1"


@pytest.fixture
def identity() -> pyrage.x25519.Identity:
    return pyrage.x25519.Identity.generate()


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    folder = tmp_path / "outbox"
    folder.mkdir()
    return folder


@pytest.fixture
def tiny_outbox(tmp_path: Path) -> Iterator[Path]:
    """An outbox on its own 64 KiB tmpfs."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "yomitori-test", str(folder)],
                   check=True, timeout=30)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True, timeout=30)


def noise(side: int, seed: int) -> np.ndarray:
    """A grayscale page that PNG cannot compress (about side² bytes)."""
    return np.random.default_rng(seed).integers(0, 256, (side, side), dtype=np.uint8)


def decrypt(path: Path, identity: pyrage.x25519.Identity) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(pyrage.decrypt(path.read_bytes(), [identity])))


def test_the_results_stream_into_encryption_and_only_ciphertext_is_written(
    tmp_path: Path, outbox: Path, identity: pyrage.x25519.Identity
) -> None:
    recipient = str(identity.to_public())
    with BundleWriter(outbox, NAME, [recipient], worker="host-1") as bundle:
        for index in range(1, 4):
            bundle.add_page_image(index, noise(300, index))
            # While it is written: one hidden ciphertext file, named for its worker.
            [part] = list(outbox.iterdir())
            assert part == part_path(outbox, NAME, "host-1") == outbox / f".{NAME}.host-1.part"
        bundle.add_bytes("result.json", b'{"text": "\xe5\xb1\xb1\xe7\x94\xb0"}')
    assert [p.name for p in outbox.iterdir()] == [NAME]
    assert (outbox / NAME).read_bytes().startswith(AGE_MAGIC)
    for path in tmp_path.rglob("*"):
        assert not path.is_file() or ZIP_MAGIC not in path.read_bytes(), path
    archive = decrypt(outbox / NAME, identity)
    assert archive.namelist() == [
        "pages/0001.png", "pages/0002.png", "pages/0003.png", "result.json"
    ]
    assert archive.testzip() is None
    assert (outbox / NAME).stat().st_mode & 0o777 == 0o660  # the janitor, another user, expires it


def test_a_page_is_stored_as_it_was_handed_in_while_the_caller_goes_on(
    outbox: Path, identity: pyrage.x25519.Identity
) -> None:
    """The PNG is encoded on the bundle's own thread: the caller's array may change as soon
    as `add_page_image` returns, and the bundle still holds the page as it was."""
    import cv2

    page = noise(400, 7)
    kept = page.copy()
    with BundleWriter(outbox, NAME, [str(identity.to_public())]) as bundle:
        bundle.add_page_image(1, page)
        page[:] = 0  # the reader goes on with its own copy (preprocessing)
        bundle.add_bytes("text.txt", b"x")
    archive = decrypt(outbox / NAME, identity)
    assert archive.namelist() == ["pages/0001.png", "text.txt"]
    stored = cv2.imdecode(np.frombuffer(archive.read("pages/0001.png"), np.uint8),
                          cv2.IMREAD_UNCHANGED)
    assert stored is not None and np.array_equal(stored, kept)
    assert set(bundle.timings) == {"zip", "encrypt", "fsync"}
    assert all(seconds > 0 for seconds in bundle.timings.values()), bundle.timings
    assert all(not t.name.startswith("bundle-page") for t in threading.enumerate())


def test_memory_stays_bounded_whatever_the_number_of_pages(
    outbox: Path, identity: pyrage.x25519.Identity
) -> None:
    """Twenty pages of about 1 MB each pass through; the peak of Python allocations while
    writing stays near one page, far below the job's size."""
    pages = [noise(1000, seed) for seed in range(20)]
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        with BundleWriter(outbox, NAME, [str(identity.to_public())]) as bundle:
            for index, page in enumerate(pages, 1):
                bundle.add_page_image(index, page)
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()
    written = (outbox / NAME).stat().st_size
    assert written > 20_000_000
    assert peak < 5_000_000, f"peak {peak:,} bytes for a {written:,}-byte bundle"


def test_a_full_outbox_raises_outbox_unavailable_and_leaves_nothing(
    tiny_outbox: Path, identity: pyrage.x25519.Identity
) -> None:
    with pytest.raises(OutboxUnavailable, match="No space left on device"), BundleWriter(
        tiny_outbox, NAME, [str(identity.to_public())]
    ) as bundle:
        for index in range(1, 6):
            bundle.add_page_image(index, noise(200, index))  # 40 kB each
    assert list(tiny_outbox.iterdir()) == []
    assert all(t.name != "bundle-encrypt" for t in threading.enumerate())
    assert all(not t.name.startswith("bundle-page") for t in threading.enumerate())


def test_an_outbox_that_is_not_a_folder_raises_outbox_unavailable(
    tmp_path: Path, identity: pyrage.x25519.Identity
) -> None:
    not_a_folder = tmp_path / "outbox"
    not_a_folder.write_text("replaced by a file")
    with pytest.raises(OutboxUnavailable, match=f"cannot write to the outbox {not_a_folder}"):
        write_bundle(not_a_folder, NAME, [str(identity.to_public())], {"text.txt": b"x"})


def test_a_failure_while_reading_leaves_nothing_and_keeps_its_own_error(
    outbox: Path, identity: pyrage.x25519.Identity
) -> None:
    with pytest.raises(InputError, match="damaged"), BundleWriter(
        outbox, NAME, [str(identity.to_public())]
    ) as bundle:
        bundle.add_page_image(1, noise(300, 1))
        raise InputError("page 2 is damaged")
    assert list(outbox.iterdir()) == []


def test_a_redelivered_job_replaces_its_bundle_and_clears_a_dead_worker_s_part(
    outbox: Path, identity: pyrage.x25519.Identity
) -> None:
    recipient = [str(identity.to_public())]
    write_bundle(outbox, NAME, recipient, {"text.txt": b"first"})
    dead = part_path(outbox, NAME, "otherhost-99")
    dead.write_bytes(AGE_MAGIC + b" cut short")
    other_job = part_path(outbox, "20261126T000000Z-ffffffffffff.age", "otherhost-99")
    other_job.write_bytes(AGE_MAGIC)
    assert remove_stale_parts(outbox, NAME) == 1
    write_bundle(outbox, NAME, recipient, {"text.txt": b"second"})
    assert sorted(p.name for p in outbox.iterdir()) == sorted([NAME, other_job.name])
    assert decrypt(outbox / NAME, identity).read("text.txt") == b"second"


def test_a_colour_page_keeps_its_colours_in_the_bundle(
    outbox: Path, identity: pyrage.x25519.Identity
) -> None:
    """The reviewer sees a seal red and a stamp blue, as scanned (RGB in, RGB out)."""
    from PIL import Image

    page = np.full((40, 60, 3), 255, np.uint8)
    page[5:20, 5:20] = (210, 45, 40)  # a red seal
    page[20:35, 30:50] = (40, 70, 190)  # a blue stamp
    with BundleWriter(outbox, NAME, [str(identity.to_public())]) as bundle:
        bundle.add_page_image(1, page)
    with decrypt(outbox / NAME, identity).open("pages/0001.png") as png:
        shown = np.asarray(Image.open(png).convert("RGB"))
    assert np.array_equal(shown, page)
