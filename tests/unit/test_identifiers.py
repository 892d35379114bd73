"""Identifiers of people, cards and facilities (vssid/registry/identifiers.py).

Source: DOMAIN.md §1 "Identifiers":
- "Mã số BHXH: 10 digits, one per person for life; no published check digit, so
  validate format only (^\\d{10}$). It is the login id; VssID also accepts the 12-digit
  CCCD (citizen id) number as login id."
- "Legacy card code (QĐ 1351/QĐ-BHXH, 2015): 15 characters XX Y ZZ NNNNNNNNNN = object
  code (2 letters) + benefit level (1 digit, 1–5) + province code (2 digits) + mã số
  BHXH (10 digits). Example HS4010120878811. Clinics' software still reads it, and
  accepts 10 or 15 characters."
- "Facility code (mã cơ sở KCB): 5 characters = 2-digit province + 3 digits (e.g.
  79011); shown as 79 - 011 in the QR."
- "Legacy cards carry the 63 pre-2025 codes (e.g. 02 Hà Giang, 74 Bình Dương)."
DOMAIN.md §9: the gateway rejects a wrong province code (052, characters 4–5) and a
wrong benefit code (053, character 3), which the messages here mirror.
"""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vssid.core.errors import DomainError, ValidationError
from vssid.registry.identifiers import (
    LegacyCardCode,
    format_facility_code_qr,
    is_login_id,
    parse_legacy_card_code,
    validate_card_code,
    validate_cccd,
    validate_facility_code,
    validate_ma_so,
)
from vssid.registry.object_codes import OBJECT_CODES
from vssid.registry.provinces_legacy import PROVINCES_2025, PROVINCES_LEGACY

ten_digits = st.text(alphabet="0123456789", min_size=10, max_size=10)

# Non-ASCII digits: Python's \d would accept these, the registry does not.
ARABIC_INDIC_TEN = "٠١٢٣٤٥٦٧٨٩"
FULLWIDTH_TEN = "０１２３４５６７８９"


class TestMaSo:
    @pytest.mark.parametrize("text", ["0120878811", " 0120878811 ", "012 087 8811", "0120\t878811"])
    def test_ten_digits_spaces_removed(self, text):
        assert validate_ma_so(text) == "0120878811"

    @pytest.mark.parametrize(
        "text", ["012087881", "01208788111", "012087881A", "HS4010120878811", "0120-878-811",
                 ARABIC_INDIC_TEN, FULLWIDTH_TEN, "-120878811"],
    )
    def test_anything_else_is_rejected_in_vietnamese(self, text):
        with pytest.raises(ValidationError) as caught:
            validate_ma_so(text)
        assert caught.value.message == "Mã số BHXH phải gồm đúng 10 chữ số."
        assert isinstance(caught.value, DomainError)

    @pytest.mark.parametrize("text", ["", "   "])
    def test_empty_input_asks_for_the_number(self, text):
        with pytest.raises(ValidationError, match="Vui lòng nhập mã số BHXH"):
            validate_ma_so(text)

    @given(ten_digits)
    def test_every_ten_digit_string_is_accepted(self, digits):
        assert validate_ma_so(digits) == digits


class TestCccd:
    def test_twelve_digits(self):
        assert validate_cccd("001094012345") == "001094012345"
        assert validate_cccd(" 0010 9401 2345 ") == "001094012345"

    @pytest.mark.parametrize("text", ["00109401234", "0010940123456", "00109401234X", "0120878811", "٠٠١٠٩٤٠١٢٣٤٥"])
    def test_anything_else_is_rejected(self, text):
        with pytest.raises(ValidationError, match="Số CCCD phải gồm đúng 12 chữ số"):
            validate_cccd(text)

    def test_empty(self):
        with pytest.raises(ValidationError, match="Vui lòng nhập số CCCD"):
            validate_cccd("")


class TestLoginId:
    """DOMAIN.md §7: "mã số BHXH (or CCCD) + password"."""

    def test_tells_ma_so_from_cccd(self):
        assert is_login_id("0120878811") == "ma_so"
        assert is_login_id(" 001 094 012 345 ") == "cccd"

    @pytest.mark.parametrize("text", ["", "12345678901", "HS4010120878811", "abc", "01208788", FULLWIDTH_TEN])
    def test_neither(self, text):
        assert is_login_id(text) is None


class TestLegacyCardCode:
    def test_the_example_of_domain_md(self):
        card = parse_legacy_card_code("HS4010120878811")
        assert card == LegacyCardCode(object_code="HS", benefit_level=4, province_code="01", ma_so="0120878811")
        assert card.code == "HS4010120878811"
        assert PROVINCES_LEGACY[card.province_code] == "Hà Nội"

    @pytest.mark.parametrize("text", ["hs4010120878811", "HS 4 01 0120878811", " HS4010120878811\n"])
    def test_case_and_spaces_are_forgiven(self, text):
        assert parse_legacy_card_code(text).code == "HS4010120878811"

    def test_pre_2025_province_codes_are_read(self):
        # 74 Bình Dương and 02 Hà Giang no longer exist as provinces but stay on old cards.
        assert parse_legacy_card_code("DN4740123456789").province_code == "74"
        assert parse_legacy_card_code("GD4020123456789").province_code == "02"

    def test_level_is_not_tied_to_the_object_code(self):
        # One person in several groups is insured under one code at the highest level.
        assert parse_legacy_card_code("DN1790123456789").benefit_level == 1

    @pytest.mark.parametrize("level", ["0", "6", "9"])
    def test_benefit_level_outside_1_to_5(self, level):
        with pytest.raises(ValidationError, match="Mức hưởng"):
            parse_legacy_card_code(f"HS{level}010120878811")

    @pytest.mark.parametrize("province", ["00", "03", "97", "99"])
    def test_unknown_province(self, province):
        with pytest.raises(ValidationError, match=f"Mã tỉnh “{province}”"):
            parse_legacy_card_code(f"HS4{province}0120878811")

    @pytest.mark.parametrize("code", ["ZZ", "AB", "XX"])
    def test_unknown_object_code(self, code):
        with pytest.raises(ValidationError, match=f"Mã đối tượng “{code}”"):
            parse_legacy_card_code(f"{code}4010120878811")

    @pytest.mark.parametrize("text", ["HS401012087881", "HS40101208788111", "H54010120878811", "HSA010120878811",
                                      "0120878811", "HS4O10120878811"])
    def test_malformed(self, text):
        with pytest.raises(ValidationError, match="15 ký tự"):
            parse_legacy_card_code(text)

    @given(st.sampled_from(sorted(OBJECT_CODES)), st.integers(1, 5), st.sampled_from(sorted(PROVINCES_LEGACY)), ten_digits)
    def test_round_trip(self, object_code, level, province, ma_so):
        card = LegacyCardCode(object_code, level, province, ma_so)
        assert parse_legacy_card_code(card.code) == card
        assert validate_card_code(card.code) == ma_so


class TestCardCode:
    def test_ten_or_fifteen_characters_give_the_ma_so(self):
        assert validate_card_code("0120878811") == "0120878811"
        assert validate_card_code("HS4010120878811") == "0120878811"
        assert validate_card_code("hs 4 01 0120878811") == "0120878811"

    @pytest.mark.parametrize("text", ["012087881", "01208788111", "HS40101208788", "001094012345"])
    def test_other_lengths(self, text):
        with pytest.raises(ValidationError, match="10 chữ số .* hoặc 15 ký tự"):
            validate_card_code(text)

    def test_bad_fifteen_character_code_explains_what_is_wrong(self):
        with pytest.raises(ValidationError, match="Mức hưởng"):
            validate_card_code("HS7010120878811")

    def test_bad_ten_character_code(self):
        with pytest.raises(ValidationError, match="10 chữ số"):
            validate_card_code("HS40101208")

    def test_empty(self):
        with pytest.raises(ValidationError, match="Vui lòng nhập mã thẻ BHYT"):
            validate_card_code(" ")


class TestFacilityCode:
    @pytest.mark.parametrize("text", ["79011", " 79011 ", "79 - 011", "79-011", "79–011", "79 011"])
    def test_forms_clinics_software_reads(self, text):
        # The Inventec HIS QR parser accepts "-", "–" or a space between the two parts.
        assert validate_facility_code(text) == "79011"

    def test_pre_2025_province_prefix_is_valid(self):
        assert validate_facility_code("74001") == "74001"  # Bình Dương, merged into 79 in 2025

    @pytest.mark.parametrize("text", ["7901", "790111", "79O11", "7901A", "٧٩٠١١"])
    def test_malformed(self, text):
        with pytest.raises(ValidationError, match="gồm 5 chữ số"):
            validate_facility_code(text)

    def test_unknown_province(self):
        with pytest.raises(ValidationError, match="Mã tỉnh “00”"):
            validate_facility_code("00011")

    def test_empty(self):
        with pytest.raises(ValidationError, match="Vui lòng nhập mã cơ sở"):
            validate_facility_code(" - ")

    def test_qr_form(self):
        # DOMAIN.md §3 field 5: "79 - 011".
        assert format_facility_code_qr("79011") == "79 - 011"
        assert format_facility_code_qr("01-832") == "01 - 832"
        with pytest.raises(ValidationError):
            format_facility_code_qr("7901")


class TestProvinces:
    """DOMAIN.md §1 "Province codes"."""

    def test_63_legacy_provinces(self):
        assert len(PROVINCES_LEGACY) == 63
        assert PROVINCES_LEGACY["01"] == "Hà Nội"
        assert PROVINCES_LEGACY["02"] == "Hà Giang"
        assert PROVINCES_LEGACY["74"] == "Bình Dương"
        assert PROVINCES_LEGACY["79"] == "Hồ Chí Minh"
        assert PROVINCES_LEGACY["96"] == "Cà Mau"

    def test_34_provinces_since_1_july_2025(self):
        # Nghị quyết 202/2025/QH15; codes per QĐ 19/2025/QĐ-TTg, as listed in DOMAIN.md §1.
        assert sorted(PROVINCES_2025) == [
            "01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33", "37", "38", "40",
            "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79", "80", "82", "86", "91", "92", "96",
        ]
        assert PROVINCES_2025["44"] == "Quảng Trị" and PROVINCES_LEGACY["44"] == "Quảng Bình"
        assert PROVINCES_2025["46"] == "Huế"

    def test_every_2025_code_is_also_a_legacy_code(self):
        # Each merged province kept one predecessor's code, so validation by the legacy
        # table also accepts every current code.
        assert set(PROVINCES_2025) <= set(PROVINCES_LEGACY)

    def test_codes_are_two_digits_and_names_unique(self):
        for table in (PROVINCES_LEGACY, PROVINCES_2025):
            assert all(len(code) == 2 and code.isdigit() for code in table)
            assert len(set(table.values())) == len(table)
