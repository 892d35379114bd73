"""Officers: the queue of registrations waiting for review; approve or reject."""
from __future__ import annotations

from flask import flash, request, url_for
from flask_babel import gettext as _

from vssid.accounts.web import client, redirect_to
from vssid.core.db import utcnow
from vssid.core.errors import Conflict, NotFound, ValidationError
from vssid.extensions import db
from vssid.staff import registrations
from vssid.staff.views import bp, page_number
from vssid.staff.web import current_staff, staff_required
from vssid.web.rendering import render, render_form_error


def _back(exc, registration_id: int):
    """A decision that could not be made: say why, on the queue (already decided) or the request."""
    flash(exc.message, "error")
    if isinstance(exc, Conflict):
        return redirect_to(url_for("staff.registration_queue"))
    return redirect_to(url_for("staff.registration_review", registration_id=registration_id))


@bp.get("/dang-ky")
@staff_required("officer")
def registration_queue():
    page = page_number()
    rows, has_next = registrations.queue(db.session, page=page)
    return render("staff/registrations.html", rows=rows, page=page, has_next=has_next,
                  total=registrations.pending_count(db.session))


@bp.get("/dang-ky/<int:registration_id>")
@staff_required("officer")
def registration_review(registration_id: int):
    review = registrations.review(db.session, registration_id=registration_id)
    return render("staff/registration.html", review=review, errors={}, form={})


@bp.post("/dang-ky/<int:registration_id>/duyet")
@staff_required("officer")
def registration_approve(registration_id: int):
    try:
        account = registrations.approve(db.session, registration_id=registration_id, staff=current_staff.member,
                                        client=client(), now=utcnow())
    except (ValidationError, NotFound, Conflict) as exc:
        return _back(exc, registration_id)
    flash(_("Đã duyệt. Tên đăng nhập và mật khẩu ban đầu đã gửi qua SMS tới %(phone)s.", phone=account.phone),
          "success")
    return redirect_to(url_for("staff.registration_queue"))


@bp.post("/dang-ky/<int:registration_id>/tu-choi")
@staff_required("officer")
def registration_reject(registration_id: int):
    form = {"reason": request.form.get("reason", "")}
    try:
        registrations.reject(db.session, registration_id=registration_id, reason=form["reason"],
                             staff=current_staff.member, client=client(), now=utcnow())
    except (NotFound, Conflict) as exc:
        return _back(exc, registration_id)
    except ValidationError as exc:
        review = registrations.review(db.session, registration_id=registration_id)
        return render_form_error("staff/registration.html", block="content", review=review, form=form,
                                 errors={exc.field or "reason": exc.message})
    flash(_("Đã từ chối. Lý do đã gửi qua SMS cho người đăng ký."), "success")
    return redirect_to(url_for("staff.registration_queue"))
