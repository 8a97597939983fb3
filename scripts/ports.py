"""A free port of 127.0.0.1 for a service started by a test or a script."""

from __future__ import annotations

import random
import socket

PORTS_FROM, PORTS_BELOW = 20000, 32768


def free_port() -> int:
    """A port of 127.0.0.1 that nothing is bound to now, drawn below the range Linux takes
    the ports of outgoing connections from (32768 and up): a port of that range, free when
    drawn, may be some connection's own before the service binds it."""
    for _ in range(200):
        port = random.randrange(PORTS_FROM, PORTS_BELOW)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port of 127.0.0.1 from {PORTS_FROM} to {PORTS_BELOW - 1}")
