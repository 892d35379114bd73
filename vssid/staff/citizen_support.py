"""Helping a citizen with their account: find the person, unlock, send a new initial
password, end their sessions, remove a lost device.

Every action states a reason and is written to the audit log with the staff member's id
(`audit.record` via vssid/staff/audit_log.py); the citizen's account row is changed in
the same transaction as its audit event.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vssid.accounts import challenges, passwords, sessions
from vssid.accounts.audit import Client
from vssid.accounts.models import Account, Registration, UserSession
from vssid.accounts.registration import initial_password
from vssid.core.errors import NotFound, ValidationError
from vssid.outbound.services import queue_sms
from vssid.registry.identifiers import is_login_id
from vssid.registry.models import HealthCard, Person
from vssid.staff.audit_log import record
from vssid.staff.corrections import history
from vssid.staff.models import RegistryCorrection, StaffMember
from vssid.staff.text import validate_reason

NO_ACCOUNT = "Người này chưa có tài khoản giao dịch điện tử."
CARD_STATUS_VI = {"active": "Còn giá trị", "replaced": "Đã thay thế", "withdrawn": "Đã thu hồi", "stopped": "Đã dừng"}
REGISTRATION_STATUS_VI = {"phone_unverified": "Chưa xác thực số điện thoại", "pending_review": "Chờ duyệt",
                          "approved": "Đã duyệt", "rejected": "Đã từ chối"}


@dataclass(frozen=True)
class PersonFile:
    """What the console shows about one person."""

    person: Person
    account: Account | None
    live_sessions: int
    cards: list[HealthCard]
    corrections: list[RegistryCorrection]
    registrations: list[Registration]

    def locked(self, now: dt.datetime) -> bool:
        return bool(self.account and self.account.locked_until and self.account.locked_until > now)


def find(session: Session, *, query: str) -> Person | None:
    """A person by mã số BHXH (10 digits) or CCCD (12 digits); ValidationError for anything else."""
    compact = "".join((query or "").split())
    kind = is_login_id(compact)
    if kind is None:
        raise ValidationError("Nhập mã số BHXH (10 chữ số) hoặc số CCCD (12 chữ số).", field="q")
    column = Person.ma_so if kind == "ma_so" else Person.cccd
    return session.scalars(select(Person).where(column == compact)).first()


def person_by_ma_so(session: Session, ma_so: str) -> Person:
    person = session.scalars(select(Person).where(Person.ma_so == ma_so)).first() if ma_so.isdigit() else None
    if person is None:
        raise NotFound("Không tìm thấy người tham gia với mã số này.")
    return person


def person_file(session: Session, *, ma_so: str) -> PersonFile:
    person = person_by_ma_so(session, ma_so)
    account = session.scalars(select(Account).where(Account.person_id == person.id)).first()
    live = 0
    if account is not None:
        live = session.scalar(select(func.count()).select_from(UserSession).where(
            UserSession.account_id == account.id, UserSession.revoked_at.is_(None)))
    cards = list(session.scalars(
        select(HealthCard).where(HealthCard.person_id == person.id).order_by(HealthCard.valid_from.desc()).limit(20)))
    registrations = list(session.scalars(
        select(Registration).where(Registration.ma_so == person.ma_so).order_by(Registration.id.desc()).limit(10)))
    return PersonFile(person, account, live, cards, history(session, person_id=person.id), registrations)


def _account(session: Session, ma_so: str) -> Account:
    person = person_by_ma_so(session, ma_so)
    account = session.scalars(select(Account).where(Account.person_id == person.id)).first()
    if account is None:
        raise NotFound(NO_ACCOUNT)
    return account


def unlock(session: Session, *, ma_so: str, reason: str, staff: StaffMember, client: Client, now: dt.datetime) -> None:
    """Lift the 15-minute lock after five wrong passwords."""
    reason = validate_reason(reason)
    account = _account(session, ma_so)
    if not (account.locked_until and account.locked_until > now) and not account.failed_logins:
        raise ValidationError("Tài khoản đang không bị khóa.", field="reason")
    account.locked_until, account.failed_logins = None, 0
    record(session, "citizen_unlocked", staff_id=staff.id, client=client, account_id=account.id, subject=ma_so,
           reason=reason)
    session.commit()


def reissue_password(
    session: Session, *, ma_so: str, reason: str, staff: StaffMember, client: Client, now: dt.datetime
) -> None:
    """A new initial password by SMS to the registered phone; it must be changed at the next
    login. Every session ends, the lock is lifted and pending codes are voided."""
    reason = validate_reason(reason)
    account = _account(session, ma_so)
    if account.status != "active":
        raise ValidationError("Tài khoản đã bị vô hiệu hóa, không cấp lại mật khẩu.", field="reason")
    initial = initial_password()
    account.password_hash = passwords.hash_password(initial)
    account.must_change_password, account.password_changed_at = True, now
    account.locked_until, account.failed_logins = None, 0
    ended = sessions.end_all(session, account_id=account.id, reason=sessions.REVOKED_PASSWORD, now=now)
    challenges.cancel_pending(session, account_id=account.id, now=now)
    queue_sms(session, to=account.phone, body=(
        f"VssID: Co quan BHXH da cap lai mat khau. Ten dang nhap: {ma_so}. Mat khau: {initial} . "
        "Ban phai doi mat khau khi dang nhap lan dau."
    ))
    record(session, "citizen_password_reissued", staff_id=staff.id, client=client, account_id=account.id,
           subject=ma_so, reason=reason, ended_sessions=ended)
    session.commit()


def end_sessions(
    session: Session, *, ma_so: str, reason: str, staff: StaffMember, client: Client, now: dt.datetime
) -> int:
    reason = validate_reason(reason)
    account = _account(session, ma_so)
    ended = sessions.end_all(session, account_id=account.id, reason=sessions.REVOKED_BY_HOLDER, now=now)
    if not ended:
        session.rollback()
        raise ValidationError("Tài khoản không có phiên đăng nhập nào đang mở.", field="reason")
    record(session, "citizen_sessions_ended", staff_id=staff.id, client=client, account_id=account.id,
           subject=ma_so, reason=reason, ended_sessions=ended)
    session.commit()
    return ended


def remove_device(
    session: Session, *, ma_so: str, reason: str, staff: StaffMember, client: Client, now: dt.datetime
) -> None:
    """Forget the account's one device (lost or broken phone) and end its sessions; the next
    login from any device becomes the account's device."""
    reason = validate_reason(reason)
    account = _account(session, ma_so)
    if account.device_hash is None:
        raise ValidationError("Tài khoản chưa gắn với thiết bị nào.", field="reason")
    account.device_hash = None
    ended = sessions.end_all(session, account_id=account.id, reason=sessions.REVOKED_BY_HOLDER, now=now)
    record(session, "citizen_device_removed", staff_id=staff.id, client=client, account_id=account.id,
           subject=ma_so, reason=reason, ended_sessions=ended)
    session.commit()
