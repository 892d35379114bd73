"""Tra cứu: the six public look-ups under /tra-cuu (blueprint "lookups").

Directory pages are GET forms: every search has a URL that can be shared, and htmx
swaps only the results (`#results`) while the person types, pushing that URL. The mã
số look-up is a POST (personal details never go into a URL), rate-limited per IP.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import Blueprint, current_app, make_response, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2_fragments.flask import render_block

from vssid.accounts.web import client
from vssid.core.text import fold
from vssid.extensions import db, limiter
from vssid.lookups import ma_so as ma_so_service
from vssid.lookups import services
from vssid.web.rendering import private, render, render_form_error

bp = Blueprint("lookups", __name__, url_prefix="/tra-cuu")


@bp.record_once
def _install(state) -> None:
    state.app.jinja_env.globals.update(tel_href=services.tel_href, map_links=services.map_links)

MA_SO_LIMIT = "5 per minute;30 per day"
MA_SO_GLOBAL_LIMIT = "10000 per hour"


@dataclass(frozen=True)
class Directory:
    endpoint: str
    title: object  # lazy strings: translated when shown
    intro: object
    item: str  # template of one result
    search: Callable
    filters: tuple[str, ...] = ("place",)
    placeholder: object = ""
    filter_label: object = _l("Lọc theo tỉnh, xã, phường")


def _directories() -> dict[str, Directory]:
    return {
        "offices": Directory(
            "lookups.offices", _l("Cơ quan BHXH"), _l("Địa chỉ, điện thoại, giờ làm việc của cơ quan BHXH các cấp."),
            "lookups/_office.html", services.search_offices, placeholder=_l("Ví dụ: bhxh sai gon"),
        ),
        "facilities": Directory(
            "lookups.facilities", _l("Cơ sở KCB ký hợp đồng KCB BHYT"),
            _l("Bệnh viện, trung tâm y tế, phòng khám, trạm y tế khám chữa bệnh BHYT."),
            "lookups/_facility.html", services.search_facilities, ("place", "level"),
            placeholder=_l("Ví dụ: bv cho ray"), filter_label=_l("Lọc theo tỉnh, xã, tuyến"),
        ),
        "sick_leave": Directory(
            "lookups.sick_leave", _l("Cơ sở KCB cấp giấy nghỉ việc hưởng BHXH"),
            _l("Nơi cấp giấy chứng nhận nghỉ việc hưởng BHXH (ốm đau, thai sản)."),
            "lookups/_facility.html", lambda session, **kw: services.search_facilities(session, sick_leave=True, **kw),
            ("place", "level"), placeholder=_l("Tên hoặc mã cơ sở"), filter_label=_l("Lọc theo tỉnh, xã, tuyến"),
        ),
        "employers": Directory(
            "lookups.employers", _l("Đơn vị tham gia BHXH"),
            _l("Tình trạng tham gia và cơ quan BHXH quản lý của doanh nghiệp, cơ quan, tổ chức."),
            "lookups/_employer.html", services.search_employers, ("province",),
            placeholder=_l("Tên hoặc mã số thuế"), filter_label=_l("Lọc theo tỉnh, thành phố"),
        ),
        "collection_points": Directory(
            "lookups.collection_points", _l("Điểm thu, đại lý thu"),
            _l("Nơi đóng BHXH tự nguyện, BHYT hộ gia đình gần bạn."),
            "lookups/_collection_point.html", services.search_collection_points, ("place", "kind"),
            placeholder=_l("Tên hoặc địa chỉ"), filter_label=_l("Lọc theo tỉnh, xã, loại điểm thu"),
        ),
    }


def _wants_results_only() -> bool:
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request and htmx.target == "results"


def _read_search(directory: Directory) -> tuple[dict, services.Place, dict]:
    """The query string, checked: (form values to show, place filter, extra filters)."""
    args = request.args
    form = {name: (args.get(name) or "").strip()[:120] for name in ("q", "tinh", "xa", "tuyen", "loai")}
    place = services.resolve_place(db.session, province=form["tinh"] or None, ward=form["xa"] or None)
    if "place" not in directory.filters:
        place = services.Place(place.province)
    form.update(tinh=place.province_code or "", xa=place.ward_code or "")
    extra = {}
    if "level" in directory.filters:
        extra["level"] = form["tuyen"] or None
    if "kind" in directory.filters:
        extra["kind"] = form["loai"] if form["loai"] in services.COLLECTION_KINDS else None
    return form, place, extra


def _active_filters(place: services.Place, extra: dict) -> list[str]:
    names = [services.display_name(unit.name) for unit in (place.province, place.ward) if unit]
    if extra.get("level"):
        names.append(extra["level"])
    if extra.get("kind"):
        label = services.COLLECTION_KINDS[extra["kind"]]  # marked with N_ where it is defined
        names.append(_(label))
    return names


def _directory_page(kind: str):
    directory = _directories()[kind]
    session = db.session
    form, place, extra = _read_search(directory)
    page = directory.search(session, text=form["q"], place=place, page=request.args.get("trang"), **extra)
    context = dict(
        kind=kind, directory=directory, form={**form, "loc": request.args.get("loc") == "1"}, page=page,
        active_filters=_active_filters(place, extra), provinces=services.provinces(session),
        wards=services.wards(session, province_code=place.province_code) if "place" in directory.filters else [],
        levels=services.facility_levels(session) if "level" in directory.filters else [],
        kinds=services.COLLECTION_KINDS, statuses=services.EMPLOYER_STATUS,
    )
    if not _wants_results_only():
        return render("lookups/directory.html", **context)
    return _results_fragment(directory, form, page, context)


def _results_fragment(directory: Directory, form: dict, page: services.ResultPage, context: dict):
    """What htmx swaps while the person types: the results, the status line and, when the
    province changed, the commune picker (both out of band); and the address to push."""
    template = "lookups/directory.html"
    body = render_block(template, "results", **context) + render_block(template, "status", oob=True, **context)
    if request.htmx.trigger_name == "tinh" and "place" in directory.filters:
        body += render_block(template, "ward_field", oob=True, **context)
    response = make_response(body)
    response.vary.update(("HX-Request", "HX-Boosted", "HX-Target", "HX-Trigger-Name"))
    # The address to share and to come back to: only what was asked, page 1 implied.
    asked = {name: value for name, value in form.items() if value}
    if page.page > 1:
        asked["trang"] = page.page
    response.headers["HX-Push-Url"] = url_for(directory.endpoint, **asked)
    return response


@bp.get("")
def hub():
    return render("lookups/hub.html")


@bp.get("/co-quan-bhxh")
def offices():
    return _directory_page("offices")


@bp.get("/co-so-kcb")
def facilities():
    return _directory_page("facilities")


@bp.get("/co-so-cap-giay-nghi-viec")
def sick_leave():
    return _directory_page("sick_leave")


@bp.get("/don-vi-tham-gia")
def employers():
    return _directory_page("employers")


@bp.get("/diem-thu")
def collection_points():
    return _directory_page("collection_points")


@bp.get("/co-quan-bhxh/<int:office_id>")
def office(office_id: int):
    entry = services.get_office(db.session, office_id=office_id)
    return _entry_page("lookups/office.html", entry)


@bp.get("/co-so-kcb/<code>")
def facility(code: str):
    entry = services.get_facility(db.session, code=code)
    return _entry_page("lookups/facility.html", entry)


@bp.get("/don-vi-tham-gia/<int:employer_id>")
def employer(employer_id: int):
    entry = services.get_employer(db.session, employer_id=employer_id)
    return _entry_page("lookups/employer.html", entry, statuses=services.EMPLOYER_STATUS)


@bp.get("/diem-thu/<int:point_id>")
def collection_point(point_id: int):
    entry = services.get_collection_point(db.session, point_id=point_id)
    return _entry_page("lookups/collection_point.html", entry, kinds=services.COLLECTION_KINDS)


def _entry_page(template: str, entry, **context):
    place = services.place_names(db.session, province_code=entry.province_code, ward_code=entry.ward_code)
    if fold(place) in fold(entry.address):
        place = ""  # the address already says it
    return render(template, entry=entry, place=place, **context)


@bp.get("/xa-phuong")
def ward_options():
    """The commune picker of a province (htmx swaps it in when the province changes)."""
    place = services.resolve_place(db.session, province=request.args.get("tinh") or None, ward=None)
    wards = services.wards(db.session, province_code=place.province_code)
    return render("lookups/_ward_field.html", form={"tinh": place.province_code or "", "xa": ""}, wards=wards,
                  field_id=request.args.get("field") or "f-xa")


# --- Mã số BHXH -------------------------------------------------------------------------


def _ma_so_limit() -> str:
    return current_app.config.get("VSSID_MA_SO_LIMIT", MA_SO_LIMIT)


def _ma_so_global_limit() -> str:
    return current_app.config.get("VSSID_MA_SO_GLOBAL_LIMIT", MA_SO_GLOBAL_LIMIT)


def _loading_wards() -> bool:
    """The no-script "load communes" button posts the form without looking anything up."""
    return request.form.get("action") == "wards"


def _ma_so_page(form: dict, errors: dict | None = None, answer=None, *, failed: bool = False):
    session = db.session
    context = dict(
        form=form, errors=errors or {}, answer=answer,
        provinces=services.provinces(session),
        wards=services.wards(session, province_code=services.resolve_place(
            session, province=form.get("tinh") or None, ward=None).province_code),
    )
    if failed:
        return private(render_form_error("lookups/ma_so.html", block="content", **context))
    return private(render("lookups/ma_so.html", block="content", **context))


@bp.route("/ma-so-bhxh", methods=["GET", "POST"])
@limiter.limit(_ma_so_limit, methods=["POST"], exempt_when=_loading_wards)
@limiter.limit(_ma_so_global_limit, methods=["POST"], key_func=lambda: "lookup-ma-so", exempt_when=_loading_wards,
               scope="lookup-ma-so-all")
def ma_so():
    if request.method == "GET":
        return _ma_so_page({})
    form = {name: request.form.get(name, "") for name in ("tinh", "xa", "ho_ten", "ngay_sinh")}
    if _loading_wards():
        return _ma_so_page(form)  # the CCCD is not sent back into the page
    query, errors = ma_so_service.parse_form(db.session, {**form, "cccd": request.form.get("cccd", "")})
    if errors:
        return _ma_so_page({**form, "cccd": request.form.get("cccd", "")}, errors, failed=True)
    answer = ma_so_service.lookup(
        db.session, query=query, client=client(),
        account_id=current_user.account.id if current_user.is_authenticated else None,
        audit_key=current_app.config["SECRET_KEY"],
        min_seconds=current_app.config.get("VSSID_MA_SO_MIN_SECONDS", ma_so_service.DEFAULT_MIN_SECONDS),
    )
    return _ma_so_page({**form, "cccd": query.cccd}, answer=answer)
