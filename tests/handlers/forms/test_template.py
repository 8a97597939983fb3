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
