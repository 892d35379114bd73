"""Staff console sessions: server-side rows, a random token in the `vssid_staff` cookie.

The pattern of vssid/accounts/sessions.py on a table of its own: one live session per
staff member (a new login ends the others in the same transaction), idle time-out of
15 minutes by default, a working day at most.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from vssid.accounts import audit
from vssid.accounts.audit import Client
from vssid.accounts.otp import digest
from vssid.accounts.sessions import new_token
from vssid.staff.models import StaffMember, StaffSession

REVOKED_LOGOUT = "logout"
REVOKED_IDLE = "idle"
REVOKED_EXPIRED = "expired"
REVOKED_NEW_LOGIN = "new_login"
REVOKED_PASSWORD = "password_change"
REVOKED_BY_ADMIN = "admin"
REVOKED_DISABLED = "disabled"

TOUCH_EVERY = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class Policy:
    idle: dt.timedelta = dt.timedelta(minutes=15)
    absolute: dt.timedelta = dt.timedelta(hours=10)


@dataclass(frozen=True)
class Resolved:
    session: StaffSession | None
    ended_because: str | None = None


def lock_member(session: Session, staff_id: int) -> None:
    """Serialise logins of one staff member (row lock on PostgreSQL, write lock on SQLite)."""
    session.execute(
        update(StaffMember).where(StaffMember.id == staff_id)
        .values(login_generation=StaffMember.login_generation + 1)
    )


def start(session: Session, *, member: StaffMember, client: Client, now: dt.datetime) -> str:
    """Open the staff member's one session; the caller commits."""
    lock_member(session, member.id)
    ended = end_all(session, staff_id=member.id, reason=REVOKED_NEW_LOGIN, now=now)
    token = new_token()
    session.add(StaffSession(
        token_hash=digest(token), staff_id=member.id, created_at=now, last_seen_at=now,
        user_agent=client.user_agent[:300], network=client.network,
    ))
    member.last_login_at = now
    audit.record(session, "staff_login_succeeded", client=client, staff_id=member.id, ended_sessions=ended)
    return token


def resolve(session: Session, *, token: str, policy: Policy, now: dt.datetime) -> Resolved:
    found = session.scalars(select(StaffSession).where(StaffSession.token_hash == digest(token))).first()
    if found is None:
        return Resolved(None)
    if found.revoked_at is not None:
        return Resolved(None, found.revoked_reason)
    reason = None
    if found.staff.status != "active":
        reason = REVOKED_DISABLED
    elif now - found.last_seen_at > policy.idle:
        reason = REVOKED_IDLE
    elif now - found.created_at > policy.absolute:
        reason = REVOKED_EXPIRED
    if reason:
        found.revoked_at, found.revoked_reason = now, reason
        session.commit()
        return Resolved(None, reason)
    if now - found.last_seen_at > TOUCH_EVERY:
        found.last_seen_at = now
        session.commit()
    return Resolved(found)


def touch(session: Session, staff_session: StaffSession, *, now: dt.datetime) -> None:
    staff_session.last_seen_at = now
    session.commit()


def end(session: Session, *, staff_session: StaffSession, reason: str, client: Client, now: dt.datetime) -> None:
    staff_session.revoked_at, staff_session.revoked_reason = now, reason
    audit.record(session, "staff_logout", client=client, staff_id=staff_session.staff_id, reason=reason)
    session.commit()


def end_all(
    session: Session, *, staff_id: int, reason: str, now: dt.datetime, keep_session_id: int | None = None
) -> int:
    """Revoke every live session of a staff member but `keep_session_id`; the caller commits."""
    query = update(StaffSession).where(StaffSession.staff_id == staff_id, StaffSession.revoked_at.is_(None))
    if keep_session_id is not None:
        query = query.where(StaffSession.id != keep_session_id)
    return session.execute(
        query.values(revoked_at=now, revoked_reason=reason).execution_options(synchronize_session=False)
    ).rowcount
