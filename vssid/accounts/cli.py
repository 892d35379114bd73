"""`flask accounts …`: what an officer can do from the command line."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from vssid.accounts import registration
from vssid.accounts.demo import ROLE_NAMES, create_demo_logins, existing_demo_logins
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


def _print_logins(rows) -> None:
    click.echo("Tài khoản dùng thử (demo logins):")
    for role, person, password in rows:
        click.echo(f"  {ROLE_NAMES[role]:<26} {person.full_name:<26} mã số BHXH {person.ma_so}   mật khẩu: {password}")


@accounts_cli.command("demo-logins")
def demo_logins() -> None:
    """Print the demo people's logins (used by `make run`)."""
    rows = existing_demo_logins(db.session)
    if not rows:
        raise click.ClickException("Không có tài khoản dùng thử; chạy `flask seed-demo` trước.")
    _print_logins(rows)


def register_after_seed(app) -> None:
    """After `flask seed-demo`, give the demo people logins."""

    def _demo_logins(session, cast) -> None:
        create_demo_logins(session, cast)

    app.extensions.setdefault("vssid.after_seed", []).append(_demo_logins)
