"""Officers manage facilities' gateway accounts in the staff console (/can-bo/cong-giam-dinh).

Sources: issue 13 (a facility, its registered IP addresses and users, name + CCCD; clients
send the password as MD5 hex, stored with a modern hash, never as is), DOMAIN.md §1
(facility code 5 digits, CCCD 12 digits), §9 (since 01/08/2024 only registered addresses
and clerks).
"""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from tests.support.factories import make_facility
from tests.support.gateway import His, make_gateway_account
from tests.support.staff import staff_client
from tests.support.web import post_form
from vssid.accounts.models import AuditEvent
from vssid.gateway.models import GatewayAccount, GatewayToken
from vssid.gateway.rules import md5_hex

BASE = "/can-bo/cong-giam-dinh"


@pytest.fixture
def hospital(session):
    facility = make_facility(session, code="79014", name="Bệnh viện Nhân dân Gia Định")
    session.commit()
    return facility


def shown_password(body: str) -> str:
    match = re.search(r'<p class="totp-secret"><code>([^<]+)</code>', body)
    assert match, body[:2000]
    return match.group(1)


def test_an_officer_sets_up_a_facility_that_can_then_take_a_token(app, session, hospital):
    officer, _member = staff_client(app, session, "officer")
    response = post_form(officer, BASE, {"facility_code": "79 - 014", "username": "79014_bv"}, token_from=BASE)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Đã tạo tài khoản 79014_BV" in body
    password = shown_password(body)
    assert md5_hex(password) in body  # what the HIS sends, shown next to it
    account = session.scalars(select(GatewayAccount)).one()
    assert account.facility_code == "79014" and account.password_hash.startswith("$argon2id$")
    assert password not in account.password_hash and md5_hex(password) not in account.password_hash
    # Shown once: the account page does not show it again.
    page = officer.get(f"{BASE}/{account.id}").get_data(as_text=True)
    assert password not in page and md5_hex(password) not in page

    detail = f"{BASE}/{account.id}"
    assert post_form(officer, f"{detail}/dia-chi", {"address": "203.0.113.7", "note": "Máy chủ HIS"},
                     token_from=detail).status_code in (302, 303)
    assert post_form(officer, f"{detail}/nhan-vien", {"full_name": "Nguyễn Thị Lan", "cccd": "079 190 001 234"},
                     token_from=detail).status_code in (302, 303)
    page = officer.get(detail).get_data(as_text=True)
    assert "203.0.113.7" in page and "Máy chủ HIS" in page and "Nguyễn Thị Lan" in page and "079190001234" in page

    client = app.test_client()
    his = His(client, "79014_BV", password=password)
    assert his.take_token().get_json()["maKetQua"] == "200"
    events = [e.event for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert events[-3:] == ["gateway_account_created", "gateway_address_added", "gateway_clerk_added"]
    assert all(json.loads(e.detail)["staff_id"] == _member.id for e in session.scalars(
        select(AuditEvent).where(AuditEvent.event.like("gateway_%"))))


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"facility_code": "7901", "username": "7901_BV"}, "facility_code", "5 chữ số"),
    ({"facility_code": "79999", "username": "79999_BV"}, "facility_code", "Không có cơ sở KCB mã 79999"),
    ({"facility_code": "79014", "username": "01832_BV"}, "username", "phải bắt đầu bằng mã cơ sở KCB 79014"),
    ({"facility_code": "79014", "username": "bệnh viện"}, "username", "ví dụ 79014_BV"),
])
def test_bad_account_input_is_refused_in_place(app, session, hospital, form, field, message):
    officer, _ = staff_client(app, session, "officer")
    response = post_form(officer, BASE, form, token_from=BASE)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body
    assert f'id="f-{field}-error"' in body and f'value="{form[field]}"' in body
    assert session.scalars(select(GatewayAccount)).first() is None


def test_duplicate_username_is_refused(app, session, hospital):
    make_gateway_account(session, facility=hospital, username="79014_BV")
    session.commit()
    officer, _ = staff_client(app, session, "officer")
    body = post_form(officer, BASE, {"facility_code": "79014", "username": "79014_BV"}, token_from=BASE).get_data(as_text=True)
    assert "Tài khoản 79014_BV đã tồn tại." in body


@pytest.mark.parametrize(("action", "form", "message"), [
    ("dia-chi", {"address": "203.0.113.300"}, "Nhập một địa chỉ IP"),
    ("dia-chi", {"address": "10.0.0.0/8"}, "Dải địa chỉ quá rộng: tối đa /24."),
    ("dia-chi", {"address": "203.0.113.7"}, "Địa chỉ 203.0.113.7 đã được đăng ký."),
    ("nhan-vien", {"full_name": "Lê Văn Tâm", "cccd": "07919000123"}, "Số CCCD phải gồm đúng 12 chữ số."),
    ("nhan-vien", {"full_name": "  ", "cccd": "079190001299"}, "Nhập họ và tên của nhân viên."),
])
def test_bad_address_or_clerk_is_refused_in_place(app, session, hospital, action, form, message):
    account = make_gateway_account(session, facility=hospital, username="79014_BV")
    session.commit()
    officer, _ = staff_client(app, session, "officer")
    detail = f"{BASE}/{account.id}"
    response = post_form(officer, f"{detail}/{action}", form, token_from=detail)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    session.expire_all()
    assert len(session.get(GatewayAccount, account.id).addresses) == 1
    assert len(session.get(GatewayAccount, account.id).clerks) == 1


def test_reset_password_and_lock_end_tokens(app, session, hospital):
    account = make_gateway_account(session, facility=hospital, username="79014_BV")
    session.commit()
    his = His(app.test_client(), "79014_BV")
    his.take_token()
    officer, _ = staff_client(app, session, "officer")
    detail = f"{BASE}/{account.id}"
    body = post_form(officer, f"{detail}/cap-lai-mat-khau", {}, token_from=detail).get_data(as_text=True)
    new_password = shown_password(body)
    assert session.scalars(select(GatewayToken)).first() is None
    assert his.take_token().status_code == 401  # the old password
    assert His(app.test_client(), "79014_BV", password=new_password).take_token().status_code == 200
    post_form(officer, f"{detail}/khoa", {}, token_from=detail)
    assert session.scalars(select(GatewayToken)).first() is None
    assert His(app.test_client(), "79014_BV", password=new_password).take_token().status_code == 401


def test_removing_a_clerk_refuses_their_lookups(app, session, hospital):
    account = make_gateway_account(session, facility=hospital, username="79014_BV")
    session.commit()
    officer, _ = staff_client(app, session, "officer")
    detail = f"{BASE}/{account.id}"
    clerk_id = account.clerks[0].id
    assert post_form(officer, f"{detail}/xoa-nhan-vien", {"id": str(clerk_id)}, token_from=detail).status_code in (302, 303)
    his = His(app.test_client(), "79014_BV")
    his.take_token()
    answer = his.check({"maThe": "7900000001", "hoTen": "Trần Văn An", "ngaySinh": "1990"}).get_json()
    assert answer["maKetQua"] == "054"


@pytest.mark.parametrize("role", ["support_agent", "editor"])
def test_other_roles_may_not_manage_gateway_accounts(app, session, hospital, role):
    member_client, _ = staff_client(app, session, role)
    assert member_client.get(BASE).status_code == 403
    assert "Cổng giám định" not in member_client.get("/can-bo/").get_data(as_text=True)


def test_citizens_and_strangers_are_sent_to_the_staff_login(client):
    response = client.get(BASE)
    assert response.status_code in (302, 303) and "/can-bo/dang-nhap" in response.headers["Location"]


def test_the_list_is_paged_and_searchable_by_facility_code(app, session, hospital):
    station = make_facility(session, code="79832", name="Trạm Y tế Phường Bến Nghé")
    for n in range(51):
        make_gateway_account(session, facility=hospital, username=f"79014_BV{n:02d}", clerks=())
    make_gateway_account(session, facility=station, username="79832_TYT", clerks=())
    session.commit()
    officer, _ = staff_client(app, session, "officer")
    first = officer.get(BASE).get_data(as_text=True)
    assert "79014_BV00" in first and "79014_BV49" in first and "79014_BV50" not in first and 'rel="next"' in first
    second = officer.get(f"{BASE}?trang=2").get_data(as_text=True)
    assert "79014_BV50" in second and "79832_TYT" in second and "79014_BV00" not in second
    found = officer.get(f"{BASE}?q=79832").get_data(as_text=True)
    assert "79832_TYT" in found and "79014_BV00" not in found
    assert "Không có tài khoản nào bắt đầu bằng “01%”." in officer.get(f"{BASE}?q=01%25").get_data(as_text=True)
