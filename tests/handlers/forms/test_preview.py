"""`yomitori template preview`: the boxes drawn in colour over the reference."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from form_pages import template
from PIL import Image

from handlers.forms.preview import COLOURS, MARK, OPTION, write_preview


def test_every_field_box_is_outlined_in_its_kind_s_colour(tmp_path: Path) -> None:
    form = template()
    target = write_preview(form, tmp_path / "preview.png")
    image = np.asarray(Image.open(target).convert("RGB"))
    assert image.shape[:2] == form.reference.shape
    for field in form.fields:
        # A choice's own box is drawn over by its options' boxes.
        boxes = list(field.options.values()) or [field.box]
        colour = OPTION if field.options else COLOURS[field.kind]
        for x0, _, x1, y1 in boxes:
            edge = image[y1 - 2, x0 + 5:x1 - 5]  # the bottom edge of the box
            assert (np.abs(edge.astype(int) - colour).sum(axis=1) < 30).mean() > 0.5, field.name
    assert form.corner_marks
    for x0, _, x1, y1 in form.corner_marks:  # outlined just outside the black square
        edge = image[y1 + 6, x0:x1]
        assert (np.abs(edge.astype(int) - MARK).sum(axis=1) < 30).mean() > 0.5
    untouched = image[1500:1520, 2400:2450]  # margin right of the table: as the reference
    assert (untouched == 255).all()
