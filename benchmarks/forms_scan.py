"""Make a filled form look scanned: turned, shifted, scaled, blurred, noisy, compressed.

`degrade` draws one random scanner's damage; `save_scan` writes the page as a scanner
would (JPEG, PNG, 1-bit CCITT G4 TIFF, or an image-only PDF). Deterministic for a seed.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image

FORMATS = ("jpg", "png", "tif", "pdf")
DPI = 300


@dataclass(frozen=True)
class Damage:
    """What a scan did to a page: degrees (counter-clockwise), pixels, factors, levels."""

    angle: float
    shift: tuple[float, float]
    scale: float
    blur: float
    noise: float
    speckle: float


def draw_damage(rng: random.Random, *, max_angle: float = 4.0, max_shift: float = 60.0,
                max_scale: float = 0.03) -> Damage:
    """One scan's damage: skew up to `max_angle` degrees, shift up to `max_shift` pixels,
    scale within ±`max_scale`, Gaussian blur σ 0..1.2 px, noise σ 0..12 gray levels, and
    up to 0.05 % of pixels flipped to black or white specks."""
    return Damage(
        angle=rng.uniform(-max_angle, max_angle),
        shift=(rng.uniform(-max_shift, max_shift), rng.uniform(-max_shift, max_shift)),
        scale=1 + rng.uniform(-max_scale, max_scale),
        blur=rng.uniform(0.0, 1.2),
        noise=rng.uniform(0.0, 12.0),
        speckle=rng.uniform(0.0, 0.0005),
    )


def degrade(page: Image.Image, damage: Damage, rng: random.Random) -> npt.NDArray[np.uint8]:
    """`page` (8-bit grayscale) with `damage` applied; same size, white where paper ends."""
    image = np.asarray(page.convert("L"), dtype=np.uint8)
    height, width = image.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), damage.angle, damage.scale)
    matrix[:, 2] += np.array(damage.shift)
    moved = cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_CONSTANT, borderValue=250)
    if damage.blur > 0.2:
        moved = cv2.GaussianBlur(moved, (0, 0), damage.blur)
    noise_rng = np.random.default_rng(rng.getrandbits(32))
    paper = rng.uniform(225, 250) / 255  # paper is seldom scanned pure white
    pixels = moved.astype(np.float32) * paper + noise_rng.normal(0, damage.noise, moved.shape)
    specks = noise_rng.random(moved.shape)
    pixels[specks < damage.speckle / 2] = 0
    pixels[specks > 1 - damage.speckle / 2] = 255
    return np.asarray(np.clip(pixels, 0, 255), dtype=np.uint8)


def save_scan(pages: list[npt.NDArray[np.uint8]], path: Path, rng: random.Random) -> None:
    """Write `pages` in the format of `path`'s suffix, at 300 dpi, as a scanner would."""
    images = [Image.fromarray(page) for page in pages]
    suffix = path.suffix.lstrip(".")
    if suffix == "tif":  # 1-bit G4, what most sheet feeders write for black and white
        bilevel = [im.point(lambda v: 255 if v >= 150 else 0).convert("1") for im in images]
        bilevel[0].save(path, save_all=True, append_images=bilevel[1:], compression="group4",
                        dpi=(DPI, DPI))
    elif suffix == "jpg":
        images[0].save(path, quality=rng.randint(55, 90), dpi=(DPI, DPI))
    elif suffix == "pdf":  # image-only PDF holding JPEGs, like a scanner's "scan to PDF"
        jpegs = []
        for image in images:
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=rng.randint(60, 90))
            jpegs.append(Image.open(io.BytesIO(buffer.getvalue())))
        jpegs[0].save(path, save_all=True, append_images=jpegs[1:], resolution=float(DPI))
    elif suffix == "png":
        images[0].save(path, dpi=(DPI, DPI))
    else:
        raise ValueError(f"unknown scan format {suffix!r}; use one of {', '.join(FORMATS)}")
