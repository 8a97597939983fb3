"""`yomitori init DIR`: a ready-to-run embedded deployment in one folder.

For trying Yomitori out: each department's age identity is made here and kept in
`DIR/keys/<dept>.key`. In production a department makes its own identity (`yomitori
keygen` or `age-keygen` on its own machine) and gives the server only the recipient.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pyrage

from daemon.durable import create_exclusive
from daemon.errors import ConfigError
from daemon.ledger.signing import fingerprint, load_or_create_signing_key

TITLES = {
    "kodomo": "子ども家庭支援課",
    "kokuho": "国保年金課",
    "kenko": "健康推進課",
    "kaigo": "介護保険課",
}


def identity_file(identity: pyrage.x25519.Identity) -> str:
    """An identity in age-keygen's file format."""
    created = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return f"# created: {created}\n# public key: {identity.to_public()}\n{identity}\n"


def write_private(path: Path, text: str) -> None:
    """Create a file only its owner can read; FileExistsError rather than overwrite."""
    if not create_exclusive(path, text.encode("utf-8"), 0o600):
        raise FileExistsError(path)


def toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


EXAMPLE_FORM = Path(__file__).resolve().parent / "examples" / "forms" / "checkup-18m.toml"
"""The example questionnaire, shipped inside the package (`init --example-form`)."""


REVIEW_LISTEN = "127.0.0.1:8443"
DEMO_TERMINAL = "demo-terminal"


def review_demo(folder: Path) -> tuple[str, list[str]]:
    """The review station's demo TLS: a local CA, a server certificate for localhost and
    one terminal certificate; returns the `[review]` section and what was made."""
    from daemon.review import terminals

    ca = folder / "terminals"
    terminals.create_ca(ca, "Yomitori demo CA")
    terminals.server_certificate(
        ca, ["localhost", "127.0.0.1", "::1"], folder / "server.crt", folder / "server.key"
    )
    password = terminals.new_password()
    write_private(folder / f"{DEMO_TERMINAL}.password", password + "\n")
    bundle = terminals.issue(ca, DEMO_TERMINAL, password)
    if not create_exclusive(folder / f"{DEMO_TERMINAL}.p12", bundle, 0o600):
        raise FileExistsError(folder / f"{DEMO_TERMINAL}.p12")
    section = f"""
[review]
listen = "{REVIEW_LISTEN}"
public_url = "https://localhost:{REVIEW_LISTEN.rpartition(":")[2]}"
tls_cert = {toml_string(str(folder / "server.crt"))}
tls_key = {toml_string(str(folder / "server.key"))}
client_ca = {toml_string(str(ca / terminals.CA_CERT))}
client_crl = {toml_string(str(ca / terminals.CRL))}
terminals = {toml_string(str(ca))}
store = {toml_string(str(folder / "store"))}
session_idle_minutes = 15
"""
    made = [
        f"review station: CA {ca / terminals.CA_CERT} (trust it in the browser), "
        f"server certificate {folder / 'server.crt'}",
        f"demo terminal certificate: {folder / (DEMO_TERMINAL + '.p12')} "
        f"(password in {folder / (DEMO_TERMINAL + '.password')})",
    ]
    return section, made


def init(root: Path, departments: list[str], example_form: bool = False) -> list[str]:
    """Create the deployment; returns what was made, one line each.

    `example_form` copies the shipped questionnaire template into `DIR/forms` and lets the
    first department read it.
    """
    root = root.resolve()
    config = root / "yomitori.toml"
    if config.exists():
        raise ConfigError([f"{config} already exists; choose an empty folder or remove it"])
    made: list[str] = []
    folders = {name: root / name for name in ("spool", "quarantine", "ledger", "forms", "keys")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    folders["keys"].chmod(0o700)
    for name, mode in (("spool", 0o700), ("quarantine", 0o750), ("ledger", 0o750)):
        folders[name].chmod(mode)  # scans and the ledger: not for other users
    made.append(f"folders: {', '.join(str(f) for f in folders.values())}")
    signing_key, _ = load_or_create_signing_key(folders["keys"] / "ledger-signing.key")
    pin = fingerprint(signing_key.public_key())
    made.append(f"ledger signing key: {folders['keys'] / 'ledger-signing.key'} ({pin}, pinned)")
    review_folder = root / "review"
    review_folder.mkdir(mode=0o700, exist_ok=True)
    review_section, review_made = review_demo(review_folder)
    made += review_made
    form_of_first: list[str] = []
    if example_form:
        if not EXAMPLE_FORM.is_file():
            raise ConfigError([f"{EXAMPLE_FORM}: the example form is missing; reinstall Yomitori"])
        for path in (EXAMPLE_FORM, EXAMPLE_FORM.with_suffix(".png")):
            shutil.copy(path, folders["forms"] / path.name)
        form_of_first = [EXAMPLE_FORM.stem]
        made.append(f"form template: {folders['forms'] / EXAMPLE_FORM.name}")
    sections = []
    for index, dept in enumerate(departments):
        forms = form_of_first if index == 0 else []
        hot, outbox = root / "scan" / dept, root / "outbox" / dept
        hot.mkdir(parents=True, exist_ok=True)
        hot.chmod(0o770)
        outbox.mkdir(parents=True, exist_ok=True)
        identity = pyrage.x25519.Identity.generate()
        key = folders["keys"] / f"{dept}.key"
        write_private(key, identity_file(identity))
        made.append(f"department {dept}: hot folder {hot}, outbox {outbox}, identity {key}")
        sections.append(
            f"""
[departments.{dept}]
title = {toml_string(TITLES.get(dept, dept))}
hot_folders = [{toml_string(str(hot))}]
outbox = {toml_string(str(outbox))}
recipients = [{toml_string(str(identity.to_public()))}]
forms = [{", ".join(toml_string(f) for f in forms)}]
csv_encoding = "utf-8-sig"
include_page_images = true
outbox_retention_days = 14
"""
        )
    config.write_text(
        f"""# Made by `yomitori init`: an embedded deployment for trying Yomitori out.
# See config/yomitori.example.toml in the source for every setting.

[broker]
url = "embedded"

[paths]
spool = {toml_string(str(folders["spool"]))}
quarantine = {toml_string(str(folders["quarantine"]))}
ledger = {toml_string(str(folders["ledger"]))}
signing_key = {toml_string(str(folders["keys"] / "ledger-signing.key"))}
forms = {toml_string(str(folders["forms"]))}

[ledger]
# The ledger key's fingerprint: verification trusts no key in the ledger folder that is not
# pinned here. After `yomitori ledger rotate-key`, add the new key's fingerprint after it.
fingerprints = [{toml_string(pin)}]

[metrics]
listen = "127.0.0.1:9464"

[intake]
stable_seconds = 2
rescan_seconds = 60

[ocr]
languages = "jpn"
workers = "auto"
"""
        + review_section
        + "".join(sections),
        encoding="utf-8",
    )
    made.append(f"configuration: {config}")
    return made
