"""`yomitori template preview`: a template's boxes drawn over its reference image.

Each field's box is outlined in a colour for its kind, with its name above it; a choice's
option boxes are outlined too, with their labels, and the corner marks with their numbers.
Whoever writes a template checks with it that every box sits inside the printed cell it
belongs to.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from handlers.forms.model import FormTemplate

COLOURS = {  # RGB per kind
    "text": (0, 90, 220), "digits": (0, 150, 60), "date": (200, 100, 0),
    "choice": (190, 0, 160), "checkbox": (220, 0, 0),
}
OPTION = (120, 0, 200)
MARK = (0, 160, 170)  # corner marks
FONT_FAMILIES = ("IPAexGothic", "Noto Sans CJK JP")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A Japanese font found by fontconfig, else Pillow's built-in one (Latin only)."""
    for family in FONT_FAMILIES:
        try:
            found = subprocess.run(["fc-match", "-f", "%{family}\n%{file}", family],
                                   capture_output=True, text=True, timeout=10, check=True)
        except (OSError, subprocess.SubprocessError):
            break
        lines = found.stdout.splitlines()
        if len(lines) == 2 and family in lines[0] and Path(lines[1]).is_file():
            return ImageFont.truetype(lines[1], size)
    return ImageFont.load_default(size)


def render_preview(template: FormTemplate) -> Image.Image:
    """The reference image in colour with every field's box and name drawn on it."""
    image = Image.fromarray(template.reference).convert("RGB")
    draw = ImageDraw.Draw(image)
    width = max(2, round(3 * template.dpi / 300))
    size = max(12, round(26 * template.dpi / 300))
    font = _font(size)
    for field in template.fields:
        colour = COLOURS.get(field.kind, (0, 0, 0))
        x0, y0, x1, y1 = field.box
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), outline=colour, width=width)
        for label, (ox0, oy0, ox1, oy1) in field.options.items():
            draw.rectangle((ox0, oy0, ox1 - 1, oy1 - 1), outline=OPTION, width=width)
            _tag(draw, (ox0 + 2 * width, oy1 - size - 3 * width), label, font, OPTION)
        _tag(draw, (x0 + 2 * width, y0 + 2 * width), f"{field.name} ({field.kind})", font,
             colour)
    for number, (x0, y0, x1, y1) in enumerate(template.corner_marks, start=1):
        pad = 3 * width  # around the mark, so the outline shows on its black square
        draw.rectangle((x0 - pad, y0 - pad, x1 - 1 + pad, y1 - 1 + pad), outline=MARK,
                       width=width)
        below = y1 + pad + 2 * size < image.height  # the tag under the mark, else above it
        y = y1 + pad + width if below else y0 - pad - size - 3 * width
        _tag(draw, (min(x0 - pad, image.width - 5 * size), y), f"mark {number}", font, MARK)
    return image


def _tag(draw: ImageDraw.ImageDraw, at: tuple[int, int], text: str,
         font: ImageFont.FreeTypeFont | ImageFont.ImageFont, colour: tuple[int, int, int]) -> None:
    """`text` at `at` on a white patch, so it stays readable over printed lines."""
    draw.rectangle(draw.textbbox(at, text, font=font), fill=(255, 255, 255))
    draw.text(at, text, font=font, fill=colour)


def write_preview(template: FormTemplate, target: Path) -> Path:
    """Save the preview as PNG at `target` (with the template's resolution); returns it."""
    render_preview(template).save(target, format="PNG", dpi=(template.dpi, template.dpi))
    return target
