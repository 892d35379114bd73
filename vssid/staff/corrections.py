"""Officers correct the registry: a person's contact data, a card's initial facility.

Each changed field becomes a `registry_correction` row (who, when, table, row id, field,
old value, new value, reason), written in the same transaction as the change and shown
on the person's page. The form sends the values it showed; when the record changed in
between (another officer, an import) the correction is refused rather than overwriting
what the officer did not see.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vssid.accounts.audit import Client
from vssid.accounts.registration import normalise_phone
from vssid.core.errors import Conflict, NotFound, ValidationError
from vssid.registry.identifiers import validate_facility_code
from vssid.registry.models import Facility, HealthCard, Person
from vssid.staff.audit_log import record
from vssid.staff.models import RegistryCorrection, StaffMember
from vssid.staff.text import validate_reason

_PHONE = re.compile(r"0[35789]\d{8}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
CONTACT_FIELDS = {"phone": "Số điện thoại", "email": "Email", "address": "Địa chỉ"}
FIELD_LABELS_VI = {**CONTACT_FIELDS, "facility_code": "Nơi đăng ký KCB ban đầu"}
TABLE_LABELS_VI = {"person": "Người tham gia", "health_card": "Thẻ BHYT"}
CHANGED_MEANWHILE = "Dữ liệu đã được người khác thay đổi trong lúc bạn sửa. Xem lại giá trị hiện tại rồi sửa lại."
HISTORY_LIMIT = 100


@dataclass(frozen=True)
class ContactInput:
    phone: str
    email: str | None
    address: str


def parse_contact(form: dict[str, str]) -> tuple[ContactInput | None, dict[str, str]]:
    errors: dict[str, str] = {}
    phone = normalise_phone(form.get("phone", ""))
    if not _PHONE.fullmatch(phone):
        errors["phone"] = "Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09."
    email = (form.get("email") or "").strip() or None
    if email and (len(email) > 254 or not _EMAIL.fullmatch(email)):
        errors["email"] = "Địa chỉ email không hợp lệ (ví dụ: ten@example.com)."
    address = " ".join((form.get("address") or "").split())
    if len(address) < 5:
        errors["address"] = "Nhập địa chỉ (số nhà, đường, xã/phường, tỉnh/thành phố)."
    elif len(address) > 300:
        errors["address"] = "Địa chỉ dài tối đa 300 ký tự."
    try:
        validate_reason(form.get("reason", ""))
    except ValidationError as exc:
        errors["reason"] = exc.message
    if errors:
        return None, errors
    return ContactInput(phone=phone, email=email, address=address), {}


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _log(session: Session, *, staff: StaffMember, person_id: int, table: str, row_id: int, field: str,
         old: object, new: object, reason: str, now: dt.datetime) -> None:
    session.add(RegistryCorrection(
        at=now, staff_id=staff.id, person_id=person_id, table_name=table, row_id=row_id, field=field,
        old_value=None if old is None else str(old), new_value=None if new is None else str(new), reason=reason,
    ))


def correct_contact(
    session: Session, *, ma_so: str, data: ContactInput, seen: dict[str, str], reason: str, staff: StaffMember,
    client: Client, now: dt.datetime,
) -> list[str]:
    """Change the person's phone, email and address; returns the fields that changed.

    `seen` holds the values the form showed (hidden fields), to detect a change in between.
    """
    reason = validate_reason(reason)
    person = session.scalars(select(Person).where(Person.ma_so == ma_so).with_for_update()).first()
    if person is None:
        raise NotFound("Không tìm thấy người tham gia với mã số này.")
    if any(_text(getattr(person, name)) != (seen.get(name) or "") for name in CONTACT_FIELDS):
        raise Conflict(CHANGED_MEANWHILE)
    changed = [name for name in CONTACT_FIELDS if getattr(person, name) != getattr(data, name)]
    if not changed:
        raise ValidationError("Không có thông tin nào thay đổi.", field="phone")
    for name in changed:
        _log(session, staff=staff, person_id=person.id, table="person", row_id=person.id, field=name,
             old=getattr(person, name), new=getattr(data, name), reason=reason, now=now)
        setattr(person, name, getattr(data, name))
    record(session, "registry_corrected", staff_id=staff.id, client=client, subject=person.ma_so,
           table="person", row_id=person.id, fields=changed, reason=reason)
    session.commit()
    return changed


def eligible_facilities(session: Session, *, province_code: str, limit: int = 500) -> list[Facility]:
    """Facilities a card may name as initial facility: contracted and accepting initial registration."""
    return list(session.scalars(
        select(Facility)
        .where(Facility.province_code == province_code, Facility.contracted_bhyt.is_(True),
               Facility.accepts_initial_registration.is_(True))
        .order_by(Facility.name).limit(limit)
    ))


def card_of(session: Session, *, ma_so: str, card_id: int) -> HealthCard:
    card = session.get(HealthCard, card_id)
    if card is None or card.person.ma_so != ma_so:
        raise NotFound("Không tìm thấy thẻ BHYT này.")
    return card


def correct_facility(
    session: Session, *, ma_so: str, card_id: int, facility_code: str, seen: str, reason: str,
    staff: StaffMember, client: Client, now: dt.datetime,
) -> HealthCard:
    """Change a card's initial facility (nơi đăng ký KCB ban đầu)."""
    try:
        code = validate_facility_code(facility_code or "")
    except ValidationError as exc:
        raise ValidationError(exc.message, field="facility_code") from None
    reason = validate_reason(reason)
    card = card_of(session, ma_so=ma_so, card_id=card_id)
    session.refresh(card, with_for_update=True)
    if card.facility_code != (seen or ""):
        raise Conflict(CHANGED_MEANWHILE)
    if code == card.facility_code:
        raise ValidationError("Cơ sở mới trùng với nơi đăng ký hiện tại.", field="facility_code")
    facility = session.get(Facility, code)
    if facility is None:
        raise ValidationError(f"Không có cơ sở khám chữa bệnh mã {code}.", field="facility_code")
    if not (facility.contracted_bhyt and facility.accepts_initial_registration):
        raise ValidationError(
            f"{facility.name} không ký hợp đồng KCB BHYT hoặc không nhận đăng ký KCB ban đầu.",
            field="facility_code",
        )
    _log(session, staff=staff, person_id=card.person_id, table="health_card", row_id=card.id, field="facility_code",
         old=card.facility_code, new=code, reason=reason, now=now)
    card.facility_code = code
    record(session, "registry_corrected", staff_id=staff.id, client=client, subject=ma_so, table="health_card",
           row_id=card.id, fields=["facility_code"], reason=reason)
    session.commit()
    return card


def history(session: Session, *, person_id: int, limit: int = HISTORY_LIMIT) -> list[RegistryCorrection]:
    return list(session.scalars(
        select(RegistryCorrection).where(RegistryCorrection.person_id == person_id)
        .order_by(RegistryCorrection.at.desc(), RegistryCorrection.id.desc()).limit(limit)
    ))
