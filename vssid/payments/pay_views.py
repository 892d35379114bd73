"""Paying online (blueprint "pay"): household BHYT renewal and voluntary BHXH.

The browser goes to the gateway with a signed URL and comes back to the return page,
which only shows the order as the database has it. Only the gateway's server-to-server
notification (`/thanh-toan/ipn`) changes an order (VNPay's rule).
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from vssid.accounts import audit
from vssid.accounts.web import client
from vssid.core.db import utcnow
from vssid.core.errors import DomainError, NotFound
from vssid.extensions import csrf, db, limiter
from vssid.payments import gateway, orders, rates, services
from vssid.payments.web import (
    csp_allowing_gateway,
    gateway_config,
    install_settings,
    payments_enabled,
    public_url,
    today,
)
from vssid.web.rendering import private, render, render_form_error

bp = Blueprint("pay", __name__, url_prefix="/thanh-toan")
install_settings(bp)


def _months(raw: str | None, allowed: tuple[int, ...], default: int) -> int | None:
    if not raw:
        return default
    return int(raw) if raw.isdigit() and int(raw) in allowed else None


def _page(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = csp_allowing_gateway()
    return private(response)


@bp.get("")
@login_required
def hub() -> Response:
    day = today()
    return private(render(
        "payments/pay_hub.html", owed=orders.owed_members(db.session, payer_id=current_user.person_id, today=day),
        schedule=orders.voluntary_schedule(db.session, person_id=current_user.person_id, today=day),
        recent=orders.recent_orders(db.session, account_id=current_user.account.id), enabled=payments_enabled(),
        status_labels=orders.STATUS_LABELS_VI, kind_labels=orders.KIND_LABELS_VI, today=day,
    ))


@bp.route("/bhyt-ho-gia-dinh", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def household() -> Response:
    day = today()
    owed = orders.owed_members(db.session, payer_id=current_user.person_id, today=day)
    source = request.form if request.method == "POST" else request.args
    picked = [int(v) for v in source.getlist("thanh_vien") if v.isdigit()]
    if request.method == "GET" and "so_thang" not in request.args:
        picked = [m.person.id for m in owed]  # first visit: everyone owed is ticked
    months = _months(source.get("so_thang"), rates.HOUSEHOLD_PERIODS, 12)
    context = {"owed": owed, "picked": picked, "months": months, "quote": None, "error": None,
               "periods": rates.HOUSEHOLD_PERIODS, "enabled": payments_enabled(), "today": day}
    try:
        if months is None:
            raise DomainError(_("Thời hạn đóng là 3, 6 hoặc 12 tháng."), field="months")
        if owed:
            context["quote"] = orders.quote_household(db.session, payer_id=current_user.person_id,
                                                      person_ids=picked, months=months, today=day)
    except NotFound:
        raise  # someone outside the household's list: 404, as for any other record
    except DomainError as exc:
        context["error"] = exc.message
    if request.method == "GET" or context["error"] or not owed:
        if request.method == "POST":
            return _page(render_form_error("payments/pay_household.html", block="quote", **context))
        return _page(render("payments/pay_household.html", block="quote", **context))
    if not payments_enabled():
        context["error"] = _("Thanh toán trực tuyến chưa được bật. Vui lòng nộp tại điểm thu.")
        return _page(render_form_error("payments/pay_household.html", **context))
    order = orders.create_household_order(db.session, account_id=current_user.account.id,
                                          payer_id=current_user.person_id, person_ids=picked, months=months,
                                          today=day, now=utcnow())
    return _to_gateway(order, info=f"Gia han the BHYT ho gia dinh {len(order.lines)} nguoi {months} thang")


@bp.route("/bhxh-tu-nguyen", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def voluntary() -> Response:
    day = today()
    schedule = orders.voluntary_schedule(db.session, person_id=current_user.person_id, today=day)
    source = request.form if request.method == "POST" else request.args
    months = _months(source.get("so_thang"), rates.VOLUNTARY_PERIODS, 1)
    raw_income = (source.get("thu_nhap") or "").replace(".", "").replace(",", "").replace(" ", "")
    income = int(raw_income) if raw_income.isdigit() else (schedule.income if schedule and not raw_income else None)
    context = {"schedule": schedule, "months": months, "income": income, "income_text": source.get("thu_nhap", ""),
               "quote": None, "error": None, "periods": rates.VOLUNTARY_PERIODS,
               "deadline": services.DEADLINES_VI.get(months or 0), "enabled": payments_enabled()}
    if schedule is not None:
        try:
            if months is None:
                raise DomainError(_("Phương thức đóng: hằng tháng, 3 tháng, 6 tháng hoặc 12 tháng."), field="months")
            if income is None:
                raise DomainError(_("Nhập mức thu nhập bằng chữ số."), field="income")
            context["quote"] = services.voluntary_quote(db.session, income=income, months=months,
                                                        group=schedule.group, start=schedule.next_month)
        except DomainError as exc:
            context["error"] = exc.message
    if request.method == "GET" or context["error"] or schedule is None:
        if request.method == "POST":
            return _page(render_form_error("payments/pay_voluntary.html", block="quote", **context))
        return _page(render("payments/pay_voluntary.html", block="quote", **context))
    if not payments_enabled():
        context["error"] = _("Thanh toán trực tuyến chưa được bật. Vui lòng nộp tại điểm thu.")
        return _page(render_form_error("payments/pay_voluntary.html", **context))
    order = orders.create_voluntary_order(db.session, account_id=current_user.account.id,
                                          person_id=current_user.person_id, months=months, income=income,
                                          today=day, now=utcnow())
    return _to_gateway(order, info=f"Dong BHXH tu nguyen {months} thang")


def _to_gateway(order, *, info: str) -> Response:
    """Commit the order, then send the browser to the gateway with the signed amount."""
    audit.record(db.session, "payment_started", client=client(), account_id=current_user.account.id,
                 reference=order.reference, amount=order.amount, kind=order.kind)
    db.session.commit()
    url = gateway.payment_url(
        gateway_config(), reference=order.reference, amount=order.amount, order_info=f"{info} {order.reference}",
        return_url=public_url("pay.gateway_return"), ip=request.remote_addr or "", created_at=order.created_at,
        expires_at=order.expires_at,
    )
    if request.headers.get("HX-Request") == "true":
        response = Response(status=204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)


@bp.get("/ket-qua")
@login_required
def gateway_return() -> Response:
    """The return URL: verify the signature, then show what the database says (display only)."""
    result = gateway.read_result(request.args.to_dict(), current_app.config["VSSID_PAYMENT_HASH_SECRET"])
    if result is None:
        return private(render("payments/pay_result.html", order=None, result=None, bad_signature=True,
                              status=400, status_labels=orders.STATUS_LABELS_VI, kind_labels=orders.KIND_LABELS_VI))
    order = orders.order_of(db.session, reference=result.reference, account_id=current_user.account.id)
    return private(render("payments/pay_result.html", order=order, result=result, bad_signature=False,
                          status_labels=orders.STATUS_LABELS_VI, kind_labels=orders.KIND_LABELS_VI))


@bp.get("/giao-dich/<reference>")
@login_required
def receipt(reference: str) -> Response:
    order = orders.order_of(db.session, reference=reference[:20], account_id=current_user.account.id)
    return private(render("payments/pay_result.html", order=order, result=None, bad_signature=False,
                          status_labels=orders.STATUS_LABELS_VI, kind_labels=orders.KIND_LABELS_VI))


@bp.route("/ipn", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit("120 per minute")
def ipn() -> Response:
    """The gateway's server-to-server notification (VNPay calls it with GET)."""
    params = request.args.to_dict() if request.method == "GET" else request.form.to_dict()
    try:
        code, message = orders.handle_notification(db.session, params=params, config=gateway_config(),
                                                   now=utcnow(), today=today())
        db.session.commit()
    except Exception:  # the gateway retries on anything but a definite answer
        db.session.rollback()
        current_app.logger.exception("payment notification failed")
        code, message = gateway.IPN_ERROR
    response = jsonify(RspCode=code, Message=message)
    response.headers["Cache-Control"] = "no-store"
    return response
