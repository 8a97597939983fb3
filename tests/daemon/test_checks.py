"""`yomitori check` against what a local user or a careless edit can do: modes that open
scans, results or the configuration to every user, secrets others can read, placeholder
and repeated recipients, and the broker password in the environment."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from daemon.cli import main
from daemon.deployment import init
from daemon.errors import ConfigError
from daemon.ops.checks import EXAMPLE_RECIPIENTS, load_checked, problems
from daemon.settings import load_settings

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "yomitori.example.toml"


@pytest.fixture
def deployment(tmp_path: Path) -> Path:
    init(tmp_path / "d", ["kodomo", "kokuho"])
    return tmp_path / "d" / "yomitori.toml"


def found(config: Path, **kwargs: object) -> list[str]:
    return problems(load_settings(config), config, **kwargs)  # type: ignore[arg-type]


def set_recipients(config: Path, dept: str, recipients: list[str]) -> None:
    text = config.read_text("utf-8")
    start = text.index("\nrecipients = ", text.index(f"[departments.{dept}]")) + 1
    end = text.index("\n", start)
    listed = ", ".join(f'"{r}"' for r in recipients)
    config.write_text(text[:start] + f"recipients = [{listed}]" + text[end:], "utf-8")


def recipient_of(config: Path, dept: str) -> str:
    return str(load_settings(config).departments[dept].recipients[0])


def test_a_fresh_deployment_has_safe_modes(deployment: Path) -> None:
    assert found(deployment) == []
    root = deployment.parent
    assert (root / "spool").stat().st_mode & 0o777 == 0o700
    assert (root / "scan" / "kodomo").stat().st_mode & 0o007 == 0


@pytest.mark.parametrize(
    ("where", "mode", "key", "fix"),
    [
        ("spool", 0o777, "paths.spool", "chmod o-rwx"),
        ("spool", 0o755, "paths.spool", "chmod o-rwx"),
        ("quarantine", 0o777, "paths.quarantine", "chmod o-rwx"),
        ("ledger", 0o755, "paths.ledger", "chmod o-rwx"),
        ("scan/kodomo", 0o777, "departments.kodomo.hot_folders[0]", "chmod o-rwx"),
        ("outbox/kokuho", 0o777, "departments.kokuho.outbox", "chmod o-w"),
        ("forms", 0o777, "paths.forms", "chmod o-w"),
        ("yomitori.toml", 0o666, "configuration", "chmod o-w"),
    ],
)
def test_unsafe_modes_are_problems(
    deployment: Path, where: str, mode: int, key: str, fix: str
) -> None:
    path = deployment.parent / where
    path.chmod(mode)
    [line] = found(deployment)
    assert line.startswith(f"{key}: {path} (mode {mode:04o})") and f"{fix} {path}" in line


def test_a_readable_outbox_is_fine_as_its_bundles_are_encrypted(deployment: Path) -> None:
    (deployment.parent / "outbox" / "kokuho").chmod(0o755)
    assert found(deployment) == []


def test_the_check_command_fails_on_a_world_writable_spool(
    deployment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (deployment.parent / "spool").chmod(0o777)
    assert main(["check", "-c", str(deployment)]) == 2
    assert "paths.spool" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["broker-password", "ledger-signing.key"])
def test_credentials_beside_the_configuration_must_be_root_only(
    deployment: Path, name: str
) -> None:
    secret = deployment.parent / name
    secret.write_text("s3cret\n")
    secret.chmod(0o600)
    assert found(deployment) == []
    secret.chmod(0o644)
    [line] = found(deployment)
    assert line.startswith(f"{secret}: the {name} credential") and f"chmod 600 {secret}" in line
    assert "s3cret" not in line


def test_every_recipient_of_the_example_is_known_as_a_placeholder() -> None:
    with EXAMPLE.open("rb") as fh:
        example = tomllib.load(fh)
    listed = {r for dept in example["departments"].values() for r in dept["recipients"]}
    assert listed and listed <= EXAMPLE_RECIPIENTS


@pytest.mark.parametrize("placeholder", [*sorted(EXAMPLE_RECIPIENTS), "age1…"])
def test_placeholder_recipients_are_problems(deployment: Path, placeholder: str) -> None:
    own = recipient_of(deployment, "kodomo")
    set_recipients(deployment, "kodomo", [own, placeholder])
    [line] = found(deployment)
    assert line.startswith("departments.kodomo.recipients[1]: this is the example's placeholder")
    assert "yomitori keygen" in line


def test_a_recipient_listed_twice_is_a_problem(deployment: Path) -> None:
    own = recipient_of(deployment, "kodomo")
    set_recipients(deployment, "kodomo", [own, own])
    assert found(deployment) == [
        "departments.kodomo.recipients[1]: the same recipient as "
        "departments.kodomo.recipients[0]; remove one"
    ]


def test_one_escrow_recipient_may_serve_several_departments(deployment: Path) -> None:
    escrow = recipient_of(deployment, "kokuho")
    set_recipients(deployment, "kodomo", [recipient_of(deployment, "kodomo"), escrow])
    assert found(deployment) == []


@pytest.mark.parametrize("name", ["YOMITORI_BROKER__URL", "yomitori_broker__url"])
def test_the_broker_password_in_the_environment_is_a_problem_for_check(
    deployment: Path, name: str
) -> None:
    url = "amqps://yomitori:s3cret@mq.example.invalid:5671/yomitori"
    [line] = found(deployment, environ={name: url}, strict=True)
    assert line.startswith(f"{name}: holds the broker password") and "systemctl show" in line
    assert "broker-password" in line and "s3cret" not in line
    # The strict check is `yomitori check`'s; a running service is not stopped for it.
    assert found(deployment, environ={name: url}, strict=False) == []


def test_a_url_that_names_only_the_user_is_fine(deployment: Path) -> None:
    environ = {"YOMITORI_BROKER__URL": "amqps://yomitori@mq.example.invalid:5671/yomitori"}
    assert found(deployment, environ=environ, strict=True) == []


def test_a_service_started_with_the_password_in_its_environment_warns(
    deployment: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("YOMITORI_BROKER__URL", "amqp://yomitori:s3cret@127.0.0.1:1/%2F")
    load_checked(deployment, roles=("janitor",))
    [record] = caplog.records
    assert record.levelname == "WARNING" and "systemctl show" in record.getMessage()
    assert "s3cret" not in record.getMessage()


def set_broker(config: Path, line: str) -> None:
    text = config.read_text("utf-8")
    config.write_text(text.replace('url = "embedded"', line, 1), "utf-8")


def test_a_user_only_broker_url_without_its_credential_is_one_line(
    deployment: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documented URL (user, no password) checked without the broker-password
    credential: one line naming the key and the fix, never a traceback."""
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    set_broker(deployment, 'url = "amqp://yomitori@127.0.0.1:1/yomitori"')
    assert main(["check", "-c", str(deployment)]) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not line.startswith("yomitori: note:")]
    assert len(lines) == 1 and lines[0].startswith("yomitori: broker.url: names a user but "
                                                   "no password"), err
    assert "LoadCredential=broker-password" in lines[0] and "Traceback" not in err
    # `run` refuses on the same line instead of failing inside the client library.
    with pytest.raises(ConfigError) as refused:
        load_checked(deployment)
    assert any("broker-password credential" in p for p in refused.value.problems)


def test_with_the_credential_each_unreachable_node_is_one_line(
    deployment: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / "broker-password").write_text("secret\n")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials))
    set_broker(deployment, 'url = "amqp://yomitori@127.0.0.1:1/yomitori"\n'
                           'urls = ["amqp://yomitori@127.0.0.1:2/yomitori"]')
    assert main(["check", "-c", str(deployment)]) == 2
    err = capsys.readouterr().err
    assert [line.split(":")[1].strip() for line in err.splitlines()
            if "cannot connect" in line] == ["broker.url", "broker.urls[0]"], err
    assert "secret" not in err and "Traceback" not in err


def test_broker_urls_need_a_rabbitmq_url_first(deployment: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    set_broker(deployment, 'url = "embedded"\nurls = ["amqp://yomitori@mq2:5672/yomitori"]')
    assert main(["check", "-c", str(deployment)]) == 2
    err = capsys.readouterr().err
    assert "set url to the first one" in err and len(err.splitlines()) == 1, err


def test_an_unreadable_configuration_is_one_line(
    deployment: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(deployment))

    # As root nothing is unreadable: the read itself is made to fail as it would for a
    # user outside the group yomitori.
    monkeypatch.setattr("daemon.cli.service.run_check", refuse)
    assert main(["check", "-c", str(deployment)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"yomitori: cannot read {deployment} (Permission denied)"), err
