"""Character error rate (CER), the measure of every OCR benchmark and test here.

The Levenshtein distance between the text read and the truth, both with all whitespace
removed, over the length of the truth. Whitespace is left out because Tesseract's spaces
between Japanese characters are not errors of reading.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")


def cer(read: str, truth: str) -> float:
    """Character error rate of `read` against `truth` (0.0 is perfect; may exceed 1.0)."""
    a, b = _SPACE.sub("", read), _SPACE.sub("", truth)
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1] / max(1, len(b))
