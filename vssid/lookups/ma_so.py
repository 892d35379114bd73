"""Tra cứu mã số BHXH: the mã số of one person, from details only that person should know.

The VSS portal asks province, commune, full name, date of birth and the CCCD number. This
look-up is the easiest way to harvest personal data, so (SECURITY.md):
- the CCCD is required and the person is found by it alone; every other detail must then
  agree, otherwise the answer is "no single match" — never which detail was wrong;
- a miss and a near-miss run the same queries, give the same answer and take the same
  time: every answer is padded to `min_seconds`;
- every look-up is audited ("lookup_ma_so") with the CCCD only as a keyed SHA-256;
- the per-IP rate limit is applied by the view. Flask-free.
"""
from __future__ import annotations

import hashlib
import hmac
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vssid.accounts import audit
from vssid.core.dates import BirthDate
from vssid.core.errors import ValidationError
from vssid.core.text import fold
from vssid.lookups.services import resolve_place
from vssid.registry.identifiers import validate_cccd
from vssid.registry.models import Person

AUDIT_EVENT = "lookup_ma_so"
DEFAULT_MIN_SECONDS = 0.8


@dataclass(frozen=True)
class MaSoQuery:
    province_code: str
    ward_code: str | None
    full_name: str
    birth: BirthDate
    cccd: str


@dataclass(frozen=True)
class MaSoAnswer:
    ma_so: str | None  # None: the details do not identify one person

    @property
    def found(self) -> bool:
        return self.ma_so is not None


def parse_form(session: Session, form: Mapping[str, str]) -> tuple[MaSoQuery | None, dict[str, str]]:
    """Check every field; return the clean query or the errors by field name."""
    errors: dict[str, str] = {}
    place = resolve_place(session, province=(form.get("tinh") or "").strip() or None,
                          ward=(form.get("xa") or "").strip() or None)
    if place.province is None:
        errors["tinh"] = "Chọn tỉnh, thành phố nơi bạn đang sinh sống."
    elif (form.get("xa") or "").strip() and place.ward is None:
        errors["xa"] = "Xã, phường đã chọn không thuộc tỉnh, thành phố này. Vui lòng chọn lại."
    name = " ".join(unicodedata.normalize("NFC", form.get("ho_ten") or "").split())
    if len(fold(name).replace(" ", "")) < 2 or any(ch.isdigit() for ch in name) or len(name) > 120:
        errors["ho_ten"] = "Nhập họ và tên đầy đủ như trên CCCD."
    birth = None
    try:
        birth = BirthDate.parse(form.get("ngay_sinh") or "")
    except ValidationError as exc:
        errors["ngay_sinh"] = exc.message
    cccd = None
    try:
        cccd = validate_cccd(form.get("cccd") or "")
    except ValidationError as exc:
        errors["cccd"] = exc.message
    if errors:
        return None, errors
    return MaSoQuery(place.province_code, place.ward_code, name, birth, cccd), {}


def cccd_digest(cccd: str, *, key: str) -> str:
    """Keyed SHA-256 (HMAC) of a CCCD: lets staff find the look-ups of one number without
    storing it. Unkeyed, the 12 digits (half of them a date and a province) would be
    recovered from the hash by brute force."""
    return hmac.new(key.encode(), f"cccd:{cccd}".encode(), hashlib.sha256).hexdigest()


def _birth_matches(person: Person, birth: BirthDate) -> bool:
    """The date as given must equal the record; a record with only the year (or month and
    year) is matched on what it holds."""
    if (person.birth_year, person.birth_month, person.birth_day) == (birth.year, birth.month, birth.day):
        return True
    if person.birth_month is None:
        return birth.year == person.birth_year
    if person.birth_day is None:
        return (birth.year, birth.month) == (person.birth_year, person.birth_month)
    return False


def _identifies(person: Person | None, query: MaSoQuery) -> bool:
    if person is None:
        return False
    checks = (
        fold(person.full_name) == fold(query.full_name),
        _birth_matches(person, query.birth),
        person.province_code == query.province_code,
        query.ward_code is None or person.ward_code == query.ward_code,
    )
    return all(checks)  # every check computed: no early exit on the first mismatch


def lookup(
    session: Session,
    *,
    query: MaSoQuery,
    client: audit.Client | None,
    account_id: int | None,
    audit_key: str,
    min_seconds: float = DEFAULT_MIN_SECONDS,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> MaSoAnswer:
    """Find the mã số; audit the look-up; answer no sooner than `min_seconds` after the start."""
    started = clock()
    person = session.scalars(select(Person).where(Person.cccd == query.cccd)).first()
    found = _identifies(person, query)
    answer = MaSoAnswer(person.ma_so if found else None)
    audit.record(
        session, AUDIT_EVENT, client=client, account_id=account_id,
        subject=answer.ma_so,  # whose mã số was given out, for the holder's access history
        found=found, province=query.province_code, ward=query.ward_code,
        cccd_hmac=cccd_digest(query.cccd, key=audit_key),
    )
    session.commit()
    remaining = min_seconds - (clock() - started)
    if remaining > 0:
        sleep(remaining)
    return answer
