"""The handwriting recognizer's decoding under constraints, and names keeping their space.

The decoding tests give `Recognizer.decode` made-up step probabilities (no model needed);
the last tests run the installed PP-OCRv5 model (`make setup` installs it) and fail
without it.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from form_pages import filled, template

from handlers.forms import handwritten
from handlers.forms.fields import read_field
from handlers.forms.ink import ink_level, printed, written
from handlers.forms.model import Field
from handlers.ocr import handwriting, models
from handlers.ocr.engine import create_engine

CHARACTERS = ["", "1", "2", "I", "l", "年", "月", "日", "令", "和", "サ", "ク", "ラ", "<", " "]


def recognizer() -> handwriting.Recognizer:
    """A recognizer whose dictionary is CHARACTERS, with no model behind it."""
    made = handwriting.Recognizer.__new__(handwriting.Recognizer)
    made.characters = CHARACTERS
    made._index = {char: i for i, char in enumerate(CHARACTERS) if i}
    return made


def steps(*rows: dict[str, float]) -> np.ndarray:
    """Step probabilities: each row names its characters' probabilities ("" is blank)."""
    out = np.full((len(rows), len(CHARACTERS)), 1e-6, dtype=np.float32)
    for number, row in enumerate(rows):
        for char, p in row.items():
            out[number, CHARACTERS.index(char)] = p
    return out


def test_digits_only_turn_an_i_into_a_one() -> None:
    model = recognizer()
    probs = steps({"I": 0.6, "1": 0.35}, {"": 0.9}, {"2": 0.9})
    assert model.decode(probs).text == "I2"
    digits = model.decode(probs, model.alphabet("0123456789"))
    assert digits.text == "12"
    assert digits.confidence == pytest.approx(0.35, abs=0.01)  # mass outside lowers it


def test_a_repeated_character_needs_a_blank_between() -> None:
    model = recognizer()
    assert model.decode(steps({"1": 0.9}, {"1": 0.9}, {"": 0.9})).text == "1"
    assert model.decode(steps({"1": 0.9}, {"": 0.9}, {"1": 0.9})).text == "11"


def test_the_pattern_chooses_among_the_best_readings() -> None:
    model = recognizer()
    probs = steps({"1": 0.9}, {"": 0.9}, {"2": 0.55, "": 0.45}, {"": 0.9}, {"年": 0.9})
    assert model.decode(probs).text == "12年"
    one_digit = model.decode(probs, fits=lambda text: re.fullmatch(r"\d年", text) is not None)
    assert one_digit.text == "1年"


def test_each_character_knows_where_it_lies() -> None:
    model = recognizer()
    reading = model.decode(steps({"サ": 0.9}, {"": 0.9}, {"": 0.9}, {"ク": 0.9}))
    assert reading.text == "サク"
    assert reading.spans == ((0.0, 0.25), (0.75, 1.0))
    assert reading.characters == pytest.approx((0.9, 0.9))


def test_the_search_tries_each_step_s_most_probable_labels_over_the_floor() -> None:
    rng = np.random.default_rng(7)
    for columns in (3, 6, 40, 18_000):  # fewer labels than TOP, and a text field's many
        logits = rng.normal(0, rng.uniform(1, 12), (60, columns)).astype(np.float32)
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        for step, tried in zip(probs, handwriting._candidates(probs), strict=True):
            labels = np.argsort(-step[1:], kind="stable")[:handwriting.TOP] + 1
            expected = {int(c) for c in labels if step[c] >= handwriting.STEP_FLOOR}
            assert set(tried.tolist()) == expected


def test_text_fields_exclude_symbols_and_kana_fields_read_only_kana() -> None:
    model = recognizer()
    probs = steps({"サ": 0.9}, {"<": 0.6, "ク": 0.3}, {"ラ": 0.9})
    name = Field("x", "text", (0, 0, 10, 10))
    assert model.decode(probs).text == "サ<ラ"
    alphabet = handwritten._alphabet(model, name)
    assert model.decode(probs, alphabet).text == "サクラ"
    kana = Field("k", "text", (0, 0, 10, 10), pattern=re.compile(r"^[ァ-ヴー・\s　]+$"))
    kana_alphabet = handwritten._alphabet(model, kana)
    assert kana_alphabet is not None
    assert {CHARACTERS[i] for i in kana_alphabet.columns[1:]} == {"サ", "ク", "ラ", " "}


def test_a_name_keeps_the_space_at_its_widest_gap() -> None:
    mask = np.zeros((40, 300), dtype=bool)
    for left in (0, 45, 170, 215, 260):  # 姓 of two characters, a gap, 名 of three
        mask[:, left:left + 38] = True
    reading = handwriting.Reading("桜井陽翔子", 0.9, (0.9,) * 5,
                                  tuple(((x + 20) / 340 - 0.02, (x + 20) / 340 + 0.08)
                                        for x in (0, 45, 170, 215, 260)))
    assert handwritten._spaced(reading, mask, (0, 0, 300, 40), 340) == "桜井 陽翔子"
    even = np.zeros((40, 300), dtype=bool)
    for left in range(0, 300, 50):  # evenly written: no gap stands out
        even[:, left:left + 38] = True
    assert handwritten._name_gap(even) is None


def test_ink_where_no_character_was_read_makes_the_reading_unsure() -> None:
    """木村 蓮 read as 村 蓮, with confidence: 木's ink lies a character away from
    everything read. A space between 姓 and 名 holds no ink, and is no such place."""
    mask = np.zeros((40, 300), dtype=bool)
    lefts = (0, 45, 170)  # 木 村, a gap, 蓮
    for left in lefts:
        mask[:, left:left + 38] = True

    def reading(text: str, at: tuple[int, ...]) -> handwriting.Reading:
        spans = tuple(((x + 39) / 340 - 0.02, (x + 39) / 340 + 0.02) for x in at)  # middles
        return handwriting.Reading(text, 0.97, (0.97,) * len(text), spans)

    box, width = (0, 0, 300, 40), 340  # a crop of 20 px margin each side
    assert not handwritten.unread_ink(reading("木村蓮", lefts), mask, box, width)
    assert handwritten.unread_ink(reading("村蓮", lefts[1:]), mask, box, width)
    stray = mask.copy()
    stray[30:34, 100:108] = True  # a stroke's tail, narrower than a third of the height
    assert not handwritten.unread_ink(reading("木村蓮", lefts), stray, box, width)


@pytest.fixture(scope="module")
def installed() -> handwriting.Recognizer:
    model = handwritten.recognizer()
    assert model is not None, (
        f"the handwriting model is not installed: missing {models.missing_models()}; "
        "run `make setup` (yomitori models install)")
    return model


def test_the_installed_model_reads_a_field_and_a_name_keeps_its_space(
        installed: handwriting.Recognizer) -> None:
    form = template()
    page = filled()
    spec = next(f for f in form.fields if f.name == "child_name")
    ink = written(page, spec.box, printed(form), ink_level(page), form.dpi)
    reading = handwritten.read(spec, ink)
    assert reading is not None and reading.value == "桜井 陽翔"
    result = read_field(spec, page, printed(form), ink_level(page), form.dpi, create_engine())
    assert result.value == "桜井 陽翔" and not result.needs_review


def test_a_doubtful_small_kana_makes_the_reading_unsure() -> None:
    def line(text: str, small: float = 0.999) -> handwriting.Reading:
        sure = tuple(small if char in handwritten.SMALL_KANA else 0.999 for char in text)
        return handwriting.Reading(text, min(sure), sure, ((0.0, 0.1),) * len(text))

    assert handwritten._confidence(line("ショウタ")) == pytest.approx(0.999)
    assert handwritten._confidence(line("ミッキ", small=0.97)) < handwritten.SURE
    assert handwritten._confidence(line("ハャテ")) < handwritten.SURE  # ャ after ハ: no
    assert handwritten._confidence(line("イノウエ ィツキ")) < handwritten.SURE  # starts a word
    assert handwritten._confidence(line("イノウェ"), name=True) < handwritten.SURE
    assert handwritten._confidence(line("ウェディング")) == pytest.approx(0.999)  # not a name
    assert handwritten._confidence(line("若葉3T目9番")) < handwritten.SURE  # 丁 read as T
    assert handwritten._confidence(line("中央1-2-3")) == pytest.approx(0.999)


def test_each_character_knows_its_runner_up() -> None:
    model = recognizer()
    reading = model.decode(steps({"サ": 0.7, "ク": 0.2}, {"": 0.9}, {"ラ": 0.9}))
    assert reading.text == "サラ"
    assert reading.runners_up == ("ク", "")  # nothing else was probable where ラ is
    (other, probability), = reading.alternatives[0]  # the rest are under STEP_FLOOR
    assert other == "ク" and probability == pytest.approx(0.2)
