"""The local certificate authority for terminals (電子証明書): issue, list and revoke the
client certificates that let a PC reach the review station.

The CA lives in one folder (`review.terminals`, root's): `ca.key` (0600), `ca.crt`,
`crl.pem` (the revocation list the station loads; rewritten on every revocation) and
`terminals.json` (what was issued, to which name, and what was revoked). A terminal's
name is its certificate's common name; the station writes it into every ledger event.
A ward with its own CA sets `review.client_ca` and `review.client_crl` to its files
instead and does not use this module.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from daemon import durable
from daemon.errors import YomitoriError

CA_KEY, CA_CERT, CRL, REGISTRY = "ca.key", "ca.crt", "crl.pem", "terminals.json"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
CA_DAYS = 3650
TERMINAL_DAYS = 825
SERVER_DAYS = 825
CRL_DAYS = CA_DAYS
"""The CRL is valid as long as the CA: an expired CRL would lock every terminal out."""


@dataclass(frozen=True)
class Terminal:
    name: str
    serial: int
    issued_at: str
    not_after: str
    revoked_at: str | None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def create_ca(folder: Path, title: str = "Yomitori terminals CA") -> Path:
    """Make the CA in `folder` (0700) unless it is there; returns `ca.crt`."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if (folder / CA_CERT).exists():
        return folder / CA_CERT
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, title)])
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    if not durable.create_exclusive(folder / CA_KEY, _pem_key(key), 0o600):
        raise YomitoriError(f"{folder / CA_KEY} exists without {CA_CERT}; move it away first")
    durable.write_atomic(folder / CA_CERT, cert.public_bytes(serialization.Encoding.PEM), 0o644)
    _write_registry(folder, [])
    write_crl(folder)
    return folder / CA_CERT


def _ca(folder: Path) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    try:
        cert = x509.load_pem_x509_certificate((folder / CA_CERT).read_bytes())
        key = serialization.load_pem_private_key((folder / CA_KEY).read_bytes(), None)
    except FileNotFoundError:
        raise YomitoriError(
            f"no terminal CA in {folder}; `yomitori init` makes one, or set review.terminals "
            "to the folder that holds ca.crt and ca.key"
        ) from None
    except PermissionError:
        raise YomitoriError(
            f"cannot read the terminal CA's key in {folder}; run this command as root"
        ) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise YomitoriError(f"{folder / CA_KEY} is not the CA's EC key")
    return cert, key


def terminals(folder: Path) -> list[Terminal]:
    """Every certificate issued, oldest first."""
    try:
        data = json.loads((folder / REGISTRY).read_text("utf-8"))
    except FileNotFoundError:
        return []
    return [Terminal(**entry) for entry in data["terminals"]]


def _write_registry(folder: Path, entries: list[Terminal]) -> None:
    data = {"terminals": [entry.__dict__ for entry in entries]}
    durable.write_atomic(
        folder / REGISTRY, json.dumps(data, ensure_ascii=False, indent=2).encode(), 0o644
    )


def issue(folder: Path, name: str, password: str, days: int = TERMINAL_DAYS) -> bytes:
    """A new client certificate for terminal `name`, as a PKCS#12 file protected by
    `password` (key, certificate and the CA's certificate)."""
    if not NAME.match(name):
        raise YomitoriError(
            f"{name!r} is not a valid terminal name: letters, digits, '.', '_' or '-', "
            "at most 64 characters (for example kodomo-pc01)"
        )
    known = terminals(folder)
    if any(t.name == name and t.revoked_at is None for t in known):
        raise YomitoriError(
            f"terminal {name} already has a certificate; revoke it first "
            f"(`yomitori terminals revoke {name}`) to issue a new one"
        )
    ca_cert, ca_key = _ca(folder)
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    serial = x509.random_serial_number()
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    bundle = pkcs12.serialize_key_and_certificates(
        name.encode(), key, cert, [ca_cert],
        serialization.BestAvailableEncryption(password.encode("utf-8")),
    )
    entry = Terminal(name, serial, _stamp(now), _stamp(cert.not_valid_after_utc), None)
    _write_registry(folder, [*known, entry])
    return bundle


def revoke(folder: Path, name: str) -> Terminal:
    """Revoke terminal `name`'s live certificate and rewrite the CRL."""
    known = terminals(folder)
    live = [t for t in known if t.name == name and t.revoked_at is None]
    if not live:
        raise YomitoriError(
            f"no live certificate for terminal {name}; see `yomitori terminals list`"
        )
    when = _stamp(_now())
    updated = [
        Terminal(t.name, t.serial, t.issued_at, t.not_after, when) if t in live else t
        for t in known
    ]
    _write_registry(folder, updated)
    write_crl(folder)
    return updated[known.index(live[0])]


def write_crl(folder: Path) -> Path:
    """Sign and write the CRL of every revoked certificate."""
    ca_cert, ca_key = _ca(folder)
    now = _now()
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(now - dt.timedelta(minutes=5))
        .next_update(now + dt.timedelta(days=CRL_DAYS))
    )
    for t in terminals(folder):
        if t.revoked_at is not None:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(t.serial)
                .revocation_date(dt.datetime.fromisoformat(t.revoked_at.replace("Z", "+00:00")))
                .build()
            )
    crl = builder.sign(ca_key, hashes.SHA256())
    path = folder / CRL
    durable.write_atomic(path, crl.public_bytes(serialization.Encoding.PEM), 0o644)
    return path


def server_certificate(folder: Path, hosts: list[str], cert_path: Path, key_path: Path) -> None:
    """A TLS server certificate for `hosts` (names or IP addresses), signed by the CA."""
    ca_cert, ca_key = _ca(folder)
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=SERVER_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    if not durable.create_exclusive(key_path, _pem_key(key), 0o600):
        raise YomitoriError(f"{key_path} exists; remove it to make a new server certificate")
    durable.write_atomic(cert_path, cert.public_bytes(serialization.Encoding.PEM), 0o644)


def new_password() -> str:
    """A PKCS#12 password to read out or type: 4 groups of 5 letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))
