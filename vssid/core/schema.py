"""Is the database reachable and at the code's schema revision?

Used at start-up (refuse to serve) and by /healthz. Flask-free.
"""
from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

MIGRATIONS = Path(__file__).resolve().parent.parent.parent / "migrations"


def head_revisions() -> set[str]:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return set(ScriptDirectory.from_config(config).get_heads())


def schema_problem(engine: Engine) -> str | None:
    """One sentence saying what is wrong, or None when the database is ready."""
    try:
        with engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    except SQLAlchemyError:
        return (
            f"Cannot reach the database at {engine.url.render_as_string(hide_password=True)}: "
            "check VSSID_DATABASE_URL."
        )
    if current != head_revisions():
        return "The database schema is older than the code: run `flask --app app db upgrade`."
    return None
