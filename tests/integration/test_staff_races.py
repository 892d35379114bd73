"""Concurrency on PostgreSQL: one TOTP code opens one session; a registration is decided once."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.support.factories import make_person
from tests.support.staff import APP_SECRET, code, make_registration, make_staff
from vssid.accounts.audit import Client
from vssid.accounts.models import Account, Registration
from vssid.core.db import utcnow
from vssid.core.errors import DomainError
from vssid.outbound.models import OutboundMessage
from vssid.staff import auth, registrations
from vssid.staff.models import StaffMember, StaffSession

pytestmark = pytest.mark.postgres_only
N = 6


def _released_together(n, work):
    barrier, results, errors = threading.Barrier(n), [None] * n, []

    def run(i):
        try:
            barrier.wait(timeout=10)
            results[i] = work(i)
        except DomainError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def _client(i: int) -> Client:
    return Client(ip=f"10.1.0.{i}", user_agent="test", device_hash=f"{i:064d}")


def test_one_code_typed_in_many_browsers_at_once_opens_one_session(app, session):
    member, secret = make_staff(session)
    session.commit()
    engine, typed = app.extensions["vssid.db"][0], code(secret)

    def login(i):
        with Session(engine, expire_on_commit=False) as own:
            return auth.totp_step(own, member=own.get(StaffMember, member.id), code=typed, client=_client(i),
                                  now=utcnow(), app_secret=APP_SECRET)

    tokens, errors = _released_together(N, login)
    assert len([t for t in tokens if t]) == 1 and len(errors) == N - 1
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(StaffSession)) == 1


def test_two_officers_approving_at_once_create_one_account(app, session):
    person = make_person(session)
    registration = make_registration(session, person)
    officers = [make_staff(session)[0] for _ in range(N)]
    session.commit()
    engine = app.extensions["vssid.db"][0]

    def approve(i):
        with Session(engine, expire_on_commit=False) as own:
            return registrations.approve(own, registration_id=registration.id, staff=officers[i], client=_client(i),
                                         now=utcnow()).id

    accounts, errors = _released_together(N, approve)
    assert len([a for a in accounts if a]) == 1 and len(errors) == N - 1
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Account)) == 1
    assert session.scalar(select(func.count()).select_from(OutboundMessage)) == 1
    assert session.get(Registration, registration.id).status == "approved"
