"""Quotes for the public calculators, with the legal parameters in force on the start date."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from vssid.core.money import round_vnd
from vssid.payments import rates
from vssid.registry.parameters import value_on, values_on

SUPPORT_PARAMETER = {
    "ho_ngheo": "ho_tro_bhxhtn_ho_ngheo",
    "ho_can_ngheo": "ho_tro_bhxhtn_ho_can_ngheo",
    "dan_toc_thieu_so": "ho_tro_bhxhtn_dan_toc_thieu_so",
    "khac": "ho_tro_bhxhtn_khac",
}
# When a voluntary payment for each mode must reach VSS (DOMAIN.md §4).
DEADLINES_VI = {
    1: "trong tháng đóng",
    3: "trong 3 tháng của kỳ đóng",
    6: "trong 4 tháng đầu của kỳ đóng 6 tháng",
    12: "trong 7 tháng đầu của kỳ đóng 12 tháng",
}


def household_quote(session: Session, *, members: int, months: int, start: dt.date) -> tuple[int, list[rates.MemberAmount]]:
    """(lương cơ sở in force, each member's amount) for a household renewal starting on `start`."""
    p = values_on(session, ["luong_co_so", "ty_le_bhyt_ho_gia_dinh", "bhyt_hgd_nguoi_thu_2", "bhyt_hgd_nguoi_thu_3",
                            "bhyt_hgd_nguoi_thu_4", "bhyt_hgd_nguoi_thu_5_tro_di"], on=start)
    shares = {2: p["bhyt_hgd_nguoi_thu_2"], 3: p["bhyt_hgd_nguoi_thu_3"], 4: p["bhyt_hgd_nguoi_thu_4"],
              5: p["bhyt_hgd_nguoi_thu_5_tro_di"]}
    amounts = rates.household_bhyt(members=members, months=months, base_salary=p["luong_co_so"],
                                   rate_bp=p["ty_le_bhyt_ho_gia_dinh"], shares=shares)
    return p["luong_co_so"], amounts


def voluntary_bounds(session: Session, *, on: dt.date) -> tuple[int, int]:
    """(lowest, highest) monthly income that voluntary BHXH may be based on."""
    base = value_on(session, "luong_co_so", on=on)
    ceiling = round_vnd(numerator=base * value_on(session, "tran_dong_bhxh_bhyt", on=on), denominator=rates.BP)
    return value_on(session, "chuan_ngheo_nong_thon", on=on), ceiling


def voluntary_quote(session: Session, *, income: int, months: int, group: str, start: dt.date) -> rates.VoluntaryAmount:
    poverty_line, ceiling = voluntary_bounds(session, on=start)
    support_name = SUPPORT_PARAMETER.get(group, SUPPORT_PARAMETER["khac"])
    return rates.voluntary_bhxh(
        income=income, months=months, rate_bp=value_on(session, "ty_le_bhxh_tu_nguyen", on=start),
        poverty_line=poverty_line, ceiling=ceiling, support_bp=value_on(session, support_name, on=start),
    )
