"""The sending worker against a push service served on loopback: the real encrypted message,
VAPID, 404/410, retries with back-off, leases, and two workers at once on PostgreSQL.

Source: issue 11 (worker safe on several nodes, each notification delivered once, retries with
back-off, expired subscriptions removed; tests run against a loopback push endpoint).
"""
from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.support.factories import make_account
from tests.support.notifications import PUSH_CONFIG, VAPID, BrowserKeys, make_subscription, push_service, vapid_claims
from vssid.core.db import utcnow
from vssid.notifications import services
from vssid.notifications.models import NotificationDelivery, PushSubscription
from vssid.notifications.push import WebPushSender, generate_vapid_keys
from vssid.outbound.models import OutboundMessage


@pytest.fixture
def app_config():
    return dict(PUSH_CONFIG)


@pytest.fixture
def pushes():
    service = push_service()
    yield service
    service.close()


def sender(**kwargs) -> WebPushSender:
    return WebPushSender(private_key=VAPID.private_key, subject="mailto:hotro@vss.gov.vn", **kwargs)


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


def _deliveries(session, notice_id):
    session.expire_all()
    return session.scalars(select(NotificationDelivery).where(NotificationDelivery.notification_id == notice_id)
                           .order_by(NotificationDelivery.id)).all()


def test_push_reaches_the_device_encrypted_for_its_keys_and_signed_with_vapid(session, pushes):
    account = make_account(session)
    keys = BrowserKeys()
    make_subscription(session, account, endpoint=pushes.endpoint("phone"), keys=keys)
    notice = services.notify(session, account_id=account.id, kind="card", title="Thẻ BHYT của bạn sắp hết hạn",
                             body="Thẻ có giá trị đến ngày 31/12/2026 (còn 20 ngày).", url="/ca-nhan/the-bhyt")
    session.commit()
    report = services.send_due(session, push=sender())
    assert report.sent == 1 and report.handled == 1
    [message] = pushes.to("phone")
    assert b"31/12/2026" not in message.body  # encrypted on the wire
    payload = keys.decrypt(message)
    assert payload == {"id": notice.id, "title": "Thẻ BHYT của bạn sắp hết hạn",
                       "body": "Thẻ có giá trị đến ngày 31/12/2026 (còn 20 ngày).",
                       "url": f"/thong-bao/{notice.id}/mo", "tag": f"vssid-{notice.id}", "kind": "card"}
    claims = vapid_claims(message)
    assert claims["aud"] == pushes.origin and claims["sub"] == "mailto:hotro@vss.gov.vn"
    assert claims["exp"] > time.time()
    assert message.headers["ttl"] == "86400"
    [delivery] = _deliveries(session, notice.id)
    assert delivery.status == "sent" and delivery.attempts == 1 and delivery.sent_at is not None
    assert services.send_due(session, push=sender()).handled == 0  # nothing sent twice
    assert len(pushes.to("phone")) == 1


def test_another_key_cannot_read_the_message(session, pushes):
    account = make_account(session)
    make_subscription(session, account, endpoint=pushes.endpoint("phone"), keys=BrowserKeys())
    services.notify(session, account_id=account.id, kind="card", title="Bí mật", body="…")
    session.commit()
    services.send_due(session, push=sender())
    with pytest.raises(Exception):  # noqa: B017 (http_ece raises its own error or InvalidTag)
        BrowserKeys().decrypt(pushes.to("phone")[0])


@pytest.mark.parametrize("status", [404, 410])
def test_an_expired_subscription_is_removed(session, pushes, status):
    account = make_account(session)
    dead = make_subscription(session, account, endpoint=pushes.endpoint("old-phone"))
    alive_keys = BrowserKeys()
    make_subscription(session, account, endpoint=pushes.endpoint("new-phone"), keys=alive_keys)
    pushes.statuses["/push/old-phone"] = status
    notice = services.notify(session, account_id=account.id, kind="announcement", title="Tin BHXH", body="Nội dung.")
    session.commit()
    report = services.send_due(session, push=sender())
    assert (report.sent, report.gone) == (1, 1)
    session.expire_all()
    assert session.get(PushSubscription, dead.id) is None
    assert [d.status for d in _deliveries(session, notice.id)] == ["gone", "sent"]
    assert alive_keys.decrypt(pushes.to("new-phone")[0])["title"] == "Tin BHXH"
    later = services.notify(session, account_id=account.id, kind="announcement", title="Tin sau", body="…")
    session.commit()
    assert len(later.deliveries) == 1  # the removed device is not pushed to again


def test_a_failing_push_service_is_retried_with_back_off_then_given_up(session, pushes):
    account = make_account(session)
    make_subscription(session, account, endpoint=pushes.endpoint("busy"))
    pushes.statuses["/push/busy"] = 503
    notice = services.notify(session, account_id=account.id, kind="card", title="Thẻ", body="…")
    session.commit()
    clock = Clock(utcnow())
    assert services.send_due(session, push=sender(), now=clock).retried == 1
    [delivery] = _deliveries(session, notice.id)
    assert delivery.status == "queued" and delivery.attempts == 1 and "503" in delivery.last_error
    assert delivery.next_attempt_at == clock.now + dt.timedelta(minutes=1)
    clock.now += dt.timedelta(seconds=59)
    assert services.send_due(session, push=sender(), now=clock).handled == 0  # not due yet
    waits = []
    for _ in range(7):
        [delivery] = _deliveries(session, notice.id)
        waits.append(delivery.next_attempt_at - clock.now)
        clock.now = delivery.next_attempt_at
        services.send_due(session, push=sender(), now=clock)
    [delivery] = _deliveries(session, notice.id)
    assert delivery.status == "failed" and delivery.attempts == 8
    assert len(pushes.to("busy")) == 8
    assert [w.total_seconds() // 60 for w in waits[1:]] == [2, 4, 8, 16, 32, 64]
    assert services.send_due(session, push=sender(), now=Clock(clock.now + dt.timedelta(days=1))).handled == 0


def test_an_unreachable_push_service_is_retried(session):
    account = make_account(session)
    make_subscription(session, account, endpoint="http://127.0.0.1:1/push/nowhere")
    notice = services.notify(session, account_id=account.id, kind="card", title="Thẻ", body="…")
    session.commit()
    assert services.send_due(session, push=sender(timeout=2)).retried == 1
    assert "ConnectionError" in _deliveries(session, notice.id)[0].last_error


def test_a_refused_message_is_not_retried(session, pushes):
    account = make_account(session)
    make_subscription(session, account, endpoint=pushes.endpoint("strict"))
    pushes.statuses["/push/strict"] = 403
    notice = services.notify(session, account_id=account.id, kind="card", title="Thẻ", body="…")
    session.commit()
    report = services.send_due(session, push=sender())
    assert report.failed == 1 and "403" in report.errors[0]
    assert _deliveries(session, notice.id)[0].status == "failed"


def test_a_wrong_vapid_key_is_visible_to_the_push_service(session, pushes):
    """The push service checks the token against the key the browser subscribed with."""
    account = make_account(session)
    make_subscription(session, account, endpoint=pushes.endpoint("phone"))
    services.notify(session, account_id=account.id, kind="card", title="Thẻ", body="…")
    session.commit()
    other = generate_vapid_keys()
    services.send_due(session, push=WebPushSender(private_key=other.private_key, subject="mailto:x@vss.gov.vn"))
    with pytest.raises(AssertionError):
        vapid_claims(pushes.to("phone")[0])  # signed by another key than the configured public one


def test_sms_and_email_go_through_the_outbound_queue_without_diacritics_in_sms(session):
    account = make_account(session)
    services.save_preferences(session, account_id=account.id,
                              submitted={("card", "in_app"), ("card", "sms"), ("card", "email")})
    notice = services.notify(session, account_id=account.id, kind="card", title="Thẻ BHYT đã hết hạn",
                             body="Hãy gia hạn để được hưởng BHYT.", url="/ca-nhan/the-bhyt")
    session.commit()
    report = services.send_due(session, push=None)  # no VAPID keys: SMS and email still go
    assert report.sent == 2
    sms = session.scalars(select(OutboundMessage).where(OutboundMessage.channel == "sms")).one()
    assert sms.recipient == account.phone and sms.status == "queued"
    assert sms.body == "VssID: The BHYT da het han. Hay gia han de duoc huong BHYT."
    email = session.scalars(select(OutboundMessage).where(OutboundMessage.channel == "email")).one()
    assert email.recipient == account.email and email.subject == "VssID: Thẻ BHYT đã hết hạn"
    assert "/ca-nhan/the-bhyt" in email.body
    assert {d.status for d in _deliveries(session, notice.id)} == {"sent"}


def test_push_waits_while_no_vapid_key_is_configured(session, pushes):
    account = make_account(session)
    make_subscription(session, account, endpoint=pushes.endpoint("phone"))
    notice = services.notify(session, account_id=account.id, kind="card", title="Thẻ", body="…")
    session.commit()
    assert services.send_due(session, push=None).handled == 0
    assert _deliveries(session, notice.id)[0].status == "queued"
    assert services.send_due(session, push=sender()).sent == 1


def test_a_worker_that_died_mid_send_leaves_the_delivery_to_another_after_the_lease(session, pushes):
    account = make_account(session)
    make_subscription(session, account, endpoint=pushes.endpoint("phone"))
    notice = services.notify(session, account_id=account.id, kind="card", title="Thẻ", body="…")
    session.commit()
    start = utcnow()
    assert len(services.claim(session, channels=("push",), now=start, batch=10)) == 1  # then the worker dies
    assert services.send_due(session, push=sender(), now=Clock(start + dt.timedelta(minutes=4))).handled == 0
    assert services.send_due(session, push=sender(), now=Clock(start + services.LEASE)).sent == 1
    assert _deliveries(session, notice.id)[0].status == "sent"


def test_send_command_fans_out_and_delivers(app, session, pushes):
    account = make_account(session)
    keys = BrowserKeys()
    make_subscription(session, account, endpoint=pushes.endpoint("phone"), keys=keys)
    services.notify(session, account_id=account.id, kind="card", title="Thẻ BHYT", body="…")
    session.commit()
    result = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert result.exit_code == 0, result.output
    assert "Đã gửi 1," in result.output
    assert keys.decrypt(pushes.to("phone")[0])["title"] == "Thẻ BHYT"


def test_vapid_keys_command_prints_a_working_key_pair(app, session, pushes):
    result = app.test_cli_runner().invoke(args=["notifications", "vapid-keys"])
    lines = dict(line.split("=", 1) for line in result.output.split())
    account = make_account(session)
    make_subscription(session, account, endpoint=pushes.endpoint("phone"))
    services.notify(session, account_id=account.id, kind="card", title="Thẻ", body="…")
    session.commit()
    services.send_due(session, push=WebPushSender(private_key=lines["VSSID_VAPID_PRIVATE_KEY"], subject="mailto:a@vss.gov.vn"))
    assert vapid_claims(pushes.to("phone")[0], public_key=lines["VSSID_VAPID_PUBLIC_KEY"])["sub"] == "mailto:a@vss.gov.vn"


@pytest.mark.postgres_only
def test_two_workers_at_once_deliver_each_notification_once(app, session, pushes):
    accounts = [make_account(session) for _ in range(6)]
    for account in accounts:
        make_subscription(session, account, endpoint=pushes.endpoint(f"phone-{account.id}"))
    notices = [services.notify(session, account_id=a.id, kind="announcement", title=f"Tin {n}", body="…")
               for n in range(10) for a in accounts]
    session.commit()
    engine = app.extensions["vssid.db"][0]
    barrier = threading.Barrier(2)
    reports, failures = [], []

    def worker():
        try:
            with Session(engine) as own:
                barrier.wait(timeout=10)
                reports.append(services.send_due(own, push=sender(), batch=7))
        except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
            failures.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert sum(r.sent for r in reports) == len(notices) == 60
    assert all(r.sent > 0 for r in reports), [r.sent for r in reports]  # both took part
    ids = [(r.path, r.body) for r in pushes.received]
    assert len(pushes.received) == 60 and len(set(ids)) == 60
    session.expire_all()
    rows = session.scalars(select(NotificationDelivery)).all()
    assert {(d.status, d.attempts) for d in rows} == {("sent", 1)}
