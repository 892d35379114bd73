"""Rules of the personal records: month totals, the BHTN reserve, ICD-10 names, cost lines.

Sources:
- Luật Việc làm 38/2013/QH13 Điều 50 khoản 2: 12–36 months of BHTN contributions give 3
  months of benefit, each further 12 months one more, at most 12; the months not used are
  kept ("bảo lưu"), e.g. "hưởng 3 tháng trợ cấp thất nghiệp, bảo lưu 6 tháng lẻ" for 42
  months (vssid/records/participation.py cites where this was read).
- DOMAIN.md §6 and QĐ 5937/QĐ-BYT Phụ lục 3: the MA_NHOM cost groups; QĐ 4469/QĐ-BYT: the
  Vietnamese ICD-10 names; QĐ 130/QĐ-BYT: total = fund + co-payment + outside scope + other.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vssid.core.dates import count_months
from vssid.records import icd10_vi
from vssid.records.costs import format_quantity, group_lines, reconcile
from vssid.records.labels import COST_GROUPS, REGIMES, SCHEMES, is_monthly
from vssid.records.participation import (
    Span,
    UnemploymentBenefit,
    benefit_months,
    scheme_totals,
    span_of,
    unemployment_reserve,
)
from vssid.registry import models

D = dt.date


# --- Participation months ---------------------------------------------------------------


def test_an_ongoing_period_runs_to_the_current_month():
    assert span_of(D(2021, 1, 1), None, current=(2026, 11)) == Span((2021, 1), (2026, 11))
    assert span_of(D(2021, 1, 1), D(2021, 6, 1), current=(2026, 11)) == Span((2021, 1), (2021, 6))
    # a period registered ahead of time is one month, never negative
    assert span_of(D(2027, 1, 1), None, current=(2026, 11)) == Span((2027, 1), (2027, 1))


def test_totals_count_overlaps_once_and_report_gaps_and_months_owed():
    totals = scheme_totals([
        Span((2012, 1), (2017, 12)),
        Span((2015, 6), (2016, 5)),  # a second job: no extra months
        Span((2018, 7), (2020, 9)),
        Span((2020, 10), (2020, 12), employer_owes=True),
    ], ongoing=False)
    assert totals.months == 72 + 30
    assert totals.owed_months == 3
    assert totals.gaps == [((2018, 1), (2018, 6))]
    assert (totals.first, totals.last) == ((2012, 1), (2020, 12))


def test_no_periods_means_nothing_to_show():
    totals = scheme_totals([])
    assert (totals.months, totals.owed_months, totals.gaps, totals.first) == (0, 0, [], None)


@pytest.mark.parametrize(("start", "end", "days", "months"), [
    (D(2024, 3, 1), D(2024, 5, 31), None, 3),  # the demo pays whole months from the 1st
    (D(2024, 3, 15), D(2024, 6, 14), None, 3),  # from the 15th: still 3 months
    (D(2024, 1, 31), D(2024, 4, 30), None, 3),
    (D(2024, 3, 10), D(2024, 3, 31), None, 1),  # stopped early: 22 days round to one month
    (D(2024, 3, 1), D(2025, 2, 28), None, 12),
    (None, None, 90, 3),
    (None, None, 44, 1),
    (None, None, 45, 2),
    (None, None, None, 1),
])
def test_benefit_months(start, end, days, months):
    assert benefit_months(start, end, days) == months


def test_reserve_after_a_three_month_benefit_keeps_the_months_beyond_36():
    # 42 months, then a 3-month benefit: 36 used, 6 kept (the published example).
    reserve = unemployment_reserve([((2015, 1), (2018, 6))], [UnemploymentBenefit((2018, 8), 3)])
    assert (reserve.contributed, reserve.used, reserve.reserved) == (42, 36, 6)


def test_twelve_to_36_months_give_three_months_and_keep_nothing():
    reserve = unemployment_reserve([((2020, 1), (2021, 8))], [UnemploymentBenefit((2021, 10), 3)])
    assert (reserve.contributed, reserve.used, reserve.reserved) == (20, 20, 0)


def test_each_further_month_of_benefit_uses_twelve_months():
    # 50 months give 4 months of benefit (36 + 12): 48 used, 2 kept.
    reserve = unemployment_reserve([((2010, 1), (2014, 2))], [UnemploymentBenefit((2014, 4), 4)])
    assert (reserve.used, reserve.reserved) == (48, 2)


def test_months_after_a_benefit_add_to_the_reserve_and_a_second_benefit_uses_them():
    periods = [((2010, 1), (2013, 12)), ((2014, 6), (2018, 5))]  # 48 + 48 months
    first = UnemploymentBenefit((2014, 1), 4)  # uses the 48 months before it
    assert unemployment_reserve(periods, [first]).reserved == 48
    second = UnemploymentBenefit((2018, 7), 3)  # uses 36 of the 48 paid since
    reserve = unemployment_reserve(periods, [second, first])  # order of records does not matter
    assert (reserve.contributed, reserve.used, reserve.reserved) == (96, 84, 12)


def test_no_benefit_keeps_every_month_and_overlaps_count_once():
    reserve = unemployment_reserve([((2019, 1), (2020, 12)), ((2020, 1), (2021, 12))], [])
    assert (reserve.contributed, reserve.used, reserve.reserved) == (36, 0, 36)


@given(
    st.lists(st.tuples(st.integers(2009 * 12, 2030 * 12), st.integers(0, 60)), min_size=0, max_size=6),
    st.lists(st.tuples(st.integers(2009 * 12, 2031 * 12), st.integers(1, 12)), min_size=0, max_size=4),
)
def test_reserve_is_never_negative_and_never_more_than_contributed(raw_periods, raw_benefits):
    def month(index):
        return divmod(index, 12)[0], divmod(index, 12)[1] + 1

    periods = [(month(start), month(start + length)) for start, length in raw_periods]
    benefits = [UnemploymentBenefit(month(start), months) for start, months in raw_benefits]
    reserve = unemployment_reserve(periods, benefits)
    assert reserve.contributed == count_months(periods)
    assert 0 <= reserve.reserved <= reserve.contributed
    assert reserve.used + reserve.reserved == reserve.contributed
    assert reserve.used <= 12 * sum(b.months for b in benefits)


# --- Labels -----------------------------------------------------------------------------


def test_every_regime_and_scheme_of_the_registry_has_a_vietnamese_name():
    assert tuple(REGIMES) == models.REGIMES
    assert {scheme.code for scheme in SCHEMES} == set(models.SCHEMES)
    assert REGIMES["tnld_bnn"] == "Tai nạn lao động – bệnh nghề nghiệp"
    assert REGIMES["huu_tri_xa_hoi"] == "Trợ cấp hưu trí xã hội"


def test_cost_groups_are_those_of_qd_5937():
    assert sorted(COST_GROUPS) == [1, 2, 3, 4, 7, 8, 10, 12, 13, 14, 15, 16, 17, 18]
    assert COST_GROUPS[15] == "Ngày giường bệnh điều trị nội trú" and COST_GROUPS[18] == "Thủ thuật"


def test_monthly_regimes():
    assert is_monthly("huu_tri", D(2020, 1, 1)) and is_monthly("that_nghiep", D(2020, 1, 1))
    assert is_monthly("tu_tuat", D(2020, 1, 1)) and not is_monthly("tu_tuat", None)  # lump-sum survivors' benefit
    assert not is_monthly("om_dau", D(2020, 1, 1)) and not is_monthly("bhxh_mot_lan", None)


# --- ICD-10 -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["J06.9", "I10", "E11", "K29.7", "M54.5", "J20.9", "A09", "O80", "S52", "K35",
                                  "E11.9"])
def test_the_codes_of_the_demo_have_vietnamese_names(code):
    found = icd10_vi.lookup(code)
    assert found.exact and found.name and found.code == code


def test_lookup_normalises_and_falls_back_to_the_category():
    assert icd10_vi.lookup("e119").name == icd10_vi.ICD10_VI["E11.9"]
    assert icd10_vi.lookup(" K29.7 ").code == "K29.7"
    fallback = icd10_vi.lookup("E11.65")
    assert fallback.code == "E11.65" and fallback.name == icd10_vi.ICD10_VI["E11"] and not fallback.exact
    unknown = icd10_vi.lookup("C50.9")
    assert unknown.name is None and unknown.code == "C50.9"
    assert icd10_vi.lookup("not a code").name is None
    assert [d.code for d in icd10_vi.lookup_many("I10; E11.9;;")] == ["I10", "E11.9"]
    assert icd10_vi.lookup_many(None) == []
    assert "4469/QĐ-BYT" in icd10_vi.SOURCE


# --- Cost lines -------------------------------------------------------------------------


@dataclass
class Line:
    group_code: int
    amount: int
    fund_part: int
    patient_part: int


@dataclass
class Visit:
    t_tongchi_bv: int
    t_bhtt: int
    t_bncct: int
    t_bntt: int
    t_nguonkhac: int = 0


def test_lines_are_grouped_in_ma_nhom_order_with_unknown_codes_last():
    groups = group_lines([Line(4, 26_250, 21_000, 5_250), Line(13, 50_600, 40_480, 10_120),
                          Line(1, 49_700, 39_760, 9_940), Line(4, 3_000, 2_400, 600), Line(6, 1_000, 0, 1_000)])
    assert [(g.code, g.name) for g in groups] == [(1, "Xét nghiệm"), (4, "Thuốc"), (13, "Khám bệnh"),
                                                  (None, "Chi phí khác")]
    drugs = groups[1]
    assert (len(drugs.lines), drugs.amount, drugs.fund_part, drugs.patient_part) == (2, 29_250, 23_400, 5_850)


def test_sums_that_agree_with_the_visit_raise_nothing():
    groups = group_lines([Line(13, 50_600, 40_480, 10_120), Line(10, 20_000, 0, 20_000)])
    visit = Visit(t_tongchi_bv=70_600, t_bhtt=40_480, t_bncct=10_120, t_bntt=20_000)
    assert reconcile(visit, groups) == []


def test_sums_that_differ_are_reported_with_both_figures():
    groups = group_lines([Line(13, 50_600, 40_480, 10_120)])
    visit = Visit(t_tongchi_bv=53_600, t_bhtt=42_880, t_bncct=10_720, t_bntt=0)
    found = {(m.what, m.lines_sum, m.visit_total) for m in reconcile(visit, groups)}
    assert found == {("amount", 50_600, 53_600), ("fund_part", 40_480, 42_880), ("patient_part", 10_120, 10_720)}


def test_other_sources_belong_to_what_the_fund_did_not_pay():
    groups = group_lines([Line(13, 50_600, 40_000, 10_600)])
    visit = Visit(t_tongchi_bv=50_600, t_bhtt=40_000, t_bncct=5_600, t_bntt=0, t_nguonkhac=5_000)
    assert reconcile(visit, groups) == []


@pytest.mark.parametrize(("quantity", "text"), [
    (Decimal("2"), "2"), (Decimal("2.000"), "2"), (Decimal("1.5"), "1,5"), (Decimal("0.250"), "0,25"),
    (Decimal("1200"), "1.200"), (Decimal("1234.5"), "1.234,5"), (3, "3"),
])
def test_quantities_are_written_the_vietnamese_way(quantity, text):
    assert format_quantity(quantity) == text


# --- Who is a minor ------------------------------------------------------------------------


@pytest.mark.parametrize(("born", "today", "minor"), [
    ((2008, 11, 26), D(2026, 11, 25), True),  # 18 tomorrow
    ((2008, 11, 25), D(2026, 11, 25), False),  # 18 today
    ((2008, None, None), D(2025, 12, 31), True),  # year only: counts from 1 January (NĐ 158/2025 Đ.12)
    ((2008, None, None), D(2026, 1, 1), False),
    ((2009, 6, None), D(2027, 5, 31), True),
    ((2009, 6, None), D(2027, 6, 1), False),
])
def test_a_member_is_a_minor_until_their_18th_birthday(born, today, minor):
    from vssid.records.access import is_minor

    year, month, day = born
    person = models.Person(birth_year=year, birth_month=month, birth_day=day)
    assert is_minor(person, today=today) is minor
