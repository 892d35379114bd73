"""The virtual assistant's understanding and retrieval (trợ lý ảo). Flask-free, database-free.

People type questions the way they speak, often without diacritics: "doi noi kham ban dau",
"quen mk", "the cua toi con han khong". Each question and each FAQ entry becomes a bag of
terms: the accent-folded syllables (vssid.core.text.fold, the look-ups' folding) with chat
shorthand spelled out (mk -> mat khau, kcbbd -> kham chua benh ban dau) and filler words
dropped, plus each pair of neighbouring syllables, because Vietnamese words are mostly two
syllables and folding merges some ("thẻ" card, "thế" so and "thể" can all fold to "the").

Ranking is Okapi BM25 (k1 = 1.2, b = 0.75) with the smoothed idf ln(1 + (N − n + 0.5)/(n + 0.5))
that Lucene uses, implemented here in a few lines: the rank-bm25 package floors and zeroes
idf in ways that break small collections such as a 50-entry FAQ (a term in exactly half the
entries scores 0, dorianbrown/rank_bm25#39 and #43, open since 2024; last release 2022) and
would bring numpy along for 50 documents.

An entry is only given as *the* answer when it covers enough of what was asked: the share of
the question's idf weight (words the FAQ has never seen count at full weight) found in the
entry. Below the threshold the assistant says it does not know and hands over to a person.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from vssid.core.text import expand_abbreviations, fold

K1 = 1.2
B = 0.75
# An entry answers when it holds this share of the question's weight and scores at least MIN_SCORE.
MIN_COVERAGE = 0.5
MIN_SCORE = 3.0
RELATED = 3
RELATED_MIN_COVERAGE = 0.25  # below this a related question would only share a stray word
MAX_QUESTION = 500

# Chat shorthand and other spellings, on folded text (whole words), before the look-ups'
# own abbreviations (bhxh, bhyt, bv, …) are spelled out.
SHORTHAND: dict[str, str] = {
    "mk": "mat khau", "pass": "mat khau", "password": "mat khau", "pw": "mat khau",
    "kcb": "kham chua benh", "kcbbd": "kham chua benh ban dau", "dkbd": "kham chua benh ban dau",
    "dkkcbbd": "dang ky kham chua benh ban dau", "cccd": "can cuoc", "cmnd": "can cuoc",
    "sdt": "so dien thoai", "dt": "dien thoai", "dthoai": "dien thoai",
    "hgd": "ho gia dinh", "bhtn": "bao hiem that nghiep", "tnld": "tai nan lao dong",
    "bnn": "benh nghe nghiep", "hs": "hoc sinh", "sv": "sinh vien", "vss": "bao hiem xa hoi",
    "app": "ung dung", "ntn": "nhu the nao", "sms": "tin nhan", "dang ki": "dang ky",
    "ma xac thuc": "otp", "ma xac nhan": "otp", "bn": "bao nhieu", "bnhieu": "bao nhieu",
    "tg": "thoi gian", "ng": "nguoi", "nv": "nhan vien", "cty": "cong ty",
}
# Filler that says nothing about the topic (folded). Words that fold onto a meaningful one
# are kept: "tai" (tài khoản), "dang" (đăng ký), "ma" (mã), "chua" (chữa), "cung" (cùng),
# "tu" (tự nguyện), "can" (căn cước), "chi" (chi trả), "ho" (hộ gia đình), "bao" (bảo hiểm).
STOP_PHRASES = (
    "nhu the nao", "lam the nao", "the nao", "lam sao", "ra sao", "the nay", "duoc khong", "hay khong",
    "phai khong", "xin hoi", "cho hoi", "vui long", "lam on", "o dau", "bao gio", "khi nao",
)
STOPWORDS = frozenset(
    "toi minh em anh tao la cua va thi co khong ko k duoc dc bi cho de nhu nao gi j sao o ve voi khi neu mot "
    "cac nhung da se phai muon hoi nay ay roi nua hay hoac den trong ra vao theo vay nhe a oi ah nhi ak "
    "xin giup biet".split()
)
_SEGMENT = re.compile(r"[,.;:!?\n()\[\]“”\"]+")


def _phrase_pattern(phrases) -> re.Pattern:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


_SHORTHAND = _phrase_pattern(SHORTHAND)
_STOP_PHRASES = _phrase_pattern(STOP_PHRASES)


def normalize(text: str) -> str:
    """Folded text with shorthand and abbreviations spelled out ("Quên MK?" -> "quen mat khau")."""
    folded = _SHORTHAND.sub(lambda m: SHORTHAND[m.group(0)], fold(text))
    return expand_abbreviations(folded)


def _segment_terms(segment: str) -> list[str]:
    words = [w for w in _STOP_PHRASES.sub(" ", normalize(segment)).split() if w not in STOPWORDS]
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]


def terms(text: str) -> list[str]:
    """The terms of a text: syllables and neighbouring pairs, per clause (no pair spans a comma)."""
    return [term for segment in _SEGMENT.split(text) for term in _segment_terms(segment)]


# --- BM25 over the FAQ --------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """One FAQ entry as the assistant reads it."""

    id: int
    slug: str
    question: str
    keywords: str = ""
    answer: str = ""

    def terms(self) -> list[str]:
        # The question and the ways people ask it weigh more than the answer's words.
        return terms(self.question) * 2 + terms(self.keywords) * 2 + terms(self.answer)


@dataclass(frozen=True)
class Hit:
    doc: Doc
    score: float
    coverage: float  # share of the question's weight found in the entry, 0..1

    @property
    def confidence(self) -> int:
        return round(self.coverage * 100)


class FaqIndex:
    """BM25 (Okapi, Lucene's idf) over a fixed list of entries."""

    def __init__(self, docs: list[Doc]) -> None:
        self.docs = list(docs)
        self._tf = [Counter(doc.terms()) for doc in self.docs]
        self._len = [sum(tf.values()) for tf in self._tf]
        n = len(self.docs)
        self._avgdl = (sum(self._len) / n) if n else 1.0
        df: Counter = Counter()
        for tf in self._tf:
            df.update(tf.keys())
        self.idf = {term: math.log(1 + (n - count + 0.5) / (count + 0.5)) for term, count in df.items()}
        self.unseen_idf = math.log(1 + (n + 0.5) / 0.5) if n else 1.0

    def rank(self, question: str, *, limit: int = RELATED + 1) -> list[Hit]:
        """The best entries for a question, best first (only entries sharing a term with it)."""
        asked = list(dict.fromkeys(terms(question)))
        if not asked or not self.docs:
            return []
        words = [t for t in asked if "_" not in t]
        weight = sum(self.idf.get(t, self.unseen_idf) for t in words) or 1.0
        hits = []
        for doc, tf, length in zip(self.docs, self._tf, self._len):
            score = 0.0
            for term in asked:
                freq = tf.get(term)
                if freq:
                    norm = K1 * (1 - B + B * length / self._avgdl)
                    score += self.idf[term] * freq * (K1 + 1) / (freq + norm)
            if score > 0:
                found = sum(self.idf[t] for t in words if t in tf)
                hits.append(Hit(doc, score, min(1.0, found / weight)))
        hits.sort(key=lambda hit: (-hit.score, hit.doc.id))
        return hits[:limit]


def confident(hit: Hit | None) -> bool:
    return hit is not None and hit.coverage >= MIN_COVERAGE and hit.score >= MIN_SCORE


# --- Intents that need more than the FAQ --------------------------------------------------

# Personal questions about the holder's own card, answered from the card service when logged in.
CARD_VALIDITY = "card_validity"
CARD_FACILITY = "card_facility"
CARD_LEVEL = "card_level"

_SELF = _phrase_pattern(("cua toi", "cua minh", "cua em", "cua tao", "toi", "minh", "em", "tao"))
_CARD = _phrase_pattern(("the", "the bao hiem y te", "the bao hiem"))
_VALID_STATE = _phrase_pattern((
    "con han", "het han chua", "con gia tri", "con hieu luc", "con dung duoc", "con su dung",
    "han the", "han su dung", "het han khi nao", "het han ngay nao", "den ngay nao", "den bao gio",
))
_VALID_ANY = _phrase_pattern(("het han", "han", "gia tri su dung", "hieu luc"))
_FACILITY = _phrase_pattern(("kham chua benh ban dau", "kham ban dau", "noi dang ky kham", "dang ky kham"))
_CHANGE = _phrase_pattern(("doi", "thay doi", "chuyen", "khi nao", "bao gio", "cach", "thu tuc"))
_LEVEL = _phrase_pattern(("muc huong", "huong bao nhieu", "duoc huong bao nhieu"))
_HOWTO = _phrase_pattern(("lam gi", "phai lam", "lam the nao", "lam sao", "gia han", "mat the", "lam lai"))

# Directory look-ups: a place asked for by where it is or how to reach it.
_WHERE = _phrase_pattern(("o dau", "dia chi", "so dien thoai", "dien thoai", "gio lam viec", "nam o", "tim"))
DIRECTORY_WORDS: dict[str, tuple[str, ...]] = {
    "facilities": ("benh vien", "phong kham", "tram y te", "trung tam y te", "co so kham"),
    "offices": ("co quan bao hiem xa hoi", "bao hiem xa hoi"),
    "collection_points": ("diem thu", "dai ly thu"),
}
_DIRECTORY_NOISE = _phrase_pattern((
    "o dau", "dia chi", "so dien thoai", "dien thoai", "gio lam viec", "nam o", "tim", "cho toi", "xin",
    "cua", "la", "gi", "bao nhieu", "nao", "nhi", "vay", "a", "khong", "co quan", "gan nha", "gan day",
))


@dataclass(frozen=True)
class DirectoryAsk:
    kind: str  # "facilities", "offices", "collection_points"
    text: str  # what to look up, folded


@dataclass(frozen=True)
class Understanding:
    question: str
    personal: str | None = None  # CARD_VALIDITY, CARD_FACILITY, CARD_LEVEL
    directory: DirectoryAsk | None = None


def understand(question: str) -> Understanding:
    """What kind of question this is, beyond the FAQ: about one's own card, or a place."""
    text = normalize(question)
    personal = _personal(text)
    return Understanding(question, personal, None if personal else _directory(text))


def _personal(text: str) -> str | None:
    mine = bool(_SELF.search(text))
    if _LEVEL.search(text) and mine:
        return CARD_LEVEL
    if _FACILITY.search(text) and mine and not _CHANGE.search(text):
        return CARD_FACILITY
    if _CARD.search(text) and not _HOWTO.search(text):
        if _VALID_STATE.search(text) or (mine and _VALID_ANY.search(text)):
            return CARD_VALIDITY
    return None


def _directory(text: str) -> DirectoryAsk | None:
    if not _WHERE.search(text):
        return None
    for kind, words in DIRECTORY_WORDS.items():
        if any(re.search(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])", text) for w in words):
            rest = " ".join(_DIRECTORY_NOISE.sub(" ", text).split())
            # "tim benh vien" names no place: the FAQ on the look-ups answers that better.
            specific = _phrase_pattern(words).sub(" ", rest).split()
            return DirectoryAsk(kind, rest) if specific else None
    return None


# --- Privacy --------------------------------------------------------------------------

_LONG_NUMBER = re.compile(r"\d[\d .-]{7,}\d")


def redact(question: str) -> str:
    """The question as kept for staff: trimmed, long digit runs (mã số, CCCD, phone) masked."""
    text = " ".join(question.split())[:MAX_QUESTION]
    return _LONG_NUMBER.sub(lambda m: "[số]" if sum(c.isdigit() for c in m.group(0)) >= 9 else m.group(0), text)


@dataclass(frozen=True)
class Ranking:
    """The FAQ's answer to a question: the best entry if confident, and related entries."""

    hits: list[Hit] = field(default_factory=list)

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits and confident(self.hits[0]) else None

    @property
    def related(self) -> list[Hit]:
        """Up to three other entries sharing enough of the question to be worth offering."""
        rest = self.hits[1:] if self.best else self.hits
        return [hit for hit in rest if hit.coverage >= RELATED_MIN_COVERAGE][:RELATED]

    @property
    def offered(self) -> list[Hit]:
        """Entries to offer beside an answer that did not come from the FAQ (card, directory)."""
        return [hit for hit in self.hits if hit.coverage >= RELATED_MIN_COVERAGE][:RELATED]
