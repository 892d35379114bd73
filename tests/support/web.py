"""Helpers to drive the app through Flask's test client like a browser would."""
from __future__ import annotations

import re

from sqlalchemy import select

from vssid.outbound.models import OutboundMessage

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client, path: str = "/dang-nhap") -> str:
    match = _CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post_form(client, path: str, data: dict, *, token_from: str | None = None, **kwargs):
    token = csrf_token(client, token_from or path)
    return client.post(path, data={**data, "csrf_token": token}, **kwargs)


def login(client, login_id: str, password: str, **kwargs):
    return post_form(client, "/dang-nhap", {"login_id": login_id, "password": password}, **kwargs)


def last_code(session, recipient: str) -> str:
    """The 6-digit code in the newest SMS or email to `recipient` (from the outbox)."""
    session.expire_all()
    message = session.scalars(
        select(OutboundMessage).where(OutboundMessage.recipient == recipient).order_by(OutboundMessage.id.desc())
    ).first()
    assert message is not None, f"nothing sent to {recipient}"
    match = re.search(r"\b(\d{6})\b", message.body)
    assert match, message.body
    return match.group(1)


def logged_in_client(app, session, account, password: str):
    """A test client logged in as `account` on its own device (no OTP needed)."""
    client = app.test_client()
    response = login(client, account.person.ma_so, password)
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    return client


def field(page, label: str):
    """The form control labelled exactly `label` (the required-field star aside)."""
    return page.get_by_label(re.compile("^" + re.escape(label) + r"(\s*\*)?$"))
