"""`flask keys …`: the keys that sign the card's "Mã xác thực" (vssid/card/keys.py)."""
from __future__ import annotations

import datetime as dt

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from vssid.accounts import audit
from vssid.card import keys
from vssid.core.dates import to_local
from vssid.core.db import utcnow
from vssid.core.errors import DomainError
from vssid.extensions import db

keys_cli = AppGroup("keys", help="Khóa ký mã xác thực thẻ BHYT: xem, xoay vòng, thu hồi.")


def _when(moment: dt.datetime | None) -> str:
    return to_local(moment).strftime("%d/%m/%Y %H:%M") if moment else "-"


@keys_cli.command("list")
def list_command() -> None:
    """Every key, newest first: id, status, validity."""
    rows = keys.list_keys(db.session)
    if not rows:
        click.echo("Chưa có khóa nào. Khóa đầu tiên được tạo khi ký thẻ lần đầu, hoặc bằng `flask keys rotate`.")
        return
    now = utcnow()
    click.echo(f"{'KID':<14}{'THUẬT TOÁN':<12}{'TRẠNG THÁI':<12}{'TỪ':<18}{'ĐẾN':<18}CÔNG BỐ")
    for row in rows:
        public = row.status != "revoked" and (row.not_after is None or row.not_after > now)
        click.echo(f"{row.kid:<14}{row.algorithm:<12}{row.status:<12}{_when(row.not_before):<18}"
                   f"{_when(row.not_after):<18}{'có' if public else 'không'}")


@keys_cli.command("rotate")
@click.option("--grace-days", type=int, default=None,
              help="Số ngày khóa cũ còn dùng để kiểm tra mã đã cấp (mặc định VSSID_CARD_KEY_GRACE_DAYS).")
def rotate_command(grace_days: int | None) -> None:
    """Add a new signing key; the old active key verifies for the grace period, then drops out."""
    config = current_app.config
    grace = dt.timedelta(days=config["VSSID_CARD_KEY_GRACE_DAYS"] if grace_days is None else grace_days)
    now = utcnow()
    try:
        new, retired = keys.rotate(db.session, now=now, secret=keys.sealing_secret(config), grace=grace,
                                   code_lifetime=dt.timedelta(days=config["VSSID_CARD_CODE_DAYS"]))
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    audit.record(db.session, "card_key_rotated", subject=new.kid, retired=[row.kid for row in retired],
                 grace_days=grace.days)
    db.session.commit()
    click.echo(f"Khóa mới {new.kid} ký mã xác thực từ bây giờ.")
    for row in retired:
        click.echo(f"Khóa {row.kid} ngừng ký; vẫn dùng để kiểm tra mã đến {_when(row.not_after)}.")


@keys_cli.command("revoke")
@click.argument("kid")
@click.option("--yes", is_flag=True, help="Không hỏi lại.")
def revoke_command(kid: str, yes: bool) -> None:
    """Revoke KID: every code it signed fails once a verifier has synced its key set."""
    if not yes:
        click.confirm(f"Thu hồi khóa {kid}? Mọi mã xác thực ký bằng khóa này sẽ bị từ chối.", abort=True)
    try:
        row = keys.revoke(db.session, kid=kid, now=utcnow())
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    audit.record(db.session, "card_key_revoked", subject=row.kid)
    db.session.commit()
    click.echo(f"Đã thu hồi khóa {row.kid}. Thẻ được ký lại bằng khóa đang hoạt động"
               " (một khóa mới được tạo nếu không còn khóa nào).")


def register(app: Flask) -> None:
    app.cli.add_command(keys_cli)
