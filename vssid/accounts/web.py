"""Flask glue for accounts: the device cookie, the session cookie, `current_user`.

Flask-Login's own session storage is not used: the user comes from our server-side
session table through a request loader, so revoking a row logs the browser out at once.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from htmx_flask import make_response as htmx_response

from vssid.accounts import sessions
from vssid.accounts.audit import Client
from vssid.accounts.models import Account, UserSession
from vssid.accounts.otp import digest
from vssid.core.db import utcnow
from vssid.extensions import db, login_manager

# A local path: no backslash, no control characters, no scheme or host.
_SAFE_PATH = re.compile(r"/[\w\-./~%?=&+]*")
SESSION_COOKIE = "vssid_session"
DEVICE_COOKIE = "vssid_device"


def cookie_name(base: str) -> str:
    """`__Host-` prefixed in production (Secure, host-only, path /), plain in development."""
    return current_app.config["VSSID_COOKIE_PREFIX"] + base
DEVICE_COOKIE_YEARS = 5


@dataclass
class CurrentUser(UserMixin):
    account: Account
    user_session: UserSession

    def get_id(self) -> str:
        return str(self.account.id)

    @property
    def full_name(self) -> str:
        return self.account.person.full_name

    @property
    def person_id(self) -> int:
        return self.account.person_id


def device_id() -> str:
    """This browser's long-lived device id (created on first visit)."""
    if "device_id" not in g:
        existing = request.cookies.get(cookie_name(DEVICE_COOKIE), "")
        g.device_id = existing if 20 <= len(existing) <= 100 else secrets.token_urlsafe(32)
    return g.device_id


def client() -> Client:
    return Client(
        ip=request.remote_addr or "",
        user_agent=request.headers.get("User-Agent", "")[:300],
        device_hash=digest(device_id()),
    )


def otp_key() -> str:
    return current_app.config["SECRET_KEY"]


def policy() -> sessions.SessionPolicy:
    config = current_app.config
    return sessions.SessionPolicy(
        idle=timedelta(minutes=config["VSSID_SESSION_IDLE_MINUTES"]),
        absolute=timedelta(hours=config["VSSID_SESSION_ABSOLUTE_HOURS"]),
    )


def set_session_cookie(response: Response, token: str) -> None:
    response.set_cookie(
        cookie_name(SESSION_COOKIE), token, httponly=True, samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        max_age=current_app.config["VSSID_SESSION_ABSOLUTE_HOURS"] * 3600,
    )


def clear_browser(response: Response) -> Response:
    """Logout or a revoked session: drop the session cookie and the browser's stored data.

    "storage" clears the offline card and htmx's history cache but keeps cookies, so the
    device id survives (ARCHITECTURE.md, Offline card).
    """
    response.delete_cookie(cookie_name(SESSION_COOKIE))
    response.headers["Clear-Site-Data"] = '"storage"'
    return response


def redirect_to(location: str) -> Response:
    """Leave the page: `HX-Redirect` for htmx requests, a 303 otherwise."""
    if request.headers.get("HX-Request") == "true":
        return htmx_response("", redirect=location)
    return redirect(location, code=303)


def safe_next(target: str | None) -> str | None:
    """Only same-site paths are followed after login (no open redirect)."""
    if not target:
        return None
    if not _SAFE_PATH.fullmatch(target) or target.startswith("//"):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


REVOKED_MESSAGES = {
    sessions.REVOKED_OTHER_DEVICE: _l("Tài khoản của bạn đã đăng nhập trên thiết bị khác."),
    sessions.REVOKED_ACCOUNT_SWITCH: _l("Một tài khoản khác đã đăng nhập trên thiết bị này."),
    sessions.REVOKED_IDLE: _l("Phiên làm việc đã hết hạn do không hoạt động. Vui lòng đăng nhập lại."),
    sessions.REVOKED_EXPIRED: _l("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."),
    sessions.REVOKED_PASSWORD: _l("Mật khẩu đã được thay đổi. Vui lòng đăng nhập lại."),
    sessions.REVOKED_BY_HOLDER: _l("Phiên làm việc đã được kết thúc. Vui lòng đăng nhập lại."),
}


def install(app: Flask) -> None:
    login_manager.login_view = "auth.login"

    @login_manager.request_loader
    def _load_user(_request) -> CurrentUser | None:
        token = request.cookies.get(cookie_name(SESSION_COOKIE))
        if not token or len(token) > 100:
            return None
        resolved = sessions.resolve(db.session, token=token, policy=policy(), now=utcnow())
        g.session_ended_because = resolved.ended_because
        if resolved.session is None:
            return None
        return CurrentUser(account=resolved.session.account, user_session=resolved.session)

    @login_manager.unauthorized_handler
    def _unauthorized() -> Response:
        flash(_("Vui lòng đăng nhập để tiếp tục."), "info")
        return redirect_to(url_for("auth.login", next=request.full_path.rstrip("?")))

    @app.before_request
    def _ended_session_goes_to_login() -> Response | None:
        """A session revoked elsewhere: the next request, page or htmx, lands on the login page."""
        if request.endpoint == "static" or not request.cookies.get(cookie_name(SESSION_COOKIE)):
            return None
        from flask_login import current_user

        if current_user.is_authenticated:
            if current_user.account.must_change_password and request.endpoint not in ALLOWED_BEFORE_CHANGE:
                return redirect_to(url_for("auth.change_password"))
            return None
        reason = g.get("session_ended_because")
        if reason is None or request.endpoint in ("auth.login", "web.healthz"):
            response = None
        else:
            flash(str(REVOKED_MESSAGES.get(reason, REVOKED_MESSAGES[sessions.REVOKED_EXPIRED])), "warning")
            response = redirect_to(url_for("auth.login"))
        if response is not None:
            g.clear_session_cookie = True
            g.clear_storage = reason in CLEAR_STORAGE_WHEN
        return response

    @app.after_request
    def _cookies(response: Response) -> Response:
        if g.get("no_cookies"):  # token-authenticated APIs (vssid/gateway) set no cookie
            return response
        if request.cookies.get(cookie_name(DEVICE_COOKIE)) != device_id():
            response.set_cookie(
                cookie_name(DEVICE_COOKIE), device_id(), max_age=DEVICE_COOKIE_YEARS * 365 * 24 * 3600, httponly=True,
                samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"],
            )
        if g.get("clear_storage"):
            clear_browser(response)
        elif g.get("clear_session_cookie"):
            response.delete_cookie(cookie_name(SESSION_COOKIE))
        return response


# Pages a person with an initial password may open before choosing their own.
ALLOWED_BEFORE_CHANGE = {
    "auth.change_password", "auth.logout", "static", "web.manifest", "web.healthz", "web.offline",
    "pwa.service_worker",
}
# Ended sessions after which the browser's stored data (the offline card) must go; an idle
# or expired session keeps it, so the card can still be shown at the counter.
CLEAR_STORAGE_WHEN = {
    sessions.REVOKED_OTHER_DEVICE, sessions.REVOKED_ACCOUNT_SWITCH, sessions.REVOKED_PASSWORD,
    sessions.REVOKED_BY_HOLDER, sessions.REVOKED_LOGOUT,
}
