"""Fill a form template's reference image with values, as a person or a printer would.

Used by the tests and the forms benchmark to make filled forms whose answers are known.
`fill` writes text, digits and dates into their boxes with a printed font (straight, even)
or a hand-written-style font (each character jittered in size, angle and position), and
marks choices and check boxes with a tick, a cross, a filled square or a circle round the
option. Everything drawn is fictional. The same values, font and seed give the same image.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Mapping
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from handlers.forms.template import FormTemplate
from scripts.hand_strokes import Glyphs, Hand, draw_line
from scripts.make_form import SQUARE, SQUARE_PAD
from scripts.make_samples import font_file

MARKS = ("tick", "cross", "fill", "circle", "circle_label", "circle_box", "tick_beside")
BOX_MARKS = MARKS[:4]  # the marks drawn when none is asked for: inside the option's box
HAND = Hand()
HAND_FONTS = {
    "klee": (Path("/usr/share/fonts/truetype/klee/KleeOne-Regular.ttf"), "fonts-klee"),
    "kiloji": (Path("/usr/share/fonts/truetype/kiloji/kiloji.ttf"), "fonts-kiloji"),
}


def hand_font(name: str) -> Path:
    """A hand-written-style Japanese font; fails naming its Debian package when missing."""
    path, package = HAND_FONTS[name]
    if not path.is_file():
        raise FileNotFoundError(f"font {path} is missing; apt-get install {package}")
    return path


def printed_font(name: str) -> Path:
    """IPAex "gothic" or "mincho"."""
    return font_file(name)


Value = str | bool | None


def fill(template: FormTemplate, values: Mapping[str, Value], font: Path, rng: random.Random,
         *, hand: bool, marks: Mapping[str, str] | None = None, glyphs: Glyphs | None = None,
         struck: Mapping[str, str] | None = None,
         also: Mapping[str, str] | None = None) -> Image.Image:
    """The reference image with `values` written in: text for text, digits and date fields,
    the chosen option's label for choices (None: unanswered), True/False for check boxes.

    `hand` jitters every character like handwriting; `glyphs` (stroke-order data, see
    `scripts.hand_strokes`) draws it stroke by stroke instead of with `font`. `marks` picks
    the mark per field (one of MARKS), otherwise a random one of BOX_MARKS. `struck` names,
    per choice, an option struck out with two lines (a corrected answer); `also`, an option
    marked besides the answer (two answers).
    """
    page = Image.fromarray(template.reference).convert("L")
    draw = ImageDraw.Draw(page)
    for spec in template.fields:
        value = values.get(spec.name)
        if spec.kind == "choice" and spec.name in (struck or {}):
            _strike(draw, spec.options[(struck or {})[spec.name]], rng)
        if value is None or value == "" or value is False:
            continue
        style = (marks or {}).get(spec.name) or rng.choice(BOX_MARKS)
        if spec.kind == "choice":
            _mark(draw, spec.options[str(value)], style, rng, hand)
            if spec.name in (also or {}):
                _mark(draw, spec.options[(also or {})[spec.name]], style, rng, hand)
        elif spec.kind == "checkbox":
            _mark(draw, spec.box, style, rng, hand)
        elif glyphs is not None:
            _write_strokes(page, spec.box, str(value), spec.lines, glyphs, rng)
        else:
            _write(page, spec.box, str(value), spec.lines, font, rng, hand)
    return page


def _write_strokes(page: Image.Image, box: tuple[int, int, int, int], text: str, lines: int,
                   glyphs: Glyphs, rng: random.Random) -> None:
    """Write `text` stroke by stroke into `box`, over `lines` rows when it is long."""
    x0, y0, x1, y1 = box
    pitch = (y1 - y0) / lines
    size = pitch * rng.uniform(0.5, 0.66)
    per_row = max(1, math.ceil(len(text) / lines))
    # A row holds about (width / size) characters: long texts are written smaller.
    size = min(size, (x1 - x0 - 80) / max(1, per_row) / 1.02)
    rows = [text[i:i + per_row] for i in range(0, len(text), per_row)] if lines > 1 else [text]
    ink = rng.randint(10, 70)
    for number, row in enumerate(rows[:lines]):
        middle = y0 + pitch * (number + 0.5) + rng.uniform(-0.06, 0.06) * pitch
        draw_line(page, row, x0 + rng.randint(14, 40), middle, size, glyphs, HAND, rng, ink)


def _strike(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int],
            rng: random.Random) -> None:
    """Two lines through an option's label (二重線), as a person cancels an answer."""
    x0, y0, x1, y1 = box
    middle = (y0 + y1) / 2
    left = x0 + SQUARE_PAD + SQUARE + rng.uniform(0, 12)
    right = x1 + rng.uniform(-6, 14)
    slope = rng.uniform(-6, 6)
    for offset in (-7, 7):
        y = middle + offset + rng.uniform(-3, 3)
        draw.line([(left, y), (right, y + slope)], fill=rng.randint(0, 50),
                  width=rng.randint(3, 6))


def _write(page: Image.Image, box: tuple[int, int, int, int], text: str, lines: int,
           font: Path, rng: random.Random, hand: bool) -> None:
    """Write `text` into `box`, over `lines` lines when it does not fit on one."""
    x0, y0, x1, y1 = box
    pitch = (y1 - y0) / lines
    size = int(pitch * rng.uniform(0.5, 0.62))
    face = ImageFont.truetype(str(font), size)
    width = x1 - x0 - 60
    rows = _wrap(text, face, width, lines)
    while len(rows) > lines or max(face.getlength(r) for r in rows) > width:
        size -= 2
        face = ImageFont.truetype(str(font), size)
        rows = _wrap(text, face, width, lines)
    for number, row in enumerate(rows):
        x = x0 + rng.randint(12, 40)
        middle = round(y0 + pitch * (number + 0.5) + rng.uniform(-0.08, 0.08) * pitch)
        if not hand:
            ImageDraw.Draw(page).text((x, middle), row, font=face, fill=0, anchor="lm")
            continue
        ink = rng.randint(10, 70)  # pen darkness, gray level
        for char in row:
            _hand_char(page, char, x, middle, font, size, ink, rng)
            x += round(face.getlength(char) * rng.uniform(0.98, 1.1))


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """Break `text` into rows no wider than `width` pixels (at character boundaries)."""
    if lines == 1 or face.getlength(text) <= width:
        return [text]
    rows, row = [], ""
    for char in text:
        if face.getlength(row + char) > width and row:
            rows.append(row)
            row = char.lstrip()
        else:
            row += char
    return [*rows, row]


def _hand_char(page: Image.Image, char: str, x: int, middle: int, font: Path, size: int,
               ink: int, rng: random.Random) -> None:
    """One character, a little larger or smaller, turned and shifted, like handwriting."""
    if char.isspace():
        return
    face = ImageFont.truetype(str(font), max(8, round(size * rng.uniform(0.9, 1.08))))
    side = size * 2
    glyph = Image.new("L", (side, side), 0)
    ImageDraw.Draw(glyph).text((side // 4, side // 2), char, font=face, fill=255 - ink,
                               anchor="lm")
    glyph = glyph.rotate(rng.uniform(-5, 5), resample=Image.Resampling.BICUBIC,
                         center=(side // 4 + size // 2, side // 2))
    top = middle - side // 2 + rng.randint(-3, 3)
    left = x - side // 4
    page.paste(Image.new("L", glyph.size, ink), (left, top), glyph)


def _mark(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], style: str,
          rng: random.Random, hand: bool) -> None:
    """A tick, cross, filled square or circle on the option (or check box) `box`."""
    x0, y0, x1, y1 = box
    middle = (y0 + y1) // 2
    sx0, sy0 = x0 + SQUARE_PAD, middle - SQUARE // 2
    sx1, sy1 = sx0 + SQUARE, sy0 + SQUARE
    width = rng.randint(4, 7) if hand else 5

    def jitter(value: float) -> float:
        return value + (rng.uniform(-5, 5) if hand else 0)

    if style == "tick":
        points = [(sx0 + 4, middle), (sx0 + 18, sy1 - 2), (sx1 + 10, sy0 - 12)]
        draw.line([(jitter(px), jitter(py)) for px, py in points], fill=0, width=width,
                  joint="curve")
    elif style == "cross":
        draw.line([(jitter(sx0 - 4), jitter(sy0 - 4)), (jitter(sx1 + 4), jitter(sy1 + 4))],
                  fill=0, width=width)
        draw.line([(jitter(sx1 + 4), jitter(sy0 - 4)), (jitter(sx0 - 4), jitter(sy1 + 4))],
                  fill=0, width=width)
    elif style == "fill":
        draw.rectangle((sx0 + 2, sy0 + 2, sx1 - 2, sy1 - 2), fill=rng.randint(0, 60))
    elif style == "circle":
        inset = 4
        draw.ellipse((jitter(x0 + inset), y0 + inset, jitter(x1 - inset), y1 - inset),
                     outline=0, width=width)
    elif style in ("circle_label", "circle_box", "tick_beside"):
        _around(draw, box, style, rng, width)
    else:
        raise ValueError(f"unknown mark {style!r}; use one of {', '.join(MARKS)}")


def _around(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], style: str,
            rng: random.Random, width: int) -> None:
    """Marks people make around an option rather than in its box: a circle round the
    label or round the check square (drawn by hand: not quite closed, or overlapping, and
    reaching past the box), or a tick just right of the label."""
    x0, y0, x1, y1 = box
    middle = (y0 + y1) / 2
    square_x = x0 + SQUARE_PAD + SQUARE / 2
    if style == "tick_beside":
        left = x1 - rng.uniform(0, 14)
        points = [(left, middle - 2), (left + 12, middle + 18), (left + 40, middle - 26)]
        draw.line([(px + rng.uniform(-3, 3), py + rng.uniform(-3, 3)) for px, py in points],
                  fill=0, width=width, joint="curve")
        return
    if style == "circle_label":
        label_left = x0 + SQUARE_PAD + SQUARE + 8
        cx, rx = (label_left + x1) / 2, (x1 - label_left) / 2 + rng.uniform(6, 20)
        ry = (y1 - y0) / 2 + rng.uniform(-4, 12)
    else:
        cx, rx = square_x, SQUARE / 2 + rng.uniform(10, 22)
        ry = SQUARE / 2 + rng.uniform(10, 22)
    start = rng.uniform(0, 2 * math.pi)
    sweep = 2 * math.pi + rng.uniform(-0.35, 0.5)
    wobble = rng.uniform(0.0, 0.08)
    points = []
    for step in range(49):
        angle = start + sweep * step / 48
        grow = 1 + wobble * math.sin(3 * angle + start)
        points.append((cx + rx * grow * math.cos(angle), middle + ry * grow * math.sin(angle)))
    draw.line(points, fill=rng.randint(0, 50), width=width, joint="curve")


EXAMPLE_ANSWERS: dict[str, Value] = {
    "filled_date": "令和6年4月18日", "child_kana": "サクラ ハナコ", "child_name": "桜 花子",
    "birth_date": "令和4年10月3日", "sex": "女", "guardian_name": "桜 一郎",
    "relationship": "父", "phone": "03-1234-5678", "address": "東京都さくら区中央1丁目2番3号",
    "q1": "はい", "q2": "いいえ", "concern_meal": True,
}
"""Fictional answers for the demo's filled questionnaire."""


def main(argv: list[str]) -> int:
    """`python -m scripts.fill_form OUTDIR`: a filled example questionnaire for the demo."""
    from daemon.deployment import EXAMPLE_FORM
    from handlers.forms.template import load_template

    if len(argv) != 1:
        print("usage: python -m scripts.fill_form OUTDIR", file=sys.stderr)
        return 2
    outdir = Path(argv[0])
    outdir.mkdir(parents=True, exist_ok=True)
    template = load_template(EXAMPLE_FORM)
    page = fill(template, EXAMPLE_ANSWERS, printed_font("gothic"), random.Random(1), hand=False)
    page.rotate(1.2, fillcolor=255).save(outdir / "questionnaire.jpg", quality=85, dpi=(300, 300))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
