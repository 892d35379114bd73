"""Notifications: the inbox item, its deliveries per channel, push subscriptions, preferences.

A notice is written once per account (`Notification`, the in-app inbox item) together with
one `NotificationDelivery` row per further channel the person allows: one per push
subscription (each device), one for SMS, one for email. The worker (`flask notifications
send`) claims due deliveries, sends them, and retries with back-off.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vssid.core.db import Base, BigId, UtcDateTime, intpk, utcnow

KINDS = ("security", "card", "contribution", "support", "payment", "service_request", "announcement")
CHANNELS = ("in_app", "push", "sms", "email")
DELIVERY_CHANNELS = ("push", "sms", "email")
DELIVERY_STATUSES = ("queued", "sending", "sent", "failed", "gone")


def _in(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


class Notification(Base):
    """One notice in one account's inbox."""

    __tablename__ = "notification"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_in(KINDS)})", name="kind"),
        # An event scanned again (a card's expiry, an employer's arrears) is told once.
        UniqueConstraint("account_id", "dedupe_key", name="uq_notification_account_dedupe"),
        Index("ix_notification_account_created", "account_id", "created_at"),
        Index("ix_notification_account_unread", "account_id", "in_inbox", "read_at"),
    )
    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(300))  # a path of this site
    dedupe_key: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    read_at: Mapped[UtcDateTime | None]
    # False when the person turned the in-app channel off for this kind: the row still
    # carries the push/SMS/email deliveries but stays out of the inbox.
    in_inbox: Mapped[bool] = mapped_column(Boolean, default=True)

    deliveries: Mapped[list[NotificationDelivery]] = relationship(
        back_populates="notification", order_by="NotificationDelivery.id", cascade="all, delete-orphan"
    )


class PushSubscription(Base):
    """A browser's Web Push subscription, for one account on one device (the device cookie)."""

    __tablename__ = "push_subscription"
    __table_args__ = (UniqueConstraint("account_id", "device_hash", name="uq_push_subscription_account_device"),)
    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    device_hash: Mapped[str] = mapped_column(String(64))
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(100))  # the browser's P-256 public key, base64url
    auth: Mapped[str] = mapped_column(String(50))  # the 16-byte auth secret, base64url
    device_label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    last_success_at: Mapped[UtcDateTime | None]


class NotificationDelivery(Base):
    """Sending one notice over one channel (to one device for push), with its retries.

    `next_attempt_at` is when a queued delivery is due; while a worker holds it
    ("sending") it is the end of that worker's lease, after which another may take it.
    """

    __tablename__ = "notification_delivery"
    __table_args__ = (
        CheckConstraint(f"channel IN ({_in(DELIVERY_CHANNELS)})", name="channel"),
        CheckConstraint(f"status IN ({_in(DELIVERY_STATUSES)})", name="status"),
        Index("ix_notification_delivery_due", "status", "next_attempt_at"),
    )
    id: Mapped[intpk]
    notification_id: Mapped[int] = mapped_column(ForeignKey("notification.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(5))
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("push_subscription.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(7), default="queued")
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    next_attempt_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    sent_at: Mapped[UtcDateTime | None]
    last_error: Mapped[str | None] = mapped_column(String(300))

    notification: Mapped[Notification] = relationship(back_populates="deliveries")
    subscription: Mapped[PushSubscription | None] = relationship()


class NotificationPreference(Base):
    """A person's choice for one kind of notice on one channel; no row means the default."""

    __tablename__ = "notification_preference"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_in(KINDS)})", name="kind"),
        CheckConstraint(f"channel IN ({_in(CHANNELS)})", name="channel"),
    )
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    channel: Mapped[str] = mapped_column(String(6), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)


class Announcement(Base):
    """A notice written by a VSS editor for everyone, or for the people of one province.

    The worker fans it out to accounts in batches (`fanned_out_to` is the last account id
    done), so a national announcement never runs inside a web request.
    """

    __tablename__ = "announcement"
    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(300))
    province_code: Mapped[str | None] = mapped_column(ForeignKey("province.code"))
    created_by: Mapped[int] = mapped_column(ForeignKey("staff_member.id"))
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    fanned_out_to: Mapped[int] = mapped_column(BigId, default=0)
    recipients: Mapped[int] = mapped_column(BigId, default=0)
    finished_at: Mapped[UtcDateTime | None]

