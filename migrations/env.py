"""Alembic environment: the app's engine and the models' metadata.

Run through Flask-Migrate (`flask --app app db upgrade`) or, in tests, with a
connection passed in `config.attributes["connection"]`.
"""
from __future__ import annotations

import logging
from logging.config import fileConfig

from alembic import context

from vssid.lookups.search import include_name  # skips the engine-only fts_* search objects
from vssid.models import metadata

config = context.config
if config.config_file_name is not None and not config.attributes.get("connection"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
log = logging.getLogger("alembic.env")


def _engine():
    from flask import current_app

    return current_app.extensions["vssid.db"][0]


def run_migrations_offline() -> None:
    context.configure(url=str(_engine().url), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying tables
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with _engine().connect() as connection:
        _run(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
