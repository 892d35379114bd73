"""Arrange health cards for the card tests: a household with a parent and children."""
from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tests.support.factories import make_account, make_card, make_facility, make_office, make_person
from vssid.accounts.models import Account
from vssid.core.dates import to_local
from vssid.core.db import utcnow
from vssid.registry.models import Facility, HealthCard, Household, Person

_seq = itertools.count(1)


def make_household(session: Session, **overrides) -> Household:
    n = next(_seq)
    household = Household(**{
        "code": f"HGD79{n:010d}", "address": f"Số {n} Trần Hưng Đạo, Phường Cầu Ông Lãnh", "province_code": "79",
        **overrides,
    })
    session.add(household)
    session.flush()
    return household


def vn_today() -> dt.date:
    """Today in Vietnam, as the app counts it (the machine's clock may be in UTC)."""
    return to_local(utcnow()).date()


def years_ago(years: int, *, days: int = 0) -> dt.date:
    today = vn_today()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day - dt.timedelta(days=days)


def make_child(session: Session, *, parent: Person, born: dt.date, household: Household | None = None,
               **overrides) -> Person:
    return make_person(session, **{
        "full_name": "Trần Minh Khoa", "birth_year": born.year, "birth_month": born.month, "birth_day": born.day,
        "household_id": household.id if household else parent.household_id,
        "guardian_id": parent.id, "relation_to_head": "Con", **overrides,
    })


@dataclass
class Family:
    parent: Person
    account: Account
    card: HealthCard
    child: Person
    child_card: HealthCard
    facility: Facility
    household: Household


def make_family(session: Session) -> Family:
    """A mother with an account and a household card (GD), and her son aged 7 (TE)."""
    household = make_household(session)
    facility = make_facility(session, name="Bệnh viện Quận Phú Nhuận")
    office = make_office(session, name="Bảo hiểm xã hội cơ sở Phú Nhuận")
    parent = make_person(session, full_name="Lê Thị Thu Hằng", gender=2, birth_year=1988, birth_month=3,
                         birth_day=9, household_id=household.id, relation_to_head="Chủ hộ")
    card = make_card(session, parent, facility=facility, object_code="GD", benefit_level=4, area_code="K2",
                     issuing_office_id=office.id, five_years_date=dt.date(2027, 4, 1))
    child = make_child(session, parent=parent, born=years_ago(7, days=40), household=household)
    child_card = make_card(session, child, facility=facility, object_code="TE", benefit_level=1)
    account = make_account(session, parent)
    session.commit()
    return Family(parent, account, card, child, child_card, facility, household)
