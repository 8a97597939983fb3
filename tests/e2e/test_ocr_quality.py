"""End to end: a crooked, upside-down scan in a hot folder comes out as correct text.

The service runs on the embedded transport (the OCR does not depend on the bus); real
Tesseract reads the page and the stock `age` CLI decrypts the bundle.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from helpers import Deployment, open_with_age, settled, wait_for
from PIL import Image, ImageDraw, ImageFont

from benchmarks.cer import cer

FONT = Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")
LINES = (
    "国民健康保険料の納付について",
    "令和6年度の保険料額をお知らせします",
    "納期限 令和6年7月1日",
    "口座振替の申込みは区役所窓口へ",
    "さくら区役所 保険年金課 TEL 03-1234-5600",
)
TILT = 3.6  # degrees counter-clockwise: the example of a page bare Tesseract misreads


def crooked_scan(path: Path) -> None:
    """The notice at 300 dpi, tilted by TILT, fed upside down, noisy, saved as JPEG."""
    sheet = Image.new("L", (1750, 1240), 255)
    draw = ImageDraw.Draw(sheet)
    for index, line in enumerate(LINES):
        font = ImageFont.truetype(str(FONT), 58 if index == 0 else 46)
        draw.text((140, 140 + index * 80), line, font=font, fill=0)
    page = np.asarray(sheet)
    matrix = cv2.getRotationMatrix2D((875, 620), TILT, 1.0)
    page = cv2.warpAffine(page, matrix, (1750, 1240), borderValue=255)
    page = np.rot90(page, 2)
    noise = np.random.default_rng(3).normal(0, 8, page.shape)
    page = np.clip(page + noise, 0, 255).astype(np.uint8)
    Image.fromarray(page).save(path, quality=80, dpi=(300, 300))


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    dep = Deployment(tmp_path / "yomitori", "embedded")
    yield dep
    dep.stop()


def test_an_upside_down_crooked_scan_reads_correctly(deployment: Deployment,
                                                     tmp_path: Path) -> None:
    scan = tmp_path / "crooked.jpg"
    crooked_scan(scan)
    deployment.start()
    deployment.drop(scan, "kokuho")
    wait_for(lambda: settled(deployment, 1), 120, "the scan to be delivered")
    assert not list(deployment.quarantine.rglob("error.json")), deployment.log_text()
    [bundle] = deployment.bundles("kokuho")
    result = json.loads(open_with_age(bundle, deployment.key("kokuho")).read("result.json"))
    [page] = result["pages"]
    assert page["rotation"] == 180
    assert page["skew"] == pytest.approx(TILT, abs=0.2)
    assert cer(page["text"], "\n".join(LINES)) < 0.02, page["text"]
    assert page["text"].splitlines()[0] == LINES[0]  # no spaces left between Japanese
    assert 0.8 < page["confidence"] <= 1.0
    words = page["words"]
    assert "".join(w["text"] for w in words) == re.sub(r"\s", "", page["text"])
    assert all(0.0 <= w["confidence"] <= 1.0 and len(w["box"]) == 4 for w in words)
