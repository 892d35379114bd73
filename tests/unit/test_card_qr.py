"""The health card's QR text (vssid/card/qr.py).

Source: DOMAIN.md §3 "The card's QR code (read by clinics' software)": "A |-separated
text ending in $, fields in this order (as read by hospital information systems, e.g.
the open-source Inventec HIS parser)": 0 card code (10 digits or 15 characters legacy);
1 full name, hex of the UTF-8 bytes (Đ -> c490, space -> 20); 2 date of birth dd/mm/yyyy
or yyyy; 3 gender 1 male, 2 female; 4 address hex or -; 5 initial facility "79 - 011";
6 valid from; 7 valid to; 8 issue date; 9 VSS manager code, often empty; 10 parent or
guardian name hex or -; 11 K1/K2/K3 or empty; 12 5-consecutive-years date; 13 reserved,
empty; then $. "Decode defensively; encode exactly this."
Card contents per QĐ 1666/QĐ-BHXH (card since 01/04/2021) and the legacy 15-character
code per QĐ 1351/QĐ-BHXH (DOMAIN.md §1).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vssid.card.qr import CardQR, decode, encode
from vssid.core.dates import BirthDate
from vssid.core.errors import ValidationError
from vssid.registry.object_codes import OBJECT_CODES
from vssid.registry.provinces_legacy import PROVINCES_LEGACY

# "Đỗ Thị Hà", byte by byte:
#   Đ U+0110 -> c4 90 | ỗ U+1ED7 -> e1 bb 97 | space -> 20
#   T -> 54 | h -> 68 | ị U+1ECB -> e1 bb 8b | space -> 20
#   H -> 48 | à U+00E0 -> c3 a0
NAME_HEX = "c490" "e1bb97" "20" "54" "68" "e1bb8b" "20" "48" "c3a0"
# "Hà Nội": H 48 | à c3 a0 | space 20 | N 4e | ộ U+1ED9 e1 bb 99 | i 69
ADDRESS_HEX = "48" "c3a0" "20" "4e" "e1bb99" "69"
# "Đỗ Văn Nam": Đ c490 | ỗ e1bb97 | 20 | V 56 | ă U+0103 c4 83 | n 6e | 20 | N 4e | a 61 | m 6d
GUARDIAN_HEX = "c490" "e1bb97" "20" "56" "c483" "6e" "20" "4e" "61" "6d"


def child_card(**changes) -> CardQR:
    values = dict(
        card_code="HS4010120878811",
        full_name="Đỗ Thị Hà",
        birth=BirthDate(2010, 3, 5),
        gender=2,
        address="Hà Nội",
        facility_code="01011",
        valid_from=dt.date(2025, 1, 1),
        valid_to=dt.date(2025, 12, 31),
        issue_date=dt.date(2024, 12, 15),
        manager_code="",
        guardian_name="Đỗ Văn Nam",
        area_code="",
        five_years_date=dt.date(2026, 1, 1),
    )
    values.update(changes)
    return CardQR(**values)


EXPECTED = (
    f"HS4010120878811|{NAME_HEX}|05/03/2010|2|{ADDRESS_HEX}|01 - 011|01/01/2025|31/12/2025|15/12/2024"
    f"||{GUARDIAN_HEX}||01/01/2026|$"
)


class TestEncode:
    def test_worked_example(self):
        assert encode(child_card()) == EXPECTED

    def test_fourteen_fields_then_dollar(self):
        text = encode(child_card())
        assert text.endswith("|$")
        assert len(text.removesuffix("$").split("|")) == 14

    def test_hex_is_lower_case_utf8_of_the_name_as_written(self):
        # The card prints the name in capitals; the QR carries whatever name it is given.
        text = encode(child_card(full_name="NGUYỄN VĂN A"))
        assert text.split("|")[1] == "4e475559" "e1bb84" "4e" "20" "56" "c482" "4e" "20" "41"

    def test_empty_address_and_guardian_are_dashes_and_optional_fields_empty(self):
        card = child_card(card_code="0120878811", address=None, guardian_name=None, five_years_date=None,
                          area_code="K2", manager_code="79A12", facility_code="79011", birth=BirthDate(1965))
        assert encode(card) == (
            f"0120878811|{NAME_HEX}|1965|2|-|79 - 011|01/01/2025|31/12/2025|15/12/2024|79A12|-|K2||$"
        )

    def test_decomposed_names_are_encoded_precomposed(self):
        nfd = unicodedata.normalize("NFD", "Đỗ Thị Hà")
        assert encode(child_card(full_name=nfd)) == EXPECTED

    def test_blank_address_counts_as_none(self):
        assert child_card(address="   ").address is None
        assert encode(child_card(address="  ")).split("|")[4] == "-"

    def test_month_and_year_birth(self):
        # Not in DOMAIN.md §3 (which lists dd/mm/yyyy or yyyy); written mm/yyyy, which
        # the Inventec parser splits on "/" like the other forms.
        assert encode(child_card(birth=BirthDate(1970, 3))).split("|")[2] == "03/1970"


class TestCardValues:
    def test_canonical_form(self):
        card = child_card(card_code=" hs4010120878811 ", full_name="  Đỗ   Thị Hà ", facility_code="01 - 011",
                          area_code="k1", manager_code=" 79A12 ")
        assert (card.card_code, card.full_name, card.facility_code, card.area_code, card.manager_code) == (
            "HS4010120878811", "Đỗ Thị Hà", "01011", "K1", "79A12")

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"card_code": "HS40101208788"}, "Mã thẻ BHYT"),
            ({"card_code": "ZZ4010120878811"}, "Mã đối tượng"),
            ({"full_name": "  "}, "Họ và tên"),
            ({"gender": 0}, "Giới tính"),
            ({"gender": 3}, "Giới tính"),
            ({"facility_code": "7901"}, "Mã cơ sở khám chữa bệnh"),
            ({"valid_to": dt.date(2024, 12, 31)}, "Ngày hết hạn"),
            ({"area_code": "K4"}, "Mã nơi sinh sống"),
            ({"manager_code": "79|12"}, "Mã quản lý"),
            ({"manager_code": "7912$"}, "Mã quản lý"),
        ],
    )
    def test_invalid_values_are_refused_in_vietnamese(self, changes, message):
        with pytest.raises(ValidationError, match=message):
            child_card(**changes)

    def test_is_immutable(self):
        with pytest.raises(dataclasses.FrozenInstanceError):
            child_card().gender = 1  # type: ignore[misc]


class TestDecode:
    def test_worked_example(self):
        assert decode(EXPECTED) == child_card()

    def test_upper_case_hex(self):
        assert decode(EXPECTED.replace(NAME_HEX, NAME_HEX.upper())) == child_card()

    def test_missing_dollar_and_surrounding_whitespace(self):
        assert decode(" " + EXPECTED.removesuffix("$") + "\r\n") == child_card()

    def test_extra_trailing_fields_such_as_a_checksum(self):
        # DOMAIN.md §3: "Unconfirmed: a checksum in field 13".
        assert decode(EXPECTED.replace("|$", "|0d9e5b7a3d2e6c1b-D|4|$")) == child_card()

    def test_missing_trailing_fields(self):
        text = f"0120878811|{NAME_HEX}|1965|1|-|79 - 011|01/01/2025|31/12/2025|15/12/2024"
        card = decode(text)
        assert (card.manager_code, card.guardian_name, card.area_code, card.five_years_date) == ("", None, "", None)

    def test_ten_digit_code_and_year_only_birth(self):
        card = decode(f"0120878811|{NAME_HEX}|1965|1|-|79 - 011|01/01/2025|31/12/2025|15/12/2024||-|K3||$")
        assert card.card_code == "0120878811"
        assert card.birth == BirthDate(1965)
        assert (card.gender, card.address, card.guardian_name, card.area_code) == (1, None, None, "K3")

    @pytest.mark.parametrize("facility", ["79 - 011", "79-011", "79–011", "79 011", "79011"])
    def test_facility_separators_hospital_software_tolerates(self, facility):
        text = f"0120878811|{NAME_HEX}|1965|1|-|{facility}|01/01/2025|31/12/2025|15/12/2024||-|||$"
        assert decode(text).facility_code == "79011"

    def test_one_digit_days_and_months(self):
        text = f"0120878811|{NAME_HEX}|5/3/1994|1|-|79 - 011|1/1/2025|31/12/2025|5/12/2024||-||1/6/2025|$"
        card = decode(text)
        assert card.birth == BirthDate(1994, 3, 5)
        assert (card.valid_from, card.issue_date, card.five_years_date) == (
            dt.date(2025, 1, 1), dt.date(2024, 12, 5), dt.date(2025, 6, 1))

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "không phải mã QR của thẻ BHYT"),
            ("https://baohiemxahoi.gov.vn", "không phải mã QR của thẻ BHYT"),
            # A CCCD's QR: 12-digit number|old id|name|birth ddmmyyyy|gender|address|issue date.
            ("001094012345|012345678|Nguyễn Văn A|05031994|Nam|Hà Nội|01012021", "không phải mã QR của thẻ BHYT"),
            ("0120878811|c49|1965|1|-|79 - 011|01/01/2025|31/12/2025|15/12/2024|$", "Họ và tên"),
            ("0120878811|zz|1965|1|-|79 - 011|01/01/2025|31/12/2025|15/12/2024|$", "Họ và tên"),
            ("0120878811|ff|1965|1|-|79 - 011|01/01/2025|31/12/2025|15/12/2024|$", "Họ và tên"),
            ("0120878811||1965|1|-|79 - 011|01/01/2025|31/12/2025|15/12/2024|$", "Họ và tên"),
            (f"0120878811|{NAME_HEX}|1965|1|4x|79 - 011|01/01/2025|31/12/2025|15/12/2024|$", "Địa chỉ"),
            (f"0120878811|{NAME_HEX}|65|1|-|79 - 011|01/01/2025|31/12/2025|15/12/2024|$", "Ngày sinh"),
            (f"0120878811|{NAME_HEX}|1965|Nam|-|79 - 011|01/01/2025|31/12/2025|15/12/2024|$", "Giới tính"),
            (f"0120878811|{NAME_HEX}|1965|1|-|79 - 01|01/01/2025|31/12/2025|15/12/2024|$", "Mã cơ sở"),
            (f"0120878811|{NAME_HEX}|1965|1|-|79 - 011|2025-01-01|31/12/2025|15/12/2024|$", "Ngày bắt đầu"),
            (f"0120878811|{NAME_HEX}|1965|1|-|79 - 011|01/01/2025|31/02/2025|15/12/2024|$", "Ngày hết hạn"),
            (f"0120878811|{NAME_HEX}|1965|1|-|79 - 011|01/01/2025|31/12/2025||$", "Ngày cấp"),
            (f"0120878811|{NAME_HEX}|1965|1|-|79 - 011|01/01/2025|31/12/2025|15/12/2024||zz|||$", "giám hộ"),
            (f"0120878811|{NAME_HEX}|1965|1|-|79 - 011|01/01/2025|31/12/2025|15/12/2024||-|K9||$", "nơi sinh sống"),
            (f"0120878811|{NAME_HEX}|1965|1|-|79 - 011|01/01/2025|31/12/2025|15/12/2024||-||2026|$", "5 năm"),
            (f"012087881|{NAME_HEX}|1965|1|-|79 - 011|01/01/2025|31/12/2025|15/12/2024|$", "Mã thẻ BHYT"),
            (f"HS9010120878811|{NAME_HEX}|1965|1|-|79 - 011|01/01/2025|31/12/2025|15/12/2024|$", "Mức hưởng"),
            (f"0120878811|{NAME_HEX}|1965|1|-|79 - 011|$", "không phải mã QR của thẻ BHYT"),
        ],
    )
    def test_malformed_text_is_refused_in_vietnamese(self, text, message):
        with pytest.raises(ValidationError, match=message):
            decode(text)


# All Vietnamese letters: 12 vowels x (no mark + 5 tone marks) + đ + the other consonants,
# lower and upper case, built explicitly from the combining tone marks.
VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # ngang, sắc, huyền, hỏi, ngã, nặng
LOWER = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + list("bcdđghklmnpqrstvx")
LETTERS = LOWER + [letter.upper() for letter in LOWER]

words = st.text(alphabet=LETTERS, min_size=1, max_size=8)
names = st.lists(words, min_size=1, max_size=5).map(" ".join)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@st.composite
def births(draw):
    day = draw(dates)
    precision = draw(st.sampled_from(["day", "month", "year"]))
    return BirthDate(day.year, None if precision == "year" else day.month, day.day if precision == "day" else None)


@st.composite
def card_codes(draw):
    ma_so = draw(st.text(alphabet="0123456789", min_size=10, max_size=10))
    if draw(st.booleans()):
        return ma_so
    code = draw(st.sampled_from(sorted(OBJECT_CODES)))
    return f"{code}{draw(st.integers(1, 5))}{draw(st.sampled_from(sorted(PROVINCES_LEGACY)))}{ma_so}"


@st.composite
def cards(draw):
    valid_from = draw(dates)
    return CardQR(
        card_code=draw(card_codes()),
        full_name=draw(names),
        birth=draw(births()),
        gender=draw(st.sampled_from([1, 2])),
        address=draw(st.none() | st.text()),  # any text, "|" and "$" included: it is hex-encoded
        facility_code=draw(st.sampled_from(sorted(PROVINCES_LEGACY))) + draw(st.from_regex(r"[0-9]{3}", fullmatch=True)),
        valid_from=valid_from,
        valid_to=draw(st.dates(min_value=valid_from, max_value=dt.date(2100, 12, 31))),
        issue_date=draw(dates),
        manager_code=draw(st.from_regex(r"[0-9A-Z]{0,12}", fullmatch=True)),
        guardian_name=draw(st.none() | names),
        area_code=draw(st.sampled_from(["", "K1", "K2", "K3"])),
        five_years_date=draw(st.none() | dates),
    )


class TestRoundTrip:
    def test_the_alphabet_is_complete(self):
        assert len(LOWER) == 12 * 6 + 17
        assert len(set(LETTERS)) == 2 * len(LOWER)
        assert all(len(letter) == 1 for letter in LETTERS)

    @given(cards())
    def test_decode_inverts_encode(self, card):
        text = encode(card)
        assert decode(text) == card
        assert text.isascii()
        assert text.count("|") == 13 and text.endswith("$")

    @given(cards())
    def test_decoding_forgives_case_and_a_missing_dollar(self, card):
        text = encode(card)
        fields = text.removesuffix("$").split("|")
        fields[1] = fields[1].upper()
        assert decode("|".join(fields)) == card

    @given(names)
    def test_names_with_every_vietnamese_letter(self, name):
        card = child_card(full_name=name, guardian_name=name.lower())
        decoded = decode(encode(card))
        assert decoded.full_name == name
        assert decoded.guardian_name == name.lower()
