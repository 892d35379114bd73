"""`flask support …`: upkeep of the support area (vssid/support).

    flask --app app support purge-chats   # once a day (deploy/vssid-purge.timer)
"""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from vssid.core import retention
from vssid.core.db import utcnow
from vssid.core.errors import ValidationError
from vssid.extensions import db
from vssid.support import services

support_cli = AppGroup("support", help="Hỗ trợ: dọn hội thoại trợ lý ảo quá hạn lưu.")


@support_cli.command("purge-chats")
@click.option("--batch", default=retention.DEFAULT_BATCH, show_default=True, type=click.IntRange(min=1),
              help="Rows deleted per transaction.")
def purge_chats(batch: int) -> None:
    """Delete the assistant's chat turns older than VSSID_SUPPORT_CHAT_RETENTION_DAYS (at least 30)."""
    days = current_app.config["VSSID_SUPPORT_CHAT_RETENTION_DAYS"]
    try:
        deleted = services.purge_chats(db.session, now=utcnow(), days=days, batch=batch)
    except ValidationError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"Đã xóa {deleted} lượt hỏi đáp với trợ lý ảo cũ hơn {days} ngày.")
