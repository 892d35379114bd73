"""The citizen's notices (blueprint "notifications"): inbox, bell, preferences, push opt-in."""
from __future__ import annotations

from flask import Blueprint, Response, flash, jsonify, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from htmx_flask import make_response as htmx_response

from vssid.accounts import devices
from vssid.accounts.web import client, redirect_to
from vssid.core.db import utcnow
from vssid.core.errors import ValidationError
from vssid.extensions import db, limiter
from vssid.notifications import preferences, push, services
from vssid.notifications.web import BELL_EVENT, bell, push_allows_http, push_hosts, vapid_public_key
from vssid.web.rendering import private, render, wants_fragment

bp = Blueprint("notifications", __name__, url_prefix="/thong-bao")

KIND_LABELS = {
    "security": _l("Bảo mật tài khoản (đăng nhập trên thiết bị mới)"),
    "card": _l("Thẻ BHYT sắp hết hạn, đã hết hạn"),
    "contribution": _l("Quá trình đóng BHXH, đơn vị nợ đóng"),
    "support": _l("Trả lời phản ánh, kiến nghị"),
    "payment": _l("Thanh toán"),
    "service_request": _l("Hồ sơ dịch vụ công"),
    "announcement": _l("Thông báo của BHXH Việt Nam"),
}
CHANNEL_LABELS = {"in_app": _l("Trong ứng dụng"), "push": _l("Thông báo đẩy"), "sms": _l("SMS"), "email": _l("Email")}


@bp.app_context_processor
def _bell() -> dict:
    return {"notification_bell": bell}


def _account_id() -> int:
    return current_user.account.id


@bp.get("")
@login_required
def inbox() -> Response:
    page = services.inbox(db.session, account_id=_account_id(), page=request.args.get("trang"))
    return private(render("notifications/inbox.html", block="content", page=page,
                          unread=services.unread_count(db.session, account_id=_account_id())))


@bp.get("/chuong")
@login_required
def bell_fragment() -> Response:
    return private(Response(bell(), mimetype="text/html"))


@bp.post("/<int:notification_id>/da-doc")
@login_required
def mark_read(notification_id: int) -> Response:
    notice = services.mark_read(db.session, notification_id=notification_id, account_id=_account_id(), now=utcnow())
    if wants_fragment():
        response = render("notifications/inbox.html", block="item", item=notice)
        response.headers["HX-Trigger"] = BELL_EVENT
        return private(response)
    return redirect_to(url_for("notifications.inbox", trang=request.form.get("trang") or None))


@bp.post("/da-doc-het")
@login_required
def mark_all_read() -> Response:
    services.mark_all_read(db.session, account_id=_account_id(), now=utcnow())
    if wants_fragment():
        page = services.inbox(db.session, account_id=_account_id(), page=request.form.get("trang"))
        response = render("notifications/inbox.html", block="list", page=page, unread=0)
        response.headers["HX-Trigger"] = BELL_EVENT
        return private(response)
    flash(_("Đã đánh dấu tất cả thông báo là đã đọc."), "success")
    return redirect_to(url_for("notifications.inbox"))


@bp.get("/<int:notification_id>/mo")
@login_required
def open_notice(notification_id: int) -> Response:
    """Tapping a notice (in the inbox or on the phone's lock screen): mark it read, go to its page."""
    notice = services.mark_read(db.session, notification_id=notification_id, account_id=_account_id(), now=utcnow())
    target = notice.url or url_for("notifications.inbox", _anchor=f"tb-{notice.id}")
    return private(redirect_to(target))


@bp.route("/cai-dat", methods=["GET", "POST"])
@login_required
def settings() -> Response:
    account_id = _account_id()
    if request.method == "POST":
        submitted = {tuple(value.split(":", 1)) for value in request.form.getlist("on") if value.count(":") == 1}
        services.save_preferences(db.session, account_id=account_id, submitted=submitted)
        flash(_("Đã lưu lựa chọn nhận thông báo."), "success")
        return redirect_to(url_for("notifications.settings"))
    subscription = services.device_subscription(db.session, account_id=account_id, device_hash=client().device_hash)
    return private(render(
        "notifications/settings.html", matrix=preferences.matrix(services.stored_choices(db.session, account_id=account_id)),
        kinds=KIND_LABELS, channels=CHANNEL_LABELS, locked=preferences.LOCKED_KINDS,
        vapid_key=vapid_public_key(), subscription=subscription,
    ))


@bp.post("/day/dang-ky")
@login_required
@limiter.limit("20 per hour")
def push_subscribe() -> Response:
    """This device's push subscription, as the browser's PushSubscription.toJSON() gives it."""
    if not vapid_public_key():
        return private(jsonify(error=_("Máy chủ chưa bật thông báo đẩy."))), 503
    try:
        info = push.parse_subscription(request.get_json(silent=True), allowed_hosts=push_hosts(),
                                       allow_http=push_allows_http())
    except ValidationError as exc:
        return private(jsonify(error=exc.message)), 422
    who = client()
    services.subscribe(db.session, account_id=_account_id(), device_hash=who.device_hash, info=info,
                       device_label=devices.describe(who.user_agent), now=utcnow())
    return private(jsonify(ok=True, message=_("Đã bật thông báo đẩy trên thiết bị này."))), 201


@bp.post("/day/huy")
@login_required
def push_unsubscribe() -> Response:
    services.unsubscribe(db.session, account_id=_account_id(), device_hash=client().device_hash)
    if request.is_json:
        return private(jsonify(ok=True, message=_("Đã tắt thông báo đẩy trên thiết bị này.")))
    flash(_("Đã tắt thông báo đẩy trên thiết bị này."), "success")
    return redirect_to(url_for("notifications.settings"))
