"""People, cards, participation periods and benefits for the demo data.

``Registry`` writes the rows of one person at a time through the ``Sink``; the cast
(demo_cast.py) and the bulk population (demo_bulk.py) are both built from its methods.

Money rules used for benefits (DOMAIN.md §4–§5, Luật BHXH 41/2024/QH15): sickness
75% of the wage per 24 working days; maternity six months of wage plus 2 × lương cơ sở
per child; convalescence 30% of lương cơ sở a day; unemployment 60% of the wage for
3 months plus one per extra 12 months of contributions; pension 45% + 2% a year (women
from 15 years, men from 20; men with 15–19 years 40% + 1%), at most 75%. ``amount`` is
the monthly amount for regimes paid monthly (huu_tri, that_nghiep, monthly tu_tuat,
huu_tri_xa_hoi; ``period_to`` NULL while it runs) and the lump sum otherwise.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from vssid.registry import demo_names as names
from vssid.registry.demo_health import Visits, level_on
from vssid.registry.demo_names import CccdNumbers
from vssid.registry.demo_tables import (
    BHTN_FROM,
    BHTNLD_FROM,
    BHYT_FROM,
    PENSION_ADJUSTMENTS,
    SOCIAL_PENSION_FROM,
    SOCIAL_PENSION_MONTHLY,
    LawHistory,
)
from vssid.registry.demo_world import JOBS, ProvinceInfo, Sink, WardInfo, World

ONE_DAY = dt.timedelta(days=1)
# Sequence numbers become code tails through n * SCRAMBLE + offset (mod 10^8): coprime
# with 10, so a bijection (codes never repeat) that does not look like a counter.
SCRAMBLE = 48_271_723
WAGE_UNIT = 1_000_000


def add_months(day: dt.date, n: int) -> dt.date:
    """The first day of the month ``n`` months after ``day``'s month."""
    year, month = divmod(day.year * 12 + day.month - 1 + n, 12)
    return dt.date(year, month + 1, 1)


def months_between(first: dt.date, last: dt.date) -> int:
    """Months from ``first`` to ``last``, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def ceil_thousand(amount: int) -> int:
    return -(-amount // 1000) * 1000


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(slots=True)
class Who:
    """What the generator remembers about a person while writing their rows."""

    id: int
    ma_so: str
    cccd: str
    name: str
    gender: int
    birth: dt.date  # 1 January / the 1st when only the year or month is known
    province: ProvinceInfo
    ward: WardInfo
    household_id: int
    phone: str | None
    email: str | None
    bhyt_since: dt.date | None = None  # start of the current run of BHYT months
    bhyt_end: dt.date | None = None  # last BHYT month written so far

    def age_on(self, day: dt.date) -> int:
        born = self.birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Registry:
    def __init__(self, *, world: World, law: LawHistory, sink: Sink, rng: random.Random, today: dt.date) -> None:
        self.world = world
        self.law = law
        self.sink = sink
        self.rng = rng
        self.today = today
        self.this_month = today.replace(day=1)
        self.visits = Visits(sink=sink, rng=rng, law=law, facility_level=world.facility_level)
        self.cccd = CccdNumbers(rng)
        self._ma_so_offset = rng.randrange(10**8)
        self._household_offset = rng.randrange(10**8)

    # --- households and people ----------------------------------------------------
    def household(self, province: ProvinceInfo, ward: WardInfo) -> tuple[int, str]:
        household_id = self.sink.new_id("household")
        address = names.address(self.rng, province=province.code, province_name=province.name,
                                ward_name=ward.name, ward_type=ward.kind)
        tail = (household_id * SCRAMBLE + self._household_offset) % 10**8
        self.sink.add("household", {
            "id": household_id, "code": f"{province.code}{tail:08d}", "address": address,
            "province_code": province.code, "ward_code": ward.code,
        })
        return household_id, address

    def person(self, *, household: tuple[int, str], province: ProvinceInfo, ward: WardInfo, gender: int,
               birth: dt.date, family: str, relation: str, guardian_id: int | None = None,
               year_only: bool = False, name: str | None = None, contact: bool = False) -> Who:
        rng = self.rng
        person_id = self.sink.new_id("person")
        ma_so = f"{ward.legacy}{(person_id * SCRAMBLE + self._ma_so_offset) % 10**8:08d}"
        name = name or names.full_name(rng, family=family, gender=gender, birth_year=birth.year)
        born_where = province.code if birth >= dt.date(2025, 7, 1) else ward.legacy
        cccd = self.cccd.next(birth_province=born_where, gender=gender, birth_year=birth.year)
        age = self.today.year - birth.year
        phone = names.mobile(rng) if contact or age >= 16 and rng.random() < 0.9 else None
        email = names.email_for(rng, name, birth.year) if contact or 16 <= age < 70 and rng.random() < 0.35 else None
        self.sink.add("person", {
            "id": person_id, "ma_so": ma_so, "cccd": cccd, "full_name": name, "birth_year": birth.year,
            "birth_month": None if year_only else birth.month, "birth_day": None if year_only else birth.day,
            "gender": gender, "address": household[1], "province_code": province.code, "ward_code": ward.code,
            "phone": phone, "email": email, "household_id": household[0], "relation_to_head": relation,
            "guardian_id": guardian_id,
        })
        if year_only:
            birth = dt.date(birth.year, 1, 1)
        return Who(person_id, ma_so, cccd, name, gender, birth, province, ward, household[0], phone, email)

    # --- health cards -------------------------------------------------------------
    def initial_facility(self, who: Who) -> str:
        if self.rng.random() < (0.45 if who.ward.kind == "xã" else 0.15):
            return who.province.station_by_ward[who.ward.code]
        return who.province.initial.pick(self.rng)

    def card(self, who: Who, code: str, *, valid_from: dt.date, valid_to: dt.date, facility: str | None = None,
             area: str | None = None) -> str:
        """The person's health card; returns its facility code."""
        facility = facility or self.initial_facility(who)
        five_years = None
        if who.bhyt_since is not None:
            five_years = add_years(who.bhyt_since, 5)
            if five_years > valid_to:
                five_years = None
        issue = max(valid_from - dt.timedelta(days=self.rng.randint(3, 25)), who.birth + dt.timedelta(days=7))
        self.sink.add("health_card", {
            "id": self.sink.new_id("health_card"), "person_id": who.id, "card_number": who.ma_so,
            "object_code": code, "benefit_level": level_on(code, min(max(valid_from, self.today), valid_to)),
            "province_code": who.ward.legacy, "area_code": area, "facility_code": facility,
            "valid_from": valid_from, "valid_to": valid_to, "issue_date": min(issue, self.today),
            "five_years_date": five_years, "issuing_office_id": self.rng.choice(who.province.office_ids),
            "status": "active",
        })
        return facility

    # --- participation ------------------------------------------------------------
    def period(self, who: Who, scheme: str, first: dt.date, last: dt.date | None, *, wage: int, mode: str,
               employer: int | None = None, job: str | None = None, owes: bool = False,
               province: str | None = None) -> None:
        self.sink.add("participation_period", {
            "id": self.sink.new_id("participation_period"), "person_id": who.id, "scheme": scheme,
            "from_month": first, "to_month": last, "employer_id": employer, "job": job, "wage": wage,
            "province_code": province or who.province.code, "mode": mode, "employer_owes": owes,
        })

    def bhyt(self, who: Who, first: dt.date, last: dt.date | None, *, wage: int | None = None,
             mode: str = "compulsory", employer: int | None = None, job: str | None = None, owes: bool = False,
             province: str | None = None) -> None:
        """A BHYT period; keeps track of where the current run of covered months began."""
        first = max(first, BHYT_FROM)
        if last is not None and last < first:
            return
        self.period(who, "BHYT", first, last, wage=wage if wage is not None else self.law.luong_co_so(first),
                    mode=mode, employer=employer, job=job, owes=owes, province=province)
        if who.bhyt_since is None or who.bhyt_end is None or add_months(who.bhyt_end, 1) < first:
            who.bhyt_since = first
        who.bhyt_end = last or self.this_month

    def employment(self, who: Who, *, employer: int, first: dt.date, last: dt.date | None,
                   wage: int | None = None, premium: int = 100, step: tuple[int, int] = (24, 60),
                   owes_months: int = 0, province: str | None = None,
                   job: str | None = None) -> tuple[int, int, int]:
        """A spell with one employer, split where the wage changes; all four schemes.

        Returns (last wage, months, wage units) where wage units are the sum over months
        of wage ÷ lương cơ sở of the time, × WAGE_UNIT: the wage history revalued, for
        pensions and lump sums (``average_wage``). Each wage is at least the regional minimum of every month it covers.
        """
        rng = self.rng
        law = self.law
        kind = self.world.employer_kind[employer]
        province = province or who.province.code
        region = self.world.provinces[province].region
        job = job or rng.choice(JOBS[kind])
        end = last or self.this_month
        growth = rng.uniform(0.03, 0.09)
        cursor = first
        months = revalued = paid = 0
        owed_from = add_months(self.this_month, -(owes_months - 1)) if owes_months and last is None else None
        while cursor <= end:
            segment_end = min(add_months(cursor, rng.randint(*step) - 1), end)
            floor = law.minimum_over(cursor, segment_end, region)
            if wage is None:
                wage = ceil_thousand(floor * premium // 100)
            elif wage < floor:  # employers raise wages when the minimum rises
                wage = ceil_thousand(floor * rng.randint(100, 112) // 100)
            wage = max(min(wage, 20 * law.luong_co_so(cursor)), ceil_thousand(floor))
            ongoing = last is None and segment_end == end
            pieces = [(cursor, None if ongoing else segment_end, False)]
            if ongoing and owed_from is not None:
                pieces = ([(cursor, add_months(owed_from, -1), False)] if cursor < owed_from else []) + [
                    (max(cursor, owed_from), None, True)]
            for a, b, owes in pieces:
                self.period(who, "BHXH", a, b, wage=wage, mode="compulsory", employer=employer, job=job,
                            owes=owes, province=province)
                if kind != "ubnd" and (b is None or b >= BHTN_FROM):
                    self.period(who, "BHTN", max(a, BHTN_FROM), b, wage=wage, mode="compulsory",
                                employer=employer, job=job, owes=owes, province=province)
                if b is None or b >= BHTNLD_FROM:
                    self.period(who, "BHTNLD_BNN", max(a, BHTNLD_FROM), b, wage=wage, mode="compulsory",
                                employer=employer, job=job, owes=owes, province=province)
                self.bhyt(who, a, b, wage=wage, employer=employer, job=job, owes=owes, province=province)
            span = months_between(cursor, segment_end)
            months += span
            revalued += span * wage * WAGE_UNIT // law.luong_co_so(cursor)
            cursor = add_months(segment_end, 1)
            paid = wage
            wage = int(wage * (1 + growth) ** (span / 12)) // 1000 * 1000
        return paid, months, revalued

    def voluntary(self, who: Who, first: dt.date, last: dt.date | None, *, step: tuple[int, int] = (24, 48)) -> None:
        """Voluntary BHXH: 22% of a chosen income from the rural poverty line, in 50,000 steps."""
        rng = self.rng
        end = last or self.this_month
        cursor = first
        income = 0
        while cursor <= end:
            segment_end = min(add_months(cursor, rng.randint(*step) - 1), end)
            floor = max(self.law.poverty_line(cursor), self.law.poverty_line(segment_end))
            income = max(income, floor + 50_000 * rng.choice((0, 0, 0, 2, 5, 10, 20)))
            self.period(who, "BHXH", cursor, None if last is None and segment_end == end else segment_end,
                        wage=income, mode="voluntary")
            cursor = add_months(segment_end, 1)

    # --- benefits -----------------------------------------------------------------
    def benefit(self, who: Who, regime: str, *, decided: dt.date, amount: int, first: dt.date | None = None,
                last: dt.date | None = None, days: int | None = None, status: str = "paid",
                method: str | None = None) -> None:
        rng = self.rng
        if method is None:
            method = "atm" if rng.random() < (0.8 if who.age_on(decided) < 60 else 0.45) else "cash"
        self.sink.add("benefit_record", {
            "id": self.sink.new_id("benefit_record"), "person_id": who.id, "regime": regime,
            "decision_number": f"{rng.randint(120, 9999)}/QĐ-BHXH", "decision_date": min(decided, self.today),
            "period_from": first, "period_to": last, "days": days, "amount": amount, "payment_method": method,
            "paying_office_id": rng.choice(who.province.office_ids), "status": status,
        })

    def sick_leave(self, who: Who, start: dt.date, days: int, wage: int) -> None:
        self.benefit(who, "om_dau", decided=start + dt.timedelta(days=self.rng.randint(20, 45)),
                     first=start, last=start + dt.timedelta(days=days - 1), days=days,
                     amount=(wage * 75 * days + 1200) // 2400)

    def maternity(self, who: Who, birth: dt.date, wage: int) -> None:
        first = birth - dt.timedelta(days=self.rng.randint(7, 30))
        last = add_months(first, 6) - ONE_DAY
        self.benefit(who, "thai_san", decided=birth + dt.timedelta(days=self.rng.randint(30, 60)), first=first,
                     last=last, amount=6 * wage + 2 * self.law.luong_co_so(birth))

    def convalescence(self, who: Who, start: dt.date, days: int) -> None:
        self.benefit(who, "duong_suc", decided=start + dt.timedelta(days=self.rng.randint(15, 40)), first=start,
                     last=start + dt.timedelta(days=days - 1), days=days,
                     amount=self.law.luong_co_so(start) * 30 * days // 100)

    def unemployment(self, who: Who, first: dt.date, *, wage: int, contributed_months: int, region: int,
                     until: dt.date | None = None) -> dt.date:
        """Trợ cấp thất nghiệp from ``first`` (a month start) for 3 months plus one per 12 months
        of contributions beyond 36, at most 12, stopping at ``until`` (a new job); returns
        the last month paid."""
        months = min(12, 3 + max(0, contributed_months - 36) // 12)
        monthly = min(wage * 60 // 100, 5 * self.law.regional_minimum(first, region))
        last_month = add_months(first, months - 1)
        if until is not None:
            last_month = max(first, min(last_month, until))
        self.benefit(who, "that_nghiep", decided=first - dt.timedelta(days=self.rng.randint(5, 20)), first=first,
                     last=add_months(last_month, 1) - ONE_DAY, amount=monthly,
                     status="paid" if last_month < self.this_month else "active")
        return last_month

    def lump_sum(self, who: Who, decided: dt.date, *, months_before_2014: int, months_after: int, units: int) -> None:
        average = self.average_wage(units, months_before_2014 + months_after, decided)
        amount = average * (15 * months_before_2014 + 20 * months_after) // 120
        self.benefit(who, "bhxh_mot_lan", decided=decided, amount=amount)

    def work_accident(self, who: Who, day: dt.date, *, wage: int, years: int) -> None:
        loss = self.rng.randint(6, 30)  # % of working capacity lost: a lump sum below 31%
        lcs = self.law.luong_co_so(day)
        amount = lcs * (10 + (loss - 5)) // 2 + wage // 2 + wage * 3 * max(0, years - 1) // 10
        self.benefit(who, "tnld_bnn", decided=day + dt.timedelta(days=self.rng.randint(40, 120)), amount=amount)

    def average_wage(self, units: int, months: int, on: dt.date) -> int:
        """The average of a wage history (``employment``'s units) in money of ``on``."""
        return units * self.law.luong_co_so(on) // (max(months, 1) * WAGE_UNIT)

    def pension(self, who: Who, retired: dt.date, *, months: int, units: int) -> int:
        """The retirement decision and one record per later general increase; returns the current amount."""
        years = months // 12
        if who.gender == 2:
            rate = 45 + 2 * max(0, years - 15)
        else:
            rate = 45 + 2 * (years - 20) if years >= 20 else 40 + (years - 15)
        rate = min(75, max(rate, 40))
        average = self.average_wage(units, months, retired)
        amount = max(average * rate // 100, self.law.luong_co_so(retired))
        steps = [(retired, amount)]
        catch_up = dt.date(2016, 5, 1)
        if retired < catch_up <= self.today:
            # Until 2016 pensions rose with lương cơ sở; one record stands for those increases.
            amount = amount * self.law.luong_co_so(catch_up) // self.law.luong_co_so(retired)
            steps.append((catch_up, amount))
        for start, per_mille, _ in PENSION_ADJUSTMENTS:
            if retired < start <= self.today:
                amount = amount * per_mille // 1000
                steps.append((start, amount))
        for index, (start, value) in enumerate(steps):
            end = steps[index + 1][0] - ONE_DAY if index + 1 < len(steps) else None
            self.benefit(who, "huu_tri", decided=start - dt.timedelta(days=self.rng.randint(10, 40)),
                         first=start, last=end, amount=value, status="active" if end is None else "paid")
        return amount

    def social_pension(self, who: Who, from_day: dt.date) -> None:
        """Trợ cấp hưu trí xã hội for people from 75 without a pension (from 01/07/2025)."""
        first = max(from_day, SOCIAL_PENSION_FROM).replace(day=1)
        if first <= self.today:
            self.benefit(who, "huu_tri_xa_hoi", decided=first - dt.timedelta(days=self.rng.randint(5, 25)),
                         first=first, amount=SOCIAL_PENSION_MONTHLY, status="active")

    def survivor_monthly(self, who: Who, death: dt.date) -> None:
        """Monthly survivor allowance (tuất hằng tháng): 50% of lương cơ sở, a record per change."""
        start = add_months(death, 1)
        points = [start] + [day for day in self.law_changes() if start < day <= self.today]
        for index, first in enumerate(points):
            last = points[index + 1] - ONE_DAY if index + 1 < len(points) else None
            self.benefit(who, "tu_tuat", decided=first - dt.timedelta(days=self.rng.randint(5, 30)), first=first,
                         last=last, amount=self.law.luong_co_so(first) // 2, status="active" if last is None else "paid")

    def law_changes(self) -> list[dt.date]:
        return self.law.luong_co_so_changes
