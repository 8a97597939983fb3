"""Forms end to end: a sheet-feeder scan of filled questionnaires in a hot folder becomes a
bundle whose fields.csv has one row per form page; `ocr --form`, `open --csv`, `template`.

Embedded transport only: form reading does not depend on the message bus.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from helpers import ROOT, Deployment, ledger_records, open_with_age, settled, wait_for
from PIL import Image

from handlers.forms.template import FormTemplate
from scripts.fill_form import fill, printed_font
from scripts.make_samples import font_file, render_page

TEMPLATE = ROOT / "daemon" / "examples" / "forms" / "checkup-18m.toml"
FIRST: dict[str, str | bool | None] = {
    "filled_date": "令和6年4月18日", "child_kana": "ヤマダ ハルト", "child_name": "山田 陽翔",
    "birth_date": "令和4年10月3日", "sex": "男", "guardian_name": "山田 美咲",
    "relationship": "母", "phone": "03-1234-5678", "address": "東京都さくら区中央1丁目2番3号",
    "q1": "はい", "q2": "いいえ", "concern_meal": True,
}
SECOND: dict[str, str | bool | None] = {
    "filled_date": "2024/4/18", "child_kana": "スズキ リン", "child_name": "鈴木 凛",
    "birth_date": "令和元年5月1日", "sex": "女", "guardian_name": "鈴木 直樹",
    "relationship": "父", "phone": "090-1111-2222", "address": "東京都さくら区本町4-5-6",
    "q1": "いいえ", "q2": "はい", "concern_sleep": True,
}


def scanned(answers: dict[str, str | bool | None], angle: float,
            shift: tuple[int, int]) -> Image.Image:
    """A filled form as a slightly skewed, shifted scan."""
    page = np.asarray(fill(_template(), answers, printed_font("gothic"), random.Random(1),
                           hand=False), dtype=np.uint8)
    height, width = page.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    matrix[:, 2] += shift
    moved = cv2.warpAffine(page, matrix, (width, height), borderValue=255)
    return Image.fromarray(moved)


def _template() -> FormTemplate:
    from handlers.forms.template import load_template

    return load_template(TEMPLATE)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def forms_deployment(tmp_path: Path) -> Iterator[Deployment]:
    """kodomo reads checkup-18m and writes cp932 CSV; kokuho is left as it is."""
    dep = Deployment(tmp_path / "yomitori", "embedded")
    shutil.copy(TEMPLATE, dep.root / "forms")
    shutil.copy(TEMPLATE.with_suffix(".png"), dep.root / "forms")
    config = dep.config.read_text("utf-8")
    head, kodomo = config.split("[departments.kodomo]", 1)
    kodomo = kodomo.replace("forms = []", 'forms = ["checkup-18m"]', 1)
    kodomo = kodomo.replace('csv_encoding = "utf-8-sig"', 'csv_encoding = "cp932"', 1)
    dep.config.write_text(head + "[departments.kodomo]" + kodomo, "utf-8")
    yield dep
    dep.stop()


def test_a_sheet_feeder_scan_gives_one_csv_row_per_form_page(
    forms_deployment: Deployment, tmp_path: Path
) -> None:
    dep = forms_deployment
    notice = render_page(["子育て支援センターだより", "開館日 月曜日から土曜日"],
                         font_file("gothic"), random.Random(2))
    pages = [scanned(FIRST, 1.5, (30, -20)), scanned(SECOND, -2.0, (-25, 35)), notice]
    bilevel = [p.point(lambda v: 255 if v >= 128 else 0).convert("1") for p in pages]
    source = tmp_path / "feeder.tif"
    bilevel[0].save(source, save_all=True, append_images=bilevel[1:], compression="group4",
                    dpi=(300, 300))
    dep.start()
    dep.drop(source, "kodomo")
    wait_for(lambda: settled(dep, 1), 180, "the scan to be delivered")
    assert not list(dep.quarantine.rglob("error.json")), dep.log_text()
    (bundle,) = dep.bundles("kodomo")
    archive = open_with_age(bundle, dep.key("kodomo"))
    result = json.loads(archive.read("result.json"))
    forms = [page["form"] for page in result["pages"]]
    assert [f and f["name"] for f in forms] == ["checkup-18m", "checkup-18m", None]
    assert all(f["match"] >= 0.9 for f in forms[:2])
    assert "子育て支援センター" in squash(result["pages"][2]["text"])  # read as full text

    rows = list(csv.DictReader(io.StringIO(archive.read("fields.csv").decode("cp932"))))
    assert [(r["job_id"], r["page"], r["form"]) for r in rows] == [
        (result["job_id"], "1", "checkup-18m"), (result["job_id"], "2", "checkup-18m")]
    for row, answers, born in ((rows[0], FIRST, "2022-10-03"), (rows[1], SECOND, "2019-05-01")):
        assert squash(row["child_name"]) == squash(str(answers["child_name"]))
        assert row["birth_date"] == born
        assert row["filled_date"] == "2024-04-18"
        assert row["phone"] == answers["phone"]
        assert (row["sex"], row["relationship"]) == (answers["sex"], answers["relationship"])
        assert (row["q1"], row["q2"]) == (answers["q1"], answers["q2"])
        assert row["concern_meal"] == ("1" if answers.get("concern_meal") else "0")
        assert row["q3"] == "" and "q3" in row["needs_review"].split()  # unanswered

    wait_for(lambda: any(r["event"] == "delivered" for r in ledger_records(dep)), 60, "ledger")
    (delivered,) = [r for r in ledger_records(dep) if r["event"] == "delivered"]
    assert delivered["forms"] == {"checkup-18m": 2}
    assert delivered["flagged"] >= 2  # at least q3 on each page (the review queue's count)
    assert {"name", "birth_date", "phone", "address", "health"} <= set(delivered["pii"])
    assert delivered["pii"] == sorted(delivered["pii"])

    merged = tmp_path / "merged.csv"
    opened = dep.cli("open", str(bundle), "-i", str(dep.key("kodomo")), "-o",
                     str(tmp_path / "open"), "--csv", str(merged))
    assert "2 form rows" in opened.stdout
    data = merged.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, whatever the bundle's encoding
    assert [r["child_name"] for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))] == [
        rows[0]["child_name"], rows[1]["child_name"]]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "daemon.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_ocr_with_a_form_template_and_the_template_tools(tmp_path: Path) -> None:
    scan = tmp_path / "form.png"
    scanned(FIRST, -1.0, (10, 10)).save(scan, dpi=(300, 300))
    done = run_cli("ocr", str(scan), "--form", str(TEMPLATE), "--json")
    assert done.returncode == 0, done.stderr
    page = json.loads(done.stdout)["pages"][0]
    assert page["form"]["name"] == "checkup-18m"
    assert page["form"]["fields"]["birth_date"]["normalized"] == "2022-10-03"
    listed = run_cli("ocr", str(scan), "--form", str(TEMPLATE))
    assert "[page 1: form checkup-18m" in listed.stdout
    assert "birth_date\t2022-10-03" in listed.stdout

    preview = tmp_path / "preview.png"
    made = run_cli("template", "preview", str(TEMPLATE), "-o", str(preview))
    assert made.returncode == 0, made.stderr
    assert Image.open(preview).size == (2480, 3508)
    assert run_cli("template", "check", str(TEMPLATE)).returncode == 0

    broken = tmp_path / "broken.toml"
    text = TEMPLATE.read_text("utf-8").replace('kind = "checkbox"', 'kind = "tickbox"', 1)
    reference = TEMPLATE.with_suffix(".png")
    broken.write_text(text.replace('"checkup-18m.png"', f'"{reference}"'), "utf-8")
    checked = run_cli("template", "check", str(broken))
    assert checked.returncode == 2
    assert "fields.concern_meal: unknown kind 'tickbox'" in checked.stderr
    refused = run_cli("ocr", str(scan), "--form", str(broken))
    assert refused.returncode == 2 and "fields.concern_meal" in refused.stderr


def test_the_service_refuses_to_start_with_a_broken_template(
    forms_deployment: Deployment,
) -> None:
    dep = forms_deployment
    template = dep.root / "forms" / "checkup-18m.toml"
    template.write_text(template.read_text("utf-8").replace("dpi = 300", "dpi = 3"), "utf-8")
    done = dep.cli("run", "-c", str(dep.config), check=False)
    assert done.returncode == 2
    assert f"{template}: form.dpi: needs the reference image's resolution" in done.stderr
