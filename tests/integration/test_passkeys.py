"""Fingerprint login (WebAuthn passkeys) and the account pages, through Flask's test client.

A software authenticator (tests/support/passkeys.py) answers like a phone, then breaks
one rule at a time; each refusal must be audited with its reason and open no session.
"""
from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from sqlalchemy import event, select, update
from webauthn.helpers import base64url_to_bytes

from tests.support.factories import PASSWORD, make_account, make_person
from tests.support.passkeys import BE, UP, UV, SoftAuthenticator
from tests.support.web import csrf_token, last_code, logged_in_client, login, post_form
from vssid.accounts.models import Account, AuditEvent, PasskeyChallenge, PasskeyCredential, UserSession
from vssid.core.dates import to_local
from vssid.outbound.models import OutboundMessage

ORIGIN = "http://localhost:5000"
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
LOGIN_FAILED = "Không xác thực được vân tay. Vui lòng thử lại hoặc đăng nhập bằng mật khẩu."


@pytest.fixture
def app_config():
    return {"VSSID_ORIGIN": ORIGIN, "VSSID_RP_ID": "localhost"}


# --- helpers --------------------------------------------------------------------------------


def _headers(token: str) -> dict:
    return {"X-CSRFToken": token, "HX-Request": "true"}


def _post_json(client, url: str, payload, token: str):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(url, data=body, content_type="application/json", headers=_headers(token))


def registration_options(client, password: str = PASSWORD):
    token = csrf_token(client, "/tai-khoan")
    return client.post("/tai-khoan/van-tay/tuy-chon", data={"password": password, "csrf_token": token},
                       headers={"HX-Request": "true"}), token


def enrol(client, authenticator: SoftAuthenticator, **create_kwargs):
    response, token = registration_options(client)
    assert response.status_code == 200, response.get_data(as_text=True)
    return _post_json(client, "/tai-khoan/van-tay", authenticator.create(response.get_json(), **create_kwargs), token)


def login_options(client) -> tuple[dict, str]:
    token = csrf_token(client, "/dang-nhap")
    response = _post_json(client, "/dang-nhap/van-tay/tuy-chon", "{}", token)
    assert response.status_code == 200
    return response.get_json(), token


def passkey_login(client, authenticator: SoftAuthenticator, url: str = "/dang-nhap/van-tay", **get_kwargs):
    options, token = login_options(client)
    return _post_json(client, url, authenticator.get(options, **get_kwargs), token)


def enrolled(app, session, account=None, *, user_agent: str = ANDROID_CHROME):
    """An account with one passkey made on `client`; the client stays logged in."""
    account = account or make_account(session)
    session.commit()
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    assert login(client, account.person.ma_so, PASSWORD).status_code == 303
    authenticator = SoftAuthenticator(origin=ORIGIN)
    assert enrol(client, authenticator).headers["HX-Redirect"] == "/tai-khoan"
    return account, client, authenticator


def logout(client) -> None:
    assert post_form(client, "/dang-xuat", {}, token_from="/").status_code == 303


def rejections(session) -> list[tuple[int | None, str]]:
    session.expire_all()
    rows = session.scalars(select(AuditEvent).where(AuditEvent.event == "passkey_rejected").order_by(AuditEvent.id))
    return [(row.account_id, json.loads(row.detail)["reason"]) for row in rows]


def events(session, account_id: int) -> list[str]:
    session.expire_all()
    return list(session.scalars(
        select(AuditEvent.event).where(AuditEvent.account_id == account_id).order_by(AuditEvent.id)))


def live_sessions(session, account_id: int) -> list[UserSession]:
    session.expire_all()
    return list(session.scalars(select(UserSession).where(
        UserSession.account_id == account_id, UserSession.revoked_at.is_(None))))


def stored_passkeys(session, account_id: int) -> list[PasskeyCredential]:
    session.expire_all()
    return list(session.scalars(select(PasskeyCredential).where(PasskeyCredential.account_id == account_id)))


# --- enrolment ------------------------------------------------------------------------------


def test_enrolment_asks_a_platform_passkey_with_fingerprint_and_a_random_user_handle(app, session):
    account = make_account(session)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    response, _ = registration_options(client)
    options = response.get_json()
    assert response.headers["Cache-Control"] == "no-store"
    assert options["authenticatorSelection"] == {
        "authenticatorAttachment": "platform", "residentKey": "required", "requireResidentKey": True,
        "userVerification": "required",
    }
    assert options["rp"] == {"name": "VssID", "id": "localhost"}
    assert options["attestation"] == "none"
    assert base64url_to_bytes(options["user"]["id"]) == account.webauthn_user_handle
    assert account.person.ma_so not in json.dumps(options)  # neither handle nor name is the mã số
    challenge = session.scalars(select(PasskeyChallenge)).one()
    assert challenge.purpose == "register" and challenge.account_id == account.id and challenge.used_at is None
    life = challenge.expires_at - dt.datetime.now(dt.timezone.utc)
    assert dt.timedelta(minutes=2) < life <= dt.timedelta(minutes=5)


def test_enrolment_stores_the_passkey_with_its_counter_flags_and_device(app, session):
    account, client, authenticator = enrolled(app, session)
    stored = stored_passkeys(session, account.id)
    assert len(stored) == 1
    key = stored[0]
    assert key.credential_id == authenticator.credential_id
    assert key.sign_count == 0 and key.backup_eligible and not key.backed_up
    assert key.transports == "internal,hybrid"
    assert key.device_label == "Chrome trên Android"
    assert "passkey_added" in events(session, account.id)
    sms = session.scalars(select(OutboundMessage).where(OutboundMessage.recipient == account.phone)
                          .order_by(OutboundMessage.id.desc())).first()
    assert "van tay vua duoc bat" in sms.body and "1900 9068" in sms.body
    page = client.get("/tai-khoan").get_data(as_text=True)
    assert "Chrome trên Android" in page and "Chưa dùng" in page
    assert "Đã bật đăng nhập bằng vân tay trên thiết bị này." in page


def test_wrong_password_refuses_enrolment(app, session):
    account = make_account(session)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    response, _ = registration_options(client, password="khong phai mat khau")
    assert response.status_code == 422
    assert response.get_json() == {"error": "Mật khẩu không đúng.", "field": "password"}
    assert session.scalars(select(PasskeyChallenge)).all() == []
    assert "passkey_reauth_failed" in events(session, account.id)
    empty, _ = registration_options(client, password="")
    assert empty.status_code == 422


def test_password_reentry_is_rate_limited_per_account(app, session):
    account = make_account(session)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    for _ in range(5):
        assert registration_options(client, password="doan mat khau thu")[0].status_code == 422
    assert registration_options(client)[0].status_code == 429  # even the right one, for a while


def test_enrolment_needs_login_and_csrf(app, session, client):
    response = client.post("/tai-khoan/van-tay/tuy-chon", data={"password": PASSWORD})
    assert response.status_code in (302, 303, 400)
    account = make_account(session)
    session.commit()
    logged = logged_in_client(app, session, account, PASSWORD)
    no_token = logged.post("/tai-khoan/van-tay/tuy-chon", data={"password": PASSWORD})
    assert no_token.status_code == 400
    assert session.scalars(select(PasskeyChallenge)).all() == []


def test_registration_without_user_verification_or_from_a_security_key_is_refused(app, session):
    account = make_account(session)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    no_uv = enrol(client, SoftAuthenticator(origin=ORIGIN), flags=UP)
    assert no_uv.status_code == 400 and no_uv.get_json()["error"].startswith("Không bật được")
    roaming = enrol(client, SoftAuthenticator(origin=ORIGIN), attachment="cross-platform")
    wrong_origin = enrol(client, SoftAuthenticator(origin="https://vssid.example"))
    wrong_rp = enrol(client, SoftAuthenticator(origin=ORIGIN), rp_id="vssid.example")
    assert {roaming.status_code, wrong_origin.status_code, wrong_rp.status_code} == {400}
    assert rejections(session) == [(account.id, "user_not_verified"), (account.id, "not_platform"),
                                   (account.id, "wrong_origin"), (account.id, "wrong_rp_id")]
    assert stored_passkeys(session, account.id) == []


def test_credential_already_registered_to_another_account_is_refused(app, session):
    first, _, authenticator = enrolled(app, session)
    second = make_account(session, make_person(session, full_name="Trần Thị Bình"))
    session.commit()
    client = logged_in_client(app, session, second, PASSWORD)
    same_key = SoftAuthenticator(origin=ORIGIN, key=authenticator.key, credential_id=authenticator.credential_id)
    response = enrol(client, same_key)
    assert response.status_code == 400
    assert rejections(session) == [(second.id, "other_account")]
    assert stored_passkeys(session, second.id) == []
    assert stored_passkeys(session, first.id)[0].account_id == first.id


def test_the_same_passkey_twice_says_it_is_already_on(app, session):
    account, client, authenticator = enrolled(app, session)
    again = enrol(client, authenticator)
    assert again.status_code == 400
    assert again.get_json()["error"] == "Đăng nhập bằng vân tay đã được bật trên thiết bị này."
    assert len(stored_passkeys(session, account.id)) == 1


def test_a_registration_challenge_of_another_account_is_refused(app, session):
    first = make_account(session)
    second = make_account(session, make_person(session))
    session.commit()
    client_a = logged_in_client(app, session, first, PASSWORD)
    client_b = app.test_client()
    client_b.set_cookie("vssid_device", "b" * 43)
    login(client_b, second.person.ma_so, PASSWORD)
    options_a, _ = registration_options(client_a)
    _, token_b = registration_options(client_b)
    response = _post_json(client_b, "/tai-khoan/van-tay", SoftAuthenticator(origin=ORIGIN).create(options_a.get_json()),
                          token_b)
    assert response.status_code == 400
    assert rejections(session) == [(second.id, "unknown_challenge")]


# --- login ------------------------------------------------------------------------------------


def test_login_options_are_discoverable_and_require_user_verification(app, client):
    options, _ = login_options(client)
    assert options["allowCredentials"] == [] and options["userVerification"] == "required"
    assert options["rpId"] == "localhost" and options["timeout"] <= 180_000


def test_fingerprint_login_on_the_same_device_goes_straight_in(app, session):
    account, client, authenticator = enrolled(app, session)
    logout(client)
    response = passkey_login(client, authenticator)
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/"
    assert "vssid_session=" in response.headers["Set-Cookie"]
    [live] = live_sessions(session, account.id)
    assert live.method == "passkey"
    key = stored_passkeys(session, account.id)[0]
    assert key.sign_count == 1 and key.last_used_at is not None
    assert events(session, account.id)[-2:] == ["passkey_used", "login_succeeded"]
    assert "Nguyễn Văn An" in client.get("/").get_data(as_text=True)


def test_fingerprint_login_keeps_the_next_page_and_refuses_open_redirects(app, session):
    _, client, authenticator = enrolled(app, session)
    logout(client)
    assert passkey_login(client, authenticator, url="/dang-nhap/van-tay?next=/tai-khoan").headers[
        "HX-Redirect"] == "/tai-khoan"
    logout(client)
    assert passkey_login(client, authenticator, url="/dang-nhap/van-tay?next=https://evil.example/").headers[
        "HX-Redirect"] == "/"


def test_fingerprint_login_on_another_device_still_asks_for_the_sms_otp(app, session):
    account, phone_a, authenticator = enrolled(app, session)
    phone_b = app.test_client()  # a synced passkey used on a new phone
    response = passkey_login(phone_b, authenticator)
    assert response.headers["HX-Redirect"].startswith("/dang-nhap/otp")
    assert "vssid_session" not in response.headers.get("Set-Cookie", "")
    assert len(live_sessions(session, account.id)) == 1  # phone A still in until B proves the SIM
    done = post_form(phone_b, "/dang-nhap/otp", {"code": last_code(session, account.phone)})
    assert done.status_code == 303 and done.headers["Location"] == "/"
    [live] = live_sessions(session, account.id)
    assert live.method == "passkey"
    assert phone_a.get("/tai-khoan").headers["Location"].startswith("/dang-nhap")


def test_a_password_otp_after_an_abandoned_passkey_login_is_recorded_as_password(app, session):
    account, _, authenticator = enrolled(app, session)
    phone_b = app.test_client()
    passkey_login(phone_b, authenticator)  # abandoned at the OTP page
    login(phone_b, account.person.ma_so, PASSWORD)
    post_form(phone_b, "/dang-nhap/otp", {"code": last_code(session, account.phone)})
    [live] = live_sessions(session, account.id)
    assert live.method == "password"


def test_must_change_password_accounts_still_change_it(app, session):
    account, client, authenticator = enrolled(app, session)
    logout(client)
    session.execute(update(Account).where(Account.id == account.id).values(must_change_password=True))
    session.commit()
    response = passkey_login(client, authenticator)
    assert response.headers["HX-Redirect"] == "/tai-khoan/doi-mat-khau"
    assert client.get("/tai-khoan").headers["Location"] == "/tai-khoan/doi-mat-khau"


def test_replayed_challenge_is_refused_and_audited(app, session):
    account, client, authenticator = enrolled(app, session)
    logout(client)
    options, token = login_options(client)
    answer = authenticator.get(options)
    assert _post_json(client, "/dang-nhap/van-tay", answer, token).headers["HX-Redirect"] == "/"
    logout(client)
    replay = _post_json(client, "/dang-nhap/van-tay", answer, csrf_token(client, "/dang-nhap"))
    assert replay.status_code == 400 and replay.get_json()["error"] == LOGIN_FAILED
    fresh_signature_same_challenge = authenticator.get(options)
    again = _post_json(client, "/dang-nhap/van-tay", fresh_signature_same_challenge, csrf_token(client, "/dang-nhap"))
    assert again.status_code == 400
    assert rejections(session) == [(None, "replayed_challenge"), (None, "replayed_challenge")]
    assert live_sessions(session, account.id) == []


def test_a_refused_answer_spends_its_challenge(app, session):
    _, client, authenticator = enrolled(app, session)
    logout(client)
    options, token = login_options(client)
    assert _post_json(client, "/dang-nhap/van-tay", authenticator.get(options, flags=UP), token).status_code == 400
    good_but_late = _post_json(client, "/dang-nhap/van-tay", authenticator.get(options), token)
    assert good_but_late.status_code == 400
    assert [reason for _, reason in rejections(session)] == ["user_not_verified", "replayed_challenge"]


def test_expired_and_made_up_challenges_are_refused(app, session):
    _, client, authenticator = enrolled(app, session)
    logout(client)
    options, token = login_options(client)
    session.execute(update(PasskeyChallenge).values(expires_at=dt.datetime.now(dt.timezone.utc)))
    session.commit()
    assert _post_json(client, "/dang-nhap/van-tay", authenticator.get(options), token).status_code == 400
    made_up = authenticator.get({"challenge": "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE"})
    assert _post_json(client, "/dang-nhap/van-tay", made_up, token).status_code == 400
    assert [reason for _, reason in rejections(session)] == ["expired_challenge", "unknown_challenge"]


def test_unknown_credential_is_refused_and_the_browser_is_told_to_forget_it(app, session):
    make_account(session)
    session.commit()
    client = app.test_client()
    stranger = SoftAuthenticator(origin=ORIGIN, user_handle=b"x" * 32)
    response = passkey_login(client, stranger)
    assert response.status_code == 400 and response.get_json()["error"] == LOGIN_FAILED
    assert response.get_json()["unknown_credential"]["rpId"] == "localhost"
    assert rejections(session) == [(None, "unknown_credential")]


def test_user_handle_of_another_account_is_refused(app, session):
    owner, client, authenticator = enrolled(app, session)
    other = make_account(session, make_person(session))
    session.commit()
    logout(client)
    response = passkey_login(client, authenticator, user_handle=other.webauthn_user_handle)
    assert response.status_code == 400
    missing = SoftAuthenticator(origin=ORIGIN, key=authenticator.key, credential_id=authenticator.credential_id,
                                sign_count=authenticator.sign_count)
    assert passkey_login(client, missing).status_code == 400  # no user handle at all
    assert rejections(session) == [(owner.id, "other_account"), (owner.id, "other_account")]
    assert live_sessions(session, other.id) == [] and live_sessions(session, owner.id) == []


@pytest.mark.parametrize(("breakage", "reason"), [
    ({"flags": UP | BE}, "user_not_verified"),
    ({"flags": UV | BE}, "user_not_present"),
    ({"origin": "https://vssid-gia.example"}, "wrong_origin"),
    ({"rp_id": "vssid-gia.example"}, "wrong_rp_id"),
    ({"bogus_signature": True}, "bad_signature"),
])
def test_each_broken_assertion_is_refused_and_audited(app, session, breakage, reason):
    account, client, authenticator = enrolled(app, session)
    logout(client)
    response = passkey_login(client, authenticator, **breakage)
    assert response.status_code == 400 and response.get_json() == {"error": LOGIN_FAILED}
    assert "HX-Redirect" not in response.headers
    assert rejections(session) == [(account.id, reason)]
    assert live_sessions(session, account.id) == []
    assert stored_passkeys(session, account.id)[0].last_used_at is None


def test_sign_count_going_backwards_is_refused(app, session):
    account, client, authenticator = enrolled(app, session)
    logout(client)
    assert passkey_login(client, authenticator).status_code == 200  # count 1
    logout(client)
    session.execute(update(PasskeyCredential).values(sign_count=50))  # a clone ran ahead
    session.commit()
    assert passkey_login(client, authenticator).status_code == 400  # count 2 < 50
    assert passkey_login(client, authenticator, count=50).status_code == 400  # equal: not moving forward
    assert [reason for _, reason in rejections(session)] == ["sign_count_backwards"] * 2
    assert passkey_login(client, authenticator, count=51).headers["HX-Redirect"] == "/"
    assert stored_passkeys(session, account.id)[0].sign_count == 51


def test_a_passkey_that_does_not_count_is_accepted_and_keeps_the_stored_count(app, session):
    account, client, authenticator = enrolled(app, session)
    logout(client)
    session.execute(update(PasskeyCredential).values(sign_count=7))
    session.commit()
    authenticator.counts = False  # synced passkeys report 0
    assert passkey_login(client, authenticator).headers["HX-Redirect"] == "/"
    assert stored_passkeys(session, account.id)[0].sign_count == 7


def test_malformed_and_oversized_answers_are_refused_without_a_trace(app, session, client):
    options, token = login_options(client)
    for body in ("", "not json", "[]", json.dumps({"id": "x", "rawId": "x", "type": "public-key", "response": {}})):
        response = _post_json(client, "/dang-nhap/van-tay", body or "{}", token)
        assert response.status_code == 400 and response.get_json() == {"error": LOGIN_FAILED}
    huge = _post_json(client, "/dang-nhap/van-tay", "x" * 40_000, token)
    assert huge.status_code == 413
    assert {reason for _, reason in rejections(session)} == {"malformed"}


def test_a_locked_account_stays_locked_for_fingerprint_login(app, session):
    account, client, authenticator = enrolled(app, session)
    logout(client)
    session.execute(update(Account).values(
        locked_until=dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=10)))
    session.commit()
    response = passkey_login(client, authenticator)
    assert response.status_code == 403 and "Tài khoản tạm khóa" in response.get_json()["error"]
    assert live_sessions(session, account.id) == []


def test_login_options_and_verify_are_rate_limited(app, client):
    token = csrf_token(client, "/dang-nhap")
    statuses = [_post_json(client, "/dang-nhap/van-tay/tuy-chon", "{}", token).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429
    verify = [_post_json(client, "/dang-nhap/van-tay", "{}", token).status_code for _ in range(11)]
    assert verify[:10] == [400] * 10 and verify[10] == 429


def test_two_answers_to_one_challenge_at_once_open_one_session(app, session):
    _, client, authenticator = enrolled(app, session)
    logout(client)
    options, token = login_options(client)
    answers = [authenticator.get(options), authenticator.get(options)]
    barrier, results = threading.Barrier(2), []

    def attempt(answer):
        own = app.test_client()
        own.set_cookie("vssid_device", client.get_cookie("vssid_device").value)
        own_token = csrf_token(own, "/dang-nhap")
        barrier.wait()
        results.append(_post_json(own, "/dang-nhap/van-tay", answer, own_token).status_code)

    threads = [threading.Thread(target=attempt, args=(answer,)) for answer in answers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 400]
    assert [reason for _, reason in rejections(session)] == ["replayed_challenge"]


def test_a_challenge_claimed_by_a_parallel_request_after_our_read_is_refused(app, session):
    """The interleaving the barrier test above cannot force: the other request claims the
    challenge between this request's read and its UPDATE, which must then change nothing."""
    _, client, authenticator = enrolled(app, session)
    logout(client)
    options, token = login_options(client)
    engine = app.extensions["vssid.db"][0]
    stolen = []

    def claim_in_between(_conn, _cursor, statement, *_args):
        if not stolen and statement.lstrip().upper().startswith("SELECT") and "FROM passkey_challenge" in statement:
            stolen.append(True)
            with engine.begin() as other:
                other.execute(update(PasskeyChallenge).values(used_at=dt.datetime.now(dt.timezone.utc)))

    event.listen(engine, "after_cursor_execute", claim_in_between)
    try:
        response = _post_json(client, "/dang-nhap/van-tay", authenticator.get(options), token)
    finally:
        event.remove(engine, "after_cursor_execute", claim_in_between)
    assert stolen and response.status_code == 400
    assert [reason for _, reason in rejections(session)] == ["replayed_challenge"]


# --- removing a passkey -----------------------------------------------------------------------


def test_remove_requires_ownership(app, session):
    owner, owner_client, _ = enrolled(app, session)
    other = make_account(session, make_person(session, full_name="Lê Văn Cường"))
    session.commit()
    other_client = app.test_client()
    other_client.set_cookie("vssid_device", "o" * 43)
    login(other_client, other.person.ma_so, PASSWORD)
    key = stored_passkeys(session, owner.id)[0]
    url = f"/tai-khoan/van-tay/{key.id}/xoa"
    refused = post_form(other_client, url, {}, token_from="/tai-khoan")
    assert refused.status_code == 404
    assert len(stored_passkeys(session, owner.id)) == 1
    assert owner_client.get(url).status_code == 405
    assert owner_client.post(url).status_code == 400  # no CSRF token
    done = post_form(owner_client, url, {}, token_from="/tai-khoan")
    assert done.status_code == 303 and done.headers["Location"] == "/tai-khoan"
    assert stored_passkeys(session, owner.id) == []
    assert "passkey_removed" in events(session, owner.id)
    notices = session.scalars(select(OutboundMessage.body).where(OutboundMessage.recipient == owner.phone)).all()
    assert any("van tay tren thiet bi" in body and "vua duoc tat" in body for body in notices)
    page = owner_client.get("/tai-khoan").get_data(as_text=True)
    assert "Đã tắt đăng nhập bằng vân tay" in page and "Chưa bật trên thiết bị nào." in page


def test_a_removed_passkey_no_longer_logs_in(app, session):
    owner, client, authenticator = enrolled(app, session)
    key = stored_passkeys(session, owner.id)[0]
    post_form(client, f"/tai-khoan/van-tay/{key.id}/xoa", {}, token_from="/tai-khoan")
    logout(client)
    assert passkey_login(client, authenticator).status_code == 400
    assert rejections(session)[-1] == (None, "unknown_credential")


# --- the account pages ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/tai-khoan", "/tai-khoan/thiet-bi"])
def test_account_pages_need_login_and_are_never_cached(app, session, client, path):
    anonymous = client.get(path)
    assert anonymous.status_code in (302, 303) and anonymous.headers["Location"].startswith("/dang-nhap")
    account = make_account(session)
    session.commit()
    logged = logged_in_client(app, session, account, PASSWORD)
    page = logged.get(path)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert 'hx-history="false"' in page.get_data(as_text=True)


def test_settings_page_links_devices_and_password_and_offers_fingerprint_only_with_script(app, session):
    account = make_account(session)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    page = client.get("/tai-khoan").get_data(as_text=True)
    assert 'href="/tai-khoan/thiet-bi"' in page and "Thiết bị và lịch sử đăng nhập" in page
    assert 'href="/tai-khoan/doi-mat-khau"' in page and "Đổi mật khẩu" in page
    assert 'data-passkey-enrol hidden' in page and "passkeys.js" in page
    assert "<script>" not in page and "onclick" not in page


def test_login_page_offers_fingerprint_login_behind_script(client):
    page = client.get("/dang-nhap").get_data(as_text=True)
    assert "Đăng nhập bằng vân tay" in page and "data-passkey-login hidden" in page
    assert "/static/js/passkeys.js?v=" in page


def test_device_page_shows_the_last_ten_logins_in_vietnam_time(app, session):
    account = make_account(session)
    session.commit()
    phone_a = app.test_client()
    phone_a.environ_base.update(HTTP_USER_AGENT=ANDROID_CHROME, REMOTE_ADDR="113.161.42.7")
    login(phone_a, account.person.ma_so, PASSWORD)
    phone_b = app.test_client()
    phone_b.environ_base.update(
        HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        REMOTE_ADDR="27.72.98.33")
    login(phone_b, account.person.ma_so, PASSWORD)
    post_form(phone_b, "/dang-nhap/otp", {"code": last_code(session, account.phone)})
    page = phone_b.get("/tai-khoan/thiet-bi").get_data(as_text=True)
    assert "Safari trên iPhone" in page and "Chrome trên Android" in page
    assert "27.72.98.0/24" in page and "113.161.42.0/24" in page and "113.161.42.7" not in page
    assert "Đang hoạt động" in page and "Đã kết thúc" in page and "đăng nhập trên thiết bị khác" in page
    assert "Mật khẩu" in page and "Thiết bị này" in page
    first = session.scalars(select(UserSession).order_by(UserSession.id)).first()
    assert to_local(first.created_at).strftime("%H:%M %d/%m/%Y") in page

    older = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=3)
    for n in range(12):
        session.add(UserSession(token_hash=f"{n:064d}", account_id=account.id, device_hash="d" * 64,
                                method="passkey", created_at=older + dt.timedelta(minutes=n),
                                last_seen_at=older + dt.timedelta(minutes=n), user_agent=ANDROID_CHROME,
                                network="14.160.0.0/24"))
    session.commit()
    page = phone_b.get("/tai-khoan/thiet-bi").get_data(as_text=True)
    assert page.count('class="card login-entry"') == 10
    assert "Vân tay" in page and "hết hạn do không hoạt động" in page  # never revoked, but idle for days
