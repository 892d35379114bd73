"""The staff console's blueprint "staff" under /can-bo: the home page, errors, shared helpers.

Views live in auth_views (login, TOTP, password), registration_views (the approval queue),
people_views (citizen support and registry corrections), import_views (registry import)
and admin_views (staff accounts, audit log); each view names the roles it allows.
"""
from __future__ import annotations

from flask import Blueprint, Response, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from vssid.core import errors as domain
from vssid.extensions import db
from vssid.staff import registrations
from vssid.staff.web import current_staff, staff_required
from vssid.web.rendering import private, render

bp = Blueprint("staff", __name__, url_prefix="/can-bo")

_STATUS = {domain.ValidationError: 400, domain.NotFound: 404, domain.Forbidden: 403, domain.Conflict: 409,
           domain.RateLimited: 429}


def error_page(code: int, message: str) -> Response:
    titles = {400: _("Yêu cầu không hợp lệ"), 403: _("Không có quyền truy cập"), 404: _("Không tìm thấy"),
              409: _("Dữ liệu đã thay đổi"), 429: _("Quá nhiều yêu cầu")}
    response = render("staff/error.html", block="content", status=code, code=code,
                      title=titles.get(code, _("Đã có lỗi xảy ra")), message=message)
    if request.htmx:
        response.headers["HX-Retarget"], response.headers["HX-Reswap"] = "#main", "innerHTML"
    return private(response)


@bp.errorhandler(403)
def _forbidden(_exc: HTTPException) -> Response:
    return error_page(403, _("Vai trò của bạn không được dùng chức năng này. Nếu cần, đề nghị quản trị hệ thống cấp quyền."))


@bp.errorhandler(404)
def _not_found(_exc: HTTPException) -> Response:
    return error_page(404, _("Trang hoặc hồ sơ này không tồn tại."))


@bp.errorhandler(domain.DomainError)
def _domain(exc: domain.DomainError) -> Response:
    status = next((s for kind, s in _STATUS.items() if isinstance(exc, kind)), 400)
    return error_page(status, exc.message)


@bp.app_context_processor
def _staff_context() -> dict:
    """`current_staff` in every template (lazy: looked up only when a template uses it)."""
    return {"current_staff": current_staff}


def page_number() -> int:
    raw = request.args.get("trang", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100000 else 1


@bp.get("/")
@staff_required()
def home():
    pending = registrations.pending_count(db.session) if current_staff.has_role("officer") else None
    return render("staff/home.html", pending=pending)


from vssid.staff import (  # noqa: E402,F401  (routes of the blueprint)
    admin_views, auth_views, directory_views, import_views, people_views, registration_views,
)
