"""The holder's account pages (blueprint "account"): "Tài khoản" and the device history."""
from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from vssid.accounts import devices, passkeys, sessions
from vssid.accounts.web import policy
from vssid.core.db import utcnow
from vssid.extensions import db
from vssid.web.rendering import private, render

bp = Blueprint("account", __name__)

HISTORY_LENGTH = 10

METHODS = {"password": _l("Mật khẩu"), "passkey": _l("Vân tay")}
ENDED_BECAUSE = {
    sessions.REVOKED_LOGOUT: _l("đã đăng xuất"),
    sessions.REVOKED_OTHER_DEVICE: _l("đăng nhập trên thiết bị khác"),
    sessions.REVOKED_ACCOUNT_SWITCH: _l("tài khoản khác đăng nhập trên thiết bị này"),
    sessions.REVOKED_IDLE: _l("hết hạn do không hoạt động"),
    sessions.REVOKED_EXPIRED: _l("hết thời hạn phiên đăng nhập"),
    sessions.REVOKED_PASSWORD: _l("mật khẩu đã được thay đổi"),
    sessions.REVOKED_BY_HOLDER: _l("bạn đã kết thúc phiên"),
}


@bp.get("/tai-khoan")
@login_required
def settings():
    account = current_user.account
    return private(render(
        "accounts/settings.html", account=account, person=account.person,
        passkeys=passkeys.list_for(db.session, account_id=account.id),
    ))


@bp.get("/tai-khoan/thiet-bi")
@login_required
def device_history():
    rules = policy()
    entries = devices.login_history(
        sessions.recent_logins(db.session, account_id=current_user.account.id, limit=HISTORY_LENGTH),
        idle=rules.idle, absolute=rules.absolute, now=utcnow(), current_session_id=current_user.user_session.id,
    )
    here = current_user.user_session
    return private(render(
        "accounts/devices.html", entries=entries, methods=METHODS, ended_because=ENDED_BECAUSE,
        current_device=devices.describe(here.user_agent), current_session=here,
    ))
