"""Queue SMS and email, and deliver them through the configured adapters.

Callers only queue (in their own transaction, so a rolled-back action sends nothing);
`flask outbound send` delivers. Without a gateway configured, messages stay in the
outbox, which the development outbox page shows.
"""
from __future__ import annotations

import json
import smtplib
import urllib.request
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import unquote, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from vssid.core.db import utcnow
from vssid.outbound.models import OutboundMessage


def queue_sms(session: Session, *, to: str, body: str) -> OutboundMessage:
    message = OutboundMessage(channel="sms", recipient=to, body=body)
    session.add(message)
    return message


def queue_email(session: Session, *, to: str, subject: str, body: str) -> OutboundMessage:
    message = OutboundMessage(channel="email", recipient=to, subject=subject, body=body)
    session.add(message)
    return message


def latest_to(session: Session, *, recipient: str, channel: str = "sms") -> OutboundMessage | None:
    return session.scalars(
        select(OutboundMessage)
        .where(OutboundMessage.recipient == recipient, OutboundMessage.channel == channel)
        .order_by(OutboundMessage.id.desc())
        .limit(1)
    ).first()


def recent(session: Session, *, limit: int = 50) -> list[OutboundMessage]:
    return list(session.scalars(select(OutboundMessage).order_by(OutboundMessage.id.desc()).limit(limit)))


class Sender(Protocol):
    def __call__(self, message: OutboundMessage) -> None: ...


def http_sms_sender(gateway_url: str, *, timeout: float = 10) -> Sender:
    """An SMS gateway that takes `{"to": ..., "message": ...}` as JSON by POST."""

    def send(message: OutboundMessage) -> None:
        data = json.dumps({"to": message.recipient, "message": message.body}).encode()
        request = urllib.request.Request(
            gateway_url, data=data, method="POST", headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (configured URL)
            if response.status >= 300:
                raise OSError(f"SMS gateway answered {response.status}")

    return send


def smtp_sender(smtp_url: str, *, sender: str, timeout: float = 10) -> Sender:
    """SMTP with STARTTLS: smtp://user:password@host:587 (smtps:// for implicit TLS)."""
    parts = urlsplit(smtp_url)

    def send(message: OutboundMessage) -> None:
        email = EmailMessage()
        email["From"], email["To"], email["Subject"] = sender, message.recipient, message.subject or ""
        email.set_content(message.body)
        client_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
        with client_class(parts.hostname, parts.port or 587, timeout=timeout) as client:
            if parts.scheme == "smtp":
                client.starttls()
            if parts.username:
                client.login(unquote(parts.username), unquote(parts.password or ""))
            client.send_message(email)

    return send


def deliver_queued(session: Session, *, senders: dict[str, Sender], batch: int = 100) -> int:
    """Deliver queued messages of the channels that have a sender; returns how many were sent."""
    query = (
        select(OutboundMessage)
        .where(OutboundMessage.status == "queued", OutboundMessage.channel.in_(list(senders)))
        .order_by(OutboundMessage.id)
        .limit(batch)
        .with_for_update(skip_locked=True)  # several workers never send one message twice
    )
    sent = 0
    for message in session.scalars(query):
        try:
            senders[message.channel](message)
        except OSError as exc:
            message.status, message.error = "failed", str(exc)[:300]
        else:
            # Codes and initial passwords must not outlive their delivery in the database.
            message.status, message.sent_at, message.body = "sent", utcnow(), "(đã gửi; nội dung đã xóa)"
            sent += 1
    session.commit()
    return sent
