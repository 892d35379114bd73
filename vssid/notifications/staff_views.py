"""Editors: VSS announcements to everyone or to one province (blueprint "notifications_staff")."""
from __future__ import annotations

from flask import Blueprint, Response, flash, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from vssid.accounts.web import client, redirect_to
from vssid.core.db import utcnow
from vssid.extensions import db, limiter
from vssid.notifications import announcements
from vssid.registry.models import Province
from vssid.staff.access import current_staff, staff_required
from vssid.staff.audit_log import record
from vssid.web.rendering import render, render_form_error

bp = Blueprint("notifications_staff", __name__, url_prefix="/can-bo/thong-bao")


def _provinces() -> list[tuple[str, str]]:
    return [(p.code, p.name) for p in db.session.scalars(select(Province).order_by(Province.name))]


def _page(form: dict, errors: dict, *, status_error: bool = False) -> Response:
    context = dict(form=form, errors=errors, provinces=_provinces(),
                   recent=announcements.recent(db.session), title_max=announcements.TITLE_MAX)
    if status_error:
        return render_form_error("notifications/staff_announcements.html", block="content", **context)
    return render("notifications/staff_announcements.html", **context)


@bp.route("", methods=["GET", "POST"])
@staff_required("editor")
@limiter.limit("30 per hour", methods=["POST"])
def announcements_page() -> Response:
    if request.method == "GET":
        return _page({"title": "", "body": "", "url": "", "province_code": ""}, {})
    form = {name: request.form.get(name, "") for name in ("title", "body", "url", "province_code")}
    try:
        draft = announcements.check(db.session, **form)
    except announcements.AnnouncementFormError as exc:
        return _page(form, exc.errors, status_error=True)
    announcement = announcements.create(db.session, draft=draft, staff_id=current_staff.id, now=utcnow())
    record(db.session, "announcement_created", staff_id=current_staff.id, client=client(),
           announcement_id=announcement.id, province=draft.province_code or "all", title=draft.title[:80])
    db.session.commit()
    flash(_("Đã tạo thông báo. Hệ thống đang gửi tới người nhận."), "success")
    return redirect_to(url_for("notifications_staff.announcements_page"))
