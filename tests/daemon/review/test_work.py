"""The department's work over HTTP: queue, 404 for another department's job (recorded),
claim/lock, revisions, the steps to 「完了」 and the janitor's wipe, quarantine notices."""

from __future__ import annotations

import json

import pyrage
import pytest
from station_kit import Browser, Kit, code_at

from daemon.review import jobs
from daemon.review.rules import Role, Step
from handlers.completed import CompletedReviews

pytestmark = pytest.mark.anyio
PASSPHRASE = "しずかな 朝の 図書館 2026"


async def logged_in(kit: Kit, name: str, role: Role = Role.REVIEWER,
                    department: str = "kodomo") -> Browser:
    token = kit.add(name, department=department, role=role)
    browser = Browser(kit.client())
    assert (await browser.enrol(token, PASSPHRASE, kit.clock.now)).status_code == 201
    kit.clock.now += 30
    response = await browser.login(name, PASSPHRASE, code_at(browser.totp, kit.clock.now))
    assert response.status_code == 200, response.text
    return browser


def revision(kit: Kit) -> bytes:
    recipients = [pyrage.x25519.Recipient.from_str(r)
                  for r in kit.settings.departments["kodomo"].recipients]
    return bytes(pyrage.encrypt(b'{"corrected": true}', recipients))


async def test_the_queue_lists_the_own_department_oldest_first(kit: Kit) -> None:
    newer = kit.bundle(age_seconds=60)
    older = kit.bundle(age_seconds=7200)
    kit.bundle(department="kokuho")
    sato = await logged_in(kit, "sato")
    listed = (await sato.client.get("/api/queue")).json()["jobs"]
    assert [j["job_id"] for j in listed] == [older, newer]
    assert listed[0]["age_seconds"] >= 7200 and listed[0]["step"] == "waiting"
    page = (await sato.client.get("/queue")).text
    assert "<caption>確認待ち</caption>" in page
    assert page.count(">開く</a>") == 2 and page.index(older) < page.index(newer)
    assert "令和" in page


async def test_another_departments_job_is_not_found_and_recorded(kit: Kit) -> None:
    theirs = kit.bundle(department="kokuho")
    sato = await logged_in(kit, "sato")
    for path in (f"/api/jobs/{theirs}", f"/api/jobs/{theirs}/bundle", f"/jobs/{theirs}"):
        assert (await sato.client.get(path)).status_code == 404, path
    claim = await sato.post(f"/api/jobs/{theirs}/claim")
    assert claim.status_code == 404
    refused = kit.records("review_refused")
    assert len(refused) == 4
    assert all((r["person"], r["terminal"], r.job_id, r.department, r["reason"]) ==
               ("sato", "kodomo-pc01", theirs, "kokuho", "other department") for r in refused)
    assert kit.records("review_opened") == []


async def test_an_auditor_never_gets_a_bundle(kit: Kit) -> None:
    job = kit.bundle()
    auditor = await logged_in(kit, "kansa", role=Role.AUDITOR)
    assert (await auditor.client.get(f"/api/jobs/{job}/bundle")).status_code == 404
    assert (await auditor.client.get("/api/queue")).json()["jobs"] == []
    summary = (await auditor.client.get("/api/audit/summary")).json()
    assert summary["departments"] == ["kodomo"]
    await auditor.client.get(f"/api/jobs/{job}")  # refused: recorded for the department
    page = await auditor.client.get("/audit")
    assert page.status_code == 200 and "監査" in page.text
    assert "権限のない操作" in page.text and "review_refused" not in page.text


async def test_a_job_from_claim_to_the_janitors_wipe(kit: Kit) -> None:
    job = kit.bundle()
    sato = await logged_in(kit, "sato")
    suzuki = await logged_in(kit, "suzuki")
    bundle = await sato.client.get(f"/api/jobs/{job}/bundle")
    outbox = kit.settings.departments["kodomo"].outbox
    assert bundle.content == (outbox / f"{job}.age").read_bytes()
    assert (await sato.post(f"/api/jobs/{job}/claim")).json()["holder"] == "sato"
    taken = await suzuki.post(f"/api/jobs/{job}/claim")
    assert taken.status_code == 409 and "sato" in taken.json()["error"]
    headers = {"Content-Type": "application/octet-stream",
               "X-Corrected-Fields": "child_name,birth_date"}
    plain = await sato.post(f"/api/jobs/{job}/revisions", content=b"{}", headers=headers)
    assert plain.status_code == 415  # only ciphertext is stored
    saved = await sato.post(f"/api/jobs/{job}/revisions", content=revision(kit), headers=headers)
    assert saved.status_code == 201 and saved.json()["revisions"] == 1
    assert (outbox / f"{job}.rev1.age").read_bytes().startswith(b"age-encryption.org/v1\n")
    not_theirs = await suzuki.post(f"/api/jobs/{job}/revisions", content=revision(kit),
                                   headers=headers)
    assert not_theirs.status_code == 409
    assert (await sato.post(f"/api/jobs/{job}/complete")).status_code == 409  # not downloaded
    for step in ("approve", "downloaded", "complete"):
        response = await sato.post(f"/api/jobs/{job}/{step}")
        assert response.status_code == 200, (step, response.text)
    assert jobs.state(kit.store, job, "kodomo").step is Step.COMPLETED
    assert (await sato.client.get("/api/queue")).json()["jobs"] == []
    order = json.loads((kit.settings.review.store / "completed" / f"{job}.json").read_text())
    assert order["files"] == [f"{job}.age", f"{job}.rev1.age"]

    janitor = CompletedReviews(kit.settings, kit.station.ledger)
    assert janitor.sweep() == 1
    assert list(outbox.iterdir()) == []
    [wiped] = kit.records("bundle_wiped")
    assert (wiped["person"], wiped["terminal"], wiped.job_id) == ("sato", "kodomo-pc01", job)
    assert wiped["subject"]["files"] == [f"{job}.age", f"{job}.rev1.age"]
    [corrected] = kit.records("review_corrected")
    assert corrected["fields"] == ["birth_date", "child_name"] and corrected["corrected"] == 2
    events = [r.event for r in kit.records() if r.job_id == job]
    assert events == ["review_opened", "review_claimed", "review_corrected", "review_approved",
                      "review_downloaded", "review_completed", "bundle_wiped"]
    assert all(r["terminal"] == "kodomo-pc01" for r in kit.records() if r.job_id == job)


async def test_a_lead_releases_a_job_someone_else_holds(kit: Kit) -> None:
    job = kit.bundle()
    sato = await logged_in(kit, "sato")
    suzuki = await logged_in(kit, "suzuki")
    lead = await logged_in(kit, "kacho", role=Role.LEAD)
    await sato.post(f"/api/jobs/{job}/claim")
    assert (await suzuki.post(f"/api/jobs/{job}/release")).status_code == 403
    released = await lead.post(f"/api/jobs/{job}/release")
    assert released.status_code == 200 and released.json()["holder"] is None
    [event] = kit.records("review_released")
    assert (event["person"], event["holder"]) == ("kacho", "sato")
    assert (await suzuki.post(f"/api/jobs/{job}/claim")).json()["holder"] == "suzuki"


async def test_recipients_for_a_revision_are_configured_plus_members(kit: Kit) -> None:
    sato = await logged_in(kit, "sato")
    me = (await sato.client.get("/api/me")).json()
    listed = (await sato.client.get("/api/departments/kodomo/recipients")).json()["recipients"]
    assert listed == [*kit.settings.departments["kodomo"].recipients, me["recipient"]]
    assert (await sato.client.get("/api/departments/kokuho/recipients")).status_code == 404
    identity = (await sato.client.get("/api/me/identity")).json()
    assert identity["recipient"] == me["recipient"] and identity["wrapped_identity"]


async def test_quarantine_notices_in_japanese_and_a_leads_release(kit: Kit) -> None:
    folder = kit.settings.paths.quarantine / "kodomo" / "20261126T071016Z-1a2b3c4d5e6f"
    folder.mkdir(parents=True)
    (folder / "source.pdf").write_bytes(b"%PDF-1.4 not really")
    (folder / "error.json").write_text(json.dumps({
        "reason": "the scan is a damaged PDF; scan the document again",
        "quarantined_at": "2026-11-26T07:10:16Z", "source": {"sha256": "", "bytes": 19},
    }))
    released: list[str] = []

    def release(job_id: str) -> str:
        released.append(job_id)
        return "20261126T080000Z-000000000000"

    kit.station.release = release
    sato = await logged_in(kit, "sato")
    lead = await logged_in(kit, "kacho", role=Role.LEAD)
    [notice] = (await sato.client.get("/api/quarantine")).json()["notices"]
    assert notice["reason"].startswith("ファイルが壊れているか") and not notice["releasable"]
    page = (await sato.client.get("/quarantine")).text
    assert "令和8年11月26日（2026-11-26）16:10" in page and "damaged" not in page
    assert (await sato.post(f"/api/quarantine/{folder.name}/release")).status_code == 403
    done = await lead.post(f"/api/quarantine/{folder.name}/release")
    assert done.status_code == 200 and released == [folder.name]
    [event] = kit.records("review_quarantine_released")
    assert (event["person"], event["terminal"]) == ("kacho", "kodomo-pc01")


async def test_an_auditor_lists_and_downloads_issued_documents(kit: Kit) -> None:
    folder = kit.root / "documents"
    folder.mkdir()
    kit.settings.documents.output = folder
    names = {
        "certificate-kodomo-2026-11.pdf": b"%PDF-kodomo", "certificate-kodomo-2026-11.csv": b"a",
        "certificate-kokuho-2026-11.pdf": b"%PDF-kokuho", "report-FY2026.pdf": b"%PDF-report",
        "numbers.json": b"{}", "notes.txt": b"x",
    }  # fmt: skip
    for name, data in names.items():
        (folder / name).write_bytes(data)
    auditor = await logged_in(kit, "kansa", role=Role.AUDITOR)
    page = await auditor.client.get("/audit")
    assert page.status_code == 200
    for shown in ("certificate-kodomo-2026-11.pdf", "certificate-kodomo-2026-11.csv",
                  "report-FY2026.pdf"):
        assert f'href="/audit/documents/{shown}"' in page.text, shown
    for hidden in ("certificate-kokuho-2026-11.pdf", "numbers.json", "notes.txt"):
        assert hidden not in page.text, hidden
    got = await auditor.client.get("/audit/documents/certificate-kodomo-2026-11.pdf")
    assert got.status_code == 200 and got.content == b"%PDF-kodomo"
    assert got.headers["content-disposition"].startswith("attachment")
    for refused in ("certificate-kokuho-2026-11.pdf", "numbers.json", "..%2Fyomitori.toml"):
        assert (await auditor.client.get(f"/audit/documents/{refused}")).status_code == 404
    reviewer = await logged_in(kit, "sato")
    got = await reviewer.client.get("/audit/documents/report-FY2026.pdf")
    assert got.status_code == 403
