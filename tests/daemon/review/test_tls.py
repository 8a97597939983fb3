"""A real TLS handshake with the station (uvicorn in a thread): without a client
certificate, with one from another CA, or with a revoked one, the handshake is refused;
a valid terminal gets the login page."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    pkcs12,
)
from station_kit import Kit, make_kit

from daemon.review import terminals
from daemon.review.server import StationServer
from scripts.ports import free_port


def pem(p12: bytes, password: str, path: Path) -> Path:
    key, cert, _ = pkcs12.load_key_and_certificates(p12, password.encode())
    assert key is not None and cert is not None
    path.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
                     + cert.public_bytes(Encoding.PEM))
    return path


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Kit, StationServer]]:
    kit = make_kit(tmp_path)
    kit.settings.review.listen = "127.0.0.1:0"
    server = StationServer(kit.station)
    server.start()
    yield kit, server
    server.stop()


def request(
    kit: Kit,
    port: int,
    client_pem: Path | None,
    path: str = "/login",
    version: ssl.TLSVersion = ssl.TLSVersion.TLSv1_3,
) -> bytes:
    """GET `path` over TLS with the stdlib; the server's CA is the deployment's own."""
    context = ssl.create_default_context(cafile=str(kit.settings.review.client_ca))
    context.maximum_version = version
    if client_pem is not None:
        context.load_cert_chain(client_pem)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw, \
            context.wrap_socket(raw, server_hostname="localhost") as tls:
        tls.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .encode())
        data = b""
        while chunk := tls.recv(65536):
            data += chunk
        return data


def assert_refused(kit: Kit, port: int, client_pem: Path | None) -> None:
    """The handshake is refused: with TLS 1.2 the client's handshake itself fails (the
    server checks the client's certificate before its Finished); with TLS 1.3 the client's
    side completes first, and the server closes the connection before any HTTP."""
    with pytest.raises((ssl.SSLError, ConnectionResetError)):
        request(kit, port, client_pem, version=ssl.TLSVersion.TLSv1_2)
    try:
        answer = request(kit, port, client_pem, version=ssl.TLSVersion.TLSv1_3)
    except (ssl.SSLError, ConnectionResetError):
        return
    assert answer == b""


def test_a_valid_terminal_gets_the_login_page(served: tuple[Kit, StationServer],
                                              tmp_path: Path) -> None:
    kit, server = served
    demo = kit.root / "review" / "demo-terminal"
    password = demo.with_suffix(".password").read_text().strip()
    client = pem(demo.with_suffix(".p12").read_bytes(), password, tmp_path / "demo.pem")
    response = request(kit, server.port, client)
    assert response.startswith(b"HTTP/1.1 200")
    assert request(kit, server.port, client, version=ssl.TLSVersion.TLSv1_2).startswith(
        b"HTTP/1.1 200")
    assert "ログイン".encode() in response and b"strict-transport-security" in response.lower()


def test_no_client_certificate_is_refused(served: tuple[Kit, StationServer]) -> None:
    kit, server = served
    assert_refused(kit, server.port, None)


def test_a_certificate_from_another_ca_is_refused(served: tuple[Kit, StationServer],
                                                   tmp_path: Path) -> None:
    kit, server = served
    other = tmp_path / "other-ca"
    terminals.create_ca(other, "Someone else's CA")
    client = pem(terminals.issue(other, "intruder", "password"), "password",
                 tmp_path / "intruder.pem")
    assert_refused(kit, server.port, client)


def test_a_revoked_terminal_is_refused_without_a_restart(served: tuple[Kit, StationServer],
                                                          tmp_path: Path) -> None:
    kit, server = served
    folder = kit.settings.review.terminals
    client = pem(terminals.issue(folder, "kodomo-pc02", "password"), "password",
                 tmp_path / "pc02.pem")
    assert request(kit, server.port, client).startswith(b"HTTP/1.1 200")
    crl = folder / terminals.CRL
    before = crl.stat().st_mtime_ns
    terminals.revoke(folder, "kodomo-pc02")
    import os

    # The station looks at the list's mtime at most once a second; make the change visible
    # now instead of sleeping.
    os.utime(crl, ns=(before + 5_000_000_000, before + 5_000_000_000))
    server.tls._checked -= 10
    assert_refused(kit, server.port, client)
    other = pem(terminals.issue(folder, "kodomo-pc03", "password"), "password",
                tmp_path / "pc03.pem")
    assert request(kit, server.port, other).startswith(b"HTTP/1.1 200")  # only pc02 is out


def test_yomitori_run_role_review_serves_and_stops(tmp_path: Path) -> None:
    """The role as systemd starts it: `yomitori run --role review`, then SIGTERM."""
    import os
    import signal
    import subprocess
    import sys
    import time

    kit = make_kit(tmp_path)
    port = free_port()
    env = {**os.environ, "YOMITORI_REVIEW__LISTEN": f"127.0.0.1:{port}",
           "YOMITORI_METRICS__LISTEN": ""}
    log = (tmp_path / "review.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "daemon.cli", "run", "--role", "review",
         "-c", str(kit.root / "yomitori.toml")],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    demo = kit.root / "review" / "demo-terminal"
    client = pem(demo.with_suffix(".p12").read_bytes(),
                 demo.with_suffix(".password").read_text().strip(), tmp_path / "demo.pem")
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = request(kit, port, client)
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "review.log").read_text()
                assert time.monotonic() < deadline, "the station did not start"
                time.sleep(0.2)
        assert answer.startswith(b"HTTP/1.1 200")
        assert_refused(kit, port, None)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 0, (tmp_path / "review.log").read_text()
