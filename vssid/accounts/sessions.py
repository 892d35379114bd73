"""Server-side sessions and the rule "one account on one device, one device per account".

The browser's cookie holds a random token; the table holds its SHA-256. Starting a
session revokes, in the same transaction, every other live session of the account and
every live session of another account on the same device.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from vssid.accounts import audit
from vssid.accounts.audit import Client
from vssid.accounts.models import Account, UserSession
from vssid.accounts.otp import digest
from vssid.notifications.events import new_device_notice

# Why a session ended; the login page explains each to the person.
REVOKED_OTHER_DEVICE = "other_device"
REVOKED_ACCOUNT_SWITCH = "account_switch"
REVOKED_LOGOUT = "logout"
REVOKED_IDLE = "idle"
REVOKED_EXPIRED = "expired"
REVOKED_PASSWORD = "password_change"
REVOKED_BY_HOLDER = "holder"

TOUCH_EVERY = dt.timedelta(seconds=60)  # write last_seen_at at most once a minute


@dataclass(frozen=True)
class SessionPolicy:
    idle: dt.timedelta
    absolute: dt.timedelta


@dataclass(frozen=True)
class Resolved:
    session: UserSession | None
    ended_because: str | None = None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def lock_account(session: Session, account_id: int) -> None:
    """Serialise logins of one account: this UPDATE holds the account's row lock
    (PostgreSQL) or the database write lock (SQLite) until the transaction ends."""
    session.execute(
        update(Account)
        .where(Account.id == account_id)
        .values(login_generation=Account.login_generation + 1)
    )


def start(session: Session, *, account: Account, client: Client, method: str, now: dt.datetime) -> str:
    """Open the account's one session on this device; the caller commits."""
    lock_account(session, account.id)
    others = session.scalars(
        select(UserSession).where(UserSession.account_id == account.id, UserSession.revoked_at.is_(None))
    ).all()
    for other in others:
        moved = other.device_hash != client.device_hash
        _revoke(other, REVOKED_OTHER_DEVICE if moved else REVOKED_LOGOUT, now)
        audit.record(session, "session_revoked", client=client, account_id=account.id,
                     reason=other.revoked_reason, session_id=other.id)
    switched = session.scalars(
        select(UserSession).where(
            UserSession.device_hash == client.device_hash,
            UserSession.account_id != account.id,
            UserSession.revoked_at.is_(None),
        )
    ).all()
    for other in switched:
        _revoke(other, REVOKED_ACCOUNT_SWITCH, now)
        audit.record(session, "session_revoked", client=client, account_id=other.account_id,
                     reason=REVOKED_ACCOUNT_SWITCH, session_id=other.id)
    if account.device_hash != client.device_hash:
        if account.device_hash is not None:
            audit.record(session, "device_changed", client=client, account_id=account.id)
            new_device_notice(session, account_id=account.id, user_agent=client.user_agent, now=now)
        account.device_hash = client.device_hash
    token = new_token()
    session.add(
        UserSession(
            token_hash=digest(token), account_id=account.id, device_hash=client.device_hash,
            method=method, created_at=now, last_seen_at=now,
            user_agent=client.user_agent[:300], network=client.network,
        )
    )
    audit.record(session, "login_succeeded", client=client, account_id=account.id, method=method)
    return token


def resolve(session: Session, *, token: str, policy: SessionPolicy, now: dt.datetime) -> Resolved:
    """The live session for a cookie token, ending it if it has timed out."""
    found = session.scalars(select(UserSession).where(UserSession.token_hash == digest(token))).first()
    if found is None:
        return Resolved(None)
    if found.revoked_at is not None:
        return Resolved(None, found.revoked_reason)
    if now - found.last_seen_at > policy.idle:
        _revoke(found, REVOKED_IDLE, now)
        session.commit()
        return Resolved(None, REVOKED_IDLE)
    if now - found.created_at > policy.absolute:
        _revoke(found, REVOKED_EXPIRED, now)
        session.commit()
        return Resolved(None, REVOKED_EXPIRED)
    if now - found.last_seen_at > TOUCH_EVERY:
        found.last_seen_at = now
        session.commit()
    return Resolved(found)


def touch(session: Session, user_session: UserSession, *, now: dt.datetime) -> None:
    """"Stay signed in": the holder answered the idle-timeout warning."""
    user_session.last_seen_at = now
    session.commit()


def end(session: Session, *, user_session: UserSession, reason: str, client: Client, now: dt.datetime) -> None:
    _revoke(user_session, reason, now)
    audit.record(session, "session_revoked", client=client, account_id=user_session.account_id,
                 reason=reason, session_id=user_session.id)
    session.commit()


def end_all(
    session: Session, *, account_id: int, reason: str, now: dt.datetime, keep_session_id: int | None = None
) -> int:
    """Revoke every live session of an account but `keep_session_id`; the caller commits."""
    query = update(UserSession).where(UserSession.account_id == account_id, UserSession.revoked_at.is_(None))
    if keep_session_id is not None:
        query = query.where(UserSession.id != keep_session_id)
    return session.execute(
        query.values(revoked_at=now, revoked_reason=reason).execution_options(synchronize_session=False)
    ).rowcount


def recent_logins(session: Session, *, account_id: int, limit: int = 10) -> list[UserSession]:
    return list(
        session.scalars(
            select(UserSession)
            .where(UserSession.account_id == account_id)
            .order_by(UserSession.created_at.desc(), UserSession.id.desc())
            .limit(limit)
        )
    )


def _revoke(user_session: UserSession, reason: str, now: dt.datetime) -> None:
    user_session.revoked_at = now
    user_session.revoked_reason = reason
