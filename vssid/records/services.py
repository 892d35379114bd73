"""The personal records: participation history, benefits, medical-visit book.

Every function takes the person whose records are read (already checked against the
holder's ``Scope``) and returns plain values for the page. Each page costs a fixed number
of queries whatever the length of the history: lists are read one page at a time with
LIMIT/OFFSET on the (person_id, …) indexes, and totals come from one narrow query or
one aggregate.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from vssid.core.dates import VN_TZ, Month, months_between_inclusive, to_local
from vssid.core.errors import NotFound
from vssid.records import participation as rules
from vssid.records.costs import CostGroup, Mismatch, group_lines, reconcile
from vssid.records.icd10_vi import Diagnosis, lookup, lookup_many
from vssid.records.labels import REGIMES, SCHEMES
from vssid.registry.models import (
    BenefitRecord,
    Employer,
    Facility,
    MedicalVisit,
    ParticipationPeriod,
    Province,
)

PERIODS_PER_PAGE = 20
BENEFITS_PER_PAGE = 20
VISITS_PER_PAGE = 20


@dataclass(frozen=True)
class Page:
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def first_index(self) -> int:
        return min(self.offset + 1, self.total)

    @property
    def last_index(self) -> int:
        return min(self.offset + self.per_page, self.total)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def _page(number: int, per_page: int, total: int) -> Page:
    """The requested page, kept within 1..last (a stale "page 9" link shows the last page)."""
    pages = max(1, math.ceil(total / per_page))
    return Page(number=min(max(number, 1), pages), per_page=per_page, total=total)


# --- Participation ----------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodRow:
    scheme: str
    first: Month
    last: Month | None  # None: ongoing ("nay")
    months: int
    employer_name: str | None
    unit_code: str | None
    job: str | None
    wage: int
    province: str
    mode: str
    employer_owes: bool


@dataclass(frozen=True)
class ParticipationSummary:
    current: Month
    totals: dict[str, rules.SchemeTotals]  # by scheme code, every scheme present
    counts: dict[str, int]  # periods per scheme
    reserve: rules.UnemploymentReserve


@dataclass(frozen=True)
class ParticipationView:
    scheme: str
    summary: ParticipationSummary
    rows: list[PeriodRow]
    page: Page


def _current_month(today: dt.date) -> Month:
    return (today.year, today.month)


def participation_summary(session: Session, *, person_id: int, today: dt.date) -> ParticipationSummary:
    """Totals for every scheme and the BHTN months in reserve: two narrow queries."""
    current = _current_month(today)
    months = session.execute(
        select(
            ParticipationPeriod.scheme, ParticipationPeriod.from_month, ParticipationPeriod.to_month,
            ParticipationPeriod.employer_owes,
        ).where(ParticipationPeriod.person_id == person_id)
    ).all()
    spans: dict[str, list[rules.Span]] = {scheme.code: [] for scheme in SCHEMES}
    ongoing: dict[str, bool] = {scheme.code: False for scheme in SCHEMES}
    for scheme, from_month, to_month, owes in months:
        spans.setdefault(scheme, []).append(
            rules.span_of(from_month, to_month, current=current, employer_owes=bool(owes))
        )
        ongoing[scheme] = ongoing.get(scheme, False) or to_month is None
    benefits = session.execute(
        select(BenefitRecord.period_from, BenefitRecord.period_to, BenefitRecord.days, BenefitRecord.decision_date)
        .where(BenefitRecord.person_id == person_id, BenefitRecord.regime == "that_nghiep")
    ).all()
    reserve = rules.unemployment_reserve(
        [(span.first, span.last) for span in spans["BHTN"]],
        [
            rules.UnemploymentBenefit(
                start=rules.month_of(period_from or decision_date),
                months=rules.benefit_months(period_from, period_to, days),
            )
            for period_from, period_to, days, decision_date in benefits
        ],
    )
    return ParticipationSummary(
        current=current,
        totals={code: rules.scheme_totals(items, ongoing=ongoing[code]) for code, items in spans.items()},
        counts={code: len(items) for code, items in spans.items()},
        reserve=reserve,
    )


def _period_rows(session: Session, *, person_id: int, scheme: str | None, current: Month,
                 limit: int | None = None, offset: int = 0) -> list[PeriodRow]:
    query = (
        select(ParticipationPeriod, Employer.name, Employer.unit_code, Province.name)
        .outerjoin(Employer, Employer.id == ParticipationPeriod.employer_id)
        .join(Province, Province.code == ParticipationPeriod.province_code)
        .where(ParticipationPeriod.person_id == person_id)
    )
    if scheme is not None:
        query = query.where(ParticipationPeriod.scheme == scheme)
    order = [ParticipationPeriod.from_month.desc(), ParticipationPeriod.id.desc()]
    if scheme is None:
        order.insert(0, case({s.code: i for i, s in enumerate(SCHEMES)}, value=ParticipationPeriod.scheme))
    query = query.order_by(*order).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    rows = []
    for period, employer_name, unit_code, province in session.execute(query):
        span = rules.span_of(period.from_month, period.to_month, current=current)
        rows.append(PeriodRow(
            scheme=period.scheme, first=span.first,
            last=None if period.to_month is None else span.last,
            months=months_between_inclusive(span.first, span.last),
            employer_name=employer_name, unit_code=unit_code, job=period.job, wage=period.wage,
            province=province, mode=period.mode, employer_owes=period.employer_owes,
        ))
    return rows


def participation_page(session: Session, *, person_id: int, scheme: str, page: int, today: dt.date,
                       per_page: int = PERIODS_PER_PAGE) -> ParticipationView:
    """One scheme's periods, newest first, one page, with every scheme's totals."""
    summary = participation_summary(session, person_id=person_id, today=today)
    current_page = _page(page, per_page, summary.counts.get(scheme, 0))
    rows = _period_rows(session, person_id=person_id, scheme=scheme, current=summary.current,
                        limit=per_page, offset=current_page.offset)
    return ParticipationView(scheme=scheme, summary=summary, rows=rows, page=current_page)


@dataclass(frozen=True)
class ParticipationHistory:
    summary: ParticipationSummary
    rows_by_scheme: dict[str, list[PeriodRow]]


def participation_history(session: Session, *, person_id: int, today: dt.date) -> ParticipationHistory:
    """The whole history, every scheme, for the printable page."""
    summary = participation_summary(session, person_id=person_id, today=today)
    rows_by_scheme: dict[str, list[PeriodRow]] = {scheme.code: [] for scheme in SCHEMES}
    for row in _period_rows(session, person_id=person_id, scheme=None, current=summary.current):
        rows_by_scheme.setdefault(row.scheme, []).append(row)
    return ParticipationHistory(summary=summary, rows_by_scheme=rows_by_scheme)


# --- Benefits -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RegimeTotal:
    regime: str
    count: int  # decisions (amounts are not added: some are monthly, some lump sums)


@dataclass(frozen=True)
class BenefitGroup:
    regime: str
    records: list[BenefitRecord]


@dataclass(frozen=True)
class BenefitsView:
    totals: list[RegimeTotal]  # regimes with records, in DOMAIN.md §5 order
    groups: list[BenefitGroup]  # this page's records by regime
    page: Page


_REGIME_ORDER = {code: index for index, code in enumerate(REGIMES)}


def benefits_page(session: Session, *, person_id: int, page: int,
                  per_page: int = BENEFITS_PER_PAGE) -> BenefitsView:
    aggregates = session.execute(
        select(BenefitRecord.regime, func.count())
        .where(BenefitRecord.person_id == person_id)
        .group_by(BenefitRecord.regime)
    ).all()
    totals = sorted(
        (RegimeTotal(regime, int(count)) for regime, count in aggregates),
        key=lambda t: _REGIME_ORDER.get(t.regime, len(_REGIME_ORDER)),
    )
    current_page = _page(page, per_page, sum(t.count for t in totals))
    records = session.scalars(
        select(BenefitRecord)
        .options(joinedload(BenefitRecord.paying_office))
        .where(BenefitRecord.person_id == person_id)
        .order_by(case(_REGIME_ORDER, value=BenefitRecord.regime, else_=len(_REGIME_ORDER)),
                  BenefitRecord.decision_date.desc(), BenefitRecord.id.desc())
        .limit(per_page).offset(current_page.offset)
    ).all()
    groups: list[BenefitGroup] = []
    for record in records:
        if not groups or groups[-1].regime != record.regime:
            groups.append(BenefitGroup(record.regime, []))
        groups[-1].records.append(record)
    return BenefitsView(totals=totals, groups=groups, page=current_page)


def benefit_detail(session: Session, *, record_id: int, person_ids: frozenset[int]) -> BenefitRecord:
    record = session.scalars(
        select(BenefitRecord).options(joinedload(BenefitRecord.paying_office))
        .where(BenefitRecord.id == record_id, BenefitRecord.person_id.in_(person_ids))
    ).first()
    if record is None:
        raise NotFound("Không tìm thấy thông tin hưởng này.")
    return record


# --- Medical visits -----------------------------------------------------------------------


@dataclass(frozen=True)
class VisitRow:
    id: int
    facility: str
    admitted: dt.date  # local (Vietnam) dates
    discharged: dt.date
    visit_type: str
    diagnosis: Diagnosis
    total: int
    fund: int
    patient: int  # co-payment + outside the scope


@dataclass(frozen=True)
class YearTotals:
    visits: int
    total: int
    fund: int
    patient: int


@dataclass(frozen=True)
class VisitsView:
    year: int | None  # None: no visits at all
    years: list[int]  # newest first; the requested year is among them
    totals: YearTotals
    rows: list[VisitRow]
    page: Page


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """A calendar year in Vietnam as UTC moments (visits are stored in UTC)."""
    start = dt.datetime(year, 1, 1, tzinfo=VN_TZ).astimezone(dt.timezone.utc)
    end = dt.datetime(year + 1, 1, 1, tzinfo=VN_TZ).astimezone(dt.timezone.utc)
    return start, end


def visits_page(session: Session, *, person_id: int, year: int | None, page: int,
                per_page: int = VISITS_PER_PAGE) -> VisitsView:
    """One year's visits (default: the latest year with a visit), newest first, with totals."""
    first, last = session.execute(
        select(func.min(MedicalVisit.admitted_at), func.max(MedicalVisit.admitted_at))
        .where(MedicalVisit.person_id == person_id)
    ).one()
    years = list(range(to_local(last).year, to_local(first).year - 1, -1)) if first is not None else []
    if year is None:
        year = years[0] if years else None
    if year is None:
        return VisitsView(year=None, years=[], totals=YearTotals(0, 0, 0, 0), rows=[], page=_page(1, per_page, 0))
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    start, end = _year_bounds(year)
    in_year = (MedicalVisit.person_id == person_id, MedicalVisit.admitted_at >= start, MedicalVisit.admitted_at < end)
    count, total, fund, patient = session.execute(
        select(
            func.count(), func.coalesce(func.sum(MedicalVisit.t_tongchi_bv), 0),
            func.coalesce(func.sum(MedicalVisit.t_bhtt), 0),
            func.coalesce(func.sum(MedicalVisit.t_bncct + MedicalVisit.t_bntt), 0),
        ).where(*in_year)
    ).one()
    totals = YearTotals(int(count), int(total), int(fund), int(patient))
    current_page = _page(page, per_page, totals.visits)
    visits = session.execute(
        select(MedicalVisit, Facility.name)
        .join(Facility, Facility.code == MedicalVisit.facility_code)
        .where(*in_year)
        .order_by(MedicalVisit.admitted_at.desc(), MedicalVisit.id.desc())
        .limit(per_page).offset(current_page.offset)
    ).all()
    rows = [
        VisitRow(
            id=visit.id, facility=facility, admitted=to_local(visit.admitted_at).date(),
            discharged=to_local(visit.discharged_at).date(), visit_type=visit.visit_type,
            diagnosis=lookup(visit.main_icd), total=visit.t_tongchi_bv, fund=visit.t_bhtt,
            patient=visit.t_bncct + visit.t_bntt,
        )
        for visit, facility in visits
    ]
    return VisitsView(year=year, years=years, totals=totals, rows=rows, page=current_page)


@dataclass(frozen=True)
class VisitDetail:
    visit: MedicalVisit
    admitted: dt.datetime  # local
    discharged: dt.datetime
    diagnosis: Diagnosis
    secondary: list[Diagnosis]
    groups: list[CostGroup] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)


def visit_detail(session: Session, *, visit_id: int, person_ids: frozenset[int]) -> VisitDetail:
    visit = session.scalars(
        select(MedicalVisit)
        .options(joinedload(MedicalVisit.facility), selectinload(MedicalVisit.lines))
        .where(MedicalVisit.id == visit_id, MedicalVisit.person_id.in_(person_ids))
    ).first()
    if visit is None:
        raise NotFound("Không tìm thấy lượt khám chữa bệnh này.")
    groups = group_lines(visit.lines)
    return VisitDetail(
        visit=visit, admitted=to_local(visit.admitted_at), discharged=to_local(visit.discharged_at),
        diagnosis=lookup(visit.main_icd), secondary=lookup_many(visit.secondary_icds),
        groups=groups, mismatches=reconcile(visit, groups),
    )
