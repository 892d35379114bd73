"""Accent-insensitive keys for searching Vietnamese names (people, facilities, offices).

People type "cho ray", "BV Chợ Rẫy" or "Chợ Rẫy" for "Bệnh viện Chợ Rẫy". A search key
folds case and diacritics away and spells out the abbreviations common in health and
administrative names, so a query matches when its key's tokens occur in the target's key.
"""
from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")

# Whole-token abbreviations seen in facility and office names (BV Chợ Rẫy, TTYT huyện,
# TYT xã, UBND phường, BHXH tỉnh, TP Thủ Đức, PK đa khoa, BVĐK tỉnh). Keys are folded.
ABBREVIATIONS: dict[str, str] = {
    "bv": "benh vien",
    "bvdk": "benh vien da khoa",
    "ttyt": "trung tam y te",
    "tyt": "tram y te",
    "ubnd": "uy ban nhan dan",
    "bhxh": "bao hiem xa hoi",
    "bhyt": "bao hiem y te",
    "tp": "thanh pho",
    "pk": "phong kham",
    "dk": "da khoa",
}


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: "Đắk Lắk!" -> "dak lak".

    Steps: case-fold; đ -> d (đ is a letter of its own, not d plus a mark, so Unicode
    decomposition leaves it alone); NFKD and drop the combining marks (tones, breve,
    circumflex, horn); lower-case again (NFKD turns some symbols into capitals); every
    run of anything but a-z and 0-9 becomes one space. Letters of other scripts are
    dropped, so the result is always ASCII.
    """
    text = unicodedata.normalize("NFKD", text.casefold().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _NOT_ALNUM.sub(" ", text).strip()


def expand_abbreviations(folded: str) -> str:
    """Spell out whole-token abbreviations of a folded text ("bv cho ray" -> "benh vien cho ray")."""
    return " ".join(ABBREVIATIONS.get(token, token) for token in folded.split())


def search_key(text: str) -> str:
    """The key to store next to a searchable name and to compute from the query."""
    return expand_abbreviations(fold(text))
