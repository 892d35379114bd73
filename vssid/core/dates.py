"""Months, durations and dates the Vietnamese way.

Social-insurance participation is counted in whole months (DOMAIN.md §4: pension from
15 years of contributions, +2% per further year), so periods are pairs of ``Month``
values, both ends included. Dates show as dd/mm/yyyy, the format printed on the card
and used by the QR code and the gateway (DOMAIN.md §1, §3, §9).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from vssid.core.errors import ValidationError

Month = tuple[int, int]
"""(year, month), month 1–12."""

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _index(month: Month) -> int:
    year, number = month
    if not 1 <= number <= 12 or not 1 <= year <= 9999:
        raise ValueError(f"not a month: {month!r}")
    return year * 12 + number - 1


def _month(index: int) -> Month:
    year, rest = divmod(index, 12)
    return (year, rest + 1)


def month_add(month: Month, n: int) -> Month:
    """The month ``n`` months after (or before, if negative) ``month``."""
    result = _month(_index(month) + n)
    _index(result)  # still within years 1–9999
    return result


def months_between_inclusive(start: Month, end: Month) -> int:
    """How many months from ``start`` to ``end``, both included: (2024,1)..(2024,12) is 12."""
    count = _index(end) - _index(start) + 1
    if count < 1:
        raise ValueError(f"period ends before it starts: {start!r}..{end!r}")
    return count


def _merge(periods: Iterable[tuple[Month, Month]]) -> list[tuple[int, int]]:
    """Periods as sorted, disjoint, non-adjacent (first, last) month indexes."""
    spans = []
    for start, end in periods:
        months_between_inclusive(start, end)  # rejects reversed periods
        spans.append((_index(start), _index(end)))
    merged: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def count_months(periods: Iterable[tuple[Month, Month]]) -> int:
    """Months covered by any of the periods; a month in two overlapping periods counts once."""
    return sum(last - first + 1 for first, last in _merge(periods))


def gaps(periods: Iterable[tuple[Month, Month]], *, until: Month | None = None) -> list[tuple[Month, Month]]:
    """Uncovered (first, last) month ranges from the first covered month on.

    The window ends at the last covered month, or at ``until`` when given, so that a
    stop in contributions up to today shows as a gap too.
    """
    merged = _merge(periods)
    if not merged:
        return []
    window_end = _index(until) if until is not None else merged[-1][1]
    found = []
    cursor = merged[0][0]
    for first, last in [*merged, (window_end + 1, window_end + 1)]:
        if cursor > window_end:
            break
        if first > cursor:
            found.append((_month(cursor), _month(min(first - 1, window_end))))
        cursor = max(cursor, last + 1)
    return found


def format_duration_vi(months: int) -> str:
    """151 -> "12 năm 7 tháng"; 12 -> "1 năm"; 5 -> "5 tháng"; 0 -> "0 tháng"."""
    if months < 0:
        raise ValueError("a duration cannot be negative")
    years, rest = divmod(months, 12)
    parts = [f"{years} năm"] if years else []
    if rest or not years:
        parts.append(f"{rest} tháng")
    return " ".join(parts)


def format_date_vi(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


_DATE_VI = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)


def parse_date_vi(text: str) -> dt.date:
    """Read "dd/mm/yyyy"; one-digit day and month are accepted ("5/3/1994")."""
    match = _DATE_VI.fullmatch(text.strip())
    if match is not None:
        try:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:  # 31/02/2024 and the like
            pass
    raise ValidationError("Ngày phải có dạng ngày/tháng/năm (dd/mm/yyyy).")


def format_month_vi(month: Month) -> str:
    year, number = _month(_index(month))
    return f"{number:02d}/{year:04d}"


def to_local(moment: dt.datetime) -> dt.datetime:
    """A UTC moment in Vietnam's time (UTC+7, no daylight saving).

    A naive datetime is taken as UTC: that is how the database stores moments, and
    SQLite hands them back without a zone.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(VN_TZ)


_BIRTH_FORMS = re.compile(r"(?:(?:(\d{1,2})/)?(\d{1,2})/)?(\d{4})", re.ASCII)


@dataclass(frozen=True)
class BirthDate:
    """A date of birth that may be known only as a year, or a month and year.

    Older records hold only the year of birth; the card, its QR code and the gateway
    then show "yyyy" (DOMAIN.md §3, §9). NĐ 158/2025/NĐ-CP Điều 12 says how to count
    age then: year only -> 1 January of that year; month and year -> the 1st of that
    month. ``to_date`` and ``age_on`` follow it.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValidationError("Ngày sinh có ngày thì phải có tháng.")
        try:
            self.to_date()
        except (TypeError, ValueError):
            raise ValidationError("Ngày sinh không hợp lệ.") from None

    @classmethod
    def from_date(cls, value: dt.date) -> BirthDate:
        return cls(value.year, value.month, value.day)

    @classmethod
    def parse(cls, text: str) -> BirthDate:
        """Read "dd/mm/yyyy", "mm/yyyy" or "yyyy" (one-digit day and month accepted)."""
        match = _BIRTH_FORMS.fullmatch(text.strip())
        if match is None:
            raise ValidationError("Ngày sinh phải có dạng ngày/tháng/năm (dd/mm/yyyy) hoặc năm sinh (yyyy).")
        day, month = (int(part) if part else None for part in match.groups()[:2])
        return cls(int(match[3]), month, day)

    def format(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.month:02d}/{self.year:04d}"
        return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"

    def to_date(self) -> dt.date:
        """The exact date, or the 1st of the month / 1 January when not known (NĐ 158/2025 Đ.12)."""
        return dt.date(self.year, 1 if self.month is None else self.month, 1 if self.day is None else self.day)

    def age_on(self, on: dt.date) -> int:
        """Full years of age on ``on``; born on 29/02, one turns a year older on 01/03 in common years."""
        born = self.to_date()
        if on < born:
            raise ValueError("the date is before the birth")
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
