"""Identifiers of people, cards and facilities (DOMAIN.md §1): check them, normalize them.

Each ``validate_*`` returns the normalized value (spaces removed, letters upper-cased)
or raises ``ValidationError`` with a message the person can act on. Only ASCII digits
count as digits. No identifier here has a published check digit, so formats are all
that can be checked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from vssid.core.errors import ValidationError
from vssid.registry.object_codes import OBJECT_CODES
from vssid.registry.provinces_legacy import PROVINCES_LEGACY

_SPACES = re.compile(r"\s+")
_MA_SO = re.compile(r"[0-9]{10}")
_CCCD = re.compile(r"[0-9]{12}")
_LEGACY_CARD = re.compile(r"([A-Z]{2})([0-9])([0-9]{2})([0-9]{10})")
_FACILITY = re.compile(r"[0-9]{5}")
# Separators clinics' software tolerates inside a facility code: "79 - 011", "79–011".
_FACILITY_SEPARATORS = re.compile(r"[\s\-\u2013]+")


def _compact(value: str, *, missing: str) -> str:
    compact = _SPACES.sub("", value)
    if not compact:
        raise ValidationError(missing)
    return compact


def validate_ma_so(value: str) -> str:
    """Mã số BHXH: 10 digits, one per person for life (DOMAIN.md §1)."""
    ma_so = _compact(value, missing="Vui lòng nhập mã số BHXH.")
    if not _MA_SO.fullmatch(ma_so):
        raise ValidationError("Mã số BHXH phải gồm đúng 10 chữ số.")
    return ma_so


def validate_cccd(value: str) -> str:
    """Số CCCD (citizen identity number): 12 digits (DOMAIN.md §1).

    Its first three digits name the province of birth (Thông tư 07/2016/TT-BCA), but
    the digit count is all that is checked: a stricter rule would turn away real numbers.
    """
    cccd = _compact(value, missing="Vui lòng nhập số CCCD.")
    if not _CCCD.fullmatch(cccd):
        raise ValidationError("Số CCCD phải gồm đúng 12 chữ số.")
    return cccd


def is_login_id(value: str) -> Literal["ma_so", "cccd"] | None:
    """Which login id ``value`` is: a 10-digit mã số, a 12-digit CCCD, or neither (None)."""
    compact = _SPACES.sub("", value)
    if _MA_SO.fullmatch(compact):
        return "ma_so"
    if _CCCD.fullmatch(compact):
        return "cccd"
    return None


@dataclass(frozen=True)
class LegacyCardCode:
    """The 15-character card code of QĐ 1351/QĐ-BHXH (2015): ``XX Y ZZ NNNNNNNNNN``."""

    object_code: str  # mã đối tượng, 2 letters (DOMAIN.md §2)
    benefit_level: int  # mức hưởng, 1–5
    province_code: str  # pre-2025 province code
    ma_so: str  # mã số BHXH, 10 digits

    @property
    def code(self) -> str:
        return f"{self.object_code}{self.benefit_level}{self.province_code}{self.ma_so}"


def parse_legacy_card_code(value: str) -> LegacyCardCode:
    """Split a 15-character card code such as ``HS4010120878811``.

    The level is not checked against the object code: a person who belongs to several
    groups is insured under one code with the highest level among them.
    """
    code = _compact(value, missing="Vui lòng nhập mã thẻ BHYT.").upper()
    match = _LEGACY_CARD.fullmatch(code)
    if match is None:
        raise ValidationError(
            "Mã thẻ BHYT cũ gồm 15 ký tự: 2 chữ cái mã đối tượng, 1 chữ số mức hưởng, "
            "2 chữ số mã tỉnh và 10 chữ số mã số BHXH."
        )
    object_code, level, province, ma_so = match.groups()
    if object_code not in OBJECT_CODES:
        raise ValidationError(f"Mã đối tượng “{object_code}” trên thẻ BHYT không có trong danh mục.")
    if not 1 <= int(level) <= 5:
        raise ValidationError("Mức hưởng (ký tự thứ 3 của mã thẻ) phải từ 1 đến 5.")
    if province not in PROVINCES_LEGACY:
        raise ValidationError(f"Mã tỉnh “{province}” (ký tự thứ 4–5 của mã thẻ) không hợp lệ.")
    return LegacyCardCode(object_code, int(level), province, ma_so)


def validate_card_code(value: str) -> str:
    """A card code as clinics accept it, 10 or 15 characters; returns the mã số BHXH."""
    code = _compact(value, missing="Vui lòng nhập mã thẻ BHYT.")
    if len(code) == 15:
        return parse_legacy_card_code(code).ma_so
    if len(code) == 10:
        return validate_ma_so(code)
    raise ValidationError("Mã thẻ BHYT gồm 10 chữ số (thẻ mới) hoặc 15 ký tự (thẻ cũ).")


def validate_facility_code(value: str) -> str:
    """Mã cơ sở KCB: 2-digit province code + 3 digits, e.g. ``79011`` (DOMAIN.md §1)."""
    code = _FACILITY_SEPARATORS.sub("", value)
    if not code:
        raise ValidationError("Vui lòng nhập mã cơ sở khám chữa bệnh.")
    if not _FACILITY.fullmatch(code):
        raise ValidationError("Mã cơ sở khám chữa bệnh gồm 5 chữ số: 2 chữ số mã tỉnh và 3 chữ số.")
    if code[:2] not in PROVINCES_LEGACY:
        raise ValidationError(f"Mã tỉnh “{code[:2]}” của mã cơ sở khám chữa bệnh không hợp lệ.")
    return code


def format_facility_code_qr(code: str) -> str:
    """The facility code as the card's QR writes it: ``79011`` -> ``79 - 011`` (DOMAIN.md §3)."""
    code = validate_facility_code(code)
    return f"{code[:2]} - {code[2:]}"
