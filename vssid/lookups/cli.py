"""`flask lookups …`: load the directories from CSV, rebuild the search index."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from vssid.extensions import db
from vssid.lookups import csv_import, search
from vssid.lookups.csv_import import CsvRejected


@click.group("lookups", help="Danh mục tra cứu: nhập từ CSV, dựng lại chỉ mục tìm kiếm.")
def lookups_cli() -> None:
    pass


@lookups_cli.command("import", help="Nhập danh mục KIND từ tệp CSV FILE (mẫu cột: docs/LOOKUPS_CSV.md).")
@click.argument("kind", type=click.Choice(sorted(csv_import.LAYOUTS)))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(kind: str, file: Path) -> None:
    try:
        result = csv_import.import_csv(db.session, kind=kind, data=file.read_bytes())
    except CsvRejected as exc:
        click.echo(f"{file}: {exc.message}", err=True)
        for problem in exc.problems[: csv_import.MAX_PROBLEMS_SHOWN]:
            click.echo(f"  {problem}", err=True)
        hidden = len(exc.problems) - csv_import.MAX_PROBLEMS_SHOWN
        if hidden > 0:
            click.echo(f"  … và {hidden} lỗi khác.", err=True)
        sys.exit(1)
    click.echo(f"{file}: {result.summary()}")


@lookups_cli.command("reindex", help="Tính lại văn bản tìm kiếm của mọi danh mục (sau khi đổi quy tắc gõ không dấu).")
@with_appcontext
def reindex_command() -> None:
    counts = search.reindex(db.session)
    db.session.commit()
    click.echo("Đã dựng lại chỉ mục: " + ", ".join(f"{name} {count}" for name, count in counts.items()))
