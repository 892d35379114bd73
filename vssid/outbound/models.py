"""Outbound messages (SMS and email): one table, the outbox, for every channel.

Every message is written here first; a sender adapter delivers it. In development and
tests the outbox is the delivery (the dev outbox page and the tests read it).
"""
from __future__ import annotations

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vssid.core.db import Base, UtcDateTime, intpk, utcnow


class OutboundMessage(Base):
    __tablename__ = "outbound_message"
    __table_args__ = (
        CheckConstraint("channel IN ('sms', 'email')", name="channel"),
        CheckConstraint("status IN ('queued', 'sent', 'failed')", name="status"),
        Index("ix_outbound_message_recipient_created", "recipient", "created_at"),
    )
    id: Mapped[intpk]
    channel: Mapped[str] = mapped_column(String(5))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    sent_at: Mapped[UtcDateTime | None]
    status: Mapped[str] = mapped_column(String(6), default="queued")
    error: Mapped[str | None] = mapped_column(String(300))
