"""Pure rules of the hospital gateway (DOMAIN.md §9): input formats, result codes and
their wording, the field formats of the answers. No database, no Flask.

Result codes (``maKetQua``) and what this product answers them for:

- 000 the card and the holder's name and birth date match, the card is valid today;
- 001 / 002 the card belongs to the Ministry of Defence's / Public Security's VSS (object
  codes QN, CY / CA): those systems answer for it, this one gives no details;
- 003 / 004 the code sent is an older card of the holder, a newer card exists; 003 when
  the old card has ended, 004 while it still runs; the new card's fields are filled;
- 010 the card has ended (or has not started yet: the ``ghiChu`` says which);
- 050 no card with this mã số; 051 the 15-character code's object code is not the card's;
  052 its province code (characters 4–5); 053 its benefit level (character 3);
- 054 the clerk's CCCD is not a registered user of the facility; 055 it is, under another name;
- 060 wrong name; 061 wrong name but the first letter is right; 070 wrong date of birth;
- 110 card withdrawn; 120 card reported stopped (báo giảm);
- 205 a parameter is missing or malformed; 401 authentication error.

Errors of the HTTP layer (no such API, wrong method, too large, too many requests, server
fault, database outage) get a code too: ``http_error``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import re
import unicodedata
from dataclasses import dataclass

from vssid.card.status import name_key, names_match
from vssid.core.dates import BirthDate, format_date_vi, to_local
from vssid.core.errors import ValidationError

OK = "000"
MESSAGES = {
    "000": "Thẻ còn giá trị sử dụng!",
    "001": "Thẻ do BHXH Bộ Quốc phòng quản lý, đề nghị kiểm tra thẻ và thông tin giấy tờ tùy thân!",
    "002": "Thẻ do BHXH Bộ Công an quản lý, đề nghị kiểm tra thẻ và thông tin giấy tờ tùy thân!",
    "003": "Thẻ cũ hết giá trị sử dụng, đã được cấp thẻ mới!",
    "004": "Thẻ cũ còn giá trị sử dụng, đã được cấp thẻ mới!",
    "010": "Thẻ hết giá trị sử dụng!",
    "050": "Không có thông tin thẻ!",
    "051": "Mã thẻ không đúng!",
    "052": "Mã tỉnh cấp thẻ (ký tự thứ 4, 5 của mã thẻ) không đúng!",
    "053": "Mã quyền lợi (ký tự thứ 3 của mã thẻ) không đúng!",
    "054": "Số CCCD của cán bộ tra cứu không phải người dùng đã đăng ký của cơ sở KCB!",
    "055": "Họ tên cán bộ tra cứu không khớp với số CCCD đã đăng ký!",
    "060": "Họ tên không đúng!",
    "061": "Họ tên không đúng (đúng ký tự đầu)!",
    "070": "Ngày sinh không đúng!",
    "110": "Thẻ đã bị thu hồi!",
    "120": "Thẻ đã bị báo giảm!",
    "205": "Sai định dạng tham số!",
    "401": "Lỗi xác thực!",
}
NOT_STARTED = "Thẻ chưa đến ngày sử dụng!"
# Errors of the HTTP layer under /api, by status. VSS's protocol names three: 205 (bad
# parameter) and a server error, 500 from /api/token/take and 101 from the lookups; the others
# (no such API, wrong method, body too large, too many requests) carry the HTTP status as code.
HTTP_ERROR_NOTES = {
    400: MESSAGES["205"],
    404: "Không có API này. Kiểm tra lại đường dẫn.",
    405: "Phương thức HTTP không được hỗ trợ (xem header Allow).",
    413: "Nội dung yêu cầu quá lớn.",
    429: "Quá nhiều yêu cầu từ tài khoản này. Vui lòng thử lại sau.",
    500: "Lỗi máy chủ. Vui lòng thử lại sau.",
    503: "Hệ thống đang tạm gián đoạn kết nối dữ liệu. Vui lòng thử lại sau ít phút.",
}
OTHER_HTTP_ERROR = "Yêu cầu không hợp lệ."
# Codes whose answer describes the holder's card: the identity matched.
IDENTIFIED = frozenset({"000", "003", "004", "010", "110", "120"})
MINISTRY_CODES = {"QN": "001", "CY": "001", "CA": "002"}
STATUS_CODES = {"withdrawn": "110", "stopped": "120"}

_MA_SO = re.compile(r"[0-9]{10}", re.ASCII)
_LEGACY = re.compile(r"([A-Z]{2})([0-9])([0-9]{2})([0-9]{10})", re.ASCII)
_CCCD = re.compile(r"[0-9]{12}", re.ASCII)
_MD5_HEX = re.compile(r"[0-9a-fA-F]{32}", re.ASCII)
_USERNAME = re.compile(r"([0-9]{5})_[A-Z0-9_]{1,14}", re.ASCII)  # ≤ 20 characters
_UNPRINTABLE = re.compile(r"[^\x20-\x7e]")
MAX_NAME = 120
MIN_IPV4_PREFIX, MIN_IPV6_PREFIX = 24, 56


class BadParameter(ValidationError):
    """A request parameter is missing or malformed: result 205, the field named."""


@dataclass(frozen=True)
class LookupInput:
    card_code: str  # upper case, no spaces: 10 digits or 15 characters
    full_name: str
    birth: BirthDate
    clerk_name: str
    clerk_cccd: str

    @property
    def ma_so(self) -> str:
        return self.card_code[-10:]


def has_control_characters(text: str) -> bool:
    """Control, format or unassigned characters (NUL and the like): never part of a name."""
    return any(unicodedata.category(c)[0] == "C" for c in text)


def printable(value: object, size: int) -> str:
    """What a refused caller sent, safe to log: printable ASCII, at most ``size`` characters."""
    return _UNPRINTABLE.sub("?", str(value or ""))[:size]


def _text(values: dict, name: str) -> str:
    value = values.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise BadParameter(f"Thiếu tham số {name}.", field=name)
    if not isinstance(value, str):
        raise BadParameter(f"Tham số {name} phải là chuỗi ký tự.", field=name)
    if has_control_characters(value.strip()):
        raise BadParameter(f"Tham số {name} chứa ký tự không hợp lệ.", field=name)
    return value.strip()


def parse_lookup(values: dict) -> LookupInput:
    """The body of KQNhanLichSuKCB2024 / Lskcb2025 (JSON object or form), checked."""
    card_code = "".join(_text(values, "maThe").split()).upper()
    if not (_MA_SO.fullmatch(card_code) or _LEGACY.fullmatch(card_code)):
        raise BadParameter("maThe gồm 10 chữ số (thẻ mới) hoặc 15 ký tự (thẻ cũ).", field="maThe")
    full_name = _text(values, "hoTen")
    if len(full_name) > MAX_NAME or not name_key(full_name):
        raise BadParameter(f"hoTen dài tối đa {MAX_NAME} ký tự.", field="hoTen")
    try:
        birth = BirthDate.parse(_text(values, "ngaySinh"))
    except BadParameter:
        raise
    except ValidationError:
        raise BadParameter("ngaySinh có dạng dd/mm/yyyy hoặc yyyy.", field="ngaySinh") from None
    clerk_name = _text(values, "hoTenCb")
    if len(clerk_name) > MAX_NAME or not name_key(clerk_name):
        raise BadParameter(f"hoTenCb dài tối đa {MAX_NAME} ký tự.", field="hoTenCb")
    clerk_cccd = "".join(_text(values, "cccdCb").split())
    if not _CCCD.fullmatch(clerk_cccd):
        raise BadParameter("cccdCb gồm đúng 12 chữ số.", field="cccdCb")
    return LookupInput(card_code, full_name, birth, clerk_name, clerk_cccd)


def code_parts_verdict(card_code: str, *, object_code: str, benefit_level: int, province_code: str) -> str | None:
    """For a 15-character code that is none of the holder's cards: which part is wrong."""
    match = _LEGACY.fullmatch(card_code)
    if match is None:
        return None
    sent_object, sent_level, sent_province, _ma_so = match.groups()
    if sent_object != object_code:
        return "051"
    if int(sent_level) != benefit_level:
        return "053"
    if sent_province != province_code:
        return "052"
    return None


def name_verdict(sent: str, registered: str) -> str | None:
    """None when the names match (case and spacing aside, diacritics count); 061 when only
    the first letter is right; 060 otherwise."""
    if names_match(sent, registered):
        return None
    sent_key, registered_key = name_key(sent), name_key(registered)
    return "061" if sent_key[:1] and sent_key[:1] == registered_key[:1] else "060"


def clerk_verdict(*, sent_name: str, registered_name: str | None) -> str | None:
    """054 when the CCCD is not registered (``registered_name`` None), 055 on another name."""
    if registered_name is None:
        return "054"
    return None if names_match(sent_name, registered_name) else "055"


# --- Formats of the answers ---------------------------------------------------------------


def gender_text(gender: int) -> str:
    return "Nam" if gender == 1 else "Nữ"


def date_text(value: dt.date | None) -> str | None:
    return format_date_vi(value) if value else None


def moment_text(moment: dt.datetime) -> str:
    """``yyyyMMddHHmm`` in Vietnam's time, as ngayVao, ngayRa and thoiGianKT are sent."""
    return to_local(moment).strftime("%Y%m%d%H%M")


def expires_text(moment: dt.datetime) -> str:
    """``expires_in``: the absolute UTC time, ISO 8601 (``2026-11-25T10:15:00Z``)."""
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def card_note(code: str, *, full_name: str, birth: str, gender: int, address: str, facility_code: str,
              valid_from: dt.date, valid_to: dt.date, five_years: dt.date | None, today: dt.date) -> str:
    """``ghiChu`` of an answer about the holder's card, worded like VSS's gateway:

    "Thẻ còn giá trị sử dụng! Họ tên : Trần Văn A, Ngày sinh: 05/03/1994, Giới tính : Nam!
    (ĐC: …; Nơi KCBBĐ: 01832; Hạn thẻ: 01/01/2024 - 31/12/2024; Thời điểm đủ 5 năm liên tục: 01/06/2025)."
    """
    head = NOT_STARTED if code == "010" and today < valid_from else MESSAGES[code]
    details = [f"ĐC: {address}", f"Nơi KCBBĐ: {facility_code}",
               f"Hạn thẻ: {format_date_vi(valid_from)} - {format_date_vi(valid_to)}"]
    if five_years:
        details.append(f"Thời điểm đủ 5 năm liên tục: {format_date_vi(five_years)}")
    return (f"{head} Họ tên : {full_name}, Ngày sinh: {birth}, Giới tính : {gender_text(gender)}! "
            f"({'; '.join(details)}).")


def new_card_note(code: str, *, new_code: str, valid_from: dt.date, valid_to: dt.date, facility_code: str,
                  facility_name: str) -> str:
    return (f"{MESSAGES[code]} Mã thẻ mới: {new_code}; Hạn thẻ mới: {format_date_vi(valid_from)} - "
            f"{format_date_vi(valid_to)}; Nơi KCBBĐ mới: {facility_code} - {facility_name}.")


def verdict_for_dates(*, valid_from: dt.date, valid_to: dt.date, today: dt.date) -> str:
    return OK if valid_from <= today <= valid_to else "010"


# --- Credentials and addresses --------------------------------------------------------------


def http_error(status: int, *, lookup: bool) -> tuple[str, str]:
    """``(maKetQua, ghiChu)`` of an HTTP error under /api; ``lookup``: the request was one of
    the card or history lookups (their server error is 101, not 500)."""
    if status >= 500:
        return ("101" if lookup else "500"), HTTP_ERROR_NOTES.get(status, HTTP_ERROR_NOTES[500])
    if status == 400:
        return "205", HTTP_ERROR_NOTES[400]
    return str(status), HTTP_ERROR_NOTES.get(status, OTHER_HTTP_ERROR)


def normalise_password(value: object) -> str | None:
    """The password as HIS send it: the MD5 hex of the real password; lower-cased. None if
    it is not 32 hex digits (then it cannot be right and is not hashed at all)."""
    if not isinstance(value, str) or not _MD5_HEX.fullmatch(value.strip()):
        return None
    return value.strip().lower()


def md5_hex(password: str) -> str:
    """What the hospital software sends for ``password`` (for the console and the README)."""
    return hashlib.md5(password.encode("utf-8")).hexdigest()  # noqa: S324 (the protocol's, not ours)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def password_mac(secret: str, password_hex: str) -> str:
    return hmac.new(secret.encode(), f"gateway-password:{password_hex}".encode(), hashlib.sha256).hexdigest()


def looks_like_username(name: str) -> bool:
    """Worth looking up (and safe to put in a query: no NUL or other control characters)."""
    return bool(re.fullmatch(r"[0-9A-Z_]{1,40}", name, re.ASCII))


def validate_username(value: str, *, facility_code: str) -> str:
    """An account name: the facility code, "_", then up to 14 letters/digits (``79014_BV``)."""
    username = "".join(value.split()).upper()
    match = _USERNAME.fullmatch(username)
    if match is None:
        raise ValidationError("Tên tài khoản gồm mã cơ sở KCB (5 chữ số), dấu gạch dưới và chữ hoặc số, "
                              "ví dụ 79014_BV.", field="username")
    if match.group(1) != facility_code:
        raise ValidationError(f"Tên tài khoản phải bắt đầu bằng mã cơ sở KCB {facility_code}.", field="username")
    return username


def normalise_address(value: str) -> str:
    """An IP address or a small network (IPv4 /24 or longer, IPv6 /56 or longer)."""
    text = value.strip()
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError:
        raise ValidationError("Nhập một địa chỉ IP (ví dụ 203.0.113.7) hoặc một dải nhỏ (ví dụ 203.0.113.0/28).",
                              field="address") from None
    minimum = MIN_IPV4_PREFIX if network.version == 4 else MIN_IPV6_PREFIX
    if network.prefixlen < minimum:
        raise ValidationError(f"Dải địa chỉ quá rộng: tối đa /{minimum}.", field="address")
    if network.num_addresses == 1:
        return str(network.network_address)
    return str(network)


def address_allowed(ip: str, registered: list[str]) -> bool:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    for entry in registered:
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False
