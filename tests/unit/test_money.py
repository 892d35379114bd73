"""Integer đồng: formatting and half-up rounding (vssid/core/money.py).

Source: DOMAIN.md §4 (household health insurance, Luật BHYT and NĐ 188/2025): "the 1st
member pays 4.5% × lương cơ sở per month; the 2nd 70%, the 3rd 60%, the 4th 50%, the
5th and later 40% of the 1st's amount ... Round each member's monthly amount to the
đồng as VSS does (113,850; 79,695; 68,310; 56,925; 45,540 in 2026)", with the yearly
figures 1,366,200 / 956,340 / 819,720 / 683,100 / 546,480 at 2,530,000 (NĐ 161/2026) and
1,263,600 / 884,520 / 758,160 / 631,800 / 505,440 at 2,340,000 (NĐ 73/2024).
ARCHITECTURE.md "Money: integer VND".
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vssid.core.money import NBSP, format_vnd, round_vnd


class TestFormatVnd:
    @pytest.mark.parametrize(
        ("amount", "text"),
        [
            (1_263_600, "1.263.600"),
            (0, "0"),
            (999, "999"),
            (1_000, "1.000"),
            (50_600, "50.600"),
            (1_000_000_000, "1.000.000.000"),
            (-50_600, "-50.600"),
            (-1, "-1"),
        ],
    )
    def test_dots_between_thousands_and_a_non_breaking_space_before_dong(self, amount, text):
        assert format_vnd(amount) == f"{text}{NBSP}đ"

    def test_the_separator_is_the_non_breaking_space(self):
        assert NBSP == "\u00a0"
        assert " " not in format_vnd(1_263_600)

    @pytest.mark.parametrize("amount", [1263600.0, Decimal("1263600"), True, "1263600", None])
    def test_anything_but_an_int_is_refused(self, amount):
        with pytest.raises(TypeError):
            format_vnd(amount)

    @given(st.integers())
    def test_digits_survive_formatting(self, amount):
        text = format_vnd(amount)
        assert text.endswith(f"{NBSP}đ")
        assert int(text.removesuffix(f"{NBSP}đ").replace(".", "")) == amount


class TestRoundVnd:
    @pytest.mark.parametrize(
        ("base_salary", "monthly", "yearly"),
        [
            # 01/07/2026, lương cơ sở 2,530,000 (NĐ 161/2026): VSS's published figures.
            (2_530_000, [113_850, 79_695, 68_310, 56_925, 45_540], [1_366_200, 956_340, 819_720, 683_100, 546_480]),
            # 01/07/2024, lương cơ sở 2,340,000 (NĐ 73/2024).
            (2_340_000, [105_300, 73_710, 63_180, 52_650, 42_120], [1_263_600, 884_520, 758_160, 631_800, 505_440]),
        ],
    )
    def test_household_health_insurance_figures(self, base_salary, monthly, yearly):
        first = round_vnd(numerator=base_salary * 45, denominator=1000)  # 4.5%
        shares = [100, 70, 60, 50, 40]  # % of the first member's amount
        amounts = [round_vnd(numerator=first * share, denominator=100) for share in shares]
        assert amounts == monthly
        assert [12 * amount for amount in amounts] == yearly

    @pytest.mark.parametrize(
        ("numerator", "denominator", "rounded"),
        [(5, 2, 3), (7, 2, 4), (4, 3, 1), (5, 3, 2), (1, 3, 0), (0, 7, 0),
         (-5, 2, -3), (5, -2, -3), (-5, -2, 3), (-4, 3, -1), (10, 5, 2)],
    )
    def test_halves_round_away_from_zero(self, numerator, denominator, rounded):
        assert round_vnd(numerator=numerator, denominator=denominator) == rounded

    def test_huge_amounts_stay_exact(self):
        # A float would lose the last đồng here.
        assert round_vnd(numerator=10**20 + 1, denominator=1) == 10**20 + 1
        assert round_vnd(numerator=3 * 10**20 + 1, denominator=3) == 10**20

    def test_zero_denominator(self):
        with pytest.raises(ZeroDivisionError):
            round_vnd(numerator=1, denominator=0)

    @pytest.mark.parametrize(("numerator", "denominator"), [(1.5, 1), (1, 2.0), (Decimal(3), 2), (True, 1)])
    def test_floats_and_decimals_are_refused(self, numerator, denominator):
        with pytest.raises(TypeError):
            round_vnd(numerator=numerator, denominator=denominator)

    def test_arguments_are_keyword_only(self):
        with pytest.raises(TypeError):
            round_vnd(1, 2)  # type: ignore[misc]

    @given(st.integers(-(10**30), 10**30), st.integers(-(10**30), 10**30).filter(bool))
    def test_agrees_with_decimal_half_up(self, numerator, denominator):
        rounded = round_vnd(numerator=numerator, denominator=denominator)
        assert abs(Fraction(numerator, denominator) - rounded) <= Fraction(1, 2)
        with localcontext(prec=100):  # enough digits that the quotient's rounding is exact
            exact = Decimal(numerator) / Decimal(denominator)
            assert rounded == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
