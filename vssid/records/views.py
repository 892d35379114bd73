"""The "Quản lý cá nhân" pages (blueprint "records", under /ca-nhan).

Every page is personal: login required, ``private()`` (no-store), hx-history off in the
templates. ``?nguoi=<person id>`` switches to a household member the holder may see;
any other id is a 404 (``access.Scope``).
"""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from jinja2_fragments.flask import render_blocks

from vssid.core.dates import format_duration_vi, months_between_inclusive, to_local
from vssid.core.db import utcnow
from vssid.core.errors import NotFound
from vssid.extensions import db
from vssid.records import services
from vssid.records.access import Scope, load_scope
from vssid.records.costs import format_quantity
from vssid.records import labels
from vssid.records.labels import SCHEME_BY_SLUG, SCHEMES
from vssid.web.rendering import private, render, wants_fragment

bp = Blueprint("records", __name__, url_prefix="/ca-nhan")


@bp.context_processor
def _labels() -> dict:
    return {
        "schemes": SCHEMES, "modes": labels.PARTICIPATION_MODES, "regimes": labels.REGIMES,
        "payment_methods": labels.PAYMENT_METHODS, "benefit_statuses": labels.BENEFIT_STATUSES,
        "visit_types": labels.VISIT_TYPES, "treatment_results": labels.TREATMENT_RESULTS,
        "discharge_types": labels.DISCHARGE_TYPES, "is_monthly": labels.is_monthly,
    }


@bp.app_template_filter("duration_vi")
def _duration_vi(months: int) -> str:
    """151 -> "12 năm 7 tháng" (core.dates.format_duration_vi)."""
    return format_duration_vi(months)


@bp.app_template_filter("quantity_vi")
def _quantity_vi(quantity) -> str:
    return format_quantity(quantity)


@bp.app_template_filter("months_in")
def _months_in(period: tuple) -> int:
    """(first, last) months, both included -> how many months."""
    return months_between_inclusive(*period)


def _today() -> dt.date:
    return to_local(utcnow()).date()


def _context() -> dict:
    """The holder's scope, the person viewed (``?nguoi=``) and the query args that keep it."""
    scope = load_scope(db.session, holder_id=current_user.person_id, today=_today())
    raw = request.args.get("nguoi")
    if raw is not None and not (raw.isascii() and raw.isdigit()):
        raise NotFound(_("Không tìm thấy hồ sơ này."))
    person = scope.person(int(raw) if raw is not None else None)
    person_args = {} if person.id == scope.holder.id else {"nguoi": person.id}
    return {"scope": scope, "person": person, "person_args": person_args}


def _page_number() -> int:
    return request.args.get("trang", 1, type=int)


@bp.get("")
@login_required
def hub():
    scope: Scope = load_scope(db.session, holder_id=current_user.person_id, today=_today())
    return private(render("records/hub.html", scope=scope))


@bp.get("/qua-trinh-tham-gia")
@login_required
def participation_default():
    return redirect(url_for("records.participation", scheme=SCHEMES[0].slug, **request.args.to_dict()))


@bp.get("/qua-trinh-tham-gia/in")
@login_required
def participation_print():
    ctx = _context()
    history = services.participation_history(db.session, person_id=ctx["person"].id, today=_today())
    return private(render("records/participation_print.html", history=history, printed_on=_today(), **ctx))


@bp.get("/qua-trinh-tham-gia/<scheme>")
@login_required
def participation(scheme: str):
    chosen = SCHEME_BY_SLUG.get(scheme)
    if chosen is None:
        raise NotFound()
    ctx = _context()
    view = services.participation_page(
        db.session, person_id=ctx["person"].id, scheme=chosen.code, page=_page_number(), today=_today(),
    )
    template = "records/participation.html"
    if wants_fragment() and request.htmx.target == "period-rows":
        # "Xem thêm": the next rows, and the pager replaced out of band.
        response = make_response(render_blocks(template, ["period_rows", "pager"], view=view, chosen=chosen,
                                               pager_oob=True, **ctx))
        response.vary.update(("HX-Request", "HX-Boosted"))
        return private(response)
    return private(render(template, block="scheme_panel", view=view, chosen=chosen, **ctx))


@bp.get("/thong-tin-huong")
@login_required
def benefits():
    ctx = _context()
    view = services.benefits_page(db.session, person_id=ctx["person"].id, page=_page_number())
    return private(render("records/benefits.html", view=view, **ctx))


@bp.get("/thong-tin-huong/<int:record_id>")
@login_required
def benefit(record_id: int):
    scope = load_scope(db.session, holder_id=current_user.person_id, today=_today())
    record = services.benefit_detail(db.session, record_id=record_id, person_ids=scope.person_ids)
    person = scope.person(record.person_id)
    person_args = {} if person.id == scope.holder.id else {"nguoi": person.id}
    return private(render("records/benefit.html", record=record, scope=scope, person=person,
                          person_args=person_args))


@bp.get("/so-kham-chua-benh")
@login_required
def visits():
    ctx = _context()
    raw_year = request.args.get("nam", "").strip()
    if raw_year and not (raw_year.isascii() and raw_year.isdigit() and 1900 <= int(raw_year) <= 2100):
        view = services.visits_page(db.session, person_id=ctx["person"].id, year=None, page=1)
        return private(render("records/visits.html", view=view, year_error=_(
            "Năm phải là một số có 4 chữ số, ví dụ 2024."), raw_year=raw_year, status=400, **ctx))
    view = services.visits_page(db.session, person_id=ctx["person"].id, year=int(raw_year) if raw_year else None,
                                page=_page_number())
    return private(render("records/visits.html", view=view, year_error=None, raw_year=raw_year, **ctx))


@bp.get("/so-kham-chua-benh/<int:visit_id>")
@login_required
def visit(visit_id: int):
    scope = load_scope(db.session, holder_id=current_user.person_id, today=_today())
    detail = services.visit_detail(db.session, visit_id=visit_id, person_ids=scope.person_ids)
    person = scope.person(detail.visit.person_id)
    person_args = {} if person.id == scope.holder.id else {"nguoi": person.id}
    return private(render("records/visit.html", detail=detail, scope=scope, person=person,
                          person_args=person_args))
