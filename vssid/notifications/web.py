"""Flask glue of notifications: settings, the push sender, the bell in the app bar."""
from __future__ import annotations

from flask import current_app, render_template
from flask_login import current_user
from markupsafe import Markup

from vssid.extensions import db
from vssid.notifications import services
from vssid.notifications.push import DEFAULT_PUSH_HOSTS, WebPushSender

BELL_EVENT = "notifications-changed"  # HX-Trigger event: the bell asks for its count again


def push_hosts() -> tuple[str, ...]:
    return current_app.config.get("VSSID_PUSH_HOSTS") or DEFAULT_PUSH_HOSTS


def push_allows_http() -> bool:
    """Plain-http push endpoints: only for the loopback push service of the tests."""
    return bool(current_app.config.get("TESTING") and current_app.config.get("VSSID_PUSH_ALLOW_HTTP"))


def vapid_public_key() -> str:
    return current_app.config.get("VSSID_VAPID_PUBLIC_KEY", "")


def push_sender() -> WebPushSender | None:
    config = current_app.config
    if not (config.get("VSSID_VAPID_PRIVATE_KEY") and config.get("VSSID_VAPID_PUBLIC_KEY")):
        return None
    return WebPushSender(private_key=config["VSSID_VAPID_PRIVATE_KEY"], subject=config["VSSID_VAPID_SUBJECT"])


def bell() -> Markup:
    """The app bar's link to the inbox with the unread count (one indexed COUNT)."""
    if not current_user.is_authenticated:
        return Markup("")
    count = services.unread_count(db.session, account_id=current_user.account.id)
    return Markup(render_template("notifications/_bell.html", unread=count, event=BELL_EVENT))
