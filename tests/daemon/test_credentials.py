"""systemd credentials: the broker password comes from `$CREDENTIALS_DIRECTORY`."""

from __future__ import annotations

from pathlib import Path

from daemon.credentials import broker_url, credential


def test_the_password_credential_completes_a_url_that_names_only_the_user(tmp_path: Path) -> None:
    (tmp_path / "broker-password").write_text("s3cret/with:odd@chars\n")
    env = {"CREDENTIALS_DIRECTORY": str(tmp_path)}
    assert broker_url("amqps://yomitori@mq.example.lg.jp:5671/yomitori", env) == (
        "amqps://yomitori:s3cret%2Fwith%3Aodd%40chars@mq.example.lg.jp:5671/yomitori"
    )
    # A password in the URL, no user, or the embedded transport: left as they are.
    for url in ("amqp://u:given@host/%2F", "amqp://host/%2F", "embedded"):
        assert broker_url(url, env) == url


def test_without_credentials_nothing_changes(tmp_path: Path) -> None:
    url = "amqps://yomitori@mq.example.lg.jp:5671/yomitori"
    assert broker_url(url, {}) == url
    assert broker_url(url, {"CREDENTIALS_DIRECTORY": str(tmp_path)}) == url
    assert credential("broker-password", {}) is None
