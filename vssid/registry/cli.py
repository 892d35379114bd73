"""`flask seed-demo`: fill the registry with deterministic demo data (vssid/registry/demo.py).

    flask --app app seed-demo                 # 300 people, seed 2026, on an empty database
    flask --app app seed-demo --if-empty      # what `make run` does: skip when data exists
    flask --app app seed-demo --reset --people 5000 --seed 7

Everything happens in one transaction: the optional reset, the seeding and the
``vssid.after_seed`` callbacks other areas register (``callback(session, cast)``, e.g.
demo logins), then a single commit.
"""
from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from vssid.core.errors import DomainError
from vssid.extensions import db
from vssid.registry import demo
from vssid.registry.models import Person

# Loaded by the migrations; never deleted by --reset.
REFERENCE_TABLES = frozenset({"province", "ward", "legacy_province", "legal_parameter", "alembic_version"})


def delete_registry_rows(session) -> None:
    """Delete every row but the reference data, children before parents."""
    from vssid.models import metadata

    for table in reversed(metadata.sorted_tables):
        if table.name not in REFERENCE_TABLES:
            session.execute(table.delete())


@click.command("seed-demo")
@click.option("--people", type=click.IntRange(min=1), default=300, show_default=True,
              help="Số người cần tạo (number of people).")
@click.option("--seed", type=int, default=2026, show_default=True,
              help="Hạt giống ngẫu nhiên: cùng seed, cùng dữ liệu (random seed).")
@click.option("--reset", is_flag=True, help="Xóa dữ liệu hiện có (trừ danh mục tham chiếu) trước khi tạo.")
@click.option("--if-empty", "if_empty", is_flag=True, help="Không làm gì nếu đã có dữ liệu người tham gia.")
@with_appcontext
def seed_demo(people: int, seed: int, reset: bool, if_empty: bool) -> None:
    """Tạo dữ liệu mẫu (create the demo data)."""
    if reset and if_empty:
        raise click.UsageError("Không dùng --reset cùng với --if-empty.")
    if current_app.config["VSSID_ENV"] == "production":
        raise click.ClickException("Không tạo dữ liệu mẫu trên môi trường production (VSSID_ENV=production).")
    session = db.session
    if if_empty and session.execute(select(Person.id).limit(1)).first() is not None:
        click.echo("Dữ liệu mẫu đã có")
        session.rollback()
        return
    started = time.perf_counter()
    try:
        if reset:
            delete_registry_rows(session)
        cast = demo.seed_demo(session, people=people, seed=seed)
        for callback in current_app.extensions.get("vssid.after_seed", []):
            callback(session, cast)
        session.commit()
    except DomainError as error:
        session.rollback()
        hint = " Dùng --reset để xóa dữ liệu cũ." if "đã có dữ liệu" in error.message else ""
        click.echo(f"Không tạo được dữ liệu mẫu: {error.message}{hint}", err=True)
        raise click.exceptions.Exit(1) from None
    except BaseException:
        session.rollback()
        raise
    elapsed = time.perf_counter() - started
    click.echo(f"Đã tạo dữ liệu mẫu: {cast.people:,} người (seed {seed}) trong {elapsed:.1f} giây.".replace(",", "."))
    for person in (*cast.main, *cast.children):
        click.echo(f"- {person.role_vi}: {person.full_name}, mã số BHXH {person.ma_so}")
