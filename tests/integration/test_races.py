"""One live session per account and single-use OTPs hold under concurrency (PostgreSQL)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.support.factories import PASSWORD, make_account
from tests.support.web import last_code
from vssid.accounts import challenges, login
from vssid.accounts.audit import Client
from vssid.accounts.login import NEW_DEVICE_SMS
from vssid.accounts.models import UserSession
from vssid.core.db import utcnow
from vssid.core.errors import ValidationError

pytestmark = pytest.mark.postgres_only
KEY = "test-secret"
N = 8


def _released_together(n, work):
    barrier, results, errors = threading.Barrier(n), [None] * n, []

    def run(i):
        try:
            barrier.wait(timeout=10)
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 (collected and asserted below)
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_concurrent_logins_on_many_devices_leave_one_live_session(app, session):
    account = make_account(session)
    session.commit()
    engine = app.extensions["vssid.db"][0]

    def one_login(i):
        with Session(engine, expire_on_commit=False) as own:
            # Each device has passed its OTP: start its session as otp_step would.
            from vssid.accounts import sessions
            from vssid.accounts.models import Account

            device = Client(ip=f"10.0.0.{i}", user_agent="test", device_hash=f"{i:064d}")
            token = sessions.start(own, account=own.get(Account, account.id), client=device, method="password",
                                   now=utcnow())
            own.commit()
            return token

    tokens, errors = _released_together(N, one_login)
    assert errors == []
    assert len(set(tokens)) == N
    session.expire_all()
    live = session.scalars(
        select(UserSession).where(UserSession.account_id == account.id, UserSession.revoked_at.is_(None))
    ).all()
    assert len(live) == 1


def test_an_otp_submitted_twice_at_once_is_accepted_once(app, session):
    account = make_account(session, device_hash="f" * 64)
    session.commit()
    engine = app.extensions["vssid.db"][0]
    device = Client(ip="10.0.0.9", user_agent="test", device_hash="e" * 64)
    with Session(engine, expire_on_commit=False) as own:
        challenge = challenges.issue(own, purpose="new_device", destination=account.phone, channel="sms", key=KEY,
                                     now=utcnow(), message=NEW_DEVICE_SMS, account_id=account.id,
                                     device_hash=device.device_hash)
        own.commit()
        challenge_id = challenge.id
    code = last_code(session, account.phone)

    def submit(_i):
        with Session(engine, expire_on_commit=False) as own:
            return login.otp_step(own, challenge_id=challenge_id, code=code, client=device, now=utcnow(), otp_key=KEY)

    outcomes, errors = _released_together(2, submit)
    accepted = [o for o in outcomes if o is not None]
    assert len(accepted) == 1
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)


def test_password_step_is_safe_when_the_same_device_logs_in_twice_at_once(app, session):
    account = make_account(session)
    session.commit()
    engine = app.extensions["vssid.db"][0]
    device = Client(ip="10.0.0.1", user_agent="test", device_hash="d" * 64)
    ma_so = account.person.ma_so

    def submit(_i):
        with Session(engine, expire_on_commit=False) as own:
            return login.password_step(own, login_id=ma_so, password=PASSWORD, client=device,
                                       now=utcnow(), otp_key=KEY)

    outcomes, errors = _released_together(4, submit)
    assert errors == [] and all(o.token for o in outcomes)
    session.expire_all()
    live = session.scalars(
        select(UserSession).where(UserSession.account_id == account.id, UserSession.revoked_at.is_(None))
    ).all()
    assert len(live) == 1


def test_parallel_wrong_codes_get_no_more_than_five_tries(app, session):
    account = make_account(session, device_hash="f" * 64)
    session.commit()
    engine = app.extensions["vssid.db"][0]
    device = Client(ip="10.0.0.9", user_agent="test", device_hash="e" * 64)
    with Session(engine, expire_on_commit=False) as own:
        challenge_id = challenges.issue(own, purpose="new_device", destination=account.phone, channel="sms", key=KEY,
                                        now=utcnow(), message=NEW_DEVICE_SMS, account_id=account.id,
                                        device_hash=device.device_hash).id
        own.commit()
    code = last_code(session, account.phone)
    wrong = "000000" if code != "000000" else "111111"

    def guess(_i):
        with Session(engine, expire_on_commit=False) as own:
            return challenges.consume(own, challenge_id=challenge_id, purpose="new_device", code=wrong, key=KEY,
                                      now=utcnow(), device_hash=device.device_hash)

    _results, errors = _released_together(12, guess)
    assert len(errors) == 12
    tries = sum("Bạn còn" in e.message for e in errors if isinstance(e, ValidationError))
    assert tries <= 5
    with Session(engine) as own:
        from vssid.accounts.models import OtpChallenge

        assert own.get(OtpChallenge, challenge_id).attempts == 5


def test_parallel_wrong_passwords_all_count_towards_the_lock(app, session):
    account = make_account(session)
    session.commit()
    engine = app.extensions["vssid.db"][0]
    ma_so = account.person.ma_so

    def guess(i):
        with Session(engine, expire_on_commit=False) as own:
            device = Client(ip=f"10.2.0.{i}", user_agent="test", device_hash=f"{i:064d}")
            return login.password_step(own, login_id=ma_so, password="sai mat khau", client=device,
                                       now=utcnow(), otp_key=KEY)

    _results, errors = _released_together(10, guess)
    assert len(errors) == 10
    session.expire_all()
    from vssid.accounts.models import Account

    assert session.get(Account, account.id).locked_until is not None
