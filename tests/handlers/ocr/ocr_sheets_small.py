"""Small generated pages for the direction, colour and fax tests (A6, 200 to 300 dpi).

Built from the benchmark's sheet makers, with their own texts and fonts, so the tests do
not share the benchmark's pages.
"""

from __future__ import annotations

import numpy as np

from benchmarks import ocr_sheets as sheets

GOTHIC = ("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 0)
MINCHO = ("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf", 0)
NOTO = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0)

VERTICAL = ["ごみ出しのお願い", "収集日の朝八時までに出してください。",
            "スポーツセンターの前は、通行できません。", "問合せは清掃事務所へ。"]
TITLE = "図書館だより"
BODY = ["新しい本が入りました。", "休館日は毎週月曜日です。", "コピーは一枚十円です。"]
FOOTER = "さくら区立中央図書館 TEL 03-1234-5678"
LEFT = ["受付時間 午前9時から", "会場 区役所本庁舎2階", "費用は無料です"]
RIGHT = ["持ち物 筆記用具", "雨天の場合は中止します", "定員は30名です"]


def vertical_sheet(font: tuple[str, int] = GOTHIC, points: float = 12.0) -> np.ndarray:
    return sheets.vertical_notice(VERTICAL, font, points, 300)


def mixed_sheet(font: tuple[str, int] = MINCHO) -> np.ndarray:
    return sheets.mixed_notice(TITLE, BODY, FOOTER, font, 11.0, 300)


def columns_sheet(font: tuple[str, int] = NOTO) -> np.ndarray:
    return sheets.two_columns("講座のお知らせ", LEFT, RIGHT, font, 12.0, 200)
