"""Daily jobs of payments and public services (run from cron or a systemd timer):

    flask payments expire          pending orders past the gateway's expiry become abandoned
    flask payments apply-changes   approved facility changes whose quarter has begun apply
"""
from __future__ import annotations

import click
from flask.cli import AppGroup

from vssid.core.dates import to_local
from vssid.core.db import utcnow
from vssid.eservices.services import apply_due_changes
from vssid.extensions import db
from vssid.payments.orders import abandon_expired

payments_cli = AppGroup("payments", help="Online payments and public-service requests.")


@payments_cli.command("expire")
def expire() -> None:
    count = abandon_expired(db.session, now=utcnow())
    db.session.commit()
    click.echo(f"{count} giao dịch quá hạn đã chuyển sang 'đã hủy'.")


@payments_cli.command("apply-changes")
def apply_changes() -> None:
    now = utcnow()
    count = apply_due_changes(db.session, today=to_local(now).date(), now=now)
    db.session.commit()
    click.echo(f"{count} yêu cầu đổi nơi đăng ký KCB ban đầu đã được áp dụng.")
