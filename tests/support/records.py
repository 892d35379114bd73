"""Factories for the personal records: employers, participation periods, benefits, visits.

Amounts are realistic (DOMAIN.md §4–§6 anchors); each visit's totals are computed from its
lines so that the XML invariants hold unless a test breaks them on purpose.
"""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from sqlalchemy.orm import Session

from tests.support.factories import make_account, make_facility, make_office, make_person
from vssid.core.dates import VN_TZ, month_add
from vssid.registry.models import (
    BenefitRecord,
    Employer,
    Facility,
    Household,
    MedicalVisit,
    ParticipationPeriod,
    Person,
    VisitCostLine,
)

_seq = itertools.count(1)

EMPLOYER_NAMES = (
    "Công ty TNHH May mặc Bình Dương", "Công ty Cổ phần Điện tử Sài Gòn", "Công ty TNHH Giày da Thuận An",
    "Công ty TNHH Thực phẩm Miền Nam", "Công ty Cổ phần Bao bì Tân Uyên",
)


def make_employer(session: Session, **overrides) -> Employer:
    n = next(_seq)
    employer = Employer(**{
        "unit_code": f"YN{n:04d}{n % 10}", "name": EMPLOYER_NAMES[n % len(EMPLOYER_NAMES)],
        "tax_code": f"37{n:08d}", "address": f"Lô {n} KCN Việt Hương, Phường Thuận An", "province_code": "79",
        **overrides,
    })
    session.add(employer)
    session.flush()
    return employer


def _first_day(month: tuple[int, int] | None) -> dt.date | None:
    return None if month is None else dt.date(month[0], month[1], 1)


def make_period(session: Session, person: Person, *, start: tuple[int, int], end: tuple[int, int] | None,
                scheme: str = "BHXH", employer: Employer | None = None, wage: int = 6_500_000,
                job: str | None = "Công nhân may", owes: bool = False, mode: str = "compulsory",
                province_code: str = "79") -> ParticipationPeriod:
    period = ParticipationPeriod(
        person_id=person.id, scheme=scheme, from_month=_first_day(start), to_month=_first_day(end),
        employer_id=employer.id if employer else None, job=job, wage=wage, province_code=province_code,
        mode=mode, employer_owes=owes,
    )
    session.add(period)
    session.flush()
    return period


def make_periods(session: Session, person: Person, *, count: int, start: tuple[int, int] = (2000, 1),
                 months_each: int = 4, schemes=("BHXH", "BHTN", "BHTNLD_BNN", "BHYT"),
                 employer: Employer | None = None) -> None:
    """``count`` back-to-back periods, spread over the schemes in turn (bulk, for size tests)."""
    employer = employer or make_employer(session)
    cursor = {scheme: start for scheme in schemes}
    rows = []
    for index in range(count):
        scheme = schemes[index % len(schemes)]
        first = cursor[scheme]
        last = month_add(first, months_each - 1)
        cursor[scheme] = month_add(last, 1)
        rows.append(ParticipationPeriod(
            person_id=person.id, scheme=scheme, from_month=_first_day(first), to_month=_first_day(last),
            employer_id=employer.id, job="Công nhân", wage=5_000_000 + 10_000 * index, province_code="79",
            mode="compulsory", employer_owes=False,
        ))
    session.add_all(rows)
    session.flush()


def make_benefit(session: Session, person: Person, *, regime: str = "om_dau", amount: int = 1_263_600,
                 decision_date: dt.date = dt.date(2024, 3, 20), period_from: dt.date | None = None,
                 period_to: dt.date | None = None, days: int | None = None, payment_method: str = "atm",
                 office=None, status: str = "paid", decision_number: str | None = None) -> BenefitRecord:
    n = next(_seq)
    record = BenefitRecord(
        person_id=person.id, regime=regime, decision_number=decision_number or f"{n}/QĐ-BHXH",
        decision_date=decision_date, period_from=period_from, period_to=period_to, days=days, amount=amount,
        payment_method=payment_method, paying_office_id=office.id if office else None, status=status,
    )
    session.add(record)
    session.flush()
    return record


# (group, name, unit, quantity, unit price, BHYT rate %)
OUTPATIENT_LINES = (
    (13, "Khám Nội", "Lần", 1, 50_600, 100),
    (1, "Tổng phân tích tế bào máu ngoại vi (bằng máy đếm laser)", "Lần", 1, 49_700, 100),
    (1, "Định lượng Glucose [Máu]", "Lần", 1, 22_400, 100),
    (2, "Chụp X-quang ngực thẳng số hóa 1 phim", "Lần", 1, 73_300, 100),
    (3, "Điện tim thường", "Lần", 1, 39_900, 100),
    (4, "Amoxicillin 500mg", "Viên", 21, 1_250, 100),
    (4, "Paracetamol 500mg", "Viên", Decimal("10"), 300, 100),
)


def make_visit(session: Session, person: Person, *, facility: Facility | None = None,
               admitted: dt.datetime | None = None, days: int = 0, main_icd: str = "J06.9",
               secondary_icds: str | None = None, lines=OUTPATIENT_LINES, copay_percent: int = 20,
               visit_type: str = "01") -> MedicalVisit:
    """A visit whose totals are the sums of its lines (fund pays 100 − copay % within scope)."""
    facility = facility or make_facility(session)
    admitted = admitted or dt.datetime(2024, 5, 6, 8, 30, tzinfo=VN_TZ)
    discharged = admitted + dt.timedelta(days=days, hours=2)
    built = []
    for group, name, unit, quantity, price, rate in lines:
        amount = int(Decimal(quantity) * price)
        in_scope = amount * rate // 100
        fund = in_scope * (100 - copay_percent) // 100
        built.append((VisitCostLine(
            person_id=person.id, group_code=group, name=name, unit=unit, quantity=Decimal(quantity),
            unit_price=price, amount=amount, bhyt_rate=rate, fund_part=fund, patient_part=amount - fund,
        ), in_scope))
    total = sum(line.amount for line, _ in built)
    in_scope = sum(scope for _, scope in built)
    fund = sum(line.fund_part for line, _ in built)
    visit = MedicalVisit(
        person_id=person.id, card_number=person.ma_so, facility_code=facility.code, visit_type=visit_type,
        admitted_at=admitted.astimezone(dt.timezone.utc), discharged_at=discharged.astimezone(dt.timezone.utc),
        main_icd=main_icd, secondary_icds=secondary_icds, treatment_result=2, discharge_type=1,
        t_tongchi_bv=total, t_tongchi_bh=in_scope, t_bncct=in_scope - fund, t_bhtt=fund, t_bntt=total - in_scope,
        t_nguonkhac=0, t_thuoc=sum(line.amount for line, _ in built if line.group_code == 4),
        t_vtyt=sum(line.amount for line, _ in built if line.group_code == 10),
    )
    visit.lines = [line for line, _ in built]
    session.add(visit)
    session.flush()
    return visit


def make_household(session: Session, head: Person) -> Household:
    n = next(_seq)
    household = Household(code=f"79{n:013d}", address=head.address, province_code="79")
    session.add(household)
    session.flush()
    head.household_id = household.id
    head.relation_to_head = "Chủ hộ"
    session.flush()
    return household


def make_child(session: Session, parent: Person, *, born: dt.date, household: Household | None = None,
               guardian: bool = True, name: str = "Nguyễn Minh Khang") -> Person:
    return make_person(
        session, full_name=name, birth_year=born.year, birth_month=born.month, birth_day=born.day,
        household_id=(household.id if household else parent.household_id), relation_to_head="Con",
        guardian_id=parent.id if guardian else None, cccd=None,
    )


def make_demo_worker(session: Session, *, password: str):
    """A worker like the demo's: a career over four schemes with a gap, months owed and an
    unemployment benefit; sickness and maternity benefits; a year of visits and a child.

    Returns (account, facts) where facts names the figures the pages must show.
    """
    person = make_person(session, full_name="Trần Thị Mai", gender=2, birth_year=1990)
    account = make_account(session, person, password=password)
    first = make_employer(session, name="Công ty TNHH May mặc Bình Dương", unit_code="YN0001A")
    second = make_employer(session, name="Công ty Cổ phần Điện tử Sài Gòn", unit_code="YN0002B")
    office = make_office(session, name="Bảo hiểm xã hội cơ sở Thuận An")
    # BHXH: 01/2012–12/2017 (72), gap 01/2018–06/2018, 07/2018–12/2020 (30, 3 owed at the end),
    # 01/2021–now. BHTN mirrors it from 2012. TNLĐ-BNN from 2016, BHYT the same as BHXH.
    for scheme in ("BHXH", "BHTN", "BHTNLD_BNN", "BHYT"):
        start = (2016, 7) if scheme == "BHTNLD_BNN" else (2012, 1)
        make_period(session, person, scheme=scheme, start=start, end=(2017, 12), employer=first, wage=4_800_000)
        make_period(session, person, scheme=scheme, start=(2018, 7), end=(2020, 9), employer=second, wage=7_200_000,
                    job="Kỹ thuật viên điện tử")
        make_period(session, person, scheme=scheme, start=(2020, 10), end=(2020, 12), employer=second,
                    wage=7_200_000, job="Kỹ thuật viên điện tử", owes=True)
        make_period(session, person, scheme=scheme, start=(2021, 1), end=None, employer=first, wage=9_400_000,
                    job="Tổ trưởng chuyền may")
    # Unemployment benefit after the first job: 3 months (uses 36 of the 72 months then paid).
    make_benefit(session, person, regime="that_nghiep", amount=8_640_000, decision_date=dt.date(2018, 2, 5),
                 period_from=dt.date(2018, 2, 10), period_to=dt.date(2018, 5, 9), office=office)
    make_benefit(session, person, regime="om_dau", amount=1_263_600, days=5, decision_date=dt.date(2023, 4, 12),
                 period_from=dt.date(2023, 3, 6), period_to=dt.date(2023, 3, 10), office=office)
    make_benefit(session, person, regime="thai_san", amount=56_160_000, decision_date=dt.date(2022, 9, 1),
                 period_from=dt.date(2022, 6, 1), period_to=dt.date(2022, 11, 30), payment_method="cash",
                 office=office)
    facility = make_facility(session, name="Bệnh viện Đa khoa Bình Dương")
    for month, icd in ((2, "J06.9"), (5, "K29.7"), (9, "M54.5")):
        make_visit(session, person, facility=facility, main_icd=icd,
                   admitted=dt.datetime(2024, month, 12, 9, 0, tzinfo=VN_TZ))
    make_visit(session, person, facility=facility, main_icd="I10",
               admitted=dt.datetime(2023, 11, 3, 9, 0, tzinfo=VN_TZ))
    household = make_household(session, person)
    child = make_child(session, person, born=dt.date(2017, 8, 20), household=household)
    make_period(session, child, scheme="BHYT", start=(2017, 8), end=None, employer=None, wage=0, job=None,
                mode="household")
    make_visit(session, child, facility=facility, main_icd="A09",
               admitted=dt.datetime(2024, 7, 1, 20, 0, tzinfo=VN_TZ))
    return account, {"person": person, "child": child, "facility": facility, "office": office}
