"""Medical visits and their cost lines for the demo data (DOMAIN.md §6).

Prices: the figures DOMAIN.md §6 quotes for a national tier-1 hospital (QĐ 3467/QĐ-BYT
as amended by QĐ 3500/QĐ-BYT, 2024) are marked ``# QĐ 3467``; the other prices are
plausible demo values. Services cost less at provincial, base and commune facilities
(``PRICE_SCALE``); drugs and supplies are bought by tender and cost the same.

Who pays (DOMAIN.md §2): levels 1, 2 and 5 get 100% of the cost within BHYT scope,
level 3 gets 95% and level 4 80%, but levels 3 and 4 get 100% at commune level and
when the visit costs less than 15% of lương cơ sở. Level 1 has no cap on capped items;
level 5 also gets what lies outside BHYT scope. Every part is whole đồng, rounded half
up, and the visit's totals are the sums of its lines, so
t_tongchi_bv = t_bhtt + t_bncct + t_bntt + t_nguonkhac.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from functools import lru_cache

from vssid.registry.demo_names import Weighted
from vssid.registry.demo_tables import LawHistory
from vssid.registry.demo_world import LEVEL_BASE, LEVEL_CENTRAL, LEVEL_COMMUNE, LEVEL_PROVINCE, Sink
from vssid.registry.object_codes import benefit_level_for

UTC = dt.timezone.utc
VN_OFFSET = dt.timedelta(hours=7)  # Vietnam: UTC+7, no daylight saving

PRICE_SCALE = {LEVEL_CENTRAL: 100, LEVEL_PROVINCE: 92, LEVEL_BASE: 85, LEVEL_COMMUNE: 75}  # percent
SCALED_GROUPS = {1, 2, 3, 8, 13, 14, 15, 18}

# key: (MA_NHOM group of QĐ 5937/QĐ-BYT, name, unit, price in VND, BHYT rate in percent)
CATALOGUE: dict[str, tuple[int, str, str, int, int]] = {
    "kham": (13, "Khám Nội", "Lần", 50_600, 100),  # QĐ 3467
    "kham_nhi": (13, "Khám Nhi", "Lần", 50_600, 100),  # QĐ 3467
    "kham_ngoai": (13, "Khám Ngoại", "Lần", 50_600, 100),  # QĐ 3467
    "kham_san": (13, "Khám Phụ sản", "Lần", 50_600, 100),  # QĐ 3467
    "cbc": (1, "Tổng phân tích tế bào máu ngoại vi (bằng máy đếm laser)", "Lần", 49_700, 100),  # QĐ 3467
    "glucose": (1, "Định lượng Glucose [Máu]", "Lần", 22_400, 100),  # QĐ 3467
    "creatinin": (1, "Định lượng Creatinin [Máu]", "Lần", 22_400, 100),  # QĐ 3467
    "hba1c": (1, "Định lượng HbA1c [Máu]", "Lần", 105_300, 100),  # QĐ 3467
    "urine": (1, "Tổng phân tích nước tiểu (bằng máy tự động)", "Lần", 28_600, 100),  # QĐ 3467
    "ecg": (3, "Điện tim thường", "Lần", 39_900, 100),  # QĐ 3467
    "xray_chest": (2, "Chụp X-quang ngực thẳng (1 phim số hóa)", "Lần", 73_300, 100),  # QĐ 3467
    "xray_forearm": (2, "Chụp X-quang xương cẳng tay thẳng nghiêng (số hóa)", "Lần", 97_200, 100),
    "xray_spine": (2, "Chụp X-quang cột sống thắt lưng thẳng nghiêng (số hóa)", "Lần", 97_200, 100),
    "us_abd": (2, "Siêu âm ổ bụng", "Lần", 58_600, 100),  # QĐ 3467
    "us_obs": (2, "Siêu âm thai", "Lần", 58_600, 100),
    "endoscopy": (18, "Nội soi thực quản – dạ dày – tá tràng có sinh thiết", "Lần", 493_800, 100),  # QĐ 3467
    "mri": (2, "Chụp cộng hưởng từ sọ não không tiêm thuốc cản quang", "Lần", 1_341_500, 100),  # QĐ 3467
    "mri_c": (2, "Chụp cộng hưởng từ sọ não có tiêm thuốc cản quang", "Lần", 2_250_800, 100),  # QĐ 3467
    "appendectomy": (8, "Phẫu thuật cắt ruột thừa đơn thuần", "Lần", 2_815_900, 100),  # QĐ 3467
    "forearm_surgery": (8, "Phẫu thuật kết hợp xương gãy thân hai xương cẳng tay", "Lần", 3_946_000, 100),
    "cast": (18, "Bó bột cẳng tay", "Lần", 221_000, 100),
    "delivery": (18, "Đỡ đẻ thường ngôi chỏm", "Lần", 706_000, 100),
    "acupuncture": (18, "Điện châm", "Lần", 77_500, 100),
    "massage": (18, "Xoa bóp bấm huyệt", "Lần", 68_000, 100),
    "nebul": (18, "Khí dung thuốc giãn phế quản", "Lần", 20_100, 100),
    "icu_bed": (15, "Giường Hồi sức tích cực", "Ngày", 578_900, 100),  # QĐ 3467
    "bed_internal": (15, "Giường Nội khoa loại 1", "Ngày", 249_000, 100),
    "bed_surgical": (15, "Giường Ngoại khoa loại 2 (sau phẫu thuật)", "Ngày", 286_000, 100),
    "bed_obstetric": (15, "Giường Phụ sản", "Ngày", 249_000, 100),
    "bed_day": (14, "Giường điều trị ban ngày", "Ngày", 124_500, 100),
    "service_bed": (15, "Giường dịch vụ theo yêu cầu (phần chênh lệch)", "Ngày", 300_000, 0),
    "paracetamol": (4, "Paracetamol 500mg", "Viên", 350, 100),
    "paracetamol_iv": (4, "Paracetamol 1g/100ml (truyền tĩnh mạch)", "Chai", 24_000, 100),
    "amoxicillin": (4, "Amoxicilin 500mg", "Viên", 1_050, 100),
    "amox_clav": (4, "Amoxicilin + Acid clavulanic 875mg/125mg", "Viên", 4_500, 100),
    "ambroxol": (4, "Ambroxol 30mg", "Viên", 450, 100),
    "amlodipin": (4, "Amlodipin 5mg", "Viên", 380, 100),
    "losartan": (4, "Losartan 50mg", "Viên", 950, 100),
    "metformin": (4, "Metformin 850mg", "Viên", 700, 100),
    "gliclazid": (4, "Gliclazid 30mg (giải phóng có kiểm soát)", "Viên", 1_400, 100),
    "insulin": (4, "Insulin người trộn 30/70 100UI/ml, lọ 10ml", "Lọ", 120_000, 100),
    "omeprazol": (4, "Omeprazol 20mg", "Viên", 600, 100),
    "domperidon": (4, "Domperidon 10mg", "Viên", 300, 100),
    "oresol": (4, "Oresol 245 (gói 4,1g)", "Gói", 1_900, 100),
    "diosmectit": (4, "Diosmectit 3g", "Gói", 2_900, 100),
    "zinc": (4, "Kẽm gluconat 10mg", "Gói", 2_100, 100),
    "meloxicam": (4, "Meloxicam 7,5mg", "Viên", 450, 100),
    "eperison": (4, "Eperison 50mg", "Viên", 1_500, 100),
    "salbutamol": (4, "Salbutamol 2mg", "Viên", 180, 100),
    "salbutamol_neb": (4, "Salbutamol 2,5mg/2,5ml (khí dung)", "Ống", 4_600, 100),
    "ceftriaxon": (4, "Ceftriaxon 1g", "Lọ", 19_800, 100),
    "cefuroxim": (4, "Cefuroxim 500mg", "Viên", 4_800, 100),
    "ringer": (4, "Ringer lactat 500ml", "Chai", 11_500, 100),
    "nacl": (4, "Natri clorid 0,9% 500ml", "Chai", 9_800, 100),
    "oxytocin": (4, "Oxytocin 5UI/ml", "Ống", 6_900, 100),
    "vitamin_out": (4, "Vitamin tổng hợp (ngoài danh mục BHYT)", "Viên", 3_500, 0),
    "syringe": (10, "Bơm tiêm nhựa 5ml", "Cái", 1_150, 100),
    "cannula": (10, "Kim luồn tĩnh mạch 22G", "Cái", 11_500, 100),
    "infusion_set": (10, "Bộ dây truyền dịch", "Bộ", 5_800, 100),
    "suture": (10, "Chỉ khâu tiêu tổng hợp số 2/0", "Sợi", 58_000, 100),
    "gloves": (10, "Găng tay phẫu thuật tiệt trùng", "Đôi", 6_300, 100),
    "gauze": (10, "Gạc y tế vô trùng 10cm x 10cm", "Gói", 4_200, 100),
    "plate": (10, "Nẹp vít khóa xương cẳng tay (bộ)", "Bộ", 3_850_000, 50),  # capped: half in scope
}

# Item lists: (key, quantity low, quantity high, probability). "D" in a quantity means
# "per day of stay" (inpatient and day treatment).
D = -1
OUTPATIENT = {
    "J06.9": [("cbc", 1, 1, 0.25), ("paracetamol", 10, 20, 1), ("amoxicillin", 14, 21, 0.5), ("ambroxol", 10, 15, 0.6)],
    "I10": [("ecg", 1, 1, 0.3), ("creatinin", 1, 1, 0.3), ("glucose", 1, 1, 0.3), ("mri", 1, 1, 0.02),
            ("amlodipin", 28, 30, 1), ("losartan", 28, 30, 0.5)],
    "E11": [("glucose", 1, 1, 1), ("hba1c", 1, 1, 0.5), ("creatinin", 1, 1, 0.3), ("urine", 1, 1, 0.3),
            ("metformin", 56, 60, 1), ("gliclazid", 28, 30, 0.5)],
    "K29.7": [("us_abd", 1, 1, 0.4), ("endoscopy", 1, 1, 0.15), ("omeprazol", 14, 28, 1), ("domperidon", 10, 15, 0.5)],
    "M54.5": [("xray_spine", 1, 1, 0.4), ("meloxicam", 10, 14, 1), ("eperison", 20, 30, 0.5), ("vitamin_out", 20, 30, 0.1)],
    "J20.9": [("xray_chest", 1, 1, 0.5), ("cbc", 1, 1, 0.5), ("amox_clav", 10, 14, 1), ("salbutamol", 10, 15, 0.5),
              ("ambroxol", 10, 10, 0.5)],
    "A09": [("cbc", 1, 1, 0.3), ("oresol", 4, 8, 1), ("diosmectit", 6, 9, 0.6), ("zinc", 10, 10, 0.3)],
    "S52": [("xray_forearm", 1, 1, 1), ("cast", 1, 1, 1), ("paracetamol", 10, 10, 1)],
}
DAY_TREATMENT = {
    "M54.5": [("bed_day", D, D, 1), ("acupuncture", D, D, 1), ("massage", D, D, 0.7), ("meloxicam", 10, 14, 1)],
    "A09": [("bed_day", D, D, 1), ("ringer", 2, 3, 1), ("infusion_set", 1, 1, 1), ("cannula", 1, 1, 1), ("oresol", 4, 6, 1)],
}
INPATIENT = {
    "K35": [("cbc", 1, 1, 1), ("glucose", 1, 1, 1), ("creatinin", 1, 1, 1), ("us_abd", 1, 1, 1), ("xray_chest", 1, 1, 0.5),
            ("ecg", 1, 1, 1), ("appendectomy", 1, 1, 1), ("bed_surgical", D, D, 1), ("ceftriaxon", 6, 8, 1),
            ("paracetamol_iv", 2, 4, 1), ("ringer", 2, 4, 1), ("cannula", 1, 2, 1), ("infusion_set", 2, 2, 1),
            ("syringe", 6, 10, 1), ("suture", 2, 2, 1), ("gloves", 4, 4, 1), ("gauze", 4, 6, 1), ("service_bed", D, D, 0.2)],
    "O80": [("cbc", 1, 1, 1), ("urine", 1, 1, 1), ("us_obs", 1, 1, 1), ("delivery", 1, 1, 1), ("bed_obstetric", D, D, 1),
            ("oxytocin", 1, 2, 1), ("cefuroxim", 10, 14, 1), ("paracetamol", 10, 10, 1), ("cannula", 1, 1, 1),
            ("infusion_set", 1, 1, 1), ("ringer", 1, 2, 1), ("gauze", 6, 6, 1), ("gloves", 2, 2, 1), ("service_bed", D, D, 0.3)],
    "S52": [("xray_forearm", 2, 2, 1), ("cbc", 1, 1, 1), ("glucose", 1, 1, 1), ("creatinin", 1, 1, 1), ("ecg", 1, 1, 1),
            ("forearm_surgery", 1, 1, 1), ("plate", 1, 1, 1), ("bed_surgical", D, D, 1), ("ceftriaxon", 6, 8, 1),
            ("paracetamol_iv", 2, 4, 1), ("cannula", 1, 2, 1), ("infusion_set", 2, 2, 1), ("suture", 2, 2, 1),
            ("gloves", 4, 4, 1), ("gauze", 6, 6, 1)],
    "J20.9": [("cbc", 2, 2, 1), ("xray_chest", 1, 1, 1), ("glucose", 1, 1, 1), ("creatinin", 1, 1, 1), ("ecg", 1, 1, 1),
              ("bed_internal", D, D, 1), ("ceftriaxon", 8, 12, 1), ("salbutamol_neb", 8, 12, 1), ("nebul", 8, 12, 1),
              ("nacl", 3, 6, 1), ("infusion_set", 3, 6, 1), ("cannula", 2, 2, 1)],
    "I10": [("ecg", 2, 2, 1), ("cbc", 1, 1, 1), ("glucose", 1, 1, 1), ("creatinin", 1, 1, 1), ("urine", 1, 1, 1),
            ("icu_bed", 1, 1, 1), ("bed_internal", D, D, 1), ("amlodipin", 10, 14, 1), ("losartan", 10, 14, 1),
            ("nacl", 2, 2, 1), ("cannula", 1, 1, 1), ("mri", 1, 1, 0.3)],
    "E11": [("glucose", 5, 8, 1), ("hba1c", 1, 1, 1), ("creatinin", 1, 1, 1), ("urine", 1, 1, 1), ("bed_internal", D, D, 1),
            ("insulin", 1, 2, 1), ("metformin", 20, 30, 1), ("nacl", 2, 3, 1), ("cannula", 1, 1, 1)],
    "A09": [("cbc", 1, 1, 1), ("creatinin", 1, 1, 1), ("bed_internal", D, D, 1), ("ringer", 4, 8, 1), ("nacl", 2, 4, 1),
            ("infusion_set", 2, 4, 1), ("cannula", 1, 1, 1), ("oresol", 6, 10, 1), ("diosmectit", 6, 9, 1)],
}
STAY_DAYS = {"K35": (3, 5), "O80": (2, 3), "S52": (4, 6), "J20.9": (5, 8), "I10": (4, 6), "E11": (5, 8), "A09": (2, 4),
             "M54.5": (5, 10)}
CHRONIC = {"I10", "E11", "K29.7", "M54.5"}
SECONDARY = {"E11": ("I10", 0.4), "I10": ("E11", 0.2), "J20.9": ("I10", 0.3)}

OUTPATIENT_BY_AGE = {
    "child": Weighted((("J06.9", 40), ("A09", 25), ("J20.9", 25))),
    "adult": Weighted((("J06.9", 25), ("K29.7", 20), ("M54.5", 20), ("I10", 10), ("A09", 10), ("J20.9", 10), ("E11", 5))),
    "elder": Weighted((("I10", 35), ("E11", 20), ("M54.5", 15), ("J20.9", 10), ("K29.7", 10), ("J06.9", 10))),
}
INPATIENT_BY_AGE = {
    "child": Weighted((("J20.9", 3), ("A09", 2))),
    "adult": Weighted((("K35", 3), ("S52", 2), ("A09", 1))),
    "elder": Weighted((("J20.9", 3), ("I10", 2), ("E11", 2), ("S52", 1))),
}

_QUANTITY = {n: Decimal(n) for n in range(0, 121)}


@lru_cache(maxsize=200_000)
def level_on(code: str, day: dt.date) -> int:
    """The benefit level object code ``code`` gives on ``day`` (object_codes.py), cached."""
    return benefit_level_for(code, on=day)


def age_band(age: int) -> str:
    return "child" if age < 16 else "adult" if age < 60 else "elder"


class Visits:
    """Writes visits and their lines for one person at a time."""

    def __init__(self, *, sink: Sink, rng: random.Random, law: LawHistory, facility_level: dict[str, str]) -> None:
        self.sink = sink
        self.rng = rng
        self.law = law
        self.facility_level = facility_level
        self._prices = {
            level: {key: (item[3] if item[0] not in SCALED_GROUPS else (item[3] * scale + 5000) // 10000 * 100)
                    for key, item in CATALOGUE.items()}
            for level, scale in PRICE_SCALE.items()
        }

    def random_visit(self, *, person_id: int, card_number: str, object_code: str, facility: str,
                     hospital: str, day: dt.date, age: int, gender: int, inpatient_share: float = 0.05) -> None:
        rng = self.rng
        band = age_band(age)
        if rng.random() < inpatient_share:
            icd = INPATIENT_BY_AGE[band].pick(rng)
            if band == "adult" and gender == 2 and 20 <= age <= 42 and rng.random() < 0.4:
                icd = "O80"
            self.visit(person_id=person_id, card_number=card_number, object_code=object_code, facility=hospital,
                       day=day, icd=icd, kind="03", age=age)
            return
        icd = OUTPATIENT_BY_AGE[band].pick(rng)
        kind = "02" if icd in DAY_TREATMENT and rng.random() < 0.08 else "01"
        self.visit(person_id=person_id, card_number=card_number, object_code=object_code, facility=facility,
                   day=day, icd=icd, kind=kind, age=age)

    def visit(self, *, person_id: int, card_number: str, object_code: str, facility: str, day: dt.date,
              icd: str, kind: str, age: int, secondary: str | None = None) -> int:
        """One visit of ``kind`` ("01" outpatient, "02" day treatment, "03" inpatient) starting on ``day``."""
        rng = self.rng
        facility_level = self.facility_level[facility]
        prices = self._prices[facility_level]
        if kind == "01":
            items = OUTPATIENT[icd]
            days = 1
            start = dt.datetime(day.year, day.month, day.day, rng.randint(7, 15), rng.randrange(60))
            end = start + dt.timedelta(minutes=rng.randint(25, 150))
        else:
            items = (DAY_TREATMENT if kind == "02" else INPATIENT)[icd]
            low, high = STAY_DAYS[icd]
            days = rng.randint(low, high)
            hour = rng.randint(0, 23) if icd in ("K35", "S52", "O80") else rng.randint(7, 16)
            start = dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60))
            end = dt.datetime(day.year, day.month, day.day, rng.randint(8, 16), rng.randrange(60)) + dt.timedelta(days=days - 1 if kind == "02" else days)
        exam = "kham_nhi" if age < 16 else "kham_ngoai" if icd in ("K35", "S52") else "kham_san" if icd == "O80" else "kham"
        chosen = [(exam, 1)]
        for key, low, high, probability in items:
            if probability >= 1 or rng.random() < probability:
                chosen.append((key, days if low == D else low if low == high else rng.randint(low, high)))

        level = level_on(object_code, day)
        lcs = self.law.luong_co_so(day)
        lines = []
        scope_total = 0
        for key, quantity in chosen:
            group, name, unit, _, rate = CATALOGUE[key]
            if rate == 50 and level == 1:
                rate = 100  # level 1: no cap on capped items
            price = prices[key]
            amount = price * quantity
            scope = (amount * rate + 50) // 100
            scope_total += scope
            lines.append((group, name, unit, quantity, price, amount, rate, scope))
        if level in (1, 2, 5) or facility_level == LEVEL_COMMUNE or scope_total * 100 < lcs * 15:
            pay = 100
        else:
            pay = 95 if level == 3 else 80

        visit_id = self.sink.new_id("medical_visit")
        total = in_scope = fund_total = copay_total = outside_total = drugs = supplies = 0
        add = self.sink.add
        new_id = self.sink.new_id
        for group, name, unit, quantity, price, amount, rate, scope in lines:
            fund = (scope * pay + 50) // 100  # round half up, as vssid.core.money.round_vnd
            copay_total += scope - fund
            outside = amount - scope
            if level == 5:
                fund += outside  # level 5: costs outside BHYT scope are covered too
            else:
                outside_total += outside
            total += amount
            in_scope += scope
            fund_total += fund
            if group == 4:
                drugs += amount
            elif group == 10:
                supplies += amount
            add("visit_cost_line", {
                "id": new_id("visit_cost_line"), "visit_id": visit_id, "person_id": person_id, "group_code": group,
                "name": name, "unit": unit, "quantity": _QUANTITY.get(quantity) or Decimal(quantity),
                "unit_price": price, "amount": amount, "bhyt_rate": rate, "fund_part": fund,
                "patient_part": amount - fund,
            })
        if secondary is None and icd in SECONDARY and rng.random() < SECONDARY[icd][1]:
            secondary = SECONDARY[icd][0]
        if kind == "01":
            result = 2 if icd in CHRONIC else rng.choice((1, 1, 2))
            discharge = 1
        else:
            result = rng.choice((1, 1, 1, 2, 2, 3)) if icd not in CHRONIC else rng.choice((2, 2, 3))
            roll = rng.random()
            discharge = 2 if roll < 0.03 else 4 if roll < 0.05 else 1
        add("medical_visit", {
            "id": visit_id, "person_id": person_id, "card_number": card_number, "facility_code": facility,
            "visit_type": kind, "admitted_at": (start - VN_OFFSET).replace(tzinfo=UTC),
            "discharged_at": (end - VN_OFFSET).replace(tzinfo=UTC), "main_icd": icd, "secondary_icds": secondary,
            "treatment_result": result, "discharge_type": discharge, "t_tongchi_bv": total,
            "t_tongchi_bh": in_scope, "t_bncct": copay_total,
            "t_bhtt": fund_total, "t_bntt": outside_total, "t_nguonkhac": 0, "t_thuoc": drugs, "t_vtyt": supplies,
        })
        return visit_id
