"""Draw the example form `checkup-18m` (a fictional 1歳6か月児健診 問診票) and its template.

Usage: python -m scripts.make_form [OUTDIR]   (default: daemon/examples/forms)

Writes OUTDIR/checkup-18m.png, the blank form (A4 at 300 dpi, 2480 x 3508 pixels, drawn
with IPAex Gothic), and OUTDIR/checkup-18m.toml, the template whose boxes come from the
same layout code, so the two always agree. The output is deterministic: running it again
gives the same bytes. All names and labels are fictional.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from scripts.make_samples import font_file

NAME = "checkup-18m"
TITLE = "乳幼児健康診査 問診票（1歳6か月児）"
DPI = 300
PAGE = (2480, 3508)  # A4 at 300 dpi, pixels
LEFT, RIGHT = 170, 2310  # table edges, pixels
MIDDLE = 1240  # where a row splits into two cells
LABEL_W = 380  # width of a label cell, pixels
ROW_H, QUESTION_H = 126, 104  # row heights, pixels
LINE = 3  # ruled line width, pixels
SQUARE, SQUARE_PAD = 46, 14  # a check square's side and its inset in an option box, pixels
INSET = 10  # a field box lies this far inside its printed cell, pixels

QUESTIONS = (
    "ひとりで上手に歩けますか",
    "意味のあることばを話しますか",
    "コップを持って水を飲めますか",
    "絵本を見て、知っているものを指さしますか",
    "名前を呼ぶと振り向きますか",
    "予防接種は予定どおり受けていますか",
    "夜はよく眠れていますか",
    "仕上げみがきをしていますか",
    "育児で困っていることがありますか",
    "健診の結果について連絡を希望しますか",
)
CONCERNS = (("concern_meal", "食事"), ("concern_sleep", "睡眠"), ("concern_speech", "ことば"),
            ("concern_teeth", "歯"), ("concern_skin", "皮膚"), ("concern_other", "その他"))


@dataclass
class Spec:
    """A field as laid out, written to the template as one [[fields]] table."""

    name: str
    kind: str
    box: tuple[int, int, int, int]
    label: str
    pii: str = ""
    pattern: str = ""
    options: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    lines: int = 1
    required: bool = False


class Layout:
    """Draws the blank form and records each field's box as it goes."""

    def __init__(self) -> None:
        self.image = Image.new("L", PAGE, 255)
        self.draw = ImageDraw.Draw(self.image)
        self.font_path = str(font_file("gothic"))
        self.specs: list[Spec] = []

    def font(self, size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(self.font_path, size)

    def text(self, x: int, y_center: int, text: str, size: int = 40) -> int:
        """Draw `text` left-aligned at `x`, centred on `y_center`; returns its right edge."""
        face = self.font(size)
        self.draw.text((x, y_center), text, font=face, fill=0, anchor="lm")
        return x + round(face.getlength(text))

    def cell(self, x0: int, y0: int, x1: int, y1: int) -> None:
        self.draw.rectangle((x0, y0, x1, y1), outline=0, width=LINE)

    def heading(self, y: int, text: str) -> int:
        """A grey section band from `y`; returns the y where the section's rows start."""
        self.draw.rectangle((LEFT, y, RIGHT, y + 70), fill=215, outline=0, width=LINE)
        self.text(LEFT + 24, y + 35, text, 44)
        return y + 70

    def labelled(self, x0: int, x1: int, y: int, label: str, height: int = ROW_H) -> int:
        """A label cell then a value cell from `x0` to `x1`; returns the value cell's left."""
        self.cell(x0, y, x0 + LABEL_W, y + height)
        self.draw.rectangle((x0 + LINE, y + LINE, x0 + LABEL_W - LINE, y + height - LINE),
                            fill=240)
        self.text(x0 + 20, y + height // 2, label, 38)
        self.cell(x0 + LABEL_W, y, x1, y + height)
        return x0 + LABEL_W

    def value(self, spec: Spec) -> None:
        self.specs.append(spec)

    def entry(self, x0: int, x1: int, y: int, label: str, name: str, kind: str,
              unit: str = "", **extra: Any) -> None:
        """A labelled cell holding one written field; `unit` is printed at its right end."""
        left = self.labelled(x0, x1, y, label)
        right = x1
        if unit:
            right = x1 - 30 - round(self.font(40).getlength(unit))
            self.text(right + 10, y + ROW_H // 2, unit, 40)
        box = (left + INSET, y + INSET, right - INSET, y + ROW_H - INSET)
        self.value(Spec(name, kind, box, label, **extra))

    def option(self, x: int, y0: int, y1: int, label: str) -> tuple[tuple[int, int, int, int], int]:
        """A check square and its label from `x`; returns the option's box and right edge."""
        middle = (y0 + y1) // 2
        self.draw.rectangle((x + SQUARE_PAD, middle - SQUARE // 2, x + SQUARE_PAD + SQUARE,
                             middle + SQUARE // 2), outline=0, width=LINE)
        right = self.text(x + SQUARE_PAD + SQUARE + 14, middle, label, 40) + SQUARE_PAD
        return (x, y0 + 8, right, y1 - 8), right

    def choice(self, x: int, y0: int, y1: int, name: str, label: str, labels: tuple[str, ...],
               gap: int, **extra: Any) -> None:
        options = {}
        for option in labels:  # `label` stays the question's: it heads the field's line
            options[option], right = self.option(x, y0, y1, option)
            x = right + gap
        boxes = list(options.values())
        box = (boxes[0][0], boxes[0][1], boxes[-1][2], boxes[-1][3])
        self.value(Spec(name, "choice", box, label, options=options, **extra))


# The example export profile: the columns a core system takes, the child first.
EXPORT = ("child_name", "child_kana", "birth_date", "sex", "birth_weight", "birth_height",
          "siblings", "guardian_name", "relationship", "postal_code", "address", "phone",
          "filled_date", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10",
          "concern_meal", "concern_sleep", "concern_speech", "concern_teeth", "concern_skin",
          "concern_other", "notes")


# Solid squares near the corners, listed as the template's corner_marks (for alignment).
CORNER_MARKS = tuple((x, y, x + 71, y + 71) for x, y in (
    (80, 80), (PAGE[0] - 150, 80), (80, PAGE[1] - 150), (PAGE[0] - 150, PAGE[1] - 150)))


def draw() -> Layout:
    """The blank form, with every field recorded in `Layout.specs`."""
    form = Layout()
    for x0, y0, x1, y1 in CORNER_MARKS:
        form.draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=0)
    width = form.font(72).getlength(TITLE)
    form.text(round((PAGE[0] - width) / 2), 190, TITLE, 72)
    form.text(LEFT, 290, "さくら区保健センター　太わくの中をご記入のうえ、"
              "あてはまる□に印をつけてください。", 34)
    form.text(RIGHT - 420, 110, "様式 K-18（記入例用）", 30)

    y = form.heading(360, "1　お子さんと保護者のこと")
    date, kana = r"^.+$", r"^[ァ-ヴー・\s　]+$"
    form.entry(LEFT, MIDDLE, y, "記入日", "filled_date", "date", pattern=date, required=True)
    form.entry(MIDDLE, RIGHT, y, "きょうだいの数", "siblings", "digits", "人",
               pii="family", pattern=r"^\d{1,2}$")
    y += ROW_H
    form.entry(LEFT, RIGHT, y, "フリガナ", "child_kana", "text", pii="name", pattern=kana,
               required=True)
    y += ROW_H
    form.entry(LEFT, RIGHT, y, "お子さんの氏名", "child_name", "text", pii="name", required=True)
    y += ROW_H
    form.entry(LEFT, MIDDLE, y, "生年月日", "birth_date", "date", pii="birth_date",
               required=True)
    form.labelled(MIDDLE, RIGHT, y, "性別")
    form.choice(MIDDLE + LABEL_W + 30, y, y + ROW_H, "sex", "性別", ("男", "女"), 120, pii="sex")
    y += ROW_H
    form.entry(LEFT, MIDDLE, y, "出生時の体重", "birth_weight", "digits", "g", pii="health",
               pattern=r"^\d{3,4}$")
    form.entry(MIDDLE, RIGHT, y, "出生時の身長", "birth_height", "digits", "cm",
               pii="health", pattern=r"^\d{2}(\.\d)?$")
    y += ROW_H
    form.entry(LEFT, MIDDLE, y, "保護者の氏名", "guardian_name", "text", pii="name",
               required=True)
    form.labelled(MIDDLE, RIGHT, y, "続柄")
    form.choice(MIDDLE + LABEL_W + 30, y, y + ROW_H, "relationship", "続柄",
                ("母", "父", "その他"),
                60, pii="family")
    y += ROW_H
    form.entry(LEFT, MIDDLE, y, "郵便番号", "postal_code", "digits", pii="address",
               pattern=r"^\d{3}-\d{4}$")
    form.entry(MIDDLE, RIGHT, y, "電話番号", "phone", "digits", pii="phone",
               pattern=r"^0\d{1,4}-\d{1,4}-\d{3,4}$", required=True)
    y += ROW_H
    form.entry(LEFT, RIGHT, y, "住所", "address", "text", pii="address", required=True)
    y += ROW_H

    y = form.heading(y + 40, "2　お子さんの様子（はい・いいえのどちらかに印）")
    for number, question in enumerate(QUESTIONS, start=1):
        form.cell(LEFT, y, RIGHT, y + QUESTION_H)
        form.text(LEFT + 24, y + QUESTION_H // 2, f"{number}．{question}", 40)
        form.choice(1780, y, y + QUESTION_H, f"q{number}", question,
                    ("はい", "いいえ"), 70, pii="health")
        y += QUESTION_H

    y = form.heading(y + 40, "3　気になること（あてはまるものすべてに印）")
    form.cell(LEFT, y, RIGHT, y + 2 * QUESTION_H)
    for index, (name, label) in enumerate(CONCERNS):
        row, column = divmod(index, 3)
        top = y + row * QUESTION_H
        box, _ = form.option(LEFT + 40 + column * 700, top, top + QUESTION_H, label)
        form.value(Spec(name, "checkbox", box, label, pii="health"))
    y += 2 * QUESTION_H

    y = form.heading(y + 40, "4　ご相談・ご質問（自由にお書きください）")
    form.cell(LEFT, y, RIGHT, y + 250)
    form.value(Spec("notes", "text", (LEFT + INSET, y + INSET, RIGHT - INSET, y + 250 - INSET),
                    "ご相談・ご質問", pii="health", lines=2))
    return form


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_box(box: tuple[int, int, int, int]) -> str:
    return "[" + ", ".join(str(v) for v in box) + "]"


def template_text(specs: list[Spec]) -> str:
    """The template TOML for `specs`, in the template format of docs/forms.md."""
    out = [
        f"# Form template {NAME}: a fictional infant health-checkup questionnaire.",
        "# Drawn together with checkup-18m.png by scripts/make_form.py; see docs/forms.md.",
        "# Boxes are [x0, y0, x1, y1] in pixels of the reference image.",
        "",
        "[form]",
        f"name = {_toml_string(NAME)}",
        f"title = {_toml_string(TITLE)}",
        f"reference = {_toml_string(NAME + '.png')}",
        f"dpi = {DPI}",
        "min_match = 0.6",
        "corner_marks = [" + ", ".join(_toml_box(box) for box in CORNER_MARKS) + "]",
    ]
    for spec in specs:
        out += ["", "[[fields]]", f"name = {_toml_string(spec.name)}",
                f"kind = {_toml_string(spec.kind)}", f"box = {_toml_box(spec.box)}"]
        if spec.label:
            out.append(f"label = {_toml_string(spec.label)}")
        if spec.pii:
            out.append(f"pii = {_toml_string(spec.pii)}")
        if spec.pattern:
            out.append(f"pattern = {_toml_string(spec.pattern)}")
        if spec.lines != 1:
            out.append(f"lines = {spec.lines}")
        if spec.required:
            out.append("required = true")
        if spec.options:
            pairs = ", ".join(f"{_toml_string(k)} = {_toml_box(v)}"
                              for k, v in spec.options.items())
            out.append(f"options = {{ {pairs} }}")
    out += ["", "# The export profile: the review station's CSV columns, in this order.",
            "[export]", "columns = [" + ", ".join(_toml_string(c) for c in EXPORT) + "]"]
    return "\n".join(out) + "\n"


def write_form(outdir: Path) -> Path:
    """Write the reference image and the template into `outdir`; returns the template."""
    outdir.mkdir(parents=True, exist_ok=True)
    form = draw()
    form.image.save(outdir / f"{NAME}.png", dpi=(DPI, DPI), optimize=True)
    template = outdir / f"{NAME}.toml"
    template.write_text(template_text(form.specs), encoding="utf-8")
    return template


def main(argv: list[str]) -> int:
    """Command-line entry: `make_form.py [OUTDIR]`."""
    if len(argv) > 1:
        print("usage: make_form.py [OUTDIR]", file=sys.stderr)
        return 2
    default = Path(__file__).resolve().parent.parent / "daemon" / "examples" / "forms"
    outdir = Path(argv[0]) if argv else default
    print(write_form(outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
