"""Each kind of field read from a filled page in the reference's frame, with real Tesseract."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import cv2
import numpy as np
import pytest
from form_pages import ANSWERS, filled, template

from handlers.forms import handwritten
from handlers.forms.fields import model_languages, read_field
from handlers.forms.ink import ink_level, printed
from handlers.forms.template import Field
from handlers.ocr import models
from handlers.ocr.engine import Engine, Recognition, Word, create_engine
from handlers.ocr.result import FieldResult
from scripts.fill_form import fill, printed_font


@pytest.fixture(scope="module")
def engine() -> Engine:
    return create_engine()


def field(name: str) -> Field:
    return next(f for f in template().fields if f.name == name)


def read(name: str, engine: Engine, page: np.ndarray | None = None,
         spec: Field | None = None) -> FieldResult:
    image = filled() if page is None else page
    return read_field(spec or field(name), image, printed(template()), ink_level(image), 300.0,
                      engine)


def squash(text: object) -> str:
    return re.sub(r"\s+", "", str(text))


@pytest.mark.parametrize("name", ["child_name", "child_kana", "guardian_name", "address"])
def test_text_fields(name: str, engine: Engine) -> None:
    result = read(name, engine)
    assert squash(result.value) == squash(ANSWERS[name])
    assert 0.0 < result.confidence <= 1.0  # review depends on Tesseract's own confidence


@pytest.mark.parametrize("name", ["phone", "birth_weight", "birth_height", "postal_code",
                                  "siblings"])
def test_digit_fields_read_1_as_a_digit(name: str, engine: Engine) -> None:
    result = read(name, engine)
    assert result.value == ANSWERS[name]  # "03-1111-5678", never ー for 1
    assert not result.needs_review


@pytest.mark.parametrize(("name", "iso"), [("birth_date", "2019-04-30"),
                                           ("filled_date", "2019-05-01")])
def test_era_dates_on_both_sides_of_the_boundary(name: str, iso: str, engine: Engine) -> None:
    result = read(name, engine)
    assert squash(result.value) == ANSWERS[name]
    assert result.normalized == iso


def test_an_impossible_date_is_flagged(engine: Engine) -> None:
    answers = {**ANSWERS, "birth_date": "平成31年5月1日"}
    page = np.asarray(fill(template(), answers, printed_font("gothic"), random.Random(4),
                           hand=False), dtype=np.uint8)
    result = read("birth_date", engine, page)
    assert squash(result.value) == "平成31年5月1日"
    assert result.normalized is None and result.needs_review
    assert "date_invalid" in result.reasons


@pytest.mark.parametrize("name", ["sex", "relationship", "q1", "q2", "q3", "q4", "q10"])
def test_choices_marked_by_tick_circle_cross_or_fill(name: str, engine: Engine) -> None:
    result = read(name, engine)
    assert (result.value, result.needs_review) == (ANSWERS[name], False)


def test_an_unanswered_or_doubly_marked_choice_is_none_and_flagged(engine: Engine) -> None:
    unanswered = read("q5", engine)
    assert (unanswered.value, unanswered.needs_review) == (None, True)
    assert unanswered.reasons == ["unanswered"]
    page = filled().copy()
    x0, y0, x1, y1 = field("q1").options["いいえ"]
    cv2.line(page, (x0 + 10, y0 + 10), (x1 - 10, y1 - 10), 0, 5)  # a second mark
    both = read("q1", engine, page)
    assert (both.value, both.needs_review) == (None, True)
    assert both.reasons == ["two_answers"]


@pytest.mark.parametrize("name", ["concern_meal", "concern_sleep", "concern_speech",
                                  "concern_other"])
def test_check_boxes(name: str, engine: Engine) -> None:
    result = read(name, engine)
    assert (result.value, result.needs_review) == (ANSWERS[name], False)


def test_the_form_s_own_lines_are_not_read(engine: Engine) -> None:
    # The box taken wide enough to hold the printed cell's ruled lines on every side.
    x0, y0, x1, y1 = field("guardian_name").box
    wide = replace(field("guardian_name"), box=(x0 - 20, y0 - 20, x1 + 20, y1 + 20))
    result = read("guardian_name", engine, spec=wide)
    assert squash(result.value) == squash(ANSWERS["guardian_name"])
    x0, y0, x1, y1 = field("notes").box  # an empty cell, taken with its lines
    empty = read("notes", engine, spec=replace(field("notes"), box=(x0 - 20, y0 - 20, x1 + 20,
                                                                    y1 + 20)))
    assert (empty.value, empty.needs_review) == ("", False)


def test_empty_boxes_are_flagged_only_where_a_value_is_required(engine: Engine) -> None:
    assert (read("notes", engine).value, read("notes", engine).needs_review) == ("", False)
    page = filled().copy()
    x0, y0, x1, y1 = field("child_name").box
    page[y0:y1, x0:x1] = 255
    result = read("child_name", engine, page)
    assert (result.value, result.needs_review, result.confidence) == ("", True, 0.0)
    assert result.reasons == ["unanswered"]


def test_a_value_that_fails_its_pattern_is_flagged(engine: Engine) -> None:
    strict = replace(field("phone"), pattern=re.compile(r"^090-\d{4}-\d{4}$"))
    result = read("phone", engine, spec=strict)
    assert result.value == ANSWERS["phone"] and result.needs_review
    assert "pattern" in result.reasons


class Scripted:
    """An engine that answers each model's reading from a script: languages → text."""

    name = "scripted"

    def __init__(self, answers: dict[str, str | list[str]]) -> None:
        self.answers = answers
        self.asked: list[str] = []
        self.modes: list[int] = []

    def recognize(self, image: np.ndarray, *, languages: str = "jpn+eng", psm: int = 3,
                  dpi: int = 300, whitelist: str | None = None,
                  fax: bool = False, mend: bool = False, invert: bool = True) -> Recognition:
        assert not mend  # a field is read as written: no words mend a name
        self.asked.append(languages)
        self.modes.append(psm)
        answer = self.answers[languages]  # a list: one answer per call, in turn
        text = answer if isinstance(answer, str) else answer[self.asked.count(languages) - 1]
        return Recognition(text, 0.9, (Word(text, 0.9, (0, 0, 1, 1)),))

    def close(self) -> None:
        pass


@pytest.fixture
def models_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tesseract's second opinions, without the handwriting recognizer: the voting of
    Tesseract's readings alone."""
    monkeypatch.setattr(models, "second_opinion", lambda languages, model: "+".join(
        f"{language}_{model}" for language in languages.split("+")))
    monkeypatch.setattr(models, "handwriting_files", lambda: None)


def read_scripted(name: str, answers: dict[str, str | list[str]],
                  page: np.ndarray | None = None) -> tuple[FieldResult, list[str]]:
    engine = Scripted(answers)
    return read(name, engine, page), engine.asked


@pytest.mark.usefixtures("models_installed")
def test_a_third_model_settles_two_that_differ() -> None:
    result, asked = read_scripted("child_name", {"jpn": "高橋 計", "jpn_std": "高橋 詩",
                                                 "jpn_best": "高橋 詩"})
    assert asked == ["jpn", "jpn_std", "jpn_best"]
    assert (result.value, result.needs_review) == ("高橋詩", True)  # not all agreed
    agreed, asked = read_scripted("child_name", {"jpn": "高橋 詩", "jpn_std": "高橋詩"})
    assert asked == ["jpn", "jpn_std"]  # whitespace aside they agree: no third reading
    assert squash(agreed.value) == "高橋詩"


@pytest.mark.usefixtures("models_installed")
def test_three_different_readings_are_voted_character_by_character() -> None:
    result, _ = read_scripted("child_kana", {"jpn": "タイハシ レン", "jpn_std": "タカハシ レソ",
                                             "jpn_best": "タカハツレン"})
    assert (result.value, result.needs_review) == ("タカハシレン", True)


@pytest.mark.usefixtures("models_installed")
def test_date_readings_agree_on_the_day_and_an_invalid_one_agrees_with_nothing() -> None:
    # The system and best models both lose the era's first character the same way: as no
    # day, their agreement counts for nothing and the third reading decides.
    result, asked = read_scripted("birth_date", {"jpn": "令6年4月18日", "jpn_best": "令6年4月18日"})
    assert asked == ["jpn", "jpn_best", "jpn"]
    assert result.needs_review
    same_day, asked = read_scripted("birth_date", {"jpn": "令和6年4月18",
                                                   "jpn_best": "令和6年4月18日"})
    assert asked == ["jpn", "jpn_best"]
    assert same_day.normalized == "2024-04-18"


@pytest.mark.usefixtures("models_installed")
def test_digits_are_read_by_the_english_models() -> None:
    result, asked = read_scripted("phone", {"eng": "03-1111-5678", "eng_best": "03-1111-5678"})
    assert asked == ["eng", "eng_best"] and result.value == "03-1111-5678"


def test_without_the_second_opinion_models_the_system_model_reads_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "second_opinion", lambda languages, model: None)
    monkeypatch.setattr(models, "handwriting_files", lambda: None)
    result, asked = read_scripted("child_name", {"jpn": "高橋 詩"})
    assert set(asked) == {"jpn"} and squash(result.value) == "高橋詩"


def test_a_mixed_language_field_is_read_by_the_real_second_opinions(engine: Engine) -> None:
    mixed = replace(field("address"), languages="jpn+eng")
    assert models.second_opinion("jpn+eng", "std") == "jpn_std+eng_best"  # make setup's
    result = read("address", engine, spec=mixed)
    assert squash(result.value) == squash(ANSWERS["address"])


@pytest.mark.usefixtures("models_installed")
def test_a_reading_that_fails_the_pattern_agrees_with_nothing() -> None:
    # Two models read 3 as 8 the same way, but 8 digits fail the postal code's pattern.
    result, asked = read_scripted("postal_code", {"eng": "123-45678", "eng_best": "123-45678"})
    assert asked == ["eng", "eng_best", "eng"] and result.needs_review


@pytest.mark.usefixtures("models_installed")
@pytest.mark.parametrize(("implausible", "flagged"), [(False, False), (True, True)])
def test_tesseract_confirms_an_unsure_handwriting_reading_unless_implausible(
        monkeypatch: pytest.MonkeyPatch, implausible: bool, flagged: bool) -> None:
    monkeypatch.setattr(handwritten, "read", lambda field, ink: handwritten.Reading(
        "イノウエ イツキ", 0.5, implausible))
    result, asked = read_scripted("child_kana", {"jpn": "イノウエ イツキ", "jpn_std": "x"})
    assert asked == ["jpn"]  # the first Tesseract reading agrees: no second
    assert (result.value, result.needs_review) == ("イノウエ イツキ", flagged)
    assert result.reason == ("unsure" if flagged else None)


@pytest.mark.usefixtures("models_installed")
def test_a_look_alike_that_makes_a_word_is_flagged_though_tesseract_agrees(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """前田 read as 前由 by the recognizer and by Tesseract alike: only the word 前田, which
    the recognizer's own alternative makes, tells (`lexicon.similar_word`)."""
    monkeypatch.setattr(handwritten, "read", lambda field, ink: handwritten.Reading(
        "前由 智子", 0.99, similar_word=True))
    result, asked = read_scripted("guardian_name", {"jpn": "前由 智子"})
    assert asked == []  # the recognizer was sure
    assert (result.value, result.needs_review, result.reason) == ("前由 智子", True, "unsure")
    assert result.reasons == ["similar_word"]


@pytest.mark.usefixtures("models_installed")
def test_an_unsure_handwriting_reading_nothing_confirms_is_flagged_unsure(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(handwritten, "read",
                        lambda field, ink: handwritten.Reading("桜井 陽翔", 0.6))
    result, asked = read_scripted("child_name", {"jpn": "桜井 陽翻", "jpn_std": "楼井 陽翔"})
    assert asked == ["jpn", "jpn_std"]
    assert (result.value, result.needs_review, result.reason) == ("桜井 陽翔", True, "unsure")
    sure = handwritten.Reading("桜井 陽翔", 0.99)
    monkeypatch.setattr(handwritten, "read", lambda field, ink: sure)
    alone, asked = read_scripted("child_name", {})
    assert asked == [] and not alone.needs_review  # sure: Tesseract is not asked


@pytest.mark.usefixtures("models_installed")
def test_tesseract_reads_a_field_of_several_lines_row_by_row(
        monkeypatch: pytest.MonkeyPatch) -> None:
    notes = "夜泣きが続いています。ことばが少ない気がします。歯みがきを嫌がります。"
    page = np.asarray(fill(template(), {**ANSWERS, "notes": notes}, printed_font("gothic"),
                           random.Random(4), hand=False), dtype=np.uint8)
    monkeypatch.setattr(handwritten, "read",
                        lambda field, ink: handwritten.Reading(notes, 0.6))
    engine = Scripted({"jpn": ["夜泣きが続いています。ことばが少ない気がします。歯みが",
                               "きを嫌がります。"]})
    result = read("notes", engine, page)
    # Each written row as a raw line (psm 13), not the block (psm 6, whose doubtful lines
    # are read again and again); the rows' readings joined confirm the recognizer's.
    assert engine.modes == [13, 13]
    assert (result.value, result.needs_review) == (notes, False)


def test_the_models_a_form_may_be_read_with_can_be_named_before_its_first_page(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert model_languages(template().fields) == {"jpn", "jpn_std", "jpn_best", "eng",
                                                  "eng_best"}  # make setup's
    monkeypatch.setattr(models, "second_opinion", lambda languages, model: None)
    assert model_languages(template().fields) == {"jpn", "eng"}
    assert model_languages([field("sex"), field("concern_meal")]) == set()  # marks only


@pytest.mark.usefixtures("models_installed")
def test_a_second_model_is_asked_only_when_the_first_came_close(
        monkeypatch: pytest.MonkeyPatch) -> None:
    address = "東京都さくら区中央1丁目2番3号"
    monkeypatch.setattr(handwritten, "read",
                        lambda field, ink: handwritten.Reading(address, 0.6))
    far, asked = read_scripted("address", {"jpn": "東京者ミくら反中央 ①T 日 ② 書 ③ 号",
                                           "jpn_std": address})
    assert asked == ["jpn"]  # eight characters off: Tesseract cannot read this hand
    assert (far.value, far.needs_review, far.reason) == (address, True, "unsure")
    near, asked = read_scripted("address", {"jpn": "東京者さくら区中央1T目2番3号",
                                            "jpn_std": address})
    assert asked == ["jpn", "jpn_std"]  # two off: the second model confirms
    assert (near.value, near.needs_review) == (address, False)


@pytest.mark.usefixtures("models_installed")
def test_a_confirmation_does_not_count_when_the_other_model_read_the_runner_up(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def recognizer_doubts(runners_up: frozenset[tuple[str, str]]) -> None:
        monkeypatch.setattr(handwritten, "read", lambda field, ink: handwritten.Reading(
            "桜井 惠", 0.67, runners_up=runners_up))

    answers: dict[str, str | list[str]] = {"jpn": "桜井恵", "jpn_std": "桜井惠"}
    recognizer_doubts(frozenset({("桜", "楼"), ("惠", "恵")}))
    contested, asked = read_scripted("guardian_name", answers)
    assert asked == ["jpn", "jpn_std"]  # the second model agrees with the recognizer, but
    assert (contested.value, contested.needs_review) == ("桜井 惠", True)  # 恵 was its own
    recognizer_doubts(frozenset({("惠", "恩")}))  # the first model's 恵 is no runner-up
    confirmed, _ = read_scripted("guardian_name", answers)
    assert (confirmed.value, confirmed.needs_review) == ("桜井 惠", False)
