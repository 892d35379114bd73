"""Staff login: password + authenticator code, enrolment, replay, lockout, short sessions."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from tests.support.factories import PASSWORD, make_account
from tests.support.staff import STAFF_PASSWORD, code, make_staff, staff_client, staff_login
from tests.support.web import csrf_token, logged_in_client, post_form
from vssid.accounts.models import AuditEvent
from vssid.core.db import utcnow
from vssid.staff import totp
from vssid.staff.models import StaffMember, StaffSession

NEW_PASSWORD = "buoi chieu o ben Nha Rong co gio"


def _events(session, name: str) -> list[AuditEvent]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent).where(AuditEvent.event == name)))


def test_password_then_code_opens_the_console_with_its_own_cookie(app, session):
    member, secret = make_staff(session, role="officer")
    session.commit()
    client = app.test_client()
    first = post_form(client, "/can-bo/dang-nhap", {"email": member.email.upper(), "password": STAFF_PASSWORD})
    assert first.status_code == 303 and first.headers["Location"].startswith("/can-bo/dang-nhap/ma-xac-thuc")
    assert client.get("/can-bo/").status_code == 303  # the password alone opens nothing
    second = post_form(client, "/can-bo/dang-nhap/ma-xac-thuc", {"code": code(secret)})
    assert second.status_code == 303 and second.headers["Location"] == "/can-bo/"
    cookie = second.headers["Set-Cookie"]
    assert cookie.startswith("vssid_staff=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    page = client.get("/can-bo/")
    assert page.status_code == 200 and "Xin chào, Trần Văn Nghiệp" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert len(_events(session, "staff_login_succeeded")) == 1


def test_the_same_code_cannot_be_used_twice(app, session):
    member, secret = make_staff(session)
    session.commit()
    assert staff_login(app.test_client(), member, secret).status_code == 303
    replay = staff_login(app.test_client(), member, secret)
    assert replay.status_code == 422
    assert "đã được dùng" in replay.get_data(as_text=True)
    assert len(_events(session, "staff_totp_replayed")) == 1
    # The next time step's code works: the app has moved on.
    assert staff_login(app.test_client(), member, secret, steps=1).status_code == 303


@pytest.mark.parametrize("bad", ["", "12345", "abcdef", "1234567"])
def test_malformed_codes_are_refused_in_place(app, session, bad):
    member, _secret = make_staff(session)
    session.commit()
    client = app.test_client()
    post_form(client, "/can-bo/dang-nhap", {"email": member.email, "password": STAFF_PASSWORD})
    response = post_form(client, "/can-bo/dang-nhap/ma-xac-thuc", {"code": bad})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert client.get("/can-bo/").status_code == 303


def test_codes_outside_the_drift_window_are_refused(app, session):
    member, secret = make_staff(session)
    session.commit()
    for steps in (-3, 3):
        client = app.test_client()
        assert staff_login(client, member, secret, steps=steps).status_code == 422


def test_wrong_password_says_the_same_as_unknown_email(app, session):
    member, _ = make_staff(session)
    session.commit()
    wrong = post_form(app.test_client(), "/can-bo/dang-nhap", {"email": member.email, "password": "sai mat khau roi"})
    unknown = post_form(app.test_client(), "/can-bo/dang-nhap", {"email": "khongco@vss.gov.vn", "password": "x"})
    assert wrong.status_code == unknown.status_code == 422
    for response in (wrong, unknown):
        assert "Email hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert 'value="khongco@vss.gov.vn"' in unknown.get_data(as_text=True)  # input kept


def test_five_wrong_codes_lock_the_account_even_with_the_right_password(app, session):
    member, secret = make_staff(session)
    session.commit()
    client = app.test_client()
    post_form(client, "/can-bo/dang-nhap", {"email": member.email, "password": STAFF_PASSWORD})
    wrong = str((int(code(secret)) + 1) % 1_000_000).zfill(6)
    statuses = [post_form(client, "/can-bo/dang-nhap/ma-xac-thuc", {"code": wrong}).status_code for _ in range(5)]
    assert statuses[-1] in (400, 422)
    session.expire_all()
    locked = session.get(StaffMember, member.id)
    assert locked.locked_until is not None and locked.locked_until > utcnow()
    response = post_form(app.test_client(), "/can-bo/dang-nhap", {"email": member.email, "password": STAFF_PASSWORD})
    assert "tạm khóa" in response.get_data(as_text=True)
    assert len(_events(session, "staff_locked")) == 1


def test_five_wrong_passwords_lock_and_a_good_login_resets_the_count(app, session):
    member, secret = make_staff(session)
    session.commit()
    for _ in range(4):
        post_form(app.test_client(), "/can-bo/dang-nhap", {"email": member.email, "password": "khong phai mat khau"})
    assert staff_login(app.test_client(), member, secret).status_code == 303
    session.expire_all()
    assert session.get(StaffMember, member.id).failed_logins == 0
    for _ in range(5):
        post_form(app.test_client(), "/can-bo/dang-nhap", {"email": member.email, "password": "khong phai mat khau"})
    session.expire_all()
    assert session.get(StaffMember, member.id).locked_until is not None


def test_first_login_enrols_the_authenticator_then_forces_a_new_password(app, session):
    member, _ = make_staff(session, enrolled=False, must_change_password=True)
    session.commit()
    client = app.test_client()
    first = post_form(client, "/can-bo/dang-nhap", {"email": member.email, "password": STAFF_PASSWORD})
    assert first.headers["Location"].startswith("/can-bo/dang-nhap/cai-dat-xac-thuc")
    page = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "<svg" in page and 'aria-label="Mã QR cài đặt ứng dụng xác thực"' in page
    secret = re.search(r'<code>([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    session.expire_all()
    stored = session.get(StaffMember, member.id)
    assert secret.encode() not in stored.totp_pending and stored.totp_secret is None  # encrypted, not yet active

    wrong = post_form(client, "/can-bo/dang-nhap/cai-dat-xac-thuc", {"code": "000000" if code(secret) != "000000" else "111111"})
    assert wrong.status_code == 422
    assert secret[:4] in wrong.get_data(as_text=True)  # the same QR again: the person already scanned it

    done = post_form(client, "/can-bo/dang-nhap/cai-dat-xac-thuc", {"code": code(secret)})
    assert done.status_code == 303 and done.headers["Location"] == "/can-bo/doi-mat-khau"
    session.expire_all()
    stored = session.get(StaffMember, member.id)
    assert stored.totp_pending is None and stored.totp_enrolled_at is not None
    assert totp.unseal(stored.totp_secret, app_secret="test-secret", staff_id=member.id) == secret
    assert secret.encode() not in stored.totp_secret

    # Until the password is changed, every page leads to the change form.
    assert client.get("/can-bo/dang-ky").headers["Location"] == "/can-bo/doi-mat-khau"
    weak = post_form(client, "/can-bo/doi-mat-khau", {"current_password": STAFF_PASSWORD, "password": "123456789012",
                                                      "confirm_password": "123456789012"})
    assert weak.status_code == 422
    changed = post_form(client, "/can-bo/doi-mat-khau", {"current_password": STAFF_PASSWORD, "password": NEW_PASSWORD,
                                                         "confirm_password": NEW_PASSWORD})
    assert changed.status_code == 303
    assert client.get("/can-bo/dang-ky").status_code == 200

    # The secret is never shown again: the enrolment page sends an enrolled member to the code page.
    again = app.test_client()
    post_form(again, "/can-bo/dang-nhap", {"email": member.email, "password": NEW_PASSWORD})
    assert again.get("/can-bo/dang-nhap/cai-dat-xac-thuc").headers["Location"].startswith("/can-bo/dang-nhap/ma-xac-thuc")


def test_the_code_page_needs_a_fresh_password_step(app, session, monkeypatch):
    member, secret = make_staff(session)
    session.commit()
    client = app.test_client()
    assert client.get("/can-bo/dang-nhap/ma-xac-thuc").headers["Location"] == "/can-bo/dang-nhap"
    post_form(client, "/can-bo/dang-nhap", {"email": member.email, "password": STAFF_PASSWORD})
    import vssid.staff.web as staff_web

    monkeypatch.setattr(staff_web.time, "time", lambda: 10**10)  # more than 5 minutes later
    response = post_form(client, "/can-bo/dang-nhap/ma-xac-thuc", {"code": code(secret)},
                         token_from="/can-bo/dang-nhap")
    assert response.status_code == 303 and response.headers["Location"] == "/can-bo/dang-nhap"


def test_an_expired_initial_password_is_refused(app, session):
    member, _ = make_staff(session, enrolled=False, must_change_password=True)
    member.password_changed_at = utcnow() - dt.timedelta(days=4)
    session.commit()
    response = post_form(app.test_client(), "/can-bo/dang-nhap", {"email": member.email, "password": STAFF_PASSWORD})
    assert response.status_code == 422 and "đã hết hạn" in response.get_data(as_text=True)


def test_fifteen_idle_minutes_end_the_session(app, session):
    client, member = staff_client(app, session, "officer")
    session.execute(update(StaffSession).values(last_seen_at=utcnow() - dt.timedelta(minutes=16)))
    session.commit()
    response = client.get("/can-bo/dang-ky")
    assert response.status_code == 303 and response.headers["Location"].startswith("/can-bo/dang-nhap")
    assert "vssid_staff=;" in response.headers["Set-Cookie"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "không hoạt động 15 phút" in page
    session.expire_all()
    assert session.scalar(select(StaffSession.revoked_reason)) == "idle"


def test_fourteen_idle_minutes_do_not(app, session):
    client, _ = staff_client(app, session, "officer")
    session.execute(update(StaffSession).values(last_seen_at=utcnow() - dt.timedelta(minutes=14)))
    session.commit()
    assert client.get("/can-bo/dang-ky").status_code == 200


def test_a_new_login_ends_the_other_session(app, session):
    member, secret = make_staff(session)
    session.commit()
    first, second = app.test_client(), app.test_client()
    staff_login(first, member, secret)
    staff_login(second, member, secret, steps=1)
    assert second.get("/can-bo/").status_code == 200
    assert first.get("/can-bo/").status_code == 303


def test_logout_ends_the_session_on_the_server(app, session):
    client, _ = staff_client(app, session, "support_agent")
    token = csrf_token(client, "/can-bo/")
    cookie = client.get_cookie("vssid_staff").value
    assert client.post("/can-bo/dang-xuat", data={"csrf_token": token}).status_code == 303
    replayed = app.test_client()
    replayed.set_cookie("vssid_staff", cookie)
    assert replayed.get("/can-bo/").status_code == 303


def test_citizen_and_staff_sessions_do_not_open_each_other(app, session):
    account = make_account(session)
    session.commit()
    citizen = logged_in_client(app, session, account, PASSWORD)
    assert citizen.get("/can-bo/").status_code == 303
    staff, _ = staff_client(app, session, "admin")
    assert staff.get("/tai-khoan").status_code in (302, 303)  # the citizen pages need a citizen login
    # A staff token in the citizen cookie is no citizen session, and the other way round.
    swapped = app.test_client()
    swapped.set_cookie("vssid_session", staff.get_cookie("vssid_staff").value)
    assert swapped.get("/tai-khoan").status_code in (302, 303)
    swapped = app.test_client()
    swapped.set_cookie("vssid_staff", citizen.get_cookie("vssid_session").value)
    assert swapped.get("/can-bo/").status_code == 303


def test_a_disabled_staff_member_is_logged_out_at_the_next_request(app, session):
    client, member = staff_client(app, session, "officer")
    session.execute(update(StaffMember).where(StaffMember.id == member.id).values(status="disabled"))
    session.commit()
    response = client.get("/can-bo/")
    assert response.status_code == 303
    assert "đã bị khóa" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_change_password_needs_the_current_one_and_a_matching_confirmation(app, session):
    client, _member = staff_client(app, session, "editor")
    wrong = post_form(client, "/can-bo/doi-mat-khau", {"current_password": "khong dung", "password": NEW_PASSWORD,
                                                       "confirm_password": NEW_PASSWORD})
    assert wrong.status_code == 422 and "Mật khẩu hiện tại không đúng." in wrong.get_data(as_text=True)
    mismatch = post_form(client, "/can-bo/doi-mat-khau", {"current_password": STAFF_PASSWORD, "password": NEW_PASSWORD,
                                                          "confirm_password": NEW_PASSWORD + "x"})
    assert "không khớp" in mismatch.get_data(as_text=True)
    ok = post_form(client, "/can-bo/doi-mat-khau", {"current_password": STAFF_PASSWORD, "password": NEW_PASSWORD,
                                                    "confirm_password": NEW_PASSWORD})
    assert ok.status_code == 303 and client.get("/can-bo/").status_code == 200


def test_login_is_rate_limited_per_address(app, session):
    statuses = [post_form(app.test_client(), "/can-bo/dang-nhap", {"email": "ai@vss.gov.vn", "password": "x"}).status_code
                for _ in range(11)]
    assert statuses[-1] == 429
