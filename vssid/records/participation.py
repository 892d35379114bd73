"""Month arithmetic of a participation history: totals, gaps, months owed, BHTN reserve.

Pure functions over months (``vssid.core.dates.Month``); the service feeds them rows.

Totals count every month covered by a scheme once, however many periods cover it (two
jobs in the same month are one month of contributions: ``core.dates.count_months``).
An ongoing period (``to_month`` NULL) runs to the current month.

Unemployment insurance kept in reserve ("bảo lưu thời gian đóng BHTN") follows Luật Việc
làm 38/2013/QH13:
- Điều 50 khoản 2: contributions of 12 up to 36 months give 3 months of benefit; each
  further full 12 months gives 1 more month, at most 12 months of benefit. A benefit of
  N months therefore uses 36 + 12 × (N − 3) = 12 × N months of contributions, or all
  the months there were when fewer than that (12–36 months give 3 months and leave
  nothing).
- Điều 49/50 and Nghị định 28/2015/NĐ-CP Điều 18, 21: the months beyond what a benefit
  used, and the months matching benefit months not received (the benefit stopped early),
  stay in reserve for the next claim; months contributed after a benefit add to it.
  E.g. 42 months and a 3-month benefit: 36 used, 6 kept ("hưởng 3 tháng trợ cấp thất
  nghiệp, bảo lưu 6 tháng lẻ", a published answer on Điều 50 k.2; the text of k.2 as
  quoted by thuvienphapluat.vn's Q&A "Tham gia BHXH được 6 năm thì sẽ hưởng trợ cấp
  thất nghiệp được mấy tháng?").
So each 'that_nghiep' benefit record uses min(12 × months received, months available
before it started), in date order, and the reserve is what remains. Months received are
the benefit's whole months from ``period_from`` to ``period_to``, or its days ÷ 30.
*Unconfirmed*: whether Luật Việc làm 74/2025/QH15 (in force 01/01/2026) changed this
scale; the reference corpus only had the 2013 text. MONTHS_PER_BENEFIT_MONTH is the knob.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from vssid.core.dates import Month, count_months, gaps, month_add

MONTHS_PER_BENEFIT_MONTH = 12  # Luật Việc làm 38/2013 Đ.50 k.2: 36 months -> 3, +12 -> +1


def month_of(day: dt.date) -> Month:
    return (day.year, day.month)


@dataclass(frozen=True)
class Span:
    """A period of one scheme in months, both ends included, with its arrears flag."""

    first: Month
    last: Month
    employer_owes: bool = False


def span_of(from_month: dt.date, to_month: dt.date | None, *, current: Month, employer_owes: bool = False) -> Span:
    """A stored period as months; an ongoing one runs to ``current`` (never before it starts)."""
    first = month_of(from_month)
    last = month_of(to_month) if to_month is not None else max(current, first)
    return Span(first, last, employer_owes)


@dataclass(frozen=True)
class SchemeTotals:
    months: int  # months covered, overlaps once
    owed_months: int  # of which months some employer still owes ("đơn vị nợ đóng")
    gaps: list[tuple[Month, Month]] = field(default_factory=list)  # uncovered runs inside the history
    first: Month | None = None
    last: Month | None = None
    ongoing: bool = False


def scheme_totals(spans: Sequence[Span], *, ongoing: bool = False) -> SchemeTotals:
    if not spans:
        return SchemeTotals(months=0, owed_months=0)
    pairs = [(span.first, span.last) for span in spans]
    return SchemeTotals(
        months=count_months(pairs),
        owed_months=count_months((span.first, span.last) for span in spans if span.employer_owes),
        gaps=gaps(pairs),
        first=min(span.first for span in spans),
        last=max(span.last for span in spans),
        ongoing=ongoing,
    )


def benefit_months(period_from: dt.date | None, period_to: dt.date | None, days: int | None) -> int:
    """Whole months of an unemployment benefit received.

    15/03–14/06 is 3 months (the day after the end closes the last month); without dates,
    ``days`` ÷ 30 rounded to the nearest month. Never less than 1 for a paid benefit.
    """
    if period_from is not None and period_to is not None and period_to >= period_from:
        end = period_to + dt.timedelta(days=1)
        months = (end.year - period_from.year) * 12 + end.month - period_from.month
        if end.day < period_from.day:
            months -= 1
            # 15 or more days left over round up (a benefit month is about 30 days).
            if (end - _add_months(period_from, months)).days >= 15:
                months += 1
        return max(months, 1)
    if days:
        return max((days + 15) // 30, 1)
    return 1


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = month_add((day.year, day.month), months)
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class UnemploymentBenefit:
    start: Month
    months: int  # months of benefit received


@dataclass(frozen=True)
class UnemploymentReserve:
    contributed: int  # months of BHTN contributions, overlaps once
    used: int  # months used by the benefits already received
    reserved: int  # months not yet used for a benefit ("bảo lưu")


def unemployment_reserve(
    bhtn: Iterable[tuple[Month, Month]], benefits: Iterable[UnemploymentBenefit]
) -> UnemploymentReserve:
    periods = list(bhtn)
    contributed = count_months(periods)
    used = 0
    for benefit in sorted(benefits, key=lambda b: b.start):
        before = count_months(_clip_before(periods, benefit.start))
        available = max(before - used, 0)
        used += min(MONTHS_PER_BENEFIT_MONTH * benefit.months, available)
    return UnemploymentReserve(contributed=contributed, used=used, reserved=contributed - used)


def _clip_before(periods: Iterable[tuple[Month, Month]], start: Month) -> list[tuple[Month, Month]]:
    """The parts of the periods strictly before month ``start``."""
    limit = month_add(start, -1)
    return [(first, min(last, limit)) for first, last in periods if first <= limit]
