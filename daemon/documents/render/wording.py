"""The words the ward reads: Japanese first, English below, shared by every document."""

from __future__ import annotations

KINDS: dict[str, tuple[str, str]] = {
    "source": ("原本スキャン（処理後）", "source scan, after delivery"),
    "bundle": ("成果物（送付箱・保存期間満了）", "outbox bundle, retention expired"),
    "quarantine": ("隔離中の原本（保存期間満了）", "quarantined source, retention expired"),
}

METHODS: dict[str, str] = {
    "overwritten once and unlinked": "1回上書きの後に削除",
    "unlinked, not overwritten (other names of the file remain)":
        "上書きせずに削除（同じファイルに他の名前が残るため）",
    "unlinked, not overwritten (not a regular file)":
        "上書きせずに削除（通常のファイルでないため）",
    "unlinked before this receipt was written (method not recorded)":
        "この記録の前に削除（方法の記録なし）",
    "nothing to wipe (no source was kept)": "削除対象なし（原本は保管されていない）",
}

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

STATEMENT = (
    "下記の電子データが、Yomitori（区内設置の文字認識サービス）により下記の方法で削除された"
    "ことを、署名付き台帳の記録に基づき証明します。",
    "This certifies, from the signed ledger, that Yomitori wiped the data listed below by "
    "the method stated.",
)

WIPED_MEANS = (
    "「削除」とは、ファイルの内容を一度ゼロで上書きしてディスクに書き込み（fsync）、"
    "ファイルを削除（unlink）したことをいいます。ジャーナリング・ファイルシステム、"
    "コピーオンライト方式のファイルシステム及びSSDでは、上書きがデータのすべての複製に"
    "及ぶとは限りません。これは媒体の無害化（NIST SP 800-88 の「パージ」）ではありません。"
    "媒体の無害化は、機器の廃棄・返却時に別途行ってください。読取結果（成果物）は各課の"
    "公開鍵で暗号化（age）して各課の送付箱に渡しており、本サービスでは復号できません。",
    '"Wiped" means: the file was overwritten once with zeros, flushed to disk (fsync) and '
    "unlinked. On journaling and copy-on-write file systems and on SSDs an overwrite does not "
    "reach every copy of the blocks: this is not media sanitisation (NIST SP 800-88 "
    '"purge"), which is due when the disks are retired. Results are encrypted (age) to each '
    "department's key before they reach its outbox; the service cannot decrypt them.",
)

NO_PERSONAL_DATA = (
    "本サービスは個人情報を保持しないため、この文書にはファイル名や読み取った文字は記載せず、"
    "ハッシュ値（SHA-256）、サイズ、ページ数、件数及び帳票名のみを記載します。",
    "The service keeps no personal data: this document shows hashes, sizes, page counts, "
    "counts and form names, never file names or text read.",
)

TIMES = (
    "日時はすべて日本標準時（UTC+09:00）です。月の区切りも日本標準時によります。",
    "Times and month boundaries are Japan Standard Time (UTC+09:00).",
)


def kind(value: str) -> tuple[str, str]:
    """Japanese and English label of a wipe kind; unknown kinds as they are."""
    return KINDS.get(value, (value, value))


def method(value: str | None) -> tuple[str, str]:
    """Japanese and English wording of a wipe method; unknown methods as they are."""
    if value is None:
        return ("（記録なし）", "not recorded")
    return (METHODS.get(value, value), value)


def pii(value: str) -> str:
    """A personal-information category as `氏名 (name)`; unknown ones as they are."""
    label = PII.get(value)
    return f"{label} ({value})" if label else value


def pii_ja(value: str) -> str:
    """A personal-information category in Japanese only: `氏名`; unknown ones as they are."""
    return PII.get(value, value)


def forms(value: dict[str, int]) -> str:
    """Form page counts as `checkup-18m ×2, intake ×1`, or `—` for none."""
    return ", ".join(f"{name} ×{pages}" for name, pages in value.items()) or "—"


def number(value: int | None) -> str:
    """An integer with thousands separators, or `—` when unknown."""
    return "—" if value is None else f"{value:,}"
