"""How natural a line reads as Japanese (`handlers.ocr.grammar`): MeCab with the IPA
dictionary, installed with the project."""

from __future__ import annotations

import threading

from handlers.ocr import grammar


def test_a_line_a_person_would_write_costs_less_than_its_misreadings() -> None:
    for written, misread in (("ご協力をよろしくお願いいたします", "ご協力をよるしく"
                                                                "お願いいたします"),
                             ("お支払いいただきます", "お支払いいいただきます"),
                             ("世帯ごとに郵送します", "世ごとに郵送します"),
                             ("自転車は保管所で", "自転小は保管所で")):
        assert grammar.cost(written) < grammar.cost(misread), (written, misread)


def test_the_cost_is_the_same_from_every_thread() -> None:
    line = "受付時間は午前8時30分から午後5時まで"
    costs: list[int] = []
    threads = [threading.Thread(target=lambda: costs.append(grammar.cost(line)))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(costs) == {grammar.cost(line)} and len(costs) == 8


def test_one_word_is_a_word_the_dictionary_holds_whole() -> None:
    assert grammar.one_word("公園") and grammar.one_word("下旬")
    assert not grammar.one_word("開庁")  # cut into 開 and 庁: the ward's word, not IPAdic's
    assert not grammar.one_word("公園抽選")  # two words
