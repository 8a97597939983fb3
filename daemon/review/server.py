"""The review role: the station's application served over TLS by uvicorn, in a thread of
the service process, with a periodic sweep of idle sessions and finished jobs' states."""

from __future__ import annotations

import logging
import threading
import time

import uvicorn

from daemon.errors import ConfigError
from daemon.review import jobs, outbox, sessions
from daemon.review.app import create_app
from daemon.review.station import Station
from daemon.review.tls import ServerTls, TerminalProtocol

log = logging.getLogger(__name__)

START_SECONDS = 30.0


def split_listen(listen: str) -> tuple[str, int]:
    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit():
        raise ConfigError([f"review.listen: {listen!r} is not host:port (e.g. 0.0.0.0:8443)"])
    return host.strip("[]"), int(port)


class StationServer:
    """Serves `station` on `review.listen` until `stop`."""

    def __init__(self, station: Station) -> None:
        review = station.settings.review
        self.station = station
        self.tls = ServerTls(review.tls_cert, review.tls_key, review.client_ca, review.client_crl)
        host, port = split_listen(review.listen)
        config = uvicorn.Config(
            create_app(station),
            host=host,
            port=port,
            http=TerminalProtocol,
            ws="none",
            lifespan="off",
            proxy_headers=False,
            server_header=False,
            access_log=False,  # paths hold job ids only, but the ledger is the record
            log_config=None,
            timeout_keep_alive=30,
        )
        config.load()
        config.ssl = self.tls.context
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run, name="review", daemon=True)

    @property
    def port(self) -> int:
        """The port actually bound (useful with port 0)."""
        for server in self.server.servers:
            for sock in server.sockets:
                return int(sock.getsockname()[1])
        raise RuntimeError("the station is not listening")

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + START_SECONDS
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise ConfigError(
                    [f"review.listen: the station could not listen on "
                     f"{self.station.settings.review.listen}; is the port in use?"]
                )
            time.sleep(0.05)
        log.info("review station listening on %s", self.station.settings.review.listen)

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)

    def alive(self) -> bool:
        return self._thread.is_alive()

    def sweep(self) -> None:
        """Housekeeping: end idle sessions; forget the state of jobs whose bundle is gone."""
        st = self.station
        sessions.sweep(st.store, st.clock(), st.idle_seconds)
        for department, folder in st.outboxes.items():
            present = {b.job_id for b in outbox.bundles(department, folder)}
            for job_id in jobs.states(st.store, department):
                if job_id not in present:
                    jobs.forget(st.store, job_id)
