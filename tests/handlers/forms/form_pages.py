"""Filled `checkup-18m` pages with known answers, shared by the form tests.

Pages are drawn with IPAex Gothic (printed), so every reading here is one Tesseract gets
right on a clean page; the tests check Yomitori's part: alignment, ink, kinds, review.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from benchmarks.forms_align import turn
from handlers.forms.template import FormTemplate, load_template
from scripts.fill_form import fill, printed_font

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = ROOT / "daemon" / "examples" / "forms" / "checkup-18m.toml"

ANSWERS: dict[str, str | bool | None] = {
    "filled_date": "令和元年5月1日",
    "siblings": "1",
    "child_kana": "サクラ ハルト",
    "child_name": "桜井 陽翔",
    "birth_date": "平成31年4月30日",
    "sex": "男",
    "birth_weight": "3110",
    "birth_height": "49.5",
    "guardian_name": "桜井 美咲",
    "relationship": "母",
    "postal_code": "123-4567",
    "phone": "03-1111-5678",
    "address": "東京都さくら区中央1丁目2番3号",
    "notes": "",
    "q1": "はい", "q2": "いいえ", "q3": "はい", "q4": "はい", "q5": None,
    "q6": "いいえ", "q7": "はい", "q8": "はい", "q9": "いいえ", "q10": "はい",
    "concern_meal": True, "concern_sleep": False, "concern_speech": True,
    "concern_teeth": False, "concern_skin": False, "concern_other": False,
}
MARKS = {"sex": "tick", "relationship": "circle", "q1": "tick", "q2": "cross", "q3": "fill",
         "q4": "circle", "concern_meal": "cross", "concern_speech": "fill"}

Image = npt.NDArray[np.uint8]


@cache
def template() -> FormTemplate:
    return load_template(TEMPLATE)


@cache
def filled() -> Image:
    """The form with ANSWERS written in, in the reference's frame (as if aligned)."""
    page = fill(template(), ANSWERS, printed_font("gothic"), random.Random(4), hand=False,
                marks=MARKS)
    return np.asarray(page, dtype=np.uint8)


def moved(image: Image, angle: float, shift: tuple[float, float], scale: float = 1.0) -> Image:
    """`image` turned `angle` degrees counter-clockwise about its centre, scaled, shifted by
    `shift` pixels, on white paper of the same size (as a skewed scan)."""
    height, width = image.shape
    matrix = turn((width, height), angle, shift, scale)
    return np.asarray(cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                                     borderMode=cv2.BORDER_CONSTANT, borderValue=255))
