"""Settings: the TOML file, environment overrides, and one line per problem naming the key."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from daemon.cli import main
from daemon.deployment import init
from daemon.errors import ConfigError
from daemon.ops.checks import load_checked, problems
from daemon.settings import load_settings


@pytest.fixture
def deployment(tmp_path: Path) -> Path:
    init(tmp_path / "d", ["kodomo", "kokuho"])
    return tmp_path / "d" / "yomitori.toml"


def rewrite(config: Path, old: str, new: str) -> None:
    text = config.read_text("utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), "utf-8")


def test_init_makes_a_configuration_that_checks_clean(deployment: Path) -> None:
    settings = load_checked(deployment)
    assert set(settings.departments) == {"kodomo", "kokuho"}
    assert settings.broker.url == "embedded"
    assert settings.departments["kodomo"].title == "子ども家庭支援課"
    assert (deployment.parent / "keys" / "kodomo.key").stat().st_mode & 0o777 == 0o600


def test_environment_overrides_any_key(deployment: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YOMITORI_BROKER__URL", "amqp://u:p@example.invalid:5672/%2F")
    monkeypatch.setenv("YOMITORI_OCR__WORKERS", "3")
    settings = load_settings(deployment)
    assert settings.broker.url.startswith("amqp://u:p@")
    assert settings.ocr.workers == 3


def test_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(tmp_path / "nope.toml")
    assert "yomitori init" in str(err.value)


def test_type_errors_name_the_key(deployment: Path) -> None:
    rewrite(deployment, 'workers = "auto"', 'workers = "many"')
    with pytest.raises(ConfigError) as err:
        load_settings(deployment)
    assert err.value.problems[0].startswith("ocr.workers:")


def test_unknown_key_is_refused(deployment: Path) -> None:
    rewrite(deployment, 'workers = "auto"', 'workers = "auto"\nwokers = 2')
    with pytest.raises(ConfigError) as err:
        load_settings(deployment)
    assert any(p.startswith("ocr.wokers:") for p in err.value.problems)


def test_every_problem_is_one_line_naming_its_key(deployment: Path) -> None:
    root = deployment.parent
    hot = root / "scan" / "kodomo"
    rewrite(deployment, f'spool = "{root / "spool"}"', f'spool = "{hot / "spool"}"')
    # kokuho shares kodomo's hot folder, has a bad recipient and an unknown form.
    text = deployment.read_text("utf-8")
    head, kokuho = text.split("[departments.kokuho]")
    kokuho = kokuho.replace(str(root / "scan" / "kokuho"), str(hot))
    kokuho = kokuho.replace("forms = []", 'forms = ["no-such-form"]')
    kokuho = "\n".join(
        'recipients = ["age1notarecipient"]' if line.startswith("recipients") else line
        for line in kokuho.splitlines()
    )
    deployment.write_text(head + "[departments.kokuho]" + kokuho, "utf-8")
    (root / "scan" / "kokuho").rmdir()
    found = problems(load_settings(deployment))
    keys = [line.split(":", 1)[0] for line in found]
    assert "paths.spool" in keys  # inside a hot folder
    assert "departments.kokuho.hot_folders[0]" in keys  # shared with kodomo
    assert "departments.kokuho.recipients[0]" in keys
    assert "departments.kokuho.forms" in keys
    assert all("\n" not in line for line in found)


def test_missing_folders_are_reported(deployment: Path) -> None:
    (deployment.parent / "outbox" / "kokuho").rmdir()
    found = problems(load_settings(deployment))
    assert any(p.startswith("departments.kokuho.outbox:") for p in found)


def test_check_command_exit_codes(deployment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-c", str(deployment)]) == 0
    (deployment.parent / "outbox" / "kokuho").rmdir()
    assert main(["check", "-c", str(deployment)]) == 2
    err = capsys.readouterr().err
    assert "departments.kokuho.outbox" in err


def test_check_reports_an_unreachable_broker(
    deployment: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YOMITORI_BROKER__URL", "amqp://guest:guest@127.0.0.1:1/%2F")
    assert main(["check", "-c", str(deployment)]) == 2
    assert "broker.url: cannot connect" in capsys.readouterr().err


def test_check_reaches_the_real_broker(
    deployment: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """As the units run it: the URL without its password, which is a credential."""
    url = urlsplit(os.environ.get("YOMITORI_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672/%2F"))
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / "broker-password").write_text(url.password or "")
    netloc = f"{url.username}@{url.hostname}:{url.port}"
    monkeypatch.setenv("YOMITORI_BROKER__URL", urlunsplit(url._replace(netloc=netloc)))
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials))
    assert main(["check", "-c", str(deployment)]) == 0


def test_embedded_transport_runs_every_role_in_one_process(deployment: Path) -> None:
    from daemon.service import Service

    with pytest.raises(ConfigError) as err:
        Service(load_checked(deployment), ("ocr",))
    assert "broker.url" in str(err.value)


def test_the_shipped_example_configuration_is_valid() -> None:
    example = Path(__file__).resolve().parents[2] / "config" / "yomitori.example.toml"
    settings = load_settings(example)
    assert settings.paths.spool == Path("/var/lib/yomitori/spool")
    found = problems(settings)
    # On a development machine only the site's folders, certificates and key pin are
    # missing, and the example's recipient is a placeholder.
    pin = [line for line in found if line.startswith("ledger.fingerprints: no ledger key")]
    assert len(pin) == 1, found
    placeholder = "departments.kodomo.recipients[0]: this is the example's placeholder"
    assert any(line.startswith(placeholder) for line in found), found
    assert all("is not an existing folder" in line or line.startswith(("review.", placeholder))
               for line in found if line not in pin), found
    assert any(line.startswith("review.tls_cert") for line in found)


def test_check_warns_about_readable_secrets(
    deployment: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rewrite(deployment, 'url = "embedded"', 'url = "amqp://yomitori:s3cret@127.0.0.1:1/%2F"')
    deployment.chmod(0o644)
    key = deployment.parent / "keys" / "ledger-signing.key"
    key.chmod(0o644)
    assert main(["check", "-c", str(deployment)]) == 2
    err = capsys.readouterr().err
    assert "holds the broker password and is readable by every user" in err
    assert "paths.signing_key" in err and "chmod 600" in err
    assert "s3cret" not in err


def test_a_secret_identity_in_the_recipients_is_called_out(deployment: Path) -> None:
    identity = (deployment.parent / "keys" / "kodomo.key").read_text().splitlines()[-1]
    text = deployment.read_text("utf-8")
    start = text.index("recipients", text.index("[departments.kodomo]"))
    end = text.index("\n", start)
    deployment.write_text(text[:start] + f'recipients = ["{identity}"]' + text[end:], "utf-8")
    found = problems(load_settings(deployment))
    assert any("secret identity" in line for line in found)
    assert not any(identity in line for line in found)


def test_check_reports_problems_inside_a_form_template(
    deployment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forms = deployment.parent / "forms"
    (forms / "broken.toml").write_text(
        '[form]\nname = "broken"\nreference = "missing.png"\n\n'
        '[[fields]]\nname = "x"\nkind = "barcode"\nbox = [0, 0, 10, 10]\n',
        "utf-8",
    )
    rewrite(deployment, "forms = []", 'forms = ["broken"]')
    assert main(["check", "-c", str(deployment)]) == 2
    err = capsys.readouterr().err
    assert "broken.toml" in err


def test_init_can_set_up_the_example_form(tmp_path: Path) -> None:
    init(tmp_path / "d", ["kodomo", "kokuho"], example_form=True)
    settings = load_checked(tmp_path / "d" / "yomitori.toml")
    assert settings.departments["kodomo"].forms == ["checkup-18m"]
    assert settings.departments["kokuho"].forms == []
    assert (tmp_path / "d" / "forms" / "checkup-18m.png").is_file()
