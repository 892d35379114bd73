"""Factories for the look-up directories: offices, facilities, employers, collection points.

Each returns a flushed ORM object with realistic Vietnamese values, unique per call.
Communes are real 2025 wards (migration 0002), looked up by name.
"""
from __future__ import annotations

import itertools
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from vssid.registry.models import CollectionPoint, Employer, Facility, Person, VssOffice, Ward

_seq = itertools.count(1)

# Wards of Thành phố Hồ Chí Minh (79) and Hà Nội (01) used by the tests.
BEN_THANH = "26743"
SAI_GON = "26740"
CHO_LON = "27343"


def ward_code(session: Session, name: str, province: str) -> str:
    code = session.scalar(select(Ward.code).where(Ward.name == name, Ward.province_code == province))
    assert code, f"no ward {name!r} in province {province}"
    return code


def make_office(session: Session, **overrides) -> VssOffice:
    n = next(_seq)
    office = VssOffice(**{
        "code": f"BH79{n:03d}", "name": f"Bảo hiểm xã hội cơ sở số {n}", "address": f"Số {n} Nguyễn Huệ, Phường Sài Gòn",
        "province_code": "79", "ward_code": SAI_GON, "phone": "028 3827 1234",
        "opening_hours": "Sáng 7h30–11h30, chiều 13h00–16h30, thứ Hai đến thứ Sáu",
        "latitude": Decimal("10.773400"), "longitude": Decimal("106.704100"), **overrides,
    })
    session.add(office)
    session.flush()
    return office


def make_facility(session: Session, **overrides) -> Facility:
    n = next(_seq)
    facility = Facility(**{
        # 74: a pre-2025 province code (Bình Dương, now in Hồ Chí Minh), apart from factories.py's 79xxx.
        "code": f"74{n % 1000:03d}",
        "name": f"Phòng khám đa khoa số {n}", "level": "Cơ sở",
        "address": f"Số {n} Lê Lợi, Phường Bến Thành", "province_code": "79", "ward_code": BEN_THANH,
        "phone": "028 3855 4137", "latitude": Decimal("10.757000"), "longitude": Decimal("106.659000"), **overrides,
    })
    session.add(facility)
    session.flush()
    return facility


def make_employer(session: Session, *, office: VssOffice | None = None, **overrides) -> Employer:
    n = next(_seq)
    employer = Employer(**{
        "unit_code": f"TA{n:04d}A", "name": f"Công ty TNHH Dệt may số {n}", "tax_code": f"03{n:08d}",
        "address": f"Lô {n} Khu công nghiệp Tân Bình", "province_code": "79", "ward_code": None,
        "office_id": office.id if office else None, "status": "active", **overrides,
    })
    session.add(employer)
    session.flush()
    return employer


def make_collection_point(session: Session, **overrides) -> CollectionPoint:
    n = next(_seq)
    point = CollectionPoint(**{
        "kind": "diem_thu", "name": f"Bưu điện văn hóa xã số {n}", "address": f"Số {n} Trần Hưng Đạo",
        "province_code": "79", "ward_code": CHO_LON, "phone": "028 3855 0000",
        "opening_hours": "7h00–19h00 hằng ngày", **overrides,
    })
    session.add(point)
    session.flush()
    return point


def make_insured(session: Session, **overrides) -> Person:
    """A person to look up by the mã số form: full date of birth, CCCD, commune."""
    n = next(_seq)
    person = Person(**{
        "ma_so": f"79{n:08d}", "cccd": f"0791{n:08d}", "full_name": "Trần Thị Bích Ngọc", "birth_year": 1992,
        "birth_month": 3, "birth_day": 8, "gender": 2, "address": "Số 5 Lê Lợi, Phường Bến Thành",
        "province_code": "79", "ward_code": BEN_THANH, "phone": f"09{n:08d}", **overrides,
    })
    session.add(person)
    session.flush()
    return person


def csv_of(header: list[str], *rows: list[str]) -> str:
    """A CSV file's text as Excel writes it (comma separated, CRLF)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
