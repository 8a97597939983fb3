"""What verifying the ledger costs: the whole ledger, and the janitor's start after its mark.

    python -m benchmarks.ledger_verify                 # 100,000 lines, about a minute
    python -m benchmarks.ledger_verify --lines 20000

A ledger of `--lines` receipts (claimed, delivered, wiped in turn, the shape the janitor
writes) is made in a temporary folder and signed with one key. Then, timed in this run:

- `full`: `yomitori ledger verify`'s work, every line against the pinned key;
- `start, no mark`: the janitor's start on a ledger it has never verified (the same work);
- `start, mark`: the janitor's start with its verified mark `--after` lines before the
  head (a day's work, say), which verifies only those lines.

Times are seconds of wall clock on whatever else the machine does; compare them within
one run.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import sys
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def make_ledger(directory: Path, key: Ed25519PrivateKey, lines: int) -> None:
    """Write `lines` signed, chained receipts into one month file (no fsync per line)."""
    from daemon.ledger.format import GENESIS, canonical
    from daemon.ledger.signing import PUBLIC_KEY_NAME, public_pem

    directory.mkdir(parents=True)
    (directory / PUBLIC_KEY_NAME).write_bytes(public_pem(key.public_key()))
    prev = GENESIS
    events = ("claimed", "delivered", "wiped")
    with (directory / "2026-11.jsonl").open("wb") as fh:
        for seq in range(1, lines + 1):
            line = {
                "seq": seq,
                "time": f"2026-11-26T07:{seq // 6000 % 60:02d}:{seq // 100 % 60:02d}.000000Z",
                "event": events[seq % 3],
                "job_id": f"20261126T071016Z-{seq // 3:012x}",
                "department": "kodomo",
                "host": "scan-01",
                "subject": {"sha256": hashlib.sha256(str(seq).encode()).hexdigest(),
                            "bytes": 120_000 + seq},
                "role": "janitor",
                "prev": prev,
            }
            line["sig"] = base64.b64encode(key.sign(canonical(line))).decode()
            raw = canonical(line)
            prev = hashlib.sha256(raw).hexdigest()
            fh.write(raw + b"\n")


def timed(work: object) -> float:
    assert callable(work)
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    from daemon.ledger import mark
    from daemon.ledger.reader import lines
    from daemon.ledger.signing import fingerprint
    from daemon.ledger.verify import Chain, verify
    from daemon.ledger.writer import Ledger

    parser = argparse.ArgumentParser(prog="python -m benchmarks.ledger_verify")
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--after", type=int, default=1_000,
                        help="lines after the janitor's mark")
    args = parser.parse_args(argv)
    key = Ed25519PrivateKey.generate()
    pins = [fingerprint(key.public_key())]
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "ledger"
        made = timed(lambda: make_ledger(directory, key, args.lines))
        results: dict[str, float] = {}
        result = verify(directory, pins)
        assert result.ok and result.lines == args.lines, result.first_bad
        results["full"] = timed(lambda: verify(directory, pins))
        results["start, no mark"] = timed(lambda: Ledger(directory, key, pins=pins).check())
        # A mark `--after` lines before the head, as the janitor's previous start left it.
        chain = Chain.start(directory, pins, [key.public_key()])
        stop = args.lines - args.after
        for line in lines(directory):
            if chain.seq == stop:
                break
            chain.advance(line)
        mark.save(directory, chain, key)
        janitor = Ledger(directory, key, pins=pins)
        results["start, mark"] = timed(janitor.check)
    size = args.lines
    print(f"ledger of {size:,} lines made in {made:.1f} s")
    print("| what | seconds | lines verified | µs per line |")
    print("|---|---:|---:|---:|")
    for name, seconds in results.items():
        count = args.after if name == "start, mark" else size
        print(f"| {name} | {seconds:.2f} | {count:,} | {seconds / count * 1e6:.0f} |")
    print(f"start with a mark / full verify: {results['start, mark'] / results['full']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
