"""Small factories for registry and account rows, for focused tests.

Each returns a flushed ORM object; values are realistic and unique per call.
"""
from __future__ import annotations

import datetime as dt
import itertools
import secrets

from sqlalchemy.orm import Session

from vssid.accounts.models import Account
from vssid.accounts.passwords import hash_password
from vssid.registry.models import Facility, HealthCard, Person, VssOffice

_seq = itertools.count(1)
PASSWORD = "mat khau that dai cua toi"


def make_office(session: Session, **overrides) -> VssOffice:
    n = next(_seq)
    office = VssOffice(**{
        "code": f"79{n:03d}", "name": f"Bảo hiểm xã hội cơ sở Quận {n}", "address": f"Số {n} Nguyễn Huệ, Phường Sài Gòn",
        "province_code": "79", "phone": "02838271234", "opening_hours": "7h30–16h30, thứ Hai đến thứ Sáu",
        **overrides,
    })
    session.add(office)
    session.flush()
    return office


def make_facility(session: Session, **overrides) -> Facility:
    n = next(_seq)
    facility = Facility(**{
        # 79001–79900: tests use codes above (79999) for "no such facility".
        "code": f"79{n % 900 + 1:03d}", "name": f"Bệnh viện Đa khoa khu vực {n}", "level": "Tỉnh",
        "address": f"Số {n} Lê Lợi, Phường Bến Thành", "province_code": "79", **overrides,
    })
    session.add(facility)
    session.flush()
    return facility


def make_person(session: Session, **overrides) -> Person:
    n = next(_seq)
    person = Person(**{
        "ma_so": f"79{n:08d}", "cccd": f"0790{n:08d}", "full_name": "Nguyễn Văn An", "birth_year": 1990,
        "birth_month": 5, "birth_day": 17, "gender": 1, "address": "Số 12 Lê Lợi, Phường Sài Gòn, TP Hồ Chí Minh",
        "province_code": "79", "phone": f"09{n:08d}", "email": f"nguoi{n}@example.vn", **overrides,
    })
    session.add(person)
    session.flush()
    return person


def make_card(session: Session, person: Person, *, facility: Facility | None = None, **overrides) -> HealthCard:
    facility = facility or make_facility(session)
    today = dt.date.today()
    card = HealthCard(**{
        "person_id": person.id, "card_number": person.ma_so, "object_code": "DN", "benefit_level": 4,
        "province_code": "79", "facility_code": facility.code, "valid_from": dt.date(today.year, 1, 1),
        "valid_to": dt.date(today.year, 12, 31), "issue_date": dt.date(today.year, 1, 1), **overrides,
    })
    session.add(card)
    session.flush()
    return card


def make_account(session: Session, person: Person | None = None, *, password: str = PASSWORD, **overrides) -> Account:
    person = person or make_person(session)
    account = Account(**{
        "person_id": person.id, "password_hash": hash_password(password), "must_change_password": False,
        "phone": person.phone, "email": person.email, "webauthn_user_handle": secrets.token_bytes(32),
        **overrides,
    })
    session.add(account)
    session.flush()
    return account
