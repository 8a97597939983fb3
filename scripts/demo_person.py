"""The demo's person at the review station (`make demo`).

`python -m scripts.demo_person enrol DIR` enrols the person `demo` that `make demo` added
(DIR/review/demo-enrolment-link) over HTTPS, as the enrolment page would: a new age
identity wrapped with a passphrase made here, and the TOTP authenticator. It writes the
passphrase and the authenticator's secret to DIR/review/demo-account.json (0600) and
prints them. `python -m scripts.demo_person code DIR` prints the code to log in with now.

A real person enrols in the browser with the one-time link; this is for the demo only.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import time
from pathlib import Path

from scripts.review_station import Person, Terminal, enrol, tls_context

NAME = "demo"
ACCOUNT = "demo-account.json"


def make_passphrase() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "sakura-" + "-".join(
        "".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3)
    )


def enrol_demo(folder: Path) -> Person:
    review = folder / "review"
    link = (review / "demo-enrolment-link").read_text("utf-8").strip()
    base, _, token = link.partition("/enrol/")
    port = base.rpartition(":")[2]
    terminal = Terminal(
        "demo-terminal", review / "demo-terminal.p12",
        (review / "demo-terminal.password").read_text("utf-8").strip(),
    )
    person = Person(NAME, "kodomo", "reviewer", passphrase=make_passphrase())
    # The server certificate names 127.0.0.1 too; "localhost" may resolve to ::1 first.
    enrol(f"https://127.0.0.1:{port}", tls_context(review / "terminals" / "ca.crt", terminal),
          token, person)
    account = {"name": person.name, "passphrase": person.passphrase,
               "totp_secret": person.totp_secret, "enrolled_step": person.last_step}
    fd = os.open(review / ACCOUNT, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(account, fh)
    return person


def account(folder: Path) -> Person:
    data = json.loads((folder / "review" / ACCOUNT).read_text("utf-8"))
    return Person(data["name"], "kodomo", "reviewer", data["totp_secret"], data["passphrase"],
                  last_step=data.get("enrolled_step", 0))


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("enrol", "code"):
        print("usage: python -m scripts.demo_person enrol|code DIR", file=sys.stderr)
        return 2
    folder = Path(argv[1])
    if argv[0] == "code":
        person = account(folder)
        # The enrolment used this time step's code, and a code works once: wait for the next.
        while int(time.time() // 30) <= person.last_step:
            time.sleep(0.5)
        left = 30 - int(time.time()) % 30
        print(f"{person.code()}  (valid for {left} more seconds; each code works once)")
        return 0
    person = enrol_demo(folder)
    print(f"user name: {person.name}")
    print(f"passphrase: {person.passphrase}")
    print(f"authenticator secret (TOTP, SHA-1, 6 digits, 30 s): {person.totp_secret}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
