"""How natural a line reads as Japanese: the cost of its best segmentation into words.

The words of `lexicon` say whether a katakana or kanji is part of a word; they say nothing
of hiragana (よるしく and よろしく are both no word of katakana or kanji) nor of which of two
words fits (申込書 and 申込者 are both words). MeCab, with the IPA dictionary (the
`ipadic` package: 392,126 words with their parts of speech, 53 MB), weighs a whole line: it
finds the segmentation of least cost, each word costing by how rare it is and each pair of
neighbours by how seldom those parts of speech follow each other. That least cost (`cost`)
is low for a line a person would write and high for one a misreading made:

- ご協力をよろしくお願いいたします 15,587; with よるしく 26,887;
- お支払いいただきます 8,594; お支払いいいただきます 14,296.

A cost judges only between readings of the same line: it grows with the line's length and
with every digit (each is a word of its own). It is not a judge of kanji against kanji,
where a common word beats the right rare one (申込者は各出張所 costs 13,130, 申込書は
15,371). The fax lines use it where the words of `lexicon` leave two readings equally
doubtful and they differ in hiragana, and as a veto on a kanji added to a line
(`handlers.ocr.fax`); measured there, a cost judging kanji too, or a whole line against
the readers' own lines, read far more pages worse than better (docs/benchmarks.md, "Fax
lines, ninth round").

The tagger is made once per process (the dictionary memory-mapped) and guarded by a lock;
a line of 30 characters costs about 5 µs.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import ipadic
import MeCab

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _tagger() -> MeCab.Tagger:
    return MeCab.Tagger(ipadic.MECAB_ARGS)


def cost(text: str) -> int:
    """The least cost of `text` segmented into words (MeCab's path cost): lower reads more
    natural. Comparable only between texts of the same line."""
    with _LOCK:
        node = _tagger().parseToNode(text)
        while node.next is not None:
            node = node.next
        return int(node.cost)


@lru_cache(maxsize=4096)
def one_word(text: str) -> bool:
    """Whether the dictionary knows `text` as one word (公園, 下旬; not 開庁, which it cuts
    into 開 and 庁): only then is its `cost` a judge of a line that holds it."""
    with _LOCK:
        node = _tagger().parseToNode(text)
        found = []
        while node is not None:
            if node.surface:
                found.append((node.surface, node.stat))
            node = node.next
    return found == [(text, MeCab.MECAB_NOR_NODE)]
