"""Factories and helpers for the staff console's tests."""
from __future__ import annotations

import datetime as dt
import itertools
import re

from playwright.sync_api import expect
from sqlalchemy.orm import Session

from tests.support.web import field, post_form
from vssid.accounts.passwords import hash_password
from vssid.core.db import utcnow
from vssid.staff import totp
from vssid.staff.models import StaffMember

STAFF_PASSWORD = "bien ban hop giao ban sang thu hai"
APP_SECRET = "test-secret"  # tests/conftest.py make_test_app
ROLE_NAMES = {"officer": "Trần Văn Nghiệp", "support_agent": "Lê Thị Hỗ Trợ", "editor": "Phạm Biên Tập",
              "admin": "Nguyễn Quản Trị"}
_seq = itertools.count(1)


def make_staff(
    session: Session, *, role: str = "officer", email: str | None = None, password: str = STAFF_PASSWORD,
    enrolled: bool = True, must_change_password: bool = False, **overrides,
) -> tuple[StaffMember, str | None]:
    """A staff member (flushed) and, when enrolled, the base32 TOTP secret of their app."""
    n = next(_seq)
    member = StaffMember(
        email=email or f"canbo{n}.{role.replace('_', '')}@vss.gov.vn", full_name=ROLE_NAMES.get(role, "Cán bộ"),
        role=role, password_hash=hash_password(password), must_change_password=must_change_password,
        password_changed_at=utcnow(), **overrides,
    )
    session.add(member)
    session.flush()
    secret = None
    if enrolled:
        secret = totp.new_secret()
        member.totp_secret = totp.seal(secret, app_secret=APP_SECRET, staff_id=member.id)
        member.totp_enrolled_at = utcnow()
        session.flush()
    return member, secret


def code(secret: str, *, steps: int = 0, at: dt.datetime | None = None) -> str:
    """The authenticator app's code now (or `steps` time steps later)."""
    return totp.code_for_step(secret, totp.step_at(at or utcnow()) + steps)


def staff_login(client, member: StaffMember, secret: str, *, password: str = STAFF_PASSWORD, steps: int = 0):
    """Password then code, as the login pages ask; returns the code step's response."""
    response = post_form(client, "/can-bo/dang-nhap", {"email": member.email, "password": password})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:800]
    return post_form(client, "/can-bo/dang-nhap/ma-xac-thuc", {"code": code(secret, steps=steps)})


def staff_client(app, session: Session, role: str, **kwargs):
    """A test client logged in to the console as a new staff member of `role`."""
    member, secret = make_staff(session, role=role, **kwargs)
    session.commit()
    client = app.test_client()
    response = staff_login(client, member, secret)
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:800]
    return client, member


def password_step(page, base: str, email: str, password: str) -> None:
    """The console's first login step in a browser page."""
    page.goto(base + "/can-bo/dang-nhap")
    field(page, "Email công vụ").fill(email)
    field(page, "Mật khẩu").fill(password)
    page.get_by_role("button", name="Tiếp tục").click()


def browser_login(page, base: str, member, secret: str, *, steps: int = 0) -> None:
    """Log a staff member in to the console in a browser page (password, then the app's code)."""
    password_step(page, base, member.email, STAFF_PASSWORD)
    expect(page.get_by_role("heading", name="Nhập mã xác thực")).to_be_visible()
    field(page, "Mã xác thực").fill(code(secret, steps=steps))
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name=re.compile("^Xin chào"))).to_be_visible()


def sms_password(body: str) -> str:
    match = re.search(r"Mat khau: (\S+)", body)
    assert match, body
    return match.group(1)


def make_registration(session: Session, person=None, *, office=None, **overrides):
    """A registration waiting for an officer (its data differs from the registry in the CCCD)."""
    from tests.support.factories import make_office
    from vssid.accounts.models import Registration

    office = office or make_office(session)
    values = {
        "full_name": person.full_name if person else "Đặng Thị Mai", "ma_so": person.ma_so if person else "7999999999",
        "cccd": "079199999999", "birth_text": "17/05/1990", "phone": person.phone if person else "0987654321",
        "email": None, "address": "Số 5 Hai Bà Trưng, Phường Sài Gòn", "office_id": office.id,
        "status": "pending_review", "review_note": "Khác với cơ sở dữ liệu: số CCCD.",
    }
    registration = Registration(**{**values, **overrides})
    session.add(registration)
    session.flush()
    return registration


def export_document(*, facility: str, office: str, employer: str, ma_so: str = "7912345678",
                    child: str = "7912345679") -> dict:
    """A small valid core-system export: a parent and a child, with one record of each kind."""
    return {
        "format": "vssid-registry-export", "version": 1, "exported_at": "2026-11-20T08:00:00+07:00",
        "source": "TST (test)",
        "people": [
            {"ma_so": ma_so, "cccd": "079190012345", "full_name": "Lý Thị Ngọc Hân", "birth_year": 1990,
             "birth_month": 3, "birth_day": 5, "gender": 2, "address": "Số 8 Trần Hưng Đạo, Phường Cầu Ông Lãnh",
             "province_code": "79", "ward_code": None, "phone": "0903123456", "email": "han@example.vn"},
            {"ma_so": child, "full_name": "Trần Gia Bảo", "birth_year": 2022, "birth_month": 7, "birth_day": 1,
             "gender": 1, "address": "Số 8 Trần Hưng Đạo, Phường Cầu Ông Lãnh", "province_code": "79",
             "guardian_ma_so": ma_so},
        ],
        "cards": [
            {"ma_so": ma_so, "object_code": "DN", "benefit_level": 4, "province_code": "79", "area_code": None,
             "facility_code": facility, "valid_from": "2026-01-01", "valid_to": "2026-12-31",
             "issue_date": "2025-12-20", "five_years_date": "2027-06-01", "issuing_office_code": office,
             "status": "active"},
            {"ma_so": child, "object_code": "TE", "benefit_level": 1, "province_code": "79",
             "facility_code": facility, "valid_from": "2022-07-01", "valid_to": "2028-06-30",
             "issue_date": "2022-07-10"},
        ],
        "participation": [
            {"ma_so": ma_so, "scheme": "BHXH", "from_month": "2015-04", "to_month": None,
             "employer_unit_code": employer, "job": "Kế toán", "wage": 9_500_000, "province_code": "79",
             "mode": "compulsory", "employer_owes": False},
        ],
        "benefits": [
            {"ma_so": ma_so, "regime": "thai_san", "decision_number": "QD-79-2022-000123",
             "decision_date": "2022-08-15", "period_from": "2022-06-20", "period_to": "2022-12-19", "days": None,
             "amount": 57_000_000, "payment_method": "atm", "paying_office_code": office, "status": "paid"},
        ],
        "visits": [
            {"ma_so": ma_so, "facility_code": facility, "visit_type": "01", "admitted_at": "2026-03-05T08:30:00+07:00",
             "discharged_at": "2026-03-05T10:10:00+07:00", "main_icd": "J06.9", "secondary_icds": ["I10"],
             "treatment_result": 2, "discharge_type": 1, "t_tongchi_bv": 122_100, "t_tongchi_bh": 122_100,
             "t_bncct": 24_420, "t_bhtt": 97_680, "t_bntt": 0, "t_nguonkhac": 0, "t_thuoc": 72_100, "t_vtyt": 0,
             "lines": [
                 {"group_code": 13, "name": "Khám bệnh", "unit": "lần", "quantity": 1, "unit_price": 50_000,
                  "amount": 50_000, "bhyt_rate": 100, "fund_part": 40_000, "patient_part": 10_000},
                 {"group_code": 4, "name": "Paracetamol 500mg", "unit": "viên", "quantity": "20.000",
                  "unit_price": 3_605, "amount": 72_100, "bhyt_rate": 100, "fund_part": 57_680,
                  "patient_part": 14_420},
             ]},
        ],
    }
