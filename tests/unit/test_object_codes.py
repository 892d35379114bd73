"""Object codes and benefit levels, effective-dated (vssid/registry/object_codes.py).

Source: DOMAIN.md §2 "Benefit levels (mức hưởng) and object codes (mã đối tượng)",
citing QĐ 1351/QĐ-BHXH as amended by QĐ 1018/QĐ-BHXH (2024), and Nghị quyết
261/2025/QH15 with Công văn 38/BYT-BH for 2026:

| 1 | 100%, no cap ...; transport          | CC, TE |
| 2 | 100% with the usual caps; transport  | CK, CB, KC, HN, DT, DK, XD, BT, TS, CT; from 01/01/2026 also CN, LH |
| 3 | 95%                                  | HT, TC; CN until 31/12/2025 |
| 4 | 80%                                  | DN, HX, CH, NN, TK, HC, XK, TB, NO, XB, TN, CS, XN, MS, HD, TQ, TA, TY, HG, LS, PV, HS, SV, GB, GD |
| 5 | 100% incl. costs outside BHYT scope  | QN, CA, CY |
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vssid.core.errors import ValidationError
from vssid.registry.object_codes import (
    BENEFIT_LEVEL_MEANING_VI,
    BENEFIT_LEVEL_RULES,
    OBJECT_CODE_MEANING_VI,
    OBJECT_CODES,
    benefit_level_for,
)

LAST_DAY_OF_2025 = dt.date(2025, 12, 31)
FIRST_DAY_OF_2026 = dt.date(2026, 1, 1)

# DOMAIN.md §2, copied from the table, for the days before and after 01/01/2026.
TABLE_2025 = {
    1: "CC TE",
    2: "CK CB KC HN DT DK XD BT TS CT",
    3: "HT TC CN",
    4: "DN HX CH NN TK HC XK TB NO XB TN CS XN MS HD TQ TA TY HG LS PV HS SV GB GD",
    5: "QN CA CY",
}
TABLE_2026 = {**TABLE_2025, 2: TABLE_2025[2] + " CN LH", 3: "HT TC"}


def expected(table: dict[int, str]) -> dict[str, int]:
    return {code: level for level, codes in table.items() for code in codes.split()}


@pytest.mark.parametrize(("table", "day"), [(TABLE_2025, LAST_DAY_OF_2025), (TABLE_2025, dt.date(2015, 12, 1)),
                                            (TABLE_2026, FIRST_DAY_OF_2026), (TABLE_2026, dt.date(2030, 6, 1))])
def test_every_code_has_the_level_of_the_table(table, day):
    levels = {code: benefit_level_for(code, on=day) for code in expected(table)}
    assert levels == expected(table)


def test_near_poor_households_move_from_95_to_100_percent_on_1_january_2026():
    assert benefit_level_for("CN", on=LAST_DAY_OF_2025) == 3
    assert benefit_level_for("CN", on=FIRST_DAY_OF_2026) == 2


def test_lh_exists_only_from_2026():
    assert benefit_level_for("LH", on=FIRST_DAY_OF_2026) == 2
    with pytest.raises(ValidationError, match="Mã đối tượng “LH” không hợp lệ tại ngày 31/12/2025"):
        benefit_level_for("LH", on=LAST_DAY_OF_2025)


def test_codes_are_read_case_insensitively():
    assert benefit_level_for(" hs ", on=FIRST_DAY_OF_2026) == 4


@pytest.mark.parametrize("code", ["ZZ", "", "H", "HSX"])
def test_unknown_codes_are_rejected_in_vietnamese(code):
    with pytest.raises(ValidationError, match="Mã đối tượng"):
        benefit_level_for(code, on=FIRST_DAY_OF_2026)


def test_on_is_keyword_only():
    with pytest.raises(TypeError):
        benefit_level_for("HS", FIRST_DAY_OF_2026)  # type: ignore[misc]


def test_all_codes_of_the_table_and_no_others():
    assert OBJECT_CODES == set(expected(TABLE_2026))
    assert len(OBJECT_CODES) == 2 + 12 + 2 + 25 + 3


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_at_most_one_rule_applies_to_a_code_on_any_day(day):
    for code in OBJECT_CODES:
        assert sum(rule.applies_on(day) for rule in BENEFIT_LEVEL_RULES if rule.code == code) <= 1


def test_rules_are_well_formed():
    for rule in BENEFIT_LEVEL_RULES:
        assert len(rule.code) == 2 and rule.code.isupper()
        assert rule.level in BENEFIT_LEVEL_MEANING_VI
        if rule.valid_from and rule.valid_to:
            assert rule.valid_from <= rule.valid_to


def test_rule_bounds_are_inclusive():
    cn_level_3 = next(rule for rule in BENEFIT_LEVEL_RULES if rule.code == "CN" and rule.level == 3)
    assert cn_level_3.valid_to == LAST_DAY_OF_2025
    assert cn_level_3.applies_on(LAST_DAY_OF_2025)
    assert not cn_level_3.applies_on(FIRST_DAY_OF_2026)


class TestMeanings:
    def test_level_meanings_state_what_is_paid(self):
        assert BENEFIT_LEVEL_MEANING_VI[4] == "Được thanh toán 80% chi phí KCB trong phạm vi hưởng BHYT"
        assert BENEFIT_LEVEL_MEANING_VI[3] == "Được thanh toán 95% chi phí KCB trong phạm vi hưởng BHYT"
        assert "100%" in BENEFIT_LEVEL_MEANING_VI[1] and "không giới hạn" in BENEFIT_LEVEL_MEANING_VI[1]
        assert "100%" in BENEFIT_LEVEL_MEANING_VI[2] and "có giới hạn" in BENEFIT_LEVEL_MEANING_VI[2]
        assert "ngoài phạm vi hưởng BHYT" in BENEFIT_LEVEL_MEANING_VI[5]
        for level in (1, 2, 5):
            assert "vận chuyển" in BENEFIT_LEVEL_MEANING_VI[level]
        assert sorted(BENEFIT_LEVEL_MEANING_VI) == [1, 2, 3, 4, 5]

    def test_the_codes_domain_md_explains_have_a_meaning(self):
        # DOMAIN.md §2: "DN employee of an enterprise; HC civil servant; HT pensioner;
        # TE child under 6; HS pupil; SV student; GD household participant; HN poor
        # household; CN near-poor household; CC revolutionary contributor; QN soldier;
        # CA police."
        assert set(OBJECT_CODE_MEANING_VI) == set("DN HC HT TE HS SV GD HN CN CC QN CA".split())
        assert set(OBJECT_CODE_MEANING_VI) <= OBJECT_CODES
        assert OBJECT_CODE_MEANING_VI["TE"] == "Trẻ em dưới 6 tuổi"
        assert OBJECT_CODE_MEANING_VI["CN"] == "Người thuộc hộ gia đình cận nghèo"
