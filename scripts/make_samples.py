"""Render small synthetic Japanese scans for tests and demos.

Usage: python -m scripts.make_samples OUTDIR

Writes notice.png, notice.jpg, two-page.tif (1-bit, CCITT G4), notice.pdf (image-only,
like a scanner makes) and notice.bmp, all at 300 dpi and about 1200 x 900 pixels, plus
OUTDIR/truth/<file>.<page>.txt holding the exact text of each page (UTF-8, lines joined
by "\\n", no trailing newline). All content is fictional. The output is deterministic.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DPI = 300
PAGE_SIZE = (1200, 900)  # pixels at 300 dpi, 4 x 3 inches
MARGIN = 80  # pixels
TITLE_PX = 58  # about 14 pt at 300 dpi
BODY_PX = 46  # about 11 pt at 300 dpi
LINE_STEP = 1.7  # line pitch as a multiple of the font size
SEED = 20240401
FIXED_DATE = time.gmtime(1711929600)  # 2024-04-01 UTC for PDF dates, so output is byte-identical

FONTS = {
    "gothic": ("IPAexGothic", "ipaexfont-gothic/ipaexg.ttf", "fonts-ipaexfont-gothic"),
    "mincho": ("IPAexMincho", "ipaexfont-mincho/ipaexm.ttf", "fonts-ipaexfont-mincho"),
}

# (file name, font, pages); each page is a title line followed by body lines.
SAMPLES: list[tuple[str, str, list[list[str]]]] = [
    ("notice.png", "gothic", [[
        "乳幼児健康診査のお知らせ",
        "対象 令和5年10月生まれのお子さん",
        "日時 令和6年4月18日 午後1時30分",
        "会場 さくら区保健センター 2階",
        "持ち物 母子健康手帳と問診票",
        "問合せ TEL 03-1234-5678",
    ]]),
    ("notice.jpg", "mincho", [[
        "国民健康保険料の納付について",
        "令和6年度の保険料額をお知らせします",
        "納期限 令和6年7月1日",
        "口座振替の申込みは区役所窓口へ",
        "さくら区役所 保険年金課",
        "TEL 03-1234-5600",
    ]]),
    ("two-page.tif", "gothic", [
        [
            "転入届の受付について",
            "住所 東京都さくら区中央1丁目2番3号",
            "受付時間 午前8時30分から午後5時まで",
            "本人確認書類をお持ちください",
            "窓口 区民課 3番",
        ],
        [
            "予防接種の予診票",
            "接種日 令和6年5月10日",
            "体重 8.5 kg 体温 36.7 度",
            "医療機関 さくら小児クリニック",
            "FAX 03-9876-5432",
        ],
    ]),
    ("notice.pdf", "mincho", [[
        "子育て支援センターだより",
        "開館日 月曜日から土曜日",
        "時間 午前9時から午後5時まで",
        "住所 東京都さくら区桜町4-5-6",
        "No. 2024-15 Sakura City",
    ]]),
    ("notice.bmp", "gothic", [[
        "粗大ごみの出し方",
        "申込みは収集日の7日前まで",
        "手数料 1点につき400円から",
        "品目 いす 机 自転車 など",
        "受付センター TEL 03-1234-5700",
    ]]),
]


def font_file(kind: str) -> Path:
    """Path of the IPAex font `kind` ("gothic" or "mincho"); fails naming the Debian package."""
    family, relative, package = FONTS[kind]
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family}\n%{file}", family],
            capture_output=True, text=True, check=True, timeout=10,
        ).stdout.splitlines()
        # fc-match always answers, with a fallback font when the family is missing.
        if len(found) == 2 and family in found[0] and Path(found[1]).is_file():
            return Path(found[1])
    except (OSError, subprocess.SubprocessError):
        pass
    candidate = Path("/usr/share/fonts/opentype") / relative
    if candidate.is_file():
        return candidate
    raise FileNotFoundError(
        f"Japanese font {family} is not installed; install the Debian package {package} "
        f"(apt-get install {package})"
    )


def render_page(lines: list[str], font: Path, rng: random.Random) -> Image.Image:
    """One page as an 8-bit grayscale image: black text on white with faint scanner specks."""
    page = Image.new("L", PAGE_SIZE, 255)
    draw = ImageDraw.Draw(page)
    y = float(MARGIN)
    for number, line in enumerate(lines):
        size = TITLE_PX if number == 0 else BODY_PX
        face = ImageFont.truetype(str(font), size)
        if MARGIN + draw.textlength(line, font=face) > PAGE_SIZE[0] - MARGIN:
            raise ValueError(f"sample line too wide for the page: {line}")
        draw.text((MARGIN, y), line, font=face, fill=0)
        y += size * LINE_STEP
    if y > PAGE_SIZE[1] - MARGIN:
        raise ValueError("sample page has too many lines")
    for _ in range(60):  # light specks, above the 1-bit threshold so G4 pages stay clean
        x, yy = rng.randrange(PAGE_SIZE[0]), rng.randrange(PAGE_SIZE[1])
        draw.point([(x, yy), (x + 1, yy)], fill=rng.randrange(170, 230))
    return page


def save(name: str, pages: list[Image.Image], path: Path) -> None:
    """Write `pages` to `path` in the format its name says, at 300 dpi."""
    first, rest = pages[0], pages[1:]
    if name.endswith(".tif"):
        bilevel = [p.point(lambda v: 255 if v >= 128 else 0).convert("1", dither=Image.Dither.NONE)
                   for p in pages]
        bilevel[0].save(path, save_all=True, append_images=bilevel[1:],
                        compression="group4", dpi=(DPI, DPI))
    elif name.endswith(".jpg"):
        first.save(path, quality=85, dpi=(DPI, DPI))
    elif name.endswith(".pdf"):
        first.save(path, save_all=True, append_images=rest, resolution=float(DPI),
                   creationDate=FIXED_DATE, modDate=FIXED_DATE)
    else:
        first.save(path, dpi=(DPI, DPI))


def render_samples(outdir: Path) -> dict[str, list[str]]:
    """Write every sample and its truth files into `outdir`; return file name -> page texts."""
    rng = random.Random(SEED)
    truth_dir = outdir / "truth"
    truth_dir.mkdir(parents=True, exist_ok=True)
    texts: dict[str, list[str]] = {}
    for name, kind, pages in SAMPLES:
        font = font_file(kind)
        save(name, [render_page(lines, font, rng) for lines in pages], outdir / name)
        texts[name] = ["\n".join(lines) for lines in pages]
        for number, text in enumerate(texts[name], start=1):
            (truth_dir / f"{name}.{number}.txt").write_text(text, encoding="utf-8")
    return texts


def main(argv: list[str]) -> int:
    """Command-line entry: `make_samples.py OUTDIR`."""
    if len(argv) != 1:
        print("usage: make_samples.py OUTDIR", file=sys.stderr)
        return 2
    try:
        texts = render_samples(Path(argv[0]))
    except FileNotFoundError as exc:
        print(f"make_samples: {exc}", file=sys.stderr)
        return 1
    for name, pages in texts.items():
        print(f"{name}: {len(pages)} page(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
