"""Messages in Japanese where the locale is Japanese: the catalogue covers every message of
the code and argparse, the language follows the environment as gettext reads it, recorded
English reasons read back in Japanese, and the command line speaks Japanese to a ward."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from daemon import i18n
from daemon.cli import build_parser
from scripts import catalogue

ROOT = Path(__file__).resolve().parents[2]
YOMITORI = Path(sys.executable).parent / "yomitori"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
"""Hiragana, katakana or kanji."""


@pytest.fixture
def japanese(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in i18n.ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in i18n.ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def test_every_message_has_a_japanese_translation_and_the_mo_is_compiled() -> None:
    code = catalogue.extract()
    assert len(code) > 200  # the walk finds the marked calls at all
    po = catalogue.read_po()
    found = catalogue.problems(code, po, catalogue.MO.read_bytes())
    how = "python -m scripts.catalogue update, translate, then compile"
    assert found == [], "\n".join([*found, how])


def test_the_check_fails_on_a_message_without_translation() -> None:
    code = catalogue.extract()
    po = catalogue.read_po()
    key = next(iter(code))
    po[key] = catalogue.Entry(code[key].msgid)  # as `update` leaves a new message
    found = catalogue.problems(code, po, catalogue.compile_mo(po))
    assert found == [f"no Japanese for {code[key].msgid!r} ({code[key].places[0]})"]
    po[key] = catalogue.Entry(code[key].msgid, msgstr=["{oops}"])
    assert "fills other fields" in catalogue.problems(code, po, catalogue.compile_mo(po))[0]


def _helps(parser: argparse.ArgumentParser) -> list[str]:
    """Every help text and description of `parser` and its subcommands."""
    found = [parser.description] if parser.description else []
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            found.append(action.help)
        if isinstance(action, argparse._SubParsersAction):
            found += [a.help for a in action._choices_actions if a.help]
            for sub in dict.fromkeys(action.choices.values()):
                found += _helps(sub)
    return found


def test_every_help_text_of_the_command_line_is_in_the_catalogue(english: None) -> None:
    known = {entry.msgid for entry in catalogue.read_po().values() if entry.translated}
    helps = _helps(build_parser())
    assert len(helps) > 50
    missing = sorted(set(helps) - known)
    assert missing == [], f"wrap these in _() and translate them: {missing}"


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LC_MESSAGES": "ja_JP.UTF-8", "LANG": "C.UTF-8"}, "ja"),
        ({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, "ja"),
        ({"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"LANGUAGE": "en", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_language_follows_the_environment_as_gettext_reads_it(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], language: str
) -> None:
    for name in i18n.ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert i18n.language() == language
    said = i18n._("configuration and environment OK")
    assert (said != "configuration and environment OK") == (language == "ja")


def test_recorded_english_reads_back_in_japanese(japanese: None) -> None:
    recorded = (
        "page 3 of the scan is damaged or incomplete; scan the document again and put the "
        "new file in the hot folder"
    )
    assert i18n.localize(recorded) == (
        "3 ページ目が壊れているか、途中で切れています。"
        "用紙をスキャンし直し、新しいファイルを取込フォルダに置いてください"
    )
    assert i18n.localize("not a message of ours") == "not a message of ours"


def test_english_stays_as_it_was(english: None) -> None:
    recorded = "the scan is empty (0 bytes); scan the document again"
    assert i18n.localize(recorded) == recorded
    assert i18n._("problems") == "problems"


def test_japanese_check_on_a_broken_configuration(tmp_path: Path) -> None:
    config = tmp_path / "yomitori.toml"
    config.write_text(
        '[broker]\nurl = "embedded"\ndelivery_limit = "three"\n'
        '[departments.kodomo]\nhot_folders = ["scan"]\noutbox = "outbox"\n'
        'recipients = ["age1…"]\ncolour = "blue"\n',
        "utf-8",
    )

    def check(**env: str) -> subprocess.CompletedProcess[str]:
        clean = {k: v for k, v in os.environ.items() if k not in i18n.ENVIRONMENT}
        return subprocess.run([str(YOMITORI), "check", "-c", str(config)], env=clean | env,
                              capture_output=True, text=True, timeout=60)

    done = check(LANG="ja_JP.UTF-8")
    lines = done.stderr.splitlines()
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert lines == [
        "yomitori: broker.delivery_limit: 整数を指定してください（数値として読めません）",
        "yomitori: departments.kodomo.colour: この項目は使えません（綴りの誤りか、別の節に書く"
        "項目です）。config/yomitori.example.toml で確かめてください",
    ]
    config.write_text(config.read_text("utf-8").replace('delivery_limit = "three"\n', "")
                      .replace('colour = "blue"\n', ""), "utf-8")
    done = check(LANG="ja_JP.UTF-8")
    lines = done.stderr.splitlines()
    assert done.returncode == 2 and len(lines) >= 4
    assert all(line.startswith("yomitori: ") and JAPANESE.search(line) for line in lines), lines
    assert any("というフォルダがありません。フォルダを作るか、パスを直してください" in line
               for line in lines)
    english = check(LANG="C.UTF-8").stderr.splitlines()
    assert len(english) == len(lines)
    assert not any(JAPANESE.search(line) for line in english)
    assert any("is not an existing folder; create it or fix the path" in line for line in english)


def test_argparse_speaks_japanese_too(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in i18n.ENVIRONMENT}
    done = subprocess.run([str(YOMITORI), "run", "--role", "x"], env=env | {"LANG": "ja_JP.UTF-8"},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("使い方: yomitori run")
    assert "yomitori run: エラー: 引数 --role: 'x' は選べません" in done.stderr
    shown = subprocess.run([str(YOMITORI), "check", "--help"], env=env | {"LANG": "ja_JP.UTF-8"},
                           capture_output=True, text=True, timeout=60).stdout
    assert "設定ファイル（省略時は $YOMITORI_CONFIG" in shown and "オプション:" in shown


def test_the_wheel_ships_the_catalogue_and_reads_it_installed(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy: a build in the work tree leaves build/ behind
    for name in ("daemon", "handlers"):
        shutil.copytree(ROOT / name, source / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(source)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = (tmp_path / "dist").glob("yomitori-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert "daemon/locale/ja/LC_MESSAGES/yomitori.mo" in archive.namelist()
        archive.extractall(tmp_path / "site")
    said = subprocess.run(
        [sys.executable, "-I", "-c", "import sys, json; sys.path.insert(0, sys.argv[1]); "
         "from daemon import i18n; print(json.dumps([i18n.__file__, i18n._('problems')]))",
         str(tmp_path / "site")],
        env={"LANG": "ja_JP.UTF-8", "PATH": os.environ["PATH"]},
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout
    where, word = json.loads(said)
    assert where.startswith(str(tmp_path / "site")) and word == "問題"


def test_japanese_status_screen(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in i18n.ENVIRONMENT}
    subprocess.run([str(YOMITORI), "init", str(tmp_path / "d")], env=env, check=True,
                   capture_output=True, timeout=120)
    done = subprocess.run(
        [str(YOMITORI), "status", "-c", str(tmp_path / "d" / "yomitori.toml"),
         "--metrics", "127.0.0.1:1"],  # nothing answers there
        env=env | {"LANG": "ja_JP.UTF-8"}, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1 and done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Yomitori の状態（")
    assert "サービス   停止中（どのメトリクス接続先も応答しません）" in lines
    assert any(line.startswith("担当課       取込フォルダ") for line in lines)
    assert "  - サービスが動いていません。systemctl start yomitori.target で起動してください" \
        in lines
