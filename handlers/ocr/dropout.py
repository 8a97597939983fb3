"""Colour dropout: the gray page Tesseract should read from a colour scan.

A red seal (公印) or a blue receipt stamp pressed over printed text is dark enough in plain
luminance to merge with the characters under it: about 25% CER on the benchmark's pages,
against about 1% with the colour removed. Printed text is black or gray: its three channels
are about equal. Seal ink, stamp ink and coloured paper are saturated: one channel stands
far above another. So each pixel's darkness (255 minus its brightest channel) is reduced by
its chroma (brightest minus darkest channel): black and gray stay as they are, red and
blue ink and tinted paper go to white, and black text under a seal stays black (ink on ink
multiplies to black).

This is chosen by measurement, page by page (`choose`): on tinted paper the colour always
goes (the paper becomes white, however dark it is); on white paper, where most of the
page's ink is itself coloured (a notice printed in blue, a red heading over little else),
removing the colour would remove the text, so the page is read from its luminance.
"""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np
import numpy.typing as npt

Method = Literal["luminance", "achromatic"]
INK = 160  # luminance under which a pixel counts as ink for the measurement
SATURATED = 60  # chroma (gray levels between channels) of coloured ink
MOST = 0.5  # share of coloured ink above which the colour is taken to be the text
SOME = 0.002  # share of coloured ink under which there is nothing to remove
TINTED = 15  # median chroma of coloured paper (pale pink or blue has about 30, yellow 60)


def achromatic(colour: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """The gray page with saturated colour taken out (see the module docstring): 255 less
    the darkness left after the chroma, that is the brightest channel plus the chroma, at
    most 255."""
    brightest, chroma = brightest_and_chroma(colour)
    return np.asarray(cv2.add(brightest, chroma), dtype=np.uint8)  # saturates at 255


def brightest_and_chroma(colour: npt.NDArray[np.uint8]
                          ) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """Per pixel, the brightest channel and the chroma (brightest less darkest channel).
    OpenCV's per-element max and min over the three planes take a tenth of the time of
    NumPy's reduction along the short last axis (about 90 ms of an A6 page at 300 dpi)."""
    first, second, third = cv2.split(np.ascontiguousarray(colour))
    brightest = cv2.max(cv2.max(first, second), third)
    darkest = cv2.min(cv2.min(first, second), third)
    chroma = cv2.subtract(brightest, darkest)
    return np.asarray(brightest, dtype=np.uint8), np.asarray(chroma, dtype=np.uint8)


def coloured_share(colour: npt.NDArray[np.uint8], gray: npt.NDArray[np.uint8]) -> float:
    """Share of the ink (luminance under `INK`) that is saturated colour, measured on every
    second pixel; 0.0 without ink."""
    ink = gray[::2, ::2] < INK
    total = int(ink.sum())
    if not total:
        return 0.0
    _, chroma = brightest_and_chroma(colour[::2, ::2])
    return float((ink & (chroma >= SATURATED)).sum()) / total


def choose(colour: npt.NDArray[np.uint8] | None, gray: npt.NDArray[np.uint8]
           ) -> tuple[npt.NDArray[np.uint8], Method]:
    """The image to read and how it was made: `gray` (the luminance) unless `colour` holds
    coloured ink over a page whose text is black or gray, then `achromatic(colour)`."""
    if colour is None:
        return gray, "luminance"
    if paper_chroma(colour) >= TINTED:
        return achromatic(colour), "achromatic"
    share = coloured_share(colour, gray)
    if share < SOME or share > MOST:
        return gray, "luminance"
    return achromatic(colour), "achromatic"


def paper_chroma(colour: npt.NDArray[np.uint8]) -> float:
    """The median chroma of the page, which is the paper's: most of a page is paper."""
    _, chroma = brightest_and_chroma(colour[::4, ::4])
    return float(np.median(chroma))
