"""TLS for the station: the server's certificate, client certificates for terminals, and
the terminal's name handed to the application.

With `review.client_ca` set, the handshake itself refuses a browser without a valid
certificate from that CA (`CERT_REQUIRED`), and with `review.client_crl` set, one whose
certificate is revoked (`VERIFY_CRL_CHECK_LEAF`). The CRL is re-read when its file
changes: each handshake's server-name callback moves the connection onto a context built
from the newest CRL, so `yomitori terminals revoke` takes effect without a restart.

uvicorn does not pass the client certificate to the application, so `TerminalProtocol`
puts its subject into the request scope as the ASGI TLS extension
(`scope["extensions"]["tls"]["client_cert_name"]`, RFC 4514).
"""

from __future__ import annotations

import logging
import ssl
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.x509.oid import NameOID
from uvicorn.protocols.http.h11_impl import H11Protocol

from daemon.errors import ConfigError

log = logging.getLogger(__name__)

CRL_CHECK_SECONDS = 1.0
"""How often a handshake may look at the CRL file's modification time."""

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
Asgi = Callable[[Scope, Receive, Send], Awaitable[None]]


class ServerTls:
    """Builds the server's SSLContext and keeps its CRL current."""

    def __init__(
        self, cert: Path, key: Path, client_ca: Path | None, client_crl: Path | None
    ) -> None:
        self.cert, self.key = cert, key
        self.client_ca, self.client_crl = client_ca, client_crl
        self._lock = threading.Lock()
        self._crl_mtime = self._mtime()
        self._checked = time.monotonic()
        self._current = self._build()
        self.context = self._build()
        if client_crl is not None:
            self.context.sni_callback = self._on_hello

    def _mtime(self) -> float:
        return self.client_crl.stat().st_mtime if self.client_crl is not None else 0.0

    def _build(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        try:
            context.load_cert_chain(self.cert, self.key)
            if self.client_ca is not None:
                context.verify_mode = ssl.CERT_REQUIRED
                context.load_verify_locations(cafile=self.client_ca)
                if self.client_crl is not None:
                    context.load_verify_locations(cafile=self.client_crl)
                    context.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(
                [
                    f"review: cannot load the station's TLS files ({exc}); check "
                    "review.tls_cert, review.tls_key, review.client_ca and review.client_crl"
                ]
            ) from exc
        context.set_alpn_protocols(["http/1.1"])
        return context

    def _on_hello(
        self, connection: ssl.SSLObject, server_name: str | None, context: ssl.SSLContext
    ) -> None:
        """Every handshake: move the connection onto the context of the newest CRL."""
        with self._lock:
            now = time.monotonic()
            if now - self._checked >= CRL_CHECK_SECONDS:
                self._checked = now
                try:
                    mtime = self._mtime()
                    if mtime != self._crl_mtime:
                        self._current = self._build()
                        self._crl_mtime = mtime
                        log.info("terminal revocation list reloaded")
                except (OSError, ConfigError) as exc:
                    # Keep the last good list: failing open would readmit revoked terminals.
                    log.warning("cannot reload the terminal revocation list: %s", exc)
            connection.context = self._current


def subject(der: bytes | None) -> str | None:
    """The RFC 4514 subject of a DER certificate."""
    if not der:
        return None
    return x509.load_der_x509_certificate(der).subject.rfc4514_string()


def common_name(rfc4514: str | None) -> str | None:
    """The CN of an RFC 4514 subject (the terminal's name)."""
    if not rfc4514:
        return None
    try:
        name = x509.Name.from_rfc4514_string(rfc4514)
    except ValueError:
        return None
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else None


class TerminalProtocol(H11Protocol):
    """uvicorn's h11 protocol, with the client certificate's subject in every scope."""

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        ssl_object = transport.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        tls = {"client_cert_name": subject(der), "client_cert_error": None}
        inner: Asgi = self.app

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            scope.setdefault("extensions", {})["tls"] = tls
            await inner(scope, receive, send)

        self.app = app
