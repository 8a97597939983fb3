"""Enrolment: the one-time link, its expiry, what the server receives and keeps."""

from __future__ import annotations

import base64
import re
import sqlite3

import pyrage
import pytest
from station_kit import Browser, Kit, derive

from daemon.review import people, recipients
from daemon.review.people import EnrolRefused, check_identity, scrypt_work_factor
from daemon.review.rules import AccountState
from scripts import age_scrypt

pytestmark = pytest.mark.anyio
PASSPHRASE = "さくら川の 春は 早い 2026"


async def test_enrolment_page_names_its_controls_in_japanese(kit: Kit) -> None:
    token = kit.add("sato")
    async with kit.client() as client:
        page = (await client.get(f"/enrol/{token}")).text
        qr = await client.get(f"/enrol/{token}/qr.svg")
    for label in ("パスフレーズ", "パスフレーズ（確認）", "認証アプリの鍵", "確認コード"):
        assert re.search(rf'<label for="[\w-]+">{re.escape(label)}</label>', page), label
    assert ">登録</button>" in page
    secret = people.get(kit.store, "sato").totp_secret  # type: ignore[union-attr]
    assert secret and f'id="totp-secret" readonly value="{secret}"' in page
    assert qr.status_code == 200 and qr.headers["content-type"].startswith("image/svg+xml")
    assert qr.content.startswith(b"<svg")
    # No field of the page has a name: a submit without the script sends no passphrase.
    passphrase_inputs = re.findall(r'<input id="passphrase2?"[^>]*>', page)
    assert len(passphrase_inputs) == 2
    assert all("name=" not in tag for tag in passphrase_inputs)


async def test_enrolment_stores_a_hash_of_the_verifier_and_the_wrapped_identity(kit: Kit) -> None:
    token = kit.add("sato")
    browser = Browser(kit.client(), sent=[])
    response = await browser.enrol(token, PASSPHRASE, kit.clock.now)
    assert response.status_code == 201, response.text
    account = people.get(kit.store, "sato")
    assert account is not None and account.state is AccountState.ACTIVE
    sent = browser.sent[-1]["json"]  # type: ignore[index]
    assert set(sent) == {"verifier", "recipient", "wrapped_identity", "code"}
    verifier = base64.b64decode(sent["verifier"])
    db = sqlite3.connect(kit.store.path)
    [stored_hash] = db.execute(
        "SELECT verifier_hash FROM people WHERE name = 'sato'").fetchone()
    assert stored_hash != verifier and len(stored_hash) == 32
    disk = kit.store.path.read_bytes() + b"".join(
        p.read_bytes() for p in kit.store.folder.glob("accounts.sqlite3*"))
    assert verifier not in disk and PASSPHRASE.encode() not in disk
    assert browser.identity.encode() not in disk  # only the wrapped identity is kept
    assert account.wrapped_identity is not None
    import pyrage

    unwrapped = pyrage.passphrase.decrypt(account.wrapped_identity, PASSPHRASE)
    assert unwrapped.decode() == browser.identity
    [event] = kit.records("review_person_enrolled")
    assert event["person"] == "sato" and event["terminal"] == "kodomo-pc01"
    assert account.recipient in recipients.read_members(kit.settings.review.store, "kodomo")


async def test_a_link_works_once(kit: Kit) -> None:
    token = kit.add("sato")
    first = Browser(kit.client())
    assert (await first.enrol(token, PASSPHRASE, kit.clock.now)).status_code == 201
    second = Browser(kit.client())
    assert (await second.open(f"/enrol/{token}")).status_code == 404
    assert (await second.client.get(f"/api/enrol/{token}")).status_code == 404


async def test_a_link_expires(kit: Kit) -> None:
    token = kit.add("sato")
    kit.clock.now += 72 * 3600 + 1
    browser = Browser(kit.client())
    page = await browser.open(f"/enrol/{token}")
    assert page.status_code == 404 and "期限切れ" in page.text
    assert (await browser.client.get(f"/api/enrol/{token}")).status_code == 404


async def test_a_wrong_code_or_a_passphrase_field_is_refused(kit: Kit) -> None:
    token = kit.add("sato")
    browser = Browser(kit.client())
    await browser.open(f"/enrol/{token}")
    params = (await browser.client.get(f"/api/enrol/{token}")).json()
    verifier = base64.b64encode(derive(PASSPHRASE, params["salt"], params["kdf"])).decode()
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    body = {
        "verifier": verifier,
        "recipient": str(identity.to_public()),
        "wrapped_identity": base64.b64encode(
            age_scrypt.encrypt(str(identity).encode(), PASSPHRASE)).decode(),
        "code": "000000",
    }
    wrong = await browser.post(f"/api/enrol/{token}", body)
    assert wrong.status_code == 400 and "確認コード" in wrong.json()["error"]
    leaked = await browser.post(f"/api/enrol/{token}", {**body, "passphrase": PASSPHRASE})
    assert leaked.status_code == 400
    plain = await browser.post(f"/api/enrol/{token}", {
        **body, "wrapped_identity": base64.b64encode(str(identity).encode()).decode()})
    assert plain.status_code == 400  # an unwrapped identity is refused, not stored
    assert PASSPHRASE.encode() not in kit.store.path.read_bytes()
    assert people.get(kit.store, "sato").state is AccountState.ENROLLING  # type: ignore[union-attr]


async def test_disabling_a_person_takes_their_key_off_the_list(kit: Kit) -> None:
    token = kit.add("sato")
    await Browser(kit.client()).enrol(token, PASSPHRASE, kit.clock.now)
    listed = recipients.read_members(kit.settings.review.store, "kodomo")
    assert len(listed) == 1
    from daemon.cli import main

    assert main(["users", "disable", "sato", "-c", str(kit.root / "yomitori.toml")]) == 0
    assert recipients.read_members(kit.settings.review.store, "kodomo") == []
    [event] = kit.records("review_person_disabled")
    assert (event["person"], event["by"]) == ("sato", "operator")


def test_a_wrapped_identity_the_page_could_not_unwrap_is_refused() -> None:
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    made = age_scrypt.encrypt(b"AGE-SECRET-KEY-1...", "passphrase of the test")
    assert scrypt_work_factor(made) in range(15, 21)
    check_identity(recipient, made)
    for factor in (b"22", b"10", b"x"):
        _, stanza, rest = made.split(b"\n", 2)
        forged = b"\n".join([b"age-encryption.org/v1", stanza.rsplit(b" ", 1)[0] + b" " + factor,
                             rest])
        with pytest.raises(EnrolRefused, match="scrypt"):
            check_identity(recipient, forged)


@pytest.mark.parametrize("size", [0, 100, 65536, 65537, 200_000])
def test_the_tests_own_passphrase_wrapping_is_age_that_rage_opens(size: int) -> None:
    """scripts/age_scrypt enrols the tests' people at a fixed work factor (pyrage times
    the machine, which a loaded host turns into a factor the station refuses)."""
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    made = age_scrypt.encrypt(data, "passphrase of the test", log_n=16)
    assert scrypt_work_factor(made) == 16
    assert pyrage.passphrase.decrypt(made, "passphrase of the test") == data
    with pytest.raises(pyrage.DecryptError):
        pyrage.passphrase.decrypt(made, "another passphrase")
