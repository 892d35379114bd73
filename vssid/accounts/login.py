"""Logging in: password, lockout, the new-device OTP, password changes and resets.

VssID's rules (DOMAIN.md §7): log in with the mã số BHXH or the CCCD number; five wrong
passwords lock the account for 15 minutes; a password reset goes through an OTP valid
5 minutes. This product adds one device per account with an SMS OTP on a new device.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from vssid.accounts import audit, challenges, passwords, sessions
from vssid.accounts.audit import Client
from vssid.accounts.models import Account
from vssid.core.dates import format_date_vi, to_local
from vssid.core.errors import DomainError, ValidationError
from vssid.outbound.services import queue_sms
from vssid.registry.models import Person

MAX_FAILURES = 5
RESETS_PER_DAY = 5
LOCK_FOR = dt.timedelta(minutes=15)
WRONG_CREDENTIALS = "Mã số BHXH hoặc mật khẩu không đúng."

NEW_DEVICE_SMS = (
    "VssID: Ma OTP dang nhap tren thiet bi moi la {code}, hieu luc 5 phut. "
    "Khong cung cap ma nay cho bat ky ai."
)
RESET_MESSAGE = "VssID: Ma OTP dat lai mat khau la {code}, hieu luc 5 phut. Khong cung cap ma nay cho ai."


class AccountLocked(DomainError):
    """Five wrong passwords: locked until a time the message gives."""


@dataclass(frozen=True)
class LoginOutcome:
    """Either a session token, or an OTP challenge to pass first."""

    token: str | None = None
    challenge_id: int | None = None
    must_change_password: bool = False


def find_account(session: Session, login_id: str) -> Account | None:
    login_id = (login_id or "").strip().replace(" ", "")
    if login_id.isdigit() and len(login_id) == 10:
        condition = Person.ma_so == login_id
    elif login_id.isdigit() and len(login_id) == 12:
        condition = Person.cccd == login_id
    else:
        return None
    return session.scalars(select(Account).join(Account.person).where(condition)).first()


def personal_values(person: Person) -> list[str]:
    """What a password must not be: the person's identifiers and date of birth."""
    values = [person.ma_so, person.cccd or "", person.phone or "", str(person.birth_year)]
    if person.birth_date:
        values += [person.birth_date.strftime("%d%m%Y"), person.birth_date.strftime("%d/%m/%Y")]
    return values


def locked_message(until: dt.datetime) -> str:
    local = to_local(until)
    return (
        "Tài khoản tạm khóa do nhập sai mật khẩu 5 lần. "
        f"Vui lòng thử lại sau {local.strftime('%H:%M')} ngày {format_date_vi(local.date())}."
    )


def password_step(
    session: Session, *, login_id: str, password: str, client: Client, now: dt.datetime, otp_key: str
) -> LoginOutcome:
    account = find_account(session, login_id)
    if account is None or account.status != "active":
        passwords.waste_time_like_a_verification(password or "")
        audit.record(session, "login_failed", client=client, subject=(login_id or "")[:20], reason="unknown")
        session.commit()
        raise ValidationError(WRONG_CREDENTIALS, field="password")
    if account.locked_until and account.locked_until > now:
        audit.record(session, "login_refused_locked", client=client, account_id=account.id)
        session.commit()
        raise AccountLocked(locked_message(account.locked_until))
    if not passwords.verify_password(account.password_hash, password or ""):
        _count_failure(session, account=account, client=client, now=now)
        raise ValidationError(WRONG_CREDENTIALS, field="password")
    # From here on this login holds the account's lock: the device it finds is current.
    sessions.lock_account(session, account.id)
    session.refresh(account)
    account.failed_logins, account.locked_until = 0, None
    if passwords.needs_rehash(account.password_hash):
        account.password_hash = passwords.hash_password(password)
    if account.device_hash is not None and account.device_hash != client.device_hash:
        challenge = challenges.issue(
            session, purpose="new_device", destination=account.phone, channel="sms", key=otp_key,
            now=now, message=NEW_DEVICE_SMS, account_id=account.id, device_hash=client.device_hash,
        )
        audit.record(session, "otp_sent", client=client, account_id=account.id, purpose="new_device")
        session.commit()
        return LoginOutcome(challenge_id=challenge.id)
    token = sessions.start(session, account=account, client=client, method="password", now=now)
    session.commit()
    return LoginOutcome(token=token, must_change_password=account.must_change_password)


def _count_failure(session: Session, *, account: Account, client: Client, now: dt.datetime) -> None:
    """Count a wrong password in one statement (parallel guesses all count) and lock at five."""
    failures = session.execute(
        update(Account).where(Account.id == account.id)
        .values(failed_logins=Account.failed_logins + 1)
        .returning(Account.failed_logins)
    ).scalar_one()
    audit.record(session, "login_failed", client=client, account_id=account.id, reason="password")
    if failures >= MAX_FAILURES:
        session.execute(
            update(Account).where(Account.id == account.id)
            .values(failed_logins=0, locked_until=now + LOCK_FOR)
        )
        audit.record(session, "account_locked", client=client, account_id=account.id)
        session.commit()
        raise AccountLocked(locked_message(now + LOCK_FOR))
    session.commit()


def otp_step(
    session: Session, *, challenge_id: int | None, code: str, client: Client, now: dt.datetime, otp_key: str,
    method: str = "password",
) -> LoginOutcome:
    """The SMS code proves the phone: this device becomes the account's device."""
    try:
        challenge = challenges.consume(
            session, challenge_id=challenge_id, purpose="new_device", code=code, key=otp_key, now=now,
            device_hash=client.device_hash,
        )
    except ValidationError:
        audit.record(session, "otp_failed", client=client, purpose="new_device", challenge_id=challenge_id)
        session.commit()
        raise
    account = session.get(Account, challenge.account_id)
    token = sessions.start(session, account=account, client=client, method=method, now=now)
    session.commit()
    return LoginOutcome(token=token, must_change_password=account.must_change_password)


def resend_device_otp(session: Session, *, challenge_id: int | None, now: dt.datetime, otp_key: str) -> None:
    challenges.resend(session, challenge_id=challenge_id, channel="sms", key=otp_key, now=now, message=NEW_DEVICE_SMS)
    session.commit()


def change_password(
    session: Session, *, account: Account, current: str, new: str, confirm: str, client: Client,
    now: dt.datetime, keep_session_id: int | None,
) -> None:
    """Change the password; every other session of the account ends (ASVS 3.3.3)."""
    if not passwords.verify_password(account.password_hash, current or ""):
        audit.record(session, "password_change_failed", client=client, account_id=account.id)
        session.commit()
        raise ValidationError("Mật khẩu hiện tại không đúng.", field="current_password")
    _set_password(session, account=account, new=new, confirm=confirm, now=now)
    sessions.end_all(session, account_id=account.id, reason=sessions.REVOKED_PASSWORD, now=now,
                      keep_session_id=keep_session_id)
    audit.record(session, "password_changed", client=client, account_id=account.id)
    session.commit()


def start_reset(
    session: Session, *, login_id: str, channel: str, client: Client, now: dt.datetime, otp_key: str
) -> int:
    """Send a reset code to the account's registered phone or email.

    The answer is the same whether or not the account exists (no account enumeration).
    """
    account = find_account(session, login_id)
    destination = ""
    if account is not None and account.status == "active":
        # At most RESETS_PER_DAY codes a day for one account, whoever asks; the answer stays the same.
        sent_today = challenges.recent_count(session, purpose="password_reset", account_id=account.id,
                                             since=now - dt.timedelta(days=1))
        if sent_today < RESETS_PER_DAY:
            destination = account.email if channel == "email" else account.phone
    challenge = challenges.issue(
        session, purpose="password_reset", destination=destination or "", channel=channel, key=otp_key,
        now=now, message=RESET_MESSAGE, account_id=account.id if account else None,
        device_hash=client.device_hash,
    )
    audit.record(session, "otp_sent" if destination else "password_reset_unknown", client=client,
                 account_id=account.id if account else None, subject=login_id[:20], purpose="password_reset")
    session.commit()
    return challenge.id


def finish_reset(
    session: Session, *, challenge_id: int | None, code: str, new: str, confirm: str, client: Client,
    now: dt.datetime, otp_key: str,
) -> None:
    """A valid code sets the new password and ends every session of the account."""
    try:
        challenge = challenges.consume(
            session, challenge_id=challenge_id, purpose="password_reset", code=code, key=otp_key, now=now,
        )
    except ValidationError:
        audit.record(session, "otp_failed", client=client, purpose="password_reset", challenge_id=challenge_id)
        session.commit()
        raise
    account = session.get(Account, challenge.account_id)
    try:
        _set_password(session, account=account, new=new, confirm=confirm, now=now)
    except ValidationError:
        session.rollback()  # the code stays usable while the person picks a better password
        raise
    account.failed_logins, account.locked_until = 0, None
    sessions.end_all(session, account_id=account.id, reason=sessions.REVOKED_PASSWORD, now=now)
    audit.record(session, "password_reset", client=client, account_id=account.id)
    session.commit()


def _set_password(session: Session, *, account: Account, new: str, confirm: str, now: dt.datetime) -> None:
    if (new or "") != (confirm or ""):
        raise ValidationError("Mật khẩu nhập lại không khớp.", field="confirm_password")
    passwords.check_policy(new or "", personal=personal_values(account.person))
    if passwords.verify_password(account.password_hash, new):
        raise ValidationError("Mật khẩu mới phải khác mật khẩu hiện tại.", field="password")
    account.password_hash = passwords.hash_password(new)
    was_initial = account.must_change_password
    account.must_change_password = False
    account.password_changed_at = now
    challenges.cancel_pending(session, account_id=account.id, now=now)
    if not was_initial:
        local = to_local(now)
        queue_sms(session, to=account.phone, body=(
            f"VssID: Mat khau tai khoan cua ban da duoc doi luc {local.strftime('%H:%M %d/%m/%Y')}. "
            "Neu khong phai ban, hay goi ngay 1900 9068."
        ))
