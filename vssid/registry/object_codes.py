"""Object codes (mã đối tượng) and the benefit level (mức hưởng) each gives, effective-dated.

Source: DOMAIN.md §2, from QĐ 1351/QĐ-BHXH as amended by QĐ 1018/QĐ-BHXH (2024), and
Nghị quyết 261/2025/QH15 with Công văn 38/BYT-BH for 2026: from 01/01/2026 near-poor
households (CN) move from level 3 to level 2 and the new code LH is added at level 2.
Kept as rows with valid-from/valid-to dates so the next change is a new row, not an edit.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vssid.core.errors import ValidationError

_FROM_2026 = dt.date(2026, 1, 1)


@dataclass(frozen=True)
class BenefitLevelRule:
    code: str
    level: int
    valid_from: dt.date | None = None  # None: since before this table (QĐ 1351/QĐ-BHXH, 2015)
    valid_to: dt.date | None = None  # None: still in force; otherwise the last day it applies

    def applies_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def _rules(level: int, codes: str, **dates: dt.date) -> list[BenefitLevelRule]:
    return [BenefitLevelRule(code, level, **dates) for code in codes.split()]


BENEFIT_LEVEL_RULES: tuple[BenefitLevelRule, ...] = (
    *_rules(1, "CC TE"),
    *_rules(2, "CK CB KC HN DT DK XD BT TS CT"),
    *_rules(2, "CN LH", valid_from=_FROM_2026),
    *_rules(3, "HT TC"),
    *_rules(3, "CN", valid_to=_FROM_2026 - dt.timedelta(days=1)),
    *_rules(4, "DN HX CH NN TK HC XK TB NO XB TN CS XN MS HD TQ TA TY HG LS PV HS SV GB GD"),
    *_rules(5, "QN CA CY"),
)

OBJECT_CODES: frozenset[str] = frozenset(rule.code for rule in BENEFIT_LEVEL_RULES)

# Meanings DOMAIN.md §2 names; other codes have none recorded yet.
OBJECT_CODE_MEANING_VI: dict[str, str] = {
    "DN": "Người lao động làm việc trong doanh nghiệp",
    "HC": "Cán bộ, công chức",
    "HT": "Người hưởng lương hưu",
    "TE": "Trẻ em dưới 6 tuổi",
    "HS": "Học sinh",
    "SV": "Sinh viên",
    "GD": "Người tham gia BHYT theo hộ gia đình",
    "HN": "Người thuộc hộ gia đình nghèo",
    "CN": "Người thuộc hộ gia đình cận nghèo",
    "CC": "Người có công với cách mạng",
    "QN": "Quân nhân",
    "CA": "Công an nhân dân",
}

BENEFIT_LEVEL_MEANING_VI: dict[int, str] = {
    1: "Được thanh toán 100% chi phí KCB trong phạm vi hưởng BHYT, không giới hạn tỷ lệ thanh toán"
    " một số thuốc, hóa chất, vật tư y tế và dịch vụ kỹ thuật; chi phí vận chuyển",
    2: "Được thanh toán 100% chi phí KCB trong phạm vi hưởng BHYT (có giới hạn tỷ lệ thanh toán"
    " một số thuốc, hóa chất, vật tư y tế và dịch vụ kỹ thuật); chi phí vận chuyển",
    3: "Được thanh toán 95% chi phí KCB trong phạm vi hưởng BHYT",
    4: "Được thanh toán 80% chi phí KCB trong phạm vi hưởng BHYT",
    5: "Được thanh toán 100% chi phí KCB, kể cả chi phí ngoài phạm vi hưởng BHYT; chi phí vận chuyển",
}


def benefit_level_for(code: str, *, on: dt.date) -> int:
    """The benefit level object code ``code`` gives on day ``on``."""
    code = code.strip().upper()
    for rule in BENEFIT_LEVEL_RULES:
        if rule.code == code and rule.applies_on(on):
            return rule.level
    raise ValidationError(f"Mã đối tượng “{code}” không hợp lệ tại ngày {on:%d/%m/%Y}.")
