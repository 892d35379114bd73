"""Household BHYT and voluntary BHXH amounts, against the figures VSS publishes (DOMAIN.md §4)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vssid.core.errors import ValidationError
from vssid.payments.rates import household_bhyt, voluntary_bhxh

SHARES = {2: 7000, 3: 6000, 4: 5000, 5: 4000}  # NĐ 188/2025: 70 %, 60 %, 50 %, 40 %


def test_household_yearly_amounts_from_1_july_2026_match_vss_to_the_dong():
    # "Một số mức đóng, mức hưởng BHXH, BHYT thay đổi từ ngày 01/7/2026": lương cơ sở 2,530,000.
    amounts = household_bhyt(members=5, months=12, base_salary=2_530_000, rate_bp=450, shares=SHARES)
    assert [a.monthly for a in amounts] == [113_850, 79_695, 68_310, 56_925, 45_540]
    assert [a.total for a in amounts] == [1_366_200, 956_340, 819_720, 683_100, 546_480]


def test_household_yearly_amounts_at_2_340_000_match_vss():
    amounts = household_bhyt(members=5, months=12, base_salary=2_340_000, rate_bp=450, shares=SHARES)
    assert [a.total for a in amounts] == [1_263_600, 884_520, 758_160, 631_800, 505_440]


def test_sixth_and_later_members_pay_like_the_fifth():
    amounts = household_bhyt(members=7, months=3, base_salary=2_530_000, rate_bp=450, shares=SHARES)
    assert amounts[5].monthly == amounts[6].monthly == amounts[4].monthly == 45_540
    assert amounts[6].total == 45_540 * 3


@pytest.mark.parametrize("members,months", [(0, 12), (21, 12), (2, 4), (2, 0)])
def test_household_refuses_impossible_inputs(members, months):
    with pytest.raises(ValidationError):
        household_bhyt(members=members, months=months, base_salary=2_530_000, rate_bp=450, shares=SHARES)


@given(st.integers(1, 20), st.sampled_from([3, 6, 12]), st.integers(1_000_000, 5_000_000))
def test_household_amounts_never_grow_with_position(members, months, base):
    amounts = household_bhyt(members=members, months=months, base_salary=base, rate_bp=450, shares=SHARES)
    monthly = [a.monthly for a in amounts]
    assert monthly == sorted(monthly, reverse=True)
    assert all(isinstance(a.total, int) and a.total == a.monthly * months for a in amounts)


def test_voluntary_at_the_poverty_line_with_each_support_group():
    # DOMAIN.md §4: 22 % × 1,500,000 = 330,000; support 165,000 / 132,000 / 99,000 / 66,000.
    due = {
        share: voluntary_bhxh(income=1_500_000, months=1, rate_bp=2200, poverty_line=1_500_000,
                              ceiling=50_600_000, support_bp=share)
        for share in (5000, 4000, 3000, 2000)
    }
    assert {s: d.monthly_support for s, d in due.items()} == {5000: 165_000, 4000: 132_000, 3000: 99_000, 2000: 66_000}
    assert due[2000].monthly_contribution == 330_000 and due[2000].monthly_due == 264_000


def test_voluntary_for_twelve_months():
    result = voluntary_bhxh(income=5_000_000, months=12, rate_bp=2200, poverty_line=1_500_000,
                            ceiling=50_600_000, support_bp=2000)
    assert result.monthly_contribution == 1_100_000
    assert result.total_due == (1_100_000 - 66_000) * 12


@pytest.mark.parametrize("income,message", [
    (1_450_000, "phải từ 1.500.000"), (50_650_000, "đến 50.600.000"), (2_025_000, "bước 50.000"),
])
def test_voluntary_income_outside_the_law_names_the_bounds(income, message):
    with pytest.raises(ValidationError, match=message):
        voluntary_bhxh(income=income, months=1, rate_bp=2200, poverty_line=1_500_000, ceiling=50_600_000,
                       support_bp=2000)
