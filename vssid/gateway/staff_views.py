"""Officers manage the facilities' gateway accounts (blueprint "gateway_staff",
/can-bo/cong-giam-dinh): the account, its registered IP addresses, its registered clerks.

Role "officer" (admins pass every check): the facility's BHYT contract, its addresses and
the staff who look cards up are the business of the provincial office's officers, who
already correct registry data; administrators keep the console's own accounts. Each
change is written to the audit log; a new password is shown once and stored only hashed.
"""
from __future__ import annotations

from flask import Blueprint, Response, flash, request, url_for
from flask_babel import gettext as _

from vssid.accounts.web import client, redirect_to
from vssid.core.db import utcnow
from vssid.core.errors import ValidationError
from vssid.extensions import db, limiter
from vssid.gateway import rules, services
from vssid.staff import audit_log
from vssid.staff.access import current_staff, staff_required
from vssid.web.rendering import render, render_form_error

bp = Blueprint("gateway_staff", __name__, url_prefix="/can-bo/cong-giam-dinh")

audit_log.EVENT_LABELS_VI.update({
    "gateway_account_created": "Tạo tài khoản cổng giám định",
    "gateway_password_reset": "Cấp lại mật khẩu tài khoản cổng giám định",
    "gateway_account_status": "Khóa/mở tài khoản cổng giám định",
    "gateway_address_added": "Đăng ký địa chỉ IP cho cổng giám định",
    "gateway_address_removed": "Xóa địa chỉ IP của cổng giám định",
    "gateway_clerk_added": "Đăng ký cán bộ tra cứu của cơ sở KCB",
    "gateway_clerk_removed": "Xóa cán bộ tra cứu của cơ sở KCB",
    "gateway_refused": "Cổng giám định từ chối xác thực",
})


def _list(*, form: dict | None = None, errors: dict | None = None, created=None, password: str | None = None):
    query = request.args.get("q", "")[:40]
    page = page_number()
    rows, has_next = services.all_accounts(db.session, query=query, page=page)
    context = {"rows": rows, "has_next": has_next, "page": page, "query": query, "form": form or {},
               "errors": errors or {},
               "created": created, "password": password, "md5": rules.md5_hex(password) if password else None}
    if errors:
        return render_form_error("gateway/accounts.html", block="content", **context)
    return render("gateway/accounts.html", **context)


def _detail(account_id: int, *, errors: dict | None = None, form: dict | None = None, password: str | None = None):
    context = {"account": services.get_account(db.session, account_id), "errors": errors or {}, "form": form or {},
               "lookups": services.account_lookups(db.session, account_id=account_id), "password": password,
               "md5": rules.md5_hex(password) if password else None}
    if errors:
        return render_form_error("gateway/account.html", block="content", **context)
    return render("gateway/account.html", **context)


@bp.get("")
@staff_required("officer")
def accounts() -> Response:
    return _list()


@bp.post("")
@staff_required("officer")
@limiter.limit("60 per hour")
def create() -> Response:
    form = {name: request.form.get(name, "") for name in ("facility_code", "username")}
    try:
        account, password = services.create_account(db.session, facility_code=form["facility_code"],
                                                    username=form["username"], staff_id=current_staff.id,
                                                    client=client(), now=utcnow())
    except ValidationError as exc:
        db.session.rollback()
        return _list(form=form, errors={exc.field or "": exc.message})
    return _list(created=account, password=password)


@bp.get("/<int:account_id>")
@staff_required("officer")
def account(account_id: int) -> Response:
    return _detail(account_id)


@bp.post("/<int:account_id>/<action>")
@staff_required("officer")
@limiter.limit("120 per hour")
def change(account_id: int, action: str) -> Response:
    form = request.form.to_dict()
    common = {"account_id": account_id, "staff_id": current_staff.id, "client": client()}
    try:
        if action == "dia-chi":
            services.add_address(db.session, address=form.get("address", ""), note=form.get("note", ""), **common)
            message = _("Đã đăng ký địa chỉ IP.")
        elif action == "xoa-dia-chi":
            services.remove_address(db.session, address_id=_int(form.get("id")), **common)
            message = _("Đã xóa địa chỉ IP; các token đang dùng của tài khoản đã hết hiệu lực.")
        elif action == "nhan-vien":
            services.add_clerk(db.session, full_name=form.get("full_name", ""), cccd=form.get("cccd", ""), **common)
            message = _("Đã đăng ký cán bộ tra cứu.")
        elif action == "xoa-nhan-vien":
            services.remove_clerk(db.session, clerk_id=_int(form.get("id")), **common)
            message = _("Đã xóa cán bộ tra cứu.")
        elif action in ("khoa", "mo-khoa"):
            services.set_status(db.session, active=action == "mo-khoa", **common)
            message = _("Đã khóa tài khoản.") if action == "khoa" else _("Đã mở lại tài khoản.")
        elif action == "cap-lai-mat-khau":
            _account, password = services.reset_password(db.session, now=utcnow(), **common)
            return _detail(account_id, password=password)
        else:
            return _detail(account_id, errors={"": _("Thao tác không hợp lệ.")})
    except ValidationError as exc:
        db.session.rollback()
        return _detail(account_id, form=form, errors={exc.field or "": exc.message})
    flash(message, "success")
    return redirect_to(url_for("gateway_staff.account", account_id=account_id))


def page_number() -> int:
    raw = request.args.get("trang", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100000 else 1


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 19 else 0
