"""What staff read of a form page: each field under its question, why a field is flagged,
and a name's 姓 and 名 kept apart (a space, or two fields where the template says so)."""

from __future__ import annotations

import shutil
from pathlib import Path

from form_pages import TEMPLATE, template

from handlers.forms.page import page_text, review_note, split_names
from handlers.forms.template import load_template, template_problems
from handlers.ocr.result import FieldResult


def field(value: object, review: bool = False, reason: str | None = None) -> FieldResult:
    return FieldResult(value=value, confidence=0.9, needs_review=review, reason=reason)


def test_a_choice_line_heads_with_its_question_and_shows_the_chosen_label() -> None:
    text = page_text(template(), {"q1": field("はい"), "q2": field("いいえ"),
                                  "sex": field("女")})
    lines = text.splitlines()
    assert "ひとりで上手に歩けますか：はい" in lines
    assert "意味のあることばを話しますか：いいえ" in lines
    assert "性別：女" in lines
    assert not any(line.startswith(("はい：", "いいえ：", "女：")) for line in lines)


def test_flags_say_why_unanswered_apart_from_unsure() -> None:
    text = page_text(template(), {
        "q1": field(None, True, "unanswered"), "q2": field(None, True, "two_answers"),
        "child_name": field("桜井 陽翔", True, "unsure"), "q3": field("はい", True)})
    lines = text.splitlines()
    assert "ひとりで上手に歩けますか：（要確認：未記入）" in lines
    assert "意味のあることばを話しますか：（要確認：複数回答）" in lines
    assert "お子さんの氏名：桜井 陽翔（要確認：読み取り不確実）" in lines
    assert "コップを持って水を飲めますか：はい（要確認）" in lines  # no reason recorded
    assert review_note(field(None, True, "unanswered")) == "（要確認：未記入）"  # `yomitori ocr`
    assert review_note(field("はい")) == ""


def test_a_name_keeps_its_space_and_splits_into_family_and_given() -> None:
    parts = split_names(("family", "given"), field("桜 花子"))
    assert {name: (part.value, part.needs_review) for name, part in parts.items()} == {
        "family": ("桜", False), "given": ("花子", False)}
    joined = split_names(("family", "given"), field("桜花子"))
    assert joined["family"].value == "桜花子" and joined["given"].value == ""
    assert joined["family"].needs_review and joined["given"].reason == "unsure"


def test_a_template_splits_a_name_field_by_its_split_key(tmp_path: Path) -> None:
    shutil.copy(TEMPLATE.with_suffix(".png"), tmp_path / "checkup-18m.png")
    named = 'label = "お子さんの氏名"'
    text = TEMPLATE.read_text("utf-8").replace(
        named, named + '\nsplit = ["child_family", "child_given"]')
    path = tmp_path / "split.toml"
    path.write_text(text, "utf-8")
    assert template_problems(path) == []
    spec = next(f for f in load_template(path).fields if f.name == "child_name")
    assert spec.split == ("child_family", "child_given")
    clash = text.replace('"child_given"]', '"child_kana"]')
    path.write_text(clash, "utf-8")
    assert [line.split(": ", 1)[1] for line in template_problems(path)] == [
        "fields.child_name: split names child_kana are used by other fields"]
