"""Load and correct the directories from CSV files (layouts in docs/LOOKUPS_CSV.md).

A file is checked row by row before anything is written; one bad row and nothing is
imported, and every bad row is reported with its line number, in Vietnamese. Offices,
facilities and employers are matched on their code (new codes are added, known ones
corrected); collection points have no code of their own, so a file holds the complete
list for each province it mentions and replaces it. Flask-free: the CLI command and the
staff console call `import_csv`.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from vssid.core.errors import ValidationError
from vssid.core.text import fold
from vssid.lookups import services
from vssid.registry.identifiers import validate_facility_code
from vssid.registry.models import CollectionPoint, Employer, Facility, Province, VssOffice, Ward, search_text_of

MAX_PROBLEMS_SHOWN = 200
_PHONE = re.compile(r"\+?[0-9][0-9 .\-()]{2,19}")
_TAX_CODE = re.compile(r"[0-9]{10}(-[0-9]{3})?")
_UNIT_CODE = re.compile(r"[A-Z0-9]{2,10}")
_OFFICE_CODE = re.compile(r"[A-Z0-9]{2,10}")
_YES = {"co", "x", "1", "true", "yes", "c"}
_NO = {"khong", "0", "false", "no", "k", ""}


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.line}: {self.message}"


class CsvRejected(ValidationError):
    """The file was not imported; `problems` says why, row by row."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        count = len({p.line for p in problems})
        super().__init__(f"Tệp có {count} dòng lỗi nên chưa nhập dòng nào. Sửa các dòng dưới đây rồi nhập lại.")


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0

    def summary(self) -> str:
        text = f"Đã nhập {self.rows} dòng: {self.created} mới, {self.updated} cập nhật"
        return text + (f", {self.deleted} đã thay thế." if self.deleted else ".")


class _Bad(Exception):
    """One problem in one cell; collected, never shown as a trace."""


@dataclass(frozen=True)
class Column:
    name: str
    label: str  # Vietnamese name of the column, for messages
    parse: Callable[[str, _Context], object]
    required: bool = True
    target: str | None = None  # model attribute (defaults to the column name)


@dataclass
class _Context:
    provinces: set[str]
    wards: dict[str, str]  # ward code -> province code
    offices: dict[str, int] = field(default_factory=dict)  # office code -> id
    row: dict[str, object] = field(default_factory=dict)


# --- Cell parsers -----------------------------------------------------------------------


def _text(limit: int) -> Callable[[str, _Context], str]:
    def parse(value: str, _ctx: _Context) -> str:
        value = " ".join(value.split())
        if len(value) > limit:
            raise _Bad(f"dài quá {limit} ký tự")
        return value
    return parse


def _province(value: str, ctx: _Context) -> str:
    code = value.strip().zfill(2) if value.strip().isdigit() else value.strip()
    if code not in ctx.provinces:
        raise _Bad(f"mã tỉnh “{value}” không có trong danh mục 34 tỉnh, thành phố (từ 01/07/2025)")
    return code


def _ward(value: str, ctx: _Context) -> str | None:
    code = value.strip()
    if code.isdigit():
        code = code.zfill(5)
    if code not in ctx.wards:
        raise _Bad(f"mã xã, phường “{value}” không có trong danh mục")
    return code


def _phone(value: str, _ctx: _Context) -> str:
    value = value.strip()
    if not _PHONE.fullmatch(value) or len(value) > 20:
        raise _Bad(f"số điện thoại “{value}” không hợp lệ (chỉ gồm chữ số, dấu cách, dấu chấm, gạch nối)")
    return value


def _coordinate(low: int, high: int) -> Callable[[str, _Context], Decimal]:
    def parse(value: str, _ctx: _Context) -> Decimal:
        text = value.strip().replace(",", ".") if value.count(",") == 1 and "." not in value else value.strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise _Bad(f"“{value}” không phải là số (ví dụ 10.757)") from None
        if not number.is_finite() or not low <= number <= high:
            raise _Bad(f"phải nằm trong khoảng {low} đến {high}")
        return number.quantize(Decimal("0.000001"))
    return parse


def _yes_no(value: str, _ctx: _Context) -> bool:
    folded = fold(value)
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise _Bad(f"“{value}” phải là “có” hoặc “không”")


def _facility_code(value: str, _ctx: _Context) -> str:
    try:
        return validate_facility_code(value)
    except ValidationError as exc:
        raise _Bad(exc.message[0].lower() + exc.message[1:]) from None


def _code(pattern: re.Pattern, what: str) -> Callable[[str, _Context], str]:
    def parse(value: str, _ctx: _Context) -> str:
        code = value.strip().upper()
        if not pattern.fullmatch(code):
            raise _Bad(f"{what} “{value}” không hợp lệ")
        return code
    return parse


def _tax_code(value: str, _ctx: _Context) -> str:
    code = value.strip()
    if not _TAX_CODE.fullmatch(code):
        raise _Bad(f"mã số thuế “{value}” phải gồm 10 chữ số, hoặc 10 chữ số, gạch nối và 3 chữ số")
    return code


def _office(value: str, ctx: _Context) -> int:
    code = value.strip().upper()
    if code not in ctx.offices:
        raise _Bad(f"không có cơ quan BHXH mã “{value}” (nhập danh sách cơ quan BHXH trước)")
    return ctx.offices[code]


def _choice(choices: dict[str, str], what: str) -> Callable[[str, _Context], str]:
    """Accept the stored value or its Vietnamese label, with or without diacritics."""
    accepted = {fold(key): key for key in choices} | {fold(label): key for key, label in choices.items()}

    def parse(value: str, _ctx: _Context) -> str:
        found = accepted.get(fold(value))
        if found is None:
            raise _Bad(f"{what} “{value}” không hợp lệ; dùng: " + ", ".join(f"“{label}”" for label in choices.values()))
        return found
    return parse


# --- Layouts ----------------------------------------------------------------------------

PLACE = [
    Column("ma_tinh", "mã tỉnh", _province, target="province_code"),
    Column("ma_xa", "mã xã, phường", _ward, required=False, target="ward_code"),
]
COORDINATES = [
    Column("vi_do", "vĩ độ", _coordinate(-90, 90), required=False, target="latitude"),
    Column("kinh_do", "kinh độ", _coordinate(-180, 180), required=False, target="longitude"),
]


@dataclass(frozen=True)
class Layout:
    kind: str
    title: str
    model: type
    key: str | None  # column identifying a row (None: replace per province)
    columns: list[Column]


LAYOUTS: dict[str, Layout] = {
    "offices": Layout("offices", "Cơ quan BHXH", VssOffice, "code", [
        Column("ma", "mã cơ quan", _code(_OFFICE_CODE, "mã cơ quan BHXH"), target="code"),
        Column("ten", "tên", _text(200), target="name"),
        Column("dia_chi", "địa chỉ", _text(300), target="address"),
        *PLACE,
        Column("dien_thoai", "điện thoại", _phone, required=False, target="phone"),
        Column("gio_lam_viec", "giờ làm việc", _text(200), required=False, target="opening_hours"),
        *COORDINATES,
    ]),
    "facilities": Layout("facilities", "Cơ sở khám chữa bệnh", Facility, "code", [
        Column("ma", "mã cơ sở", _facility_code, target="code"),
        Column("ten", "tên", _text(200), target="name"),
        Column("tuyen", "tuyến, cấp", _text(40), target="level"),
        Column("dia_chi", "địa chỉ", _text(300), target="address"),
        *PLACE,
        Column("hop_dong_bhyt", "ký hợp đồng KCB BHYT", _yes_no, required=False, target="contracted_bhyt"),
        Column("nhan_dang_ky_ban_dau", "nhận đăng ký KCB ban đầu", _yes_no, required=False,
               target="accepts_initial_registration"),
        Column("cap_giay_nghi_viec", "cấp giấy nghỉ việc hưởng BHXH", _yes_no, required=False,
               target="issues_sick_leave"),
        Column("dien_thoai", "điện thoại", _phone, required=False, target="phone"),
        *COORDINATES,
    ]),
    "employers": Layout("employers", "Đơn vị tham gia BHXH", Employer, "unit_code", [
        Column("ma_don_vi", "mã đơn vị", _code(_UNIT_CODE, "mã đơn vị"), target="unit_code"),
        Column("ten", "tên", _text(250), target="name"),
        Column("ma_so_thue", "mã số thuế", _tax_code, required=False, target="tax_code"),
        Column("dia_chi", "địa chỉ", _text(300), target="address"),
        *PLACE,
        Column("ma_co_quan_bhxh", "mã cơ quan BHXH quản lý", _office, required=False, target="office_id"),
        Column("trang_thai", "trạng thái", _choice(services.EMPLOYER_STATUS, "trạng thái"), target="status"),
    ]),
    "collection-points": Layout("collection-points", "Điểm thu, đại lý thu", CollectionPoint, None, [
        Column("loai", "loại", _choice(services.COLLECTION_KINDS, "loại"), target="kind"),
        Column("ten", "tên", _text(200), target="name"),
        Column("dia_chi", "địa chỉ", _text(300), target="address"),
        *PLACE,
        Column("dien_thoai", "điện thoại", _phone, required=False, target="phone"),
        Column("gio_lam_viec", "giờ làm việc", _text(200), required=False, target="opening_hours"),
    ]),
}
DEFAULTS = {
    "facilities": {"contracted_bhyt": True, "accepts_initial_registration": True, "issues_sick_leave": False},
}


# --- Reading ----------------------------------------------------------------------------


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvRejected([RowProblem(1, "tệp không phải văn bản UTF-8. Trong Excel, chọn "
                                         "Lưu thành “CSV UTF-8 (Comma delimited)”.")]) from None


def _rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for record in reader:
            if header is None:
                header = record
            elif any(cell.strip() for cell in record):
                rows.append((line, record))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise CsvRejected([RowProblem(line, f"không đọc được dòng này ({exc}); kiểm tra dấu ngoặc kép")]) from None
    return header or [], rows


def parse_csv(session: Session, *, kind: str, data: bytes | str) -> tuple[Layout, list[tuple[int, dict]]]:
    """Check a file; return its rows as model values, or raise CsvRejected listing every problem."""
    layout = LAYOUTS.get(kind)
    if layout is None:
        raise ValidationError(f"Không có danh mục “{kind}”. Chọn một trong: {', '.join(LAYOUTS)}.")
    header, rows = _rows(_decode(data))
    names = [fold(name).replace(" ", "_") for name in header]
    known = {column.name for column in layout.columns}
    problems = [RowProblem(1, f"thiếu cột “{c.name}” ({c.label})") for c in layout.columns if c.required and c.name not in names]
    problems += [RowProblem(1, f"cột “{name}” không có trong mẫu {layout.title}") for name in names if name not in known]
    if len(set(names)) != len(names):
        problems.append(RowProblem(1, "có cột bị lặp tên"))
    if problems:
        raise CsvRejected(problems)
    if not rows:
        raise CsvRejected([RowProblem(2, "tệp không có dòng dữ liệu nào")])

    ctx = _Context(
        provinces=set(session.scalars(select(Province.code))),
        wards=dict(session.execute(select(Ward.code, Ward.province_code)).all()),
        offices=dict(session.execute(select(VssOffice.code, VssOffice.id)).all())
        if kind == "employers" else {},
    )
    parsed: list[tuple[int, dict]] = []
    seen: dict[object, int] = {}
    by_name = {column.name: column for column in layout.columns}
    for line, record in rows:
        if len(record) != len(names):
            problems.append(RowProblem(line, f"có {len(record)} ô, mẫu có {len(names)} cột"))
            continue
        ctx.row = dict(DEFAULTS.get(kind, {}))
        values = dict(zip(names, record))
        row_ok = True
        for name in names:
            column = by_name[name]
            raw = values[name]
            target = column.target or column.name
            if not raw.strip():
                if column.required:
                    problems.append(RowProblem(line, f"thiếu {column.label}"))
                    row_ok = False
                elif target not in ctx.row:
                    ctx.row[target] = None
                continue
            try:
                ctx.row[target] = column.parse(raw, ctx)
            except _Bad as exc:
                problems.append(RowProblem(line, f"{column.label}: {exc}"))
                row_ok = False
        ward, province = ctx.row.get("ward_code"), ctx.row.get("province_code")
        if row_ok and ward and ctx.wards[ward] != province:
            problems.append(RowProblem(line, f"xã, phường mã {ward} không thuộc tỉnh có mã {province}"))
            row_ok = False
        if row_ok and (ctx.row.get("latitude") is None) != (ctx.row.get("longitude") is None):
            problems.append(RowProblem(line, "cần cả vĩ độ và kinh độ, hoặc để trống cả hai"))
            row_ok = False
        if row_ok and layout.key:
            key = ctx.row[layout.key]
            if key in seen:
                problems.append(RowProblem(line, f"{by_name[_column_of(layout, layout.key)].label} “{key}” "
                                                 f"trùng với dòng {seen[key]}"))
                row_ok = False
            else:
                seen[key] = line
        if row_ok:
            parsed.append((line, ctx.row))
    if problems:
        raise CsvRejected(problems)
    return layout, parsed


def _column_of(layout: Layout, target: str) -> str:
    return next(c.name for c in layout.columns if (c.target or c.name) == target)


# --- Writing ----------------------------------------------------------------------------


def import_csv(session: Session, *, kind: str, data: bytes | str) -> ImportResult:
    """Import a whole file in one transaction, or nothing (CsvRejected)."""
    layout, rows = parse_csv(session, kind=kind, data=data)
    model = layout.model
    result = ImportResult(kind=kind, rows=len(rows))
    values = [row for _line, row in rows]
    for row in values:
        row["search_text"] = search_text_of(model, row)
    try:
        if layout.key is None:
            provinces = sorted({row["province_code"] for row in values})
            result.deleted = session.execute(
                delete(model).where(model.province_code.in_(provinces))
            ).rowcount or 0
            session.execute(insert(model), values)
            result.created = len(values)
        else:
            key = getattr(model, layout.key)
            existing: dict[object, object] = {}
            keys = [row[layout.key] for row in values]
            ident = model.code if model is Facility else model.id
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                existing.update(session.execute(select(key, ident).where(key.in_(chunk))).all())
            new = [row for row in values if row[layout.key] not in existing]
            known = [row for row in values if row[layout.key] in existing]
            if new:
                session.execute(insert(model), new)
            if known:
                if model is not Facility:
                    for row in known:
                        row["id"] = existing[row[layout.key]]
                session.execute(update(model), known)
            result.created, result.updated = len(new), len(known)
        session.commit()
    except Exception:
        session.rollback()
        raise
    if model is Facility:
        services.forget_cached_levels()
    return result
