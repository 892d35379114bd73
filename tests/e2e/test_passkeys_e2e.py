"""Fingerprint login in Chromium with the CDP virtual authenticator (TESTING.md).

The authenticator is a phone's platform authenticator ("internal", resident keys, user
verification). Each broken answer must be refused by the server, audited with its
reason, and leave the person on the login page with the Vietnamese message.
"""
from __future__ import annotations

import base64
import json
import re
import secrets

import cbor2
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.support.factories import PASSWORD, make_account, make_person
from tests.support.web import last_code
from vssid.accounts.models import AuditEvent, PasskeyChallenge, PasskeyCredential, UserSession

LOGIN_FAILED = "Không xác thực được vân tay. Vui lòng thử lại hoặc đăng nhập bằng mật khẩu."
PHONE_AUTHENTICATOR = {
    "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
    "isUserVerified": True, "automaticPresenceSimulation": True,
}


def add_authenticator(page: Page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    authenticator_id = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": PHONE_AUTHENTICATOR})["authenticatorId"]
    return cdp, authenticator_id


def password_login(page: Page, live_server: str, account) -> None:
    page.goto(live_server + "/dang-nhap")
    page.get_by_label("Mã số BHXH").fill(account.person.ma_so)
    page.locator("#f-password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_url(live_server + "/")


def logout(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/dang-nhap$"))


def fingerprint_button(page: Page):
    return page.get_by_role("button", name="Đăng nhập bằng vân tay")


def inject_passkey(session, cdp, authenticator_id: str, *, owner, handle_of=None) -> bytes:
    """A passkey stored for `owner` and placed in the virtual authenticator, as if made earlier.

    `handle_of`: the account whose user handle the authenticator holds (default: the owner).
    """
    key = ec.generate_private_key(ec.SECP256R1())
    numbers = key.public_key().public_numbers()
    credential_id = secrets.token_bytes(32)
    session.add(PasskeyCredential(
        account_id=owner.id, credential_id=credential_id,
        public_key=cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"),
                                -3: numbers.y.to_bytes(32, "big")}),
        device_label="Chrome trên Android",
    ))
    session.commit()
    pkcs8 = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())
    cdp.send("WebAuthn.addCredential", {"authenticatorId": authenticator_id, "credential": {
        "credentialId": base64.b64encode(credential_id).decode(), "isResidentCredential": True,
        "rpId": "localhost", "privateKey": base64.b64encode(pkcs8).decode(), "signCount": 0,
        "userHandle": base64.b64encode((handle_of or owner).webauthn_user_handle).decode(),
    }})
    return credential_id


def rejection_reasons(session) -> list[str]:
    session.expire_all()
    details = session.scalars(
        select(AuditEvent.detail).where(AuditEvent.event == "passkey_rejected").order_by(AuditEvent.id))
    return [json.loads(detail)["reason"] for detail in details]


def live_sessions(session, account_id: int) -> list[UserSession]:
    session.expire_all()
    return list(session.scalars(select(UserSession).where(
        UserSession.account_id == account_id, UserSession.revoked_at.is_(None))))


def expect_refused(page: Page) -> None:
    expect(page.locator("[data-passkey-status]")).to_have_text(LOGIN_FAILED)
    assert page.url.endswith("/dang-nhap")
    expect(fingerprint_button(page)).to_be_enabled()


def test_turn_on_fingerprint_login_in_settings_then_log_in_with_it(page: Page, live_server, session):
    account = make_account(session)
    session.commit()
    cdp, authenticator_id = add_authenticator(page)
    password_login(page, live_server, account)
    page.goto(live_server + "/tai-khoan")
    expect(page.get_by_text("Chưa bật trên thiết bị nào.")).to_be_visible()
    expect(page.get_by_text("chưa hỗ trợ đăng nhập bằng vân tay")).to_be_hidden()

    page.get_by_label("Nhập lại mật khẩu để xác nhận").fill("mat khau sai roi")
    page.get_by_role("button", name="Bật đăng nhập bằng vân tay").click()
    expect(page.locator("[data-passkey-enrol] [data-passkey-status]")).to_have_text("Mật khẩu không đúng.")
    expect(page.get_by_label("Nhập lại mật khẩu để xác nhận")).to_have_attribute("aria-invalid", "true")
    assert cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"] == []

    page.get_by_label("Nhập lại mật khẩu để xác nhận").fill(PASSWORD)
    page.get_by_role("button", name="Bật đăng nhập bằng vân tay").click()
    expect(page.get_by_text("Đã bật đăng nhập bằng vân tay trên thiết bị này.")).to_be_visible()
    expect(page.locator(".passkey-name")).to_have_text(["Chrome trên Linux"])
    [made] = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
    assert made["isResidentCredential"]
    assert base64.b64decode(made["userHandle"]) == account.webauthn_user_handle

    logout(page)
    page.goto(live_server + "/")
    page.get_by_role("banner").get_by_role("link", name="Đăng nhập").click()  # a boosted (htmx) navigation
    page.wait_for_url(re.compile(r"/dang-nhap$"))
    fingerprint_button(page).click()
    page.wait_for_url(live_server + "/")
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    [live] = live_sessions(session, account.id)
    assert live.method == "passkey"
    page.goto(live_server + "/tai-khoan/thiet-bi")
    expect(page.get_by_text("Vân tay").first).to_be_visible()
    expect(page.get_by_text("Đang hoạt động")).to_be_visible()


def test_fingerprint_not_recognised_is_refused_before_anything_is_sent(page: Page, live_server, session):
    account = make_account(session)
    session.commit()
    cdp, authenticator_id = add_authenticator(page)
    password_login(page, live_server, account)
    logout(page)
    inject_passkey(session, cdp, authenticator_id, owner=account)
    cdp.send("WebAuthn.setUserVerified", {"authenticatorId": authenticator_id, "isUserVerified": False})
    fingerprint_button(page).click()
    expect_refused(page)
    # User verification is required, so the browser itself gives up: the challenge is never
    # answered, nothing reaches the verify endpoint, and no session opens.
    session.expire_all()
    [challenge] = session.scalars(select(PasskeyChallenge).where(PasskeyChallenge.purpose == "login")).all()
    assert challenge.used_at is None
    assert rejection_reasons(session) == [] and live_sessions(session, account.id) == []


@pytest.mark.parametrize(("override", "reason"), [
    ("isBogusSignature", "bad_signature"),
    ("isBadUV", "user_not_verified"),
    ("isBadUP", "user_not_present"),
])
def test_tampered_authenticator_answers_are_refused_and_audited(page: Page, live_server, session, override, reason):
    account = make_account(session)
    session.commit()
    cdp, authenticator_id = add_authenticator(page)
    password_login(page, live_server, account)
    logout(page)
    inject_passkey(session, cdp, authenticator_id, owner=account)
    cdp.send("WebAuthn.setResponseOverrideBits", {"authenticatorId": authenticator_id, override: True})
    fingerprint_button(page).click()
    expect_refused(page)
    assert rejection_reasons(session) == [reason]
    assert live_sessions(session, account.id) == []


def test_replayed_challenge_is_refused_and_audited(page: Page, live_server, session):
    account = make_account(session)
    session.commit()
    cdp, authenticator_id = add_authenticator(page)
    password_login(page, live_server, account)
    logout(page)
    inject_passkey(session, cdp, authenticator_id, owner=account)
    captured = []

    def keep_answer(route):
        captured.append(route.request.post_data)
        route.continue_()

    page.route(re.compile(r"/dang-nhap/van-tay$"), keep_answer)
    fingerprint_button(page).click()
    page.wait_for_url(live_server + "/")
    logout(page)
    status = page.evaluate("""async (answer) => {
        const token = JSON.parse(document.querySelector("main").getAttribute("hx-headers"))["X-CSRFToken"];
        const response = await fetch("/dang-nhap/van-tay", {method: "POST", body: answer,
            headers: {"Content-Type": "application/json", "X-CSRFToken": token, "HX-Request": "true"}});
        return [response.status, response.headers.get("HX-Redirect"), (await response.json()).error];
    }""", captured[0])
    assert status == [400, None, LOGIN_FAILED]
    assert rejection_reasons(session) == ["replayed_challenge"]
    assert live_sessions(session, account.id) == []


def test_credential_of_another_account_is_refused_and_audited(page: Page, live_server, session):
    owner = make_account(session)
    intruder = make_account(session, make_person(session, full_name="Phạm Văn Dũng"))
    session.commit()
    cdp, authenticator_id = add_authenticator(page)
    password_login(page, live_server, intruder)
    logout(page)
    # The phone presents the owner's credential id under the intruder's user handle.
    inject_passkey(session, cdp, authenticator_id, owner=owner, handle_of=intruder)
    fingerprint_button(page).click()
    expect_refused(page)
    assert rejection_reasons(session) == ["other_account"]
    assert live_sessions(session, owner.id) == [] and live_sessions(session, intruder.id) == []


def test_fingerprint_login_on_another_device_still_asks_for_the_sms_otp(
        page: Page, live_server, session, browser, browser_context_args):
    account = make_account(session)
    session.commit()
    cdp, authenticator_id = add_authenticator(page)
    password_login(page, live_server, account)
    page.goto(live_server + "/tai-khoan")
    page.get_by_label("Nhập lại mật khẩu để xác nhận").fill(PASSWORD)
    page.get_by_role("button", name="Bật đăng nhập bằng vân tay").click()
    expect(page.get_by_text("Đã bật đăng nhập bằng vân tay trên thiết bị này.")).to_be_visible()
    [synced] = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]

    # A second phone with the same passkey (synced by the phone maker's password manager).
    other_context = browser.new_context(**browser_context_args)
    try:
        other = other_context.new_page()
        other_cdp, other_id = add_authenticator(other)
        other_cdp.send("WebAuthn.addCredential", {"authenticatorId": other_id, "credential": {
            key: synced[key] for key in ("credentialId", "isResidentCredential", "rpId", "privateKey",
                                         "userHandle", "signCount")}})
        other.goto(live_server + "/dang-nhap")
        fingerprint_button(other).click()
        other.wait_for_url(re.compile(r"/dang-nhap/otp"))
        expect(other.get_by_text("Bạn đang đăng nhập trên một thiết bị mới.", exact=False)).to_be_visible()
        assert len(live_sessions(session, account.id)) == 1  # the first phone is still in
        other.get_by_label("Mã OTP").fill(last_code(session, account.phone))
        other.get_by_role("button", name="Xác nhận").click()
        other.wait_for_url(live_server + "/")
        [live] = live_sessions(session, account.id)
        assert live.method == "passkey"
        page.goto(live_server + "/tai-khoan")
        expect(page.get_by_text("Tài khoản của bạn đã đăng nhập trên thiết bị khác.")).to_be_visible()
    finally:
        other_context.close()
