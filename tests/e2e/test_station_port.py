"""The review station of the browser tests starts on another port when something took its
own between drawing it and binding it (`scripts.review_station.Station.start`)."""

from __future__ import annotations

import socket
from pathlib import Path

from scripts.ports import PORTS_BELOW, PORTS_FROM, free_port
from scripts.review_station import Station


def test_a_free_port_is_drawn_below_the_outgoing_connections_range() -> None:
    for _ in range(20):
        port = free_port()
        assert PORTS_FROM <= port < PORTS_BELOW
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))  # nothing holds it


def test_the_station_moves_to_another_port_when_its_own_was_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))  # bound, not listening: as a connection's own port
        station = Station(tmp_path / "yomitori", port=taken.getsockname()[1])
        try:
            station.start("--role", "review")
            assert station.port != taken.getsockname()[1]
            assert station.url == f"https://127.0.0.1:{station.port}"
            assert station.listening()
            assert "could not listen" not in station.log_text()
        finally:
            station.stop()
