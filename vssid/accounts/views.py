"""Login, logout, new-device OTP, password change and reset (blueprint "auth")."""
from __future__ import annotations

import re

from flask import Blueprint, current_app, flash, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from vssid.accounts import login as login_service
from vssid.accounts import sessions
from vssid.accounts.web import (
    client, clear_browser, otp_key, redirect_to, safe_next, set_session_cookie,
)
from vssid.core.db import utcnow
from vssid.core.errors import DomainError, ValidationError
from vssid.extensions import db, limiter
from vssid.web.rendering import private, render, render_form_error

bp = Blueprint("auth", __name__)

PENDING_LOGIN = "pending_login"  # challenge id of the new-device OTP, in the signed cookie
PENDING_RESET = "pending_reset"
PENDING_PASSKEY_LOGIN = "pending_passkey_login"  # set to PENDING_LOGIN's id when a passkey began it


def _login_id_key() -> str:
    """Per-account rate-limit key: the digits of the login id, however they were typed."""
    return "login:" + re.sub(r"\D", "", request.form.get("login_id") or "")[:12]


def _signed_in(outcome: login_service.LoginOutcome):
    session.pop(PENDING_LOGIN, None)
    session.pop("csrf_token", None)  # a new CSRF token for the new session
    target = url_for("auth.change_password") if outcome.must_change_password else (
        safe_next(request.args.get("next")) or url_for("web.home")
    )
    response = redirect_to(target)
    set_session_cookie(response, outcome.token)
    return response


@bp.route("/dang-nhap", methods=["GET", "POST"])
@limiter.limit("20 per minute;200 per day", methods=["POST"])
@limiter.limit("30 per hour", methods=["POST"], key_func=_login_id_key)
def login():
    if request.method == "GET":
        return private(render("accounts/login.html", form={}, errors={}))
    form = {"login_id": request.form.get("login_id", "")}
    try:
        outcome = login_service.password_step(
            db.session, login_id=form["login_id"], password=request.form.get("password", ""),
            client=client(), now=utcnow(), otp_key=otp_key(),
        )
    except DomainError as exc:
        return private(render_form_error("accounts/login.html", block="content", form=form,
                                         errors={exc.field or "": exc.message}))
    if outcome.challenge_id:
        session[PENDING_LOGIN] = outcome.challenge_id
        return redirect_to(url_for("auth.login_otp", next=safe_next(request.args.get("next"))))
    return _signed_in(outcome)


@bp.route("/dang-nhap/otp", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login_otp():
    if session.get(PENDING_LOGIN) is None:
        return redirect_to(url_for("auth.login"))
    if request.method == "GET":
        return private(render("accounts/otp.html", errors={}, action=url_for("auth.login_otp", next=request.args.get("next")),
                              resend=url_for("auth.login_otp_resend"), purpose="new_device"))
    try:
        outcome = login_service.otp_step(
            db.session, challenge_id=session.get(PENDING_LOGIN), code=request.form.get("code", ""),
            client=client(), now=utcnow(), otp_key=otp_key(),
            method="passkey" if session.get(PENDING_PASSKEY_LOGIN) == session.get(PENDING_LOGIN) else "password",
        )
    except DomainError as exc:
        return private(render_form_error(
            "accounts/otp.html", block="content", errors={"code": exc.message},
            action=url_for("auth.login_otp", next=request.args.get("next")),
            resend=url_for("auth.login_otp_resend"), purpose="new_device",
        ))
    return _signed_in(outcome)


@bp.post("/dang-nhap/otp/gui-lai")
@limiter.limit("5 per 10 minutes")
def login_otp_resend():
    try:
        login_service.resend_device_otp(db.session, challenge_id=session.get(PENDING_LOGIN), now=utcnow(),
                                        otp_key=otp_key())
        flash(_("Đã gửi lại mã OTP đến số điện thoại đã đăng ký."), "success")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect_to(url_for("auth.login_otp"))


@bp.post("/dang-xuat")
def logout():
    if current_user.is_authenticated:
        sessions.end(db.session, user_session=current_user.user_session, reason=sessions.REVOKED_LOGOUT,
                     client=client(), now=utcnow())
    session.clear()
    flash(_("Bạn đã đăng xuất."), "success")
    return clear_browser(redirect_to(url_for("auth.login")))


@bp.post("/phien/gia-han")
@login_required
def keep_alive():
    """The idle-timeout warning's "Tiếp tục" button (WCAG 2.2.1 Timing Adjustable)."""
    sessions.touch(db.session, current_user.user_session, now=utcnow())
    return private(current_app.response_class(status=204))


@bp.route("/tai-khoan/doi-mat-khau", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"])
def change_password():
    forced = current_user.account.must_change_password
    if request.method == "GET":
        return private(render("accounts/change_password.html", errors={}, forced=forced))
    try:
        login_service.change_password(
            db.session, account=current_user.account, current=request.form.get("current_password", ""),
            new=request.form.get("password", ""), confirm=request.form.get("confirm_password", ""),
            client=client(), now=utcnow(), keep_session_id=current_user.user_session.id,
        )
    except ValidationError as exc:
        return private(render_form_error("accounts/change_password.html", block="content",
                                         errors={exc.field or "": exc.message}, forced=forced))
    flash(_("Đã đổi mật khẩu."), "success")
    return redirect_to(url_for("web.home"))


@bp.route("/quen-mat-khau", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes;20 per day", methods=["POST"])
@limiter.limit("5 per day", methods=["POST"], key_func=_login_id_key)
def forgot_password():
    form = {"login_id": request.form.get("login_id", ""), "channel": request.form.get("channel", "sms")}
    if request.method == "GET":
        return private(render("accounts/forgot.html", form=form, errors={}))
    login_id = form["login_id"].strip()
    if not (login_id.isdigit() and len(login_id) in (10, 12)):
        return private(render_form_error("accounts/forgot.html", block="content", form=form, errors={
            "login_id": _("Nhập mã số BHXH (10 chữ số) hoặc số CCCD (12 chữ số)."),
        }))
    channel = "email" if form["channel"] == "email" else "sms"
    session[PENDING_RESET] = login_service.start_reset(
        db.session, login_id=login_id, channel=channel, client=client(), now=utcnow(), otp_key=otp_key(),
    )
    flash(_("Nếu thông tin đúng, mã OTP đã được gửi đến số điện thoại hoặc email đã đăng ký. Mã có hiệu lực 5 phút."), "info")
    return redirect_to(url_for("auth.reset_password"))


@bp.route("/quen-mat-khau/dat-lai", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"])
def reset_password():
    if session.get(PENDING_RESET) is None:
        return redirect_to(url_for("auth.forgot_password"))
    if request.method == "GET":
        return private(render("accounts/reset.html", errors={}))
    try:
        login_service.finish_reset(
            db.session, challenge_id=session.get(PENDING_RESET), code=request.form.get("code", ""),
            new=request.form.get("password", ""), confirm=request.form.get("confirm_password", ""),
            client=client(), now=utcnow(), otp_key=otp_key(),
        )
    except ValidationError as exc:
        return private(render_form_error("accounts/reset.html", block="content",
                                         errors={exc.field or "": exc.message}))
    session.pop(PENDING_RESET, None)
    flash(_("Đã đặt lại mật khẩu. Mọi phiên đăng nhập cũ đã kết thúc; hãy đăng nhập bằng mật khẩu mới."), "success")
    return clear_browser(redirect_to(url_for("auth.login")))
