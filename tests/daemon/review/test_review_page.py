"""The review page as the station serves it: vendored libraries pinned with integrity that
matches the files, every script tag carrying it, the job page's data for its script, the
queue's choice of approved jobs for one merged CSV, and a tampered library refused."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from station_kit import Browser, Kit, code_at

from daemon.errors import YomitoriError
from daemon.review import assets, pages
from daemon.review.rules import Role

pytestmark = pytest.mark.anyio
PASSPHRASE = "しずかな 朝の 図書館 2026"
SCRIPT = re.compile(r'<script type="module" src="/static/([^"]+)" integrity="([^"]+)"></script>')


async def logged_in(kit: Kit, name: str = "sato") -> Browser:
    token = kit.add(name, role=Role.REVIEWER)
    browser = Browser(kit.client())
    assert (await browser.enrol(token, PASSPHRASE, kit.clock.now)).status_code == 201
    kit.clock.now += 30
    response = await browser.login(name, PASSPHRASE, code_at(browser.totp, kit.clock.now))
    assert response.status_code == 200, response.text
    return browser


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def test_the_vendored_libraries_are_pinned_and_match_their_manifest() -> None:
    manifest = assets.manifest()
    assert {name: entry["version"] for name, entry in manifest.items()} == {
        "age-encryption": "0.3.1", "fflate": "0.8.3", "encoding-japanese": "2.5.0",
        "esbuild": "0.28.2",
    }
    for name in ("age-encryption", "fflate", "encoding-japanese"):
        file = assets.VENDOR / str(manifest[name]["file"])
        assert manifest[name]["integrity"] == sri(file.read_bytes()), name
        assert (file.parent / "LICENSE").is_file(), name
    lock = (Path(__file__).parents[3] / "scripts/vendor-js/package-lock.json").read_text()
    assert '"node_modules/age-encryption": {\n      "version": "0.3.1"' in lock


async def test_every_script_is_served_by_the_station_with_its_integrity(kit: Kit) -> None:
    job = kit.bundle()
    sato = await logged_in(kit)
    pages = [(await sato.client.get(path)).text for path in ("/login", f"/jobs/{job}", "/queue")]
    for page in pages:
        scripts = SCRIPT.findall(page)
        assert scripts, page[:200]
        assert "<script>" not in page and "http://" not in page and "//cdn" not in page
        assert page.count("<script") == len(scripts)  # none without integrity
        for path, integrity in scripts:
            served = await sato.client.get(f"/static/{path}")
            assert served.status_code == 200, path
            assert integrity == sri(served.content), path
    job_page = pages[1]
    libraries = [path for path, _ in SCRIPT.findall(job_page)]
    # The libraries come before the page's own modules that import them (module map).
    assert libraries[:3] == ["vendor/age-encryption/index.js", "vendor/fflate/index.js",
                             "vendor/encoding-japanese/index.js"]
    assert libraries[-2:] == ["js/job.js", "js/logout.js"]


async def test_the_job_page_gives_its_script_the_department_encoding(kit: Kit) -> None:
    job = kit.bundle()
    sato = await logged_in(kit)
    page = (await sato.client.get(f"/jobs/{job}")).text
    main = re.search(r"<main [^>]*>", page)
    assert main is not None
    for attribute in (f'data-job="{job}"', 'data-department="kodomo"',
                      'data-encoding="utf-8-sig"', 'data-person="sato"'):
        assert attribute in main.group(0), attribute
    for name in ("保存", "承認", "CSVダウンロード", "完了"):
        assert f">{name}</button>" in page, name
    assert 'role="alert"' in page and "パスフレーズ" in page
    assert re.search(r"読み取り 令和\d+年\d+月\d+日（\d{4}-\d\d-\d\d）", page)


async def test_only_the_persons_approved_jobs_can_be_merged_into_one_csv(kit: Kit) -> None:
    approved, waiting = kit.bundle(age_seconds=100), kit.bundle()
    sato = await logged_in(kit)
    for step in ("claim", "approve"):
        assert (await sato.post(f"/api/jobs/{approved}/{step}")).status_code == 200
    page = (await sato.client.get("/queue")).text
    assert re.search(rf'class="merge" id="merge-1" value="{approved}"', page)
    assert f'value="{waiting}"' not in page
    assert "選んだ案件をまとめてCSVダウンロード" in page
    assert f'data-job="{approved}" data-department="kodomo" data-step="approved"' in page


def test_a_vendored_library_that_does_not_match_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    static = tmp_path / "static"
    (static / "vendor" / "fflate").mkdir(parents=True)
    (static / "vendor" / "fflate" / "index.js").write_text("export const evil = 1;\n")
    (static / "vendor" / "manifest.json").write_text(
        '{"fflate": {"version": "0.8.3", "file": "fflate/index.js", "integrity": "sha384-x"}}'
    )
    monkeypatch.setattr(assets, "STATIC", static)
    monkeypatch.setattr(assets, "VENDOR", static / "vendor")
    assets.manifest.cache_clear()
    assets._integrity.cache_clear()
    try:
        with pytest.raises(YomitoriError, match="does not match its manifest"):
            assets.library("fflate")
    finally:
        assets.manifest.cache_clear()
        assets._integrity.cache_clear()


def test_the_queue_names_forms_by_their_japanese_title(tmp_path: Path) -> None:
    shipped = Path(__file__).parents[3] / "daemon" / "examples" / "forms"
    assert pages.form_title(shipped, "checkup-18m") == "乳幼児健康診査 問診票（1歳6か月児）"
    assert pages.form_title(shipped, "no-such-form") == "no-such-form"
    assert pages.form_title(shipped, "../checkup-18m") == "../checkup-18m"
    (tmp_path / "broken.toml").write_text("[form\n")
    assert pages.form_title(tmp_path, "broken") == "broken"


def test_every_reason_a_field_is_flagged_for_has_its_japanese_words() -> None:
    """The job page shows each of a field's `reasons` in Japanese (review.js's REASONS);
    a reason the reader gives without its words would show as its code."""
    from handlers.ocr.result import REASONS

    script = (Path(pages.__file__).parent / "static" / "js" / "review.js").read_text("utf-8")
    table = script.split("export const REASONS = {", 1)[1].split("};", 1)[0]
    shown = dict(re.findall(r"^\s*(\w+): \"([^\"]+)\",$", table, re.MULTILINE))
    assert set(shown) == set(REASONS)
    assert all(re.search("[\u3040-\u9fff]", words) for words in shown.values())
