"""A fork server: a small process that has imported what its children need and forks one
child per request, so a child costs milliseconds where a fresh interpreter costs a third
of a second.

In the process that wants children, `fork(entry, preload)` starts the server on first use
(again if it died) and returns a `Child`: a socket to talk to it, a pidfd to kill it by,
and its exit code once it ends. The server is `python -m handlers.ocr.forkserver FD ENTRY
MODULE…`: it imports the MODULEs, then for each request on the socket FD forks a child
that runs ENTRY (`module:function`, called with the child's socket) and reports the
child's pid and pidfd, then its exit code, on a second socket of the request. It ends
when the process that started it closes FD.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import selectors
import signal
import socket
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

CODE = Path(__file__).resolve().parents[2]
"""The folder holding the `handlers` package, put on the server's import path."""
EXIT_FAILED = 70  # the child's entry raised
STATUS = struct.Struct(">i")
_NOT_FOR_CHILDREN = frozenset({
    "CREDENTIALS_DIRECTORY", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS",
    "LISTEN_PID", "LISTEN_FDNAMES",
})
"""Where the service's credentials are, and its systemd sockets: nothing for children."""


class Child:
    """A forked child as the requesting process sees it."""

    def __init__(self, sock: socket.socket, status: socket.socket) -> None:
        self.sock, self._status = sock, status
        self.pidfd = -1
        try:
            self._status.settimeout(30)
            message, fds, _, _ = socket.recv_fds(self._status, 16, 1)
            if len(fds) != 1 or len(message) != STATUS.size:
                raise OSError("no pidfd")
            self.pidfd = fds[0]
            (self.pid,) = STATUS.unpack(message)
        except OSError as exc:
            self.close()
            raise OSError("the decoding process could not be started") from exc

    def kill(self) -> None:
        if self.pidfd >= 0:
            with contextlib.suppress(ProcessLookupError):  # already gone
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)

    def exit_code(self) -> int | None:
        """The exit code once the child has ended (minus the signal that ended it); None
        when the server is gone."""
        self._status.settimeout(30)
        try:
            data = self._status.recv(16)
        except OSError:
            return None
        return STATUS.unpack(data)[0] if len(data) == STATUS.size else None

    def close(self) -> None:
        self.sock.close()
        self._status.close()
        if self.pidfd >= 0:
            os.close(self.pidfd)
            self.pidfd = -1


class _Server:
    """A running fork server, and the socket that asks it for children."""

    def __init__(self, entry: str, preload: tuple[str, ...]) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        path = os.pathsep.join(filter(None, [str(CODE), os.environ.get("PYTHONPATH")]))
        # Children parse hostile files: none of the service's settings or secrets. One
        # thread each: a cap on their address space then holds data, not thread arenas.
        env = {name: value for name, value in os.environ.items()
               if name not in _NOT_FOR_CHILDREN and not name.startswith("YOMITORI_")}
        env |= {"PYTHONPATH": path, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                "OMP_THREAD_LIMIT": "1"}
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", __name__, str(theirs.fileno()), entry, *preload],
                pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True,  # a Ctrl-C meant for the service is not its business
            )
        self.control = ours

    def fork(self) -> Child:
        sock, sock_theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        status, status_theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with sock_theirs, status_theirs:
            try:
                socket.send_fds(self.control, [b"f"],
                                [sock_theirs.fileno(), status_theirs.fileno()])
            except OSError:
                sock.close()
                status.close()
                raise
        return Child(sock, status)

    def close(self) -> None:
        self.control.close()  # the server ends on end-of-file
        self.process.wait()


_servers: dict[tuple[str, tuple[str, ...]], _Server] = {}
_servers_lock = threading.Lock()


def _forget_servers() -> None:
    """In a forked copy of this process the servers belong to the original."""
    _servers.clear()


os.register_at_fork(after_in_child=_forget_servers)


def fork(entry: str, preload: tuple[str, ...]) -> Child:
    """A new child running `entry` ("module:function") from the server that imported
    `preload`; the server is (re)started as needed."""
    key = (entry, preload)
    with _servers_lock:
        for attempt in (1, 2):
            server = _servers.get(key)
            if server is None or server.process.poll() is not None:
                if server is not None:
                    server.control.close()
                server = _servers[key] = _Server(entry, preload)
            try:
                return server.fork()
            except OSError:
                if attempt == 2:
                    raise
                server.control.close()
                server.process.kill()
                server.process.wait()
                del _servers[key]
    raise AssertionError("unreachable")


def server_process(entry: str, preload: tuple[str, ...]) -> subprocess.Popen[bytes] | None:
    """The fork server of this process for `entry` and `preload`, if one was started."""
    with _servers_lock:
        server = _servers.get((entry, preload))
    return None if server is None else server.process


def stop_servers() -> None:
    """End the fork servers of this process (they also end when it exits)."""
    with _servers_lock:
        for server in _servers.values():
            server.close()
        _servers.clear()


def main(argv: list[str]) -> int:
    control = socket.socket(fileno=int(argv[0]))
    module, _, function = argv[1].partition(":")
    for name in argv[2:]:
        importlib.import_module(name)
    serve(control, getattr(importlib.import_module(module), function))
    return 0


def serve(control: socket.socket, entry: Callable[[socket.socket], None]) -> None:
    """Fork a child running `entry` per request on `control` until it is closed; report
    each child's pid and pidfd, then its exit code."""
    selector = selectors.DefaultSelector()
    selector.register(control, selectors.EVENT_READ)
    children: dict[int, tuple[int, socket.socket]] = {}  # pidfd: (pid, report socket)
    while True:
        for key, _ in selector.select():
            if key.fileobj is not control:
                _report_end(int(key.fd), children.pop(int(key.fd)), selector)
                continue
            try:
                message, fds, _, _ = socket.recv_fds(control, 16, 2)
            except OSError:
                return
            if not message:
                return
            if len(fds) != 2:
                for fd in fds:
                    os.close(fd)
                continue
            sock, report = socket.socket(fileno=fds[0]), socket.socket(fileno=fds[1])
            pid = os.fork()
            if pid == 0:
                inherited = [control.fileno(), report.fileno(), *children,
                             *(r.fileno() for _, r in children.values())]
                selector.close()
                _child(sock, entry, inherited)
            sock.close()
            pidfd = os.pidfd_open(pid)
            with contextlib.suppress(OSError):  # the requester is gone; so will the child be
                socket.send_fds(report, [STATUS.pack(pid)], [pidfd])
            selector.register(pidfd, selectors.EVENT_READ)
            children[pidfd] = (pid, report)


def _report_end(pidfd: int, child: tuple[int, socket.socket],
                selector: selectors.BaseSelector) -> None:
    pid, report = child
    selector.unregister(pidfd)
    os.close(pidfd)
    _, status = os.waitpid(pid, 0)
    with contextlib.suppress(OSError):
        report.send(STATUS.pack(os.waitstatus_to_exitcode(status)))
    report.close()


def _child(sock: socket.socket, entry: Callable[[socket.socket], None],
           inherited: list[int]) -> None:
    """The forked child: run `entry`, then leave without any clean-up that belongs to the
    server."""
    code = EXIT_FAILED
    try:
        for fd in inherited:
            os.close(fd)
        entry(sock)
        code = 0
    finally:
        os._exit(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
