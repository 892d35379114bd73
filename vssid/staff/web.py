"""Flask glue of the staff console: the `vssid_staff` cookie, `current_staff`, `staff_required`.

Any blueprint can protect a view with the staff login and a role:

    from vssid.staff.access import staff_required, current_staff

    @bp.get("/can-bo/tin-tuc")
    @staff_required("editor")            # editors and administrators
    def news_admin(): ... current_staff.id, current_staff.full_name ...

Without a staff session the browser goes to the staff login page (HX-Redirect for htmx);
with a system-made password it goes to the password change first; with the wrong role
it gets 403. Every protected response is marked `Cache-Control: no-store`.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from flask import Response, abort, current_app, flash, g, make_response, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.local import LocalProxy

from vssid.accounts.web import client, cookie_name, redirect_to, safe_next
from vssid.core.db import utcnow
from vssid.extensions import db
from vssid.staff import sessions
from vssid.staff.audit_log import record
from vssid.staff.models import ROLES, StaffMember, StaffSession, role_allows
from vssid.web.rendering import private

STAFF_COOKIE = "vssid_staff"
PENDING_LOGIN = "staff_pending"  # {"id": staff id, "at": unix time} after the password step
PENDING_SECONDS = 300
CHANGE_PASSWORD_ENDPOINTS = {"staff.change_password", "staff.logout", "staff.keep_alive"}

ENDED_MESSAGES = {
    sessions.REVOKED_EXPIRED: _l("Phiên làm việc đã hết thời hạn. Vui lòng đăng nhập lại."),
    sessions.REVOKED_NEW_LOGIN: _l("Tài khoản của bạn vừa đăng nhập ở nơi khác."),
    sessions.REVOKED_PASSWORD: _l("Mật khẩu đã được đổi. Vui lòng đăng nhập lại."),
    sessions.REVOKED_BY_ADMIN: _l("Quản trị hệ thống đã thay đổi tài khoản của bạn. Vui lòng đăng nhập lại."),
    sessions.REVOKED_DISABLED: _l("Tài khoản cán bộ đã bị khóa."),
}


@dataclass(frozen=True)
class CurrentStaff:
    member: StaffMember
    staff_session: StaffSession
    is_authenticated: bool = True

    @property
    def id(self) -> int:
        return self.member.id

    @property
    def role(self) -> str:
        return self.member.role

    @property
    def role_label(self) -> str:
        return self.member.role_label

    @property
    def email(self) -> str:
        return self.member.email

    @property
    def full_name(self) -> str:
        return self.member.full_name

    def has_role(self, *roles: str) -> bool:
        return role_allows(self.member.role, roles)


@dataclass(frozen=True)
class AnonymousStaff:
    is_authenticated: bool = False
    id: None = None
    role: None = None

    def has_role(self, *roles: str) -> bool:
        return False


def policy() -> sessions.Policy:
    config = current_app.config
    return sessions.Policy(
        idle=timedelta(minutes=config.get("VSSID_STAFF_IDLE_MINUTES", 15)),
        absolute=timedelta(hours=config.get("VSSID_STAFF_ABSOLUTE_HOURS", 10)),
    )


def _load() -> CurrentStaff | AnonymousStaff:
    if "staff" not in g:
        g.staff, g.staff_ended = AnonymousStaff(), None
        token = request.cookies.get(cookie_name(STAFF_COOKIE))
        if token and len(token) <= 100:
            resolved = sessions.resolve(db.session, token=token, policy=policy(), now=utcnow())
            g.staff_ended = resolved.ended_because
            if resolved.session is not None:
                g.staff = CurrentStaff(resolved.session.staff, resolved.session)
    return g.staff


current_staff: CurrentStaff | AnonymousStaff = LocalProxy(_load)  # type: ignore[assignment]


def set_staff_cookie(response: Response, token: str) -> None:
    response.set_cookie(
        cookie_name(STAFF_COOKIE), token, httponly=True, samesite="Strict",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        max_age=int(policy().absolute.total_seconds()),
    )


def clear_staff_cookie(response: Response) -> Response:
    response.delete_cookie(cookie_name(STAFF_COOKIE), samesite="Strict",
                           secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True)
    return response


def remember_pending(staff_id: int) -> None:
    session[PENDING_LOGIN] = {"id": staff_id, "at": int(time.time())}


def pending_staff_id() -> int | None:
    """The staff member who passed the password step in this browser, for 5 minutes."""
    pending = session.get(PENDING_LOGIN)
    if not isinstance(pending, dict) or not isinstance(pending.get("id"), int):
        return None
    if time.time() - pending.get("at", 0) > PENDING_SECONDS:
        session.pop(PENDING_LOGIN, None)
        return None
    return pending["id"]


def to_login() -> Response:
    ended = g.get("staff_ended")
    if ended == sessions.REVOKED_IDLE:
        minutes = int(policy().idle.total_seconds() // 60)
        flash(_("Phiên làm việc đã kết thúc do không hoạt động %(minutes)s phút. Vui lòng đăng nhập lại.",
                minutes=minutes), "warning")
    elif ended in ENDED_MESSAGES:
        flash(str(ENDED_MESSAGES[ended]), "warning")
    else:
        flash(_("Vui lòng đăng nhập bằng tài khoản cán bộ."), "info")
    target = safe_next(request.full_path.rstrip("?")) if request.method == "GET" else None
    response = redirect_to(url_for("staff.login", next=target))
    return clear_staff_cookie(response) if ended else response


def staff_required(*roles: str):
    """Only a logged-in staff member with one of `roles` (none: any staff) may open the view;
    administrators pass every check."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown staff roles: {sorted(unknown)}")

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            staff = _load()
            if not staff.is_authenticated:
                return private(to_login())
            if staff.member.must_change_password and request.endpoint not in CHANGE_PASSWORD_ENDPOINTS:
                return private(redirect_to(url_for("staff.change_password")))
            if not staff.has_role(*roles):
                record(db.session, "staff_access_denied", staff_id=staff.id, client=client(), endpoint=request.endpoint,
                       method=request.method)
                db.session.commit()
                abort(403)
            return private(make_response(view(*args, **kwargs)))

        wrapped.staff_roles = roles
        return wrapped

    return decorator
