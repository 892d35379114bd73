"""Load people, cards, participation, benefits and visits from the core system's JSON export.

The format is one JSON document described by docs/registry-import.schema.json (JSON
Schema 2020-12). An import happens in three steps, and nothing is written unless the
first two pass for the whole file:

1. the document is checked against the schema (`jsonschema`);
2. what a schema cannot say is checked against the file and the database: real dates,
   periods in order, visit totals that add up (DOMAIN.md §6), codes that exist
   (provinces, wards, facilities, offices, employers, object codes), every record's
   person present in the file or already loaded, no key twice;
3. records are written, matched on their keys so that importing the same file twice
   changes nothing: person by ma_so; card by (ma_so, valid_from); participation period
   by (ma_so, scheme, from_month); benefit by decision_number; visit by
   (ma_so, facility_code, admitted_at), its cost lines replaced with the file's.

Every problem names the record (collection and index, e.g. people[3]) and the field.
Flask-free: `flask registry import FILE` and the staff console both call `import_export`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from jsonschema import Draft202012Validator
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from vssid.accounts.audit import Client
from vssid.config import ROOT
from vssid.core.errors import ValidationError
from vssid.registry.models import (
    BenefitRecord, Employer, Facility, HealthCard, MedicalVisit, ParticipationPeriod, Person, Province,
    VisitCostLine, VssOffice, Ward,
)
from vssid.registry.object_codes import OBJECT_CODES
from vssid.registry.provinces_legacy import PROVINCES_LEGACY
from vssid.staff.audit_log import record

SCHEMA_PATH = ROOT / "docs" / "registry-import.schema.json"
COLLECTIONS = ("people", "cards", "participation", "benefits", "visits")
COLLECTION_LABELS_VI = {
    "people": "người tham gia", "cards": "thẻ BHYT", "participation": "giai đoạn tham gia",
    "benefits": "chế độ hưởng", "visits": "lượt khám chữa bệnh",
}
MAX_PROBLEMS = 200
_CHUNK = 900  # values per IN (...) list, well under SQLite's and PostgreSQL's parameter limits
_TYPES_VI = {"string": "chuỗi ký tự", "integer": "số nguyên", "number": "số", "boolean": "true/false",
             "array": "danh sách", "object": "đối tượng", "null": "null"}


@dataclass(frozen=True)
class Problem:
    collection: str | None
    index: int | None
    field: str | None
    message: str
    key: str | None = None  # the record's mã số, to find it in the file

    @property
    def record(self) -> str:
        if self.collection is None:
            return "tệp"
        return f"{self.collection}[{self.index}]" if self.index is not None else self.collection

    def __str__(self) -> str:
        where = f"Bản ghi {self.record}" if self.index is not None else f"Mục {self.record}"
        if self.key:
            where += f" (mã số {self.key})"
        if self.field:
            where += f", trường “{self.field}”"
        return f"{where}: {self.message}"


class ImportRejected(ValidationError):
    """Nothing was written; `problems` says why, record by record."""

    def __init__(self, problems: list[Problem], *, total: int | None = None, format_only: bool = False) -> None:
        self.problems = problems[:MAX_PROBLEMS]
        self.total = total if total is not None else len(problems)
        message = f"Tệp có {self.total} lỗi nên chưa ghi bản ghi nào. Sửa các lỗi dưới đây rồi nhập lại."
        if format_only:
            # Cross-checks need well-formed records: they run once the format is right.
            message += " Khi định dạng đã đúng, tệp còn được đối chiếu với cơ sở dữ liệu."
        super().__init__(message)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportResult:
    counts: dict[str, Counts] = field(default_factory=lambda: {name: Counts() for name in COLLECTIONS})
    dry_run: bool = False
    sha256: str = ""

    def summary(self) -> str:
        parts = [
            f"{COLLECTION_LABELS_VI[name]}: {c.created} mới, {c.updated} cập nhật, {c.unchanged} không đổi"
            for name, c in self.counts.items() if c.total
        ]
        head = "Kiểm tra xong, chưa ghi gì (chạy thử)" if self.dry_run else "Đã nhập"
        return f"{head}. " + ("; ".join(parts) + "." if parts else "Tệp không có bản ghi nào.")


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


# --- Step 1: JSON and the schema -------------------------------------------------------


def parse_document(data: bytes) -> object:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected([Problem(None, None, None, "Tệp phải là văn bản UTF-8.")]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected([Problem(None, None, None,
                                      f"Tệp không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}).")]) from None


def _field_path(parts: Iterable) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _schema_message(error) -> tuple[str, str | None]:
    """A Vietnamese message for a jsonschema error, and the property it is about (if not in the path)."""
    kind, value, schema_part = error.validator, error.validator_value, error.schema
    if kind == "required":
        missing = re.search(r"'(.+?)' is a required property", error.message)
        name = missing.group(1) if missing else None
        return "thiếu trường bắt buộc.", name
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(schema_part.get("properties", {}))) if isinstance(error.instance, dict) else []
        return "trường không có trong định dạng (docs/registry-import.schema.json).", extra[0] if extra else None
    if kind == "type":
        kinds = value if isinstance(value, list) else [value]
        return "sai kiểu dữ liệu, cần " + " hoặc ".join(_TYPES_VI.get(k, k) for k in kinds) + ".", None
    if kind == "pattern":
        hint = schema_part.get("description")
        return f"giá trị “{error.instance}” sai định dạng." + (f" {hint}" if hint else ""), None
    if kind == "enum":
        allowed = ", ".join("null" if v is None else str(v) for v in value)
        return f"giá trị “{error.instance}” không hợp lệ; chỉ nhận: {allowed}.", None
    if kind == "const":
        return f"phải là “{value}”.", None
    if kind == "minimum":
        return f"phải lớn hơn hoặc bằng {value}.", None
    if kind == "maximum":
        return f"phải nhỏ hơn hoặc bằng {value}.", None
    if kind == "exclusiveMinimum":
        return f"phải lớn hơn {value}.", None
    if kind == "minLength":
        return ("không được để trống." if value == 1 else f"phải có ít nhất {value} ký tự."), None
    if kind == "maxLength":
        return f"dài quá {value} ký tự.", None
    if kind == "maxItems":
        return f"tối đa {value} mục.", None
    return error.message, None


def _key_of(document: object, collection: str, index: int) -> str | None:
    try:
        ma_so = document[collection][index].get("ma_so")
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return ma_so if isinstance(ma_so, str) and len(ma_so) <= 12 else None


def schema_problems(document: object) -> tuple[list[Problem], int]:
    problems, total = [], 0
    for error in sorted(_validator().iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path]):
        total += 1
        if len(problems) >= MAX_PROBLEMS:
            continue
        path = list(error.absolute_path)
        message, name = _schema_message(error)
        if len(path) >= 2 and path[0] in COLLECTIONS and isinstance(path[1], int):
            collection, index, rest = path[0], path[1], path[2:]
        else:
            collection, index, rest = (path[0] if path else None), None, path[1:]
        if name:
            rest = [*rest, name]
        key = _key_of(document, collection, index) if index is not None else None
        problems.append(Problem(collection, index, _field_path(rest) or None, message, key))
    return problems, total


# --- Step 2: what the schema cannot check ------------------------------------------------


def _chunks(values: list) -> Iterable[list]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _in(session: Session, columns, key_column, values: Iterable) -> list:
    values = sorted(set(values))
    rows = []
    for chunk in _chunks(values):
        rows.extend(session.execute(select(*columns).where(key_column.in_(chunk))).all())
    return rows


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _month(value: str | None) -> dt.date | None:
    return dt.date(int(value[:4]), int(value[5:7]), 1) if value else None


def _moment(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.timezone.utc)


def _quantity(value: object) -> Decimal:
    return Decimal(str(value))


@dataclass
class _Refs:
    """Codes and people the file points to, as found in the database."""

    person_ids: dict[str, int] = field(default_factory=dict)
    facilities: set[str] = field(default_factory=set)
    offices: dict[str, int] = field(default_factory=dict)
    employers: dict[str, int] = field(default_factory=dict)
    provinces: set[str] = field(default_factory=set)
    wards: dict[str, str] = field(default_factory=dict)  # ward code -> province code


class _Checker:
    def __init__(self, session: Session, document: dict) -> None:
        self.session, self.doc = session, document
        self.problems: list[Problem] = []
        self.refs = _Refs()

    def problem(self, collection: str, index: int, field_name: str | None, message: str) -> None:
        self.problems.append(Problem(collection, index, field_name, message, _key_of(self.doc, collection, index)))

    def items(self, collection: str) -> list[dict]:
        return self.doc.get(collection) or []

    def load_refs(self) -> None:
        session, refs = self.session, self.refs
        ma_sos = {r["ma_so"] for name in COLLECTIONS for r in self.items(name)}
        ma_sos |= {p["guardian_ma_so"] for p in self.items("people") if p.get("guardian_ma_so")}
        refs.person_ids = dict(_in(session, (Person.ma_so, Person.id), Person.ma_so, ma_sos))
        codes = {r["facility_code"] for name in ("cards", "visits") for r in self.items(name)}
        refs.facilities = {row[0] for row in _in(session, (Facility.code,), Facility.code, codes)}
        offices = {r.get("issuing_office_code") for r in self.items("cards")}
        offices |= {r.get("paying_office_code") for r in self.items("benefits")}
        refs.offices = dict(_in(session, (VssOffice.code, VssOffice.id), VssOffice.code, offices - {None}))
        employers = {r.get("employer_unit_code") for r in self.items("participation")} - {None}
        refs.employers = dict(_in(session, (Employer.unit_code, Employer.id), Employer.unit_code, employers))
        refs.provinces = set(session.scalars(select(Province.code)))
        wards = {p.get("ward_code") for p in self.items("people")} - {None}
        refs.wards = dict(_in(session, (Ward.code, Ward.province_code), Ward.code, wards))

    def check(self) -> _Refs:
        self.load_refs()
        people_in_file = self.check_people()
        known = people_in_file | set(self.refs.person_ids)
        for name, check in (("cards", self.check_card), ("participation", self.check_period),
                            ("benefits", self.check_benefit), ("visits", self.check_visit)):
            seen: dict[object, int] = {}
            for index, item in enumerate(self.items(name)):
                if item["ma_so"] not in known:
                    self.problem(name, index, "ma_so",
                                 "không có người tham gia với mã số này trong tệp hay trong cơ sở dữ liệu.")
                key = check(index, item)
                if key is not None:
                    if key in seen:
                        self.problem(name, index, None, f"trùng khóa với bản ghi {name}[{seen[key]}].")
                    else:
                        seen[key] = index
        self.check_decisions_belong_to_their_people()
        return self.refs

    def check_people(self) -> set[str]:
        seen: dict[str, int] = {}
        cccds: dict[str, str] = {}
        for index, person in enumerate(self.items("people")):
            ma_so = person["ma_so"]
            if ma_so in seen:
                self.problem("people", index, "ma_so", f"trùng mã số với bản ghi people[{seen[ma_so]}].")
            seen.setdefault(ma_so, index)
            month, day = person.get("birth_month"), person.get("birth_day")
            if day is not None and month is None:
                self.problem("people", index, "birth_day", "có ngày sinh thì phải có tháng sinh.")
            elif day is not None:
                try:
                    dt.date(person["birth_year"], month, day)
                except ValueError:
                    self.problem("people", index, "birth_day", "ngày sinh không có thật.")
            if person["province_code"] not in self.refs.provinces:
                self.problem("people", index, "province_code", f"mã tỉnh “{person['province_code']}” không có.")
            ward = person.get("ward_code")
            if ward and self.refs.wards.get(ward) != person["province_code"]:
                self.problem("people", index, "ward_code", f"mã xã/phường “{ward}” không thuộc tỉnh này.")
            guardian = person.get("guardian_ma_so")
            if guardian == ma_so:
                self.problem("people", index, "guardian_ma_so", "người giám hộ không thể là chính người này.")
            if person.get("cccd"):
                cccds.setdefault(person["cccd"], ma_so)
                if cccds[person["cccd"]] != ma_so:
                    self.problem("people", index, "cccd", "số CCCD trùng với một người khác trong tệp.")
        in_file = set(seen)
        for index, person in enumerate(self.items("people")):
            guardian = person.get("guardian_ma_so")
            if guardian and guardian not in in_file and guardian not in self.refs.person_ids:
                self.problem("people", index, "guardian_ma_so", "không có người giám hộ với mã số này.")
        owners = dict(_in(self.session, (Person.cccd, Person.ma_so), Person.cccd, set(cccds)))
        for index, person in enumerate(self.items("people")):
            owner = owners.get(person.get("cccd"))
            if owner is not None and owner != person["ma_so"]:
                self.problem("people", index, "cccd", f"số CCCD đã thuộc mã số {owner} trong cơ sở dữ liệu.")
        return in_file

    def _dates(self, name: str, index: int, item: dict, fields: tuple[str, ...]) -> dict[str, dt.date | None]:
        values = {}
        for field_name in fields:
            try:
                values[field_name] = _date(item.get(field_name))
            except ValueError:
                self.problem(name, index, field_name, f"ngày “{item[field_name]}” không có thật.")
                values[field_name] = None
        return values

    def check_card(self, index: int, card: dict):
        dates = self._dates("cards", index, card, ("valid_from", "valid_to", "issue_date", "five_years_date"))
        if dates["valid_from"] and dates["valid_to"] and dates["valid_from"] > dates["valid_to"]:
            self.problem("cards", index, "valid_to", "hạn thẻ phải sau ngày bắt đầu giá trị sử dụng.")
        if card["object_code"] not in OBJECT_CODES:
            self.problem("cards", index, "object_code", f"mã đối tượng “{card['object_code']}” không có trong danh mục.")
        if card["province_code"] not in PROVINCES_LEGACY:
            self.problem("cards", index, "province_code", f"mã tỉnh “{card['province_code']}” không hợp lệ.")
        if card["facility_code"] not in self.refs.facilities:
            self.problem("cards", index, "facility_code",
                         f"cơ sở KCB “{card['facility_code']}” không có trong danh mục.")
        office = card.get("issuing_office_code")
        if office and office not in self.refs.offices:
            self.problem("cards", index, "issuing_office_code", f"cơ quan BHXH “{office}” không có trong danh mục.")
        return (card["ma_so"], dates["valid_from"]) if dates["valid_from"] else None

    def check_period(self, index: int, period: dict):
        start, end = _month(period["from_month"]), _month(period.get("to_month"))
        if end is not None and end < start:
            self.problem("participation", index, "to_month", "tháng kết thúc phải sau tháng bắt đầu.")
        if period["province_code"] not in self.refs.provinces:
            self.problem("participation", index, "province_code", f"mã tỉnh “{period['province_code']}” không có.")
        employer = period.get("employer_unit_code")
        if employer and employer not in self.refs.employers:
            self.problem("participation", index, "employer_unit_code", f"đơn vị “{employer}” không có trong danh mục.")
        return (period["ma_so"], period["scheme"], start)

    def check_benefit(self, index: int, benefit: dict):
        dates = self._dates("benefits", index, benefit, ("decision_date", "period_from", "period_to"))
        if dates["period_from"] and dates["period_to"] and dates["period_from"] > dates["period_to"]:
            self.problem("benefits", index, "period_to", "ngày kết thúc phải sau ngày bắt đầu.")
        office = benefit.get("paying_office_code")
        if office and office not in self.refs.offices:
            self.problem("benefits", index, "paying_office_code", f"cơ quan BHXH “{office}” không có trong danh mục.")
        return benefit["decision_number"]

    def check_visit(self, index: int, visit: dict):
        try:
            admitted, discharged = _moment(visit["admitted_at"]), _moment(visit["discharged_at"])
        except ValueError:
            self.problem("visits", index, "admitted_at", "thời điểm vào/ra viện không có thật.")
            admitted = discharged = None
        if admitted and discharged and discharged < admitted:
            self.problem("visits", index, "discharged_at", "thời điểm ra viện phải sau thời điểm vào viện.")
        if visit["facility_code"] not in self.refs.facilities:
            self.problem("visits", index, "facility_code",
                         f"cơ sở KCB “{visit['facility_code']}” không có trong danh mục.")
        parts = visit["t_bhtt"] + visit["t_bncct"] + visit["t_bntt"] + visit["t_nguonkhac"]
        if visit["t_tongchi_bv"] != parts:
            self.problem("visits", index, "t_tongchi_bv",
                         f"tổng chi phí {visit['t_tongchi_bv']} khác tổng quỹ trả + cùng chi trả + người bệnh tự trả "
                         f"+ nguồn khác ({parts}).")
        for number, line in enumerate(visit.get("lines") or []):
            where = f"lines[{number}]"
            if line["amount"] != line["fund_part"] + line["patient_part"]:
                self.problem("visits", index, f"{where}.amount", "thành tiền khác phần quỹ trả + phần người bệnh trả.")
            try:
                quantity = _quantity(line["quantity"])
            except InvalidOperation:
                quantity = Decimal(0)
            if not (Decimal(0) < quantity < Decimal(10) ** 9) or quantity.as_tuple().exponent < -3:
                self.problem("visits", index, f"{where}.quantity", "số lượng phải lớn hơn 0, tối đa 3 chữ số thập phân.")
        return (visit["ma_so"], visit["facility_code"], admitted) if admitted else None

    def check_decisions_belong_to_their_people(self) -> None:
        owners: dict[str, str] = {}
        for chunk in _chunks(sorted({b["decision_number"] for b in self.items("benefits")})):
            owners.update(self.session.execute(
                select(BenefitRecord.decision_number, Person.ma_so)
                .join(Person, Person.id == BenefitRecord.person_id)
                .where(BenefitRecord.decision_number.in_(chunk))).all())
        for index, benefit in enumerate(self.items("benefits")):
            owner = owners.get(benefit["decision_number"])
            if owner is not None and owner != benefit["ma_so"]:
                self.problem("benefits", index, "decision_number", f"số quyết định đã thuộc mã số {owner}.")


# --- Step 3: writing -------------------------------------------------------------------


def _apply(obj, values: dict) -> bool:
    """Set the attributes that differ; True when something changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _count(counts: Counts, *, created: bool, changed: bool) -> None:
    if created:
        counts.created += 1
    elif changed:
        counts.updated += 1
    else:
        counts.unchanged += 1


class _Writer:
    def __init__(self, session: Session, document: dict, refs: _Refs, result: ImportResult) -> None:
        self.session, self.doc, self.refs, self.result = session, document, refs, result

    def items(self, collection: str) -> list[dict]:
        return self.doc.get(collection) or []

    def write(self) -> None:
        self.people()
        ids = self.refs.person_ids
        self.cards(ids)
        self.periods(ids)
        self.benefits(ids)
        self.visits(ids)
        self.session.flush()

    def people(self) -> None:
        session, counts = self.session, self.result.counts["people"]
        existing = {p.ma_so: p for chunk in _chunks(sorted({r["ma_so"] for r in self.items("people")}))
                    for p in session.scalars(select(Person).where(Person.ma_so.in_(chunk)))}
        touched: dict[str, tuple[Person, bool, bool]] = {}
        for item in self.items("people"):
            values = {
                "cccd": item.get("cccd"), "full_name": " ".join(item["full_name"].split()),
                "birth_year": item["birth_year"], "birth_month": item.get("birth_month"),
                "birth_day": item.get("birth_day"), "gender": item["gender"], "address": item["address"],
                "province_code": item["province_code"], "ward_code": item.get("ward_code"),
                "phone": item.get("phone"), "email": item.get("email"),
            }
            person = existing.get(item["ma_so"])
            if person is None:
                person = Person(ma_so=item["ma_so"], **values)
                session.add(person)
                touched[item["ma_so"]] = (person, True, True)
            else:
                touched[item["ma_so"]] = (person, False, _apply(person, values))
        session.flush()
        self.refs.person_ids.update({ma_so: person.id for ma_so, (person, _, _) in touched.items()})
        for item in self.items("people"):
            person, created, changed = touched[item["ma_so"]]
            guardian = self.refs.person_ids.get(item.get("guardian_ma_so")) if item.get("guardian_ma_so") else None
            changed = _apply(person, {"guardian_id": guardian}) or changed
            _count(counts, created=created, changed=changed)
        session.flush()

    def _existing(self, model, ids: dict[str, int], collection: str, key) -> dict:
        person_ids = sorted({ids[r["ma_so"]] for r in self.items(collection)})
        found: dict = {}
        for chunk in _chunks(person_ids):
            query = select(model).where(model.person_id.in_(chunk)).order_by(model.id)
            if model is MedicalVisit:
                query = query.options(selectinload(MedicalVisit.lines))
            for row in self.session.scalars(query):
                found.setdefault(key(row), row)
        return found

    def cards(self, ids: dict[str, int]) -> None:
        counts = self.result.counts["cards"]
        existing = self._existing(HealthCard, ids, "cards", lambda c: (c.person_id, c.valid_from))
        for item in self.items("cards"):
            person_id, valid_from = ids[item["ma_so"]], _date(item["valid_from"])
            values = {
                "card_number": item.get("card_number") or item["ma_so"], "object_code": item["object_code"],
                "benefit_level": item["benefit_level"], "province_code": item["province_code"],
                "area_code": item.get("area_code"), "facility_code": item["facility_code"],
                "valid_to": _date(item["valid_to"]), "issue_date": _date(item["issue_date"]),
                "five_years_date": _date(item.get("five_years_date")),
                "issuing_office_id": self.refs.offices.get(item.get("issuing_office_code")),
                "status": item.get("status", "active"),
            }
            card = existing.get((person_id, valid_from))
            if card is None:
                self.session.add(HealthCard(person_id=person_id, valid_from=valid_from, **values))
                _count(counts, created=True, changed=True)
            else:
                _count(counts, created=False, changed=_apply(card, values))

    def periods(self, ids: dict[str, int]) -> None:
        counts = self.result.counts["participation"]
        existing = self._existing(ParticipationPeriod, ids, "participation",
                                  lambda p: (p.person_id, p.scheme, p.from_month))
        for item in self.items("participation"):
            person_id, start = ids[item["ma_so"]], _month(item["from_month"])
            values = {
                "to_month": _month(item.get("to_month")),
                "employer_id": self.refs.employers.get(item.get("employer_unit_code")),
                "job": item.get("job"), "wage": item["wage"], "province_code": item["province_code"],
                "mode": item["mode"], "employer_owes": item.get("employer_owes", False),
            }
            period = existing.get((person_id, item["scheme"], start))
            if period is None:
                self.session.add(ParticipationPeriod(person_id=person_id, scheme=item["scheme"], from_month=start, **values))
                _count(counts, created=True, changed=True)
            else:
                _count(counts, created=False, changed=_apply(period, values))

    def benefits(self, ids: dict[str, int]) -> None:
        counts = self.result.counts["benefits"]
        numbers = sorted({r["decision_number"] for r in self.items("benefits")})
        existing = {b.decision_number: b for chunk in _chunks(numbers)
                    for b in self.session.scalars(select(BenefitRecord).where(BenefitRecord.decision_number.in_(chunk)))}
        for item in self.items("benefits"):
            values = {
                "person_id": ids[item["ma_so"]], "regime": item["regime"],
                "decision_date": _date(item["decision_date"]), "period_from": _date(item.get("period_from")),
                "period_to": _date(item.get("period_to")), "days": item.get("days"), "amount": item["amount"],
                "payment_method": item["payment_method"],
                "paying_office_id": self.refs.offices.get(item.get("paying_office_code")),
                "status": item.get("status", "paid"),
            }
            benefit = existing.get(item["decision_number"])
            if benefit is None:
                self.session.add(BenefitRecord(decision_number=item["decision_number"], **values))
                _count(counts, created=True, changed=True)
            else:
                _count(counts, created=False, changed=_apply(benefit, values))

    def visits(self, ids: dict[str, int]) -> None:
        counts = self.result.counts["visits"]
        existing = self._existing(MedicalVisit, ids, "visits",
                                  lambda v: (v.person_id, v.facility_code, v.admitted_at))
        money = ("t_tongchi_bv", "t_tongchi_bh", "t_bncct", "t_bhtt", "t_bntt", "t_nguonkhac", "t_thuoc", "t_vtyt")
        for item in self.items("visits"):
            person_id, admitted = ids[item["ma_so"]], _moment(item["admitted_at"])
            values = {
                "card_number": item.get("card_number") or item["ma_so"], "visit_type": item["visit_type"],
                "discharged_at": _moment(item["discharged_at"]), "main_icd": item["main_icd"],
                "secondary_icds": ";".join(item.get("secondary_icds") or []) or None,
                "treatment_result": item["treatment_result"], "discharge_type": item["discharge_type"],
                **{name: item[name] for name in money},
            }
            lines = [
                (line["group_code"], line["name"], line["unit"], _quantity(line["quantity"]), line["unit_price"],
                 line["amount"], line["bhyt_rate"], line["fund_part"], line["patient_part"])
                for line in item.get("lines") or []
            ]
            visit = existing.get((person_id, item["facility_code"], admitted))
            created = visit is None
            if created:
                visit = MedicalVisit(person_id=person_id, facility_code=item["facility_code"], admitted_at=admitted, **values)
                self.session.add(visit)
                changed = True
            else:
                changed = _apply(visit, values)
            current = [(l.group_code, l.name, l.unit, l.quantity, l.unit_price, l.amount, l.bhyt_rate, l.fund_part,
                        l.patient_part) for l in visit.lines]
            if current != lines:
                visit.lines = [
                    VisitCostLine(person_id=person_id, group_code=g, name=n, unit=u, quantity=q, unit_price=p,
                                  amount=a, bhyt_rate=r, fund_part=f, patient_part=pp)
                    for g, n, u, q, p, a, r, f, pp in lines
                ]
                changed = True
            _count(counts, created=created, changed=changed)


# --- The whole import ------------------------------------------------------------------


def check(session: Session, document: object) -> _Refs:
    """Steps 1 and 2: raise ImportRejected naming every bad record, or return the references."""
    problems, total = schema_problems(document)
    if problems:
        raise ImportRejected(problems, total=total, format_only=True)
    checker = _Checker(session, document)
    refs = checker.check()
    if checker.problems:
        raise ImportRejected(checker.problems)
    return refs


def import_export(
    session: Session, *, data: bytes, staff_id: int | None, client: Client | None, dry_run: bool = False,
) -> ImportResult:
    """Check the whole file, then write it in one transaction (or, dry run, roll it back)."""
    result = ImportResult(dry_run=dry_run, sha256=hashlib.sha256(data).hexdigest())
    document = parse_document(data)
    try:
        refs = check(session, document)
        _Writer(session, document, refs, result).write()
    except BaseException:
        session.rollback()
        raise
    if dry_run:
        session.rollback()
        return result
    record(session, "registry_imported", staff_id=staff_id, client=client, sha256=result.sha256,
           counts={name: [c.created, c.updated, c.unchanged] for name, c in result.counts.items()})
    session.commit()
    return result
