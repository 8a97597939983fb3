"""What a busy month's deletion certificate costs: pages, bytes and time to print.

    python -m benchmarks.documents                 # 2,000 scans in a month
    python -m benchmarks.documents --scans 500

A ledger with `--scans` wiped sources in November 2026 is made in a temporary folder, and
the certificate of that month is issued and printed to PDF (WeasyPrint), as the
yomitori-documents timer does. Printed: the PDF's pages and size, the seconds of wall
clock and of this process's CPU for the HTML and the PDF. Wall time depends on whatever
else the machine does; CPU time less so.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def main(argv: list[str]) -> int:
    from daemon.documents.certificate import Heading, issue
    from daemon.documents.render import certificate_html, certificate_pdf, pdf
    from daemon.ledger.audit import audit
    from daemon.ledger.signing import fingerprint
    from daemon.ledger.writer import Ledger

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=2000)
    args = parser.parse_args(argv)
    key = Ed25519PrivateKey.generate()
    with tempfile.TemporaryDirectory() as folder:
        ledger = Ledger(Path(folder) / "ledger", key)
        start = datetime(2026, 10, 31, 15, 0, tzinfo=UTC)  # 1 November 00:00 JST
        for n in range(args.scans):
            ledger.append(
                "wiped", job_id=f"job{n:06d}", department="kodomo",
                now=start + timedelta(minutes=20 * n), method="overwritten once and unlinked",
                subject={"sha256": hashlib.sha256(str(n).encode()).hexdigest(), "bytes": 1000,
                         "pages": 2, "forms": {}},
            )  # fmt: skip
        state = audit(ledger.directory, [fingerprint(key.public_key())])
        signed = issue(state, "kodomo", "2026-11", key, title="子ども家庭支援課",
                       heading=Heading(issuer="桜川区長"), csv_name="kodomo-2026-11.csv")
        wall, cpu = time.perf_counter(), time.process_time()
        certificate_html.render(signed)
        html = (time.perf_counter() - wall, time.process_time() - cpu)
        wall, cpu = time.perf_counter(), time.process_time()
        data = certificate_pdf.render(signed)
        printed = (time.perf_counter() - wall, time.process_time() - cpu)
    print(f"{args.scans:,} scans: {pdf.pages(data)} pages, {len(data):,} bytes")
    print(f"HTML: {html[0]:.2f} s wall, {html[1]:.2f} s CPU")
    print(f"PDF:  {printed[0]:.1f} s wall, {printed[1]:.1f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
