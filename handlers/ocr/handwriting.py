"""A line recognizer that reads handwriting: PP-OCRv5's recognition model on ONNX Runtime.

Tesseract's models were trained on print; on hand-written field entries they read few
fields exactly. PP-OCRv5's text-line recognizer (a CTC model, Apache License 2.0, its
Japanese-capable dictionary of 18,383 characters) reads them far better, on one core, in a
few tens of milliseconds per field. Its files are installed with the other field models
(`handlers.ocr.models`: `yomitori models install`, pinned by SHA-256) and loaded once per
process (`load`); nothing is downloaded at run time, and without them fields are read by
Tesseract alone.

A CTC model gives, for every step along the line, a probability for each character and for
"no character" (blank). That makes decoding under constraints cheap and strong: `decode`
keeps only the characters a field may hold (digits, the date alphabet, kana: `Alphabet`),
searches the best few readings (a prefix beam search) and returns the most probable one
that fits the field's pattern. Each character's confidence is its probability at the steps
that gave it; a reading's confidence is its least sure character. The steps also say where
each character lies along the line (`Reading.spans`), which is how a name keeps the space
between 姓 and 名 (`handlers.forms.fields`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from handlers.ocr.ctc import Steps

HEIGHT = 48  # the model's input height in pixels
MAX_WIDTH = 1600  # wider lines are squeezed: the model sees at most this many pixels
BEAM = 8  # readings kept at each step of the beam search
TOP = 4  # characters tried at each step (the most probable within the alphabet)
STEP_FLOOR = 1e-4  # steps where the best allowed character is below this are blank
ALTERNATIVES = 3  # other characters kept per character read (`Reading.alternatives`)

Image = npt.NDArray[np.uint8]
Probabilities = npt.NDArray[np.float32]
Fits = Callable[[str], bool]


@dataclass(frozen=True)
class Reading:
    """A decoded line: its text, confidence 0..1 (its least sure character), each
    character's confidence, each character's steps along the line as fractions of the
    line's width (start, end), and each character's alternatives: the other characters of
    the alphabet most probable at its steps (up to `ALTERNATIVES`, each with its
    probability there, at least `STEP_FLOOR`), most probable first; and, when asked for,
    what was heard at every `steps` along the line, to weigh other readings of it with."""

    text: str
    confidence: float
    characters: tuple[float, ...]
    spans: tuple[tuple[float, float], ...]
    alternatives: tuple[tuple[tuple[str, float], ...], ...] = ()
    steps: Steps | None = field(default=None, compare=False, repr=False)

    @property
    def runners_up(self) -> tuple[str, ...]:
        """Each character's most probable alternative ("" when it has none)."""
        return tuple(others[0][0] if others else "" for others in self.alternatives)


class Alphabet:
    """The characters a field may hold, as columns of the model's output, and the character
    of each of those columns ("" for the blank)."""

    def __init__(self, columns: npt.NDArray[np.int64], characters: tuple[str, ...]) -> None:
        self.columns = columns
        self.characters = characters


class Recognizer:
    """PP-OCRv5 recognition on ONNX Runtime, one thread (the service runs a worker per
    core). `characters[0]` is CTC's blank."""

    def __init__(self, model: Path, dictionary: Path) -> None:
        import onnxruntime  # imported here: only a process that reads fields pays for it

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"])
        self._input = self._session.get_inputs()[0].name
        lines = dictionary.read_text("utf-8").splitlines()
        self.characters: list[str] = ["", *lines, " "]
        self._index = {char: i for i, char in enumerate(self.characters) if i}

    def alphabet(self, allowed: Callable[[str], bool] | str) -> Alphabet:
        """The columns of the characters in `allowed` (a string of them, or a test)."""
        test = allowed.__contains__ if isinstance(allowed, str) else allowed
        chosen = [(i, char) for char, i in self._index.items() if test(char)]
        return Alphabet(np.array([0, *(i for i, _ in chosen)], dtype=np.int64),
                        ("", *(char for _, char in chosen)))

    def probabilities(self, crop: Image) -> Probabilities:
        """Per step (left to right) the probability of each character; `crop` is uint8
        grayscale, dark ink on white, one line."""
        height, width = crop.shape[:2]
        target = min(MAX_WIDTH, max(HEIGHT, math.ceil(HEIGHT * width / max(1, height))))
        resized = cv2.resize(crop, (target, HEIGHT), interpolation=cv2.INTER_AREA
                             if height > HEIGHT else cv2.INTER_CUBIC)
        data = (resized.astype(np.float32) / 127.5 - 1.0)[None, None]
        batch = np.repeat(data, 3, axis=1)  # the model takes three colour planes
        output: Any = self._session.run(None, {self._input: batch})[0]
        return np.asarray(output[0], dtype=np.float32)

    def decode(self, probabilities: Probabilities, alphabet: Alphabet | None = None,
               fits: Callable[[str], bool] | None = None, steps: bool = False) -> Reading:
        """The most probable reading within `alphabet` (None: any character) that `fits`
        (None: any); the most probable one at all when none of the best few fits; with its
        `steps` within `alphabet` when asked for."""
        columns = alphabet.columns if alphabet is not None else None
        probs = probabilities if columns is None else probabilities[:, columns]
        beams = _beam_search(probs)
        chosen = next((beam for beam in beams if fits is None or fits(self._text(beam, columns))),
                      beams[0])
        reading = self._reading(chosen, probs, columns)
        if not steps:
            return reading
        characters = self.characters if alphabet is None else alphabet.characters
        return dataclasses.replace(reading, steps=Steps.of(probs, characters))

    def read(self, crop: Image, alphabet: Alphabet | None = None,
             fits: Callable[[str], bool] | None = None, steps: bool = False) -> Reading:
        """`decode` of `probabilities`."""
        return self.decode(self.probabilities(crop), alphabet, fits, steps)

    def _text(self, beam: tuple[int, ...], columns: npt.NDArray[np.int64] | None) -> str:
        return "".join(self.characters[int(c if columns is None else columns[c])] for c in beam)

    def _reading(self, beam: tuple[int, ...], probs: Probabilities,
                 columns: npt.NDArray[np.int64] | None) -> Reading:
        steps = len(probs)
        confidences: list[float] = []
        spans: list[tuple[float, float]] = []
        alternatives: list[tuple[tuple[str, float], ...]] = []
        for start, end in _align(beam, probs):
            column = beam[len(confidences)]
            confidences.append(float(probs[start:end, column].max()))
            spans.append((start / steps, end / steps))
            others = probs[start:end].max(axis=0)
            others[[0, column]] = 0.0  # blank and the character itself
            kept = min(ALTERNATIVES, len(others))
            best = np.argpartition(others, -kept)[-kept:]
            alternatives.append(tuple(
                (self._text((int(c),), columns), float(others[c]))
                for c in best[np.argsort(-others[best])] if others[c] >= STEP_FLOOR))
        text = self._text(beam, columns)
        return Reading(text, min(confidences, default=0.0), tuple(confidences), tuple(spans),
                       tuple(alternatives))


def _beam_search(probs: Probabilities) -> list[tuple[int, ...]]:
    """CTC prefix beam search over `probs` (steps x columns, column 0 blank): the best
    `BEAM` label sequences (column indices), most probable first."""
    # beam -> (probability ending in blank, probability ending in its last label)
    beams: dict[tuple[int, ...], tuple[float, float]] = {(): (1.0, 0.0)}
    for step, candidates in zip(probs, _candidates(probs), strict=True):
        blank = float(step[0])
        if not len(candidates) and blank > 1 - STEP_FLOOR:
            # a gap between characters: every reading now ends in blank
            beams = {prefix: (b + lab, 0.0) for prefix, (b, lab) in beams.items()}
            continue
        following: dict[tuple[int, ...], list[float]] = {}
        for prefix, (p_blank, p_label) in beams.items():
            total = p_blank + p_label
            entry = following.setdefault(prefix, [0.0, 0.0])
            entry[0] += total * blank
            if prefix:
                entry[1] += p_label * float(step[prefix[-1]])
            for column in candidates:
                label = int(column)
                extended = following.setdefault((*prefix, label), [0.0, 0.0])
                p = float(step[label])
                extended[1] += (p_blank if prefix and prefix[-1] == label else total) * p
        ranked = sorted(following.items(), key=lambda item: -(item[1][0] + item[1][1]))[:BEAM]
        scale = sum(b + lab for _, (b, lab) in ranked) or 1.0  # keep numbers in range
        beams = {prefix: (b / scale, lab / scale) for prefix, (b, lab) in ranked}
    return list(beams)


def _candidates(probs: Probabilities) -> list[npt.NDArray[np.intp]]:
    """Per step, the columns worth extending a reading with: the `TOP` most probable
    labels (blank aside) that reach `STEP_FLOOR`.

    Only the few columns that reach the floor at some step can be among them, so the top
    labels are picked among those: the same columns as partitioning every step's 18,000
    (a text field's alphabet), which took three quarters of the search's time.
    """
    useful = np.flatnonzero((probs[:, 1:] >= STEP_FLOOR).any(axis=0)) + 1
    small = probs[:, useful]
    if len(useful) > TOP:
        best = np.argpartition(small, -TOP, axis=1)[:, -TOP:]
    else:
        best = np.broadcast_to(np.arange(len(useful)), (len(probs), len(useful)))
    return [useful[row[small[step, row] >= STEP_FLOOR]] for step, row in enumerate(best)]


def _align(beam: tuple[int, ...], probs: Probabilities) -> list[tuple[int, int]]:
    """For each label of `beam`, the steps [start, end) that emit it: the greedy path's
    runs of that label, matched to the labels in order; a label no run matches gets the
    step where it is most probable after the previous label."""
    spans: list[tuple[int, int]] = []
    position = 0
    best = probs.argmax(axis=1)
    for label in beam:
        run = _next_run(best, label, position)
        if run is None:
            window = probs[position:, label]
            at = position + int(window.argmax()) if len(window) else len(probs) - 1
            run = (at, at + 1)
        spans.append(run)
        position = run[1]
    return spans


def _next_run(best: npt.NDArray[np.intp], label: int, position: int) -> tuple[int, int] | None:
    hits = np.nonzero(best[position:] == label)[0]
    if not len(hits):
        return None
    start = position + int(hits[0])
    end = start
    while end < len(best) and best[end] == label:
        end += 1
    return start, end


@lru_cache(maxsize=1)
def load(model: Path | None, dictionary: Path | None) -> Recognizer | None:
    """The recognizer for these files, made once per process; None without them or
    without ONNX Runtime."""
    if model is None or dictionary is None:
        return None
    try:
        return Recognizer(model, dictionary)
    except ImportError:
        return None

