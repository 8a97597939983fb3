"""Sheets other than the horizontal A6 notice, for the OCR benchmark's harder conditions.

- `vertical_notice`: 縦書き on an A6 portrait sheet, columns right to left, with the
  font's vertical forms (`vert`): the long-vowel mark ー, brackets and 、。 turn or move
  as they do in print. Numbers are kanji numerals, as vertical notices write them.
- `mixed_notice`: a horizontal title and footer around a vertical body (A5 landscape).
- `two_columns`: a title across an A5 landscape sheet, the body in two columns.
- `seal`, `tint`, `fax`: what happens to a sheet after it is printed: a red or blue seal
  or stamp pressed over the text, coloured paper, a fax's unequal X and Y resolution.

Every text is fictional; the truth is in reading order (columns right to left, a column
top to bottom; a two-column page's left column first).
"""

from __future__ import annotations

import random

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

LINE_PITCH = 1.65
MARGIN_MM = 12.0
TITLE_PT = 14.0
_VERT = {"direction": "ttb", "features": ["vert"]}

_V_TITLES = ("乳幼児健康診査のお知らせ", "粗大ごみの出し方について", "子育てサロンのご案内",
             "防災訓練の実施について", "高齢者スポーツ教室のご案内", "資源ごみ回収日の変更",
             "住民税の申告について", "図書館ボランティア募集")
_V_BODY = (
    "日時は令和{ky}年{km}月{kd}日の午前{kh}時からです。",
    "会場は{place}となります。",
    "対象は区内に住所のある方です。",
    "申込みは、電話またはホームページでお願いします。",
    "費用は無料、定員は{kn}名で先着順です。",
    "当日は「母子健康手帳」をお持ちください。",
    "センターの受付時間は、午前九時から午後五時までです。",
    "雨天の場合は中止します。",
    "駐車場はありませんので、バスをご利用ください。",
    "詳しくは区のホームページをご覧ください。",
    "ごみは収集日の朝八時までに出してください。",
    "参加者にはタオルとドリンクを差し上げます。",
    "スポーツセンターのコートを使います。",
    "問合せは健康推進課（内線{kx}）へ。",
)
_PLACES = ("さくら区保健センター", "区役所本庁舎三階", "桜町地域センター", "中央図書館ホール",
           "みどり児童館", "北部福祉会館")
_KANJI = "〇一二三四五六七八九"
_FOOTERS = ("問合せ 健康推進課 TEL 03-{a}-{b}", "さくら区役所 区民生活課 FAX 03-{a}-{b}",
            "発行 さくら区 令和{y}年{m}月")


def kanji_number(value: int) -> str:
    """`value` (0..99) in kanji numerals as notices write them: 十二, 二十, 三十五."""
    tens, ones = divmod(value, 10)
    if not tens:
        return _KANJI[ones]
    return (_KANJI[tens] if tens > 1 else "") + "十" + (_KANJI[ones] if ones else "")


def vertical_lines(rng: random.Random, count: tuple[int, int] = (5, 7),
                   longest: int = 40) -> list[str]:
    """A title and body lines (of at most `longest` characters) of a fictional vertical
    notice."""
    values = {"ky": kanji_number(rng.randint(5, 8)), "km": kanji_number(rng.randint(1, 12)),
              "kd": kanji_number(rng.randint(1, 28)), "kh": kanji_number(rng.randint(9, 11)),
              "kn": kanji_number(rng.choice((20, 30, 40, 50))), "place": rng.choice(_PLACES),
              "kx": "".join(_KANJI[rng.randint(1, 9)] for _ in range(3))}
    lines = [line.format(**values) for line in _V_BODY]
    body = rng.sample([line for line in lines if len(line) <= longest], rng.randint(*count))
    return [rng.choice(_V_TITLES), *body]


def footer_line(rng: random.Random) -> str:
    return rng.choice(_FOOTERS).format(a=rng.randint(1000, 9999), b=rng.randint(1000, 9999),
                                       y=rng.randint(5, 8), m=rng.randint(1, 12))


def _face(font: tuple[str, int], points: float, dpi: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font[0], round(points / 72 * dpi), index=font[1])


def _sheet(size_mm: tuple[float, float], dpi: int) -> tuple[Image.Image, float]:
    mm = dpi / 25.4
    return Image.new("L", (round(size_mm[0] * mm), round(size_mm[1] * mm)), 255), mm


def _columns(draw: ImageDraw.ImageDraw, lines: list[str], font: tuple[str, int],
             sizes: list[float], dpi: int, right: float, top: float, bottom: float) -> float:
    """Draw `lines` as vertical columns from x=`right` leftwards; the x left of the last."""
    x = right
    for line, points in zip(lines, sizes, strict=True):
        face = _face(font, points, dpi)
        em = points / 72 * dpi
        if draw.textlength(line, font=face, **_VERT) > bottom - top:  # type: ignore[arg-type]
            raise ValueError(f"column too long for the sheet: {line}")
        x -= em
        draw.text((x, top), line, font=face, fill=0, **_VERT)  # type: ignore[arg-type]
        x -= em * (LINE_PITCH - 1)
    return x


def vertical_notice(lines: list[str], font: tuple[str, int], body_pt: float,
                    dpi: int) -> npt.NDArray[np.uint8]:
    """An A6 portrait sheet of vertical text: the title is the rightmost column."""
    page, mm = _sheet((105.0, 148.0), dpi)
    draw = ImageDraw.Draw(page)
    sizes = [TITLE_PT] + [body_pt] * (len(lines) - 1)
    left = _columns(draw, lines, font, sizes, dpi, page.width - MARGIN_MM * mm,
                    MARGIN_MM * mm, page.height - MARGIN_MM * mm)
    if left < MARGIN_MM * mm * 0.5:
        raise ValueError("too many columns for the sheet")
    return np.asarray(page, dtype=np.uint8)


def mixed_notice(title: str, body: list[str], footer: str, font: tuple[str, int],
                 body_pt: float, dpi: int) -> npt.NDArray[np.uint8]:
    """An A5 landscape sheet: horizontal title, vertical body columns, horizontal footer."""
    page, mm = _sheet((210.0, 148.0), dpi)
    draw = ImageDraw.Draw(page)
    margin = MARGIN_MM * mm
    draw.text((margin, margin), title, font=_face(font, TITLE_PT, dpi), fill=0)
    top = margin + TITLE_PT / 72 * dpi * 2.2
    foot_face = _face(font, body_pt, dpi)
    foot_y = page.height - margin - body_pt / 72 * dpi
    left = _columns(draw, body, font, [body_pt] * len(body), dpi, page.width - margin,
                    top, foot_y - body_pt / 72 * dpi * 1.5)
    if left < margin:
        raise ValueError("too many columns for the sheet")
    draw.text((margin, foot_y), footer, font=foot_face, fill=0)
    return np.asarray(page, dtype=np.uint8)


def two_columns(title: str, left: list[str], right: list[str], font: tuple[str, int],
                body_pt: float, dpi: int) -> npt.NDArray[np.uint8]:
    """An A5 landscape sheet: a title across, then two columns of horizontal lines."""
    page, mm = _sheet((210.0, 148.0), dpi)
    draw = ImageDraw.Draw(page)
    margin = MARGIN_MM * mm
    gap = 10 * mm
    width = (page.width - 2 * margin - gap) / 2
    draw.text((margin, margin), title, font=_face(font, TITLE_PT, dpi), fill=0)
    face = _face(font, body_pt, dpi)
    for number, column in enumerate((left, right)):
        x = margin + number * (width + gap)
        y = margin + TITLE_PT / 72 * dpi * 2.2
        for line in column:
            if draw.textlength(line, font=face) > width:
                raise ValueError(f"line too long for the column: {line}")
            draw.text((x, y), line, font=face, fill=0)
            y += body_pt / 72 * dpi * LINE_PITCH
        if y > page.height - margin * 0.5:
            raise ValueError("too many lines for the column")
    return np.asarray(page, dtype=np.uint8)


def fits(line: str, font: tuple[str, int], points: float, dpi: int, width_mm: float) -> bool:
    """Whether `line` set at `points` is at most `width_mm` long."""
    length = ImageDraw.Draw(Image.new("L", (1, 1))).textlength(line, font=_face(font, points, dpi))
    return length <= width_mm * dpi / 25.4


SEAL_INKS = {"red": (210, 45, 40), "blue": (40, 70, 190)}
_SEAL_TEXTS = ("区長之印", "桜川区印", "受付済印", "課長之印")


def seal(sheet: npt.NDArray[np.uint8], rng: random.Random, dpi: int,
         ink: str = "red") -> npt.NDArray[np.uint8]:
    """The gray `sheet` as colour (RGB), with a seal (a ring round four characters) pressed
    over the body text in `ink`, multiplied into the page as ink on paper does."""
    height, width = sheet.shape
    size = round(rng.uniform(18, 24) / 25.4 * dpi)  # the seal's width, pixels
    stamp = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(stamp)
    ring = max(3, size // 18)
    if rng.random() < 0.5:
        draw.ellipse((ring, ring, size - ring, size - ring), outline=255, width=ring)
    else:
        draw.rectangle((ring, ring, size - ring, size - ring), outline=255, width=ring)
    text = rng.choice(_SEAL_TEXTS)
    face = ImageFont.truetype("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
                              round(size * 0.3))
    cell = size * 0.32
    for index, char in enumerate(text):  # two columns, right to left, as seals are cut
        column, row = divmod(index, 2)
        x = size / 2 - cell if column else size / 2
        draw.text((x + cell * 0.05, size / 2 - cell + row * cell), char, font=face, fill=255)
    density = np.asarray(stamp, dtype=np.float32) / 255 * rng.uniform(0.75, 0.95)
    ys, xs = np.nonzero(sheet < 128)  # over the text, as a seal is pressed beside a name
    x0 = rng.randint(int(xs.min()), max(int(xs.min()), min(int(xs.max()), width) - size))
    y0 = rng.randint(int(ys.min()), max(int(ys.min()), min(int(ys.max()), height) - size))
    colour = np.repeat(sheet[:, :, None], 3, axis=2).astype(np.float32)
    region = colour[y0:y0 + size, x0:x0 + size]
    tint = np.array(SEAL_INKS[ink], dtype=np.float32) / 255
    region *= 1 - density[:, :, None] * (1 - tint)
    return np.asarray(np.clip(colour, 0, 255), dtype=np.uint8)


PAPERS = {"yellow": (250, 238, 190), "pink": (250, 222, 228), "green": (222, 242, 220),
          "blue": (218, 232, 250), "grey": (228, 228, 224)}


def tint(sheet: npt.NDArray[np.uint8], paper: str) -> npt.NDArray[np.uint8]:
    """The gray `sheet` printed on coloured `paper` (RGB)."""
    colour = np.array(PAPERS[paper], dtype=np.float32) / 255
    rgb = sheet[:, :, None].astype(np.float32) * colour
    return np.asarray(np.clip(rgb, 0, 255), dtype=np.uint8)


FAX_THRESHOLD = 176  # gray level under which a fax's text mode sends black


def fax(image: npt.NDArray[np.uint8], dpi: int, dpi_y: int) -> npt.NDArray[np.uint8]:
    """`image` (square pixels at `dpi`) as a fax sends it: `dpi_y` lines per inch down the
    page, each pixel the mean of the sheet under it, black under `FAX_THRESHOLD` (a fax
    machine's text mode sets it high so that a thin stroke across a coarse line survives)."""
    height = round(image.shape[0] * dpi_y / dpi)
    resized = cv2.resize(image, (image.shape[1], height), interpolation=cv2.INTER_AREA)
    return np.where(resized < FAX_THRESHOLD, 0, 255).astype(np.uint8)
