"""What a result tells the usage report: the personal-information categories it holds.

The privacy council is told, per department and form, which categories of personal
information (name, birth_date, address, phone, health, …: each field's `pii`) were handled.
A category counts for a result when a field of that category was read with a value: text
written in its box, a marked choice, or a check box either way. Values never leave the job;
only the category names do.
"""

from __future__ import annotations

from collections.abc import Iterable

from handlers.forms.model import FormTemplate
from handlers.ocr.result import Result


def pii_categories(result: Result, templates: Iterable[FormTemplate]) -> list[str]:
    """Sorted categories of the fields read with a value on `result`'s form pages."""
    by_name = {template.name: template for template in templates}
    found: set[str] = set()
    for page in result.pages:
        template = by_name.get(page.form.name) if page.form is not None else None
        if page.form is None or template is None:
            continue
        for field in template.fields:
            read = page.form.fields.get(field.name)
            if field.pii and read is not None and read.value not in (None, ""):
                found.add(field.pii)
    return sorted(found)
