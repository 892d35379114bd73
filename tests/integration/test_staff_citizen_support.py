"""Officers and support agents help citizens with their accounts; every action has a reason
and leaves an audit event naming the staff member."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from tests.support.factories import PASSWORD, make_account, make_person
from tests.support.staff import sms_password, staff_client
from tests.support.web import login, logged_in_client, post_form
from vssid.accounts.models import Account, AuditEvent, UserSession
from vssid.core.db import utcnow
from vssid.outbound.models import OutboundMessage

REASON = "Người dân gọi tổng đài 1900 9068, đã xác minh qua CCCD"


def _act(client, ma_so: str, action: str, reason: str = REASON, **kwargs):
    return post_form(client, f"/can-bo/nguoi/{ma_so}/tai-khoan/{action}", {"reason": reason},
                     token_from=f"/can-bo/nguoi/{ma_so}", **kwargs)


def _audit(session, event: str) -> AuditEvent:
    session.expire_all()
    return session.scalars(select(AuditEvent).where(AuditEvent.event == event)).one()


def test_search_by_ma_so_or_cccd_opens_the_person(app, session):
    person = make_person(session, full_name="Trịnh Thị Thu")
    client, _ = staff_client(app, session, "support_agent")
    for query in (person.ma_so, person.cccd, f" {person.ma_so[:5]} {person.ma_so[5:]} "):
        response = client.get("/can-bo/nguoi", query_string={"q": query})
        assert response.headers["Location"] == f"/can-bo/nguoi/{person.ma_so}"
    page = client.get(f"/can-bo/nguoi/{person.ma_so}").get_data(as_text=True)
    assert "Trịnh Thị Thu" in page and "Chưa có tài khoản." in page
    assert "Sửa thông tin liên hệ" not in page  # corrections are for officers


@pytest.mark.parametrize("query", ["12345", "abcdefghij", "79000000011"])
def test_a_malformed_search_says_what_to_type(app, session, query):
    client, _ = staff_client(app, session, "support_agent")
    response = client.get("/can-bo/nguoi", query_string={"q": query})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "10 chữ số" in body and f'value="{query}"' in body


def test_nobody_found_is_said_plainly(app, session):
    client, _ = staff_client(app, session, "support_agent")
    response = client.get("/can-bo/nguoi", query_string={"q": "7988888888"})
    assert response.status_code == 200 and "Không có người tham gia" in response.get_data(as_text=True)
    assert client.get("/can-bo/nguoi/7988888888").status_code == 404


def test_unlock(app, session):
    account = make_account(session, failed_logins=0, locked_until=utcnow() + dt.timedelta(minutes=10))
    client, agent = staff_client(app, session, "support_agent")
    assert "Đang khóa đến" in client.get(f"/can-bo/nguoi/{account.person.ma_so}").get_data(as_text=True)
    assert _act(client, account.person.ma_so, "mo-khoa").status_code == 303
    assert login(app.test_client(), account.person.ma_so, PASSWORD).status_code == 303
    event = _audit(session, "citizen_unlocked")
    assert event.account_id == account.id and event.subject == account.person.ma_so
    assert json.loads(event.detail) == {"staff_id": agent.id, "reason": REASON}


def test_unlocking_an_account_that_is_not_locked_is_refused(app, session):
    account = make_account(session)
    client, _ = staff_client(app, session, "officer")
    response = _act(client, account.person.ma_so, "mo-khoa")
    assert response.status_code == 422 and "đang không bị khóa" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.event == "citizen_unlocked")) == 0


def test_new_initial_password_by_sms_ends_sessions_and_must_be_changed(app, session):
    account = make_account(session)
    session.commit()
    phone = logged_in_client(app, session, account, PASSWORD)
    client, agent = staff_client(app, session, "support_agent")
    assert _act(client, account.person.ma_so, "cap-lai-mat-khau").status_code == 303
    assert phone.get("/tai-khoan").status_code in (302, 303)  # thrown out
    session.expire_all()
    sms = session.scalars(select(OutboundMessage.body).where(OutboundMessage.recipient == account.phone)
                          .order_by(OutboundMessage.id.desc())).first()
    password = sms_password(sms)
    assert login(phone, account.person.ma_so, PASSWORD).status_code == 422  # the old one is gone
    assert login(phone, account.person.ma_so, password).headers["Location"] == "/tai-khoan/doi-mat-khau"
    event = _audit(session, "citizen_password_reissued")
    assert json.loads(event.detail)["staff_id"] == agent.id and password not in event.detail


def test_end_sessions(app, session):
    account = make_account(session)
    session.commit()
    phone = logged_in_client(app, session, account, PASSWORD)
    client, _ = staff_client(app, session, "officer")
    assert "Phiên đang mở</dt><dd>1" in client.get(f"/can-bo/nguoi/{account.person.ma_so}").get_data(as_text=True)
    assert _act(client, account.person.ma_so, "ket-thuc-phien").status_code == 303
    assert phone.get("/tai-khoan").status_code in (302, 303)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(UserSession).where(UserSession.revoked_at.is_(None))) == 0
    again = _act(client, account.person.ma_so, "ket-thuc-phien")
    assert again.status_code == 422 and "không có phiên" in again.get_data(as_text=True)


def test_remove_a_lost_device(app, session):
    account = make_account(session)
    session.commit()
    lost_phone = logged_in_client(app, session, account, PASSWORD)
    client, _ = staff_client(app, session, "support_agent")
    assert _act(client, account.person.ma_so, "go-thiet-bi").status_code == 303
    session.expire_all()
    assert session.get(Account, account.id).device_hash is None
    assert lost_phone.get("/tai-khoan").status_code in (302, 303)
    # The new phone logs in without the OTP that the lost phone's SIM would have received.
    assert login(app.test_client(), account.person.ma_so, PASSWORD).headers["Location"] == "/"
    assert _audit(session, "citizen_device_removed").subject == account.person.ma_so


@pytest.mark.parametrize("action", ["mo-khoa", "cap-lai-mat-khau", "ket-thuc-phien", "go-thiet-bi"])
@pytest.mark.parametrize("reason", ["", "ngắn", "x" * 301])
def test_every_action_needs_a_reason(app, session, action, reason):
    account = make_account(session, locked_until=utcnow() + dt.timedelta(minutes=5), device_hash="a" * 64)
    session.commit()
    before = session.scalar(select(Account.password_hash).where(Account.id == account.id))
    client, _ = staff_client(app, session, "officer")
    response = _act(client, account.person.ma_so, action, reason=reason)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert f'id="f-{action}-reason-error"' in body and "<details class=\"staff-action\" open>" in body
    session.expire_all()
    unchanged = session.get(Account, account.id)
    assert unchanged.locked_until is not None and unchanged.device_hash == "a" * 64 and unchanged.password_hash == before
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.event.like("citizen_%"))) == 0


def test_a_person_without_an_account(app, session):
    person = make_person(session)
    client, _ = staff_client(app, session, "officer")
    response = _act(client, person.ma_so, "mo-khoa")
    assert response.status_code == 404 and "chưa có tài khoản" in response.get_data(as_text=True)


def test_an_unknown_action_is_404(app, session):
    account = make_account(session)
    client, _ = staff_client(app, session, "officer")
    assert _act(client, account.person.ma_so, "xoa-tai-khoan").status_code == 404
