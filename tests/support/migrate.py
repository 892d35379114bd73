"""Build a schema the way production does: by running the Alembic migrations."""
from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from vssid.config import ROOT


def alembic_config() -> Config:
    config = Config(str(ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return config


def migrate_to_head(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    engine.dispose()
