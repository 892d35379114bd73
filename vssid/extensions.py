"""Flask extensions, created once and bound to each app in create_app()."""
from __future__ import annotations

from flask import Flask, current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from vssid.core.db import Base, make_engine
from vssid.core.routing import RoutingSession, replica_tables, watch_replica


class Database:
    """One engine and one request-scoped session per app.

    Services receive `db.session` (a plain SQLAlchemy Session), never this object,
    so they stay free of Flask.
    """

    metadata = Base.metadata

    def init_app(self, app: Flask) -> None:
        # Production: SQL parameters (tokens, phone numbers) never appear in errors or logs.
        options = {"hide_parameters": app.config.get("VSSID_ENV") == "production"}
        if not app.config["VSSID_DATABASE_URL"].startswith("sqlite"):
            options |= {"pool_size": app.config.get("VSSID_DB_POOL_SIZE", 10),
                     "max_overflow": app.config.get("VSSID_DB_MAX_OVERFLOW", 20)}
        engine = make_engine(app.config["VSSID_DATABASE_URL"], **options)
        # Lag-tolerant reads may go to replicas (vssid/core/routing.py, vssid/web/replicas.py).
        if app.config.get("VSSID_DATABASE_REPLICA_URLS"):
            import vssid.models  # noqa: F401 (every mapper known before choosing the tables)
        replicas = tuple(watch_replica(make_engine(url, **options)) for url in app.config.get("VSSID_DATABASE_REPLICA_URLS", ()))
        sessions = scoped_session(sessionmaker(
            engine, class_=RoutingSession, expire_on_commit=False,
            replicas=replicas, tolerant_tables=replica_tables(Base.registry.mappers) if replicas else frozenset(),
        ))
        app.extensions["vssid.db"] = (engine, sessions)
        app.extensions["vssid.db.replicas"] = replicas

        @app.teardown_appcontext
        def _remove_session(_exc: BaseException | None) -> None:
            sessions.remove()

    @property
    def engine(self) -> Engine:
        return current_app.extensions["vssid.db"][0]

    @property
    def session(self) -> Session:
        return current_app.extensions["vssid.db"][1]()


db = Database()
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = Htmx()
limiter = Limiter(key_func=get_remote_address, default_limits=[])  # settings: RATELIMIT_* in config.py
