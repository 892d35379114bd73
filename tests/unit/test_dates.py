"""Months, durations, Vietnamese date formats, partial birth dates (vssid/core/dates.py).

Sources:
- DOMAIN.md §4 "Pension (Luật 41/2024): monthly pension from 15 years of contributions;
  rate 45% ... + 2% per further year": contributions are counted in whole months over
  participation periods, and a month paid twice (two jobs) counts once.
- DOMAIN.md §1/§3/§9: dates are "dd/mm/yyyy", and the date of birth "`dd/mm/yyyy`, or
  `yyyy` when only the year is known".
- NĐ 158/2025/NĐ-CP Điều 12 (reported by Báo Lao Động, "Thời điểm hưởng lương hưu khi
  căn cước không ghi ngày tháng sinh"): with only the year of birth, age counts from
  1 January of that year; with month and year, from the 1st of that month.
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vssid.core.dates import (
    VN_TZ,
    BirthDate,
    count_months,
    format_date_vi,
    format_duration_vi,
    format_month_vi,
    gaps,
    month_add,
    months_between_inclusive,
    parse_date_vi,
    to_local,
)
from vssid.core.errors import ValidationError

months = st.tuples(st.integers(1990, 2030), st.integers(1, 12))


@st.composite
def periods(draw):
    start = draw(months)
    return (start, month_add(start, draw(st.integers(0, 40))))


class TestMonthArithmetic:
    @pytest.mark.parametrize(
        ("month", "n", "expected"),
        [((2024, 1), 0, (2024, 1)), ((2024, 1), 11, (2024, 12)), ((2024, 12), 1, (2025, 1)),
         ((2024, 1), -1, (2023, 12)), ((2024, 3), 24, (2026, 3)), ((2024, 3), -27, (2021, 12))],
    )
    def test_month_add(self, month, n, expected):
        assert month_add(month, n) == expected

    @pytest.mark.parametrize("bad", [(2024, 0), (2024, 13), (0, 5), (2024, -1)])
    def test_invalid_months_are_rejected(self, bad):
        with pytest.raises(ValueError):
            month_add(bad, 1)
        with pytest.raises(ValueError):
            format_month_vi(bad)

    def test_months_between_inclusive(self):
        assert months_between_inclusive((2024, 1), (2024, 12)) == 12
        assert months_between_inclusive((2024, 5), (2024, 5)) == 1
        assert months_between_inclusive((2010, 1), (2024, 12)) == 15 * 12  # 15 years: the pension threshold

    def test_a_period_ending_before_it_starts_is_an_error(self):
        with pytest.raises(ValueError):
            months_between_inclusive((2024, 2), (2024, 1))
        with pytest.raises(ValueError):
            count_months([((2024, 2), (2024, 1))])

    @given(months, st.integers(-500, 500))
    def test_adding_then_measuring(self, month, n):
        later = month_add(month, abs(n))
        assert months_between_inclusive(month, later) == abs(n) + 1
        assert month_add(month_add(month, n), -n) == month


class TestCountMonths:
    def test_overlapping_periods_count_once(self):
        # Two jobs in 2024: Jan–Jun and Apr–Dec -> 12 months, not 15.
        assert count_months([((2024, 1), (2024, 6)), ((2024, 4), (2024, 12))]) == 12

    def test_adjacent_and_separate_periods(self):
        assert count_months([((2020, 1), (2020, 12)), ((2021, 1), (2021, 6))]) == 18
        assert count_months([((2020, 1), (2020, 3)), ((2022, 1), (2022, 3))]) == 6

    def test_nested_and_duplicate_periods(self):
        assert count_months([((2020, 1), (2020, 12)), ((2020, 3), (2020, 4)), ((2020, 1), (2020, 12))]) == 12

    def test_no_periods(self):
        assert count_months([]) == 0

    def test_accepts_any_iterable(self):
        assert count_months(p for p in [((2024, 1), (2024, 2))]) == 2

    @given(st.lists(periods(), max_size=8))
    def test_union_equals_brute_force_and_never_exceeds_the_sum(self, spans):
        covered = {month_add(start, k) for start, end in spans for k in range(months_between_inclusive(start, end))}
        assert count_months(spans) == len(covered)
        assert count_months(spans) <= sum(months_between_inclusive(start, end) for start, end in spans)


class TestGaps:
    def test_gap_between_two_periods(self):
        spans = [((2015, 1), (2018, 6)), ((2019, 1), (2024, 12))]
        assert gaps(spans) == [((2018, 7), (2018, 12))]

    def test_no_gap_for_adjacent_or_overlapping_periods(self):
        assert gaps([((2020, 1), (2020, 12)), ((2021, 1), (2021, 6))]) == []
        assert gaps([((2020, 1), (2020, 12)), ((2020, 6), (2021, 6))]) == []

    def test_unordered_periods(self):
        spans = [((2022, 1), (2022, 3)), ((2020, 1), (2020, 3)), ((2021, 1), (2021, 3))]
        assert gaps(spans) == [((2020, 4), (2020, 12)), ((2021, 4), (2021, 12))]

    def test_until_shows_a_stop_in_contributions_up_to_now(self):
        spans = [((2020, 1), (2023, 8))]
        assert gaps(spans) == []
        assert gaps(spans, until=(2024, 12)) == [((2023, 9), (2024, 12))]
        assert gaps(spans, until=(2023, 8)) == []

    def test_until_before_the_last_covered_month_clips_the_window(self):
        spans = [((2020, 1), (2020, 3)), ((2020, 7), (2020, 12))]
        assert gaps(spans, until=(2020, 5)) == [((2020, 4), (2020, 5))]
        assert gaps(spans, until=(2019, 1)) == []

    def test_nothing_covered_means_no_gaps(self):
        assert gaps([]) == []
        assert gaps([], until=(2024, 1)) == []

    @given(st.lists(periods(), min_size=1, max_size=8), st.one_of(st.none(), months))
    def test_gaps_and_periods_tile_the_window(self, spans, until):
        first = min(start for start, _ in spans)
        last = until or max(end for _, end in spans)
        window = {month_add(first, k) for k in range(months_between_inclusive(first, last))} if last >= first else set()
        covered = {month_add(s, k) for s, e in spans for k in range(months_between_inclusive(s, e))}
        found = gaps(spans, until=until)
        missing = {month_add(s, k) for s, e in found for k in range(months_between_inclusive(s, e))}
        assert missing == window - covered
        # Gaps are ordered, disjoint and never adjacent to each other.
        for (_, end), (start, _) in zip(found, found[1:]):
            assert month_add(end, 1) < start


class TestFormats:
    @pytest.mark.parametrize(
        ("months_count", "text"),
        [(0, "0 tháng"), (5, "5 tháng"), (12, "1 năm"), (151, "12 năm 7 tháng"), (180, "15 năm"), (13, "1 năm 1 tháng")],
    )
    def test_format_duration_vi(self, months_count, text):
        assert format_duration_vi(months_count) == text

    def test_negative_duration(self):
        with pytest.raises(ValueError):
            format_duration_vi(-1)

    def test_format_date_vi(self):
        assert format_date_vi(dt.date(2025, 6, 1)) == "01/06/2025"
        assert format_date_vi(dt.date(1994, 12, 31)) == "31/12/1994"
        assert format_date_vi(dt.date(5, 1, 2)) == "02/01/0005"

    def test_format_month_vi(self):
        assert format_month_vi((2024, 7)) == "07/2024"
        assert format_month_vi((2024, 12)) == "12/2024"

    @pytest.mark.parametrize(("text", "expected"), [("01/06/2025", dt.date(2025, 6, 1)), ("5/3/1994", dt.date(1994, 3, 5)),
                                                     (" 29/02/2024 ", dt.date(2024, 2, 29))])
    def test_parse_date_vi(self, text, expected):
        assert parse_date_vi(text) == expected

    @pytest.mark.parametrize("text", ["", "2025-06-01", "31/02/2024", "29/02/2023", "00/01/2024", "01/13/2024",
                                      "1/1/24", "01/06/2025x", "٠١/٠٦/٢٠٢٥"])
    def test_parse_date_vi_rejects_in_vietnamese(self, text):
        with pytest.raises(ValidationError, match="dd/mm/yyyy"):
            parse_date_vi(text)

    @given(st.dates())
    def test_date_round_trip(self, day):
        assert parse_date_vi(format_date_vi(day)) == day


class TestLocalTime:
    def test_vietnam_is_utc_plus_7(self):
        moment = dt.datetime(2025, 12, 31, 20, 0, tzinfo=dt.timezone.utc)
        local = to_local(moment)
        assert (local.year, local.month, local.day, local.hour) == (2026, 1, 1, 3)
        assert local.utcoffset() == dt.timedelta(hours=7)
        assert local.tzinfo is VN_TZ

    def test_no_daylight_saving(self):
        for month in (1, 7):
            assert to_local(dt.datetime(2025, month, 1, tzinfo=dt.timezone.utc)).utcoffset() == dt.timedelta(hours=7)

    def test_naive_datetimes_are_taken_as_utc(self):
        # SQLite returns stored UTC moments without a zone.
        assert to_local(dt.datetime(2025, 1, 1, 17, 0)) == to_local(dt.datetime(2025, 1, 1, 17, 0, tzinfo=dt.timezone.utc))
        assert to_local(dt.datetime(2025, 1, 1, 17, 0)).hour == 0

    def test_aware_datetimes_in_other_zones_convert(self):
        paris = dt.timezone(dt.timedelta(hours=1))
        assert to_local(dt.datetime(2025, 1, 1, 12, 0, tzinfo=paris)).hour == 18


class TestBirthDate:
    @pytest.mark.parametrize(
        ("text", "birth", "formatted"),
        [("05/03/1994", BirthDate(1994, 3, 5), "05/03/1994"), ("5/3/1994", BirthDate(1994, 3, 5), "05/03/1994"),
         ("1965", BirthDate(1965), "1965"), ("03/1970", BirthDate(1970, 3), "03/1970"), (" 1965 ", BirthDate(1965), "1965")],
    )
    def test_parse_and_format(self, text, birth, formatted):
        assert BirthDate.parse(text) == birth
        assert birth.format() == formatted

    @pytest.mark.parametrize("text", ["", "65", "19650", "31/02/1990", "00/1990", "13/1990", "1990/03/05", "1990-03-05",
                                      "khoảng 1965", "0000"])
    def test_bad_dates_of_birth_are_rejected_in_vietnamese(self, text):
        with pytest.raises(ValidationError, match="Ngày sinh"):
            BirthDate.parse(text)

    @pytest.mark.parametrize(("year", "month", "day"), [(1990, None, 5), (1990, 0, None), (1990, 1, 0), (0, None, None)])
    def test_impossible_parts_are_rejected(self, year, month, day):
        with pytest.raises(ValidationError, match="Ngày sinh"):
            BirthDate(year, month, day)

    def test_from_date(self):
        assert BirthDate.from_date(dt.date(2019, 11, 30)) == BirthDate(2019, 11, 30)

    def test_year_only_counts_from_1_january(self):
        # NĐ 158/2025/NĐ-CP Điều 12: year only -> 1 January of that year.
        assert BirthDate(1965).to_date() == dt.date(1965, 1, 1)
        assert BirthDate(1965).age_on(dt.date(2025, 1, 1)) == 60
        assert BirthDate(1965).age_on(dt.date(2024, 12, 31)) == 59

    def test_month_and_year_count_from_the_1st(self):
        assert BirthDate(1970, 3).to_date() == dt.date(1970, 3, 1)
        assert BirthDate(1970, 3).age_on(dt.date(2030, 2, 28)) == 59
        assert BirthDate(1970, 3).age_on(dt.date(2030, 3, 1)) == 60

    def test_age_on_a_full_date(self):
        birth = BirthDate(2019, 11, 30)
        # DOMAIN.md §2: TE = child under 6; turns 6 on 30/11/2025.
        assert birth.age_on(dt.date(2025, 11, 29)) == 5
        assert birth.age_on(dt.date(2025, 11, 30)) == 6
        assert birth.age_on(dt.date(2019, 11, 30)) == 0

    def test_born_on_29_february(self):
        birth = BirthDate(2000, 2, 29)
        assert birth.age_on(dt.date(2001, 2, 28)) == 0
        assert birth.age_on(dt.date(2001, 3, 1)) == 1
        assert birth.age_on(dt.date(2004, 2, 29)) == 4

    def test_age_before_birth_is_an_error(self):
        with pytest.raises(ValueError):
            BirthDate(2000, 5, 1).age_on(dt.date(2000, 4, 30))

    def test_is_immutable(self):
        with pytest.raises(AttributeError):
            BirthDate(2000).year = 2001  # type: ignore[misc]

    @given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(["day", "month", "year"]))
    def test_round_trip(self, day, precision):
        birth = BirthDate(day.year, None if precision == "year" else day.month, day.day if precision == "day" else None)
        assert BirthDate.parse(birth.format()) == birth
        assert birth.to_date() <= day

    @given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)), st.integers(0, 120))
    def test_age_agrees_with_anniversaries(self, born, years):
        try:
            anniversary = born.replace(year=born.year + years)
        except ValueError:  # 29/02 in a common year
            anniversary = dt.date(born.year + years, 3, 1)
        birth = BirthDate.from_date(born)
        assert birth.age_on(anniversary) == years
        if anniversary > born:
            assert birth.age_on(anniversary - dt.timedelta(days=1)) == years - 1
