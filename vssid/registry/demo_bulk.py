"""The bulk population: households of realistic shape, each person with an object code
(DOMAIN.md §2) that fits their age and household, and the history that code implies.

Kept lighter than the demo cast (demo_cast.py): coarser wage steps, at most three
medical visits, so a million people stay within minutes and bounded memory.
"""
from __future__ import annotations

import datetime as dt

from vssid.registry import demo_names as names
from vssid.registry.demo_history import Registry, Who, add_months, add_years, months_between
from vssid.registry.demo_names import NORTH_MOUNTAIN, Weighted
from vssid.registry.demo_tables import SOCIAL_PENSION_AGE, retirement_age_months

COMPOSITION = Weighted((("single", 14), ("couple", 18), ("nuclear", 40), ("single_parent", 6), ("three_gen", 22)))
YOUNG_ADULT = Weighted((("SV", 50), ("DN", 25), ("GD", 15), ("QN", 8), ("HC", 2)))
WORKING_AGE = Weighted((("DN", 420), ("HC", 90), ("GD", 300), ("CA", 12), ("QN", 10), ("CY", 2), ("TN", 12),
                        ("TS", 5), ("BT", 5), ("CC", 3)))
OLD_AGE = Weighted((("HT", 500), ("GD", 220), ("CC", 40), ("CB", 60), ("KC", 20), ("TS", 20), ("BT", 40), ("MS", 10)))
VISITS_BY_AGE = {"child": (0, 1, 1, 2, 3), "pupil": (0, 0, 1), "adult": (0, 0, 1, 1, 2), "elder": (1, 2, 2, 3)}
STATE_FUNDED = {"HN", "CN", "DT", "CC", "CB", "KC", "BT", "TS", "MS"}


class Bulk:
    def __init__(self, registry: Registry) -> None:
        self.reg = registry
        self.rng = registry.rng
        self.today = registry.today
        self.world = registry.world
        # The first working-age men of the bulk population are a soldier and a police
        # officer, so benefit level 5 shows even in a small demo database.
        self._forced = ["QN", "CA"]

    # --- households ---------------------------------------------------------------
    def household(self, limit: int) -> int:
        """One household of at most ``limit`` people; returns how many were created."""
        rng, reg, today = self.rng, self.reg, self.today
        province = self.world.provinces[self.world.province_pick.pick(rng)]
        ward = province.ward_pick.pick(rng)
        mountain = province.code in NORTH_MOUNTAIN
        roll = rng.random()
        status = "HN" if roll < (0.12 if mountain else 0.025) else "CN" if roll < (0.2 if mountain else 0.055) else None
        ethnic = mountain and ward.kind == "xã" and rng.random() < 0.5
        # K1/K2: ethnic minorities and the poor in (especially) hard-up communes; K3: islands.
        area = "K3" if ward.kind == "đặc khu" else rng.choice(("K1", "K1", "K2")) if ethnic else None
        family = names.family_name(rng, province.code)

        kind = COMPOSITION.pick(rng)
        specs: list[tuple[str, int, int, str]] = []  # (relation, gender, age, family)
        if kind == "single":
            specs.append(("Chủ hộ", rng.choice((1, 2)), rng.randint(20, 88), family))
        else:
            head_age = {"couple": (24, 85), "nuclear": (25, 55), "single_parent": (24, 50), "three_gen": (28, 55)}[kind]
            head = rng.randint(*head_age)
            if kind == "single_parent":
                mother = head
                specs.append(("Chủ hộ", 2, head, family))
            else:
                mother = max(20, head - rng.randint(-2, 6))
                specs.append(("Chủ hộ", 1, head, family))
                specs.append(("Vợ", 2, mother, names.family_name(rng, province.code)))
            if kind == "three_gen":
                for gender, relation in ((1, "Cha"), (2, "Mẹ")):
                    if rng.random() < 0.7:
                        elder = min(98, head + rng.randint(22, 34))
                        specs.append((relation, gender, elder, family if gender == 1 else names.family_name(rng, province.code)))
            if kind in ("nuclear", "single_parent", "three_gen") and mother >= 20:
                ages = sorted((rng.randint(0, min(mother - 19, 21)) for _ in range(rng.choice((1, 1, 2, 2, 2, 3)))), reverse=True)
                for age in ages:
                    specs.append(("Con", rng.choice((1, 2)), age, family))

        household = reg.household(province, ward)
        created: list[tuple[Who, str]] = []
        mother_who = father_who = None
        child_births: list[dt.date] = []
        for relation, gender, age, fam in specs[:limit]:
            birth = today - dt.timedelta(days=365 * age + rng.randrange(365) + age // 4)
            guardian = None
            if relation == "Con" and age < 15:
                guardian = (mother_who or father_who).id if (mother_who or father_who) else None
            year_only = birth.year < 1960 and rng.random() < 0.3
            who = reg.person(household=household, province=province, ward=ward, gender=gender, birth=birth,
                             family=fam, relation=relation, guardian_id=guardian, year_only=year_only)
            if relation in ("Chủ hộ", "Vợ") and gender == 2:
                mother_who = who
            elif relation == "Chủ hộ":
                father_who = who
            if relation == "Con":
                child_births.append(birth)
            created.append((who, self.code_for(who, status, ethnic)))
        for who, code in created:
            births = child_births if who is mother_who else []
            self.life(who, code, area, births=births)
        return len(created)

    def code_for(self, who: Who, status: str | None, ethnic: bool) -> str:
        rng = self.rng
        age = who.age_on(self.today)
        if age < 6:
            return "TE"
        retirement = retirement_age_months(gender=who.gender, reach_year=who.birth.year + (60 if who.gender == 1 else 55))
        if age * 12 >= retirement + 12:
            code = OLD_AGE.pick(rng)
            if code == "CB" and who.gender == 2 or code == "BT" and age < 80 or code == "MS" and age < 75:
                code = "GD"
            return status if status and code != "HT" else code
        if status:
            return status
        if ethnic and rng.random() < 0.6:
            return "DT"
        if age < 18:
            return "HS"
        if age < 23:
            code = YOUNG_ADULT.pick(rng)
            return "SV" if code == "QN" and who.gender == 2 else code
        if self._forced and who.gender == 1 and age < 45:
            return self._forced.pop(0)
        code = WORKING_AGE.pick(rng)
        return "DN" if code in ("QN", "CA") and who.gender == 2 and rng.random() < 0.7 else code

    # --- lives --------------------------------------------------------------------
    def life(self, who: Who, code: str, area: str | None, *, births: list[dt.date]) -> None:
        reg, rng, today = self.reg, self.rng, self.today
        year_start, year_end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
        age = who.age_on(today)
        valid_from, valid_to = year_start, year_end
        pensioner = False
        if code == "TE":
            reg.bhyt(who, who.birth.replace(day=1), None)
            valid_from, valid_to = who.birth, add_years(who.birth, 6) - dt.timedelta(days=1)
        elif code in ("HS", "SV"):
            start = add_years(who.birth, 6 if code == "HS" else 18).replace(month=9, day=1)
            reg.bhyt(who, min(start, reg.this_month), None)
        elif code in ("DN", "HC", "TN"):
            valid_to = self.worker(who, code, births) or year_end
        elif code == "HT":
            self.retiree(who)
            pensioner = True
        elif code == "GD":
            valid_from, valid_to = self.household_member(who, age)
        else:  # armed forces and state-funded groups: BHYT paid by the state
            years = rng.randint(1, max(1, min(15, age - 17)))
            reg.bhyt(who, add_months(reg.this_month, -12 * years - rng.randrange(12)), None)
        valid_from = max(valid_from, who.bhyt_since or valid_from) if code != "TE" else valid_from
        if valid_from > valid_to:
            valid_from = valid_to.replace(day=1)
        facility = reg.card(who, code, valid_from=valid_from, valid_to=valid_to, area=area)

        if who.gender == 2 and age >= 60 and not pensioner and rng.random() < 0.15:
            reg.survivor_monthly(who, reg.this_month.replace(year=today.year - rng.randint(1, 15)))
        elif not pensioner and code != "MS" and age >= SOCIAL_PENSION_AGE and rng.random() < 0.6:
            reg.social_pension(who, add_years(who.birth, SOCIAL_PENSION_AGE))
        self.visits(who, code, facility, valid_to, age)

    def worker(self, who: Who, code: str, births: list[dt.date]) -> dt.date | None:
        """A career of one to three spells; returns the card's end when it is not the year's end."""
        reg, rng = self.reg, self.rng
        kinds = ("school", "ubnd") if code == "HC" else ("dn", "htx")
        start = add_months(who.birth.replace(day=1), 12 * rng.randint(18 if code != "HC" else 22, 26) + rng.randrange(12))
        start = max(start, dt.date(1995, 1, 1), add_months(who.birth.replace(day=1), 12 * 18))
        latest = add_months(reg.this_month, -6 if code == "TN" else -1)
        start = min(start, add_months(latest, -6))
        spells = rng.choice((1, 1, 2, 2, 3))
        cursor, total_months, wage = start, 0, None
        card_end = None
        for index in range(spells):
            last_spell = index == spells - 1 or cursor >= add_months(latest, -24)
            ends_now = last_spell and code != "TN"
            if last_spell:
                end = None if ends_now else add_months(reg.this_month, -rng.randint(3, 5))
            else:
                end = min(add_months(cursor, rng.randint(12, 96) - 1), add_months(latest, -12))
            employer = self.world.employer(who.province.code, kinds, active=last_spell)
            if employer is None:
                break
            paid, months, _ = reg.employment(
                who, employer=employer, first=cursor, last=end, wage=wage,
                premium=100 + int(rng.random() ** 2 * 80), step=(36, 84), owes_months=rng.choice((2, 3, 4)) if
                ends_now and rng.random() < 0.04 else 0)
            total_months += months
            wage = paid
            if last_spell:
                if code == "TN" and end is not None:
                    benefit_from = add_months(end, 2)
                    paid_to = reg.unemployment(who, benefit_from, wage=paid, contributed_months=total_months,
                                               region=who.province.region)
                    reg.bhyt(who, benefit_from, paid_to if paid_to < reg.this_month else None,
                             wage=paid * 60 // 100)
                    card_end = add_months(paid_to, 1) - dt.timedelta(days=1)
                self._worker_benefits(who, cursor, end, paid, births)
                break
            gap = rng.choice((0, 0, 1, 2, 3, 6, 9, 12, 18))
            next_start = min(add_months(end, gap + 1), add_months(latest, -6))  # room for the last spell
            if gap >= 3 and total_months >= 12 and rng.random() < 0.5:
                paid_to = reg.unemployment(who, add_months(end, 2), wage=paid, contributed_months=total_months,
                                           region=who.province.region, until=add_months(next_start, -1))
                reg.bhyt(who, add_months(end, 2), paid_to, wage=paid * 60 // 100)
            cursor = next_start
        if card_end is not None and card_end < self.today:
            card_end = self.today + dt.timedelta(days=20)
        return card_end

    def _worker_benefits(self, who: Who, spell_start: dt.date, spell_end: dt.date | None, wage: int,
                         births: list[dt.date]) -> None:
        reg, rng = self.reg, self.rng
        today = min(self.today, spell_end or self.today)
        window = max(spell_start, today - dt.timedelta(days=900))
        if rng.random() < 0.3 and window < today - dt.timedelta(days=60):
            for _ in range(rng.choice((1, 1, 2))):
                day = window + dt.timedelta(days=rng.randrange((today - window).days - 45))
                reg.sick_leave(who, day, rng.choice((2, 3, 3, 4, 5, 7, 10)), wage)
        for birth in births:
            if birth >= spell_start and birth <= today - dt.timedelta(days=60):
                reg.maternity(who, birth, wage)
                if rng.random() < 0.4 and add_months(birth, 6) < today:
                    reg.convalescence(who, add_months(birth, 6), rng.randint(5, 7))
        if rng.random() < 0.01 and window < today - dt.timedelta(days=140):
            day = window + dt.timedelta(days=rng.randrange(max(1, (today - window).days - 130)))
            reg.work_accident(who, day, wage=wage, years=months_between(spell_start, day) // 12)

    def retiree(self, who: Who) -> None:
        reg, rng = self.reg, self.rng
        reach = who.birth.year + (60 if who.gender == 1 else 55)
        retired = add_months(who.birth.replace(day=1), retirement_age_months(gender=who.gender, reach_year=reach) + 1)
        retired = min(retired, reg.this_month)
        start = max(add_months(who.birth.replace(day=1), 12 * rng.randint(19, 24)), dt.date(1975, 1, 1))
        start = min(start, add_months(retired, -12 * 20))
        split = add_months(start, months_between(start, retired) // 2)
        wage = None
        months = revalued = 0
        spells = [(("school", "ubnd"), start, add_months(split, -1)), (("dn", "school", "ubnd"), split, add_months(retired, -1))]
        for kinds, first, last in spells:
            employer = self.world.employer(who.province.code, kinds, active=False)
            if employer is None:
                continue
            wage, m, r = reg.employment(who, employer=employer, first=first, last=last, wage=wage,
                                        premium=100 + rng.randint(0, 60), step=(60, 120))
            months += m
            revalued += r
        pension = reg.pension(who, retired, months=months, units=revalued)
        reg.bhyt(who, retired, None, wage=pension)
        if rng.random() < 0.02:
            day = add_months(start, rng.randrange(max(1, months_between(start, retired) - 1)))
            reg.work_accident(who, day, wage=wage or 0, years=months_between(start, day) // 12)

    def household_member(self, who: Who, age: int) -> tuple[dt.date, dt.date]:
        """Household BHYT renewed every year; some renewals lapse. Returns the card's validity."""
        reg, rng, today = self.reg, self.rng, self.today
        earliest = dt.date(1990, 1, 1)
        if 30 <= age <= 55 and rng.random() < 0.3:  # worked for a while, then left
            start = max(add_months(who.birth.replace(day=1), 12 * rng.randint(18, 24)), dt.date(2000, 1, 1))
            end = min(add_months(start, rng.randint(18, 120)), add_months(reg.this_month, -30))
            employer = self.world.employer(who.province.code, ("dn",), active=False)
            if employer is not None and start < end:
                earliest = add_months(end, 1)
                _, months, revalued = reg.employment(who, employer=employer, first=start, last=end,
                                                     premium=100 + rng.randint(0, 40), step=(36, 84))
                if rng.random() < 0.4:
                    before = max(0, min(months, months_between(start, dt.date(2013, 12, 1))))
                    reg.lump_sum(who, add_months(end, 13), months_before_2014=before, months_after=months - before,
                                 units=revalued)
        renewal = today.replace(day=1) - dt.timedelta(days=rng.randrange(330))
        renewal = renewal.replace(day=1)
        lapsed = rng.random() < 0.1
        if lapsed:
            renewal = add_months(renewal, -12)
        first_year = max(today.year - rng.randint(1, 10), who.birth.year + 18)
        first = max(renewal.replace(year=min(first_year, renewal.year)), min(earliest, renewal))
        last_month = add_months(renewal, 11)
        reg.bhyt(who, first, last_month if lapsed or last_month < reg.this_month else None, mode="household")
        if 25 <= age < 60 and rng.random() < 0.1:
            reg.voluntary(who, max(dt.date(2018, 1, 1), add_months(reg.this_month, -12 * rng.randint(1, 6))), None)
        return renewal, add_months(renewal, 12) - dt.timedelta(days=1)

    def visits(self, who: Who, code: str, facility: str, valid_to: dt.date, age: int) -> None:
        rng, today = self.rng, self.today
        band = "child" if age < 6 else "pupil" if age < 18 else "adult" if age < 60 else "elder"
        count = rng.choice(VISITS_BY_AGE[band])
        if not count or who.bhyt_since is None:
            return
        first = max(who.bhyt_since, who.birth + dt.timedelta(days=30), today - dt.timedelta(days=3 * 365))
        if code != "TE":  # before their 6th birthday they were insured as children (TE)
            first = max(first, add_years(who.birth, 6))
        last = min(today - dt.timedelta(days=12), valid_to)
        span = (last - first).days
        if span <= 0:
            return
        hospitals = who.province.hospitals
        for _ in range(count):
            day = first + dt.timedelta(days=rng.randrange(span))
            here = facility if rng.random() < 0.75 else rng.choice(hospitals)
            self.reg.visits.random_visit(
                person_id=who.id, card_number=who.ma_so, object_code=code, facility=here,
                hospital=rng.choice(hospitals), day=day, age=who.age_on(day), gender=who.gender)
