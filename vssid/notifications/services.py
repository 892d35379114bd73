"""Notifications: writing a notice, the inbox, preferences, push subscriptions, the worker.

Flask-free; functions take a SQLAlchemy session and keyword-only arguments.

    from vssid.notifications.services import notify
    notify(session, account_id=..., kind="payment", title=..., body=..., url="/...")

`notify` writes into the caller's transaction (a rolled-back action tells nobody) and never
commits. Kinds: "security", "card", "contribution", "support", "payment", "service_request",
"announcement" (models.KINDS). The worker (`send_due`) runs outside any request.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from vssid.accounts.models import Account
from vssid.core.db import utcnow
from vssid.core.errors import NotFound
from vssid.notifications import preferences
from vssid.notifications.models import (
    DELIVERY_CHANNELS,
    Notification,
    NotificationDelivery,
    NotificationPreference,
    PushSubscription,
)
from vssid.notifications.push import PushResult, PushSender, SubscriptionInfo
from vssid.outbound.services import queue_email, queue_sms

PAGE_SIZE = 20
_LOCAL_PATH = re.compile(r"/[\w\-./~%?=&+]*")


def _local_url(url: str | None) -> str | None:
    """Notices link only to pages of this site (a push opens it; no open redirect)."""
    if url is None:
        return None
    if not _LOCAL_PATH.fullmatch(url) or url.startswith("//"):
        raise ValueError(f"notification url must be a local path, got {url!r}")
    return url


def stored_choices(session: Session, *, account_id: int) -> dict[tuple[str, str], bool]:
    rows = session.scalars(select(NotificationPreference).where(NotificationPreference.account_id == account_id))
    return {(row.kind, row.channel): row.enabled for row in rows}


@dataclass(frozen=True)
class Notice:
    """One notice for one account: the arguments of `notify`, as data for `notify_bulk`."""

    account_id: int
    kind: str
    title: str
    body: str
    url: str | None = None
    dedupe_key: str | None = None


def _rows(notice: Notice, route: preferences.Route, now: dt.datetime) -> tuple[dict, list[dict]]:
    """The `notification` row and its `notification_delivery` rows (without the notice's id),
    the same whether written one at a time or in bulk."""
    row = {"account_id": notice.account_id, "kind": notice.kind, "title": notice.title[:200], "body": notice.body,
           "url": _local_url(notice.url), "dedupe_key": notice.dedupe_key, "created_at": now,
           "in_inbox": route.in_inbox}
    deliveries = [{"channel": channel, "subscription_id": device, "status": "queued", "attempts": 0,
                   "next_attempt_at": now} for channel, device in route.deliveries]
    return row, deliveries


def notify(
    session: Session, *, account_id: int, kind: str, title: str, body: str, url: str | None = None,
    dedupe_key: str | None = None, now: dt.datetime | None = None, sent_elsewhere: frozenset[str] = frozenset(),
) -> Notification | None:
    """Write a notice for one account, with the deliveries its holder's preferences allow.

    `sent_elsewhere` names channels the caller has already used for this event (a receipt
    or status SMS the service sends itself), so the holder is not told twice there.

    Returns None when nothing is to be sent (every channel off) or when `dedupe_key` was
    already used for this account (an event scanned twice is told once)."""
    preferences.check(kind)
    now = now or utcnow()
    if dedupe_key is not None and session.scalar(
        select(Notification.id).where(Notification.account_id == account_id, Notification.dedupe_key == dedupe_key)
    ):
        return None
    account = session.get(Account, account_id)
    if account is None or account.status != "active":
        return None
    devices = session.scalars(
        select(PushSubscription.id).where(PushSubscription.account_id == account_id).order_by(PushSubscription.id)
    ).all()
    route = preferences.route(kind, stored=stored_choices(session, account_id=account_id), phone=account.phone,
                              email=account.email, devices=devices, sent_elsewhere=sent_elsewhere)
    if route is None:
        return None
    row, deliveries = _rows(Notice(account_id, kind, title, body, url, dedupe_key), route, now)
    notice = Notification(**row, deliveries=[NotificationDelivery(**delivery) for delivery in deliveries])
    session.add(notice)
    session.flush()
    return notice


def notify_bulk(session: Session, notices: Sequence[Notice], *, now: dt.datetime) -> list[Notice]:
    """`notify` for a batch of notices (the registry scan, announcements): the same rows, by
    the same rule (`preferences.route`), in five SELECTs and two INSERTs whatever the batch's
    size. Every notice needs a dedupe key: a key already used for that account, in the
    database or earlier in the batch, writes nothing, and the notices' INSERT skips a key
    that a concurrent run wrote meanwhile (ON CONFLICT DO NOTHING on the unique key, on
    SQLite and PostgreSQL alike). Returns the notices written, in order; does not commit."""
    if not notices:
        return []
    for kind in {notice.kind for notice in notices}:
        preferences.check(kind)
    if any(notice.dedupe_key is None for notice in notices):
        raise ValueError("notify_bulk needs a dedupe_key on every notice")
    account_ids = sorted({notice.account_id for notice in notices})
    # Row-value IN: one probe of the unique index per notice (two separate IN lists would
    # make SQLite probe every account with every key).
    done = {(account_id, key) for account_id, key in session.execute(
        select(Notification.account_id, Notification.dedupe_key).where(
            tuple_(Notification.account_id, Notification.dedupe_key).in_(
                sorted({(notice.account_id, notice.dedupe_key) for notice in notices}))))}
    accounts = {row.id: row for row in session.execute(
        select(Account.id, Account.phone, Account.email).where(Account.id.in_(account_ids), Account.status == "active"))}
    stored: dict[int, dict[tuple[str, str], bool]] = {}
    for row in session.execute(select(NotificationPreference.account_id, NotificationPreference.kind,
                                      NotificationPreference.channel, NotificationPreference.enabled).where(
            NotificationPreference.account_id.in_(account_ids),
            NotificationPreference.kind.in_(sorted({notice.kind for notice in notices})))):
        stored.setdefault(row.account_id, {})[(row.kind, row.channel)] = row.enabled
    devices: dict[int, list[int]] = {}
    for device, account_id in session.execute(select(PushSubscription.id, PushSubscription.account_id).where(
            PushSubscription.account_id.in_(account_ids)).order_by(PushSubscription.id)):
        devices.setdefault(account_id, []).append(device)
    planned: dict[tuple[int, str], tuple[Notice, list[dict]]] = {}
    rows = []
    for notice in notices:
        key = (notice.account_id, notice.dedupe_key)
        account = accounts.get(notice.account_id)
        if account is None or key in done or key in planned:
            continue
        route = preferences.route(notice.kind, stored=stored.get(notice.account_id, {}), phone=account.phone,
                                  email=account.email, devices=devices.get(notice.account_id, ()))
        if route is None:
            continue
        row, deliveries = _rows(notice, route, now)
        rows.append(row)
        planned[key] = (notice, deliveries)
    if not rows:
        return []
    # Core INSERTs on the tables (not the ORM's bulk mode, which splits the rows up): one
    # multi-row statement per page of rows.
    notification, delivery_table = Notification.__table__, NotificationDelivery.__table__
    dialect_insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    written = {(account_id, key): notice_id for notice_id, account_id, key in session.execute(
        dialect_insert(notification).on_conflict_do_nothing(index_elements=["account_id", "dedupe_key"])
        .returning(notification.c.id, notification.c.account_id, notification.c.dedupe_key), rows)}
    deliveries = [{**delivery, "notification_id": written[key]}
                  for key, (_, planned_deliveries) in planned.items() if key in written
                  for delivery in planned_deliveries]
    if deliveries:
        session.execute(insert(delivery_table), deliveries)
    return [notice for key, (notice, _) in planned.items() if key in written]


# --- The inbox ------------------------------------------------------------------------------


@dataclass
class Page:
    items: list[Notification]
    number: int
    total: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))


def _page_number(raw) -> int:
    try:
        return max(1, min(int(raw or 1), 10_000))
    except (TypeError, ValueError):
        return 1


def _inbox(account_id: int):
    return (Notification.account_id == account_id) & Notification.in_inbox.is_(True)


def inbox(session: Session, *, account_id: int, page=1) -> Page:
    number = _page_number(page)
    total = session.scalar(select(func.count()).select_from(Notification).where(_inbox(account_id)))
    number = min(number, max(1, math.ceil(total / PAGE_SIZE)))
    items = list(session.scalars(
        select(Notification).where(_inbox(account_id))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ))
    return Page(items=items, number=number, total=total)


def unread_count(session: Session, *, account_id: int) -> int:
    return session.scalar(
        select(func.count()).select_from(Notification).where(_inbox(account_id), Notification.read_at.is_(None))
    )


def get_own(session: Session, *, notification_id: int, account_id: int) -> Notification:
    notice = session.get(Notification, notification_id)
    if notice is None or notice.account_id != account_id or not notice.in_inbox:
        raise NotFound("Không tìm thấy thông báo.")
    return notice


def mark_read(session: Session, *, notification_id: int, account_id: int, now: dt.datetime) -> Notification:
    notice = get_own(session, notification_id=notification_id, account_id=account_id)
    if notice.read_at is None:
        notice.read_at = now
    session.commit()
    return notice


def mark_all_read(session: Session, *, account_id: int, now: dt.datetime) -> int:
    count = session.execute(
        update(Notification).where(_inbox(account_id), Notification.read_at.is_(None)).values(read_at=now)
    ).rowcount
    session.commit()
    return count


# --- Preferences ----------------------------------------------------------------------------


def save_preferences(session: Session, *, account_id: int, submitted: set[tuple[str, str]]) -> None:
    """Store the whole form: each unlocked kind and channel on or off."""
    wanted = preferences.changes(submitted)
    existing = {(row.kind, row.channel): row for row in session.scalars(
        select(NotificationPreference).where(NotificationPreference.account_id == account_id))}
    for (kind, channel), on in wanted.items():
        row = existing.get((kind, channel))
        if row is None:
            session.add(NotificationPreference(account_id=account_id, kind=kind, channel=channel, enabled=on))
        else:
            row.enabled = on
    session.commit()


# --- Push subscriptions ---------------------------------------------------------------------


def subscribe(session: Session, *, account_id: int, device_hash: str, info: SubscriptionInfo,
              device_label: str, now: dt.datetime) -> PushSubscription:
    """This device's subscription for this account (replacing an earlier one of the device;
    an endpoint moves to the account now using that browser)."""
    session.execute(delete(PushSubscription).where(
        (PushSubscription.endpoint == info.endpoint)
        | ((PushSubscription.account_id == account_id) & (PushSubscription.device_hash == device_hash))
    ))
    subscription = PushSubscription(
        account_id=account_id, device_hash=device_hash, endpoint=info.endpoint, p256dh=info.p256dh, auth=info.auth,
        device_label=device_label[:120], created_at=now,
    )
    session.add(subscription)
    session.commit()
    return subscription


def unsubscribe(session: Session, *, account_id: int, device_hash: str) -> bool:
    removed = session.execute(delete(PushSubscription).where(
        PushSubscription.account_id == account_id, PushSubscription.device_hash == device_hash)).rowcount
    session.commit()
    return bool(removed)


def device_subscription(session: Session, *, account_id: int, device_hash: str) -> PushSubscription | None:
    return session.scalars(select(PushSubscription).where(
        PushSubscription.account_id == account_id, PushSubscription.device_hash == device_hash)).first()


# --- The worker -----------------------------------------------------------------------------

LEASE = dt.timedelta(minutes=5)  # a worker that dies mid-send leaves the delivery to another after this


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    gone: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.gone


def claim(session: Session, *, channels: tuple[str, ...], now: dt.datetime, batch: int,
          lease: dt.timedelta = LEASE) -> list[int]:
    """Take up to `batch` due deliveries for this worker, in one statement, and commit.

    PostgreSQL: the inner SELECT … FOR UPDATE SKIP LOCKED lets several workers claim at
    once without waiting for or taking each other's rows. SQLite: the UPDATE holds the
    database's write lock for the whole statement, so claims never overlap either.
    Either way a delivery is held by one worker until its lease ends."""
    due = (
        select(NotificationDelivery.id)
        .where(NotificationDelivery.status.in_(("queued", "sending")),
               NotificationDelivery.next_attempt_at <= now,
               NotificationDelivery.channel.in_(channels))
        .order_by(NotificationDelivery.next_attempt_at, NotificationDelivery.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    claimed = session.execute(
        update(NotificationDelivery)
        .where(NotificationDelivery.id.in_(due.scalar_subquery()))
        .values(status="sending", next_attempt_at=now + lease)
        .returning(NotificationDelivery.id)
        .execution_options(synchronize_session=False)
    ).scalars().all()
    session.commit()
    return sorted(claimed)


def sms_text(notice: Notification) -> str:
    """SMS without diacritics (one GSM-7 message holds 160 of them, only 70 with)."""
    text = f"VssID: {notice.title}. {notice.body}"
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text[:306]


def push_payload(notice: Notification) -> dict:
    return {"id": notice.id, "title": notice.title, "body": notice.body,
            "url": f"/thong-bao/{notice.id}/mo", "tag": f"vssid-{notice.id}", "kind": notice.kind}


def _queue_message(session: Session, delivery: NotificationDelivery) -> PushResult:
    """SMS and email join the outbound queue (`flask outbound send` delivers them)."""
    notice = delivery.notification
    account = session.get(Account, notice.account_id)
    if delivery.channel == "sms":
        queue_sms(session, to=account.phone, body=sms_text(notice))
        return PushResult("sent")
    if not account.email:
        return PushResult("rejected", "no email address")
    link = f"\n\nXem trong ứng dụng VssID: {notice.url}" if notice.url else ""
    queue_email(session, to=account.email, subject=f"VssID: {notice.title}", body=notice.body + link)
    return PushResult("sent")


def _push_job(delivery: NotificationDelivery) -> tuple[SubscriptionInfo, dict] | PushResult:
    subscription, notice = delivery.subscription, delivery.notification
    if subscription is None or subscription.account_id != notice.account_id:
        return PushResult("gone", "subscription removed")
    info = SubscriptionInfo(endpoint=subscription.endpoint, p256dh=subscription.p256dh, auth=subscription.auth)
    return info, push_payload(notice)


def _push_safely(push: PushSender, info: SubscriptionInfo, payload: dict) -> PushResult:
    try:
        return push(info, payload)
    except Exception as exc:  # noqa: BLE001 (one bad delivery must not stop the batch)
        return PushResult("retry", f"{type(exc).__name__}: {exc}"[:300])


def send_due(session: Session, *, push: PushSender | None, now=utcnow, batch: int = 100, rounds: int = 50,
             concurrency: int = 8) -> SendReport:
    """Deliver what is due: SMS and email into the outbound queue, push to the browsers'
    push services, `concurrency` pushes at a time (they wait on the network). Push is left
    queued when no sender is configured (no VAPID keys). `now` is a clock. Each claimed
    batch is recorded in one commit; stops after `rounds` batches or when nothing is due."""
    channels = DELIVERY_CHANNELS if push is not None else ("sms", "email")
    report = SendReport()
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="push") as pool:
        for _ in range(rounds):
            ids = claim(session, channels=channels, now=now(), batch=batch)
            if not ids:
                break
            # Fresh from the database: the claim changed the rows behind the session's back.
            deliveries = session.scalars(
                select(NotificationDelivery).where(NotificationDelivery.id.in_(ids)).order_by(NotificationDelivery.id)
                .options(selectinload(NotificationDelivery.notification), selectinload(NotificationDelivery.subscription))
                .execution_options(populate_existing=True)
            ).all()
            results: dict[int, PushResult] = {}
            pending = {}
            for delivery in deliveries:
                if delivery.channel != "push":
                    try:
                        results[delivery.id] = _queue_message(session, delivery)
                    except Exception as exc:  # noqa: BLE001
                        results[delivery.id] = PushResult("retry", f"{type(exc).__name__}: {exc}"[:300])
                    continue
                job = _push_job(delivery)
                if isinstance(job, PushResult):
                    results[delivery.id] = job
                else:
                    pending[delivery.id] = pool.submit(_push_safely, push, *job)
            for delivery_id, future in pending.items():
                results[delivery_id] = future.result()
            subscriptions = _SubscriptionChanges()
            for delivery in deliveries:
                _record(session, delivery, results[delivery.id], now(), report, subscriptions)
            subscriptions.apply(session, now())
            session.commit()
    return report


@dataclass
class _SubscriptionChanges:
    """What a batch does to push subscriptions, applied at its end in ascending id order:
    two workers whose batches touch the same subscriptions then lock them in the same order
    and cannot deadlock (each updating row by row in its own delivery order could)."""

    succeeded: set[int] = field(default_factory=set)
    gone: set[int] = field(default_factory=set)

    def apply(self, session: Session, moment: dt.datetime) -> None:
        for subscription_id in sorted(self.succeeded - self.gone):  # statements: a row may have gone
            session.execute(update(PushSubscription).where(PushSubscription.id == subscription_id)
                            .values(last_success_at=moment).execution_options(synchronize_session=False))
        for subscription_id in sorted(self.gone):
            session.execute(delete(PushSubscription).where(PushSubscription.id == subscription_id))


def _record(session: Session, delivery: NotificationDelivery, result: PushResult, moment: dt.datetime,
            report: SendReport, subscriptions: _SubscriptionChanges) -> None:
    delivery.attempts += 1
    if result.outcome == "sent":
        delivery.status, delivery.sent_at, delivery.last_error = "sent", moment, None
        if delivery.subscription_id is not None:
            subscriptions.succeeded.add(delivery.subscription_id)
        report.sent += 1
    elif result.outcome == "gone":
        # The browser unsubscribed or the subscription expired: never push to it again.
        delivery.status, delivery.last_error = "gone", result.error[:300] or "gone"
        if delivery.subscription_id is not None:
            subscriptions.gone.add(delivery.subscription_id)
        report.gone += 1
    elif result.outcome == "retry" and not preferences.gives_up(delivery.attempts):
        delivery.status, delivery.last_error = "queued", result.error[:300]
        delivery.next_attempt_at = moment + preferences.backoff(delivery.attempts)
        report.retried += 1
    else:
        delivery.status, delivery.last_error = "failed", result.error[:300]
        report.failed += 1
        report.errors.append(f"#{delivery.id} {delivery.channel}: {result.error}")
