"""The events that notify: cards expiring or expired, a new month of contributions, an employer
owing, a petition answered, a login on another device, and VSS announcements by editors.

Source: issue 11 ("Events that notify"); DOMAIN.md §7 (one device; SMS OTP on a new one).
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.support.card import make_family
from tests.support.factories import PASSWORD, make_account, make_card, make_person
from tests.support.notifications import PUSH_CONFIG, make_subscription
from tests.support.records import make_employer, make_period
from tests.support.staff import make_staff, staff_client
from vssid.core.errors import Conflict
from tests.support.web import csrf_token, last_code, login, post_form
from vssid.core.db import utcnow
from vssid.notifications import announcements, scans, services
from vssid.notifications.models import Announcement, Notification
from vssid.support import petitions
from vssid.support.models import Petition

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def app_config():
    return dict(PUSH_CONFIG)


def _notices(session, account_id, kind=None):
    session.expire_all()
    query = select(Notification).where(Notification.account_id == account_id).order_by(Notification.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return session.scalars(query).all()


# --- Cards ----------------------------------------------------------------------------------


def test_a_card_expiring_within_30_days_is_told_once(session):
    person = make_person(session)
    account = make_account(session, person)
    make_card(session, person, valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 12, 20))
    session.commit()
    report = scans.scan_cards(session, today=TODAY)
    assert report.expiring == 1
    [notice] = _notices(session, account.id)
    assert notice.title == "Thẻ BHYT của bạn sắp hết hạn" and notice.url == "/ca-nhan/the-bhyt"
    assert "đến ngày 20/12/2026 (còn 24 ngày)" in notice.body
    assert scans.scan_cards(session, today=TODAY).expiring == 0  # scanned again: nothing new
    assert scans.scan_cards(session, today=TODAY + dt.timedelta(days=3)).expiring == 0
    assert len(_notices(session, account.id)) == 1


def test_an_expired_card_is_told_once_more_as_expired(session):
    person = make_person(session)
    account = make_account(session, person)
    make_card(session, person, valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 11, 30))
    session.commit()
    scans.scan_cards(session, today=TODAY)
    report = scans.scan_cards(session, today=dt.date(2026, 12, 2))
    assert (report.expiring, report.expired) == (0, 1)
    titles = [n.title for n in _notices(session, account.id)]
    assert titles == ["Thẻ BHYT của bạn sắp hết hạn", "Thẻ BHYT của bạn đã hết hạn"]
    assert scans.scan_cards(session, today=dt.date(2026, 12, 3)).expired == 0


@pytest.mark.parametrize("valid_to", [dt.date(2026, 12, 27), dt.date(2026, 10, 20)])
def test_cards_far_from_expiry_or_long_expired_are_not_news(session, valid_to):
    person = make_person(session)
    account = make_account(session, person)
    make_card(session, person, valid_from=dt.date(2026, 1, 1), valid_to=valid_to)
    session.commit()
    scans.scan_cards(session, today=TODAY)
    assert _notices(session, account.id) == []


def test_a_renewed_or_replaced_card_is_not_told(session):
    person = make_person(session)
    account = make_account(session, person)
    make_card(session, person, valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 12, 10))
    make_card(session, person, valid_from=dt.date(2026, 12, 11), valid_to=dt.date(2027, 12, 10))
    other = make_person(session)
    other_account = make_account(session, other)
    make_card(session, other, valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 12, 10), status="replaced")
    session.commit()
    scans.scan_cards(session, today=TODAY)
    assert _notices(session, account.id) == [] and _notices(session, other_account.id) == []


def test_a_childs_card_is_told_to_the_guardian_with_the_childs_card_page(session):
    family = make_family(session)
    family.child_card.valid_to = TODAY + dt.timedelta(days=10)
    family.card.valid_to = dt.date(2027, 12, 31)
    session.commit()
    scans.scan_cards(session, today=TODAY)
    [notice] = _notices(session, family.account.id)
    assert notice.title == f"Thẻ BHYT của {family.child.full_name} sắp hết hạn"
    assert notice.url == f"/ca-nhan/the-bhyt/{family.child.id}"


def test_scan_command_takes_a_date_and_rejects_a_bad_one(app, session):
    person = make_person(session)
    account = make_account(session, person)
    make_card(session, person, valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 12, 20))
    session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["notifications", "scan", "--today", "2026-11-26"])
    assert result.exit_code == 0 and "Thẻ sắp hết hạn: 1" in result.output
    assert runner.invoke(args=["notifications", "scan", "--today", "26/11/2026"]).exit_code == 2
    assert len(_notices(session, account.id)) == 1


# --- Contributions --------------------------------------------------------------------------


def test_a_new_month_of_contributions_is_told_once_per_month(session):
    person = make_person(session)
    account = make_account(session, person)
    make_period(session, person, start=(2020, 1), end=None, employer=make_employer(session))
    session.commit()
    assert scans.scan_contributions(session, today=TODAY).months == 1
    assert scans.scan_contributions(session, today=TODAY).months == 0
    [notice] = _notices(session, account.id)
    assert notice.title == "Đã ghi nhận đóng BHXH tháng 11/2026" and notice.url == "/ca-nhan/qua-trinh-tham-gia"
    assert scans.scan_contributions(session, today=dt.date(2026, 12, 5)).months == 1
    assert [n.title for n in _notices(session, account.id)][-1] == "Đã ghi nhận đóng BHXH tháng 12/2026"


def test_an_old_history_is_not_news(session):
    person = make_person(session)
    account = make_account(session, person)
    make_period(session, person, start=(2010, 1), end=(2019, 6))
    session.commit()
    assert scans.scan_contributions(session, today=TODAY).months == 0
    assert _notices(session, account.id) == []


def test_an_employer_owing_contributions_is_told_once(session):
    person = make_person(session)
    account = make_account(session, person)
    employer = make_employer(session, name="Công ty TNHH May mặc Bình Dương")
    make_period(session, person, start=(2026, 3), end=None, employer=employer, owes=True)
    session.commit()
    assert scans.scan_contributions(session, today=TODAY).arrears == 1
    assert scans.scan_contributions(session, today=TODAY).arrears == 0
    [notice] = _notices(session, account.id)
    assert notice.title == "Đơn vị đang nợ đóng BHXH cho bạn"
    assert "Đơn vị Công ty TNHH May mặc Bình Dương chưa đóng đủ BHXH cho bạn từ tháng 03/2026" in notice.body


# --- Support, login -------------------------------------------------------------------------


def test_an_answered_petition_is_told_with_a_link_to_it(session):
    account = make_account(session)
    staff, _ = make_staff(session, role="support_agent")
    petition = Petition(person_id=account.person_id, account_id=account.id, topic="the_bhyt", status="received",
                        content="Thẻ BHYT của tôi bị sai ngày sinh, đề nghị sửa.", due_on=TODAY)
    session.add(petition)
    session.commit()
    petitions.reply(session, petition_id=petition.id, staff_id=staff.id,
                    body="Chúng tôi đã sửa ngày sinh trên thẻ của bạn.", now=utcnow())
    [notice] = _notices(session, account.id)
    assert notice.kind == "support" and notice.url == f"/ho-tro/phan-anh/{petition.id}"
    assert notice.title == f"Yêu cầu hỗ trợ PA{petition.id:06d} đã có trả lời"


def test_a_failed_answer_tells_nobody(session):
    account = make_account(session)
    staff, _ = make_staff(session, role="support_agent")
    petition = Petition(person_id=account.person_id, account_id=account.id, topic="the_bhyt", status="closed",
                        content="Thẻ BHYT của tôi bị sai ngày sinh, đề nghị sửa.", due_on=TODAY)
    session.add(petition)
    session.commit()
    with pytest.raises(Conflict):  # the request is closed
        petitions.reply(session, petition_id=petition.id, staff_id=staff.id, body="Trả lời muộn quá.",
                        now=utcnow())
    session.rollback()
    assert _notices(session, account.id) == []


def test_a_login_on_another_device_is_told_on_every_channel(app, session):
    account = make_account(session)
    session.commit()
    phone_a, phone_b = app.test_client(), app.test_client()
    assert login(phone_a, account.person.ma_so, PASSWORD).status_code == 303
    make_subscription(session, account, endpoint="http://127.0.0.1:9/push/phone-a")  # the first phone opted in
    session.commit()
    assert _notices(session, account.id) == []  # the first login on the account's own device is not news
    login(phone_b, account.person.ma_so, PASSWORD, headers={"User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/131.0"})
    post_form(phone_b, "/dang-nhap/otp", {"code": last_code(session, account.phone)},
              headers={"User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/131.0"})
    [notice] = _notices(session, account.id)
    assert notice.kind == "security" and notice.title == "Tài khoản VssID vừa đăng nhập trên thiết bị mới"
    assert "Chrome trên Android" in notice.body and "Nếu không phải bạn" in notice.body and "1900 9068" in notice.body
    assert sorted(d.channel for d in notice.deliveries) == ["email", "push", "sms"]
    inbox = phone_b.get("/thong-bao").get_data(as_text=True)
    assert "Tài khoản VssID vừa đăng nhập trên thiết bị mới" in inbox


def test_security_notices_ignore_a_person_who_turned_everything_off(app, session):
    account = make_account(session)
    services.save_preferences(session, account_id=account.id, submitted=set())
    session.commit()
    phone_a, phone_b = app.test_client(), app.test_client()
    login(phone_a, account.person.ma_so, PASSWORD)
    login(phone_b, account.person.ma_so, PASSWORD)
    post_form(phone_b, "/dang-nhap/otp", {"code": last_code(session, account.phone)})
    [notice] = _notices(session, account.id, "security")
    assert notice.in_inbox and {d.channel for d in notice.deliveries} == {"sms", "email"}


# --- Announcements --------------------------------------------------------------------------


def test_an_editor_announces_to_one_province_and_the_worker_fans_it_out(app, session):
    in_hcm = [make_account(session, make_person(session, province_code="79")) for _ in range(3)]
    in_hanoi = make_account(session, make_person(session, province_code="01"))
    client, editor = staff_client(app, session, "editor")
    response = post_form(client, "/can-bo/thong-bao", {
        "title": "Lịch nghỉ Tết Nguyên đán 2027", "body": "Các cơ quan BHXH tại TP Hồ Chí Minh nghỉ từ 05/02/2027.",
        "url": "/tin-tuc", "province_code": "79"})
    assert response.status_code == 303
    announcement = session.scalars(select(Announcement)).one()
    assert announcement.created_by == editor.id and announcement.finished_at is None
    written = announcements.fan_out(session, now=utcnow(), batch=2)
    assert written == 3
    for account in in_hcm:
        [notice] = _notices(session, account.id)
        assert notice.kind == "announcement" and notice.url == "/tin-tuc"
    assert _notices(session, in_hanoi.id) == []
    session.expire_all()
    done = session.get(Announcement, announcement.id)
    assert done.finished_at is not None and done.recipients == 3
    assert announcements.fan_out(session, now=utcnow()) == 0  # nothing twice
    page = client.get("/can-bo/thong-bao").get_data(as_text=True)
    assert "Lịch nghỉ Tết Nguyên đán 2027" in page and "Hồ Chí Minh" in page
    from vssid.accounts.models import AuditEvent

    events = session.scalars(select(AuditEvent.event).where(AuditEvent.event == "announcement_created")).all()
    assert events == ["announcement_created"]


def test_an_announcement_to_everyone_reaches_every_active_account(app, session):
    accounts = [make_account(session, make_person(session, province_code=code)) for code in ("79", "01", "48")]
    disabled = make_account(session, status="disabled")
    client, _ = staff_client(app, session, "editor")
    post_form(client, "/can-bo/thong-bao", {"title": "VssID có phiên bản mới", "body": "Cập nhật để dùng thẻ BHYT khi không có mạng.",
                                            "url": "", "province_code": ""})
    result = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert "Thông báo chung: 3 người nhận mới" in result.output, result.output
    assert all(len(_notices(session, a.id)) == 1 for a in accounts)
    assert _notices(session, disabled.id) == []


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"title": "", "body": "Nội dung đủ dài để gửi đi."}, "title", "Vui lòng nhập tiêu đề."),
    ({"title": "T" * 121, "body": "Nội dung đủ dài để gửi đi."}, "title", "Tiêu đề tối đa 120 ký tự (hiện có 121)."),
    ({"title": "Tiêu đề", "body": "Ngắn"}, "body", "Nội dung cần ít nhất 20 ký tự."),
    ({"title": "Tiêu đề", "body": "Nội dung đủ dài để gửi đi.", "url": "https://evil.example"}, "url", "Đường dẫn phải là một trang của VssID"),
    ({"title": "Tiêu đề", "body": "Nội dung đủ dài để gửi đi.", "province_code": "99"}, "province_code", "Tỉnh, thành phố không hợp lệ."),
])
def test_a_bad_announcement_is_refused_in_place_with_the_input_kept(app, session, form, field, message):
    client, _ = staff_client(app, session, "editor")
    data = {"title": "", "body": "", "url": "", "province_code": "", **form}
    response = post_form(client, "/can-bo/thong-bao", data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and f'id="f-{field}-error"' in html
    if form["title"]:
        assert f'value="{form["title"]}"' in html
    assert session.scalar(select(func.count()).select_from(Announcement)) == 0


@pytest.mark.parametrize("role", ["officer", "support_agent"])
def test_only_editors_announce(app, session, role):
    client, _ = staff_client(app, session, role)
    assert client.get("/can-bo/thong-bao").status_code == 403
    token = csrf_token(client, "/can-bo/")
    response = client.post("/can-bo/thong-bao", data={"csrf_token": token, "title": "Tin giả mạo",
                                                      "body": "Nội dung đủ dài để gửi đi.", "province_code": ""})
    assert response.status_code == 403
    assert session.scalar(select(func.count()).select_from(Announcement)) == 0


def test_citizens_cannot_reach_the_editor_screen(app, session):
    account = make_account(session)
    session.commit()
    from tests.support.web import logged_in_client

    client = logged_in_client(app, session, account, PASSWORD)
    assert client.get("/can-bo/thong-bao").status_code in (302, 303)


def test_fan_out_respects_each_persons_choices_and_devices(session):
    from tests.support.staff import make_staff
    from vssid.notifications.models import NotificationDelivery

    pushed = make_account(session)
    make_subscription(session, pushed, endpoint="https://fcm.googleapis.com/fcm/send/a")
    make_subscription(session, pushed, endpoint="https://fcm.googleapis.com/fcm/send/b")
    silent = make_account(session)
    services.save_preferences(session, account_id=silent.id, submitted=set())
    texted = make_account(session)
    services.save_preferences(session, account_id=texted.id, submitted={("announcement", "sms")})
    editor, _ = make_staff(session, role="editor")
    draft = announcements.check(session, title="Tin BHXH", body="Nội dung thông báo chung cho mọi người.",
                                url="/tin-tuc", province_code="")
    announcements.create(session, draft=draft, staff_id=editor.id, now=utcnow())
    session.commit()
    assert announcements.fan_out(session, now=utcnow(), batch=2) == 2
    assert _notices(session, silent.id) == []
    [to_pushed] = _notices(session, pushed.id)
    assert to_pushed.in_inbox and sorted(d.channel for d in to_pushed.deliveries) == ["push", "push"]
    [to_texted] = _notices(session, texted.id)
    assert not to_texted.in_inbox and [d.channel for d in to_texted.deliveries] == ["sms"]
    assert session.scalar(select(func.count()).select_from(NotificationDelivery)) == 3
    assert services.unread_count(session, account_id=texted.id) == 0
