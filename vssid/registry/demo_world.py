"""The demo's world: provinces and wards read from the database, and the directories
(VSS offices, health facilities, employers, collection points) generated for them.

Also the row sink that buffers generated rows and writes them with SQLAlchemy Core
executemany, ids allocated here in Python (the tables are empty when seeding starts).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from vssid.registry import demo_names as names
from vssid.registry.demo_names import Weighted
from vssid.registry.demo_tables import LEGACY_GEO, LEGACY_OF_PROVINCE, POPULATION, REGION, UNINHABITED_WARDS
from vssid.registry.models import (
    BenefitRecord,
    CollectionPoint,
    Employer,
    Facility,
    HealthCard,
    Household,
    MedicalVisit,
    ParticipationPeriod,
    Person,
    Province,
    VisitCostLine,
    VssOffice,
    Ward,
)
from vssid.registry.provinces_legacy import PROVINCES_LEGACY

# Tables in foreign-key order: a flush writes them in this order.
TABLES = {
    "vss_office": VssOffice.__table__,
    "facility": Facility.__table__,
    "employer": Employer.__table__,
    "collection_point": CollectionPoint.__table__,
    "household": Household.__table__,
    "person": Person.__table__,
    "health_card": HealthCard.__table__,
    "participation_period": ParticipationPeriod.__table__,
    "benefit_record": BenefitRecord.__table__,
    "medical_visit": MedicalVisit.__table__,
    "visit_cost_line": VisitCostLine.__table__,
}

OFFICE_HOURS = "Sáng 7h30–11h30, chiều 13h30–16h30, thứ Hai đến thứ Sáu"
POST_OFFICE_HOURS = "Sáng 7h00–11h30, chiều 13h30–17h00, thứ Hai đến thứ Bảy"
AGENT_HOURS = "Sáng 7h30–11h00, chiều 14h00–17h00, thứ Hai đến thứ Bảy"

LEVEL_CENTRAL, LEVEL_PROVINCE, LEVEL_BASE, LEVEL_COMMUNE = "Trung ương", "Tỉnh", "Cơ sở", "Xã"

# (former province prefix of the code, 2025 province, name, accepts initial registration,
# general hospital: takes any inpatient; the others are specialised)
CENTRAL_HOSPITALS = (
    ("01", "01", "Bệnh viện Bạch Mai", False, True),
    ("01", "01", "Bệnh viện Hữu nghị Việt Đức", False, False),
    ("01", "01", "Bệnh viện Nhi Trung ương", False, False),
    ("01", "01", "Bệnh viện K", False, False),
    ("01", "01", "Bệnh viện Phụ sản Trung ương", False, False),
    ("01", "01", "Bệnh viện E", True, True),
    ("79", "79", "Bệnh viện Chợ Rẫy", False, True),
    ("79", "79", "Bệnh viện Thống Nhất", True, True),
    ("46", "46", "Bệnh viện Trung ương Huế", False, True),
    ("19", "19", "Bệnh viện Trung ương Thái Nguyên", False, True),
    ("92", "92", "Bệnh viện Đa khoa Trung ương Cần Thơ", False, True),
    ("49", "48", "Bệnh viện Đa khoa Trung ương Quảng Nam", False, True),
    ("48", "48", "Bệnh viện C Đà Nẵng", True, True),
)
CLINIC_BRANDS = names.split_words(
    "An_Phúc Thiện_Tâm Tâm_An Phúc_Khang Minh_Đức Hồng_Phúc Nhân_Ái Việt_Tâm An_Sinh "
    "Đức_Tín Bảo_An Hạnh_Phúc Khang_Thịnh Thành_Tâm Y_Đức Hưng_Việt"
)
BRANDS = names.split_words(
    "Minh_Phát An_Khang Thành_Công Phú_Thịnh Tân_Việt Sao_Mai Hưng_Thịnh Đại_Dương "
    "Hoàng_Long Kim_Ngân Trường_Sơn Bình_Minh Hồng_Hà Nam_Việt Thiên_Phú Đông_Á Quang_Minh "
    "Thịnh_Vượng Phúc_Lộc An_Bình Vạn_Xuân Tiến_Đạt Hải_Âu Sông_Hồng Ánh_Dương Trí_Việt "
    "Gia_Phát Đức_Thành Nhật_Quang Thái_Sơn Mê_Kông Hà_Thành Lạc_Hồng Phương_Nam"
)
SECTORS = names.split_words(
    "Thương_mại_và_Dịch_vụ Xây_dựng May_mặc Điện_tử Thực_phẩm Vận_tải Cơ_khí "
    "Công_nghệ_thông_tin Thủy_sản Dược_phẩm Bao_bì Giao_nhận_vận_tải Nội_thất Du_lịch "
    "Xuất_nhập_khẩu Da_giày Vật_liệu_xây_dựng Nông_sản"
)
SCHOOLS = ("Trường Mầm non", "Trường Tiểu học", "Trường Trung học cơ sở", "Trường Trung học phổ thông")
JOBS = {
    "dn": ("Công nhân may", "Công nhân lắp ráp điện tử", "Nhân viên kinh doanh", "Kế toán viên",
           "Kỹ sư xây dựng", "Lái xe", "Thủ kho", "Nhân viên văn phòng", "Kỹ thuật viên",
           "Nhân viên bán hàng", "Lập trình viên", "Công nhân cơ khí", "Nhân viên hành chính – nhân sự"),
    "school": ("Giáo viên", "Kế toán", "Nhân viên y tế trường học", "Nhân viên thư viện", "Phó Hiệu trưởng"),
    "ubnd": ("Công chức Văn phòng – Thống kê", "Công chức Địa chính – Xây dựng", "Công chức Tư pháp – Hộ tịch",
             "Công chức Văn hóa – Xã hội", "Công chức Tài chính – Kế toán"),
    "htx": ("Xã viên hợp tác xã", "Kế toán hợp tác xã", "Công nhân chế biến"),
}
UNIT_PREFIX = {"dn": "TA", "htx": "TC", "school": "YS", "ubnd": "QA"}


class Sink:
    """Buffers rows per table and writes them in foreign-key order with executemany."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[str, list[dict]] = {name: [] for name in TABLES}
        self.next_id: dict[str, int] = {name: 1 for name in TABLES}
        self.written: dict[str, int] = {name: 0 for name in TABLES}

    def new_id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def add(self, table: str, row: dict) -> None:
        self.rows[table].append(row)

    def flush(self) -> None:
        for name, table in TABLES.items():
            rows = self.rows[name]
            if rows:
                self.session.execute(insert(table), rows)
                self.written[name] += len(rows)
                self.rows[name] = []


def _coord(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


@dataclass
class WardInfo:
    code: str
    name: str
    kind: str  # phường, xã, đặc khu
    province: str
    legacy: str  # former province the ward belonged to (card and facility code prefix)
    lat: float
    lon: float


@dataclass
class ProvinceInfo:
    code: str
    name: str
    region: int
    wards: list[WardInfo]
    ward_pick: Weighted | None = None
    office_ids: list[int] = field(default_factory=list)
    station_by_ward: dict[str, str] = field(default_factory=dict)
    initial: Weighted | None = None  # non-commune facilities taking initial registrations
    hospitals: list[str] = field(default_factory=list)  # for inpatient stays
    employers: dict[str, list[int]] = field(default_factory=dict)  # kind -> active ids
    past_employers: list[int] = field(default_factory=list)  # any status, for old spells

    @property
    def in_name(self) -> str:
        """"tỉnh Cao Bằng" / "thành phố Hà Nội", as inside names of institutions."""
        return "thành phố " + self.name[len("Thành phố "):] if self.name.startswith("Thành phố") else f"tỉnh {self.name}"

    @property
    def display(self) -> str:
        return names.province_display(self.name)


class World:
    """Provinces, wards and directories, with the choices people are drawn from."""

    def __init__(self, session: Session, rng: random.Random) -> None:
        self.rng = rng
        self.facility_level: dict[str, str] = {}
        self.employer_kind: dict[int, str] = {}
        self.provinces: dict[str, ProvinceInfo] = {}
        self._facility_seq: dict[str, int] = {}
        self._unit_seq: dict[str, int] = {}
        self._tax_seq = 0
        self._tax_offset = rng.randrange(10**8)
        self._central_initial: dict[str, list[str]] = {}
        self.central: dict[str, str] = {}  # central hospitals by name
        self._pools: dict[tuple[str, tuple[str, ...]], list[int]] = {}
        wards: dict[str, list[WardInfo]] = {}
        for code, name, kind, province in session.execute(
            select(Ward.code, Ward.name, Ward.division_type, Ward.province_code).order_by(Ward.code)
        ):
            if name in UNINHABITED_WARDS:
                continue
            legacy = Weighted(LEGACY_OF_PROVINCE.get(province, ((province, 1),))).pick(rng)
            lat, lon, _ = LEGACY_GEO.get(legacy, (16.0, 107.0, "024"))
            wards.setdefault(province, []).append(
                WardInfo(code, name, kind, province, legacy, lat + rng.uniform(-0.25, 0.25), lon + rng.uniform(-0.25, 0.25))
            )
        for code, name in session.execute(select(Province.code, Province.name).order_by(Province.code)):
            info = ProvinceInfo(code, name, REGION.get(code, 3), wards.get(code, []))
            info.ward_pick = Weighted((w, 3 if w.kind == "phường" else 1) for w in info.wards)
            self.provinces[code] = info
        self.province_pick = Weighted((p, POPULATION.get(p, 10)) for p in self.provinces)

    # --- helpers ------------------------------------------------------------------
    def near(self, ward: WardInfo) -> tuple[Decimal, Decimal]:
        return _coord(ward.lat + self.rng.uniform(-0.02, 0.02)), _coord(ward.lon + self.rng.uniform(-0.02, 0.02))

    def street_address(self, ward: WardInfo) -> str:
        head = names.street_address(self.rng, province=ward.province)
        return f"{head}, {ward.name}, {self.provinces[ward.province].display}"

    def local_address(self, ward: WardInfo) -> str:
        """A street address in a phường, a village (thôn, ấp, bản) in a xã."""
        return names.address(self.rng, province=ward.province, province_name=self.provinces[ward.province].name,
                             ward_name=ward.name, ward_type=ward.kind)

    def facility_code(self, prefix: str) -> str:
        seq = self._facility_seq.get(prefix, 0) + 1
        if seq > 999:
            raise OverflowError(f"no facility codes left for prefix {prefix}")
        self._facility_seq[prefix] = seq
        return f"{prefix}{seq:03d}"

    def area_phone(self, ward: WardInfo) -> str:
        return names.landline(self.rng, LEGACY_GEO.get(ward.legacy, (0, 0, "024"))[2])

    # --- directories --------------------------------------------------------------
    def build_directories(self, sink: Sink, *, employers: int) -> None:
        for province in self.provinces.values():
            self._offices(sink, province)
        for prefix, province, name, initial, general in CENTRAL_HOSPITALS:
            self._central(sink, prefix, province, name, initial, general)
        for province in self.provinces.values():
            self._facilities(sink, province)
            self._collection_points(sink, province)
        self.add_employers(sink, employers, each_kind=True)

    def _offices(self, sink: Sink, p: ProvinceInfo) -> None:
        rng = self.rng
        urban = [w for w in p.wards if w.kind == "phường"] or p.wards
        seats = [urban[0]] + rng.sample(p.wards, k=min(len(p.wards), max(2, len(p.wards) // 12)))
        for index, ward in enumerate(seats):
            lat, lon = self.near(ward)
            office_id = sink.new_id("vss_office")
            name = (f"Bảo hiểm xã hội {p.in_name}" if index == 0
                    else f"Bảo hiểm xã hội cơ sở {names.ward_base(ward.name)}")
            sink.add("vss_office", {
                "id": office_id, "code": f"BH{p.code}{index:03d}", "name": name,
                "address": self.street_address(ward), "province_code": p.code, "ward_code": ward.code,
                "phone": self.area_phone(ward), "opening_hours": OFFICE_HOURS, "latitude": lat, "longitude": lon,
            })
            p.office_ids.append(office_id)

    def _facility(self, sink: Sink, ward: WardInfo, name: str, level: str, *, prefix: str | None = None,
                  contracted: bool = True, initial: bool = True, sick_leave: bool = True) -> str:
        code = self.facility_code(prefix or ward.legacy)
        lat, lon = self.near(ward)
        address = self.local_address(ward) if level == LEVEL_COMMUNE else self.street_address(ward)
        sink.add("facility", {
            "code": code, "name": name, "level": level, "address": address, "province_code": ward.province,
            "ward_code": ward.code, "contracted_bhyt": contracted, "accepts_initial_registration": initial,
            "issues_sick_leave": sick_leave, "phone": self.area_phone(ward), "latitude": lat, "longitude": lon,
        })
        self.facility_level[code] = level
        return code

    def _central(self, sink: Sink, prefix: str, province: str, name: str, initial: bool, general: bool) -> None:
        p = self.provinces.get(province)
        if p is None or not p.wards:
            return
        ward = next((w for w in p.wards if w.kind == "phường" and w.legacy == prefix), p.wards[0])
        code = self._facility(sink, ward, name, LEVEL_CENTRAL, prefix=prefix, initial=initial)
        self.central[name] = code
        if general:
            p.hospitals.append(code)
        if initial:
            self._central_initial.setdefault(province, []).append(code)

    def _facilities(self, sink: Sink, p: ProvinceInfo) -> None:
        rng = self.rng
        choices: list[tuple[str, int]] = [(code, 1) for code in self._central_initial.get(p.code, [])]
        urban = [w for w in p.wards if w.kind == "phường"] or p.wards
        merged = LEGACY_OF_PROVINCE.get(p.code, ((p.code, 1),))
        capital_legacy = merged[0][0]
        seat = next((w for w in urban if w.legacy == capital_legacy), urban[0])
        code = self._facility(sink, seat, f"Bệnh viện Đa khoa {p.in_name}", LEVEL_PROVINCE, initial=True)
        p.hospitals.append(code)
        choices.append((code, 6))
        for name in (f"Bệnh viện Sản – Nhi {p.in_name}", f"Bệnh viện Y học cổ truyền {p.in_name}"):
            if rng.random() < 0.7:
                code = self._facility(sink, seat, name, LEVEL_PROVINCE, initial=name.startswith("Bệnh viện Y"))
                if name.startswith("Bệnh viện Y"):
                    choices.append((code, 1))
        for legacy, _ in merged[1:]:
            ward = next((w for w in urban if w.legacy == legacy), None) or next((w for w in p.wards if w.legacy == legacy), seat)
            code = self._facility(sink, ward, f"Bệnh viện Đa khoa khu vực {PROVINCES_LEGACY[legacy]}", LEVEL_PROVINCE)
            p.hospitals.append(code)
            choices.append((code, 5))
        for ward in rng.sample(p.wards, k=min(len(p.wards), rng.randint(1, 2))):
            code = self._facility(sink, ward, f"Bệnh viện Đa khoa khu vực {names.ward_base(ward.name)}", LEVEL_PROVINCE)
            p.hospitals.append(code)
            choices.append((code, 4))
        for ward in rng.sample(p.wards, k=min(len(p.wards), max(2, len(p.wards) // 20))):
            code = self._facility(sink, ward, f"Trung tâm Y tế khu vực {names.ward_base(ward.name)}", LEVEL_BASE)
            p.hospitals.append(code)
            choices.append((code, 8))
        clinics = 6 if p.code in ("01", "79") else rng.randint(1, 3)
        for brand in rng.sample(CLINIC_BRANDS, k=clinics):
            ward = rng.choice(urban)
            contracted = rng.random() < 0.85
            initial = contracted and rng.random() < 0.8
            code = self._facility(sink, ward, f"Phòng khám đa khoa {brand}", LEVEL_BASE, contracted=contracted,
                                  initial=initial, sick_leave=rng.random() < 0.5)
            if initial:
                choices.append((code, 2))
        for ward in p.wards:
            p.station_by_ward[ward.code] = self._facility(
                sink, ward, f"Trạm Y tế {names.ward_lower(ward.name)}", LEVEL_COMMUNE, sick_leave=False
            )
        p.initial = Weighted(choices)

    def _collection_points(self, sink: Sink, p: ProvinceInfo) -> None:
        rng = self.rng
        for ward in p.wards:
            sink.add("collection_point", {
                "id": sink.new_id("collection_point"), "kind": "diem_thu",
                "name": f"Bưu điện {names.ward_lower(ward.name)}", "address": self.local_address(ward),
                "province_code": p.code, "ward_code": ward.code, "phone": self.area_phone(ward),
                "opening_hours": POST_OFFICE_HOURS,
            })
            if rng.random() < 0.3:
                host = rng.choice((
                    f"Hội Liên hiệp Phụ nữ {names.ward_lower(ward.name)}", f"Hội Nông dân {names.ward_lower(ward.name)}",
                    f"Hợp tác xã Dịch vụ nông nghiệp {names.ward_base(ward.name)}", f"Ủy ban nhân dân {names.ward_lower(ward.name)}",
                ))
                sink.add("collection_point", {
                    "id": sink.new_id("collection_point"), "kind": "dai_ly", "name": f"Đại lý thu {host}",
                    "address": self.street_address(ward), "province_code": p.code, "ward_code": ward.code,
                    "phone": names.mobile(rng), "opening_hours": AGENT_HOURS,
                })

    def add_employers(self, sink: Sink, count: int, *, each_kind: bool = False) -> None:
        """``count`` employers spread over provinces by population; with ``each_kind``
        first one active employer of every kind in every province."""
        rng = self.rng
        self._pools.clear()
        kinds = Weighted((("dn", 75), ("school", 12), ("ubnd", 8), ("htx", 5)))
        plan = [(p, kind) for p in self.provinces for kind in UNIT_PREFIX] if each_kind else []
        plan += [(None, None)] * count
        for code, kind in plan:
            p = self.provinces[code or self.province_pick.pick(rng)]
            ward = p.ward_pick.pick(rng)
            kind = kind or kinds.pick(rng)
            if kind == "dn":
                form = rng.random()
                brand, sector = rng.choice(BRANDS), rng.choice(SECTORS)
                if form < 0.6:
                    name = f"Công ty TNHH {sector} {brand}"
                elif form < 0.93:
                    name = f"Công ty Cổ phần {sector} {brand}"
                else:
                    name = f"Doanh nghiệp tư nhân {brand}"
            elif kind == "school":
                name = f"{rng.choice(SCHOOLS)} {names.ward_base(ward.name)}"
            elif kind == "ubnd":
                name = f"Ủy ban nhân dân {names.ward_lower(ward.name)}"
            else:
                name = f"Hợp tác xã Nông nghiệp {names.ward_base(ward.name)}"
            roll = rng.random()
            status = "active" if kind != "dn" or code or roll < 0.92 else "suspended" if roll < 0.96 else "closed"
            employer_id = sink.new_id("employer")
            prefix = UNIT_PREFIX[kind]
            seq = self._unit_seq.get(prefix, 0)
            self._unit_seq[prefix] = seq + 1
            self._tax_seq += 1
            tax = (self._tax_seq * 48_271_723 + self._tax_offset) % 10**8
            sink.add("employer", {
                "id": employer_id, "unit_code": f"{prefix}{seq % 10000:04d}{chr(65 + seq // 10000)}",
                "name": name, "tax_code": f"{p.code}{tax:08d}", "address": self.street_address(ward),
                "province_code": p.code, "ward_code": ward.code, "office_id": rng.choice(p.office_ids),
                "status": status,
            })
            self.employer_kind[employer_id] = kind
            if status == "active":
                p.employers.setdefault(kind, []).append(employer_id)
            p.past_employers.append(employer_id)

    def employer(self, province: str, kinds: tuple[str, ...], *, active: bool = True) -> int | None:
        """An employer of one of ``kinds`` in ``province`` (active ones for current work)."""
        p = self.provinces[province]
        if not active and p.past_employers and self.rng.random() < 0.5:
            choice = self.rng.choice(p.past_employers)
            if self.employer_kind[choice] in kinds:
                return choice
        pool = self._pools.get((province, kinds))
        if pool is None:
            pool = self._pools[(province, kinds)] = [e for kind in kinds for e in p.employers.get(kind, ())]
        return self.rng.choice(pool) if pool else None
