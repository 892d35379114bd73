"""Registration: the VSS form, the phone OTP, automatic approval or an officer's review."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.support.factories import make_account, make_office, make_person
from tests.support.web import last_code, post_form
from vssid.accounts.models import Account, Registration
from vssid.outbound.models import OutboundMessage

LABELS = ("Họ và tên", "Mã số BHXH", "Số CCCD", "Ngày sinh", "Số điện thoại", "Email", "Địa chỉ liên hệ")


def _form(person, office, **overrides):
    return {
        "full_name": person.full_name, "ma_so": person.ma_so, "cccd": person.cccd, "birth": "17/05/1990",
        "phone": person.phone, "email": "an@example.vn", "address": "Số 12 Lê Lợi, Phường Sài Gòn",
        "office_id": str(office.id), **overrides,
    }


def _messages_to(session, phone):
    session.expire_all()
    return session.scalars(select(OutboundMessage.body).where(OutboundMessage.recipient == phone)).all()


def test_form_has_the_labels_of_the_vss_form(session, client):
    make_office(session)
    session.commit()
    body = client.get("/dang-ky").get_data(as_text=True)
    for label in LABELS:
        assert f">{label}" in body
    assert "Cơ quan BHXH tiếp nhận" in body


def test_bad_input_is_explained_per_field_and_kept(session, client):
    office = make_office(session)
    session.commit()
    response = post_form(client, "/dang-ky", {
        "full_name": "Lê Thị Hoa", "ma_so": "12345", "cccd": "abc", "birth": "31/02/1990",
        "phone": "12345", "email": "khong-phai-email", "address": "", "office_id": str(office.id),
    })
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    for field in ("ma_so", "cccd", "birth", "phone", "email", "address"):
        assert f'id="f-{field}-error"' in body, field
    assert 'value="Lê Thị Hoa"' in body
    assert session.scalar(select(func.count()).select_from(Registration)) == 0


def test_matching_registration_is_approved_and_first_login_forces_a_new_password(app, session, client):
    person, office = make_person(session), make_office(session)
    session.commit()
    assert post_form(client, "/dang-ky", _form(person, office)).headers["Location"] == "/dang-ky/xac-thuc"
    done = post_form(client, "/dang-ky/xac-thuc", {"code": last_code(session, person.phone)})
    assert done.headers["Location"] == "/dang-ky/da-tiep-nhan"

    sms = _messages_to(session, person.phone)[-1]
    password = re.search(r"Mat khau: (\S+)", sms).group(1)
    assert person.ma_so in sms
    login = post_form(client, "/dang-nhap", {"login_id": person.ma_so, "password": password})
    assert login.headers["Location"] == "/tai-khoan/doi-mat-khau"
    assert client.get("/").headers["Location"] == "/tai-khoan/doi-mat-khau"  # nothing else until changed

    weak = post_form(client, "/tai-khoan/doi-mat-khau", {
        "current_password": password, "password": person.ma_so + "ab", "confirm_password": person.ma_so + "ab"})
    assert "không được là mã số BHXH" in weak.get_data(as_text=True)
    changed = post_form(client, "/tai-khoan/doi-mat-khau", {
        "current_password": password, "password": "vuon nha toi co cay bang", "confirm_password": "vuon nha toi co cay bang"})
    assert changed.headers["Location"] == "/"
    assert client.get("/").status_code == 200


def test_mismatch_waits_for_an_officer_with_the_same_answer(app, session, client):
    person, office = make_person(session), make_office(session)
    session.commit()
    post_form(client, "/dang-ky", _form(person, office, cccd="079099999999"))
    done = post_form(client, "/dang-ky/xac-thuc", {"code": last_code(session, person.phone)})
    assert done.headers["Location"] == "/dang-ky/da-tiep-nhan"
    session.expire_all()
    registration = session.scalars(select(Registration)).one()
    assert registration.status == "pending_review" and "số CCCD" in registration.review_note
    assert session.scalar(select(func.count()).select_from(Account)) == 0

    result = app.test_cli_runner().invoke(args=["accounts", "approve", person.ma_so])
    assert result.exit_code == 0, result.output
    assert "Mat khau:" in _messages_to(session, person.phone)[-1]


def test_unknown_ma_so_and_duplicates_get_the_same_answer(session, client, app):
    owner, office = make_person(session), make_office(session)
    make_account(session, owner)
    session.commit()
    for form in (
        _form(owner, office),  # an account exists already
        _form(owner, office, ma_so="0199999999"),  # no such mã số
    ):
        other = app.test_client()
        post_form(other, "/dang-ky", form)
        done = post_form(other, "/dang-ky/xac-thuc", {"code": last_code(session, owner.phone)})
        assert done.headers["Location"] == "/dang-ky/da-tiep-nhan"
        assert other.get("/dang-ky/da-tiep-nhan").status_code == 200
    session.expire_all()
    assert {r.status for r in session.scalars(select(Registration))} == {"pending_review"}


def test_registration_otp_wrong_code_keeps_the_request_unverified(session, client):
    person, office = make_person(session), make_office(session)
    session.commit()
    post_form(client, "/dang-ky", _form(person, office))
    code = last_code(session, person.phone)
    response = post_form(client, "/dang-ky/xac-thuc", {"code": "12345"})
    assert "Mã OTP gồm 6 chữ số." in response.get_data(as_text=True)
    wrong = "000000" if code != "000000" else "999999"
    assert "Bạn còn 4 lần thử" in post_form(client, "/dang-ky/xac-thuc", {"code": wrong}).get_data(as_text=True)
    session.expire_all()
    assert session.scalars(select(Registration.status)).one() == "phone_unverified"


def test_registration_is_rate_limited_per_address(session, client):
    person, office = make_person(session), make_office(session)
    session.commit()
    statuses = [post_form(client, "/dang-ky", _form(person, office)).status_code for _ in range(6)]
    assert statuses[:5] == [303] * 5 and statuses[5] == 429
