"""Login, lockout, sessions over HTTP, CSRF and the security headers."""

from __future__ import annotations

import re

import pytest
from station_kit import Browser, Kit, code_at

from daemon.review.rules import Role

pytestmark = pytest.mark.anyio
PASSPHRASE = "おおきな 木の下で 2026"


async def enrolled(kit: Kit, name: str = "sato", role: Role = Role.REVIEWER) -> Browser:
    token = kit.add(name, role=role)
    browser = Browser(kit.client())
    response = await browser.enrol(token, PASSPHRASE, kit.clock.now)
    assert response.status_code == 201, response.text
    kit.clock.now += 30  # the enrolment's code is used; the next step gives a new one
    return browser


async def test_login_page_names_its_controls(kit: Kit) -> None:
    async with kit.client() as client:
        page = (await client.get("/login")).text
    for label in ("ユーザー名", "パスフレーズ", "確認コード"):
        assert re.search(rf'<label for="\w+">{label}</label>', page), label
    assert ">ログイン</button>" in page
    assert re.search(r'<script type="module" src="/static/js/login.js" integrity="sha384-', page)
    assert "<script>" not in page  # no inline script: the CSP would refuse it


async def test_login_with_passphrase_and_code(kit: Kit) -> None:
    browser = await enrolled(kit)
    response = await browser.login("sato", PASSPHRASE, code_at(browser.totp, kit.clock.now))
    assert response.status_code == 200, response.text
    assert response.json()["next"] == "/queue"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("__Host-yomitori=")
    for attribute in ("Secure", "HttpOnly", "SameSite=Strict", "Path=/"):
        assert attribute in cookie
    me = await browser.client.get("/api/me")
    assert me.json()["name"] == "sato" and me.json()["terminal"] == "kodomo-pc01"
    [event] = kit.records("review_login")
    assert (event["person"], event["terminal"]) == ("sato", "kodomo-pc01")


async def test_a_code_is_accepted_once(kit: Kit) -> None:
    browser = await enrolled(kit)
    code = code_at(browser.totp, kit.clock.now)
    assert (await browser.login("sato", PASSPHRASE, code)).status_code == 200
    again = Browser(kit.client())
    assert (await again.login("sato", PASSPHRASE, code)).status_code == 401


async def test_wrong_code_wrong_passphrase_and_lockout(kit: Kit) -> None:
    browser = await enrolled(kit)
    right = code_at(browser.totp, kit.clock.now)
    wrong = "000000" if right != "000000" else "111111"
    wrong_code = await browser.login("sato", PASSPHRASE, wrong)
    assert wrong_code.status_code == 401 and "正しくありません" in wrong_code.json()["error"]
    for _ in range(3):
        assert (await browser.login("sato", "違う パスフレーズ です", right)).status_code == 401
    fifth = await browser.login("sato", "違う パスフレーズ です", right)
    assert fifth.status_code == 423 and "ロック" in fifth.json()["error"]
    # Locked: even both right factors are refused, until `users unlock`.
    kit.clock.now += 30
    assert (await browser.login("sato", PASSPHRASE, code_at(browser.totp, kit.clock.now))
            ).status_code == 423
    failures = kit.records("review_login_failed")
    assert len(failures) == 6 and all(f["terminal"] == "kodomo-pc01" for f in failures)
    [locked] = kit.records("review_account_locked")
    assert locked["person"] == "sato"
    ledger = b"".join(p.read_bytes() for p in kit.settings.paths.ledger.glob("*.jsonl"))
    assert PASSPHRASE.encode() not in ledger and right.encode() not in ledger.replace(
        b'"', b" ")  # never the code either
    from daemon.cli import main

    assert main(["users", "unlock", "sato", "-c", str(kit.root / "yomitori.toml")]) == 0
    kit.clock.now += 30
    assert (await browser.login("sato", PASSPHRASE, code_at(browser.totp, kit.clock.now))
            ).status_code == 200


async def test_an_unknown_name_gets_a_salt_and_the_same_refusal(kit: Kit) -> None:
    browser = Browser(kit.client())
    await browser.open("/login")
    first = (await browser.post("/api/login/params", {"name": "nobody"})).json()
    second = (await browser.post("/api/login/params", {"name": "nobody"})).json()
    assert first["salt"] == second["salt"]  # stable, so asking twice tells nothing
    response = await browser.login("nobody", PASSPHRASE, "123456")
    assert response.status_code == 401 and "正しくありません" in response.json()["error"]


async def test_state_changes_need_the_sessions_csrf_token(kit: Kit) -> None:
    browser = await enrolled(kit)
    await browser.login("sato", PASSPHRASE, code_at(browser.totp, kit.clock.now))
    job = kit.bundle()
    without = await browser.client.post(f"/api/jobs/{job}/claim")
    wrong = await browser.client.post(f"/api/jobs/{job}/claim",
                                      headers={"X-CSRF-Token": "x" * 43})
    assert without.status_code == wrong.status_code == 403
    assert "読み込み直して" in without.json()["error"]
    assert kit.records("review_claimed") == []
    right = await browser.post(f"/api/jobs/{job}/claim")
    assert right.status_code == 200, right.text
    # A plain HTML form carries the token as a field (logout).
    refused = await browser.client.post("/logout", data={"csrf": "wrong"})
    assert refused.status_code == 403
    done = await browser.client.post("/logout", data={"csrf": browser.csrf})
    assert done.status_code == 303 and done.headers["location"] == "/login"
    assert (await browser.client.get("/api/me")).status_code == 401


async def test_login_itself_needs_the_token_of_the_login_page(kit: Kit) -> None:
    await enrolled(kit)
    async with kit.client() as stranger:
        response = await stranger.post("/api/login", json={"name": "sato", "verifier": "",
                                                           "code": "123456"})
    assert response.status_code == 403
    assert kit.records("review_login_failed") == []


async def test_an_idle_session_ends(kit: Kit) -> None:
    browser = await enrolled(kit)
    await browser.login("sato", PASSPHRASE, code_at(browser.totp, kit.clock.now))
    kit.clock.now += 14 * 60
    assert (await browser.client.get("/api/me")).status_code == 200
    kit.clock.now += 15 * 60
    assert (await browser.client.get("/api/me")).status_code == 401
    page = await browser.client.get("/queue")
    assert page.status_code == 303 and page.headers["location"] == "/login"


async def test_every_response_carries_the_security_headers(kit: Kit) -> None:
    browser = await enrolled(kit)
    responses = [
        await browser.client.get("/login"),
        await browser.client.get("/api/me"),
        await browser.client.get("/static/css/station.css"),
        await browser.client.get("/no/such/page"),
    ]
    for response in responses:
        headers = response.headers
        assert headers["strict-transport-security"].startswith("max-age=")
        csp = headers["content-security-policy"]
        for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
            assert directive in csp
        assert "unsafe-inline" not in csp and "http" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
    assert [r.headers["cache-control"] for r in responses] == [
        "no-store", "no-store", "no-cache", "no-store"]
