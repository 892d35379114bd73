"""Login with mã số or CCCD, lockout, one device at a time with the SMS OTP."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.support.factories import PASSWORD, make_account, make_person
from tests.support.web import last_code, login, post_form
from vssid.accounts.models import Account, AuditEvent, UserSession


def _events(session, account_id=None):
    session.expire_all()
    query = select(AuditEvent.event).order_by(AuditEvent.id)
    if account_id:
        query = query.where(AuditEvent.account_id == account_id)
    return list(session.scalars(query))


def _live_sessions(session, account_id):
    session.expire_all()
    return session.scalars(
        select(UserSession).where(UserSession.account_id == account_id, UserSession.revoked_at.is_(None))
    ).all()


def test_login_page_has_the_fields_vssid_asks_for(client):
    body = client.get("/dang-nhap").get_data(as_text=True)
    assert 'autocomplete="username"' in body and 'autocomplete="current-password"' in body
    assert "Mã số BHXH" in body and "Mật khẩu" in body and "Đăng nhập" in body
    assert "data-toggle-password" in body
    assert "no-store" in client.get("/dang-nhap").headers["Cache-Control"]


def test_login_with_ma_so_then_with_cccd(app, session, client):
    account = make_account(session)
    session.commit()
    response = login(client, account.person.ma_so, PASSWORD)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert "vssid_session" in response.headers.get("Set-Cookie", "") or any(
        "vssid_session" in h for h in response.headers.getlist("Set-Cookie"))
    assert "Nguyễn Văn An" in client.get("/").get_data(as_text=True)

    other = app.test_client()
    other.set_cookie("vssid_device", client.get_cookie("vssid_device").value)  # same phone
    assert login(other, account.person.cccd, PASSWORD).status_code == 303


def test_wrong_password_keeps_input_and_does_not_say_which_part_is_wrong(session, client):
    account = make_account(session)
    session.commit()
    response = login(client, account.person.ma_so, "sai mat khau roi nhe")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Mã số BHXH hoặc mật khẩu không đúng." in body
    assert f'value="{account.person.ma_so}"' in body
    unknown = login(client, "0000000001", "sai mat khau roi nhe")
    assert "Mã số BHXH hoặc mật khẩu không đúng." in unknown.get_data(as_text=True)
    assert "login_failed" in _events(session)


def test_five_wrong_passwords_lock_for_fifteen_minutes(session, client):
    account = make_account(session)
    session.commit()
    for _ in range(4):
        login(client, account.person.ma_so, "khong dung mat khau")
    fifth = login(client, account.person.ma_so, "khong dung mat khau").get_data(as_text=True)
    assert "Tài khoản tạm khóa" in fifth and "Vui lòng thử lại sau" in fifth
    # Even the right password is refused while locked.
    locked = login(client, account.person.ma_so, PASSWORD)
    assert locked.status_code != 303 and "Tài khoản tạm khóa" in locked.get_data(as_text=True)
    session.expire_all()
    stored = session.get(Account, account.id)
    remaining = stored.locked_until - dt.datetime.now(dt.timezone.utc)
    assert dt.timedelta(minutes=14) < remaining <= dt.timedelta(minutes=15)
    assert "account_locked" in _events(session, account.id)


def test_lock_expires_after_fifteen_minutes(session, client):
    account = make_account(session, locked_until=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1))
    session.commit()
    assert login(client, account.person.ma_so, PASSWORD).status_code == 303


def test_second_device_needs_sms_otp_and_the_first_is_logged_out(app, session):
    account = make_account(session)
    session.commit()
    phone_a, phone_b = app.test_client(), app.test_client()
    assert login(phone_a, account.person.ma_so, PASSWORD).status_code == 303
    assert phone_a.get("/tai-khoan/doi-mat-khau").status_code == 200

    asked = login(phone_b, account.person.ma_so, PASSWORD)
    assert asked.status_code == 303 and asked.headers["Location"].startswith("/dang-nhap/otp")
    otp_page = phone_b.get("/dang-nhap/otp").get_data(as_text=True)
    assert 'autocomplete="one-time-code"' in otp_page and 'inputmode="numeric"' in otp_page
    assert len(_live_sessions(session, account.id)) == 1  # A still logged in until B proves the phone

    code = last_code(session, account.phone)
    done = post_form(phone_b, "/dang-nhap/otp", {"code": code})
    assert done.status_code == 303
    live = _live_sessions(session, account.id)
    assert len(live) == 1

    thrown_out = phone_a.get("/tai-khoan/doi-mat-khau")
    assert thrown_out.status_code == 303 and thrown_out.headers["Location"].startswith("/dang-nhap")
    page = phone_a.get(thrown_out.headers["Location"]).get_data(as_text=True)
    assert "Tài khoản của bạn đã đăng nhập trên thiết bị khác" in page
    assert "device_changed" in _events(session, account.id)


def test_revoked_session_on_htmx_request_gets_hx_redirect(app, session):
    account = make_account(session)
    session.commit()
    phone_a, phone_b = app.test_client(), app.test_client()
    login(phone_a, account.person.ma_so, PASSWORD)
    login(phone_b, account.person.ma_so, PASSWORD)
    post_form(phone_b, "/dang-nhap/otp", {"code": last_code(session, account.phone)})
    response = phone_a.get("/tai-khoan/doi-mat-khau", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith("/dang-nhap")


def test_wrong_otp_counts_attempts_and_stops_after_five(app, session):
    account = make_account(session, device_hash="0" * 64)
    session.commit()
    client = app.test_client()
    login(client, account.person.ma_so, PASSWORD)
    code = last_code(session, account.phone)
    wrong = "000000" if code != "000000" else "111111"
    first = post_form(client, "/dang-nhap/otp", {"code": wrong}).get_data(as_text=True)
    assert "Bạn còn 4 lần thử" in first
    for _ in range(4):
        post_form(client, "/dang-nhap/otp", {"code": wrong})
    blocked = post_form(client, "/dang-nhap/otp", {"code": code}).get_data(as_text=True)
    assert "quá 5 lần" in blocked
    assert _live_sessions(session, account.id) == []
    assert "otp_failed" in _events(session)


def test_otp_is_single_use_and_expires(app, session):
    account = make_account(session, device_hash="0" * 64)
    session.commit()
    client = app.test_client()
    login(client, account.person.ma_so, PASSWORD)
    code = last_code(session, account.phone)
    assert post_form(client, "/dang-nhap/otp", {"code": code}).status_code == 303
    # The same code again (e.g. from another tab) is refused.
    client2 = app.test_client()
    client2.set_cookie("vssid_device", "x" * 43)
    login(client2, account.person.ma_so, PASSWORD)
    with client2.session_transaction() as flask_session:
        flask_session["pending_login"] = flask_session["pending_login"] - 1
    reused = post_form(client2, "/dang-nhap/otp", {"code": code})
    assert "hết hạn hoặc đã được sử dụng" in reused.get_data(as_text=True)


def test_otp_resend_waits_sixty_seconds(app, session):
    account = make_account(session, device_hash="0" * 64)
    session.commit()
    client = app.test_client()
    login(client, account.person.ma_so, PASSWORD)
    response = post_form(client, "/dang-nhap/otp/gui-lai", {}, token_from="/dang-nhap/otp", follow_redirects=True)
    assert "Vui lòng đợi" in response.get_data(as_text=True)


def test_another_account_on_the_same_device_ends_the_first_session(app, session):
    first, second = make_account(session), make_account(session, make_person(session, full_name="Trần Thị Bình"))
    session.commit()
    client = app.test_client()
    login(client, first.person.ma_so, PASSWORD)
    login(client, second.person.ma_so, PASSWORD)
    assert _live_sessions(session, first.id) == []
    assert len(_live_sessions(session, second.id)) == 1
    events = session.scalars(select(AuditEvent.detail).where(AuditEvent.event == "session_revoked")).all()
    assert any("account_switch" in detail for detail in events)


def test_logout_is_a_post_that_revokes_and_clears_storage(app, session):
    account = make_account(session)
    session.commit()
    client = app.test_client()
    login(client, account.person.ma_so, PASSWORD)
    assert client.get("/dang-xuat").status_code == 405
    response = post_form(client, "/dang-xuat", {}, token_from="/")
    assert response.status_code == 303
    assert response.headers["Clear-Site-Data"] == '"storage"'
    assert _live_sessions(session, account.id) == []
    assert client.get("/tai-khoan/doi-mat-khau").headers["Location"].startswith("/dang-nhap")  # login required


def test_idle_session_times_out(app, session):
    account = make_account(session)
    session.commit()
    client = app.test_client()
    login(client, account.person.ma_so, PASSWORD)
    live = _live_sessions(session, account.id)[0]
    live.last_seen_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=31)
    session.commit()
    response = client.get("/tai-khoan/doi-mat-khau")
    assert response.status_code == 303
    assert "không hoạt động" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_open_redirect_after_login_is_refused(session, client):
    account = make_account(session)
    session.commit()
    token_page = "/dang-nhap?next=https://evil.example/"
    response = post_form(client, token_page, {"login_id": account.person.ma_so, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_stay_signed_in_resets_the_idle_clock(app, session):
    account = make_account(session)
    session.commit()
    client = app.test_client()
    login(client, account.person.ma_so, PASSWORD)
    live = _live_sessions(session, account.id)[0]
    live.last_seen_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=28)
    session.commit()
    home = client.get("/").get_data(as_text=True)
    assert 'id="session-warning"' in home and 'data-idle-seconds="1800"' in home
    response = post_form(client, "/phien/gia-han", {}, token_from="/")
    assert response.status_code == 204
    refreshed = _live_sessions(session, account.id)[0]
    assert dt.datetime.now(dt.timezone.utc) - refreshed.last_seen_at < dt.timedelta(minutes=1)


def test_htmx_login_error_comes_back_as_a_fragment(session, client):
    account = make_account(session)
    session.commit()
    response = post_form(client, "/dang-nhap", {"login_id": account.person.ma_so, "password": "sai roi nhe ban oi"},
                         headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert "Mã số BHXH hoặc mật khẩu không đúng." in body


def test_forgot_password_by_sms_resets_and_ends_every_session(app, session):
    account = make_account(session)
    session.commit()
    phone = app.test_client()
    login(phone, account.person.ma_so, PASSWORD)
    helper = app.test_client()
    helper.set_cookie("vssid_device", phone.get_cookie("vssid_device").value)
    sent = post_form(helper, "/quen-mat-khau", {"login_id": account.person.ma_so, "channel": "sms"})
    assert sent.headers["Location"] == "/quen-mat-khau/dat-lai"
    code = last_code(session, account.phone)
    weak = post_form(helper, "/quen-mat-khau/dat-lai", {"code": code, "password": "123456789012",
                                                        "confirm_password": "123456789012"})
    assert "quá phổ biến" in weak.get_data(as_text=True)
    done = post_form(helper, "/quen-mat-khau/dat-lai", {"code": code, "password": "mua thu Ha Noi rat dep",
                                                        "confirm_password": "mua thu Ha Noi rat dep"})
    assert done.headers["Location"] == "/dang-nhap"
    assert _live_sessions(session, account.id) == []
    assert login(app.test_client(), account.person.ma_so, "mua thu Ha Noi rat dep").status_code == 303
    assert "password_reset" in _events(session, account.id)


def test_forgot_password_answers_the_same_for_an_unknown_account(client, session):
    response = post_form(client, "/quen-mat-khau", {"login_id": "0100000000", "channel": "email"},
                         follow_redirects=True)
    assert "Nếu thông tin đúng, mã OTP đã được gửi" in response.get_data(as_text=True)
    bad = post_form(client, "/quen-mat-khau/dat-lai", {"code": "123456", "password": "mua thu Ha Noi rat dep",
                                                       "confirm_password": "mua thu Ha Noi rat dep"})
    assert "hết hạn hoặc đã được sử dụng" in bad.get_data(as_text=True) or "không đúng" in bad.get_data(as_text=True)


def test_login_is_rate_limited_per_account(app, session):
    account = make_account(session)
    session.commit()
    statuses = []
    for i in range(32):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.1.{i}.1"
        statuses.append(login(client, account.person.ma_so, "sai mat khau nhe").status_code)
    assert 429 in statuses


def test_backslash_and_scheme_targets_are_not_followed_after_login(session, client):
    account = make_account(session)
    session.commit()
    for target in ("/\\evil.example/", "//evil.example/", "https://evil.example/", "/%0d%0aSet-Cookie:x"):
        client.delete_cookie("vssid_session")
        response = post_form(client, "/dang-nhap?next=" + target.replace("%", "%25"),
                             {"login_id": account.person.ma_so, "password": PASSWORD},
                             headers={"HX-Request": "true"})
        assert response.headers.get("HX-Redirect") == "/", target


def test_password_change_voids_pending_codes_and_warns_by_sms(app, session):
    account = make_account(session)
    session.commit()
    client = app.test_client()
    login(client, account.person.ma_so, PASSWORD)
    stranger = app.test_client()
    login(stranger, account.person.ma_so, PASSWORD)  # another device: a code is waiting
    code = last_code(session, account.phone)
    post_form(client, "/tai-khoan/doi-mat-khau", {"current_password": PASSWORD, "password": "ngay mai troi lai sang",
                                                "confirm_password": "ngay mai troi lai sang"})
    assert "Mat khau tai khoan cua ban da duoc doi" in _last_sms(session, account.phone)
    refused = post_form(stranger, "/dang-nhap/otp", {"code": code})
    assert "hết hạn hoặc đã được sử dụng" in refused.get_data(as_text=True)


def _last_sms(session, phone):
    from vssid.outbound.models import OutboundMessage

    session.expire_all()
    return session.scalars(select(OutboundMessage.body).where(OutboundMessage.recipient == phone)
                           .order_by(OutboundMessage.id.desc())).first()
