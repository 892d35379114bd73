"""Biên tập tin tức (/can-bo/tin-tuc): editors write, preview, publish or schedule, and
take down articles and videos, in the staff console.

Access: the staff console's login and the "editor" role (vssid/staff/access.py); without a
staff session the browser goes to the staff login page, other roles get 403.
Every screen is private (no-store, hx-history=false) and every write is audited with the
staff member's id.
"""
from __future__ import annotations

from flask import Blueprint, Response, flash, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from vssid.accounts.web import client, redirect_to
from vssid.core.dates import VN_TZ
from vssid.core.db import utcnow
from vssid.core.errors import Conflict
from vssid.extensions import db
from vssid.news import services
from vssid.news.models import KIND_VIDEO
from vssid.news.policy import news_policy
from vssid.news.views import image_hosts, news_url
from vssid.staff.access import current_staff, staff_required
from vssid.web.headers import CONTENT_SECURITY_POLICY
from vssid.web.rendering import private, render, render_form_error

bp = Blueprint("news_editor", __name__, url_prefix="/can-bo/tin-tuc")
EDITOR = "editor"


def _editor(response: Response) -> Response:
    # Previews show the portal's images like the public pages (no frames: the player is a link here).
    response.headers["Content-Security-Policy"] = news_policy(CONTENT_SECURITY_POLICY, image_hosts=image_hosts(),
                                                              video=False)
    return private(response)


def _who() -> str:
    """Shown in the editors' table as who changed an item last."""
    return current_staff.full_name


@bp.get("")
@staff_required(EDITOR)
def index() -> Response:
    page = services.editor_list(db.session, page=services.page_number(request.args.get("trang")))
    return _editor(render("news/editor/list.html", page=page, now=utcnow()))


@bp.route("/moi", methods=["GET", "POST"])
@staff_required(EDITOR)
def create() -> Response:
    return _form(None)


@bp.route("/<int:item_id>", methods=["GET", "POST"])
@staff_required(EDITOR)
def edit(item_id: int) -> Response:
    return _form(item_id)


def _form(item_id: int | None) -> Response:
    session = db.session
    now = utcnow()
    item = services.get_any(session, item_id=item_id) if item_id is not None else None
    if request.method == "GET":
        draft = services.Draft.from_item(item) if item else services.Draft()
        return _editor(render("news/editor/form.html", item=item, draft=draft, errors={}, preview=None, now=now))
    draft = services.Draft.from_form(request.form)
    action = request.form.get("action", services.ACTION_DRAFT)
    checked, errors = services.check(draft)
    context = dict(item=item, draft=draft, errors=errors, now=now)
    if errors:
        return _editor(render_form_error("news/editor/form.html", preview=None, **context))
    if action == services.ACTION_PREVIEW:
        return _editor(render("news/editor/form.html", preview=services.preview_item(checked, now=now), **context))
    try:
        saved = services.save(session, item_id=item_id, checked=checked, version=draft.version,
                              publish=action == services.ACTION_PUBLISH, now=now, editor=_who(), staff_id=current_staff.id,
                              client=client())
        session.commit()
    except (Conflict, StaleDataError) as exc:
        session.rollback()
        message = exc.message if isinstance(exc, Conflict) else Conflict.default_message
        return _editor(render_form_error("news/editor/form.html", preview=None,
                                         **{**context, "errors": {"": message}}))
    state = saved.state(now)
    if state == "scheduled":
        flash(_("Đã lên lịch đăng lúc %(when)s.", when=saved.publish_at.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")),
              "success")
    elif state == "published":
        flash(_("Đã đăng bài."), "success")
    else:
        flash(_("Đã lưu."), "success")
    return redirect_to(url_for("news_editor.edit", item_id=saved.id))


@bp.post("/<int:item_id>/go-bai")
@staff_required(EDITOR)
def unpublish(item_id: int) -> Response:
    session = db.session
    try:
        services.unpublish(session, item_id=item_id, now=utcnow(), editor=_who(), staff_id=current_staff.id,
                           client=client())
        session.commit()
        flash(_("Đã gỡ bài khỏi trang tin. Bài vẫn được lưu và có thể đăng lại."), "success")
    except Conflict as exc:
        session.rollback()
        flash(exc.message, "warning")
    return redirect_to(url_for("news_editor.edit", item_id=item_id))


@bp.get("/<int:item_id>/xem-truoc")
@staff_required(EDITOR)
def preview(item_id: int) -> Response:
    """The stored item as readers will see it, whatever its state."""
    item = services.get_any(db.session, item_id=item_id)
    template = "news/video.html" if item.kind == KIND_VIDEO else "news/article.html"
    now = utcnow()
    return _editor(render(template, item=item, preview=item.state(now), public_url=news_url(item)))
