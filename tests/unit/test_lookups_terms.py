"""How a typed query becomes search terms, and the links a directory entry offers.

Source: the look-ups issue ("benh vien cho ray", "BV Chợ Rẫy" and "Chợ Rẫy" all find
Bệnh viện Chợ Rẫy; map links open the phone's map app with a Google Maps fallback;
phone numbers are tel: links).
"""
from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from vssid.lookups.search import Terms, include_name, parse_terms
from vssid.lookups.services import map_links, tel_href


@pytest.mark.parametrize("query", ["benh vien cho ray", "BV Chợ Rẫy", "Bệnh viện CHỢ RẪY", "bv  cho   ray "])
def test_spellings_of_cho_ray_give_the_same_words(query):
    assert set(parse_terms(query).words) == {"benh", "vien", "cho", "ray"}


def test_the_word_being_typed_is_a_prefix():
    terms = parse_terms("benh vien cho ra")
    assert terms == Terms(("benh", "vien", "cho", "ra"), prefix=True)
    assert terms.fts5() == '"benh" "vien" "cho" "ra"*'
    assert terms.tsquery() == "benh & vien & cho & ra:*"


def test_a_finished_word_is_not_a_prefix():
    assert parse_terms("cho ray ").prefix is False


def test_an_abbreviation_is_a_whole_word_not_a_prefix():
    # "BV" was typed in full: it means "bệnh viện", not words starting with "vien".
    assert parse_terms("cho ray bv") == Terms(("cho", "ray", "benh", "vien"), prefix=False)


def test_one_unfinished_letter_is_ignored_until_a_second_is_typed():
    assert parse_terms("cho r") == Terms(("cho",), prefix=False)
    assert parse_terms("c") is None


@pytest.mark.parametrize("query", ["", "   ", "!!!", "—", None])
def test_nothing_to_search(query):
    assert parse_terms(query) is None


def test_punctuation_and_quotes_cannot_break_the_match_syntax():
    terms = parse_terms('"Chợ" OR NEAR(ray) * -x')
    assert all(word.isalnum() for word in terms.words)
    assert '"' not in "".join(terms.words)
    assert terms.fts5().count('"') == 2 * len(terms.words)


def test_repeated_words_are_asked_once():
    assert parse_terms("benh vien benh vien ").words == ("benh", "vien")


def test_codes_and_tax_numbers_are_words():
    assert parse_terms("0301234567-001").words == ("0301234567", "001")
    assert parse_terms("79011").words == ("79011",)


def test_very_long_queries_are_bounded():
    terms = parse_terms("tram y te " * 100)
    assert len(terms.words) <= 12


def test_migration_only_search_objects_are_hidden_from_autogenerate():
    assert include_name("lookup_fts_facility", "table", {}) is False
    assert include_name("lookup_fts_facility_data", "table", {}) is False
    assert include_name("lookup_fts_employer_search_text", "index", {}) is False
    assert include_name("facility", "table", {}) is True
    assert include_name("ix_facility_province_code", "index", {}) is True


def test_map_links_with_coordinates_pin_the_place():
    links = map_links(name="Bệnh viện Chợ Rẫy", address="201B Nguyễn Chí Thanh",
                      latitude=Decimal("10.757000"), longitude=Decimal("106.659000"))
    assert links.geo.startswith("geo:10.757,106.659?q=10.757,106.659(")
    assert unquote(links.geo).endswith("(Bệnh viện Chợ Rẫy)")
    parts = urlsplit(links.web)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.google.com", "/maps/search/")
    assert parse_qs(parts.query) == {"api": ["1"], "query": ["10.757,106.659"]}


def test_map_links_without_coordinates_search_the_address():
    links = map_links(name="Bưu điện Bến Thành", address="Số 1  Lê Lợi", latitude=None, longitude=None)
    assert unquote(links.geo) == "geo:0,0?q=Bưu điện Bến Thành, Số 1 Lê Lợi"
    assert parse_qs(urlsplit(links.web).query)["query"] == ["Bưu điện Bến Thành, Số 1 Lê Lợi"]


@pytest.mark.parametrize("phone, href", [
    ("028 3855 4137", "tel:02838554137"),
    ("0283.855.4137", "tel:02838554137"),
    ("+84 28 3855 4137", "tel:+842838554137"),
    ("1900 9068", "tel:19009068"),
    ("", None),
    (None, None),
    ("không có", None),
])
def test_phone_numbers_become_tel_links(phone, href):
    assert tel_href(phone) == href


def test_frequent_words_are_checked_on_rows_when_a_rarer_word_drives_the_index():
    frequent = frozenset({"cong", "ty", "tnhh"})
    indexed, checked = parse_terms("cong ty tnhh may viet tien").split(frequent)
    assert indexed == Terms(("may", "viet", "tien"), prefix=True) and checked == ("cong", "ty", "tnhh")
    # Only frequent words: the index must do it all.
    assert parse_terms("cong ty tnhh ").split(frequent) == (Terms(("cong", "ty", "tnhh"), False), ())
    # The unfinished word stays in the index query even when it is a frequent word.
    indexed, checked = parse_terms("may viet tien cong").split(frequent)
    assert indexed == Terms(("may", "viet", "tien", "cong"), prefix=True) and checked == ()


def test_a_short_unfinished_word_alone_cannot_drive_the_index():
    frequent = frozenset({"cong", "ty"})
    assert parse_terms("cong ty xay").split(frequent) == (Terms(("cong", "ty", "xay"), True), ())
    indexed, checked = parse_terms("cong ty xay d").split(frequent)  # "d" dropped, "xay" finished
    assert indexed == Terms(("xay",), False) and checked == ("cong", "ty")
    indexed, checked = parse_terms("cong ty thanh").split(frequent)
    assert indexed == Terms(("thanh",), True) and checked == ("cong", "ty")
