"""The text inside the health card's QR code, as clinics' software reads it (DOMAIN.md §3).

Fourteen ``|``-separated fields, then ``$``:

    0 card code | 1 name (hex of UTF-8) | 2 birth | 3 gender | 4 address (hex or "-") |
    5 facility "79 - 011" | 6 valid from | 7 valid to | 8 issue date | 9 manager code |
    10 guardian (hex or "-") | 11 K1/K2/K3 or empty | 12 five-years date | 13 empty $

``encode`` writes exactly that. ``decode`` reads it defensively, as the hospital
software it must interoperate with does (the open-source Inventec HIS parser splits on
``|``, pads one-digit days, and reads "79 - 011", "79–011" or "79 011"): upper-case hex,
a missing ``$``, extra or missing trailing fields and legacy 15-character codes pass;
anything else raises ``ValidationError``.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from vssid.core.dates import BirthDate, format_date_vi, parse_date_vi
from vssid.core.errors import ValidationError
from vssid.registry.identifiers import (
    format_facility_code_qr,
    validate_card_code,
    validate_facility_code,
)

AREA_CODES = ("", "K1", "K2", "K3")
_FIELD_COUNT = 14
_REQUIRED_FIELDS = 9  # through the issue date; the later ones may be missing
_NOT_A_CARD = "Mã QR không phải mã QR của thẻ BHYT hoặc bị thiếu thông tin."


def _clean_text(value: str | None) -> str | None:
    """NFC (one code point per accented letter, as the card is encoded) and single spaces."""
    if value is None:
        return None
    return " ".join(unicodedata.normalize("NFC", value).split()) or None


@dataclass(frozen=True, kw_only=True)
class CardQR:
    """What the QR holds. Construction checks the values and puts them in canonical form."""

    card_code: str  # 10-digit mã số, or a 15-character legacy code
    full_name: str
    birth: BirthDate
    gender: int  # 1 male, 2 female
    address: str | None
    facility_code: str  # "79011"
    valid_from: dt.date
    valid_to: dt.date
    issue_date: dt.date
    manager_code: str = ""
    guardian_name: str | None = None  # parent or guardian, on children's cards
    area_code: str = ""  # K1, K2, K3 or ""
    five_years_date: dt.date | None = None

    def __post_init__(self) -> None:
        card_code = "".join(self.card_code.split()).upper()
        validate_card_code(card_code)
        full_name = _clean_text(self.full_name)
        if full_name is None:
            raise ValidationError("Họ và tên trên thẻ không được để trống.")
        if self.gender not in (1, 2):
            raise ValidationError("Giới tính phải là 1 (Nam) hoặc 2 (Nữ).")
        if self.valid_to < self.valid_from:
            raise ValidationError("Ngày hết hạn thẻ không được trước ngày bắt đầu giá trị sử dụng.")
        manager_code = self.manager_code.strip()
        if "|" in manager_code or "$" in manager_code:
            raise ValidationError("Mã quản lý BHXH chứa ký tự không hợp lệ.")
        area_code = self.area_code.strip().upper()
        if area_code not in AREA_CODES:
            raise ValidationError("Mã nơi sinh sống phải là K1, K2, K3 hoặc để trống.")
        for name, value in (
            ("card_code", card_code),
            ("full_name", full_name),
            ("address", _clean_text(self.address)),
            ("facility_code", validate_facility_code(self.facility_code)),
            ("manager_code", manager_code),
            ("guardian_name", _clean_text(self.guardian_name)),
            ("area_code", area_code),
        ):
            object.__setattr__(self, name, value)


def _hex(text: str | None) -> str:
    return text.encode("utf-8").hex() if text else "-"


def encode(card: CardQR) -> str:
    """The QR text for ``card``, field by field as DOMAIN.md §3 lists them."""
    fields = [
        card.card_code,
        _hex(card.full_name),
        card.birth.format(),
        str(card.gender),
        _hex(card.address),
        format_facility_code_qr(card.facility_code),
        format_date_vi(card.valid_from),
        format_date_vi(card.valid_to),
        format_date_vi(card.issue_date),
        card.manager_code,
        _hex(card.guardian_name),
        card.area_code,
        format_date_vi(card.five_years_date) if card.five_years_date else "",
        "",  # reserved; no published checksum
    ]
    return "|".join(fields) + "$"


def _unhex(value: str, *, what: str, optional: bool = False) -> str | None:
    value = value.strip()
    if optional and value in ("", "-"):
        return None
    try:
        return bytes.fromhex(value).decode("utf-8")
    except ValueError:  # odd length, a non-hex digit, or bytes that are not UTF-8
        raise ValidationError(f"{what} trong mã QR không đúng định dạng.") from None


def _date(value: str, *, what: str) -> dt.date:
    try:
        return parse_date_vi(value)
    except ValidationError:
        raise ValidationError(f"{what} trong mã QR không hợp lệ.") from None


def decode(text: str) -> CardQR:
    """Read a card's QR text; ``ValidationError`` when it is not one."""
    body = text.strip().split("$", 1)[0]  # "$" ends the data
    fields = body.split("|")
    if len(fields) < _REQUIRED_FIELDS:
        raise ValidationError(_NOT_A_CARD)
    fields += [""] * (_FIELD_COUNT - len(fields))
    try:
        birth = BirthDate.parse(fields[2])
    except ValidationError:
        raise ValidationError("Ngày sinh trong mã QR không hợp lệ.") from None
    gender = fields[3].strip()
    if gender not in ("1", "2"):
        raise ValidationError("Giới tính trong mã QR không hợp lệ.")
    five_years = fields[12].strip()
    return CardQR(
        card_code=fields[0],
        full_name=_unhex(fields[1], what="Họ và tên") or "",
        birth=birth,
        gender=int(gender),
        address=_unhex(fields[4], what="Địa chỉ", optional=True),
        facility_code=fields[5],
        valid_from=_date(fields[6], what="Ngày bắt đầu giá trị sử dụng"),
        valid_to=_date(fields[7], what="Ngày hết hạn thẻ"),
        issue_date=_date(fields[8], what="Ngày cấp thẻ"),
        manager_code=fields[9],
        guardian_name=_unhex(fields[10], what="Họ tên cha, mẹ hoặc người giám hộ", optional=True),
        area_code=fields[11],
        five_years_date=_date(five_years, what="Thời điểm đủ 5 năm liên tục") if five_years not in ("", "-") else None,
    )
