"""VssID web: the citizen app of Vietnam Social Security as a progressive web app."""
from __future__ import annotations

import os
import sys

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix
from whitenoise import WhiteNoise

from vssid import config as settings
from vssid.core.schema import schema_problem
from vssid.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate

MIGRATIONS_DIR = str(settings.ROOT / "migrations")


def create_app(config: dict | None = None) -> Flask:
    """Application factory: config -> extensions -> blueprints -> errors -> cli."""
    app = Flask(
        __name__,
        root_path=str(settings.ROOT),
        template_folder="templates",
        static_folder="static",
        instance_path=str(settings.INSTANCE),
    )
    app.config.update(settings.from_environment())
    app.config.update(config or {})
    settings.check_production(app.config)
    _ensure_sqlite_folder(app.config["VSSID_DATABASE_URL"])

    _init_extensions(app)
    _register_blueprints(app)

    from vssid.web import errors, headers, observability, replicas, templating

    errors.install(app)
    headers.install(app)
    templating.install(app)
    observability.install(app)
    replicas.install(app)

    from vssid.cli import register_commands

    register_commands(app)

    if app.config["VSSID_STARTUP_CHECK"] and _serving():
        if "VSSID_ENV" not in os.environ and "VSSID_ENV" not in (config or {}):
            sys.exit("VssID cannot start. Set VSSID_ENV to production (or development on a workstation).")
        problem = schema_problem(app.extensions["vssid.db"][0])
        if problem:
            sys.exit(f"VssID cannot start. {problem}")
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    htmx.init_app(app)
    limiter.init_app(app)
    # WhiteNoise serves static/ with far-future caching for versioned file names.
    if app.config["VSSID_PROXY_HOPS"]:
        hops = app.config["VSSID_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.wsgi_app = WhiteNoise(app.wsgi_app, root=str(settings.ROOT / "static"), prefix="static/", max_age=31536000)


def _register_blueprints(app: Flask) -> None:
    from vssid.accounts import passkey_views, settings_views, views as auth_views
    from vssid.accounts import registration_views  # noqa: F401 (adds its routes to the "auth" blueprint)
    from vssid.accounts import web as accounts_web
    from vssid.card import verifier_views, views as card_views
    from vssid.eservices import staff_views as eservices_staff_views, views as eservices_views
    from vssid.gateway import staff_views as gateway_staff_views, views as gateway_views
    from vssid.lookups import views as lookups_views
    from vssid.news import editor_views as news_editor_views, views as news_views
    from vssid.notifications import staff_views as notifications_staff_views, views as notifications_views
    from vssid.payments import pay_views, sandbox_views, views as payments_views
    from vssid.records import views as records_views
    from vssid.staff import views as staff_views
    from vssid.support import staff_views as support_staff_views, views as support_views
    from vssid.web import pwa, views as web_views

    for blueprint in (
        web_views.bp, pwa.bp, auth_views.bp, passkey_views.bp, settings_views.bp, card_views.bp,
        verifier_views.bp,
        records_views.bp, lookups_views.bp, payments_views.bp, news_views.bp, news_editor_views.bp,
        support_views.bp, support_staff_views.bp, staff_views.bp, gateway_views.bp, gateway_staff_views.bp,
        notifications_views.bp, notifications_staff_views.bp, pay_views.bp, sandbox_views.bp,
        eservices_views.bp, eservices_staff_views.bp,
    ):
        app.register_blueprint(blueprint)
    accounts_web.install(app)
    if app.config["VSSID_DEV_OUTBOX"]:
        from vssid.web.devtools import bp as devtools_bp

        app.register_blueprint(devtools_bp)


def _select_locale() -> str:
    return request.cookies.get("lang") if request.cookies.get("lang") in ("vi", "en") else "vi"


def _serving() -> bool:
    """True under gunicorn or `flask run`; False for maintenance commands (`flask db …`)."""
    if os.environ.get("FLASK_RUN_FROM_CLI") != "true":
        return True
    return "run" in sys.argv[1:]


def _ensure_sqlite_folder(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
