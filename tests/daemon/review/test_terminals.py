"""Terminals: the `terminals` and `users` commands, and whose word names a terminal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from station_kit import Kit

from daemon.cli import main
from daemon.review import terminals
from daemon.review.visits import UNVERIFIED, terminal_of


def scope(cn: str, *headers: tuple[bytes, bytes]) -> dict[str, object]:
    return {"extensions": {"tls": {"client_cert_name": f"CN={cn},O=Ward"}},
            "headers": list(headers)}


def test_the_terminal_is_the_certificates_name_unless_a_trusted_proxy_says() -> None:
    spoofed = (b"x-client-terminal", b"kacho-pc")
    assert terminal_of(scope("kodomo-pc01", spoofed), True, ["nginx-proxy"]) == "kodomo-pc01"
    assert terminal_of(scope("nginx-proxy", spoofed), True, ["nginx-proxy"]) == "kacho-pc"
    assert terminal_of(scope("nginx-proxy"), True, ["nginx-proxy"]) is None
    assert terminal_of(scope("nginx-proxy", spoofed, spoofed), True, ["nginx-proxy"]) is None
    bad = (b"x-client-terminal", b"pc 01;rm")
    assert terminal_of(scope("nginx-proxy", bad), True, ["nginx-proxy"]) is None
    assert terminal_of(scope("kodomo-pc01"), False, []) == UNVERIFIED


def test_terminals_issue_list_and_revoke(kit: Kit, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    config = str(kit.root / "yomitori.toml")
    output = tmp_path / "pc01.p12"
    assert main(["terminals", "issue", "kodomo-pc01", "-o", str(output), "-c", config]) == 0
    password = re.search(r"PKCS#12 password: (\S+)", capsys.readouterr().out)
    assert password is not None and output.stat().st_mode & 0o777 == 0o600
    _, cert, _ = pkcs12.load_key_and_certificates(output.read_bytes(),
                                                      password.group(1).encode())
    assert cert is not None
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "kodomo-pc01"
    given = tmp_path / "password"
    given.write_text("correct horse battery\n")
    assert main(["terminals", "issue", "kodomo-pc02", "-o", str(tmp_path / "pc02.p12"),
                 "--password-file", str(given), "-c", config]) == 0
    assert "PKCS#12 password" not in capsys.readouterr().out
    assert main(["terminals", "issue", "kodomo-pc01", "-o", str(tmp_path / "again.p12"),
                 "-c", config]) == 1  # revoke first
    assert main(["terminals", "revoke", "kodomo-pc01", "-c", config]) == 0
    capsys.readouterr()
    assert main(["terminals", "list", "-c", config]) == 0
    listing = capsys.readouterr().out
    assert re.search(r"kodomo-pc01\s+revoked", listing)
    assert re.search(r"kodomo-pc02\s+valid", listing)
    revoked = {t.serial for t in terminals.terminals(kit.settings.review.terminals)
               if t.revoked_at}
    from cryptography import x509

    crl = x509.load_pem_x509_crl((kit.settings.review.terminals / terminals.CRL).read_bytes())
    assert {r.serial_number for r in crl} == revoked
    assert [r.event for r in kit.records() if r.event.startswith("terminal_")] == [
        "terminal_issued", "terminal_issued", "terminal_revoked"]


def test_users_add_prints_a_one_time_link(kit: Kit, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(kit.root / "yomitori.toml")
    assert main(["users", "add", "tanaka.h", "--department", "kodomo", "--role", "lead",
                 "-c", config]) == 0
    out = capsys.readouterr().out
    assert re.search(r"https://localhost:8443/enrol/[A-Za-z0-9_-]{40,}", out)
    assert main(["users", "add", "nobody", "--department", "nowhere", "-c", config]) == 2
    [event] = kit.records("review_person_added")
    assert (event["person"], event["by"], event["person_role"]) == ("tanaka.h", "operator", "lead")
    assert main(["users", "list", "-c", config]) == 0
    assert re.search(r"tanaka\.h\s+lead\s+kodomo\s+enrolling", capsys.readouterr().out)
