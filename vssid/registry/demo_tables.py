"""Reference tables the demo generator needs beyond what the database holds.

The database's ``legal_parameter`` rows (migration 0002) start in 2023–2024; demo
careers reach back to the 1980s, so the older values below fill the history before the
first database row. They are demo data for plausible wages and pensions, with their
sources; where the database has a value, the database wins (``LawHistory``).
Province geography is approximate (each former province's capital), enough to place
facilities "near the province".
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable

D = dt.date

# Lương cơ sở / lương tối thiểu chung, before the first database row.
LUONG_CO_SO_HISTORY: tuple[tuple[dt.date, int, str], ...] = (
    (D(1993, 4, 1), 120_000, "Nghị định 25/CP/1993"),
    (D(1997, 1, 1), 144_000, "Nghị định 06/CP/1997"),
    (D(2000, 1, 1), 180_000, "Nghị định 175/1999/NĐ-CP"),
    (D(2001, 1, 1), 210_000, "Nghị định 77/2000/NĐ-CP"),
    (D(2003, 1, 1), 290_000, "Nghị định 03/2003/NĐ-CP"),
    (D(2005, 10, 1), 350_000, "Nghị định 118/2005/NĐ-CP"),
    (D(2006, 10, 1), 450_000, "Nghị định 94/2006/NĐ-CP"),
    (D(2008, 1, 1), 540_000, "Nghị định 166/2007/NĐ-CP"),
    (D(2009, 5, 1), 650_000, "Nghị định 33/2009/NĐ-CP"),
    (D(2010, 5, 1), 730_000, "Nghị định 28/2010/NĐ-CP"),
    (D(2011, 5, 1), 830_000, "Nghị định 22/2011/NĐ-CP"),
    (D(2012, 5, 1), 1_050_000, "Nghị định 31/2012/NĐ-CP"),
    (D(2013, 7, 1), 1_150_000, "Nghị định 66/2013/NĐ-CP"),
    (D(2016, 5, 1), 1_210_000, "Nghị định 47/2016/NĐ-CP"),
    (D(2017, 7, 1), 1_300_000, "Nghị định 47/2017/NĐ-CP"),
    (D(2018, 7, 1), 1_390_000, "Nghị định 72/2018/NĐ-CP"),
    (D(2019, 7, 1), 1_490_000, "Nghị định 38/2019/NĐ-CP"),
    (D(2023, 7, 1), 1_800_000, "Nghị định 24/2023/NĐ-CP"),
    (D(2024, 7, 1), 2_340_000, "Nghị định 73/2024/NĐ-CP"),
)

# Regional minimum wages (vùng I, II, III, IV) for enterprises, before the database rows.
# Before 2008 there were no regions for domestic firms: the general minimum applied.
REGIONAL_MINIMUM_HISTORY: tuple[tuple[dt.date, tuple[int, int, int, int], str], ...] = (
    (D(2008, 1, 1), (620_000, 580_000, 540_000, 540_000), "Nghị định 167/2007/NĐ-CP"),
    (D(2009, 1, 1), (800_000, 740_000, 690_000, 650_000), "Nghị định 110/2008/NĐ-CP"),
    (D(2010, 1, 1), (980_000, 880_000, 810_000, 730_000), "Nghị định 97/2009/NĐ-CP"),
    (D(2011, 1, 1), (1_350_000, 1_200_000, 1_050_000, 830_000), "Nghị định 108/2010/NĐ-CP"),
    (D(2011, 10, 1), (2_000_000, 1_780_000, 1_550_000, 1_400_000), "Nghị định 70/2011/NĐ-CP"),
    (D(2013, 1, 1), (2_350_000, 2_100_000, 1_800_000, 1_650_000), "Nghị định 103/2012/NĐ-CP"),
    (D(2014, 1, 1), (2_700_000, 2_400_000, 2_100_000, 1_900_000), "Nghị định 182/2013/NĐ-CP"),
    (D(2015, 1, 1), (3_100_000, 2_750_000, 2_400_000, 2_150_000), "Nghị định 103/2014/NĐ-CP"),
    (D(2016, 1, 1), (3_500_000, 3_100_000, 2_700_000, 2_400_000), "Nghị định 122/2015/NĐ-CP"),
    (D(2017, 1, 1), (3_750_000, 3_320_000, 2_900_000, 2_580_000), "Nghị định 153/2016/NĐ-CP"),
    (D(2018, 1, 1), (3_980_000, 3_530_000, 3_090_000, 2_760_000), "Nghị định 141/2017/NĐ-CP"),
    (D(2019, 1, 1), (4_180_000, 3_710_000, 3_250_000, 2_920_000), "Nghị định 157/2018/NĐ-CP"),
    (D(2020, 1, 1), (4_420_000, 3_920_000, 3_430_000, 3_070_000), "Nghị định 90/2019/NĐ-CP"),
    (D(2022, 7, 1), (4_680_000, 4_160_000, 3_640_000, 3_250_000), "Nghị định 38/2022/NĐ-CP"),
    (D(2024, 7, 1), (4_960_000, 4_410_000, 3_860_000, 3_450_000), "Nghị định 74/2024/NĐ-CP"),
)

# General pension increases (điều chỉnh lương hưu), one benefit record each.
PENSION_ADJUSTMENTS: tuple[tuple[dt.date, int, str], ...] = (  # (from, per mille, source)
    (D(2017, 1, 1), 1000 + 74, "Nghị định 76/2017/NĐ-CP"),
    (D(2018, 1, 1), 1000 + 69, "Nghị định 88/2018/NĐ-CP"),
    (D(2019, 7, 1), 1000 + 72, "Nghị định 44/2019/NĐ-CP"),
    (D(2023, 7, 1), 1000 + 125, "Nghị định 42/2023/NĐ-CP"),
    (D(2024, 7, 1), 1000 + 150, "Nghị định 75/2024/NĐ-CP"),
)

# Trợ cấp hưu trí xã hội (Luật BHXH 41/2024/QH15 Điều 21–22; Nghị định 176/2025/NĐ-CP).
SOCIAL_PENSION_FROM = D(2025, 7, 1)
SOCIAL_PENSION_MONTHLY = 500_000
SOCIAL_PENSION_AGE = 75

# Rural poverty line: the floor of the income chosen for voluntary BHXH.
POVERTY_LINE_HISTORY: tuple[tuple[dt.date, int], ...] = (
    (D(2016, 1, 1), 700_000),  # Quyết định 59/2015/QĐ-TTg
    (D(2022, 1, 1), 1_500_000),  # Nghị định 07/2021/NĐ-CP
)

BHTN_FROM = D(2009, 1, 1)  # unemployment insurance contributions (Luật BHXH 2006)
BHTNLD_FROM = D(2016, 7, 1)  # separate TNLĐ-BNN fund (Luật ATVSLĐ 84/2015/QH13)
BHYT_FROM = D(1993, 1, 1)


def retirement_age_months(*, gender: int, reach_year: int) -> int:
    """Normal retirement age in months for someone reaching it around ``reach_year``.

    Bộ luật Lao động 45/2019/QH14 Điều 169, Nghị định 135/2020/NĐ-CP: from 2021 men
    60 years 3 months, +3 months a year up to 62; women 55 years 4 months, +4 months a
    year up to 60. Before 2021: 60 and 55.
    """
    steps = max(0, reach_year - 2020)
    if gender == 1:
        return min(60 * 12 + 3 * steps, 62 * 12)
    return min(55 * 12 + 4 * steps, 60 * 12)


# --- Provinces ------------------------------------------------------------------------
# 2025 province -> the pre-2025 provinces merged into it (NQ 202/2025/QH15), with rough
# population weights; the first is where the new province's centre is.
LEGACY_OF_PROVINCE: dict[str, tuple[tuple[str, int], ...]] = {
    "01": (("01", 1),), "04": (("04", 1),), "08": (("08", 8), ("02", 9)), "11": (("11", 1),),
    "12": (("12", 1),), "14": (("14", 1),), "15": (("15", 8), ("10", 8)), "19": (("19", 13), ("06", 3)),
    "20": (("20", 1),), "22": (("22", 1),), "24": (("24", 19), ("27", 15)),
    "25": (("25", 15), ("26", 12), ("17", 9)), "31": (("31", 21), ("30", 19)), "33": (("33", 13), ("34", 19)),
    "37": (("37", 10), ("35", 9), ("36", 19)), "38": (("38", 1),), "40": (("40", 1),), "42": (("42", 1),),
    "44": (("44", 9), ("45", 6)), "46": (("46", 1),), "48": (("48", 12), ("49", 15)), "51": (("51", 12), ("62", 6)),
    "52": (("52", 15), ("64", 16)), "56": (("56", 12), ("58", 6)), "66": (("66", 19), ("54", 9)),
    "68": (("68", 13), ("67", 7), ("60", 12)), "75": (("75", 33), ("70", 10)),
    "79": (("79", 95), ("74", 28), ("77", 12)), "80": (("80", 17), ("72", 12)), "82": (("82", 18), ("87", 16)),
    "86": (("86", 10), ("83", 13), ("84", 10)), "91": (("91", 17), ("89", 19)),
    "92": (("92", 12), ("93", 7), ("94", 12)), "96": (("96", 12), ("95", 9)),
}

# Population in hundreds of thousands (2024, rounded): how people spread over provinces.
POPULATION: dict[str, int] = {
    "01": 87, "04": 6, "08": 19, "11": 6, "12": 5, "14": 13, "15": 18, "19": 18, "20": 8, "22": 14,
    "24": 36, "25": 40, "31": 47, "33": 36, "37": 44, "38": 38, "40": 35, "42": 13, "44": 19, "46": 12,
    "48": 31, "51": 22, "52": 36, "56": 22, "66": 33, "68": 39, "75": 45, "79": 140, "80": 33, "82": 44,
    "86": 43, "91": 50, "92": 42, "96": 26,
}

# Minimum-wage zone (vùng) of most of each province's communes (approximation of the
# commune-level annex of Nghị định 293/2025/NĐ-CP).
REGION: dict[str, int] = {
    "01": 1, "31": 1, "79": 1, "75": 1, "22": 2, "24": 2, "19": 2, "48": 2, "56": 2, "92": 2, "33": 2,
    "25": 2, "80": 2, "46": 2, "37": 3, "38": 3, "40": 3, "42": 3, "44": 3, "51": 3, "52": 3, "66": 3,
    "68": 3, "82": 3, "86": 3, "91": 3, "96": 3, "15": 3, "20": 3, "04": 4, "08": 4, "11": 4, "12": 4, "14": 4,
}

# Former provinces' capitals (latitude, longitude) and telephone area codes (since 2017).
LEGACY_GEO: dict[str, tuple[float, float, str]] = {
    "01": (21.028, 105.834, "024"), "02": (22.823, 104.984, "0219"), "04": (22.666, 106.258, "0206"),
    "06": (22.147, 105.835, "0209"), "08": (21.818, 105.211, "0207"), "10": (22.486, 103.970, "0214"),
    "11": (21.386, 103.023, "0215"), "12": (22.396, 103.458, "0213"), "14": (21.327, 103.914, "0212"),
    "15": (21.722, 104.911, "0216"), "17": (20.817, 105.338, "0218"), "19": (21.594, 105.848, "0208"),
    "20": (21.853, 106.761, "0205"), "22": (20.951, 107.080, "0203"), "24": (21.273, 106.194, "0204"),
    "25": (21.322, 105.402, "0210"), "26": (21.309, 105.604, "0211"), "27": (21.186, 106.076, "0222"),
    "30": (20.940, 106.333, "0220"), "31": (20.845, 106.688, "0225"), "33": (20.646, 106.051, "0221"),
    "34": (20.447, 106.336, "0227"), "35": (20.541, 105.914, "0226"), "36": (20.420, 106.168, "0228"),
    "37": (20.251, 105.975, "0229"), "38": (19.807, 105.776, "0237"), "40": (18.679, 105.681, "0238"),
    "42": (18.343, 105.906, "0239"), "44": (17.468, 106.622, "0232"), "45": (16.816, 107.100, "0233"),
    "46": (16.463, 107.590, "0234"), "48": (16.054, 108.202, "0236"), "49": (15.573, 108.474, "0235"),
    "51": (15.120, 108.792, "0255"), "52": (13.776, 109.224, "0256"), "54": (13.096, 109.292, "0257"),
    "56": (12.238, 109.197, "0258"), "58": (11.565, 108.988, "0259"), "60": (10.928, 108.102, "0252"),
    "62": (14.350, 108.000, "0260"), "64": (13.983, 108.000, "0269"), "66": (12.667, 108.038, "0262"),
    "67": (12.004, 107.691, "0261"), "68": (11.940, 108.458, "0263"), "70": (11.535, 106.883, "0271"),
    "72": (11.310, 106.098, "0276"), "74": (10.980, 106.650, "0274"), "75": (10.957, 106.843, "0251"),
    "77": (10.346, 107.084, "0254"), "79": (10.776, 106.701, "028"), "80": (10.535, 106.413, "0272"),
    "82": (10.360, 106.360, "0273"), "83": (10.241, 106.376, "0275"), "84": (9.935, 106.345, "0294"),
    "86": (10.254, 105.972, "0270"), "87": (10.456, 105.633, "0277"), "89": (10.386, 105.435, "0296"),
    "91": (10.012, 105.080, "0297"), "92": (10.045, 105.746, "0292"), "93": (9.784, 105.470, "0293"),
    "94": (9.603, 105.980, "0299"), "95": (9.294, 105.727, "0291"), "96": (9.177, 105.150, "0290"),
}

# Wards where nobody is placed (no civilian population the demo should show).
UNINHABITED_WARDS = {"Đặc khu Hoàng Sa", "Đặc khu Trường Sa"}


class LawHistory:
    """Effective-dated legal values: the database's rows, and before them the history above."""

    def __init__(self, parameters: Iterable[tuple[str, int, dt.date]]) -> None:
        rows = sorted(parameters, key=lambda row: (row[0], row[2]))
        lcs = [(day, value) for name, value, day in rows if name == "luong_co_so"]
        regional: dict[dt.date, list[int]] = {}
        for name, value, day in rows:
            if name.startswith("luong_toi_thieu_vung_"):
                regional.setdefault(day, [0, 0, 0, 0])[int(name[-1]) - 1] = value
        self._lcs = self._merge([(day, value) for day, value, _ in LUONG_CO_SO_HISTORY], lcs)
        self._regional = self._merge(
            [(day, values) for day, values, _ in REGIONAL_MINIMUM_HISTORY],
            [(day, tuple(values)) for day, values in sorted(regional.items())],
        )
        self._lcs_days = [day for day, _ in self._lcs]
        self._regional_days = [day for day, _ in self._regional]

    @staticmethod
    def _merge(history, database):
        if not database:
            return list(history)
        first = database[0][0]
        return [row for row in history if row[0] < first] + list(database)

    @property
    def luong_co_so_changes(self) -> list[dt.date]:
        return list(self._lcs_days)

    def luong_co_so(self, day: dt.date) -> int:
        index = bisect_right(self._lcs_days, day) - 1
        return self._lcs[max(index, 0)][1]

    def regional_minimum(self, day: dt.date, region: int) -> int:
        """The minimum wage of ``region`` on ``day``; before 2008, lương tối thiểu chung."""
        index = bisect_right(self._regional_days, day) - 1
        if index < 0:
            return self.luong_co_so(day)
        return self._regional[index][1][region - 1]

    def minimum_over(self, first: dt.date, last: dt.date, region: int) -> int:
        """The highest minimum in force in any month from ``first`` to ``last`` (it only rises)."""
        return max(self.regional_minimum(first, region), self.regional_minimum(last, region))

    def poverty_line(self, day: dt.date) -> int:
        value = POVERTY_LINE_HISTORY[0][1]
        for start, amount in POVERTY_LINE_HISTORY:
            if start <= day:
                value = amount
        return value
