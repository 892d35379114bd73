"""Public contribution calculators (blueprint "payments"): household BHYT, voluntary BHXH."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, request

from vssid.core.dates import VN_TZ
from vssid.core.errors import DomainError
from vssid.extensions import db
from vssid.payments import rates, services
from vssid.web.rendering import render

bp = Blueprint("payments", __name__, url_prefix="/tinh-muc-dong")


def _today() -> dt.date:
    return dt.datetime.now(VN_TZ).date()


def _start_date() -> dt.date:
    try:
        return dt.date.fromisoformat(request.args.get("tu_ngay", ""))
    except ValueError:
        return _today()


def _int_arg(name: str, default: int) -> int | None:
    raw = request.args.get(name, "").replace(".", "").replace(",", "").strip()
    if not raw:
        return default
    return int(raw) if raw.isdigit() else None


def _public(response):
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/bhyt-ho-gia-dinh")
def household():
    form = {"members": _int_arg("so_nguoi", 1), "months": _int_arg("so_thang", 12), "start": _start_date()}
    quote, error = None, None
    try:
        if form["members"] is None or form["months"] is None:
            raise DomainError("Nhập số người và số tháng bằng chữ số.")
        quote = services.household_quote(db.session, members=form["members"], months=form["months"], start=form["start"])
    except DomainError as exc:
        error = exc.message
    return _public(render("payments/household.html", block="result", form=form, quote=quote, error=error,
                          periods=rates.HOUSEHOLD_PERIODS))


@bp.get("/bhxh-tu-nguyen")
def voluntary():
    start = _start_date()
    lowest, highest = services.voluntary_bounds(db.session, on=start)
    form = {"income": _int_arg("thu_nhap", lowest), "months": _int_arg("so_thang", 1),
            "group": request.args.get("doi_tuong", "khac"), "start": start}
    quote, error = None, None
    try:
        if form["income"] is None or form["months"] is None:
            raise DomainError("Nhập mức thu nhập và số tháng bằng chữ số.")
        quote = services.voluntary_quote(db.session, income=form["income"], months=form["months"],
                                         group=form["group"], start=start)
    except DomainError as exc:
        error = exc.message
    return _public(render("payments/voluntary.html", block="result", form=form, quote=quote, error=error,
                          bounds=(lowest, highest), periods=rates.VOLUNTARY_PERIODS,
                          deadline=services.DEADLINES_VI.get(form["months"] or 0)))
