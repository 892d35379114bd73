"""Fingerprint login endpoints (blueprint "passkeys"), called by static/js/passkeys.js.

Options and results travel as JSON. The script sends `HX-Request: true`, so leaving the
page is answered as for htmx (an `HX-Redirect` header, see web.redirect_to) and a
successful login reuses the password login's `_signed_in` (cookie, next, forced change).
Refusals answer JSON `{"error": "<Vietnamese sentence>"}`.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, jsonify, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required
from webauthn.helpers import bytes_to_base64url

from vssid.accounts import passkeys
from vssid.accounts.views import PENDING_LOGIN, PENDING_PASSKEY_LOGIN, _signed_in
from vssid.accounts.web import client, otp_key, redirect_to, safe_next
from vssid.core.db import utcnow
from vssid.core.errors import DomainError
from vssid.extensions import db, limiter
from vssid.web.rendering import private

bp = Blueprint("passkeys", __name__)

MAX_BODY = 32 * 1024  # a WebAuthn response is a few kilobytes


def _rp() -> passkeys.RelyingParty:
    return passkeys.RelyingParty(id=current_app.config["VSSID_RP_ID"], origin=current_app.config["VSSID_ORIGIN"])


def _account_key() -> str:
    """Re-entering the password is limited per account, wherever the guesses come from."""
    if current_user.is_authenticated:
        return f"passkey-reauth:{current_user.account.id}"
    return get_remote_address()


def _json(payload: dict, status: int = 200) -> Response:
    response = jsonify(payload)
    response.status_code = status
    return private(response)


def _options(text: str) -> Response:
    return private(current_app.response_class(text, mimetype="application/json"))


def _body() -> str | None:
    if (request.content_length or 0) > MAX_BODY:
        return None
    text = request.get_data(as_text=True)
    return text if len(text) <= MAX_BODY else None


def _refused(exc: passkeys.PasskeyRejected) -> Response:
    payload = {"error": exc.message}
    if exc.reason == passkeys.UNKNOWN_CREDENTIAL and exc.credential_id:
        # Lets the browser hide a passkey the holder removed here (WebAuthn signal API).
        payload["unknown_credential"] = {"rpId": _rp().id, "credentialId": bytes_to_base64url(exc.credential_id)}
    return _json(payload, 400)


@bp.post("/dang-nhap/van-tay/tuy-chon")
@limiter.limit("10 per minute;100 per hour")
def login_options():
    return _options(passkeys.login_options(db.session, rp=_rp(), now=utcnow()))


@bp.post("/dang-nhap/van-tay")
@limiter.limit("10 per minute;100 per hour")
def login_verify():
    body = _body()
    if body is None:
        return _json({"error": passkeys.LOGIN_FAILED}, 413)
    try:
        outcome = passkeys.finish_login(db.session, response=body, client=client(), rp=_rp(), now=utcnow(),
                                        otp_key=otp_key())
    except passkeys.PasskeyRejected as exc:
        return _refused(exc)
    except DomainError as exc:  # the account is locked
        return _json({"error": exc.message}, 403)
    if outcome.challenge_id:
        session[PENDING_LOGIN] = session[PENDING_PASSKEY_LOGIN] = outcome.challenge_id
        return private(redirect_to(url_for("auth.login_otp", next=safe_next(request.args.get("next")))))
    session.pop(PENDING_PASSKEY_LOGIN, None)
    return private(_signed_in(outcome))


@bp.post("/tai-khoan/van-tay/tuy-chon")
@login_required
@limiter.limit("10 per minute")
@limiter.limit("5 per 15 minutes;20 per day", key_func=_account_key)
def register_options():
    try:
        options = passkeys.registration_options(
            db.session, account=current_user.account, password=request.form.get("password", ""),
            client=client(), rp=_rp(), now=utcnow(),
        )
    except DomainError as exc:
        return _json({"error": exc.message, "field": exc.field}, 422)
    return _options(options)


@bp.post("/tai-khoan/van-tay")
@login_required
@limiter.limit("10 per minute;50 per day")
def register_verify():
    body = _body()
    if body is None:
        return _json({"error": passkeys.ENROL_FAILED}, 413)
    try:
        passkeys.finish_registration(db.session, account=current_user.account, response=body, client=client(),
                                     rp=_rp(), now=utcnow())
    except passkeys.PasskeyRejected as exc:
        return _refused(exc)
    flash(_("Đã bật đăng nhập bằng vân tay trên thiết bị này."), "success")
    return private(redirect_to(url_for("account.settings")))


@bp.post("/tai-khoan/van-tay/<int:passkey_id>/xoa")
@login_required
@limiter.limit("30 per hour")
def remove(passkey_id: int):
    label = passkeys.remove(db.session, account_id=current_user.account.id, passkey_id=passkey_id, client=client())
    flash(_("Đã tắt đăng nhập bằng vân tay trên thiết bị “%(device)s”.", device=label), "success")
    return private(redirect_to(url_for("account.settings")))
