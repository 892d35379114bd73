"""Demo data (vssid/registry/demo.py): deterministic, realistic, and within the law.

What is checked comes from DOMAIN.md: §1 identifiers (10-digit mã số, 12-digit CCCD;
facility codes province + 3 digits; legacy province codes on cards), §2 benefit levels
by object code and who pays what share (levels 1/2/5 100%, 3 95%, 4 80%; levels 3 and 4
100% at commune level and below 15% of lương cơ sở), §4 regional minimum wages and the
20 × lương cơ sở ceiling, §5 every benefit regime, §6 the visit invariant
t_tongchi_bv = t_bhtt + t_bncct + t_bntt + t_nguonkhac. The CCCD structure is that of
Thông tư 07/2016/TT-BCA Điều 7: province of birth (3 digits), century-and-gender digit,
two digits of the year of birth, six digits.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vssid.core.db import make_engine
from vssid.core.errors import Conflict, ValidationError
from vssid.core.money import round_vnd
from vssid.payments.orders import voluntary_schedule
from vssid.registry import demo as demo_module
from vssid.registry.demo import seed_demo
from vssid.registry.demo_bulk import Bulk
from vssid.registry.demo_names import CccdNumbers, cccd_century_digit
from vssid.registry.demo_tables import LEGACY_OF_PROVINCE, REGION, LawHistory
from vssid.registry.models import (
    REGIMES,
    BenefitRecord,
    Employer,
    Facility,
    HealthCard,
    Household,
    LegalParameter,
    MedicalVisit,
    ParticipationPeriod,
    Person,
    VisitCostLine,
    VssOffice,
)
from vssid.registry.object_codes import benefit_level_for
from vssid.registry.provinces_legacy import PROVINCES_LEGACY
from tests.support.migrate import migrate_to_head

TODAY = dt.date(2026, 11, 25)
VN = dt.timedelta(hours=7)
FAMILY_NAMES = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
                "Ngô", "Dương", "Lý"}


def _fresh_database(path) -> str:
    url = f"sqlite:///{path}"
    migrate_to_head(url)
    return url


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A migrated SQLite database with 300 demo people, and the cast."""
    engine = make_engine(_fresh_database(tmp_path_factory.mktemp("demo") / "demo.db"))
    with Session(engine) as session:
        cast = seed_demo(session, people=300, seed=2026, today=TODAY)
        session.commit()
    yield engine, cast
    engine.dispose()


@pytest.fixture
def db(seeded):
    engine, _ = seeded
    with Session(engine) as session:
        yield session


@pytest.fixture
def cast(seeded):
    return seeded[1]


def _dump(engine) -> dict[str, list[tuple]]:
    with Session(engine) as session:
        return {
            model.__tablename__: [tuple(row) for row in session.execute(
                select(model.__table__).order_by(*model.__table__.primary_key.columns))]
            for model in (VssOffice, Facility, Employer, Household, Person, HealthCard, ParticipationPeriod,
                          BenefitRecord, MedicalVisit, VisitCostLine)
        }


# --- determinism ---------------------------------------------------------------------


def test_the_same_seed_gives_identical_data_in_two_fresh_databases(tmp_path):
    dumps = []
    for name in ("a.db", "b.db"):
        engine = make_engine(_fresh_database(tmp_path / name))
        with Session(engine) as session:
            seed_demo(session, people=120, seed=99, today=TODAY)
            session.commit()
        dumps.append(_dump(engine))
        engine.dispose()
    first, second = dumps
    assert [p[1] for p in first["person"]] == [p[1] for p in second["person"]]  # mã số
    assert [p[3] for p in first["person"]] == [p[3] for p in second["person"]]  # names
    assert first == second


def test_another_seed_gives_other_people(tmp_path, db):
    engine = make_engine(_fresh_database(tmp_path / "other.db"))
    with Session(engine) as session:
        seed_demo(session, people=120, seed=7, today=TODAY)
        other = set(session.scalars(select(Person.full_name)))
    engine.dispose()
    mine = set(db.scalars(select(Person.full_name)))
    assert len(other & mine) < 40


def test_the_cast_does_not_depend_on_the_population_size(tmp_path, cast):
    engine = make_engine(_fresh_database(tmp_path / "small.db"))
    with Session(engine) as session:
        small = seed_demo(session, people=40, seed=2026, today=TODAY)
    engine.dispose()
    assert small.main == cast.main and small.children == cast.children
    assert small.people == 40


# --- refusal and failure -------------------------------------------------------------


def test_refuses_a_database_that_already_has_people(seeded, db):
    before = db.scalar(select(func.count()).select_from(Person))
    with pytest.raises(Conflict) as error:
        seed_demo(db, people=50, today=TODAY)
    assert "đã có dữ liệu" in error.value.message
    assert db.scalar(select(func.count()).select_from(Person)) == before


def test_refuses_too_few_people(tmp_path):
    engine = make_engine(_fresh_database(tmp_path / "few.db"))
    with Session(engine) as session, pytest.raises(ValidationError):
        seed_demo(session, people=5, today=TODAY)
    engine.dispose()


def test_a_failure_half_way_leaves_no_rows(tmp_path, monkeypatch):
    engine = make_engine(_fresh_database(tmp_path / "fail.db"))
    monkeypatch.setattr(demo_module, "BATCH_PEOPLE", 20)  # several batches are written before it fails
    calls = {"n": 0}
    original = Bulk.household

    def failing(self, limit):
        calls["n"] += 1
        if calls["n"] == 40:
            raise RuntimeError("disk full")
        return original(self, limit)

    monkeypatch.setattr(Bulk, "household", failing)
    with Session(engine) as session:
        with pytest.raises(RuntimeError):
            seed_demo(session, people=500, today=TODAY)
        session.commit()  # a careless caller commits anyway: nothing is left to commit
    with Session(engine) as session:
        for model in (Person, VssOffice, Facility, MedicalVisit, VisitCostLine):
            assert session.scalar(select(func.count()).select_from(model)) == 0
    engine.dispose()


# --- the cast ------------------------------------------------------------------------


def _card(db, person_id):
    return db.scalars(select(HealthCard).where(HealthCard.person_id == person_id)).one()


def test_the_worker_has_a_long_compulsory_history_with_two_employers_a_gap_and_debt(db, cast):
    periods = db.scalars(select(ParticipationPeriod).where(ParticipationPeriod.person_id == cast.worker.id)).all()
    schemes = {p.scheme for p in periods}
    assert schemes == {"BHXH", "BHTN", "BHTNLD_BNN", "BHYT"}
    bhxh = sorted((p for p in periods if p.scheme == "BHXH"), key=lambda p: p.from_month)
    assert len({p.employer_id for p in bhxh}) == 2
    assert all(p.mode == "compulsory" for p in bhxh)
    gaps = [b.from_month for a, b in zip(bhxh, bhxh[1:]) if a.to_month and (b.from_month - a.to_month).days > 40]
    assert len(gaps) == 1
    owed = [p for p in periods if p.employer_owes]
    assert owed and all(p.to_month is None for p in owed)
    assert bhxh[0].from_month <= TODAY.replace(year=TODAY.year - 10)
    regimes = {b.regime for b in db.scalars(select(BenefitRecord).where(BenefitRecord.person_id == cast.worker.id))}
    assert {"om_dau", "thai_san", "duong_suc", "that_nghiep"} <= regimes
    card = _card(db, cast.worker.id)
    assert (card.object_code, card.benefit_level) == ("DN", 4)
    assert card.valid_from <= TODAY <= card.valid_to
    visits = db.scalars(select(MedicalVisit).where(MedicalVisit.person_id == cast.worker.id)).all()
    assert len(visits) >= 6 and all(v.lines for v in visits)


def test_the_pensioner_has_decades_of_contributions_a_pension_and_an_inpatient_stay(db, cast):
    card = _card(db, cast.pensioner.id)
    assert (card.object_code, card.benefit_level) == ("HT", 3)
    bhxh = db.scalars(select(ParticipationPeriod).where(
        ParticipationPeriod.person_id == cast.pensioner.id, ParticipationPeriod.scheme == "BHXH")).all()
    first, last = min(p.from_month for p in bhxh), max(p.to_month for p in bhxh)
    assert (last - first).days > 30 * 365
    pensions = db.scalars(select(BenefitRecord).where(BenefitRecord.person_id == cast.pensioner.id,
                                                      BenefitRecord.regime == "huu_tri")).all()
    assert len(pensions) >= 2
    assert min(p.period_from for p in pensions) > last  # the pension starts after the last contribution
    assert [p for p in pensions if p.period_to is None and p.status == "active"]
    visits = db.scalars(select(MedicalVisit).where(MedicalVisit.person_id == cast.pensioner.id)).all()
    assert len(visits) >= 10 and any(v.visit_type == "03" for v in visits)


def test_the_parent_has_two_children_under_six_one_card_expiring_within_30_days(db, cast):
    parent = db.get(Person, cast.parent.id)
    assert _card(db, parent.id).object_code == "GD"
    children = db.scalars(select(Person).where(Person.guardian_id == parent.id)).all()
    assert {c.id for c in children} == {c.id for c in cast.children}
    expiring = 0
    for child in children:
        assert child.household_id == parent.household_id
        assert (TODAY - child.birth_date).days < 6 * 365
        card = _card(db, child.id)
        assert (card.object_code, card.benefit_level) == ("TE", 1)
        assert card.valid_from <= TODAY <= card.valid_to
        expiring += (card.valid_to - TODAY).days <= 30
    assert expiring == 1


def test_the_voluntary_participant_pays_voluntary_bhxh_and_household_bhyt_and_his_card_expired(db, cast):
    periods = db.scalars(select(ParticipationPeriod).where(ParticipationPeriod.person_id == cast.voluntary.id)).all()
    voluntary = [p for p in periods if p.scheme == "BHXH" and p.mode == "voluntary"]
    assert voluntary and all(p.to_month is not None for p in voluntary)
    assert max(p.to_month for p in voluntary) == dt.date(2026, 10, 1)  # paid through last month
    schedule = voluntary_schedule(db, person_id=cast.voluntary.id, today=TODAY)
    assert schedule is not None and schedule.next_month == dt.date(2026, 11, 1)  # he can pay on online
    assert any(p.scheme == "BHYT" and p.mode == "household" for p in periods)
    card = _card(db, cast.voluntary.id)
    assert card.valid_to < TODAY


# --- the population ------------------------------------------------------------------


def test_every_benefit_regime_and_every_benefit_level_is_present(db):
    assert set(db.scalars(select(BenefitRecord.regime).distinct())) == set(REGIMES)
    assert set(db.scalars(select(HealthCard.benefit_level).distinct())) == {1, 2, 3, 4, 5}
    codes = set(db.scalars(select(HealthCard.object_code).distinct()))
    assert {"DN", "HC", "HT", "TE", "HS", "GD", "QN"} <= codes


def test_cards_carry_the_level_of_their_object_code_and_a_legacy_province_of_the_persons_province(db):
    for card, person in db.execute(select(HealthCard, Person).join(Person, Person.id == HealthCard.person_id)):
        on = min(max(card.valid_from, TODAY), card.valid_to)
        assert card.benefit_level == benefit_level_for(card.object_code, on=on)
        assert card.province_code in {code for code, _ in LEGACY_OF_PROVINCE[person.province_code]}
        assert card.card_number == person.ma_so
        assert card.valid_from <= card.valid_to
        assert card.five_years_date is None or card.five_years_date <= card.valid_to


def test_identifiers_are_well_formed_and_unique(db):
    people = db.scalars(select(Person)).all()
    assert len({p.ma_so for p in people}) == len({p.cccd for p in people}) == len(people)
    for person in people:
        assert re.fullmatch(r"\d{10}", person.ma_so) and person.ma_so[:2] in PROVINCES_LEGACY
        assert re.fullmatch(r"\d{12}", person.cccd)
        assert person.cccd[0] == "0" and person.cccd[1:3] in PROVINCES_LEGACY
        assert int(person.cccd[3]) == cccd_century_digit(gender=person.gender, birth_year=person.birth_year)
        assert person.cccd[4:6] == f"{person.birth_year % 100:02d}"
        assert person.phone is None or re.fullmatch(r"0[389]\d{8}", person.phone)
    assert len({h.code for h in db.scalars(select(Household))}) == db.scalar(select(func.count()).select_from(Household))


def test_names_are_vietnamese_with_diacritics_and_some_old_people_have_only_a_year_of_birth(db):
    people = db.scalars(select(Person)).all()
    families = [p.full_name.split()[0] for p in people]
    assert sum(f in FAMILY_NAMES for f in families) > 0.8 * len(people)
    assert sum(any(ord(ch) > 127 for ch in p.full_name) for p in people) > 0.9 * len(people)
    assert any(p.birth_month is None and p.birth_day is None and p.birth_year < 1960 for p in people)
    assert all(p.gender in (1, 2) for p in people)
    assert all(p.address.endswith(("Thành phố Hà Nội", "Thành phố Hồ Chí Minh")) or ", " in p.address for p in people)


def test_children_have_their_guardian_in_the_same_household(db):
    children = db.scalars(select(Person).where(Person.guardian_id.is_not(None))).all()
    assert len(children) > 10
    for child in children:
        guardian = db.get(Person, child.guardian_id)
        assert guardian.household_id == child.household_id
        assert guardian.birth_year <= child.birth_year - 16


def test_compulsory_wages_never_go_below_the_regional_minimum_nor_above_the_ceiling(db):
    law = LawHistory(db.execute(select(LegalParameter.name, LegalParameter.value, LegalParameter.valid_from)).all())
    periods = db.scalars(select(ParticipationPeriod).where(ParticipationPeriod.employer_id.is_not(None))).all()
    assert len(periods) > 200
    for period in periods:
        last = period.to_month or TODAY
        minimum = law.minimum_over(period.from_month, last, REGION[period.province_code])
        assert period.wage >= minimum, (period.person_id, period.from_month, period.wage, minimum)
        assert period.wage <= 20 * law.luong_co_so(period.from_month)
    # DOMAIN.md §4: 4,960,000 in vùng I from 01/07/2024, 5,310,000 from 01/01/2026 (database rows).
    current = [p for p in periods if p.to_month is None and p.province_code == "01"]
    assert current and all(p.wage >= 5_310_000 for p in current)


def test_voluntary_incomes_start_at_the_rural_poverty_line(db):
    voluntary = db.scalars(select(ParticipationPeriod).where(ParticipationPeriod.mode == "voluntary")).all()
    assert voluntary
    for period in voluntary:
        if period.from_month >= dt.date(2022, 1, 1):
            assert period.wage >= 1_500_000 and period.wage % 50_000 == 0


def test_every_visit_adds_up_from_its_lines(db):
    lines_by_visit = defaultdict(list)
    for line in db.scalars(select(VisitCostLine)):
        assert line.amount == line.fund_part + line.patient_part
        assert line.amount == round_vnd(numerator=int(line.quantity * 1000) * line.unit_price, denominator=1000)
        assert min(line.fund_part, line.patient_part) >= 0
        lines_by_visit[line.visit_id].append(line)
    visits = db.scalars(select(MedicalVisit)).all()
    assert len(visits) > 200
    for visit in visits:
        lines = lines_by_visit[visit.id]
        assert lines and all(line.person_id == visit.person_id for line in lines)
        assert visit.t_tongchi_bv == visit.t_bhtt + visit.t_bncct + visit.t_bntt + visit.t_nguonkhac
        assert visit.t_tongchi_bv == sum(line.amount for line in lines)
        assert visit.t_bhtt == sum(line.fund_part for line in lines)
        assert visit.t_bncct + visit.t_bntt == sum(line.patient_part for line in lines)
        assert visit.t_thuoc == sum(line.amount for line in lines if line.group_code == 4)
        assert visit.t_vtyt == sum(line.amount for line in lines if line.group_code == 10)
        assert visit.admitted_at.tzinfo is not None and visit.admitted_at < visit.discharged_at
        assert visit.discharged_at.date() <= TODAY


def test_the_fund_pays_the_share_the_benefit_level_gives(db):
    law = LawHistory(db.execute(select(LegalParameter.name, LegalParameter.value, LegalParameter.valid_from)).all())
    rows = db.execute(
        select(MedicalVisit, HealthCard.object_code, Facility.level)
        .join(HealthCard, HealthCard.person_id == MedicalVisit.person_id)
        .join(Facility, Facility.code == MedicalVisit.facility_code)
    ).all()
    shares = set()
    for visit, object_code, facility_level in rows:
        day = (visit.admitted_at + VN).date()
        level = benefit_level_for(object_code, on=day)
        scopes = [round_vnd(numerator=line.amount * line.bhyt_rate, denominator=100) for line in visit.lines]
        if level == 1:  # no cap on capped items
            scopes = [line.amount if line.bhyt_rate == 50 else scope for line, scope in zip(visit.lines, scopes)]
        small = sum(scopes) * 100 < 15 * law.luong_co_so(day)
        share = 100 if level in (1, 2, 5) or facility_level == "Xã" or small else {3: 95, 4: 80}[level]
        shares.add(share)
        for line, scope in zip(visit.lines, scopes):
            expected = round_vnd(numerator=scope * share, denominator=100)
            if level == 5:
                expected += line.amount - scope
            assert line.fund_part == expected, (visit.id, line.name)
    assert shares == {80, 95, 100}


def test_directories_look_like_the_real_ones(db):
    facilities = db.scalars(select(Facility)).all()
    names = {f.name: f for f in facilities}
    assert names["Bệnh viện Bạch Mai"].code.startswith("01") and names["Bệnh viện Chợ Rẫy"].code.startswith("79")
    assert {f.level for f in facilities} == {"Trung ương", "Tỉnh", "Cơ sở", "Xã"}
    for facility in facilities:
        assert re.fullmatch(r"\d{5}", facility.code) and facility.code[:2] in PROVINCES_LEGACY
        assert facility.name.startswith(("Bệnh viện", "Trung tâm Y tế", "Trạm Y tế", "Phòng khám đa khoa"))
        assert facility.latitude is not None and 8 < float(facility.latitude) < 24
    assert any(f.name.startswith("Bệnh viện Đa khoa tỉnh") for f in facilities)
    assert any(f.name.startswith("Trạm Y tế xã") for f in facilities)
    employers = db.scalars(select(Employer)).all()
    assert sum(e.status == "active" for e in employers) > 0.9 * len(employers)
    for employer in employers:
        assert re.fullmatch(r"[A-Z]{2}\d{4}[A-Z]", employer.unit_code)
        assert re.fullmatch(r"\d{10}", employer.tax_code)
    offices = db.scalars(select(VssOffice)).all()
    assert any(o.name == "Bảo hiểm xã hội thành phố Hà Nội" for o in offices)
    assert all(o.name.startswith("Bảo hiểm xã hội ") and o.opening_hours for o in offices)


# --- pure helpers --------------------------------------------------------------------


@pytest.mark.parametrize(("gender", "year", "digit"), [(1, 1975, 0), (2, 1999, 1), (1, 2000, 2), (2, 2024, 3),
                                                       (1, 2100, 4), (2, 2199, 5)])
def test_cccd_century_digit_follows_thong_tu_07_2016(gender, year, digit):
    assert cccd_century_digit(gender=gender, birth_year=year) == digit


def test_cccd_serials_never_repeat_within_a_prefix():
    import random

    numbers = CccdNumbers(random.Random(1))
    drawn = [numbers.next(birth_province="79", gender=2, birth_year=1990) for _ in range(20_000)]
    assert len(set(drawn)) == len(drawn) and all(n.startswith("079190") for n in drawn)


def test_law_history_prefers_the_database_and_falls_back_to_history():
    law = LawHistory([("luong_co_so", 2_340_000, dt.date(2024, 7, 1)),
                      ("luong_toi_thieu_vung_1", 5_310_000, dt.date(2026, 1, 1)),
                      ("luong_toi_thieu_vung_4", 3_700_000, dt.date(2026, 1, 1))])
    assert law.luong_co_so(dt.date(2025, 1, 1)) == 2_340_000
    assert law.luong_co_so(dt.date(2020, 1, 1)) == 1_490_000  # Nghị định 38/2019/NĐ-CP
    assert law.regional_minimum(dt.date(2026, 3, 1), 1) == 5_310_000
    assert law.regional_minimum(dt.date(2025, 3, 1), 1) == 4_960_000  # Nghị định 74/2024/NĐ-CP
    assert law.regional_minimum(dt.date(2005, 3, 1), 2) == 290_000  # before regions: lương tối thiểu chung
