"""`flask accounts …`: what an officer can do from the command line."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from vssid.accounts import registration
from vssid.accounts.demo import ROLE_NAMES, create_demo_logins
from vssid.core.db import utcnow
from vssid.core.errors import DomainError
from vssid.extensions import db

accounts_cli = AppGroup("accounts", help="E-transaction accounts.")


@accounts_cli.command("approve")
@click.argument("ma_so")
def approve(ma_so: str) -> None:
    """Approve the pending registration of MA_SO; the login and password go out by SMS."""
    try:
        account = registration.approve_pending(db.session, ma_so=ma_so.strip(), now=utcnow(), decided_by="cli")
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"Đã duyệt tài khoản cho mã số {account.person.ma_so}; tên đăng nhập và mật khẩu đã gửi qua SMS.")


def register_after_seed(app) -> None:
    """After `flask seed-demo`, give the demo people logins and print them."""

    def _demo_logins(session, cast) -> None:
        for role, person, password in create_demo_logins(session, cast):
            click.echo(f"  {ROLE_NAMES[role]:<26} {person.full_name:<28} mã số {person.ma_so}  mật khẩu: {password}")

    app.extensions.setdefault("vssid.after_seed", []).append(_demo_logins)
