"""Issue and consume OTP challenges (SMS or email), shared by every OTP journey.

Single use holds under concurrency: the code is consumed by a conditional UPDATE
(`used_at IS NULL`), so of two submissions at once exactly one succeeds.
"""
from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from vssid.accounts import otp
from vssid.accounts.models import OtpChallenge
from vssid.core.errors import RateLimited, ValidationError
from vssid.outbound.services import queue_email, queue_sms

EXPIRED = "Mã OTP đã hết hạn hoặc đã được sử dụng. Vui lòng yêu cầu mã mới."
TOO_MANY = "Bạn đã nhập sai mã OTP quá 5 lần. Vui lòng yêu cầu mã mới."
MAX_RESENDS = 3
RESEND_WINDOW = dt.timedelta(minutes=15)


def _salt(challenge: OtpChallenge) -> str:
    return f"{challenge.purpose}:{challenge.id}"


def issue(
    session: Session,
    *,
    purpose: str,
    destination: str,
    channel: str,
    key: str,
    now: dt.datetime,
    message: str,
    account_id: int | None = None,
    registration_id: int | None = None,
    device_hash: str | None = None,
) -> OtpChallenge:
    """Create a challenge and queue its code; `message` has a `{code}` placeholder.

    With an empty destination (no such account) nothing is sent, and the challenge can
    never be passed: the caller's answer stays the same either way.
    """
    challenge = OtpChallenge(
        purpose=purpose, destination=destination, account_id=account_id,
        registration_id=registration_id, device_hash=device_hash,
        code_hash=secrets.token_hex(32),  # replaced below once the id (the salt) is known
        created_at=now, sent_at=now, expires_at=now + dt.timedelta(seconds=otp.VALID_SECONDS),
    )
    session.add(challenge)
    session.flush()
    _send_new_code(session, challenge, channel=channel, key=key, message=message)
    return challenge


def resend(session: Session, *, challenge_id: int, channel: str, key: str, now: dt.datetime, message: str) -> OtpChallenge:
    """A new code for the same challenge: at most MAX_RESENDS times, within 15 minutes of the
    first, after 60 seconds each; the attempts already spent stay spent."""
    challenge = session.get(OtpChallenge, challenge_id) if challenge_id else None
    if (
        challenge is None
        or challenge.used_at is not None
        or now - challenge.created_at > RESEND_WINDOW
        or challenge.resends >= MAX_RESENDS
        or challenge.attempts >= otp.MAX_ATTEMPTS
    ):
        raise ValidationError(EXPIRED, field="code")
    wait = otp.RESEND_AFTER_SECONDS - int((now - challenge.sent_at).total_seconds())
    if wait > 0:
        raise RateLimited(f"Vui lòng đợi {wait} giây trước khi gửi lại mã OTP.", retry_after=wait, field="code")
    challenge.sent_at, challenge.resends = now, challenge.resends + 1
    challenge.expires_at = now + dt.timedelta(seconds=otp.VALID_SECONDS)
    _send_new_code(session, challenge, channel=channel, key=key, message=message)
    return challenge


def cancel_pending(session: Session, *, account_id: int, now: dt.datetime) -> None:
    """A password change or reset voids every code still waiting for this account."""
    session.execute(
        update(OtpChallenge)
        .where(OtpChallenge.account_id == account_id, OtpChallenge.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )


def recent_count(session: Session, *, purpose: str, account_id: int, since: dt.datetime) -> int:
    return session.scalar(
        select(func.count()).select_from(OtpChallenge).where(
            OtpChallenge.purpose == purpose, OtpChallenge.account_id == account_id, OtpChallenge.created_at >= since
        )
    )


def _send_new_code(session: Session, challenge: OtpChallenge, *, channel: str, key: str, message: str) -> None:
    code = otp.new_code()
    challenge.code_hash = otp.hash_code(code, key=key, challenge_salt=_salt(challenge))
    if not challenge.destination:
        challenge.code_hash = secrets.token_hex(32)  # unreachable: no code matches
        return
    text = message.format(code=code)
    if channel == "email":
        queue_email(session, to=challenge.destination, subject="Mã xác thực VssID", body=text)
    else:
        queue_sms(session, to=challenge.destination, body=text)


def consume(
    session: Session, *, challenge_id: int | None, purpose: str, code: str, key: str, now: dt.datetime,
    device_hash: str | None = None,
) -> OtpChallenge:
    """Check a code and mark the challenge used; the caller commits with its own changes.

    Every try is counted and committed at once (so a rollback cannot undo it).
    """
    code = (code or "").strip()
    if not (code.isdigit() and len(code) == otp.CODE_DIGITS):
        raise ValidationError("Mã OTP gồm 6 chữ số.", field="code")
    challenge = session.get(OtpChallenge, challenge_id) if challenge_id else None
    if (
        challenge is None
        or challenge.purpose != purpose
        or challenge.used_at is not None
        or challenge.expires_at <= now
        or (device_hash is not None and challenge.device_hash != device_hash)
    ):
        raise ValidationError(EXPIRED, field="code")
    # Spend an attempt before comparing, in one conditional UPDATE: parallel guesses
    # cannot get more than MAX_ATTEMPTS tries between them.
    spent = session.execute(
        update(OtpChallenge)
        .where(
            OtpChallenge.id == challenge.id, OtpChallenge.attempts < otp.MAX_ATTEMPTS,
            OtpChallenge.used_at.is_(None), OtpChallenge.expires_at > now,
        )
        .values(attempts=OtpChallenge.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    session.refresh(challenge)
    if spent.rowcount != 1:
        raise ValidationError(TOO_MANY if challenge.attempts >= otp.MAX_ATTEMPTS else EXPIRED, field="code")
    if not otp.codes_match(challenge.code_hash, code, key=key, challenge_salt=_salt(challenge)):
        left = otp.MAX_ATTEMPTS - challenge.attempts
        if left <= 0:
            raise ValidationError(TOO_MANY, field="code")
        raise ValidationError(f"Mã OTP không đúng. Bạn còn {left} lần thử.", field="code")
    claimed = session.execute(
        update(OtpChallenge)
        .where(OtpChallenge.id == challenge.id, OtpChallenge.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        session.rollback()
        raise ValidationError(EXPIRED, field="code")
    return challenge
