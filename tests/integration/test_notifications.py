"""The inbox, the bell, preferences and push opt-in, through the test client.

Source: issue 11 (inbox paged, items marked read, unread badge kept current by HX-Trigger;
preferences per kind and channel, security notices cannot be turned off; push per device).
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.support.factories import PASSWORD, make_account
from tests.support.notifications import PUSH_CONFIG, BrowserKeys, make_subscription
from tests.support.web import csrf_token, logged_in_client, post_form
from vssid.core.db import utcnow
from vssid.notifications import services
from vssid.notifications.models import Notification, NotificationDelivery, NotificationPreference, PushSubscription


@pytest.fixture
def app_config():
    return dict(PUSH_CONFIG)


def _notice(session, account, n=1, **overrides):
    values = {"kind": "card", "title": f"Thẻ BHYT sắp hết hạn {n}", "body": "Hãy gia hạn thẻ.", "url": "/ca-nhan/the-bhyt"}
    values.update(overrides)
    return services.notify(session, account_id=account.id, **values)


def _badge(html: str) -> str | None:
    match = re.search(r'class="bell-badge" data-unread="(\d+)"', html)
    return match.group(1) if match else None


def test_notify_writes_the_inbox_item_and_one_push_delivery_per_device(session):
    account = make_account(session)
    make_subscription(session, account, endpoint="https://fcm.googleapis.com/fcm/send/a")
    make_subscription(session, account, endpoint="https://fcm.googleapis.com/fcm/send/b")
    notice = _notice(session, account)
    session.commit()
    assert notice.in_inbox and notice.read_at is None
    assert sorted(d.channel for d in notice.deliveries) == ["push", "push"]  # no SMS or email by default
    assert {d.status for d in notice.deliveries} == {"queued"}


def test_preferences_choose_the_channels(session):
    account = make_account(session)
    make_subscription(session, account, endpoint="https://fcm.googleapis.com/fcm/send/a")
    services.save_preferences(session, account_id=account.id, submitted={("card", "sms"), ("card", "email")})
    notice = _notice(session, account)
    assert sorted(d.channel for d in notice.deliveries) == ["email", "sms"]
    assert notice.in_inbox is False  # in-app unticked: pushed and texted, kept out of the inbox
    services.save_preferences(session, account_id=account.id, submitted=set())
    assert _notice(session, account, 2) is None  # every channel off: nothing at all


def test_email_needs_an_address_and_inactive_accounts_get_nothing(session):
    account = make_account(session, email=None)
    services.save_preferences(session, account_id=account.id, submitted={("card", "in_app"), ("card", "email")})
    assert _notice(session, account).deliveries == []
    account.status = "disabled"
    assert _notice(session, account, 2) is None


def test_notices_link_only_to_pages_of_this_site(session):
    account = make_account(session)
    for url in ("https://evil.example/phish", "//evil.example", "javascript:alert(1)"):
        with pytest.raises(ValueError):
            _notice(session, account, url=url)


def test_inbox_is_private_paged_and_newest_first(app, session):
    account, other = make_account(session), make_account(session)
    for n in range(25):
        _notice(session, account, n)
    _notice(session, other, 99, title="Thông báo của người khác")
    session.commit()
    assert app.test_client().get("/thong-bao").status_code in (302, 303)  # login first
    client = logged_in_client(app, session, account, PASSWORD)
    first = client.get("/thong-bao")
    html = first.get_data(as_text=True)
    assert first.headers["Cache-Control"] == "no-store"
    assert "Thẻ BHYT sắp hết hạn 24" in html and "Thẻ BHYT sắp hết hạn 5" in html
    assert "Thẻ BHYT sắp hết hạn 4<" not in html and "người khác" not in html
    assert "Trang 1/2" in html and _badge(html) == "25"
    second = client.get("/thong-bao?trang=2").get_data(as_text=True)
    assert "Thẻ BHYT sắp hết hạn 0<" in second and "Trang 2/2" in second
    assert "Trang 2/2" in client.get("/thong-bao?trang=999").get_data(as_text=True)
    assert "Trang 1/2" in client.get("/thong-bao?trang=abc").get_data(as_text=True)


def test_marking_read_with_htmx_updates_the_item_and_tells_the_bell(app, session):
    account = make_account(session)
    first, second = _notice(session, account, 1), _notice(session, account, 2)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    token = csrf_token(client, "/thong-bao")
    response = client.post(f"/thong-bao/{first.id}/da-doc", data={"csrf_token": token},
                           headers={"HX-Request": "true", "HX-Target": f"tb-{first.id}"})
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "notifications-changed"
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith(f'<li class="inbox-item" id="tb-{first.id}">') and "<html" not in fragment
    bell = client.get("/thong-bao/chuong").get_data(as_text=True)
    assert _badge(bell) == "1" and "Thông báo, 1 chưa đọc" in bell
    assert 'hx-trigger="notifications-changed from:body"' in bell  # refetched on the event, never polled
    session.expire_all()
    assert session.get(Notification, first.id).read_at is not None
    assert session.get(Notification, second.id).read_at is None


def test_mark_all_read_without_javascript(app, session):
    account = make_account(session)
    for n in range(3):
        _notice(session, account, n)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    response = post_form(client, "/thong-bao/da-doc-het", {}, token_from="/thong-bao")
    assert response.status_code == 303
    page = client.get("/thong-bao").get_data(as_text=True)
    assert _badge(page) is None and "Đã đánh dấu tất cả thông báo là đã đọc." in page
    assert services.unread_count(session, account_id=account.id) == 0


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(app, session):
    account = make_account(session)
    notice = _notice(session, account)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    response = client.get(f"/thong-bao/{notice.id}/mo")
    assert response.status_code == 303 and response.headers["Location"] == "/ca-nhan/the-bhyt"
    session.expire_all()
    assert session.get(Notification, notice.id).read_at is not None


def test_another_persons_notice_is_not_found(app, session):
    account, other = make_account(session), make_account(session)
    theirs = _notice(session, other)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    assert client.get(f"/thong-bao/{theirs.id}/mo").status_code == 404
    token = csrf_token(client, "/thong-bao")
    assert client.post(f"/thong-bao/{theirs.id}/da-doc", data={"csrf_token": token}).status_code == 404
    session.expire_all()
    assert session.get(Notification, theirs.id).read_at is None


def test_preferences_page_saves_choices_and_keeps_security_on(app, session):
    account = make_account(session)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    page = client.get("/thong-bao/cai-dat").get_data(as_text=True)
    assert re.search(r'value="security:sms" checked\s+disabled', page)
    assert 'value="card:push" checked' in page and 'value="card:sms">' in page
    response = post_form(client, "/thong-bao/cai-dat", {"on": ["card:in_app", "card:sms", "security:in_app",
                                                               "lottery:sms", "garbage"]})
    assert response.status_code == 303
    stored = services.stored_choices(session, account_id=account.id)
    assert stored[("card", "sms")] is True and stored[("card", "push")] is False
    assert stored[("announcement", "in_app")] is False  # unticked
    assert not any(kind == "security" for kind, _ in stored)
    page = client.get("/thong-bao/cai-dat").get_data(as_text=True)
    assert 'value="card:sms" checked' in page and "Đã lưu lựa chọn nhận thông báo." in page
    notice = services.notify(session, account_id=account.id, kind="security", title="Đăng nhập mới", body="…")
    assert notice.in_inbox and {d.channel for d in notice.deliveries} == {"sms", "email"}


def test_preferences_need_the_csrf_token(app, session):
    account = make_account(session)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    assert client.post("/thong-bao/cai-dat", data={"on": "card:sms"}).status_code == 400
    assert session.scalars(select(NotificationPreference)).all() == []


def test_subscribing_this_device_and_unsubscribing(app, session):
    account = make_account(session)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    token = csrf_token(client, "/thong-bao/cai-dat")
    keys = BrowserKeys()
    body = keys.subscription("http://127.0.0.1:9/push/phone")
    ok = client.post("/thong-bao/day/dang-ky", json=body, headers={"X-CSRFToken": token})
    assert ok.status_code == 201 and ok.headers["Cache-Control"] == "no-store"
    again = client.post("/thong-bao/day/dang-ky", json=keys.subscription("http://127.0.0.1:9/push/phone2"),
                        headers={"X-CSRFToken": token})
    assert again.status_code == 201
    rows = session.scalars(select(PushSubscription).where(PushSubscription.account_id == account.id)).all()
    assert [r.endpoint for r in rows] == ["http://127.0.0.1:9/push/phone2"]  # one per account and device
    assert 'data-server-subscribed="yes"' in client.get("/thong-bao/cai-dat").get_data(as_text=True)
    gone = client.post("/thong-bao/day/huy", json={}, headers={"X-CSRFToken": token})
    assert gone.status_code == 200
    session.expire_all()
    assert session.scalars(select(PushSubscription)).all() == []


@pytest.mark.parametrize(("body", "message"), [
    ({"endpoint": "https://evil.example/x", "keys": {}}, "Không đăng ký được"),
    ("not json", "Không đăng ký được"),
])
def test_bad_subscriptions_are_refused_in_place(app, session, body, message):
    account = make_account(session)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    token = csrf_token(client, "/thong-bao/cai-dat")
    kwargs = {"json": body} if isinstance(body, dict) else {"data": body, "content_type": "application/json"}
    response = client.post("/thong-bao/day/dang-ky", headers={"X-CSRFToken": token}, **kwargs)
    assert response.status_code == 422 and message in response.get_json()["error"]
    evil = BrowserKeys().subscription("http://evil.example/x")
    refused = client.post("/thong-bao/day/dang-ky", json=evil, headers={"X-CSRFToken": token})
    assert refused.status_code == 422
    assert session.scalars(select(PushSubscription)).all() == []


def test_without_vapid_keys_push_cannot_be_turned_on(app, session):
    app.config.update(VSSID_VAPID_PUBLIC_KEY="", VSSID_VAPID_PRIVATE_KEY="")
    account = make_account(session)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    page = client.get("/thong-bao/cai-dat").get_data(as_text=True)
    assert "Máy chủ chưa bật thông báo đẩy." in page
    token = csrf_token(client, "/thong-bao/cai-dat")
    response = client.post("/thong-bao/day/dang-ky", json=BrowserKeys().subscription("http://127.0.0.1:9/push/a"),
                           headers={"X-CSRFToken": token})
    assert response.status_code == 503


def test_the_bell_shows_on_every_signed_in_page(app, session):
    account = make_account(session)
    _notice(session, account)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    home = client.get("/").get_data(as_text=True)
    assert 'id="notification-bell"' in home and _badge(home) == "1"
    assert 'id="notification-bell"' not in app.test_client().get("/").get_data(as_text=True)


def test_a_removed_subscription_leaves_its_delivery_without_a_target(session):
    """The worker then marks it gone instead of pushing to nowhere (test_notifications_worker)."""
    account = make_account(session)
    subscription = make_subscription(session, account, endpoint="https://fcm.googleapis.com/fcm/send/x")
    notice = _notice(session, account)
    session.commit()
    session.delete(subscription)
    session.commit()
    session.expire_all()
    delivery = session.scalars(select(NotificationDelivery).where(NotificationDelivery.notification_id == notice.id)).one()
    assert delivery.subscription_id is None and delivery.status == "queued"
    assert utcnow() >= delivery.next_attempt_at
