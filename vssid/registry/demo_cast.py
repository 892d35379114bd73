"""The demo cast: four people (and their households) with rich, explainable histories.

- worker: a woman employed by enterprises (DN) for twelve years with two employers, a
  six-month gap paid by unemployment benefit, the last months owed by the employer,
  sick leave, maternity and convalescence, a birth in hospital and other visits.
- pensioner: a man with four decades of contributions, a pension decision and one
  record per general increase, an old work accident, many visits incl. two inpatient.
- parent: a household participant (GD) with two children under six (TE, level 1) whose
  guardian she is; the elder child turns six within 30 days, so that card expires soon.
  Her mother (80+, year of birth only) draws the social pension.
- voluntary: a man who took his lump sum after leaving a factory, pays voluntary BHXH
  now, received a survivor lump sum, and let his household BHYT card expire.

Everything is relative to ``today``, so the story holds whatever day the demo is seeded.
"""
from __future__ import annotations

import datetime as dt

from vssid.registry import demo_names as names
from vssid.registry.demo_bulk import Bulk
from vssid.registry.demo_history import Registry, Who, add_months, add_years, months_between
from vssid.registry.demo_tables import SOCIAL_PENSION_AGE, retirement_age_months
from vssid.registry.demo_world import ProvinceInfo, WardInfo

DAY = dt.timedelta(days=1)


def _place(reg: Registry, code: str, kind: str) -> tuple[ProvinceInfo, WardInfo]:
    provinces = reg.world.provinces
    province = provinces.get(code) or next(iter(provinces.values()))
    wards = [w for w in province.wards if w.kind == kind] or province.wards
    return province, reg.rng.choice(wards)


def _born(reg: Registry, years: int) -> dt.date:
    return reg.today - dt.timedelta(days=365 * years + years // 4 + reg.rng.randrange(30, 330))


def build_cast(reg: Registry, bulk: Bulk) -> dict[str, Who]:
    cast = {"worker": _worker(reg, bulk), "pensioner": _pensioner(reg, bulk)}
    cast["parent"], cast["child_1"], cast["child_2"] = _parent(reg, bulk)
    cast["voluntary"] = _voluntary(reg, bulk)
    return cast


def _worker(reg: Registry, bulk: Bulk) -> Who:
    rng, today = reg.rng, reg.today
    province, ward = _place(reg, "01", "phường")
    household = reg.household(province, ward)
    birth = _born(reg, 34)
    worker = reg.person(household=household, province=province, ward=ward, gender=2, birth=birth,
                        family=names.family_name(rng, province.code), relation="Vợ", contact=True)
    husband = reg.person(household=household, province=province, ward=ward, gender=1, birth=_born(reg, 36),
                         family=names.family_name(rng, province.code), relation="Chủ hộ")
    baby_birth = today - dt.timedelta(days=365 * 2 + rng.randrange(120, 200))
    baby = reg.person(household=household, province=province, ward=ward, gender=rng.choice((1, 2)),
                      birth=baby_birth, family=husband.name.split()[0], relation="Con", guardian_id=worker.id)

    start = add_months(birth.replace(day=1), 22 * 12 + 2)
    gap_start = add_months(start, 66)
    gap_end = add_months(gap_start, 5)
    employer_a = reg.world.employer(province.code, ("dn",), active=False)
    employer_b = reg.world.employer(province.code, ("dn",))
    wage, months, _ = reg.employment(worker, employer=employer_a, first=start, last=add_months(gap_start, -1),
                                     premium=125, step=(12, 12), job="Nhân viên kinh doanh")
    paid_to = reg.unemployment(worker, add_months(gap_start, 1), wage=wage, contributed_months=months,
                               region=province.region, until=gap_end)
    reg.bhyt(worker, add_months(gap_start, 1), paid_to, wage=wage * 60 // 100)
    wage, _, _ = reg.employment(worker, employer=employer_b, first=add_months(gap_end, 1), last=None,
                                wage=wage + 500_000, step=(12, 12), owes_months=3, job="Kế toán viên")
    reg.maternity(worker, baby_birth, wage)
    back = add_months(baby_birth.replace(day=1), 6) + dt.timedelta(days=rng.randint(3, 10))
    reg.convalescence(worker, back + dt.timedelta(days=14), 5)
    for days_ago, days in ((rng.randint(400, 460), 3), (rng.randint(220, 260), 5), (rng.randint(80, 110), 2)):
        reg.sick_leave(worker, today - dt.timedelta(days=days_ago), days, wage)
    facility = reg.card(worker, "DN", valid_from=dt.date(today.year, 1, 1), valid_to=dt.date(today.year, 12, 31),
                        facility=province.initial.pick(rng))
    hospital = rng.choice(province.hospitals)
    maternity_ward = reg.world.central.get("Bệnh viện Phụ sản Trung ương", hospital)
    reg.visits.visit(person_id=worker.id, card_number=worker.ma_so, object_code="DN", facility=maternity_ward,
                     day=baby_birth - DAY, icd="O80", kind="03", age=worker.age_on(baby_birth))
    plan = (("J06.9", "01", 1000), ("K29.7", "01", 700), ("M54.5", "02", 520), ("A09", "01", 330),
            ("J20.9", "01", 150), ("J06.9", "01", 40), ("K29.7", "01", 25))
    for icd, kind, days_ago in plan:
        day = today - dt.timedelta(days=days_ago + rng.randrange(10))
        reg.visits.visit(person_id=worker.id, card_number=worker.ma_so, object_code="DN",
                         facility=facility if kind == "01" and icd != "K29.7" else hospital,
                         day=day, icd=icd, kind=kind, age=worker.age_on(day))
    bulk.life(husband, "DN", None, births=[])
    bulk.life(baby, "TE", None, births=[])
    return worker


def _pensioner(reg: Registry, bulk: Bulk) -> Who:
    rng, today = reg.rng, reg.today
    province, ward = _place(reg, "46", "phường")
    household = reg.household(province, ward)
    birth = _born(reg, 67)
    man = reg.person(household=household, province=province, ward=ward, gender=1, birth=birth,
                     family=names.family_name(rng, province.code), relation="Chủ hộ", contact=True)
    wife = reg.person(household=household, province=province, ward=ward, gender=2, birth=_born(reg, 64),
                      family=names.family_name(rng, province.code), relation="Vợ")
    retired = add_months(birth.replace(day=1), retirement_age_months(gender=1, reach_year=birth.year + 60) + 1)
    start = add_months(birth.replace(day=1), 20 * 12 + 3)
    public = reg.world.employer(province.code, ("ubnd",), active=False)
    company = reg.world.employer(province.code, ("dn",), active=False)
    wage, months_a, revalued_a = reg.employment(man, employer=public, first=start, last=dt.date(1994, 12, 1),
                                                premium=150, step=(24, 36), job="Cán bộ địa chính")
    _, months_b, revalued_b = reg.employment(man, employer=company, first=dt.date(1995, 1, 1),
                                             last=add_months(retired, -1), wage=wage, step=(12, 24),
                                             job="Kỹ sư xây dựng")
    accident = dt.date(2003, rng.randint(3, 10), rng.randint(1, 28))
    reg.work_accident(man, accident, wage=wage, years=months_between(start, accident) // 12)
    pension = reg.pension(man, retired, months=months_a + months_b, units=revalued_a + revalued_b)
    reg.bhyt(man, retired, None, wage=pension)
    facility = reg.card(man, "HT", valid_from=dt.date(today.year, 1, 1), valid_to=dt.date(today.year, 12, 31),
                        facility=province.initial.pick(rng))
    central = province.hospitals[0]  # the first hospital listed is a central one where there is one
    for index in range(9):  # check-ups for blood pressure every couple of months
        day = today - dt.timedelta(days=30 + 75 * index + rng.randrange(10))
        reg.visits.visit(person_id=man.id, card_number=man.ma_so, object_code="HT", facility=facility, day=day,
                         icd="I10", kind="01", age=man.age_on(day), secondary="E11" if index % 3 == 0 else None)
    for icd, kind, days_ago, where in (("E11", "01", 200, facility), ("E11", "01", 480, facility),
                                      ("M54.5", "01", 350, facility), ("K29.7", "01", 560, central),
                                      ("J20.9", "03", 400, central), ("I10", "03", 130, central)):
        day = today - dt.timedelta(days=days_ago + rng.randrange(10))
        reg.visits.visit(person_id=man.id, card_number=man.ma_so, object_code="HT", facility=where, day=day,
                         icd=icd, kind=kind, age=man.age_on(day), secondary="I10" if icd == "J20.9" else None)
    bulk.life(wife, "HT" if rng.random() < 0.5 else "GD", None, births=[])
    return man


def _parent(reg: Registry, bulk: Bulk) -> tuple[Who, Who, Who]:
    rng, today = reg.rng, reg.today
    province, ward = _place(reg, "82", "xã")
    household = reg.household(province, ward)
    mother = reg.person(household=household, province=province, ward=ward, gender=2, birth=_born(reg, 31),
                        family=names.family_name(rng, province.code), relation="Chủ hộ", contact=True)
    family = names.family_name(rng, province.code)
    turns_six = today + dt.timedelta(days=rng.randint(12, 25))
    children = []
    for birth in (add_years(turns_six, -6), today - dt.timedelta(days=365 * 2 + rng.randrange(60, 200))):
        children.append(reg.person(household=household, province=province, ward=ward, gender=rng.choice((1, 2)),
                                   birth=birth, family=family, relation="Con", guardian_id=mother.id))
    grandmother = reg.person(household=household, province=province, ward=ward, gender=2, birth=_born(reg, 81),
                             family=names.family_name(rng, province.code), relation="Mẹ", year_only=True)

    renewal = add_months(reg.this_month, -rng.randint(2, 6))
    reg.bhyt(mother, renewal.replace(year=renewal.year - 6), None, mode="household")
    station = province.station_by_ward[ward.code]
    reg.card(mother, "GD", valid_from=renewal, valid_to=add_months(renewal, 12) - DAY, facility=station)
    for child in children:
        reg.bhyt(child, child.birth.replace(day=1), None)
        reg.card(child, "TE", valid_from=child.birth, valid_to=add_years(child.birth, 6) - DAY, facility=station)
    hospital = province.hospitals[0]
    for who, code, icd, days_ago, where in (
        (mother, "GD", "J06.9", 300, station), (mother, "GD", "K29.7", 120, hospital), (mother, "GD", "M54.5", 45, station),
        (children[0], "TE", "J06.9", 400, station), (children[0], "TE", "A09", 200, station),
        (children[0], "TE", "J20.9", 60, hospital), (children[1], "TE", "A09", 150, station),
        (children[1], "TE", "J06.9", 30, station),
    ):
        day = today - dt.timedelta(days=days_ago + rng.randrange(10))
        reg.visits.visit(person_id=who.id, card_number=who.ma_so, object_code=code, facility=where, day=day,
                         icd=icd, kind="01", age=who.age_on(day))
    reg.bhyt(grandmother, dt.date(today.year - 8, 1, 1), None)
    reg.card(grandmother, "BT", valid_from=dt.date(today.year, 1, 1), valid_to=dt.date(today.year, 12, 31),
             facility=station)
    reg.social_pension(grandmother, add_years(grandmother.birth, SOCIAL_PENSION_AGE))
    day = today - dt.timedelta(days=90)
    reg.visits.visit(person_id=grandmother.id, card_number=grandmother.ma_so, object_code="BT", facility=station,
                     day=day, icd="I10", kind="01", age=grandmother.age_on(day))
    return mother, children[0], children[1]


def _voluntary(reg: Registry, bulk: Bulk) -> Who:
    rng, today = reg.rng, reg.today
    province, ward = _place(reg, "38", "xã")
    household = reg.household(province, ward)
    birth = _born(reg, 45)
    man = reg.person(household=household, province=province, ward=ward, gender=1, birth=birth,
                     family=names.family_name(rng, province.code), relation="Chủ hộ", contact=True)
    wife = reg.person(household=household, province=province, ward=ward, gender=2, birth=_born(reg, 43),
                      family=names.family_name(rng, province.code), relation="Vợ")
    city = "79" if "79" in reg.world.provinces else province.code
    factory = reg.world.employer(city, ("dn",), active=False)
    first = add_months(birth.replace(day=1), 21 * 12 + 4)
    left = add_months(first, 12 * 12 + 5)
    _, months, revalued = reg.employment(man, employer=factory, first=first, last=left, premium=105,
                                         step=(12, 12), province=city, job="Công nhân may")
    before = max(0, min(months, months_between(first, dt.date(2013, 12, 1))))
    reg.lump_sum(man, add_months(left, 13), months_before_2014=before, months_after=months - before,
                 units=revalued)
    father_died = add_months(reg.this_month, -rng.randint(40, 56)) + dt.timedelta(days=rng.randint(0, 27))
    lcs = reg.law.luong_co_so(father_died)
    reg.benefit(man, "tu_tuat", decided=father_died + dt.timedelta(days=rng.randint(30, 60)),
                amount=10 * lcs + rng.randint(3_800_000, 5_000_000) * 3 * rng.randint(15, 28) // 2)
    # Paid through last month, as a voluntary payer is between two payments: he can pay the
    # next months online ("Đóng tiếp BHXH tự nguyện", /thanh-toan).
    reg.voluntary(man, add_months(reg.this_month, -rng.randint(40, 60)), add_months(reg.this_month, -1),
                  step=(12, 24))
    expired = today - dt.timedelta(days=rng.randint(35, 60))
    renewal = add_years(expired + DAY, -1)
    reg.bhyt(man, renewal.replace(year=renewal.year - 7, day=1), expired.replace(day=1), mode="household")
    station = province.station_by_ward[ward.code]
    reg.card(man, "GD", valid_from=renewal, valid_to=expired, facility=station)
    for icd, days_ago in (("J06.9", 250), ("M54.5", 130)):
        day = expired - dt.timedelta(days=days_ago + rng.randrange(10))
        reg.visits.visit(person_id=man.id, card_number=man.ma_so, object_code="GD", facility=station, day=day,
                         icd=icd, kind="01", age=man.age_on(day))
    bulk.life(wife, "GD", None, births=[])
    return man
