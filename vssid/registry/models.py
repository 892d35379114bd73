"""The registry: data VSS owns, mirrored from its core systems.

People and everything that belongs to a person (cards, participation, benefits,
medical visits and their cost lines) carry `person_id`, the key by which the registry
can later be distributed over a sharded PostgreSQL (docs/ARCHITECTURE.md).
Directories (facilities, offices, employers, collection points) and administrative
units are reference data shared by everyone.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vssid.core.db import Base, BigId, MaSo, UtcDateTime, Vnd, intpk
from vssid.core.text import search_key

# --- Administrative units -------------------------------------------------------------


class Province(Base):
    """The 34 provinces in force since 01/07/2025 (NQ 202/2025/QH15, QĐ 19/2025/QĐ-TTg)."""

    __tablename__ = "province"
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    division_type: Mapped[str] = mapped_column(String(40))


class Ward(Base):
    """Communes and wards (xã, phường, đặc khu) directly under a province since 2025."""

    __tablename__ = "ward"
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    division_type: Mapped[str] = mapped_column(String(40))
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"), index=True)


class LegacyProvince(Base):
    """The 63 pre-2025 province codes that legacy 15-character card codes carry."""

    __tablename__ = "legacy_province"
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class LegalParameter(Base):
    """A value the law sets (lương cơ sở, rates, poverty line), valid over a date range.

    `value` is whole đồng when `unit` is "vnd" and basis points (1/100 of a percent)
    when `unit` is "bp", so no rate or amount is ever a float.
    """

    __tablename__ = "legal_parameter"
    __table_args__ = (
        CheckConstraint("unit IN ('vnd', 'bp')", name="unit"),
        Index("ix_legal_parameter_name_valid_from", "name", "valid_from", unique=True),
    )
    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(60))
    value: Mapped[int] = mapped_column(BigId)
    unit: Mapped[str] = mapped_column(String(3))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)


# --- Directories ----------------------------------------------------------------------


def searchable(*fields: str) -> Mapped[str]:
    """`search_text`: the folded search key (vssid.core.text.search_key) of `fields`.

    Filled by a column default on every INSERT (ORM or executemany) and refreshed by
    `_refresh_search_text` on ORM updates, so every directory row is searchable; the
    full-text indexes over it are engine-specific (vssid/lookups/search.py, migration 0004).
    """

    def default(context) -> str:
        params = context.get_current_parameters()
        return search_key(" ".join(str(params.get(name) or "") for name in fields))

    return mapped_column(Text, default=default, info={"search_fields": fields})


def search_text_of(model: type, values) -> str:
    """The `search_text` of a row of `model`, from a mapping or an object of it."""
    get = values.get if hasattr(values, "get") else lambda name: getattr(values, name, None)
    fields = model.__table__.c.search_text.info["search_fields"]
    return search_key(" ".join(str(get(name) or "") for name in fields))


class VssOffice(Base):
    """A VSS office (cơ quan BHXH): the provincial office or a commune-level branch."""

    __tablename__ = "vss_office"
    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"), index=True)
    ward_code: Mapped[str | None] = mapped_column(ForeignKey("ward.code"))
    phone: Mapped[str | None] = mapped_column(String(20))
    opening_hours: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    search_text: Mapped[str] = searchable("name", "code", "address")


class Facility(Base):
    """A health facility (cơ sở KCB), keyed by its 5-character code (province + 3 digits)."""

    __tablename__ = "facility"
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(40))  # tuyến / cấp chuyên môn kỹ thuật
    address: Mapped[str] = mapped_column(String(300))
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"), index=True)
    ward_code: Mapped[str | None] = mapped_column(ForeignKey("ward.code"))
    contracted_bhyt: Mapped[bool] = mapped_column(Boolean, default=True)
    accepts_initial_registration: Mapped[bool] = mapped_column(Boolean, default=True)
    issues_sick_leave: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str | None] = mapped_column(String(20))
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    search_text: Mapped[str] = searchable("name", "code")


class Employer(Base):
    """A participating employer (đơn vị tham gia BHXH)."""

    __tablename__ = "employer"
    __table_args__ = (CheckConstraint("status IN ('active', 'suspended', 'closed')", name="status"),)
    id: Mapped[intpk]
    unit_code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(250))
    tax_code: Mapped[str | None] = mapped_column(String(14), index=True)
    address: Mapped[str] = mapped_column(String(300))
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"), index=True)
    ward_code: Mapped[str | None] = mapped_column(ForeignKey("ward.code"))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("vss_office.id"))
    status: Mapped[str] = mapped_column(String(10), default="active")
    search_text: Mapped[str] = searchable("name", "unit_code", "tax_code")

    office: Mapped[VssOffice | None] = relationship()


class CollectionPoint(Base):
    """A collection point or agent (điểm thu, đại lý thu) for voluntary and household payers."""

    __tablename__ = "collection_point"
    __table_args__ = (CheckConstraint("kind IN ('diem_thu', 'dai_ly')", name="kind"),)
    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"), index=True)
    ward_code: Mapped[str | None] = mapped_column(ForeignKey("ward.code"))
    phone: Mapped[str | None] = mapped_column(String(20))
    opening_hours: Mapped[str | None] = mapped_column(String(200))
    search_text: Mapped[str] = searchable("name", "address")


def _refresh_search_text(_mapper, _connection, target) -> None:
    target.search_text = search_text_of(type(target), target)


for _directory in (VssOffice, Facility, Employer, CollectionPoint):
    event.listen(_directory, "before_update", _refresh_search_text)


# --- People and households ------------------------------------------------------------


class Household(Base):
    """A household (hộ gia đình) as registered for household health insurance."""

    __tablename__ = "household"
    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(15), unique=True)
    address: Mapped[str] = mapped_column(String(300))
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"))
    ward_code: Mapped[str | None] = mapped_column(ForeignKey("ward.code"))

    members: Mapped[list[Person]] = relationship(back_populates="household")


class Person(Base):
    """An insured person, identified for life by the 10-digit mã số BHXH.

    Date of birth may be year-only (older records): month and day are then NULL.
    """

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint("gender IN (1, 2)", name="gender"),
        CheckConstraint("birth_day IS NULL OR birth_month IS NOT NULL", name="birth_parts"),
    )
    id: Mapped[intpk]
    ma_so: Mapped[MaSo] = mapped_column(unique=True)
    cccd: Mapped[str | None] = mapped_column(String(12), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    birth_year: Mapped[int] = mapped_column(SmallInteger)
    birth_month: Mapped[int | None] = mapped_column(SmallInteger)
    birth_day: Mapped[int | None] = mapped_column(SmallInteger)
    gender: Mapped[int] = mapped_column(SmallInteger)  # 1 Nam, 2 Nữ (as in the card QR)
    address: Mapped[str] = mapped_column(String(300))
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"))
    ward_code: Mapped[str | None] = mapped_column(ForeignKey("ward.code"))
    phone: Mapped[str | None] = mapped_column(String(15))
    email: Mapped[str | None] = mapped_column(String(254))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)
    relation_to_head: Mapped[str | None] = mapped_column(String(30))  # "Chủ hộ", "Con", …
    guardian_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)

    household: Mapped[Household | None] = relationship(back_populates="members")
    guardian: Mapped[Person | None] = relationship(remote_side="Person.id")

    @property
    def birth_date(self) -> dt.date | None:
        if self.birth_month is None or self.birth_day is None:
            return None
        return dt.date(self.birth_year, self.birth_month, self.birth_day)


class HealthCard(Base):
    """A health-insurance card (thẻ BHYT). Since 01/04/2021 its number is the mã số
    (QĐ 1666/QĐ-BHXH); the legacy 15-character code is object + level + province + mã số
    (QĐ 1351/QĐ-BHXH)."""

    __tablename__ = "health_card"
    __table_args__ = (
        CheckConstraint("benefit_level BETWEEN 1 AND 5", name="benefit_level"),
        CheckConstraint("area_code IS NULL OR area_code IN ('K1', 'K2', 'K3')", name="area_code"),
        CheckConstraint(
            "status IN ('active', 'replaced', 'withdrawn', 'stopped')", name="status"
        ),
        CheckConstraint("valid_from <= valid_to", name="validity"),
        Index("ix_health_card_person_id_valid_to", "person_id", "valid_to"),
    )
    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    card_number: Mapped[MaSo] = mapped_column(index=True)
    object_code: Mapped[str] = mapped_column(String(2))
    benefit_level: Mapped[int] = mapped_column(SmallInteger)
    province_code: Mapped[str] = mapped_column(String(2))  # legacy code printed in the 15-char code
    area_code: Mapped[str | None] = mapped_column(String(2))
    facility_code: Mapped[str] = mapped_column(ForeignKey("facility.code"))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date] = mapped_column(Date)
    issue_date: Mapped[dt.date] = mapped_column(Date)
    five_years_date: Mapped[dt.date | None] = mapped_column(Date)
    issuing_office_id: Mapped[int | None] = mapped_column(ForeignKey("vss_office.id"))
    status: Mapped[str] = mapped_column(String(10), default="active")

    person: Mapped[Person] = relationship()
    facility: Mapped[Facility] = relationship()
    issuing_office: Mapped[VssOffice | None] = relationship()

    @property
    def legacy_code(self) -> str:
        return f"{self.object_code}{self.benefit_level}{self.province_code}{self.card_number}"


SCHEMES = ("BHXH", "BHTN", "BHTNLD_BNN", "BHYT")
PARTICIPATION_MODES = ("compulsory", "voluntary", "household")


class ParticipationPeriod(Base):
    """A run of months during which a person was covered by one scheme.

    Months are stored as the first day of the month; `to_month` NULL means "ongoing".
    """

    __tablename__ = "participation_period"
    __table_args__ = (
        CheckConstraint("scheme IN ('BHXH', 'BHTN', 'BHTNLD_BNN', 'BHYT')", name="scheme"),
        CheckConstraint("mode IN ('compulsory', 'voluntary', 'household')", name="mode"),
        CheckConstraint("to_month IS NULL OR from_month <= to_month", name="months"),
        CheckConstraint("wage >= 0", name="wage"),
        Index("ix_participation_period_person_scheme_from", "person_id", "scheme", "from_month"),
    )
    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    scheme: Mapped[str] = mapped_column(String(10))
    from_month: Mapped[dt.date] = mapped_column(Date)
    to_month: Mapped[dt.date | None] = mapped_column(Date)
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employer.id"))
    job: Mapped[str | None] = mapped_column(String(120))
    wage: Mapped[Vnd]
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"))
    mode: Mapped[str] = mapped_column(String(10))
    employer_owes: Mapped[bool] = mapped_column(Boolean, default=False)  # "đơn vị nợ đóng"

    employer: Mapped[Employer | None] = relationship()


REGIMES = (
    "om_dau",
    "thai_san",
    "duong_suc",
    "huu_tri",
    "bhxh_mot_lan",
    "tu_tuat",
    "tnld_bnn",
    "that_nghiep",
    "huu_tri_xa_hoi",
)


class BenefitRecord(Base):
    """A benefit paid (thông tin hưởng), one of the regimes of DOMAIN.md §5."""

    __tablename__ = "benefit_record"
    __table_args__ = (
        CheckConstraint(
            "regime IN ('om_dau', 'thai_san', 'duong_suc', 'huu_tri', 'bhxh_mot_lan', "
            "'tu_tuat', 'tnld_bnn', 'that_nghiep', 'huu_tri_xa_hoi')",
            name="regime",
        ),
        CheckConstraint("payment_method IN ('atm', 'cash')", name="payment_method"),
        CheckConstraint("amount >= 0", name="amount"),
        Index("ix_benefit_record_person_decision", "person_id", "decision_date"),
    )
    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    regime: Mapped[str] = mapped_column(String(16))
    decision_number: Mapped[str] = mapped_column(String(40))
    decision_date: Mapped[dt.date] = mapped_column(Date)
    period_from: Mapped[dt.date | None] = mapped_column(Date)
    period_to: Mapped[dt.date | None] = mapped_column(Date)
    days: Mapped[int | None] = mapped_column(SmallInteger)
    amount: Mapped[Vnd]
    payment_method: Mapped[str] = mapped_column(String(4))
    paying_office_id: Mapped[int | None] = mapped_column(ForeignKey("vss_office.id"))
    status: Mapped[str] = mapped_column(String(20), default="paid")

    paying_office: Mapped[VssOffice | None] = relationship()


class MedicalVisit(Base):
    """A BHYT-covered visit (XML1 of QĐ 130/QĐ-BYT). Totals obey
    t_tongchi_bv = t_bhtt + t_bncct + t_bntt + t_nguonkhac (DOMAIN.md §6)."""

    __tablename__ = "medical_visit"
    __table_args__ = (
        CheckConstraint(
            "t_tongchi_bv = t_bhtt + t_bncct + t_bntt + t_nguonkhac", name="totals_add_up"
        ),
        Index("ix_medical_visit_person_admitted", "person_id", "admitted_at"),
    )
    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    card_number: Mapped[MaSo]
    facility_code: Mapped[str] = mapped_column(ForeignKey("facility.code"))
    visit_type: Mapped[str] = mapped_column(String(2))  # 01 outpatient, 02 day, 03 inpatient
    admitted_at: Mapped[UtcDateTime]
    discharged_at: Mapped[UtcDateTime]
    main_icd: Mapped[str] = mapped_column(String(10))
    secondary_icds: Mapped[str | None] = mapped_column(String(200))  # ";"-separated, ≤ 12
    treatment_result: Mapped[int] = mapped_column(SmallInteger)
    discharge_type: Mapped[int] = mapped_column(SmallInteger)
    t_tongchi_bv: Mapped[Vnd]  # total cost
    t_tongchi_bh: Mapped[Vnd]  # cost within BHYT scope
    t_bncct: Mapped[Vnd]  # patient co-payment
    t_bhtt: Mapped[Vnd]  # paid by the fund
    t_bntt: Mapped[Vnd]  # patient pays outside scope
    t_nguonkhac: Mapped[Vnd]  # other sources
    t_thuoc: Mapped[Vnd]  # drugs
    t_vtyt: Mapped[Vnd]  # medical supplies

    facility: Mapped[Facility] = relationship()
    lines: Mapped[list[VisitCostLine]] = relationship(
        back_populates="visit", order_by="VisitCostLine.id", cascade="all, delete-orphan"
    )


class VisitCostLine(Base):
    """A cost line of a visit (XML2 drugs, XML3 services and supplies).

    `group_code` is MA_NHOM of QĐ 5937/QĐ-BYT. amount = fund_part + patient_part.
    """

    __tablename__ = "visit_cost_line"
    __table_args__ = (CheckConstraint("amount = fund_part + patient_part", name="parts_add_up"),)
    id: Mapped[intpk]
    visit_id: Mapped[int] = mapped_column(ForeignKey("medical_visit.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    group_code: Mapped[int] = mapped_column(SmallInteger)
    name: Mapped[str] = mapped_column(String(250))
    unit: Mapped[str] = mapped_column(String(30))
    quantity: Mapped[Decimal] = mapped_column(Numeric(12, 3))
    unit_price: Mapped[Vnd]
    amount: Mapped[Vnd]
    bhyt_rate: Mapped[int] = mapped_column(SmallInteger)  # percent of the price in BHYT scope
    fund_part: Mapped[Vnd]
    patient_part: Mapped[Vnd]

    visit: Mapped[MedicalVisit] = relationship(back_populates="lines")
