"""`flask staff …` (staff accounts) and `flask registry import FILE` (the core system's export)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from vssid.core.db import utcnow
from vssid.core.errors import DomainError
from vssid.extensions import db
from vssid.staff import auth, registry_import, staff_accounts
from vssid.staff.models import ROLE_LABELS_VI, ROLES, StaffMember

staff_cli = AppGroup("staff", help="Tài khoản cán bộ (cổng /can-bo).")
registry_cli = AppGroup("registry", help="Dữ liệu gốc: nhập tệp JSON xuất từ hệ thống nghiệp vụ.")


def _initial_password_notice(email: str, initial: str) -> None:
    click.echo(f"Mật khẩu ban đầu của {email} (chỉ hiện một lần, hiệu lực {auth.INITIAL_PASSWORD_DAYS} ngày):")
    click.echo(f"  {initial}")
    click.echo("Lần đăng nhập đầu tiên tại /can-bo/dang-nhap: cài ứng dụng xác thực (TOTP) rồi đổi mật khẩu.")


@staff_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="Vai trò: officer, support_agent, editor, admin.")
@click.option("--name", "full_name", default=None, help="Họ và tên (mặc định: phần trước @ của email).")
def create(email: str, role: str, full_name: str | None) -> None:
    """Create a staff account for EMAIL (@vss.gov.vn) and print its one-time initial password."""
    letters = "".join(ch if ch.isalpha() else " " for ch in email.split("@")[0]).split()
    name = full_name or (" ".join(letters).title() if len("".join(letters)) >= 2 else ROLE_LABELS_VI[role])
    try:
        member, initial = auth.create_staff(db.session, email=email, full_name=name, role=role, now=utcnow(),
                                            created_by=None, client=None)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"Đã tạo tài khoản cán bộ {member.email} ({member.role_label}).")
    _initial_password_notice(member.email, initial)


@staff_cli.command("reset-credentials")
@click.argument("email")
def reset_credentials(email: str) -> None:
    """A new initial password for EMAIL; the authenticator app must be enrolled again."""
    member_id = db.session.scalar(select(StaffMember.id).where(StaffMember.email == auth.normalise_email(email)))
    if member_id is None:
        raise click.ClickException(f"Không có tài khoản cán bộ {email}.")
    member, initial = staff_accounts.reset_credentials(db.session, staff_id=member_id, actor=None, client=None,
                                                       now=utcnow())
    _initial_password_notice(member.email, initial)


@registry_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Chỉ kiểm tra, không ghi gì.")
def import_command(file: Path, dry_run: bool) -> None:
    """Load FILE (format: docs/registry-import.schema.json); nothing is written if a record is bad."""
    try:
        result = registry_import.import_export(db.session, data=file.read_bytes(), staff_id=None, client=None,
                                               dry_run=dry_run)
    except registry_import.ImportRejected as exc:
        click.echo(f"{file}: {exc.message}", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        if exc.total > len(exc.problems):
            click.echo(f"  … và {exc.total - len(exc.problems)} lỗi khác.", err=True)
        sys.exit(1)
    click.echo(f"{file}: {result.summary()}")


def register(app: Flask) -> None:
    app.cli.add_command(staff_cli)
    app.cli.add_command(registry_cli)
