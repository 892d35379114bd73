"""The assistant's understanding and retrieval, and the FAQ's content, without a database."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from vssid.support import chatbot
from vssid.support.faq_data import CATEGORIES, ENTRIES


@pytest.fixture(scope="module")
def index() -> chatbot.FaqIndex:
    return chatbot.FaqIndex([chatbot.Doc(n, e.slug, e.question, e.keywords, e.answer)
                             for n, e in enumerate(ENTRIES, start=1)])


def answer(index, question: str) -> str | None:
    best = chatbot.Ranking(index.rank(question)).best
    return best.doc.slug if best else None


@pytest.mark.parametrize("question, slug", [
    ("doi noi kham ban dau", "doi-noi-kcb-ban-dau"),
    ("Đổi nơi khám ban đầu", "doi-noi-kcb-ban-dau"),
    ("ĐỔI NƠI KCB BAN ĐẦU", "doi-noi-kcb-ban-dau"),
    ("quen mat khau", "quen-mat-khau"),
    ("quên mk", "quen-mat-khau"),
    ("the het han", "the-het-han"),
    ("thẻ hết hạn", "the-het-han"),
    ("BH THE gui 8079", "tin-nhan-8079"),
    ("the giay con duoc cap khong", "ngung-cap-the-giay"),
])
def test_common_intents_are_understood_with_or_without_diacritics(index, question, slug):
    assert answer(index, question) == slug


@pytest.mark.parametrize("question", [
    "thời tiết hà nội hôm nay", "giá vàng hôm nay bao nhiêu", "cach nau pho bo", "mã giảm giá shopee", "asdfgh qwerty",
])
def test_questions_outside_the_faq_are_not_answered(index, question):
    assert answer(index, question) is None


def test_related_questions_exclude_the_answer_and_are_at_most_three(index):
    ranking = chatbot.Ranking(index.rank("dong bhyt ho gia dinh bao nhieu tien"))
    assert ranking.best.doc.slug == "muc-dong-bhyt-hgd"
    related = [hit.doc.slug for hit in ranking.related]
    assert 1 <= len(related) <= 3 and "muc-dong-bhyt-hgd" not in related


def test_bm25_scores_a_term_found_in_exactly_half_the_entries():
    # rank-bm25 gives such a term idf 0 (dorianbrown/rank_bm25#39); the smoothed idf must not.
    small = chatbot.FaqIndex([chatbot.Doc(1, "a", "luong huu"), chatbot.Doc(2, "b", "the bhyt")])
    hits = small.rank("luong")
    assert [h.doc.slug for h in hits] == ["a"] and hits[0].score > 0


def test_a_term_in_every_entry_still_counts_positively():
    small = chatbot.FaqIndex([chatbot.Doc(1, "a", "the bhyt het han"), chatbot.Doc(2, "b", "the bhyt mat")])
    assert all(hit.score > 0 for hit in small.rank("the"))
    assert small.rank("the mat")[0].doc.slug == "b"


def test_terms_fold_spell_out_shorthand_and_keep_pairs_within_a_clause():
    assert chatbot.terms("Quên MK?") == ["quen", "mat", "khau", "quen_mat", "mat_khau"]
    assert "het_doi" not in chatbot.terms("the het, doi noi kham")
    assert {"kham_chua", "ban_dau"} <= set(chatbot.terms("KCBBĐ"))  # "kcbbd" -> kham chua benh ban dau


@pytest.mark.parametrize("question, intent", [
    ("Thẻ của tôi còn hạn không?", chatbot.CARD_VALIDITY),
    ("the bhyt cua toi het han chua", chatbot.CARD_VALIDITY),
    ("han the cua minh den bao gio", chatbot.CARD_VALIDITY),
    ("noi kham ban dau cua toi la dau", chatbot.CARD_FACILITY),
    ("mức hưởng của tôi là bao nhiêu", chatbot.CARD_LEVEL),
    ("the het han", None),  # a how-to question, not about one's own card
    ("the cua toi het han thi lam gi", None),
    ("doi noi kham ban dau cua toi", None),  # changing it: the FAQ answers
    ("mat the cua toi", None),
    ("muc huong 4 la gi", None),
])
def test_questions_about_ones_own_card(question, intent):
    assert chatbot.understand(question).personal == intent


def test_a_place_asked_for_is_looked_up_in_the_directory():
    ask = chatbot.understand("Bệnh viện Chợ Rẫy ở đâu?").directory
    assert ask == chatbot.DirectoryAsk("facilities", "benh vien cho ray")
    assert chatbot.understand("dia chi bhxh quan 1").directory.kind == "offices"
    assert chatbot.understand("tim benh vien").directory is None  # names no place
    assert chatbot.understand("benh vien cho ray").directory is None  # no "where"


def test_kept_questions_mask_long_numbers_but_not_dates_or_counts():
    assert chatbot.redact("BH THE 7912345678 gui 8079") == "BH THE [số] gui 8079"
    assert chatbot.redact("cccd 079 123 456 789 cua toi") == "cccd [số] cua toi"
    assert chatbot.redact("so 0912.345.678") == "so [số]"
    assert chatbot.redact("tu 01/07/2025 sai 5 lan") == "tu 01/07/2025 sai 5 lan"
    assert len(chatbot.redact("a " * 400)) <= chatbot.MAX_QUESTION


# --- The FAQ's content ---------------------------------------------------------------------

LEGAL = re.compile(r"Luật|Nghị định|Nghị quyết|Quyết định|Công văn|Quy định|Dịch vụ|BHXH Việt Nam|Danh bạ|chuẩn")


def test_the_faq_has_forty_or_more_entries_in_known_categories_each_naming_its_source():
    slugs = [e.slug for e in ENTRIES]
    assert len(ENTRIES) >= 40 and len(set(slugs)) == len(slugs)
    categories = {slug for slug, _ in CATEGORIES}
    assert {e.category for e in ENTRIES} == categories
    for entry in ENTRIES:
        assert LEGAL.search(entry.source), entry.slug
        assert len(entry.question) <= 300 and len(entry.source) <= 300 and len(entry.answer) <= 5000


def _answer(slug: str) -> str:
    return next(e.answer + " " + e.source for e in ENTRIES if e.slug == slug)


def test_the_faq_states_the_rules_of_domain_md():
    assert "15 ngày đầu" in _answer("doi-noi-kcb-ban-dau") and "51/2024/QH15" in _answer("doi-noi-kcb-ban-dau")
    assert "01/06/2025" in _answer("ngung-cap-the-giay") and "168/BHXH-QLT" in _answer("ngung-cap-the-giay")
    assert "BH THE" in _answer("tin-nhan-8079") and "8079" in _answer("tin-nhan-8079")
    household = _answer("muc-dong-bhyt-hgd")
    for figure in ("1.366.200", "956.340", "819.720", "683.100", "546.480", "1.263.600", "505.440", "4,5%"):
        assert figure in household
    voluntary = _answer("ho-tro-bhxh-tu-nguyen")
    for figure in ("165.000", "132.000", "99.000", "66.000", "120 tháng"):
        assert figure in voluntary
    assert "1900 9068" in _answer("tong-dai-ho-tro") and "24/7" in _answer("tong-dai-ho-tro")


def test_the_held_out_bench_stays_above_its_measured_floor(index):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import chatbot_quality as bench

    result = bench.evaluate(index, bench.HELD_OUT)
    declined = sum(chatbot.Ranking(index.rank(q)).best is None for q in bench.OUT_OF_SCOPE)
    assert len(bench.HELD_OUT) >= 50
    assert result["top1"] >= 0.85 and result["top3"] >= 0.95
    assert declined >= 11
