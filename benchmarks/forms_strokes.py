"""Stroke-drawn handwriting for the forms benchmark: KanjiVG's stroke order, varied by hand.

The characters' strokes come from KanjiVG (https://kanjivg.tagaini.net, © Ulrich Apel and
contributors, Creative Commons Attribution-Share Alike 3.0), which holds kana, kanji and
digits as SVG paths in writing order. It is not part of Yomitori: `kanjivg` downloads its
PyPI wheel (`kanjivg==20260714`, checked against the pinned SHA-256) with pip into the
benchmark's build folder the first time the stroke set is made, and reads it from there.
Each character is then drawn by `scripts.hand_strokes` with its own variation.

Marks (`mark_plan`) take every style in turn: tick, cross, fill, circle, circle round the
label, circle round the check square, tick beside the label, a corrected answer (the other
option struck out with two lines, the answer marked) and two answers (both marked; the
right reading is none, flagged).
"""

from __future__ import annotations

import hashlib
import random
import re
import subprocess
import sys
import zipfile
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from scripts.fill_form import MARKS
from scripts.hand_strokes import Strokes, parse_path

VERSION = "20260714"
WHEEL = f"kanjivg-{VERSION}-py3-none-any.whl"
SHA256 = "5190e7ec4eb513dbe6865b2ed52c58287fc10ea514b9409e4cf66ce7db41644d"
STYLES = (*MARKS, "corrected", "two_answers")
_PATH = re.compile(r'<path[^>]* d="([^"]+)"')


def fetch(folder: Path) -> Path:
    """KanjiVG's wheel in `folder`, downloaded with pip when it is not there yet."""
    wheel = folder / WHEEL
    if not wheel.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        f"kanjivg=={VERSION}", "--dest", str(folder)], check=True)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != SHA256:
        raise RuntimeError(f"{wheel} is not the pinned KanjiVG wheel (SHA-256 {digest})")
    return wheel


class KanjiVG:
    """Strokes of a character from the KanjiVG wheel (None when it has none)."""

    def __init__(self, wheel: Path) -> None:
        self._zip = zipfile.ZipFile(wheel)
        self._names = set(self._zip.namelist())

    @lru_cache(maxsize=4096)  # noqa: B019 - one instance per run
    def __call__(self, char: str) -> Strokes | None:
        name = f"kanji/{ord(char):05x}.svg"
        if name not in self._names:
            return None
        svg = self._zip.read(name).decode("utf-8")
        return [parse_path(d) for d in _PATH.findall(svg)]


def mark_plan(template_choices: dict[str, tuple[str, ...]], answers: Mapping[str, object],
              rng: random.Random, start: int) -> tuple[dict[str, str], dict[str, str],
                                                       dict[str, str], dict[str, str]]:
    """For each answered choice and check box: its style (in turn from `start`), and for
    choices the option struck out (corrected) or marked too (two answers).

    Returns marks (field → drawn mark), styles (field → style scored under), struck and
    also (field → option)."""
    marks, styles, struck, also = {}, {}, {}, {}
    turn = start
    for name, options in template_choices.items():
        value = answers.get(name)
        if value is None or value is False:
            continue
        style = STYLES[turn % len(STYLES)] if options else MARKS[turn % len(MARKS)]
        turn += 1
        styles[name] = style
        marks[name] = style if style in MARKS else rng.choice(MARKS)
        others = [option for option in options if option != value]
        if style == "corrected":
            struck[name] = rng.choice(others)
        elif style == "two_answers":
            also[name] = rng.choice(others)
    return marks, styles, struck, also
