"""Sessions: idle expiry, the cookie's token never stored, bound to their terminal."""

from __future__ import annotations

from station_kit import START, Kit

from daemon.review import sessions


def test_expired_is_measured_from_the_last_request() -> None:
    assert not sessions.expired(100.0, 100.0 + 899, 900)
    assert sessions.expired(100.0, 100.0 + 900, 900)


def test_a_session_lives_while_used_and_ends_when_idle(kit: Kit) -> None:
    idle = 15 * 60.0
    token, _ = sessions.begin(kit.store, "pc01", START, person="sato")
    # Used every 14 minutes: alive for an hour.
    for minute in (14, 28, 42, 56):
        assert sessions.resume(kit.store, token, "pc01", START + minute * 60, idle) is not None
    assert sessions.resume(kit.store, token, "pc01", START + 56 * 60 + idle, idle) is None
    # Ended: it does not come back, even if asked in time again.
    assert sessions.resume(kit.store, token, "pc01", START + 57 * 60, idle) is None


def test_the_store_keeps_only_a_hash_of_the_cookie(kit: Kit) -> None:
    token, session = sessions.begin(kit.store, "pc01", START)
    assert session.id == sessions.digest(token) != token
    assert token.encode() not in kit.store.path.read_bytes()


def test_a_cookie_carried_to_another_terminal_is_refused(kit: Kit) -> None:
    token, _ = sessions.begin(kit.store, "pc01", START, person="sato")
    assert sessions.resume(kit.store, token, "pc02", START + 1, 900) is None
    assert sessions.resume(kit.store, token, "pc01", START + 2, 900) is None


def test_sweep_removes_idle_sessions(kit: Kit) -> None:
    sessions.begin(kit.store, "pc01", START, person="sato")
    sessions.begin(kit.store, "pc01", START + 600, person="suzuki")
    assert sessions.sweep(kit.store, START + 900, 900) == 1
    assert sessions.count(kit.store) == 1
