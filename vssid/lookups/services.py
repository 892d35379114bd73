"""The public directories (Tra cứu): search, pickers, one entry, links. Flask-free.

Every search is bounded: at most CANDIDATE_LIMIT rows match (the full-text index finds
them, vssid/lookups/search.py), they are ordered (shortest match first, the nearest to
what was typed, then by name) and paged. Past the limit the page says "more than 1,000"
and asks for a narrower query, so no request's cost grows with the directory's size.
"""
from __future__ import annotations

import math
import time
import weakref
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote, urlencode

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from vssid.core.i18n import N_
from vssid.core.errors import NotFound
from vssid.core.text import fold
from vssid.lookups.search import candidates, key_column, parse_terms
from vssid.registry.models import CollectionPoint, Employer, Facility, Province, VssOffice, Ward

PAGE_SIZE = 20
CANDIDATE_LIMIT = 1000
MAX_PAGE = CANDIDATE_LIMIT // PAGE_SIZE
COLLECTION_KINDS = {"diem_thu": N_("Điểm thu"), "dai_ly": N_("Đại lý thu")}
EMPLOYER_STATUS = {"active": N_("Đang hoạt động"), "suspended": N_("Tạm dừng đóng"), "closed": N_("Đã chấm dứt")}
LEVELS_TTL_SECONDS = 300


@dataclass(frozen=True)
class Place:
    """The province and commune filters, checked: unknown codes are dropped."""

    province: Province | None = None
    ward: Ward | None = None

    @property
    def province_code(self) -> str | None:
        return self.province.code if self.province else None

    @property
    def ward_code(self) -> str | None:
        return self.ward.code if self.ward else None


@dataclass(frozen=True)
class ResultPage:
    items: list
    page: int
    total: int  # matches found, at most CANDIDATE_LIMIT
    searched: bool  # False: nothing was asked yet (no words, no filter where one is needed)
    page_size: int = PAGE_SIZE
    extra: dict = field(default_factory=dict)

    @property
    def capped(self) -> bool:
        return self.total >= CANDIDATE_LIMIT

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.page_size + 1

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.items) - 1


# --- Pickers --------------------------------------------------------------------------


def provinces(session: Session) -> list[Province]:
    """The 34 provinces of 2025, in the official code order (Hà Nội first)."""
    return list(session.scalars(select(Province).order_by(Province.code)))


def ward_sort_key(ward: Ward) -> str:
    name = fold(ward.name)
    prefix = fold(ward.division_type)
    return name.removeprefix(prefix).strip() if prefix else name


def wards(session: Session, *, province_code: str | None) -> list[Ward]:
    """The communes (xã, phường, đặc khu) of a province, by name without "Phường/Xã"."""
    if not province_code:
        return []
    rows = session.scalars(select(Ward).where(Ward.province_code == province_code))
    return sorted(rows, key=ward_sort_key)


def display_name(name: str) -> str:
    """Names as printed, with stray double spaces of the source data removed."""
    return " ".join(name.split())


def resolve_place(session: Session, *, province: str | None, ward: str | None) -> Place:
    """Check the picked codes; a commune of another province, or unknown codes, are dropped."""
    found_province = session.get(Province, province) if province else None
    found_ward = session.get(Ward, ward) if ward else None
    if found_ward is not None:
        if found_province is None:
            found_province = session.get(Province, found_ward.province_code)
        elif found_ward.province_code != found_province.code:
            found_ward = None
    return Place(found_province, found_ward)


_levels_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine -> (expiry, levels)


def facility_levels(session: Session) -> list[str]:
    """The facility levels present in the data (cached a few minutes: it scans the table)."""
    engine = session.get_bind()
    cached = _levels_cache.get(engine)
    now = time.monotonic()
    if cached and cached[0] > now:
        return cached[1]
    order = {"Trung ương": 0, "Tỉnh": 1, "Cơ sở": 2, "Xã": 3}
    levels = sorted(session.scalars(select(Facility.level).distinct()), key=lambda v: (order.get(v, 9), fold(v)))
    _levels_cache[engine] = (now + LEVELS_TTL_SECONDS, levels)
    return levels


def forget_cached_levels() -> None:
    _levels_cache.clear()


# --- Searches -------------------------------------------------------------------------


def _page_number(page: int | str | None) -> int:
    try:
        number = int(page or 1)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def _search(
    session: Session, model: type, *, text: str | None, filters: list[ColumnElement], page: int | str | None,
    options: tuple = (), require_text: bool = False, narrow: bool = False,
) -> ResultPage:
    page = _page_number(page)
    terms = parse_terms(text)
    if require_text and terms is None:
        return ResultPage(items=[], page=1, total=0, searched=False)
    key = key_column(model)
    matches = candidates(session, model, terms, filters, limit=CANDIDATE_LIMIT, narrow=narrow).subquery()
    order = (func.length(model.search_text), model.name, key) if terms else (model.name, key)
    rows = session.execute(
        select(model, func.count().over().label("total"))
        .join(matches, key == matches.c.key)
        .options(*options)
        .order_by(*order)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    if not rows and page > 1:
        # Past the last page (an old link): show the last page instead of nothing.
        total = session.scalar(select(func.count()).select_from(matches)) or 0
        last = max(1, math.ceil(total / PAGE_SIZE))
        return _search(session, model, text=text, filters=filters, page=last, options=options, narrow=narrow) if total else \
            ResultPage(items=[], page=1, total=0, searched=True)
    total = rows[0].total if rows else 0
    return ResultPage(items=[row[0] for row in rows], page=page, total=total, searched=True)


def search_offices(session: Session, *, text: str | None = None, place: Place = Place(),
                   page: int | str | None = 1) -> ResultPage:
    filters = _place_filters(VssOffice, place)
    return _search(session, VssOffice, text=text, filters=filters, page=page, narrow=bool(place.province))


def search_facilities(session: Session, *, text: str | None = None, place: Place = Place(), level: str | None = None,
                      sick_leave: bool = False, page: int | str | None = 1) -> ResultPage:
    """Facilities under a BHYT contract, or (sick_leave) those that issue sick-leave papers."""
    filters = _place_filters(Facility, place)
    filters.append(Facility.issues_sick_leave.is_(True) if sick_leave else Facility.contracted_bhyt.is_(True))
    if level:
        filters.append(Facility.level == level)
    return _search(session, Facility, text=text, filters=filters, page=page, narrow=bool(place.province))


def search_employers(session: Session, *, text: str | None = None, place: Place = Place(),
                     page: int | str | None = 1) -> ResultPage:
    """Employers by name, unit code or tax code: a query is needed, listing them all helps no one."""
    filters = _place_filters(Employer, place)
    return _search(session, Employer, text=text, filters=filters, page=page,
                   options=(selectinload(Employer.office),), require_text=True, narrow=bool(place.province))


def search_collection_points(session: Session, *, text: str | None = None, place: Place = Place(),
                             kind: str | None = None, page: int | str | None = 1) -> ResultPage:
    filters = _place_filters(CollectionPoint, place)
    if kind in COLLECTION_KINDS:
        filters.append(CollectionPoint.kind == kind)
    return _search(session, CollectionPoint, text=text, filters=filters, page=page, narrow=bool(place.province))


def _place_filters(model: type, place: Place) -> list[ColumnElement]:
    filters: list[ColumnElement] = []
    if place.province_code:
        filters.append(model.province_code == place.province_code)
    if place.ward_code:
        filters.append(model.ward_code == place.ward_code)
    return filters


# --- One entry ------------------------------------------------------------------------


def get_office(session: Session, *, office_id: int) -> VssOffice:
    office = session.get(VssOffice, office_id)
    if office is None:
        raise NotFound("Không tìm thấy cơ quan BHXH này.")
    return office


def get_facility(session: Session, *, code: str) -> Facility:
    facility = session.get(Facility, code)
    if facility is None:
        raise NotFound("Không tìm thấy cơ sở khám chữa bệnh này.")
    return facility


def get_employer(session: Session, *, employer_id: int) -> Employer:
    employer = session.get(Employer, employer_id, options=[joinedload(Employer.office)])
    if employer is None:
        raise NotFound("Không tìm thấy đơn vị này.")
    return employer


def get_collection_point(session: Session, *, point_id: int) -> CollectionPoint:
    point = session.get(CollectionPoint, point_id)
    if point is None:
        raise NotFound("Không tìm thấy điểm thu này.")
    return point


def place_names(session: Session, *, province_code: str | None, ward_code: str | None) -> str:
    """ "Phường Bến Thành, Thành phố Hồ Chí Minh" for an entry's commune and province."""
    parts = []
    if ward_code and (ward := session.get(Ward, ward_code)):
        parts.append(display_name(ward.name))
    if province_code and (province := session.get(Province, province_code)):
        parts.append(display_name(province.name))
    return ", ".join(parts)


# --- Links ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MapLinks:
    geo: str  # opens the phone's map app (Android, and apps that register geo:)
    web: str  # Google Maps in the browser, for phones without a geo: handler (iPhone)


def map_links(*, name: str, address: str, latitude: Decimal | None, longitude: Decimal | None) -> MapLinks:
    """Links that open a map at the entry: a `geo:` URI and a Google Maps search URL.

    With coordinates the pin is exact and labelled with the name; without them, the maps
    search for the address.
    """
    if latitude is not None and longitude is not None:
        point = f"{Decimal(latitude).normalize():f},{Decimal(longitude).normalize():f}"
        geo = f"geo:{point}?q={point}({quote(display_name(name), safe='')})"
        web = "https://www.google.com/maps/search/?" + urlencode({"api": "1", "query": point})
    else:
        where = display_name(f"{name}, {address}")
        geo = f"geo:0,0?q={quote(where, safe='')}"
        web = "https://www.google.com/maps/search/?" + urlencode({"api": "1", "query": where})
    return MapLinks(geo=geo, web=web)


def tel_href(phone: str | None) -> str | None:
    """`tel:` link of a phone number as printed ("028 3827 1234" -> "tel:02838271234")."""
    if not phone:
        return None
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f"tel:{digits}" if len(digits.lstrip("+")) >= 3 else None
