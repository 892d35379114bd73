"""Administrators: staff accounts and roles; the audit log with filters and CSV export."""
from __future__ import annotations

from flask import Response, abort, flash, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from vssid.accounts.web import client, redirect_to
from vssid.core.dates import to_local
from vssid.core.db import utcnow
from vssid.core.errors import ValidationError
from vssid.extensions import db, limiter
from vssid.staff import audit_log, auth, staff_accounts
from vssid.staff.models import ROLE_LABELS_VI, ROLES
from vssid.staff.views import bp, page_number
from vssid.staff.web import current_staff, staff_required
from vssid.web.rendering import render, render_form_error

ROLE_OPTIONS = [(role, ROLE_LABELS_VI[role]) for role in ROLES]


def _list_page(*, form: dict | None = None, errors: dict | None = None, created=None, initial: str | None = None):
    context = {"members": staff_accounts.all_staff(db.session), "roles": ROLE_OPTIONS, "form": form or {"role": "officer"},
               "errors": errors or {}, "created": created, "initial": initial}
    if errors:
        return render_form_error("staff/staff_list.html", block="content", **context)
    return render("staff/staff_list.html", **context)


@bp.get("/quan-tri/can-bo")
@staff_required("admin")
def staff_list():
    return _list_page()


@bp.post("/quan-tri/can-bo")
@staff_required("admin")
@limiter.limit("30 per hour")
def staff_create():
    form = {name: request.form.get(name, "") for name in ("email", "full_name", "role")}
    try:
        member, initial = auth.create_staff(db.session, email=form["email"], full_name=form["full_name"],
                                            role=form["role"], now=utcnow(), created_by=current_staff.id,
                                            client=client())
    except ValidationError as exc:
        return _list_page(form=form, errors={exc.field or "": exc.message})
    # The initial password is shown once, on this response only; it is stored only as a hash.
    return _list_page(created=member, initial=initial)


@bp.get("/quan-tri/can-bo/<int:staff_id>")
@staff_required("admin")
def staff_member(staff_id: int):
    return render("staff/staff_member.html", member=staff_accounts.get(db.session, staff_id), roles=ROLE_OPTIONS,
                  errors={}, initial=None)


@bp.post("/quan-tri/can-bo/<int:staff_id>/<action>")
@staff_required("admin")
@limiter.limit("60 per hour")
def staff_change(staff_id: int, action: str):
    initial = None
    try:
        if action == "vai-tro":
            staff_accounts.change_role(db.session, staff_id=staff_id, role=request.form.get("role", ""),
                                       actor=current_staff.member, client=client(), now=utcnow())
            message = _("Đã đổi vai trò. Cán bộ cần đăng nhập lại.")
        elif action in ("khoa", "mo-khoa"):
            staff_accounts.set_status(db.session, staff_id=staff_id, active=action == "mo-khoa",
                                      actor=current_staff.member, client=client(), now=utcnow())
            message = _("Đã khóa tài khoản cán bộ.") if action == "khoa" else _("Đã mở lại tài khoản cán bộ.")
        elif action == "cap-lai":
            _member, initial = staff_accounts.reset_credentials(db.session, staff_id=staff_id,
                                                                actor=current_staff.member, client=client(),
                                                                now=utcnow())
            message = None
        else:
            abort(404)
    except ValidationError as exc:
        db.session.rollback()
        return render_form_error("staff/staff_member.html", block="content",
                                 member=staff_accounts.get(db.session, staff_id), roles=ROLE_OPTIONS,
                                 errors={exc.field or "": exc.message}, initial=None)
    if initial is not None:
        return render("staff/staff_member.html", member=staff_accounts.get(db.session, staff_id), roles=ROLE_OPTIONS,
                      errors={}, initial=initial)
    flash(message, "success")
    return redirect_to(url_for("staff.staff_member", staff_id=staff_id))


@bp.get("/nhat-ky")
@staff_required("admin")
def audit():
    flt, errors = audit_log.parse_filter(db.session, request.args)
    page = page_number()
    result = None if errors else audit_log.search(db.session, flt, page=page)
    context = {"form": request.args, "errors": errors, "result": result, "filter": flt,
               "events": sorted(audit_log.EVENT_LABELS_VI.items(), key=lambda kv: kv[1])}
    if errors:
        return render_form_error("staff/audit.html", block="content", **context)
    return render("staff/audit.html", **context)


@bp.get("/nhat-ky.csv")
@staff_required("admin")
@limiter.limit("20 per hour")
def audit_export():
    flt, errors = audit_log.parse_filter(db.session, request.args)
    if errors:
        raise ValidationError(" ".join(errors.values()))
    stamp = to_local(utcnow()).strftime("%Y%m%d-%H%M")
    engine = db.engine

    def rows():
        # The stream outlives the request (and its session): it reads with a session of its own.
        with Session(engine) as own:
            yield from audit_log.iter_csv(own, flt)

    response = Response(rows(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="nhat-ky-vssid-{stamp}.csv"'
    response.content_type = "text/csv; charset=utf-8"
    return response
