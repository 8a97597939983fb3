"""Quarantine notices for a department's staff: when, how many pages, and why in plain
Japanese, so they know which paper to scan again. Never the image, never the scan's name.

The reasons in `error.json` are written for the operator, in English; `japanese_reason`
says the same thing for staff, by what kind of failure it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from daemon.spool import JOB_ID

RESCAN = "用紙をもう一度スキャンしてください。"
REASONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("refused: a symbolic link", "refused: a hard link"),
     "スキャンしたファイルではなく、リンクが置かれていました。スキャナーでもう一度保存してください。"),
    (("refused:",), "スキャンではないものが置かれていました。フォルダーの中を確認してください。"),
    (("is empty",), "空のファイルでした。" + RESCAN),
    (("took longer than",), "読み取りに時間がかかりすぎました。枚数を分けてスキャンしてください。"),
    (("more than the limit", "too many pages", "too many pixels", "pixels"),
     "ファイルが大きすぎます。枚数を分けるか、300dpi でスキャンしてください。"),
    (("is not a JPEG", "damaged", "incomplete", "has no size", "without pages"),
     "ファイルが壊れているか、読めない形式です。" + RESCAN),
    (("no longer configured",),
     "担当課の設定が変わったため処理できませんでした。システム担当者に連絡してください。"),
    (("changed in the spool",),
     "処理中にファイルが変わりました。システム担当者に連絡してください。"),
)
DEFAULT = "読み取りに失敗しました。" + RESCAN + "続く場合はシステム担当者に連絡してください。"


def japanese_reason(reason: str) -> str:
    """Staff's wording of an operator's quarantine reason."""
    for needles, wording in REASONS:
        if any(needle in reason for needle in needles):
            return wording
    return DEFAULT


@dataclass(frozen=True)
class Notice:
    job_id: str
    department: str
    quarantined_at: str
    pages: int | None
    reason: str
    """In Japanese."""


def notices(root: Path, department: str) -> list[Notice]:
    """The department's quarantined jobs, oldest first."""
    found: list[Notice] = []
    folder = root / department
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not JOB_ID.match(entry.name):
            continue
        try:
            report = json.loads((entry / "error.json").read_text("utf-8"))
        except (OSError, ValueError):
            continue  # being written, or being wiped
        found.append(
            Notice(
                job_id=entry.name,
                department=department,
                quarantined_at=str(report.get("quarantined_at", "")),
                pages=report.get("source", {}).get("pages"),
                reason=japanese_reason(str(report.get("reason", ""))),
            )
        )
    return sorted(found, key=lambda n: (n.quarantined_at, n.job_id))
