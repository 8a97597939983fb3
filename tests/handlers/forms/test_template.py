"""Form templates: the shipped example loads; broken templates name every problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from form_pages import TEMPLATE

from daemon.errors import ConfigError
from handlers.forms.template import load_template, load_templates, template_problems

HEADER = """[form]
name = "test-form"
title = "テスト"
reference = "checkup-18m.png"
dpi = 300
"""


def write(folder: Path, fields: str, header: str = HEADER) -> Path:
    shutil.copy(TEMPLATE.with_suffix(".png"), folder / "checkup-18m.png")
    path = folder / "test-form.toml"
    path.write_text(header + fields, encoding="utf-8")
    return path


def test_the_shipped_template_loads_with_thirty_fields() -> None:
    template = load_template(TEMPLATE)
    assert template.name == "checkup-18m"
    assert template.size == (2480, 3508)
    assert len(template.fields) == 30
    kinds = {field.kind for field in template.fields}
    assert kinds == {"text", "digits", "date", "choice", "checkbox"}
    assert template_problems(TEMPLATE) == []
    by_name = {field.name: field for field in template.fields}
    assert set(by_name["q1"].options) == {"はい", "いいえ"}
    assert by_name["child_name"].pii == "name"
    phone = by_name["phone"].pattern
    assert phone is not None and phone.fullmatch("03-1234-5678")


def test_every_problem_is_named_by_field_and_file(tmp_path: Path) -> None:
    path = write(tmp_path, """
[[fields]]
name = "outside"
kind = "text"
box = [2400, 100, 2600, 200]

[[fields]]
name = "odd"
kind = "signature"
box = [10, 10, 100, 100]

[[fields]]
name = "q1"
kind = "choice"
box = [100, 100, 500, 200]
options = { "はい" = [100, 100, 300, 200], "いいえ" = [250, 100, 500, 200] }

[[fields]]
name = "typo"
kind = "digits"
box = [10, 10, 100, 100]
patern = "^[0-9]+$"

[[fields]]
name = "regex"
kind = "text"
box = [10, 10, 100, 100]
pattern = "([a-z"

[[fields]]
name = "regex"
kind = "text"
box = [10, 10, 100, 100]
""")
    with pytest.raises(ConfigError) as caught:
        load_template(path)
    problems = caught.value.problems
    assert all(line.startswith(f"{path}: ") for line in problems)
    text = "\n".join(problems)
    assert "fields.outside: box [2400, 100, 2600, 200] lies outside the reference image" in text
    assert "fields.odd: unknown kind 'signature'" in text
    assert "fields.q1: option boxes 'はい' and 'いいえ' overlap" in text
    assert "fields.typo: unknown key 'patern'" in text
    assert "fields.regex: pattern is not a valid regular expression" in text
    assert "fields.regex: the name is used by an earlier field" in text
    assert len(problems) == 6
    assert template_problems(path) == problems


def test_form_table_problems_are_named_by_key(tmp_path: Path) -> None:
    path = write(tmp_path, '\n[[fields]]\nname = "a"\nkind = "text"\nbox = [1, 1, 50, 50]\n',
                 header='[form]\nname = "bad name!"\nreference = "missing.png"\ndpi = 30\n'
                        'min_match = 2\n')
    problems = template_problems(path)
    for key in ("form.name", "form.reference", "form.dpi", "form.min_match"):
        assert any(f": {key}: " in line for line in problems), (key, problems)


def test_a_department_s_templates_load_together_or_not_at_all(tmp_path: Path) -> None:
    shutil.copy(TEMPLATE, tmp_path / "checkup-18m.toml")
    shutil.copy(TEMPLATE.with_suffix(".png"), tmp_path / "checkup-18m.png")
    (tmp_path / "broken.toml").write_text("[form]\nname = 'x'\n", encoding="utf-8")
    assert [t.name for t in load_templates(tmp_path, ["checkup-18m"])] == ["checkup-18m"]
    with pytest.raises(ConfigError) as caught:
        load_templates(tmp_path, ["checkup-18m", "broken", "absent"])
    text = "\n".join(caught.value.problems)
    assert "broken.toml: form.reference" in text
    assert "absent.toml: template file not found" in text



def form(top: str = "", **keys: str) -> str:
    """A `[form]` table with HEADER's keys, `keys` (TOML values) replacing or adding to them,
    after the top-level lines `top`."""
    values = {"name": '"test-form"', "title": '"テスト"', "reference": '"checkup-18m.png"',
              "dpi": "300", **keys}
    return top + "[form]\n" + "".join(f"{key} = {value}\n" for key, value in values.items())


def field(kind: str = "text", box: str = "[1, 1, 50, 50]", more: str = "") -> str:
    return f'\n[[fields]]\nname = "a"\nkind = "{kind}"\nbox = {box}\n{more}'


@pytest.mark.parametrize(("header", "fields", "problem"), [
    (form(title="3"), field(), "form.title: must be a string"),
    (form(dpi='"300"'), field(),  # no conversion: a string is no number
     "form.dpi: needs the reference image's resolution, 100 to 1200 dots per inch"),
    (form(min_match="true"), field(), "form.min_match: must be a number above 0 and at most 1"),
    (form(page_text='"all"'), field(), "form.page_text: must be one of fields, full"),
    (form(zoom="2"), field(), "form.zoom: unknown key; known keys: corner_marks, dpi, "
     "min_match, name, page_text, reference, title"),
    (form(corner_marks="[[1, 1]]"), field(),  # the count is the problem, not the box
     "form.corner_marks: needs three or four boxes [x0, y0, x1, y1], one per mark"),
    (form("fields = [1]\n"), "", "fields[0]: must be a table"),
    (form("fields = []\n"), "", "fields: the template has no [[fields]]"),
    (form(), '\n[[fields]]\nkind = "text"\nbox = [1, 1, 50, 50]\n',
     "fields[0]: needs a name of ASCII letters, digits and '_' (e.g. child_name)"),
    (form(), '\n[[fields]]\nname = "a"\nbox = [1, 1, 50, 50]\n',
     "fields.a: unknown kind None; use one of text, digits, date, choice, checkbox"),
    (form(), field(box="[1, 1, 50, 50.0]"),
     "fields.a: box must be [x0, y0, x1, y1], four whole numbers of pixels"),
    (form(), field(box="[5, 1, 5, 9]"),
     "fields.a: box [5, 1, 5, 9] is empty: x0 must be left of x1 and y0 above y1"),
    (form(), field(more="lines = true\n"), "fields.a: lines must be a whole number from 1 to 50"),
    (form(), field(more='required = "yes"\n'), "fields.a: required must be true or false"),
    (form(), field(more="label = 3\n"), "fields.a: label must be a string"),
    (form(), field(more='pii = "Name"\n'),
     "fields.a: pii must be a short lower-case category such as name, address or health"),
    (form(), field(more="options = { x = [1, 1, 5, 5], y = [6, 6, 9, 9] }\n"),
     "fields.a: options are only for choice fields, not text"),
    (form(), field("choice", more="options = { x = [1, 1, 5, 5] }\n"),
     'fields.a: a choice needs options = { "label" = [x0, y0, x1, y1], ... }, two or more'),
    (form(), field("choice", more="options = { x = [1, 1, 5, 5], y = [6, 6, 2500, 9] }\n"),
     "fields.a: option 'y' [6, 6, 2500, 9] lies outside the reference image "
     "(2480 x 3508 pixels)"),
])
def test_each_problem_is_one_line_worded_for_its_key(tmp_path: Path, header: str, fields: str,
                                                     problem: str) -> None:
    path = write(tmp_path, fields, header=header)
    assert template_problems(path) == [f"{path}: {problem}"]


def test_every_pair_of_overlapping_options_is_named(tmp_path: Path) -> None:
    options = "options = { a = [1, 1, 50, 50], b = [40, 1, 90, 50], c = [80, 1, 99, 50] }\n"
    path = write(tmp_path, field("choice", "[1, 1, 100, 100]", options))
    assert [line.split(": ", 1)[1] for line in template_problems(path)] == [
        "fields.a: option boxes 'a' and 'b' overlap; a mark would count for both",
        "fields.a: option boxes 'b' and 'c' overlap; a mark would count for both",
    ]


def test_a_missing_form_table_does_not_hide_the_fields_problems(tmp_path: Path) -> None:
    path = write(tmp_path, field("signature"), header="")
    assert [line.split(": ", 1)[1] for line in template_problems(path)] == [
        "form: missing [form] table (name, title, reference, dpi)",
        "fields.a: unknown kind 'signature'; use one of text, digits, date, choice, checkbox",
    ]


def test_a_field_named_like_an_earlier_one_is_reported_for_that_alone(tmp_path: Path) -> None:
    path = write(tmp_path, field(box="[1, 1]") + field() + field("signature"))
    assert [line.split(": ", 1)[1] for line in template_problems(path)] == [
        "fields.a: box must be [x0, y0, x1, y1], four whole numbers of pixels",
        "fields.a: the name is used by an earlier field",
        "fields.a: the name is used by an earlier field",
    ]


def test_the_export_profile_names_columns_in_order(tmp_path: Path) -> None:
    shipped = load_template(TEMPLATE)
    assert shipped.export[:3] == ("child_name", "child_kana", "birth_date")
    assert sorted(shipped.export) == sorted(field.name for field in shipped.fields)
    fields = """
[[fields]]
name = "a"
kind = "text"
box = [100, 100, 300, 200]

[[fields]]
name = "b"
kind = "text"
box = [100, 300, 300, 400]
"""
    good = write(tmp_path, fields + '\n[export]\ncolumns = ["b", "a"]\n')
    assert load_template(good).export == ("b", "a")
    bad = write(tmp_path, fields + '\n[export]\ncolumns = ["b", "zzz", "b"]\n')
    assert template_problems(bad) == [f"{bad}: export: columns names no field of this "
                                      "template: zzz"]
    odd = write(tmp_path, fields + '\n[export]\ncolumn = ["a"]\n')
    assert any("unknown key; known keys: columns" in p for p in template_problems(odd))
