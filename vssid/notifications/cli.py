"""`flask notifications …`: VAPID keys, the sending worker, the registry scan.

    flask --app app notifications vapid-keys   # once; put the two lines in the environment
    flask --app app notifications send         # every minute (cron or a systemd timer), on any node
    flask --app app notifications scan         # once a day: cards, contributions, arrears
"""
from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

from vssid.core.dates import VN_TZ
from vssid.core.db import utcnow
from vssid.extensions import db
from vssid.notifications import announcements, push, scans, services
from vssid.notifications.web import push_sender

notifications_cli = AppGroup("notifications", help="Thông báo: gửi, quét sự kiện, khóa VAPID.")


@notifications_cli.command("vapid-keys")
def vapid_keys() -> None:
    """Print a new VAPID key pair as environment lines (keep the private key secret)."""
    keys = push.generate_vapid_keys()
    click.echo(f"VSSID_VAPID_PUBLIC_KEY={keys.public_key}")
    click.echo(f"VSSID_VAPID_PRIVATE_KEY={keys.private_key}")


@notifications_cli.command("send")
@click.option("--batch", default=100, show_default=True, help="Deliveries claimed at a time.")
def send(batch: int) -> None:
    """Fan out announcements, then deliver due notices (push, SMS and email into the outbox)."""
    written = announcements.fan_out(db.session, now=utcnow())
    sender = push_sender()
    report = services.send_due(db.session, push=sender, batch=batch)
    click.echo(f"Thông báo chung: {written} người nhận mới. Đã gửi {report.sent}, hẹn gửi lại {report.retried}, "
               f"thất bại {report.failed}, thiết bị đã hủy đăng ký {report.gone}.")
    if sender is None:
        click.echo("Chưa cấu hình VSSID_VAPID_PRIVATE_KEY/VSSID_VAPID_PUBLIC_KEY: thông báo đẩy chờ gửi sau.")
    for line in report.errors[:20]:
        click.echo(line, err=True)


@notifications_cli.command("scan")
@click.option("--today", "today_text", default=None, help="YYYY-MM-DD (default: today in Việt Nam).")
@click.option("--batch", default=scans.BATCH, show_default=True, type=click.IntRange(min=1),
              help="Cards, accounts or periods read, written and committed at a time.")
def scan(today_text: str | None, batch: int) -> None:
    """Find cards about to expire or expired, new months of contributions and arrears."""
    try:
        today = dt.date.fromisoformat(today_text) if today_text else utcnow().astimezone(VN_TZ).date()
    except ValueError:
        raise click.BadParameter("dùng dạng YYYY-MM-DD", param_hint="--today") from None
    report = scans.scan_cards(db.session, today=today, batch=batch)
    scans.scan_contributions(db.session, today=today, report=report, batch=batch)
    click.echo(f"Thẻ sắp hết hạn: {report.expiring}; thẻ đã hết hạn: {report.expired}; "
               f"tháng đóng mới: {report.months}; nợ đóng: {report.arrears}.")
