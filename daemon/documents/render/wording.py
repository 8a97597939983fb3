"""Names the templates print for codes the ledger records: personal-information items
(`pii` tags of form fields and departments' `pii_items`) and numbers. The sentences of the
documents live in the templates (`words_ja.j2`, `words_en.j2`)."""

from __future__ import annotations

PII: dict[str, str] = {
    "name": "氏名",
    "address": "住所",
    "birth_date": "生年月日",
    "sex": "性別",
    "phone": "電話番号",
    "email": "メールアドレス",
    "insurance_number": "保険者・被保険者番号",
    "my_number": "個人番号（マイナンバー）",
    "health": "健康・診療に関する情報",
    "family": "世帯・家族に関する情報",
    "income": "所得に関する情報",
    "bank_account": "口座情報",
    "undeclared": "未申告",
}


def pii(value: str) -> str:
    """A personal-information item as `氏名 (name)`; unknown ones as they are."""
    label = PII.get(value)
    return f"{label} ({value})" if label else value


def pii_ja(value: str) -> str:
    """A personal-information item in Japanese only: `氏名`; unknown ones as they are."""
    return PII.get(value, value)


def number(value: int | None) -> str:
    """An integer with thousands separators, or `—` when unknown."""
    return "—" if value is None else f"{value:,}"
