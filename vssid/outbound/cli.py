"""`flask outbound send`: deliver queued SMS and email (run from cron or a systemd timer)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from vssid.extensions import db
from vssid.outbound.services import deliver_queued, http_sms_sender, smtp_sender

outbound_cli = AppGroup("outbound", help="SMS and email delivery.")


@outbound_cli.command("send")
def send() -> None:
    """Send queued messages through the configured SMS gateway and SMTP server."""
    config = current_app.config
    senders = {}
    if config["VSSID_SMS_GATEWAY_URL"]:
        senders["sms"] = http_sms_sender(config["VSSID_SMS_GATEWAY_URL"])
    if config["VSSID_SMTP_URL"]:
        senders["email"] = smtp_sender(config["VSSID_SMTP_URL"], sender=config["VSSID_SUPPORT_EMAIL"])
    if not senders:
        raise click.ClickException("Set VSSID_SMS_GATEWAY_URL and/or VSSID_SMTP_URL to deliver messages.")
    click.echo(f"Đã gửi {deliver_queued(db.session, senders=senders)} tin.")
