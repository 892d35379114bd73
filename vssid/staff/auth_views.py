"""Staff login: e-mail and password, then the authenticator code (or its first enrolment)."""
from __future__ import annotations

from flask import current_app, flash, request, session, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from vssid.accounts.web import client, redirect_to, safe_next
from vssid.core.db import utcnow
from vssid.core.errors import DomainError
from vssid.extensions import db, limiter
from vssid.staff import auth, sessions, totp
from vssid.staff.views import bp
from vssid.staff.web import (
    PENDING_LOGIN, clear_staff_cookie, current_staff, pending_staff_id, remember_pending, set_staff_cookie,
    staff_required,
)
from vssid.web.rendering import private, render, render_form_error


def _email_key() -> str:
    return "staff-login:" + auth.normalise_email(request.form.get("email", ""))[:254]


def _app_secret() -> str:
    return current_app.config["SECRET_KEY"]


def _next() -> str | None:
    return safe_next(request.args.get("next"))


def _signed_in(token: str, member):
    session.pop(PENDING_LOGIN, None)
    session.pop("csrf_token", None)  # a new CSRF token for the new session
    target = url_for("staff.change_password") if member.must_change_password else (_next() or url_for("staff.home"))
    response = redirect_to(target)
    set_staff_cookie(response, token)
    return response


@bp.route("/dang-nhap", methods=["GET", "POST"])
@limiter.limit("10 per minute;100 per day", methods=["POST"])
@limiter.limit("20 per hour", methods=["POST"], key_func=_email_key)
def login():
    if request.method == "GET":
        if current_staff.is_authenticated:
            return redirect_to(url_for("staff.home"))
        return private(render("staff/login.html", form={}, errors={}))
    form = {"email": request.form.get("email", "")}
    try:
        member = auth.password_step(db.session, email=form["email"], password=request.form.get("password", ""),
                                    client=client(), now=utcnow())
    except DomainError as exc:
        return private(render_form_error("staff/login.html", block="content", form=form,
                                         errors={exc.field or "": exc.message}))
    remember_pending(member.id)
    step = "staff.login_code" if member.totp_enrolled else "staff.enrol"
    return redirect_to(url_for(step, next=_next()))


def _pending_member():
    return auth.pending_member(db.session, staff_id=pending_staff_id())


@bp.route("/dang-nhap/ma-xac-thuc", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login_code():
    member = _pending_member()
    if member is None:
        flash(_("Phiên đăng nhập đã hết hạn. Vui lòng nhập lại email và mật khẩu."), "warning")
        return redirect_to(url_for("staff.login"))
    if not member.totp_enrolled:
        return redirect_to(url_for("staff.enrol", next=_next()))
    if request.method == "GET":
        return private(render("staff/code.html", errors={}))
    try:
        token = auth.totp_step(db.session, member=member, code=request.form.get("code", ""), client=client(),
                               now=utcnow(), app_secret=_app_secret())
    except DomainError as exc:
        return private(render_form_error("staff/code.html", block="content", errors={"code": exc.message}))
    return _signed_in(token, member)


def _enrol_page(member, secret: str, errors: dict, *, failed: bool = False):
    uri = totp.provisioning_uri(secret, email=member.email)
    context = {
        "errors": errors, "secret": totp.display_secret(secret), "email": member.email,
        "qr_svg": Markup(totp.qr_svg(uri, title=_("Mã QR cài đặt ứng dụng xác thực"))),
    }
    if failed:
        return private(render_form_error("staff/enrol.html", block="content", **context))
    return private(render("staff/enrol.html", **context))


@bp.route("/dang-nhap/cai-dat-xac-thuc", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def enrol():
    """First login: scan a new secret into an authenticator app and type its first code."""
    member = _pending_member()
    if member is None:
        flash(_("Phiên đăng nhập đã hết hạn. Vui lòng nhập lại email và mật khẩu."), "warning")
        return redirect_to(url_for("staff.login"))
    if member.totp_enrolled:
        return redirect_to(url_for("staff.login_code", next=_next()))
    if request.method == "GET":
        return _enrol_page(member, auth.begin_enrolment(db.session, member=member, app_secret=_app_secret()), {})
    try:
        token = auth.confirm_enrolment(db.session, member=member, code=request.form.get("code", ""),
                                       client=client(), now=utcnow(), app_secret=_app_secret())
    except DomainError as exc:
        secret = auth.pending_secret(member, app_secret=_app_secret())
        if secret is None:
            flash(exc.message, "error")
            return redirect_to(url_for("staff.login"))
        return _enrol_page(member, secret, {"code": exc.message}, failed=True)
    flash(_("Đã cài đặt ứng dụng xác thực. Từ nay mỗi lần đăng nhập, hãy nhập mã đang hiện trên ứng dụng."), "success")
    return _signed_in(token, member)


@bp.post("/dang-xuat")
def logout():
    if current_staff.is_authenticated:
        sessions.end(db.session, staff_session=current_staff.staff_session, reason=sessions.REVOKED_LOGOUT,
                     client=client(), now=utcnow())
    session.pop(PENDING_LOGIN, None)
    flash(_("Bạn đã đăng xuất khỏi cổng cán bộ."), "success")
    return private(clear_staff_cookie(redirect_to(url_for("staff.login"))))


@bp.post("/phien/gia-han")
@staff_required()
def keep_alive():
    """The idle-timeout warning's "Tiếp tục" button."""
    sessions.touch(db.session, current_staff.staff_session, now=utcnow())
    return current_app.response_class(status=204)


@bp.route("/doi-mat-khau", methods=["GET", "POST"])
@staff_required()
@limiter.limit("10 per hour", methods=["POST"])
def change_password():
    forced = current_staff.member.must_change_password
    if request.method == "GET":
        return render("staff/change_password.html", errors={}, forced=forced)
    try:
        auth.change_password(
            db.session, member=current_staff.member, current=request.form.get("current_password", ""),
            new=request.form.get("password", ""), confirm=request.form.get("confirm_password", ""),
            client=client(), now=utcnow(), keep_session_id=current_staff.staff_session.id,
        )
    except DomainError as exc:
        return render_form_error("staff/change_password.html", block="content",
                                 errors={exc.field or "": exc.message}, forced=forced)
    flash(_("Đã đổi mật khẩu."), "success")
    return redirect_to(url_for("staff.home"))
