"""How precisely pages are laid onto the form's reference: corner error in pixels.

    python -m benchmarks.forms_align               # 25 pages, seed 5, under a minute
    python -m benchmarks.forms_align --pages 100 --seed 11

A filled example questionnaire (printed font) is turned up to ±4°, shifted up to ±60 px,
scaled ±3 %, blurred and made noisy, as `benchmarks.forms` does, with the transform
known. Each page is aligned by feature matching (`align`) and, separately, through the
template's corner marks (`align_by_marks`); the error is the largest distance, over the
four corners of the reference, between a corner and where the found map brings it back
(pixels at 300 dpi). A page that is not aligned counts as missed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "daemon" / "examples" / "forms" / "checkup-18m.toml"


def corner_error(homography: npt.NDArray[np.float64], matrix: npt.NDArray[np.float64],
                 size: tuple[int, int]) -> float:
    """Largest distance between a reference corner and its image through `matrix`
    (reference → scan, 2 x 3) then `homography` (scan → reference)."""
    width, height = size
    corners = np.array([[0, 0, 1], [width, 0, 1], [0, height, 1], [width, height, 1]], float).T
    back = homography @ np.vstack([matrix, [0, 0, 1]]) @ corners
    return float(np.abs(back[:2] / back[2] - corners[:2]).max())


def turn(size: tuple[int, int], angle: float, shift: tuple[float, float],
         scale: float = 1.0) -> npt.NDArray[np.float64]:
    """The 2 x 3 map of a page of `size` turned `angle` degrees counter-clockwise about its
    centre, scaled by `scale`, then shifted by `shift` pixels (as a skewed scan)."""
    width, height = size
    matrix = np.asarray(cv2.getRotationMatrix2D((width / 2, height / 2), angle, scale),
                        dtype=np.float64)
    matrix[:, 2] += np.asarray(shift)
    return matrix


def main(argv: list[str]) -> int:
    from benchmarks.forms_values import random_answers
    from handlers.forms.align import align, features, reference_for
    from handlers.forms.corners import align_by_marks
    from handlers.forms.template import load_template
    from scripts.fill_form import fill, printed_font

    parser = argparse.ArgumentParser(prog="python -m benchmarks.forms_align")
    parser.add_argument("--pages", type=int, default=25)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    template = load_template(TEMPLATE)
    reference = reference_for(template)
    rng = random.Random(args.seed)
    answers, _ = random_answers(rng)
    base = np.asarray(fill(template, answers, printed_font("gothic"), rng, hand=False),
                      dtype=np.uint8)
    width, height = template.size
    errors: dict[str, list[float]] = {"features": [], "corner marks": []}
    for number in range(args.pages):
        angle, scale = rng.uniform(-4, 4), 1 + rng.uniform(-0.03, 0.03)
        shift = (rng.uniform(-60, 60), rng.uniform(-60, 60))
        matrix = turn((width, height), angle, shift, scale)
        page = cv2.warpAffine(base, matrix, (width, height), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=250)
        page = cv2.GaussianBlur(page, (0, 0), rng.uniform(0.2, 1.2))
        noise = np.random.default_rng(number).normal(0, rng.uniform(0, 12), page.shape)
        page = np.clip(page + noise, 0, 255).astype(np.uint8)
        found = features(page, 300.0)
        for name, alignment in (("features", align(found, reference)),
                                ("corner marks", align_by_marks(found, reference,
                                                                template.corner_marks))):
            errors[name].append(corner_error(alignment.homography, matrix, template.size)
                                if alignment is not None else float("inf"))
    print(f"## Alignment: {args.pages} pages, seed {args.seed}\n")
    print("| method | aligned | median error px | worst error px |\n|---|---|---|---|")
    for name, values in errors.items():
        placed = [v for v in values if v != float("inf")]
        median = f"{statistics.median(placed):.2f}" if placed else "-"
        worst = f"{max(placed):.2f}" if placed else "-"
        print(f"| {name} | {len(placed)} of {len(values)} | {median} | {worst} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
