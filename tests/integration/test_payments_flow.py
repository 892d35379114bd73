"""Paying online through the sandbox gateway: orders, the notification (IPN), effects."""
from __future__ import annotations

import datetime as dt
import threading
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.support.factories import make_account, make_person
from tests.support.payments import CONFIG, make_paying_household, make_voluntary_participant, notification
from tests.support.web import logged_in_client, post_form
from tests.support.factories import PASSWORD
from vssid.notifications.models import Notification
from vssid.config import ConfigError
from vssid.outbound.models import OutboundMessage
from vssid.payments import orders, sandbox_views, settings
from vssid.payments.models import PaymentOrder
from vssid.registry.models import HealthCard, ParticipationPeriod

TODAY = dt.date(2026, 11, 25)  # lương cơ sở 2,530,000 (NĐ 161/2026, from 01/07/2026)
# DOMAIN.md §4: yearly household amounts from 01/07/2026, 1st and 2nd member.
FIRST_YEAR, SECOND_YEAR, THIRD_YEAR = 1_366_200, 956_340, 819_720


@pytest.fixture
def app_config():
    return {"VSSID_FAKE_TODAY": TODAY.isoformat()}


@pytest.fixture
def family(session):
    family = make_paying_household(session, today=TODAY)
    session.commit()
    return family


@pytest.fixture
def web(app, session, family):
    return logged_in_client(app, session, family.account, PASSWORD)


def _start(web, family, months=12, members=None):
    members = members if members is not None else [family.parent.id, family.child.id]
    return post_form(web, "/thanh-toan/bhyt-ho-gia-dinh", {"thanh_vien": members, "so_thang": str(months)})


def _order(session) -> PaymentOrder:
    session.expire_all()
    return session.scalars(select(PaymentOrder).order_by(PaymentOrder.id.desc())).first()


def _ipn(client, params):
    return client.get("/thanh-toan/ipn", query_string=params).get_json()


def _cards(session, person_id):
    session.expire_all()
    return session.scalars(select(HealthCard).where(HealthCard.person_id == person_id).order_by(HealthCard.id)).all()


def test_the_hub_lists_members_whose_card_ends_within_60_days(web, family):
    page = web.get("/thanh-toan").get_data(as_text=True)
    assert "Trần Văn Bình" in page and "Trần Minh Khoa" in page
    assert "Lê Thị Hoa" not in page  # her card runs 200 more days
    assert "Hết hạn từ 15/11/2026" in page


def test_a_household_member_without_voluntary_bhxh_is_told_where_to_pay_it(web, family):
    """Not "you have none": an open voluntary period is paid at the collection agent."""
    for path in ("/thanh-toan", "/thanh-toan/bhxh-tu-nguyen"):
        page = web.get(path).get_data(as_text=True)
        assert "Chưa thể đóng tiếp BHXH tự nguyện trực tuyến" in page and "đại lý thu, điểm thu" in page, path


def test_the_payment_forms_link_back_with_a_full_size_back_link(web):
    for path in ("/thanh-toan/bhyt-ho-gia-dinh", "/thanh-toan/bhxh-tu-nguyen"):
        assert '<p class="back-link"><a href="/thanh-toan">' in web.get(path).get_data(as_text=True), path


def test_the_order_signs_the_amount_of_the_sliding_discount(web, session, family):
    response = _start(web, family)
    assert response.status_code == 303
    target = urlsplit(response.headers["Location"])
    assert target.path == "/sandbox-thanh-toan/vpcpay.html"
    params = dict(parse_qsl(target.query))
    order = _order(session)
    assert order.amount == FIRST_YEAR + SECOND_YEAR
    assert params["vnp_Amount"] == str((FIRST_YEAR + SECOND_YEAR) * 100)
    assert params["vnp_TxnRef"] == order.reference
    assert sorted((line.position, line.amount) for line in order.lines) == [(1, FIRST_YEAR), (2, SECOND_YEAR)]
    assert order.status == "pending"


def test_a_member_who_paid_earlier_this_year_comes_first(web, session, family):
    family.cards["spouse"].issue_date = dt.date(2026, 3, 1)  # she renewed in March
    session.commit()
    _start(web, family)
    assert _order(session).amount == SECOND_YEAR + THIRD_YEAR


def test_approved_payment_renews_both_cards_once_and_sends_a_receipt(app, web, session, family, monkeypatch):
    monkeypatch.setattr(sandbox_views, "notify", lambda url: web.get(url[url.index("/thanh-toan"):]))
    gateway_page = _start(web, family).headers["Location"]
    bank = web.get(gateway_page)
    assert "3.688.000" not in bank.get_data(as_text=True)
    assert "2.322.540" in bank.get_data(as_text=True)  # the amount signed is the amount shown
    query = urlsplit(gateway_page).query
    back = post_form(web, "/sandbox-thanh-toan/vpcpay.html", {"query": query, "action": "approve"},
                     token_from=gateway_page)
    assert back.status_code == 303 and "/thanh-toan/ket-qua?" in back.headers["Location"]
    result = web.get(back.headers["Location"][back.headers["Location"].index("/thanh-toan"):]).get_data(as_text=True)
    assert "Thanh toán thành công" in result
    order = _order(session)
    assert order.status == "paid" and order.transaction_no
    old_parent, new_parent = _cards(session, family.parent.id)
    assert old_parent.status == "replaced" and new_parent.status == "active"
    assert (new_parent.valid_from, new_parent.valid_to) == (old_parent.valid_from, dt.date(2027, 12, 15))
    old_child, new_child = _cards(session, family.child.id)
    assert (new_child.valid_from, new_child.valid_to) == (TODAY, dt.date(2027, 11, 24))  # it had ended: from today
    assert len(_cards(session, family.spouse.id)) == 1
    card_page = web.get(f"/ca-nhan/the-bhyt/{family.child.id}").get_data(as_text=True)
    assert "24/11/2027" in card_page
    sms = session.scalars(select(OutboundMessage).where(OutboundMessage.recipient == family.account.phone)).all()
    assert len(sms) == 1 and "2.322.540" in sms[0].body and order.reference in sms[0].body
    # The inbox tells it too, with a link to the receipt, and no second SMS or email is queued.
    [notice] = session.scalars(select(Notification).where(Notification.account_id == family.account.id)).all()
    assert (notice.kind, notice.url) == ("payment", f"/thanh-toan/giao-dich/{order.reference}")
    assert "2.322.540" in notice.title and {d.channel for d in notice.deliveries} <= {"push"}


def test_a_replayed_notification_changes_nothing(client, web, session, family):
    _start(web, family)
    order = _order(session)
    assert _ipn(client, notification(order)) == {"RspCode": "00", "Message": "Confirm Success"}
    assert _ipn(client, notification(order))["RspCode"] == "02"
    assert _ipn(client, notification(order, approve=False))["RspCode"] == "02"
    assert _order(session).status == "paid"
    assert len(_cards(session, family.parent.id)) == 2 and len(_cards(session, family.child.id)) == 2
    assert session.scalar(select(func.count()).select_from(OutboundMessage)
                          .where(OutboundMessage.recipient == family.account.phone)) == 1


def test_declined_payment_leaves_everything_as_it_was(client, web, session, family):
    _start(web, family)
    order = _order(session)
    assert _ipn(client, notification(order, approve=False))["RspCode"] == "00"
    assert _order(session).status == "declined"
    assert [c.status for c in _cards(session, family.parent.id)] == ["active"]
    assert _cards(session, family.child.id)[0].valid_to == TODAY - dt.timedelta(days=10)
    page = web.get(f"/thanh-toan/giao-dich/{order.reference}").get_data(as_text=True)
    assert "Thanh toán không thành công" in page and "không thay đổi" in page
    [notice] = session.scalars(select(Notification).where(Notification.account_id == family.account.id)).all()
    assert notice.title == "Thanh toán không thành công" and order.reference in notice.body


def test_cancelled_at_the_gateway_is_abandoned(client, web, session, family):
    _start(web, family)
    order = _order(session)
    assert _ipn(client, notification(order, approve=False, code="24"))["RspCode"] == "00"
    assert _order(session).status == "abandoned"
    assert len(_cards(session, family.parent.id)) == 1


def test_tampered_amount_wrong_signature_and_unknown_order_are_refused(client, web, session, family):
    _start(web, family)
    order = _order(session)
    assert _ipn(client, notification(order, amount=1_000))["RspCode"] == "04"
    forged = notification(order)
    forged["vnp_Amount"] = "100"
    assert _ipn(client, forged)["RspCode"] == "97"
    assert _ipn(client, notification(order, secret="not-the-merchant-secret"))["RspCode"] == "97"
    other = notification(order)
    other["vnp_TxnRef"] = "NOSUCHORDER"
    from vssid.payments import gateway
    other["vnp_SecureHash"] = gateway.sign(other, CONFIG.hash_secret)
    assert _ipn(client, other)["RspCode"] == "01"
    assert _order(session).status == "pending"
    assert len(_cards(session, family.parent.id)) == 1


def test_the_return_url_only_displays(web, session, family):
    _start(web, family)
    order = _order(session)
    page = web.get("/thanh-toan/ket-qua", query_string=notification(order)).get_data(as_text=True)
    assert "Đang chờ xác nhận" in page
    assert _order(session).status == "pending"
    forged = {**notification(order), "vnp_Amount": "1"}
    response = web.get("/thanh-toan/ket-qua", query_string=forged)
    assert response.status_code == 400 and "Không xác minh được" in response.get_data(as_text=True)


def test_members_outside_the_list_cannot_be_paid_for(app, web, session, family):
    stranger = make_person(session, full_name="Người Lạ")
    session.commit()
    assert _start(web, family, members=[family.spouse.id]).status_code == 404
    assert _start(web, family, members=[stranger.id]).status_code == 404
    response = _start(web, family, members=[])
    assert response.status_code == 422 and "Chọn ít nhất một" in response.get_data(as_text=True)
    assert _start(web, family, months=5).status_code == 422
    assert session.scalar(select(func.count()).select_from(PaymentOrder)) == 0


def test_another_account_cannot_see_the_receipt(app, web, session, family):
    _start(web, family)
    order = _order(session)
    other = make_account(session, make_person(session))
    session.commit()
    assert logged_in_client(app, session, other, PASSWORD).get(f"/thanh-toan/giao-dich/{order.reference}").status_code == 404


def test_voluntary_payment_records_the_months(app, client, session):
    person, account = make_voluntary_participant(session, last_month=dt.date(2026, 10, 1), wage=3_000_000)
    session.commit()
    web = logged_in_client(app, session, account, PASSWORD)
    assert "11/2026" in web.get("/thanh-toan/bhxh-tu-nguyen").get_data(as_text=True)
    bad = post_form(web, "/thanh-toan/bhxh-tu-nguyen", {"thu_nhap": "900000", "so_thang": "3"})
    assert bad.status_code == 422 and "1.500.000" in bad.get_data(as_text=True)
    assert post_form(web, "/thanh-toan/bhxh-tu-nguyen", {"thu_nhap": "3.000.000", "so_thang": "3"}).status_code == 303
    order = _order(session)
    # 22% × 3,000,000 = 660,000 − support 20% × 22% × 1,500,000 = 66,000 → 594,000 a month.
    assert order.amount == 3 * 594_000
    assert _ipn(client, notification(order))["RspCode"] == "00"
    session.expire_all()
    latest = session.scalars(select(ParticipationPeriod).where(ParticipationPeriod.person_id == person.id)
                             .order_by(ParticipationPeriod.from_month.desc())).first()
    assert (latest.from_month, latest.to_month, latest.wage, latest.mode) == (
        dt.date(2026, 11, 1), dt.date(2027, 1, 1), 3_000_000, "voluntary")


def test_production_refuses_the_sandbox_and_the_fake_clock():
    base = {"VSSID_ENV": "production", "VSSID_PAYMENT_SANDBOX": False, "VSSID_FAKE_TODAY": "",
            "VSSID_PAYMENT_GATEWAY_URL": "https://pay.vnpay.vn/vpcpay.html", "VSSID_PAYMENT_TMN_CODE": "VSS00001",
            "VSSID_PAYMENT_HASH_SECRET": "a-real-secret-from-vnpay-0123456789"}
    settings.check(base)
    for change in ({"VSSID_PAYMENT_SANDBOX": True}, {"VSSID_FAKE_TODAY": "2026-01-05"},
                   {"VSSID_PAYMENT_HASH_SECRET": settings.DEV_HASH_SECRET},
                   {"VSSID_PAYMENT_GATEWAY_URL": "http://pay.vnpay.vn/vpcpay.html"}):
        with pytest.raises(ConfigError):
            settings.check({**base, **change})


def test_the_sandbox_is_absent_when_disabled(app, client):
    app.config["VSSID_PAYMENT_SANDBOX"] = False
    assert client.get("/sandbox-thanh-toan/vpcpay.html").status_code == 404


@pytest.mark.postgres_only
def test_simultaneous_notifications_apply_once(app, web, session, family):
    _start(web, family)
    order = _order(session)
    params = notification(order)
    engine = app.extensions["vssid.db"][0]
    barrier = threading.Barrier(4)
    answers = []

    def deliver():
        with Session(engine, expire_on_commit=False) as own:
            barrier.wait()
            answer = orders.handle_notification(own, params=params, config=CONFIG, now=order.created_at, today=TODAY)
            own.commit()
            answers.append(answer[0])

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == ["00", "02", "02", "02"]
    assert len(_cards(session, family.parent.id)) == 2 and len(_cards(session, family.child.id)) == 2


def test_the_expire_job_abandons_stale_orders_only(app, web, session, family):
    _start(web, family)
    order = _order(session)
    runner = app.test_cli_runner()
    assert "0 giao dịch" in runner.invoke(args=["payments", "expire"]).output
    order.expires_at = order.created_at - dt.timedelta(minutes=1)
    session.commit()
    assert "1 giao dịch" in runner.invoke(args=["payments", "expire"]).output
    assert _order(session).status == "abandoned"
