"""Officers correct contact data and a card's initial facility; the history is kept."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from tests.support.factories import make_card, make_facility, make_person
from tests.support.staff import staff_client
from tests.support.web import post_form
from vssid.accounts.models import AuditEvent
from vssid.registry.models import HealthCard, Person
from vssid.staff.models import RegistryCorrection

REASON = "Đơn đề nghị điều chỉnh thông tin ngày 05/11/2026"


def _contact(client, person, **changes):
    path = f"/can-bo/nguoi/{person.ma_so}/sua-lien-he"
    form = {"phone": person.phone, "email": person.email or "", "address": person.address, "reason": REASON,
            "seen_phone": person.phone, "seen_email": person.email or "", "seen_address": person.address, **changes}
    return post_form(client, path, form)


def _corrections(session) -> list[RegistryCorrection]:
    session.expire_all()
    return list(session.scalars(select(RegistryCorrection).order_by(RegistryCorrection.id)))


def test_a_contact_correction_is_saved_with_its_history(app, session):
    person = make_person(session, phone="0912345678", email="cu@example.vn")
    client, officer = staff_client(app, session, "officer")
    form_page = client.get(f"/can-bo/nguoi/{person.ma_so}/sua-lien-he").get_data(as_text=True)
    assert 'value="0912345678"' in form_page and 'name="seen_phone" value="0912345678"' in form_page
    response = _contact(client, person, phone="+84 98 765 4321", email="")
    assert response.status_code == 303
    session.expire_all()
    saved = session.get(Person, person.id)
    assert (saved.phone, saved.email) == ("0987654321", None)
    rows = _corrections(session)
    assert [(r.table_name, r.row_id, r.field, r.old_value, r.new_value, r.reason, r.staff_id) for r in rows] == [
        ("person", person.id, "phone", "0912345678", "0987654321", REASON, officer.id),
        ("person", person.id, "email", "cu@example.vn", None, REASON, officer.id),
    ]
    page = client.get(f"/can-bo/nguoi/{person.ma_so}").get_data(as_text=True)
    history = page.split("Lịch sử sửa dữ liệu gốc")[1]
    assert "0912345678" in history and "0987654321" in history and REASON in history and officer.email in history
    assert session.scalars(select(AuditEvent.subject).where(AuditEvent.event == "registry_corrected")).one() == person.ma_so


@pytest.mark.parametrize("changes, field, message", [
    ({"phone": "12345"}, "phone", "10 chữ số"),
    ({"phone": "0212345678"}, "phone", "10 chữ số"),
    ({"email": "khong-phai-email"}, "email", "không hợp lệ"),
    ({"address": "Q1"}, "address", "Nhập địa chỉ"),
    ({"address": "x" * 301}, "address", "tối đa 300"),
    ({"reason": ""}, "reason", "Ghi rõ lý do"),
    ({"reason": "vì sao"}, "reason", "Ghi rõ lý do"),
])
def test_bad_input_is_refused_in_place_and_nothing_changes(app, session, changes, field, message):
    person = make_person(session)
    original = (person.phone, person.email, person.address)
    client, _ = staff_client(app, session, "officer")
    response = _contact(client, person, **{"address": "Số 9 Pasteur, Phường Sài Gòn", **changes})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body and f'id="f-{field}-error"' in body
    typed = changes.get(field, "")
    if field != "reason":
        assert f'value="{typed}"' in body  # input kept
    session.expire_all()
    kept = session.get(Person, person.id)
    assert (kept.phone, kept.email, kept.address) == original
    assert _corrections(session) == []


def test_nothing_changed_is_said(app, session):
    person = make_person(session)
    client, _ = staff_client(app, session, "officer")
    response = _contact(client, person)
    assert response.status_code == 422 and "Không có thông tin nào thay đổi." in response.get_data(as_text=True)


def test_a_change_made_meanwhile_is_not_overwritten(app, session):
    person = make_person(session, phone="0912345678")
    address = person.address
    client, _ = staff_client(app, session, "officer")
    session.execute(update(Person).where(Person.id == person.id).values(phone="0933333333"))
    session.commit()
    response = _contact(client, person, phone="0912345678", seen_phone="0912345678",
                        address="Số 1 Đồng Khởi, Phường Sài Gòn")
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "đã được người khác thay đổi" in body
    assert 'name="seen_phone" value="0933333333"' in body  # the form now carries the current value
    session.expire_all()
    kept = session.get(Person, person.id)
    assert (kept.phone, kept.address) == ("0933333333", address) and _corrections(session) == []


def test_the_initial_facility_changes_to_a_contracted_one(app, session):
    person = make_person(session)
    old, new = make_facility(session, name="Bệnh viện Cũ"), make_facility(session, name="Trạm Y tế Phường Mới")
    card = make_card(session, person, facility=old)
    client, officer = staff_client(app, session, "officer")
    path = f"/can-bo/nguoi/{person.ma_so}/the/{card.id}/noi-kcb"
    page = client.get(path).get_data(as_text=True)
    assert f'<option value="{new.code}">Trạm Y tế Phường Mới</option>' in page
    response = post_form(client, path, {"facility_code": f"{new.code[:2]} - {new.code[2:]}", "reason": REASON,
                                        "seen_facility_code": old.code})
    assert response.status_code == 303
    session.expire_all()
    assert session.get(HealthCard, card.id).facility_code == new.code
    [row] = _corrections(session)
    assert (row.table_name, row.row_id, row.field, row.old_value, row.new_value) == (
        "health_card", card.id, "facility_code", old.code, new.code)
    assert row.staff_id == officer.id


@pytest.mark.parametrize("facility, message", [
    ({"contracted_bhyt": False}, "không ký hợp đồng KCB BHYT"),
    ({"accepts_initial_registration": False}, "không nhận đăng ký KCB ban đầu"),
])
def test_a_facility_that_cannot_be_an_initial_facility_is_refused(app, session, facility, message):
    person = make_person(session)
    card = make_card(session, person)
    refused = make_facility(session, **facility)
    current = card.facility_code
    client, _ = staff_client(app, session, "officer")
    path = f"/can-bo/nguoi/{person.ma_so}/the/{card.id}/noi-kcb"
    assert f'value="{refused.code}"' not in client.get(path).get_data(as_text=True)
    response = post_form(client, path, {"facility_code": refused.code, "reason": REASON,
                                        "seen_facility_code": card.facility_code})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(HealthCard, card.id).facility_code == current and _corrections(session) == []


@pytest.mark.parametrize("code, message", [
    ("", "Vui lòng nhập mã cơ sở"), ("7901", "gồm 5 chữ số"), ("00123", "không hợp lệ"), ("79999", "Không có cơ sở"),
])
def test_bad_facility_codes(app, session, code, message):
    person = make_person(session)
    card = make_card(session, person)
    client, _ = staff_client(app, session, "officer")
    response = post_form(client, f"/can-bo/nguoi/{person.ma_so}/the/{card.id}/noi-kcb",
                         {"facility_code": code, "reason": REASON, "seen_facility_code": card.facility_code})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert _corrections(session) == []


def test_the_same_facility_or_no_reason_is_refused(app, session):
    person = make_person(session)
    card = make_card(session, person)
    other = make_facility(session)
    client, _ = staff_client(app, session, "officer")
    path = f"/can-bo/nguoi/{person.ma_so}/the/{card.id}/noi-kcb"
    same = post_form(client, path, {"facility_code": card.facility_code, "reason": REASON,
                                    "seen_facility_code": card.facility_code})
    assert "trùng với nơi đăng ký hiện tại" in same.get_data(as_text=True)
    no_reason = post_form(client, path, {"facility_code": other.code, "reason": "", "seen_facility_code": card.facility_code})
    assert no_reason.status_code == 422 and "Ghi rõ lý do" in no_reason.get_data(as_text=True)
    assert _corrections(session) == []


def test_another_persons_card_is_404(app, session):
    person, other = make_person(session), make_person(session)
    card = make_card(session, other)
    client, _ = staff_client(app, session, "officer")
    assert client.get(f"/can-bo/nguoi/{person.ma_so}/the/{card.id}/noi-kcb").status_code == 404
    response = post_form(client, f"/can-bo/nguoi/{person.ma_so}/the/{card.id}/noi-kcb",
                         {"facility_code": "79001", "reason": REASON}, token_from="/can-bo/")
    assert response.status_code == 404
    assert session.scalar(select(func.count()).select_from(RegistryCorrection)) == 0
