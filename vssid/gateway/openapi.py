"""OpenAPI 3.0 description of the gateway API (served at /api/openapi.json).

Hand-written to follow DOMAIN.md §9 field for field; the schemathesis test
(tests/integration/test_gateway_openapi.py) checks every answer against it.
"""
from __future__ import annotations

from vssid.gateway.rules import MESSAGES

_STR = {"type": "string", "nullable": True}
_CODES = sorted({*MESSAGES, "101"})
# maKetQua of the operations' other answers (rules.http_error): 401 from the services; 205 (400),
# 413, 429, and 500 or 101 (500, 503) from the HTTP layer. 404 and 405 answer other paths and methods.
_ERROR_CODES = ["101", "205", "401", "413", "429", "500"]

_LOOKUP_FIELDS = {
    "maThe": {"type": "string", "pattern": r"^([0-9]{10}|[A-Z]{2}[1-5][0-9]{12})$", "description": "Mã thẻ BHYT: 10 chữ số (mã số BHXH) hoặc 15 ký tự (thẻ cũ).",
              "example": "HC4790123456789"},
    "hoTen": {"type": "string", "maxLength": 120, "description": "Họ và tên người bệnh như trên thẻ.", "example": "Trần Văn A"},
    "ngaySinh": {"type": "string", "pattern": r"^([0-9]{2}/[0-9]{2}/)?[0-9]{4}$", "description": "dd/mm/yyyy, hoặc yyyy khi chỉ có năm sinh.",
                 "example": "05/03/1994"},
    "hoTenCb": {"type": "string", "maxLength": 120, "description": "Họ tên cán bộ tra cứu (đã đăng ký với cơ quan BHXH).",
                "example": "Nguyễn Thị Lan"},
    "cccdCb": {"type": "string", "pattern": r"^[0-9]{12}$", "description": "Số CCCD của cán bộ tra cứu (12 chữ số).",
               "example": "079190001234"},
}
_LOOKUP_BODY = {
    "required": True,
    "content": {
        media: {"schema": {"type": "object", "properties": _LOOKUP_FIELDS,
                           "required": ["maThe", "hoTen", "ngaySinh", "hoTenCb", "cccdCb"]}}
        for media in ("application/json", "application/x-www-form-urlencoded")
    },
}
_CREDENTIALS = [
    {"name": name, "in": "query", "required": True, "schema": {"type": "string"}, "description": text}
    for name, text in (
        ("token", "access_token nhận từ /api/token/take."),
        ("id_token", "id_token nhận từ /api/token/take."),
        ("username", "Tài khoản của cơ sở KCB, ví dụ 79014_BV."),
        ("password", "MD5 (hex, chữ thường) của mật khẩu."),
    )
]
_HISTORY_ITEM = {
    "type": "object",
    "required": ["userKT", "thoiGianKT", "thongBao", "maLoi"],
    "properties": {"userKT": {"type": "string"}, "thoiGianKT": {"type": "string", "pattern": r"^\d{12}$"},
                   "thongBao": {"type": "string"}, "maLoi": {"type": "string", "pattern": r"^\d{3}$"}},
}
_CARD_ANSWER = {
    "type": "object",
    "required": ["maKetQua", "ghiChu", "maThe", "hoTen", "ngaySinh", "gioiTinh", "diaChi", "maDKBD", "cqBHXH",
                 "gtTheTu", "gtTheDen", "maKV", "ngayDu5Nam", "maSoBHXH", "maTheCu", "maTheMoi", "gtTheTuMoi",
                 "gtTheDenMoi", "maDKBDMoi", "tenDKBDMoi", "dsLichSuKCB2018", "dsLichSuKT2018"],
    "additionalProperties": False,
    "properties": {
        "maKetQua": {"type": "string", "enum": _CODES},
        "ghiChu": {"type": "string"},
        "maThe": _STR, "hoTen": _STR,
        "ngaySinh": {"type": "string", "nullable": True, "pattern": r"^(\d{2}/)?(\d{2}/)?\d{4}$"},
        "gioiTinh": {"type": "string", "nullable": True, "enum": ["Nam", "Nữ", None]},
        "diaChi": _STR, "maDKBD": _STR, "cqBHXH": _STR,
        "gtTheTu": {"type": "string", "nullable": True, "pattern": r"^\d{2}/\d{2}/\d{4}$"},
        "gtTheDen": {"type": "string", "nullable": True, "pattern": r"^\d{2}/\d{2}/\d{4}$"},
        "maKV": _STR, "ngayDu5Nam": _STR, "maSoBHXH": _STR, "maTheCu": _STR, "maTheMoi": _STR,
        "gtTheTuMoi": _STR, "gtTheDenMoi": _STR, "maDKBDMoi": _STR, "tenDKBDMoi": _STR,
        "dsLichSuKCB2018": {"nullable": True, "type": "array", "maxItems": 0, "items": {}},
        "dsLichSuKT2018": {"type": "array", "nullable": True, "items": _HISTORY_ITEM},
    },
}
_VISIT = {
    "type": "object",
    "required": ["maHoSo", "maCSKCB", "ngayVao", "ngayRa", "tenBenh", "tinhTrang", "kqDieuTri", "lyDoVV"],
    "properties": {
        "maHoSo": {"type": "string"}, "maCSKCB": {"type": "string", "pattern": r"^\d{5}$"},
        "ngayVao": {"type": "string", "pattern": r"^\d{12}$"}, "ngayRa": {"type": "string", "pattern": r"^\d{12}$"},
        "tenBenh": {"type": "string"},
        "tinhTrang": {"type": "string", "description": "1 ra viện, 2 chuyển viện, 3 trốn viện, 4 xin ra viện"},
        "kqDieuTri": {"type": "string", "description": "1 khỏi, 2 đỡ, 3 không thay đổi, 4 nặng hơn, 5 tử vong"},
        "lyDoVV": {"type": "string"},
    },
}
_HISTORY_ANSWER = {
    "type": "object",
    "required": ["maKetQua", "ghiChu", "dsLichSuKCB2025"],
    "additionalProperties": False,
    "properties": {"maKetQua": {"type": "string", "enum": _CODES}, "ghiChu": _STR,
                   "dsLichSuKCB2025": {"type": "array", "nullable": True, "items": _VISIT}},
}
_ERROR = {
    "type": "object", "required": ["maKetQua", "ghiChu"],
    "properties": {"maKetQua": {"type": "string", "enum": _ERROR_CODES}, "ghiChu": {"type": "string"},
                   "APIKey": {"nullable": True, "type": "object"}},
}
_RETRY_AFTER = {"Retry-After": {"description": "Số giây nên đợi trước khi gửi lại.",
                                "schema": {"type": "integer", "minimum": 1}}}


def _json(schema: dict, description: str, headers: dict | None = None) -> dict:
    answer = {"description": description, "content": {"application/json": {"schema": schema}}}
    return answer | ({"headers": headers} if headers else {})


_REFUSALS = {
    "400": _json(_ERROR, "Yêu cầu không đọc được (maKetQua 205)."),
    "401": _json(_ERROR, "Lỗi xác thực: tài khoản, token, hoặc địa chỉ IP chưa đăng ký (maKetQua 401)."),
    "413": _json(_ERROR, "Nội dung yêu cầu quá lớn (maKetQua 413)."),
    "429": _json(_ERROR, "Quá nhiều yêu cầu từ tài khoản này (maKetQua 429).", _RETRY_AFTER),
    "500": _json(_ERROR, "Lỗi máy chủ (maKetQua 500 khi lấy token, 101 khi tra cứu)."),
    "503": _json(_ERROR, "Tạm gián đoạn kết nối dữ liệu; gửi lại sau số giây trong Retry-After "
                         "(maKetQua 500 khi lấy token, 101 khi tra cứu).", _RETRY_AFTER),
}


def _lookup_operation(operation_id: str, summary: str, answer: dict) -> dict:
    return {"post": {
        "operationId": operation_id, "summary": summary, "parameters": _CREDENTIALS, "requestBody": _LOOKUP_BODY,
        "responses": {"200": _json(answer, "Kết quả tra cứu (xem maKetQua)."), **_REFUSALS},
    }}


def spec() -> dict:
    token_fields = {"username": {"type": "string", "example": "79014_BV"},
                    "password": {"type": "string", "description": "MD5 (hex) của mật khẩu.",
                                 "example": "e10adc3949ba59abbe56e057f20f883e"}}
    token_body = {"required": True, "content": {
        media: {"schema": {"type": "object", "properties": token_fields, "required": ["username", "password"]}}
        for media in ("application/json", "application/x-www-form-urlencoded")}}
    api_key = {"type": "object", "required": ["access_token", "id_token", "token_type", "username", "expires_in"],
               "properties": {"access_token": {"type": "string"}, "id_token": {"type": "string"},
                              "token_type": {"type": "string", "enum": ["Bearer"]}, "username": {"type": "string"},
                              "expires_in": {"type": "string", "format": "date-time",
                                             "description": "Thời điểm hết hạn (UTC)."}}}
    token_answer = {"type": "object", "required": ["maKetQua", "APIKey"],
                    "properties": {"maKetQua": {"type": "string", "enum": ["200"]}, "APIKey": api_key}}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "VssID – Cổng tra cứu thẻ BHYT cho phần mềm KCB (HIS)",
            "version": "2024.1",
            "description": "Tra cứu giá trị thẻ BHYT và lịch sử KCB theo Công văn 1923/BHXH-CNTT (20/06/2024) "
                           "và 2746/BHXH-CNTT. Chỉ địa chỉ IP và cán bộ đã đăng ký được tra cứu; mọi lần tra "
                           "cứu được ghi lại và người có thẻ xem được trong VssID.",
        },
        "paths": {
            "/api/token/take": {"post": {
                "operationId": "takeToken", "summary": "Lấy token (hết hạn sau 10 phút, gắn với địa chỉ IP)",
                "requestBody": token_body,
                "responses": {"200": _json(token_answer, "Token mới."), **_REFUSALS},
            }},
            "/api/egw/KQNhanLichSuKCB2024": _lookup_operation(
                "checkCard", "Tra cứu giá trị thẻ BHYT", _CARD_ANSWER),
            "/api/egw/Lskcb2025": _lookup_operation("visitHistory", "Tra cứu lịch sử KCB BHYT", _HISTORY_ANSWER),
        },
    }
