"""`flask gateway …`: upkeep of the hospital gateway (vssid/gateway).

    flask --app app gateway purge-lookups   # once a day (deploy/vssid-purge.timer)
"""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from vssid.core import retention
from vssid.core.db import utcnow
from vssid.core.errors import ValidationError
from vssid.extensions import db
from vssid.gateway import services

gateway_cli = AppGroup("gateway", help="Cổng giám định BHYT: dọn nhật ký tra cứu thẻ quá hạn lưu.")


@gateway_cli.command("purge-lookups")
@click.option("--batch", default=retention.DEFAULT_BATCH, show_default=True, type=click.IntRange(min=1),
              help="Rows deleted per transaction.")
def purge_lookups(batch: int) -> None:
    """Delete card lookups older than VSSID_GATEWAY_LOOKUP_RETENTION_DAYS (at least 365)."""
    days = current_app.config["VSSID_GATEWAY_LOOKUP_RETENTION_DAYS"]
    try:
        deleted = services.purge_lookups(db.session, now=utcnow(), days=days, batch=batch)
    except ValidationError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"Đã xóa {deleted} lượt tra cứu thẻ cũ hơn {days} ngày.")
