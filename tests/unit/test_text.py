"""Accent-insensitive search keys (vssid/core/text.py).

Source: ARCHITECTURE.md "core/ — Vietnamese text folding for search"; the names searched
are those of DOMAIN.md: facilities (§1 "Nơi đăng ký KCB ban đầu", e.g. 79011), provinces
(§1, Nghị quyết 202/2025/QH15), VSS offices (§7). People type without diacritics and
with the abbreviations printed on signs and papers (BV, TTYT, UBND, BHXH ...).
"""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vssid.core.text import expand_abbreviations, fold, search_key

# Vietnamese vowels without tone; each takes six tones: ngang (no mark) and the five
# marked tones sắc, huyền, hỏi, ngã, nặng.
BASE_VOWELS = {"a": "a", "ă": "a", "â": "a", "e": "e", "ê": "e", "i": "i",
               "o": "o", "ô": "o", "ơ": "o", "u": "u", "ư": "u", "y": "y"}
TONE_MARKS = {"sắc": "\u0301", "huyền": "\u0300", "hỏi": "\u0309", "ngã": "\u0303", "nặng": "\u0323"}


def toned(vowel: str, mark: str) -> str:
    return unicodedata.normalize("NFC", vowel + mark)


ALL_TONED_VOWELS = [
    (toned(vowel, mark), base) for vowel, base in BASE_VOWELS.items() for mark in ["", *TONE_MARKS.values()]
]
VIETNAMESE_LETTERS = sorted(
    {v for v, _ in ALL_TONED_VOWELS} | set("bcdđghklmnpqrstvx") | {v.upper() for v, _ in ALL_TONED_VOWELS} | {"Đ"}
)


def matches(query: str, target: str) -> bool:
    """A query matches when every token of its key occurs among the target key's tokens."""
    return set(search_key(query).split()) <= set(search_key(target).split())


class TestFold:
    def test_the_72_toned_vowels_are_single_code_points(self):
        # Guard for the test data itself: 12 vowels x 6 tones, as typed on a Vietnamese
        # keyboard (precomposed, NFC).
        assert len(ALL_TONED_VOWELS) == 72
        assert all(len(letter) == 1 for letter, _ in ALL_TONED_VOWELS)

    @pytest.mark.parametrize(("letter", "base"), ALL_TONED_VOWELS)
    def test_every_vowel_with_every_tone_folds_in_both_cases(self, letter, base):
        assert fold(letter) == base
        assert fold(letter.upper()) == base
        # Decomposed input (NFD, as some phones and PDFs produce) folds the same.
        assert fold(unicodedata.normalize("NFD", letter.upper())) == base

    def test_d_with_stroke_becomes_d(self):
        # đ is a letter of its own in Unicode, not d + a combining mark.
        assert fold("đ") == fold("Đ") == "d"
        assert fold("Đỗ Thị Hà") == "do thi ha"
        assert fold("Đắk Lắk") == "dak lak"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Bà Rịa - Vũng Tàu", "ba ria vung tau"),
            ("TP.HCM", "tp hcm"),
            ("  Hà\tNội\n ", "ha noi"),
            ("Bệnh viện Nhân dân 115", "benh vien nhan dan 115"),
            ("Trạm y tế xã Ea H'leo", "tram y te xa ea h leo"),
            ("Thừa Thiên–Huế", "thua thien hue"),
            ("(Phòng khám) ĐA KHOA, số 2!", "phong kham da khoa so 2"),
            ("", ""),
            ("!!! ---", ""),
        ],
    )
    def test_case_punctuation_and_spaces(self, text, expected):
        assert fold(text) == expected

    def test_letters_of_other_scripts_are_dropped_so_the_key_stays_ascii(self):
        assert fold("Nguyễn 阮 Văn") == "nguyen van"

    @given(st.text())
    def test_fold_is_idempotent_ascii_and_single_spaced(self, text):
        folded = fold(text)
        assert folded.isascii()
        assert fold(folded) == folded
        assert folded == " ".join(folded.split())
        assert folded == folded.lower()

    @given(st.text(alphabet=VIETNAMESE_LETTERS + [" "]))
    def test_vietnamese_text_folds_the_same_whatever_its_normalization(self, text):
        assert fold(text) == fold(unicodedata.normalize("NFD", text)) == fold(text.upper())
        assert set(fold(text)) <= set("abcdeghiklmnopqrstuvxy ")


class TestAbbreviations:
    @pytest.mark.parametrize(
        ("folded", "expanded"),
        [
            ("bv cho ray", "benh vien cho ray"),
            ("bvdk dong nai", "benh vien da khoa dong nai"),
            ("bv dk dong nai", "benh vien da khoa dong nai"),
            ("ttyt huyen", "trung tam y te huyen"),
            ("tyt xa", "tram y te xa"),
            ("ubnd phuong", "uy ban nhan dan phuong"),
            ("bhxh tinh", "bao hiem xa hoi tinh"),
            ("the bhyt", "the bao hiem y te"),
            ("tp thu duc", "thanh pho thu duc"),
            ("pk dk", "phong kham da khoa"),
        ],
    )
    def test_known_abbreviations(self, folded, expanded):
        assert expand_abbreviations(folded) == expanded

    @pytest.mark.parametrize("folded", ["bvx", "abv", "tpa", "dkk", "pkdk", "hcm", "ttytx"])
    def test_only_whole_tokens_are_expanded(self, folded):
        assert expand_abbreviations(folded) == folded


class TestSearchKey:
    TARGET = "Bệnh viện Chợ Rẫy"

    @pytest.mark.parametrize("query", ["benh vien cho ray", "BV Chợ Rẫy", "Chợ Rẫy", "cho ray", "CHỢ RẪY", "bv cho ray"])
    def test_queries_people_type_find_cho_ray_hospital(self, query):
        assert matches(query, self.TARGET)

    @pytest.mark.parametrize("query", ["bv thong nhat", "cho lon", "ttyt cho ray"])
    def test_other_names_do_not_match(self, query):
        assert not matches(query, self.TARGET)

    def test_abbreviated_and_spelled_out_names_have_the_same_key(self):
        assert search_key("BVĐK tỉnh Đồng Nai") == search_key("Bệnh viện Đa khoa tỉnh Đồng Nai")
        assert search_key("TTYT TP. Thủ Đức") == search_key("Trung tâm Y tế Thành phố Thủ Đức")
        assert search_key("BHXH Việt Nam") == "bao hiem xa hoi viet nam"

    @given(st.text(alphabet=VIETNAMESE_LETTERS + [" ", ".", "-"]))
    def test_search_key_is_idempotent(self, text):
        # No expansion contains an abbreviation, so keys can be recomputed safely.
        key = search_key(text)
        assert search_key(key) == key
