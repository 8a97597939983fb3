"""The word list that tells a misread kanji from a written one (`handlers.ocr.lexicon`).

It is read from the system's jpn.traineddata (Debian's tesseract-ocr-jpn, which `make
setup` installs); these tests fail without it.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from handlers.ocr import lexicon, models


def test_the_word_list_is_read_from_the_japanese_traineddata() -> None:
    found = lexicon.read_words(models.tessdata_dir() / "jpn.traineddata")
    assert len(found) > 100_000
    known = lexicon.words()
    assert {"丁目", "山田", "前田", "木村", "特に", "保育園"} <= known
    assert {"丁日", "前由", "待に"}.isdisjoint(known)


def test_characters_no_word_covers_are_counted() -> None:
    assert lexicon.uncovered("本町4丁目29番") < lexicon.uncovered("本町4丁日29番")
    assert lexicon.uncovered("ありがとう。") == 0  # hiragana stand alone
    assert lexicon.uncovered("") == 0
    assert lexicon.uncovered("住所・氏名・年齢") == 0  # the middle dot is punctuation
    assert not lexicon.counted("・") and lexicon.counted("ー")


def test_where_the_characters_outside_words_stand_is_told() -> None:
    # 籍 and 人 stand alone (不籍 is no word); the hiragana are free.
    assert lexicon.outside_words("不籍な人を見かけたら") == [0, 1, 3]
    assert lexicon.outside_words("不審な人を") == [3]
    assert lexicon.outside_words("住所・氏名") == lexicon.outside_words("") == []
    text = "受付番号第50号担当福祉更務所"
    assert len(lexicon.outside_words(text)) == lexicon.uncovered(text)


def alternatives(text: str, **others: tuple[str, float]) -> list[tuple[tuple[str, float], ...]]:
    """Per character of `text`: no alternative, but where `others` names the character."""
    return [(others[char],) if char in others else () for char in text]


def test_a_sure_kanji_whose_look_alike_makes_a_word_is_doubtful() -> None:
    assert lexicon.similar_word("前由智子", alternatives("前由智子", 由=("田", 0.02)))
    assert lexicon.similar_word("4丁日29番", alternatives("4丁日29番", 日=("目", 0.03)))
    assert lexicon.similar_word("待にありません", alternatives("待にありません", 待=("特", 0.3)))


def test_a_kanji_whose_look_alike_came_close_and_makes_a_word_as_well_is_doubtful() -> None:
    """阪本 and 坂本 are both names: when the recognizer hesitated between them (CLOSE),
    the words cannot tell, and a person must."""
    assert lexicon.similar_word("阪本樹", alternatives("阪本樹", 阪=("坂", 0.04)))
    assert not lexicon.similar_word("阪本樹", alternatives("阪本樹", 阪=("坂", 0.01)))


def test_a_word_read_right_stays_as_it_is() -> None:
    assert not lexicon.similar_word("山田智子", alternatives("山田智子", 田=("由", 0.02)))
    # Too improbable an alternative is not tried: most characters have some.
    assert not lexicon.similar_word("前由智子", alternatives("前由智子", 由=("田", 0.0005)))
    # Katakana names are no words: one kana for another is not judged.
    assert not lexicon.similar_word("ヒマリ", alternatives("ヒマリ", マ=("ヤ", 0.2)))
    assert not lexicon.similar_word("12日", alternatives("12日", 日=("8", 0.2)))


def test_without_a_word_list_nothing_is_judged(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    broken = tmp_path / "jpn.traineddata"
    broken.write_bytes(struct.pack("<i", 2) + struct.pack("<2q", -1, -1))
    with pytest.raises(ValueError, match="no word list"):
        lexicon.read_words(broken)
    monkeypatch.setattr(models, "tessdata_dir", lambda: tmp_path)
    lexicon.words.cache_clear()
    try:
        assert lexicon.words() == frozenset()
        assert not lexicon.similar_word("前由", alternatives("前由", 由=("田", 0.02)))
    finally:
        lexicon.words.cache_clear()


def test_the_words_of_a_ward_office_are_added_to_the_list() -> None:
    """区民 and 開庁 are not in Tesseract's list, 区長 and 開店 are: a fax's 区民 read as 区長
    and 開庁 read as 開店 looked more like words than what was written."""
    added = lexicon.ward_words()
    assert {"区民", "開庁", "事務所", "住民票", "委任状"} <= set(added) <= lexicon.words() | {
        word for word in added if len(word) > lexicon.LONGEST}
    assert lexicon.uncovered("区民課") == lexicon.uncovered("区長") == 0
    assert lexicon.uncovered("開庁時間") == lexicon.uncovered("開店時間") == 0
    assert not any(word.startswith("#") for word in added)


def test_the_characters_in_the_wards_words_are_counted() -> None:
    assert lexicon.in_ward_words("申込みは区役所へ") == 6  # 申込み, 区役所
    assert lexicon.in_ward_words("中込みは") == 0


def test_the_wards_words_that_hold_a_character_are_found() -> None:
    assert lexicon.ward_words_at("申込みは区役所へ", 1) == ["申込", "申込み"]
    assert lexicon.ward_words_at("申込みは区役所へ", 3) == []  # は
    assert set(lexicon.ward_words_at("開庁時間", 1)) == {"開庁", "開庁時間"}
