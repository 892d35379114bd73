"""Contribution amounts for household health insurance and voluntary social insurance.

Pure functions over integer đồng and basis points (1 bp = 0.01 %); the figures in force
come from the effective-dated legal parameters, never from literals here.

Sources (DOMAIN.md §4):
- Household BHYT (Luật BHYT; Nghị định 188/2025/NĐ-CP): the 1st member pays 4.5 % of
  lương cơ sở a month; the 2nd, 3rd, 4th pay 70 %, 60 %, 50 % of the 1st's amount, the
  5th and later 40 %. Each member's monthly amount is rounded to the đồng, as VSS does.
- Voluntary BHXH (Luật BHXH 41/2024/QH15; Nghị định 159/2025/NĐ-CP): 22 % of the chosen
  income, from the rural poverty line to 20 × mức tham chiếu; the State supports a share
  of 22 % × the poverty line (50 % poor or island commune, 40 % near-poor, 30 % ethnic
  minority, 20 % others).
"""
from __future__ import annotations

from dataclasses import dataclass

from vssid.core.errors import ValidationError
from vssid.core.money import format_vnd, round_vnd

BP = 10_000  # basis points in a whole
HOUSEHOLD_PERIODS = (3, 6, 12)
VOLUNTARY_PERIODS = (1, 3, 6, 12)
INCOME_STEP = 50_000  # the official calculators' step (DOMAIN.md §4: unconfirmed)
SUPPORT_GROUPS = ("ho_ngheo", "ho_can_ngheo", "dan_toc_thieu_so", "khac")


@dataclass(frozen=True)
class MemberAmount:
    position: int  # 1 = first member
    share_bp: int  # of the first member's amount
    monthly: int
    total: int


def household_member_share_bp(position: int, shares: dict[int, int]) -> int:
    """The share of the 1st member's amount paid by the member at `position` (1-based)."""
    if position < 1:
        raise ValueError("position starts at 1")
    if position == 1:
        return BP
    return shares[min(position, 5)]


def household_bhyt(*, members: int, months: int, base_salary: int, rate_bp: int, shares: dict[int, int]) -> list[MemberAmount]:
    """Each member's monthly amount and total for `months`; `shares` maps 2..5 to basis points."""
    if not 1 <= members <= 20:
        raise ValidationError("Số người tham gia phải từ 1 đến 20.", field="members")
    if months not in HOUSEHOLD_PERIODS:
        raise ValidationError("Thời hạn đóng là 3, 6 hoặc 12 tháng.", field="months")
    first = round_vnd(numerator=base_salary * rate_bp, denominator=BP)
    amounts = []
    for position in range(1, members + 1):
        share = household_member_share_bp(position, shares)
        monthly = first if position == 1 else round_vnd(numerator=first * share, denominator=BP)
        amounts.append(MemberAmount(position=position, share_bp=share, monthly=monthly, total=monthly * months))
    return amounts


@dataclass(frozen=True)
class VoluntaryAmount:
    monthly_contribution: int
    monthly_support: int
    monthly_due: int
    months: int
    total_due: int


def voluntary_bhxh(
    *, income: int, months: int, rate_bp: int, poverty_line: int, ceiling: int, support_bp: int
) -> VoluntaryAmount:
    """What a voluntary participant pays for `months` at the chosen monthly income."""
    if months not in VOLUNTARY_PERIODS:
        raise ValidationError("Phương thức đóng: hằng tháng, 3 tháng, 6 tháng hoặc 12 tháng.", field="months")
    if income < poverty_line or income > ceiling:
        raise ValidationError(
            f"Mức thu nhập làm căn cứ đóng phải từ {format_vnd(poverty_line)} đến {format_vnd(ceiling)} mỗi tháng.",
            field="income",
        )
    if income % INCOME_STEP:
        raise ValidationError(f"Mức thu nhập chọn theo bước {format_vnd(INCOME_STEP)}.", field="income")
    contribution = round_vnd(numerator=income * rate_bp, denominator=BP)
    support = round_vnd(numerator=poverty_line * rate_bp * support_bp, denominator=BP * BP)
    due = contribution - support
    return VoluntaryAmount(contribution, support, due, months, due * months)
