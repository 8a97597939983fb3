"""The pages the fax look-alikes are measured on (`benchmarks.fax_lookalikes`)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import cache

from benchmarks import fax_lookalikes
from benchmarks import ocr_pages as pages


def made_of(line: str, words: Sequence[str]) -> bool:
    """Whether `line` is words of `words`, each followed by a particle or not."""
    tokens = {*words, *(word + particle for word in words
                        for particle in fax_lookalikes.PARTICLES)}

    @cache
    def rest(at: int) -> bool:
        return at == len(line) or any(line.startswith(token, at) and rest(at + len(token))
                                      for token in tokens)
    return rest(0)


def test_pages_of_the_wards_words_hold_them_and_random_words_hold_others() -> None:
    having = fax_lookalikes.word_pool()
    wards = fax_lookalikes.ward_pool()
    assert "申込書" in wards and "身分証明書" in wards
    assert all(map(fax_lookalikes.level_one, "".join(wards)))
    font = sorted(pages.FONTS)[0]
    ward_lines = fax_lookalikes.page_lines(random.Random(3), having, font, 10.5, ward=1.0)
    assert len(ward_lines) > 3 and all(made_of(line, wards) for line in ward_lines[1:])
    random_lines = fax_lookalikes.page_lines(random.Random(3), having, font, 10.5)
    assert not all(made_of(line, wards) for line in random_lines[1:])
