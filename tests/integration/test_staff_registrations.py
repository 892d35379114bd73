"""Officers approve or reject registrations waiting for review."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from tests.support.factories import make_account, make_person
from tests.support.staff import make_registration, sms_password, staff_client
from tests.support.web import login, post_form
from vssid.accounts.models import Account, AuditEvent, Registration
from vssid.outbound.models import OutboundMessage


def _sms_to(session, phone: str) -> list[str]:
    session.expire_all()
    return list(session.scalars(select(OutboundMessage.body).where(OutboundMessage.recipient == phone)
                                .order_by(OutboundMessage.id)))


def test_the_queue_lists_pending_requests_oldest_first(app, session):
    older = make_registration(session, full_name="Người Gửi Trước", created_at=dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc))
    newer = make_registration(session, full_name="Người Gửi Sau", ma_so="7999999998")
    make_registration(session, full_name="Đã Duyệt Rồi", ma_so="7999999997", status="approved")
    make_registration(session, full_name="Chưa Xác Thực", ma_so="7999999996", status="phone_unverified")
    client, _ = staff_client(app, session, "officer")
    page = client.get("/can-bo/dang-ky").get_data(as_text=True)
    assert page.index(older.full_name) < page.index(newer.full_name)
    assert "Đã Duyệt Rồi" not in page and "Chưa Xác Thực" not in page
    assert "2 yêu cầu đang chờ" in page


def test_the_review_shows_the_registry_record_with_differences_marked(app, session):
    person = make_person(session, full_name="Hoàng Văn Thái")
    registration = make_registration(session, person, full_name="Hoàng Văn Thai", cccd="079111111111",
                                     email=person.email.upper())
    client, _ = staff_client(app, session, "officer")
    page = client.get(f"/can-bo/dang-ky/{registration.id}").get_data(as_text=True)
    assert "3 thông tin khác nhau" in page
    rows = {label: chunk for label, chunk in (
        (label, page.split(f'<th scope="row">{label}</th>')[1].split("</tr>")[0])
        for label in ("Họ và tên", "Số CCCD", "Ngày sinh", "Số điện thoại"))}
    assert "Khác" in rows["Họ và tên"] and "Hoàng Văn Thai" in rows["Họ và tên"] and "Hoàng Văn Thái" in rows["Họ và tên"]
    assert "Khác" in rows["Số CCCD"] and person.cccd in rows["Số CCCD"]
    assert "Khớp" in rows["Ngày sinh"] and "Khớp" in rows["Số điện thoại"]
    assert page.count('class="differs"') == 3  # name, CCCD and the address typed differently; email case ignored


def test_approving_creates_the_account_and_the_citizen_logs_in_with_the_sms_password(app, session):
    person = make_person(session)
    registration = make_registration(session, person)
    client, officer = staff_client(app, session, "officer")
    response = post_form(client, f"/can-bo/dang-ky/{registration.id}/duyet", {},
                         token_from=f"/can-bo/dang-ky/{registration.id}")
    assert response.status_code == 303 and response.headers["Location"] == "/can-bo/dang-ky"
    session.expire_all()
    decided = session.get(Registration, registration.id)
    assert decided.status == "approved" and decided.account_id is not None and decided.decided_at is not None
    password = sms_password(_sms_to(session, person.phone)[-1])
    audit = session.scalars(select(AuditEvent).where(AuditEvent.event == "registration_approved")).one()
    assert f'"decided_by": "staff:{officer.id}"' in audit.detail
    citizen = app.test_client()
    assert login(citizen, person.ma_so, password).headers["Location"] == "/tai-khoan/doi-mat-khau"


def test_a_request_is_decided_once(app, session):
    person = make_person(session)
    registration = make_registration(session, person)
    client, _ = staff_client(app, session, "officer")
    path = f"/can-bo/dang-ky/{registration.id}"
    post_form(client, path + "/duyet", {}, token_from=path)
    again = post_form(client, path + "/duyet", {}, token_from=path, follow_redirects=True)
    assert "đã được xử lý" in again.get_data(as_text=True)
    reject = post_form(client, path + "/tu-choi", {"reason": "Thông tin không khớp với CCCD gốc"}, token_from=path,
                       follow_redirects=True)
    assert "đã được xử lý" in reject.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Account)) == 1
    assert len(_sms_to(session, person.phone)) == 1


def test_a_mã_số_missing_from_the_registry_cannot_be_approved(app, session):
    registration = make_registration(session)  # mã số 7999999999 is nobody
    client, _ = staff_client(app, session, "officer")
    path = f"/can-bo/dang-ky/{registration.id}"
    assert "không có trong cơ sở dữ liệu" in client.get(path).get_data(as_text=True)
    response = post_form(client, path + "/duyet", {}, token_from=path, follow_redirects=True)
    assert "không có trong cơ sở dữ liệu, không thể duyệt" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Registration, registration.id).status == "pending_review"
    assert session.get(Registration, registration.id).decided_at is None
    assert session.scalar(select(func.count()).select_from(Account)) == 0
    assert _sms_to(session, registration.phone) == []


def test_a_person_who_already_has_an_account_is_not_given_a_second(app, session):
    person = make_person(session)
    make_account(session, person)
    registration = make_registration(session, person)
    client, _ = staff_client(app, session, "officer")
    path = f"/can-bo/dang-ky/{registration.id}"
    response = post_form(client, path + "/duyet", {}, token_from=path, follow_redirects=True)
    assert "đã có tài khoản" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Registration, registration.id).status == "pending_review"
    assert session.scalar(select(func.count()).select_from(Account)) == 1


def test_rejecting_sends_the_reason_by_sms(app, session):
    person = make_person(session)
    registration = make_registration(session, person)
    client, officer = staff_client(app, session, "officer")
    path = f"/can-bo/dang-ky/{registration.id}"
    reason = "Số CCCD không khớp; mời ông/bà mang CCCD đến cơ quan BHXH quận"
    response = post_form(client, path + "/tu-choi", {"reason": reason}, token_from=path)
    assert response.status_code == 303
    session.expire_all()
    decided = session.get(Registration, registration.id)
    assert (decided.status, decided.reject_reason) == ("rejected", reason)
    sms = _sms_to(session, person.phone)[-1]
    assert "chua duoc duyet" in sms and "Ly do: So CCCD khong khop; moi ong/ba mang CCCD den co quan BHXH quan" in sms
    audit = session.scalars(select(AuditEvent).where(AuditEvent.event == "registration_rejected")).one()
    assert audit.subject == person.ma_so and f'"staff_id": {officer.id},' in audit.detail
    assert session.scalar(select(func.count()).select_from(Account)) == 0


def test_a_rejection_without_a_real_reason_is_refused_in_place(app, session):
    person = make_person(session)
    registration = make_registration(session, person)
    client, _ = staff_client(app, session, "officer")
    path = f"/can-bo/dang-ky/{registration.id}"
    for reason in ("", "   ", "sai", "x" * 301):
        response = post_form(client, path + "/tu-choi", {"reason": reason}, token_from=path)
        body = response.get_data(as_text=True)
        assert response.status_code == 422 and 'id="f-reason-error"' in body
    session.expire_all()
    assert session.get(Registration, registration.id).status == "pending_review"
    assert _sms_to(session, person.phone) == []


def test_unknown_registration_is_404(app, session):
    client, _ = staff_client(app, session, "officer")
    assert client.get("/can-bo/dang-ky/999999").status_code == 404
