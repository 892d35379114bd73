"""The registry scan in bulk: the same notices and deliveries as `notify` wrote one at a time,
each event told once however often the scan runs, and a run stopped part-way resumed
without duplicates.

Source: the national-run task (tens of millions of card holders; a quarter boundary means
millions of "card expiring" notices); docs/ARCHITECTURE.md, Notifications.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, insert, select

from tests.support.card import make_family
from tests.support.factories import make_account, make_card, make_person
from tests.support.notifications import make_subscription, scan_one_at_a_time
from tests.support.records import make_employer, make_period
from vssid.core.db import utcnow
from vssid.notifications import preferences, scans, services
from vssid.notifications.models import Notification, NotificationDelivery

TODAY = dt.date(2026, 11, 26)


def _registry(session) -> None:
    """Card holders and contributors with every kind of choice the rules look at."""
    def holder(valid_to, **account):
        person = make_person(session)
        make_card(session, person, valid_from=dt.date(2026, 1, 1), valid_to=valid_to)
        return make_account(session, person, **account)

    pushed = holder(dt.date(2026, 12, 20))  # defaults: inbox and push, on two devices
    make_subscription(session, pushed, endpoint="https://fcm.googleapis.com/fcm/send/a")
    make_subscription(session, pushed, endpoint="https://fcm.googleapis.com/fcm/send/b")
    texted = holder(dt.date(2026, 11, 10))  # expired: SMS only, out of the inbox
    services.save_preferences(session, account_id=texted.id, submitted={("card", "sms")})
    silent = holder(dt.date(2026, 12, 1))  # everything off: told nothing
    services.save_preferences(session, account_id=silent.id, submitted=set())
    no_email = holder(dt.date(2026, 12, 5), email=None)  # email on but no address: SMS and inbox
    services.save_preferences(session, account_id=no_email.id,
                              submitted={("card", "in_app"), ("card", "sms"), ("card", "email")})
    other_kind = holder(dt.date(2026, 12, 6))  # SMS on for another kind only: defaults for cards
    services.save_preferences(session, account_id=other_kind.id,
                              submitted={("card", "in_app"), ("card", "push"), ("announcement", "sms")})
    make_subscription(session, other_kind, endpoint="https://fcm.googleapis.com/fcm/send/c")
    holder(dt.date(2026, 12, 7), status="disabled")  # a disabled account is told nothing
    for _ in range(3):  # more than one batch of plain holders
        holder(dt.date(2026, 12, 15))
    family = make_family(session)  # the child's card reaches the mother as well
    family.child_card.valid_to = TODAY + dt.timedelta(days=10)
    family.card.valid_to = TODAY + dt.timedelta(days=20)
    worker = make_account(session)
    make_period(session, worker.person, start=(2020, 1), end=None, employer=make_employer(session))
    services.save_preferences(session, account_id=worker.id,
                              submitted={("contribution", "in_app"), ("contribution", "email")})
    owed = make_account(session)
    make_period(session, owed.person, start=(2026, 3), end=None, employer=make_employer(session), owes=True)
    make_subscription(session, owed, endpoint="https://fcm.googleapis.com/fcm/send/d")
    session.commit()


def _written(session) -> list[tuple]:
    """Every notice with its deliveries, without ids and clock times (which differ by run)."""
    session.expire_all()
    notices = session.scalars(select(Notification).order_by(Notification.account_id, Notification.dedupe_key)).all()
    for notice in notices:
        assert all(d.next_attempt_at == notice.created_at for d in notice.deliveries)
    return [(n.account_id, n.kind, n.title, n.body, n.url, n.dedupe_key, n.in_inbox, n.read_at,
             [(d.channel, d.subscription_id, d.status, d.attempts, d.sent_at, d.last_error) for d in n.deliveries])
            for n in notices]


def _scan(session, batch=scans.BATCH) -> scans.ScanReport:
    report = scans.scan_cards(session, today=TODAY, batch=batch)
    return scans.scan_contributions(session, today=TODAY, report=report, batch=batch)


def _forget(session) -> None:
    session.execute(delete(NotificationDelivery))
    session.execute(delete(Notification))
    session.commit()


@pytest.mark.parametrize("batch", [2, scans.BATCH])
def test_the_bulk_scan_writes_what_notify_wrote_one_at_a_time(session, batch):
    _registry(session)
    one_by_one = scan_one_at_a_time(session, today=TODAY, batch=batch)
    expected = _written(session)
    _forget(session)
    assert _scan(session, batch=batch) == one_by_one
    assert _written(session) == expected
    assert one_by_one == scans.ScanReport(expiring=8, expired=1, months=1, arrears=1)
    assert {(row[6], tuple(sorted(channel for channel, *_ in row[-1]))) for row in expected} == {
        (True, ("push", "push")),  # two devices
        (False, ("sms",)),  # SMS only: out of the inbox
        (True, ("sms",)),  # email on, but no address
        (True, ("push",)),  # one device (a card holder, the employee owed contributions)
        (True, ()),  # no device: the inbox only
        (True, ("email",)),  # contributions by email
    }
    assert any(row[4].startswith("/ca-nhan/the-bhyt/") for row in expected)  # the guardian's notice


def test_a_second_run_writes_nothing(session):
    _registry(session)
    first = _scan(session, batch=2)
    written = _written(session)
    assert first.expiring and first.expired and first.months and first.arrears
    assert _scan(session, batch=2) == scans.ScanReport()
    assert _written(session) == written


def test_the_bulk_scan_skips_what_the_one_at_a_time_scan_wrote(session):
    _registry(session)
    scan_one_at_a_time(session, today=TODAY)
    written = _written(session)
    assert _scan(session) == scans.ScanReport()
    assert _written(session) == written


def test_a_run_stopped_after_one_batch_resumes_without_duplicates(session, monkeypatch):
    _registry(session)
    _scan(session, batch=2)
    expected = _written(session)
    _forget(session)

    calls = []

    def stopping(*args, **kwargs):
        if calls:
            raise KeyboardInterrupt("the scan's process stopped")
        calls.append(1)
        return services.notify_bulk(*args, **kwargs)

    monkeypatch.setattr(scans, "notify_bulk", stopping)
    with pytest.raises(KeyboardInterrupt):
        _scan(session, batch=2)
    session.rollback()
    assert len(_written(session)) == 2  # the first batch of two cards was committed
    monkeypatch.undo()
    resumed = _scan(session, batch=2)
    assert resumed.expiring + resumed.expired == 9 - 2
    assert _written(session) == expected


def test_a_notice_written_meanwhile_by_another_run_is_skipped_not_an_error(session, monkeypatch):
    """Between the batch's look-up of used keys and its INSERT another scan wrote one of its
    notices: ON CONFLICT DO NOTHING skips it, and its deliveries are not written twice."""
    accounts = [make_account(session) for _ in range(3)]
    for account in accounts:
        make_subscription(session, account, endpoint=f"https://fcm.googleapis.com/fcm/send/{account.id}")
    session.commit()
    notices = [services.Notice(account_id=a.id, kind="card", title="Thẻ BHYT của bạn sắp hết hạn",
                               body="Hãy gia hạn.", url="/ca-nhan/the-bhyt", dedupe_key="card:1:expiring")
               for a in accounts]
    now = utcnow()
    route = preferences.route

    def other_run_first(kind, **kwargs):
        if not session.scalar(select(func.count()).select_from(Notification)):
            session.execute(insert(Notification).values(
                account_id=accounts[1].id, kind="card", title="Thẻ BHYT của bạn sắp hết hạn", body="Hãy gia hạn.",
                dedupe_key="card:1:expiring", created_at=now, in_inbox=True))
        return route(kind, **kwargs)

    monkeypatch.setattr(preferences, "route", other_run_first)
    written = services.notify_bulk(session, notices, now=now)
    session.commit()
    assert written == [notices[0], notices[2]]
    assert session.scalar(select(func.count()).select_from(Notification)) == 3
    rows = session.execute(select(Notification.account_id, func.count(NotificationDelivery.id))
                           .outerjoin(NotificationDelivery).group_by(Notification.account_id)
                           .order_by(Notification.account_id)).all()
    assert [tuple(row) for row in rows] == [(accounts[0].id, 1), (accounts[1].id, 0), (accounts[2].id, 1)]


def test_the_scan_command_takes_a_batch_size(app, session):
    _registry(session)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["notifications", "scan", "--today", TODAY.isoformat(), "--batch", "3"])
    assert result.exit_code == 0, result.output
    assert "Thẻ sắp hết hạn: 8; thẻ đã hết hạn: 1; tháng đóng mới: 1; nợ đóng: 1." in result.output
    assert runner.invoke(args=["notifications", "scan", "--batch", "0"]).exit_code == 2
