"""The officers' queue of e-transaction registrations waiting for review (NĐ 164/2025).

A request whose data did not match the registry waits in status 'pending_review'
(vssid/accounts/registration.py:verify_phone). The officer sees it next to the registry
record, differences marked, and approves it (the account is created and the login and an
initial password go out by SMS: `registration.approve`) or rejects it with a reason the
citizen receives by SMS. Each request is decided once: the decision first claims the
row with a conditional UPDATE, so two officers clicking at once cannot both decide.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from vssid.accounts import registration as accounts_registration
from vssid.accounts.audit import Client
from vssid.accounts.models import Account, Registration
from vssid.accounts.registration import normalise_name, normalise_phone
from vssid.core.dates import BirthDate
from vssid.core.errors import Conflict, NotFound, ValidationError
from vssid.outbound.services import queue_sms
from vssid.registry.models import Person
from vssid.staff.audit_log import record
from vssid.staff.models import StaffMember
from vssid.staff.text import sms_text, validate_reason

PER_PAGE = 50
ALREADY_DECIDED = "Yêu cầu này đã được xử lý (có thể bởi cán bộ khác). Vui lòng tải lại danh sách."


@dataclass(frozen=True)
class ComparedField:
    label: str
    submitted: str
    registry: str
    differs: bool


@dataclass(frozen=True)
class Review:
    registration: Registration
    person: Person | None
    fields: list[ComparedField]
    has_account: bool

    @property
    def can_approve(self) -> bool:
        return self.registration.status == "pending_review" and self.person is not None and not self.has_account

    @property
    def differences(self) -> int:
        return sum(1 for f in self.fields if f.differs)


def queue(session: Session, *, page: int = 1) -> tuple[list[Registration], bool]:
    """Pending requests, oldest first (first come, first served); and whether a next page exists."""
    page = max(1, page)
    rows = list(session.scalars(
        select(Registration).options(joinedload(Registration.office))
        .where(Registration.status == "pending_review")
        .order_by(Registration.created_at, Registration.id)
        .offset((page - 1) * PER_PAGE).limit(PER_PAGE + 1)
    ))
    return rows[:PER_PAGE], len(rows) > PER_PAGE


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Registration).where(Registration.status == "pending_review"))


def _birth(person: Person) -> str:
    return BirthDate(person.birth_year, person.birth_month, person.birth_day).format()


def _same_text(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def review(session: Session, *, registration_id: int) -> Review:
    registration = session.get(Registration, registration_id)
    if registration is None:
        raise NotFound("Không tìm thấy yêu cầu đăng ký này.")
    person = session.scalars(select(Person).where(Person.ma_so == registration.ma_so)).first()
    has_account = person is not None and session.scalar(
        select(Account.id).where(Account.person_id == person.id)) is not None
    if person is None:
        fields = [ComparedField(label, value, "", True) for label, value in (
            ("Họ và tên", registration.full_name), ("Ngày sinh", registration.birth_text),
            ("Số CCCD", registration.cccd), ("Số điện thoại", registration.phone),
            ("Email", registration.email or ""), ("Địa chỉ liên hệ", registration.address))]
    else:
        fields = [
            ComparedField("Họ và tên", registration.full_name, person.full_name,
                          normalise_name(person.full_name).casefold() != registration.full_name.casefold()),
            ComparedField("Ngày sinh", registration.birth_text, _birth(person), _birth(person) != registration.birth_text),
            ComparedField("Số CCCD", registration.cccd, person.cccd or "", (person.cccd or "") != registration.cccd),
            ComparedField("Số điện thoại", registration.phone, person.phone or "",
                          normalise_phone(person.phone or "") != registration.phone),
            ComparedField("Email", registration.email or "", person.email or "",
                          not _same_text(registration.email, person.email)),
            ComparedField("Địa chỉ liên hệ", registration.address, person.address,
                          not _same_text(registration.address, person.address)),
        ]
    return Review(registration, person, fields, has_account)


def _claim(session: Session, *, registration_id: int, now: dt.datetime) -> Registration:
    """Mark the request as being decided, once; holds the row until the caller commits."""
    claimed = session.execute(
        update(Registration)
        .where(Registration.id == registration_id, Registration.status == "pending_review",
               Registration.decided_at.is_(None))
        .values(decided_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        session.rollback()
        if session.get(Registration, registration_id) is None:
            raise NotFound("Không tìm thấy yêu cầu đăng ký này.")
        raise Conflict(ALREADY_DECIDED)
    registration = session.get(Registration, registration_id)
    session.refresh(registration)
    return registration


def approve(
    session: Session, *, registration_id: int, staff: StaffMember, client: Client, now: dt.datetime
) -> Account:
    """Create the account; the login and an initial password go out by SMS."""
    registration = _claim(session, registration_id=registration_id, now=now)
    try:
        account = accounts_registration.approve(
            session, registration=registration, now=now, client=client, decided_by=f"staff:{staff.id}"
        )
    except (NotFound, ValidationError):
        session.rollback()
        raise
    session.commit()
    return account


def reject(
    session: Session, *, registration_id: int, reason: str, staff: StaffMember, client: Client, now: dt.datetime
) -> Registration:
    """Refuse the request; the citizen receives the reason by SMS."""
    reason = validate_reason(reason)
    registration = _claim(session, registration_id=registration_id, now=now)
    registration.status, registration.reject_reason = "rejected", reason
    queue_sms(session, to=registration.phone, body=(
        f"VssID: Yeu cau dang ky tai khoan cua ma so {registration.ma_so} chua duoc duyet. "
        f"Ly do: {sms_text(reason)}. Vui long lien he co quan BHXH hoac goi 1900 9068."
    ))
    record(session, "registration_rejected", staff_id=staff.id, client=client, subject=registration.ma_so,
           registration_id=registration.id, reason=reason)
    session.commit()
    return registration
