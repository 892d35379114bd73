"""Registration (Đăng ký): the form, the phone OTP, the answer (blueprint "auth")."""
from __future__ import annotations

from flask import request, session, url_for

from vssid.accounts import registration
from vssid.accounts.views import bp
from vssid.accounts.web import client, otp_key, redirect_to
from vssid.core.db import utcnow
from vssid.core.errors import DomainError
from vssid.extensions import db, limiter
from vssid.web.rendering import private, render, render_form_error

PENDING_REGISTRATION = "pending_registration"
FIELDS = ("full_name", "ma_so", "cccd", "birth", "phone", "email", "address", "office_id")


def _form_page(form: dict, errors: dict, *, failed: bool = False):
    context = {"form": form, "errors": errors, "offices": registration.offices(db.session)}
    if failed:
        return private(render_form_error("accounts/register.html", block="content", **context))
    return private(render("accounts/register.html", **context))


@bp.route("/dang-ky", methods=["GET", "POST"])
@limiter.limit("5 per hour;20 per day", methods=["POST"])
def register():
    form = {name: request.form.get(name, "") for name in FIELDS}
    if request.method == "GET":
        return _form_page(form, {})
    data, errors = registration.parse_form(form)
    if errors:
        return _form_page(form, errors, failed=True)
    try:
        _registration_id, challenge_id = registration.submit(
            db.session, data=data, client=client(), now=utcnow(), otp_key=otp_key()
        )
    except DomainError as exc:
        return _form_page(form, {exc.field or "": exc.message}, failed=True)
    session[PENDING_REGISTRATION] = challenge_id
    return redirect_to(url_for("auth.register_otp"))


@bp.route("/dang-ky/xac-thuc", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def register_otp():
    if session.get(PENDING_REGISTRATION) is None:
        return redirect_to(url_for("auth.register"))
    context = {"action": url_for("auth.register_otp"), "resend": None, "purpose": "registration"}
    if request.method == "GET":
        return private(render("accounts/otp.html", errors={}, **context))
    try:
        registration.verify_phone(
            db.session, challenge_id=session.get(PENDING_REGISTRATION), code=request.form.get("code", ""),
            client=client(), now=utcnow(), otp_key=otp_key(),
        )
    except DomainError as exc:
        return private(render_form_error("accounts/otp.html", block="content", errors={"code": exc.message}, **context))
    session.pop(PENDING_REGISTRATION, None)
    return redirect_to(url_for("auth.registered"))


@bp.get("/dang-ky/da-tiep-nhan")
def registered():
    return render("accounts/registered.html")
