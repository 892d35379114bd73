"""Staff logins: password, then a code from an authenticator app (TOTP); first-login enrolment.

1. `password_step` checks the e-mail and password. Five wrong passwords or codes in a row
   lock the staff account for 15 minutes; the counter is reset only by a complete login,
   so a known password cannot be used to guess codes without limit.
2. A staff member without an authenticator enrols one (`begin_enrolment` shows a new
   secret as a QR code; `confirm_enrolment` needs its first code). Otherwise `totp_step`
   checks the code; a code of a time step already used is refused (replay).
3. The session starts (vssid/staff/sessions.py); a system-made password must be changed
   before anything else, and expires unused after INITIAL_PASSWORD_DAYS.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from vssid.accounts import passwords
from vssid.accounts.audit import Client
from vssid.accounts.registration import initial_password
from vssid.core.dates import to_local
from vssid.core.errors import DomainError, ValidationError
from vssid.staff import sessions, totp
from vssid.staff.audit_log import record
from vssid.staff.models import ROLES, STAFF_EMAIL_DOMAIN, StaffMember

MAX_FAILURES = 5
LOCK_FOR = dt.timedelta(minutes=15)
INITIAL_PASSWORD_DAYS = 3
WRONG_CREDENTIALS = "Email hoặc mật khẩu không đúng."
WRONG_CODE = "Mã xác thực không đúng hoặc đã được dùng. Hãy nhập mã mới đang hiện trên ứng dụng xác thực."
_EMAIL = re.compile(r"[a-z0-9][a-z0-9._%+\-]{0,63}@" + re.escape(STAFF_EMAIL_DOMAIN))


class StaffLocked(DomainError):
    """Too many wrong passwords or codes: locked for a while."""


def normalise_email(value: str) -> str:
    return unicodedata.normalize("NFC", (value or "").strip()).lower()


def validate_email(value: str) -> str:
    email = normalise_email(value)
    if not email:
        raise ValidationError("Nhập email công vụ.", field="email")
    if not _EMAIL.fullmatch(email):
        raise ValidationError(
            f"Email cán bộ phải là địa chỉ công vụ @{STAFF_EMAIL_DOMAIN} (ví dụ: nguyenvana@{STAFF_EMAIL_DOMAIN}).",
            field="email",
        )
    return email


def validate_name(value: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", value or "").split())
    if len(name) < 2 or len(name) > 120 or any(ch.isdigit() for ch in name):
        raise ValidationError("Nhập họ và tên đầy đủ của cán bộ.", field="full_name")
    return name


def validate_role(value: str) -> str:
    if value not in ROLES:
        raise ValidationError("Chọn vai trò của cán bộ.", field="role")
    return value


def create_staff(
    session: Session, *, email: str, full_name: str, role: str, now: dt.datetime, created_by: int | None,
    client: Client | None,
) -> tuple[StaffMember, str]:
    """A new staff account with a one-time initial password (returned, never stored in clear)."""
    email, full_name, role = validate_email(email), validate_name(full_name), validate_role(role)
    if session.scalars(select(StaffMember.id).where(StaffMember.email == email)).first():
        raise ValidationError("Email này đã có tài khoản cán bộ.", field="email")
    initial = initial_password()
    member = StaffMember(
        email=email, full_name=full_name, role=role, password_hash=passwords.hash_password(initial),
        must_change_password=True, created_at=now, password_changed_at=now, created_by=created_by,
    )
    session.add(member)
    session.flush()
    record(session, "staff_created", staff_id=created_by, client=client, member_id=member.id, role=role)
    session.commit()
    return member, initial


def _find(session: Session, email: str) -> StaffMember | None:
    return session.scalars(select(StaffMember).where(StaffMember.email == normalise_email(email))).first()


def _locked_message(until: dt.datetime) -> str:
    return (f"Tài khoản cán bộ tạm khóa do nhập sai nhiều lần. Vui lòng thử lại sau "
            f"{to_local(until).strftime('%H:%M')}.")


def _count_failure(session: Session, *, member: StaffMember, client: Client, now: dt.datetime, what: str) -> None:
    """Count a wrong password or code in one statement; lock at MAX_FAILURES. Commits."""
    failures = session.execute(
        update(StaffMember).where(StaffMember.id == member.id)
        .values(failed_logins=StaffMember.failed_logins + 1)
        .returning(StaffMember.failed_logins)
    ).scalar_one()
    record(session, "staff_login_failed", staff_id=member.id, client=client, reason=what)
    if failures >= MAX_FAILURES:
        session.execute(
            update(StaffMember).where(StaffMember.id == member.id)
            .values(failed_logins=0, locked_until=now + LOCK_FOR)
        )
        record(session, "staff_locked", staff_id=member.id, client=client)
        session.commit()
        raise StaffLocked(_locked_message(now + LOCK_FOR))
    session.commit()


def _refuse_if_locked(session: Session, member: StaffMember, *, client: Client, now: dt.datetime) -> None:
    if member.locked_until and member.locked_until > now:
        record(session, "staff_login_refused_locked", staff_id=member.id, client=client)
        session.commit()
        raise StaffLocked(_locked_message(member.locked_until))


def password_step(session: Session, *, email: str, password: str, client: Client, now: dt.datetime) -> StaffMember:
    """The first factor. Returns the staff member; the caller then asks for the code."""
    member = _find(session, email)
    if member is None or member.status != "active":
        passwords.waste_time_like_a_verification(password or "")
        record(session, "staff_login_failed", staff_id=member.id if member else None, client=client,
               reason="unknown" if member is None else "disabled", email=normalise_email(email)[:254])
        session.commit()
        raise ValidationError(WRONG_CREDENTIALS, field="password")
    _refuse_if_locked(session, member, client=client, now=now)
    if not passwords.verify_password(member.password_hash, password or ""):
        _count_failure(session, member=member, client=client, now=now, what="password")
        raise ValidationError(WRONG_CREDENTIALS, field="password")
    if member.must_change_password and now - member.password_changed_at > dt.timedelta(days=INITIAL_PASSWORD_DAYS):
        record(session, "staff_login_failed", staff_id=member.id, client=client, reason="initial_password_expired")
        session.commit()
        raise ValidationError(
            f"Mật khẩu ban đầu chỉ có hiệu lực {INITIAL_PASSWORD_DAYS} ngày và đã hết hạn. "
            "Đề nghị quản trị hệ thống cấp lại.", field="password")
    if passwords.needs_rehash(member.password_hash):
        member.password_hash = passwords.hash_password(password)
        session.commit()
    return member


def pending_member(session: Session, *, staff_id: int | None) -> StaffMember | None:
    """The staff member who passed the password step (id from the signed cookie), if still active."""
    member = session.get(StaffMember, staff_id) if staff_id else None
    return member if member is not None and member.status == "active" else None


def begin_enrolment(session: Session, *, member: StaffMember, app_secret: str) -> str:
    """The secret for the authenticator app, kept encrypted until its first code is typed.

    Reloading the page shows the same secret (the app may already hold it); once enrolment
    is confirmed it is never shown again.
    """
    if member.totp_enrolled:
        raise ValidationError("Tài khoản đã có ứng dụng xác thực.")
    pending = pending_secret(member, app_secret=app_secret)
    if pending is not None:
        return pending
    secret = totp.new_secret()
    member.totp_pending = totp.seal(secret, app_secret=app_secret, staff_id=member.id)
    session.commit()
    return secret


def pending_secret(member: StaffMember, *, app_secret: str) -> str | None:
    """The secret being enrolled (to show the same QR again after a mistyped first code)."""
    if member.totp_pending is None or member.totp_enrolled:
        return None
    try:
        return totp.unseal(member.totp_pending, app_secret=app_secret, staff_id=member.id)
    except totp.SecretUnreadable:
        return None


def confirm_enrolment(
    session: Session, *, member: StaffMember, code: str, client: Client, now: dt.datetime, app_secret: str
) -> str:
    """The first code proves the app holds the secret; the session starts (token returned)."""
    _refuse_if_locked(session, member, client=client, now=now)
    secret = pending_secret(member, app_secret=app_secret)
    if secret is None:
        raise ValidationError("Phiên cài đặt đã hết hạn. Vui lòng đăng nhập lại.", field="code")
    step = totp.matching_step(secret, code, now=now, after_step=None)
    if step is None:
        _count_failure(session, member=member, client=client, now=now, what="totp_enrolment")
        raise ValidationError(WRONG_CODE, field="code")
    claimed = session.execute(
        update(StaffMember)
        .where(StaffMember.id == member.id, StaffMember.totp_secret.is_(None),
               StaffMember.totp_pending == member.totp_pending)
        .values(totp_secret=member.totp_pending, totp_pending=None, totp_enrolled_at=now, totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        session.rollback()
        raise ValidationError("Phiên cài đặt đã hết hạn. Vui lòng đăng nhập lại.", field="code")
    session.refresh(member)
    record(session, "staff_totp_enrolled", staff_id=member.id, client=client)
    return _start(session, member=member, client=client, now=now)


def totp_step(
    session: Session, *, member: StaffMember, code: str, client: Client, now: dt.datetime, app_secret: str
) -> str:
    """The second factor; returns the new session's token."""
    _refuse_if_locked(session, member, client=client, now=now)
    if not member.totp_enrolled:
        raise ValidationError("Tài khoản chưa cài đặt ứng dụng xác thực.", field="code")
    try:
        secret = totp.unseal(member.totp_secret, app_secret=app_secret, staff_id=member.id)
    except totp.SecretUnreadable:
        record(session, "staff_totp_unreadable", staff_id=member.id, client=client)
        session.commit()
        raise ValidationError("Không đọc được khóa xác thực. Đề nghị quản trị hệ thống cấp lại.", field="code") from None
    any_step = totp.matching_step(secret, code, now=now, after_step=None)
    step = totp.matching_step(secret, code, now=now, after_step=member.totp_last_step)
    if step is None:
        if any_step is not None:
            record(session, "staff_totp_replayed", staff_id=member.id, client=client, step=any_step)
        _count_failure(session, member=member, client=client, now=now, what="totp" if any_step is None else "totp_replay")
        raise ValidationError(WRONG_CODE, field="code")
    # Claim the step: of two logins with the same code at once, exactly one gets it.
    claimed = session.execute(
        update(StaffMember)
        .where(StaffMember.id == member.id,
               or_(StaffMember.totp_last_step.is_(None), StaffMember.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        session.rollback()
        record(session, "staff_totp_replayed", staff_id=member.id, client=client, step=step)
        _count_failure(session, member=member, client=client, now=now, what="totp_replay")
        raise ValidationError(WRONG_CODE, field="code")
    return _start(session, member=member, client=client, now=now)


def _start(session: Session, *, member: StaffMember, client: Client, now: dt.datetime) -> str:
    token = sessions.start(session, member=member, client=client, now=now)
    member.failed_logins, member.locked_until = 0, None
    session.commit()
    return token


def personal_values(member: StaffMember) -> list[str]:
    return [member.email, member.email.split("@")[0], member.full_name]


def change_password(
    session: Session, *, member: StaffMember, current: str, new: str, confirm: str, client: Client,
    now: dt.datetime, keep_session_id: int | None,
) -> None:
    """Change the password (the system-made one first of all); other sessions end."""
    if not passwords.verify_password(member.password_hash, current or ""):
        record(session, "staff_password_change_failed", staff_id=member.id, client=client)
        session.commit()
        raise ValidationError("Mật khẩu hiện tại không đúng.", field="current_password")
    if (new or "") != (confirm or ""):
        raise ValidationError("Mật khẩu nhập lại không khớp.", field="confirm_password")
    passwords.check_policy(new or "", personal=personal_values(member))
    if passwords.verify_password(member.password_hash, new):
        raise ValidationError("Mật khẩu mới phải khác mật khẩu hiện tại.", field="password")
    member.password_hash = passwords.hash_password(new)
    member.must_change_password, member.password_changed_at = False, now
    sessions.end_all(session, staff_id=member.id, reason=sessions.REVOKED_PASSWORD, now=now,
                     keep_session_id=keep_session_id)
    record(session, "staff_password_changed", staff_id=member.id, client=client)
    session.commit()
