"""Pure rules of the hospital gateway (DOMAIN.md §9; vssid/gateway/rules.py)."""
from __future__ import annotations

import datetime as dt

import pytest

from vssid.core.errors import ValidationError
from vssid.gateway import rules


@pytest.mark.parametrize(("sent", "registered", "verdict"), [
    ("Trần Văn A", "Trần Văn A", None),
    ("TRẦN  văn a", "Trần Văn A", None),
    ("Trần Văn Â", "Trần Văn A", "061"),
    ("Tran Van A", "Trần Văn A", "061"),  # diacritics count
    ("Lê Văn A", "Trần Văn A", "060"),
])
def test_name_verdicts(sent, registered, verdict):
    assert rules.name_verdict(sent, registered) == verdict


@pytest.mark.parametrize(("code", "verdict"), [
    ("HS4790123456789", "051"), ("DN3790123456789", "053"), ("DN4010123456789", "052"), ("DN4790123456789", None),
])
def test_which_part_of_a_legacy_code_is_wrong(code, verdict):
    assert rules.code_parts_verdict(code, object_code="DN", benefit_level=4, province_code="79") == verdict


def test_clerk_verdicts():
    assert rules.clerk_verdict(sent_name="Nguyễn Thị Lan", registered_name=None) == "054"
    assert rules.clerk_verdict(sent_name="Nguyễn Thị Hoa", registered_name="Nguyễn Thị Lan") == "055"
    assert rules.clerk_verdict(sent_name="nguyễn thị lan", registered_name="Nguyễn Thị Lan") is None


GOOD = {"maThe": "7901234567", "hoTen": "Trần Văn A", "ngaySinh": "05/03/1994", "hoTenCb": "Lan",
        "cccdCb": "079190001234"}


@pytest.mark.parametrize(("field", "value"), [
    ("maThe", "790123456"), ("maThe", "DN47901234567"), ("maThe", None), ("hoTen", "   "), ("hoTen", "A" * 121),
    ("ngaySinh", "1994-03-05"), ("ngaySinh", "30/02/1994"), ("cccdCb", "0791900012345"), ("hoTenCb", ["Lan"]),
])
def test_bad_parameters_name_the_field(field, value):
    with pytest.raises(rules.BadParameter) as caught:
        rules.parse_lookup({**GOOD, field: value})
    assert caught.value.field == field


def test_good_parameters_are_normalised():
    sent = rules.parse_lookup({**GOOD, "maThe": " dn4 79 0123456789 ", "cccdCb": "079 190 001 234"})
    assert (sent.card_code, sent.ma_so, sent.clerk_cccd) == ("DN4790123456789", "0123456789", "079190001234")
    assert rules.parse_lookup({**GOOD, "ngaySinh": "1994"}).birth.format() == "1994"


def test_the_note_reads_like_vss():
    note = rules.card_note("000", full_name="Trần Văn A", birth="05/03/1994", gender=1, address="Hà Nội",
                           facility_code="01832", valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2024, 12, 31),
                           five_years=dt.date(2025, 6, 1), today=dt.date(2024, 6, 1))
    assert note == ("Thẻ còn giá trị sử dụng! Họ tên : Trần Văn A, Ngày sinh: 05/03/1994, Giới tính : Nam! "
                    "(ĐC: Hà Nội; Nơi KCBBĐ: 01832; Hạn thẻ: 01/01/2024 - 31/12/2024; "
                    "Thời điểm đủ 5 năm liên tục: 01/06/2025).")
    later = rules.card_note("010", full_name="Lê Thị B", birth="1980", gender=2, address="Huế", facility_code="46001",
                            valid_from=dt.date(2025, 1, 1), valid_to=dt.date(2025, 12, 31), five_years=None,
                            today=dt.date(2024, 6, 1))
    assert later.startswith("Thẻ chưa đến ngày sử dụng! Họ tên : Lê Thị B, Ngày sinh: 1980, Giới tính : Nữ!")
    assert "5 năm" not in later


def test_dates_and_times_formats():
    moment = dt.datetime(2026, 3, 5, 1, 30, tzinfo=dt.timezone.utc)
    assert rules.moment_text(moment) == "202603050830"  # Vietnam time
    assert rules.expires_text(moment) == "2026-03-05T01:30:00Z"
    assert rules.verdict_for_dates(valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 3, 5),
                                   today=dt.date(2026, 3, 5)) == "000"
    assert rules.verdict_for_dates(valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 3, 5),
                                   today=dt.date(2026, 3, 6)) == "010"


def test_passwords_are_md5_hex_strings():
    assert rules.md5_hex("123456") == "e10adc3949ba59abbe56e057f20f883e"
    assert rules.normalise_password("E10ADC3949BA59ABBE56E057F20F883E") == "e10adc3949ba59abbe56e057f20f883e"
    assert rules.normalise_password("123456") is None and rules.normalise_password(None) is None


@pytest.mark.parametrize(("value", "normal"), [
    ("203.0.113.7", "203.0.113.7"), (" 203.0.113.0/28 ", "203.0.113.0/28"), ("203.0.113.7/32", "203.0.113.7"),
    ("2001:db8::1", "2001:db8::1"), ("2001:db8:0:100::/56", "2001:db8:0:100::/56"),
])
def test_addresses_are_normalised(value, normal):
    assert rules.normalise_address(value) == normal


@pytest.mark.parametrize("value", ["", "203.0.113", "203.0.113.1/28", "10.0.0.0/8", "0.0.0.0/0", "2001:db8::/32",
                                   "bv.example.vn"])
def test_bad_or_too_wide_addresses_are_refused(value):
    with pytest.raises(ValidationError):
        rules.normalise_address(value)


def test_address_matching():
    registered = ["203.0.113.7", "198.51.100.0/28"]
    assert rules.address_allowed("203.0.113.7", registered)
    assert rules.address_allowed("198.51.100.15", registered)
    assert not rules.address_allowed("198.51.100.16", registered)
    assert not rules.address_allowed("", registered) and not rules.address_allowed("203.0.113.8", registered)


@pytest.mark.parametrize(("value", "ok"), [("79014_bv", "79014_BV"), ("79014_BVDK_2", "79014_BVDK_2")])
def test_usernames(value, ok):
    assert rules.validate_username(value, facility_code="79014") == ok


@pytest.mark.parametrize("value", ["79014", "79014_", "01832_BV", "79014-BV", "79014_BỆNH"])
def test_bad_usernames(value):
    with pytest.raises(ValidationError):
        rules.validate_username(value, facility_code="79014")


@pytest.mark.parametrize(("field", "value"), [("hoTen", "Trần\x00Văn A"), ("hoTenCb", "Lan\u200b"), ("hoTenCb", "Lan\x07")])
def test_control_characters_are_bad_parameters(field, value):
    with pytest.raises(rules.BadParameter):
        rules.parse_lookup({**GOOD, field: value})


def test_what_refused_callers_sent_is_logged_printable():
    assert rules.printable("79014_BV\x00\U000f83c6xyzxyzxyzxyzxyz", 20) == "79014_BV??xyzxyzxyzx"
    assert not rules.looks_like_username("79014_BV\x00")
