"""A visit's cost lines grouped by MA_NHOM, and whether they add up to the visit's totals.

QĐ 130/QĐ-BYT: a visit's total T_TONGCHI_BV = T_BHTT (fund) + T_BNCCT (co-payment) +
T_BNTT (patient, outside the scope) + T_NGUONKHAC (other sources), and each cost line's
amount = fund part + patient part (the schema enforces both). Nothing enforces that the
lines add up to the visit, so the page checks it and says so when they do not.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from vssid.records.labels import COST_GROUPS, cost_group_name


class LineLike(Protocol):
    group_code: int
    amount: int
    fund_part: int
    patient_part: int


class VisitTotals(Protocol):
    t_tongchi_bv: int
    t_bhtt: int
    t_bncct: int
    t_bntt: int
    t_nguonkhac: int


@dataclass
class CostGroup:
    code: int | None  # None: a code outside QĐ 5937's table
    name: str
    lines: list = field(default_factory=list)
    amount: int = 0
    fund_part: int = 0
    patient_part: int = 0


def group_lines(lines: Iterable[LineLike]) -> list[CostGroup]:
    """Lines by cost group, in MA_NHOM order; codes outside the table last, as one group."""
    groups: dict[int | None, CostGroup] = {}
    for line in lines:
        code = line.group_code if line.group_code in COST_GROUPS else None
        group = groups.get(code)
        if group is None:
            group = groups[code] = CostGroup(code=code, name=cost_group_name(line.group_code))
        group.lines.append(line)
        group.amount += line.amount
        group.fund_part += line.fund_part
        group.patient_part += line.patient_part
    return sorted(groups.values(), key=lambda g: (g.code is None, g.code or 0))


@dataclass(frozen=True)
class Mismatch:
    what: str  # "amount", "fund_part", "patient_part"
    lines_sum: int
    visit_total: int


def reconcile(visit: VisitTotals, groups: Sequence[CostGroup]) -> list[Mismatch]:
    """Where the lines' sums differ from the visit's totals (empty when they agree).

    The patient's part of the lines is everything the fund did not pay: co-payment,
    costs outside the BHYT scope and other sources.
    """
    sums = {
        "amount": sum(g.amount for g in groups),
        "fund_part": sum(g.fund_part for g in groups),
        "patient_part": sum(g.patient_part for g in groups),
    }
    expected = {
        "amount": visit.t_tongchi_bv,
        "fund_part": visit.t_bhtt,
        "patient_part": visit.t_bncct + visit.t_bntt + visit.t_nguonkhac,
    }
    return [Mismatch(what, sums[what], expected[what]) for what in sums if sums[what] != expected[what]]


def format_quantity(quantity: Decimal | int) -> str:
    """Quantities the Vietnamese way: 2 -> "2", 1.5 -> "1,5", 0.250 -> "0,25", 1200 -> "1.200"."""
    value = Decimal(quantity)
    if value == value.to_integral_value():
        whole, fraction = f"{int(value):,}", ""
    else:
        text = f"{value.normalize():f}"
        whole_text, fraction = text.split(".")
        whole = f"{int(whole_text):,}" if whole_text not in ("", "-0") else whole_text or "0"
    whole = whole.replace(",", ".")
    return f"{whole},{fraction}" if fraction else whole
