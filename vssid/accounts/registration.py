"""Registering an e-transaction account (Đăng ký), as the VSS form asks (NĐ 164/2025).

1. The form is checked field by field; the phone number is proven with an SMS OTP.
2. When full name, date of birth, mã số, CCCD and the phone number the registry holds
   match, the account is approved at once; otherwise an
   officer reviews it. Either way the person sees the same answer, so the form cannot
   be used to learn whether someone else's data exists.
3. The login and an initial password go out by SMS; the first login forces a change.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vssid.accounts import audit, challenges, passwords
from vssid.accounts.audit import Client
from vssid.accounts.models import Account, Registration
from vssid.core.dates import BirthDate
from vssid.core.errors import NotFound, ValidationError
from vssid.outbound.services import queue_sms
from vssid.registry.identifiers import validate_cccd, validate_ma_so
from vssid.registry.models import Person, VssOffice

REGISTRATION_SMS = "VssID: Ma OTP xac thuc so dien thoai dang ky tai khoan la {code}, hieu luc 5 phut."
_PHONE = re.compile(r"0[35789]\d{8}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class RegistrationInput:
    full_name: str
    ma_so: str
    cccd: str
    birth: BirthDate
    phone: str
    email: str | None
    address: str
    office_id: int


def normalise_phone(value: str) -> str:
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def normalise_name(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def parse_form(form: dict[str, str]) -> tuple[RegistrationInput | None, dict[str, str]]:
    """Check every field; return the clean input or the errors by field name."""
    errors: dict[str, str] = {}
    name = normalise_name(form.get("full_name", ""))
    if len(name) < 2 or any(ch.isdigit() for ch in name):
        errors["full_name"] = "Nhập họ và tên đầy đủ, có dấu, như trên CCCD."
    values: dict[str, object] = {}
    for field, check in (("ma_so", validate_ma_so), ("cccd", validate_cccd)):
        try:
            values[field] = check(form.get(field, ""))
        except ValidationError as exc:
            errors[field] = exc.message
    try:
        values["birth"] = BirthDate.parse(form.get("birth", ""))
    except ValidationError as exc:
        errors["birth"] = exc.message
    phone = normalise_phone(form.get("phone", ""))
    if not _PHONE.fullmatch(phone):
        errors["phone"] = "Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09."
    email = (form.get("email") or "").strip() or None
    if email and (len(email) > 254 or not _EMAIL.fullmatch(email)):
        errors["email"] = "Địa chỉ email không hợp lệ (ví dụ: ten@example.com)."
    address = " ".join((form.get("address") or "").split())
    if len(address) < 5:
        errors["address"] = "Nhập địa chỉ liên hệ (số nhà, đường, xã/phường, tỉnh/thành phố)."
    office = (form.get("office_id") or "").strip()
    if not office.isdigit():
        errors["office_id"] = "Chọn cơ quan BHXH tiếp nhận hồ sơ."
    if errors:
        return None, errors
    return RegistrationInput(
        full_name=name, ma_so=values["ma_so"], cccd=values["cccd"], birth=values["birth"],
        phone=phone, email=email, address=address[:300], office_id=int(office),
    ), {}


def offices(session: Session) -> list[VssOffice]:
    return list(session.scalars(select(VssOffice).order_by(VssOffice.province_code, VssOffice.name)))


def submit(
    session: Session, *, data: RegistrationInput, client: Client, now: dt.datetime, otp_key: str
) -> tuple[int, int]:
    """Store the request and send the phone OTP; returns (registration id, challenge id)."""
    if session.get(VssOffice, data.office_id) is None:
        raise ValidationError("Chọn cơ quan BHXH tiếp nhận hồ sơ.", field="office_id")
    registration = Registration(
        full_name=data.full_name, ma_so=data.ma_so, cccd=data.cccd, birth_text=data.birth.format(),
        phone=data.phone, email=data.email, address=data.address, office_id=data.office_id, created_at=now,
    )
    session.add(registration)
    session.flush()
    challenge = challenges.issue(
        session, purpose="registration", destination=data.phone, channel="sms", key=otp_key, now=now,
        message=REGISTRATION_SMS, registration_id=registration.id, device_hash=client.device_hash,
    )
    audit.record(session, "registration_submitted", client=client, subject=data.ma_so, registration_id=registration.id)
    session.commit()
    return registration.id, challenge.id


def verify_phone(
    session: Session, *, challenge_id: int | None, code: str, client: Client, now: dt.datetime, otp_key: str
) -> Registration:
    """The phone is proven: approve at once when the registry matches, else queue for review."""
    try:
        challenge = challenges.consume(
            session, challenge_id=challenge_id, purpose="registration", code=code, key=otp_key, now=now,
            device_hash=client.device_hash,
        )
    except ValidationError:
        audit.record(session, "otp_failed", client=client, purpose="registration", challenge_id=challenge_id)
        session.commit()
        raise
    registration = session.get(Registration, challenge.registration_id)
    problem = _mismatch(session, registration)
    if problem is None:
        approve(session, registration=registration, now=now, client=client, decided_by="registry match")
    else:
        registration.status, registration.review_note = "pending_review", problem
        queue_sms(session, to=registration.phone, body=(
            "VssID: Yeu cau dang ky tai khoan da duoc tiep nhan. Co quan BHXH se xem xet va "
            "gui ket qua qua tin nhan nay."
        ))
        audit.record(session, "registration_pending", client=client, subject=registration.ma_so,
                     registration_id=registration.id, reason=problem)
    session.commit()
    return registration


def _mismatch(session: Session, registration: Registration) -> str | None:
    """Why the request cannot be approved automatically (for the officer), or None."""
    person = session.scalars(select(Person).where(Person.ma_so == registration.ma_so)).first()
    if person is None:
        return "Mã số BHXH không có trong cơ sở dữ liệu."
    if session.scalars(select(Account.id).where(Account.person_id == person.id)).first():
        return "Mã số BHXH đã có tài khoản."
    differences = []
    if normalise_name(person.full_name).casefold() != registration.full_name.casefold():
        differences.append("họ và tên")
    stored = BirthDate(person.birth_year, person.birth_month, person.birth_day)
    if stored.format() != registration.birth_text:
        differences.append("ngày sinh")
    if person.cccd != registration.cccd:
        differences.append("số CCCD")
    # Name, birth date, mã số and CCCD are printed on cards and papers; only a phone the
    # registry already holds proves the person is the one asking.
    if not person.phone:
        differences.append("số điện thoại (cơ sở dữ liệu chưa có để đối chiếu)")
    elif normalise_phone(person.phone) != registration.phone:
        differences.append("số điện thoại")
    return ("Khác với cơ sở dữ liệu: " + ", ".join(differences) + ".") if differences else None


def approve(
    session: Session, *, registration: Registration, now: dt.datetime, client: Client | None, decided_by: str
) -> Account:
    """Create the account and send the login and an initial password by SMS; caller commits."""
    person = session.scalars(select(Person).where(Person.ma_so == registration.ma_so)).first()
    if person is None:
        raise NotFound("Mã số BHXH không có trong cơ sở dữ liệu, không thể duyệt.")
    if session.scalars(select(Account.id).where(Account.person_id == person.id)).first():
        raise ValidationError("Mã số BHXH này đã có tài khoản.")
    initial = initial_password()
    account = Account(
        person_id=person.id, password_hash=passwords.hash_password(initial), must_change_password=True,
        phone=registration.phone, email=registration.email, webauthn_user_handle=secrets.token_bytes(32),
        created_at=now, password_changed_at=now,
    )
    session.add(account)
    session.flush()
    registration.status, registration.account_id, registration.decided_at = "approved", account.id, now
    queue_sms(session, to=registration.phone, body=(
        f"VssID: Tai khoan da duoc duyet. Ten dang nhap: {person.ma_so}. Mat khau: {initial} . "
        "Ban phai doi mat khau khi dang nhap lan dau."
    ))
    audit.record(session, "registration_approved", client=client, account_id=account.id,
                 subject=person.ma_so, registration_id=registration.id, decided_by=decided_by)
    return account


def approve_pending(session: Session, *, ma_so: str, now: dt.datetime, decided_by: str) -> Account:
    """An officer approves the latest pending request for a mã số (`flask accounts approve`)."""
    registration = session.scalars(
        select(Registration)
        .where(Registration.ma_so == ma_so, Registration.status == "pending_review")
        .order_by(Registration.id.desc())
        .limit(1)
    ).first()
    if registration is None:
        raise NotFound(f"Không có yêu cầu đăng ký đang chờ duyệt cho mã số {ma_so}.")
    account = approve(session, registration=registration, now=now, client=None, decided_by=decided_by)
    session.commit()
    return account


def initial_password() -> str:
    """16 random characters from an alphabet without look-alikes (0/O, 1/l/I)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))
