"""Shared fixtures: a migrated database per run, an app per test, a live server.

The same suite runs twice under `make test`: on SQLite, and on a throwaway PostgreSQL
cluster when VSSID_TEST_DATABASE_URL is set (tests/throwaway_pg.sh).
"""
from __future__ import annotations

import os
import threading
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from vssid import create_app
from vssid.accounts import passwords
from vssid.models import metadata
from tests.support.migrate import migrate_to_head

# Hashing is the slowest step of a login; tests use a cheap argon2id cost (bench/ measures the real one).
passwords.set_cost(time_cost=1, memory_kib=1024, parallelism=1)

# Reference data loaded by the migrations themselves; kept between tests.
REFERENCE_TABLES = {"province", "ward", "legacy_province", "legal_parameter", "alembic_version"}

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def _postgres_url() -> str | None:
    return os.environ.get("VSSID_TEST_DATABASE_URL") or None


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """A freshly migrated database for this test run."""
    server = _postgres_url()
    if server:
        name = f"vssid_test_{uuid.uuid4().hex[:8]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'vssid.db'}"
    migrate_to_head(url)
    return url


def _empty_tables(url: str) -> None:
    engine = create_engine(url)
    tables = [t for t in reversed(metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())
    engine.dispose()


def make_test_app(database_url: str, **overrides):
    config = {
        "TESTING": True,
        "VSSID_DATABASE_URL": database_url,
        "VSSID_STARTUP_CHECK": False,
        "SECRET_KEY": "test-secret",
        "VSSID_DEMO": True,
        "VSSID_DEV_OUTBOX": True,
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def app_config() -> dict:
    """Override in a test module to change settings of the test app."""
    return {}


@pytest.fixture
def app(database_url, app_config):
    application = make_test_app(database_url, **app_config)
    yield application
    application.extensions["vssid.db"][1].remove()
    application.extensions["vssid.db"][0].dispose()
    _empty_tables(database_url)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def session(app):
    """The test's own SQLAlchemy session on the app's database, to arrange and check data.

    It is not the app's request session and holds no app context, so every request the
    test makes gets a fresh `g` and a fresh `current_user`, as in production.
    """
    with Session(app.extensions["vssid.db"][0], expire_on_commit=False) as own:
        yield own


@pytest.fixture
def on_postgres(database_url) -> bool:
    return database_url.startswith("postgresql")


# --- Browser (Playwright with Debian's Chromium) ---------------------------------------


@pytest.fixture
def live_server(app):
    """The app on http://localhost:PORT (localhost: a secure context for WebAuthn and SW)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    port = server.server_port
    app.config.update(VSSID_ORIGIN=f"http://localhost:{port}", VSSID_RP_ID="localhost",
                      VSSID_PUBLIC_URL=f"http://localhost:{port}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{port}"
    server.shutdown()
    thread.join(timeout=5)


# The suite runs on 2 cores, the live server, Chromium and the tests sharing them (and, in CI,
# whatever else the machine does): assertions wait up to 15 s instead of Playwright's 5 s. They
# still fail on a page that never gets there; no test measures time.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "locale": "vi-VN",
            "timezone_id": "Asia/Ho_Chi_Minh"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
        if item.get_closest_marker("postgres_only") and not _postgres_url():
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (runs in the PostgreSQL pass)"))


def pytest_terminal_summary(terminalreporter):
    """Say what actually ran, so a green run cannot hide skipped browser or DB tests."""
    passed = terminalreporter.stats.get("passed", [])
    e2e = sum(1 for r in passed if "/e2e/" in r.nodeid or r.nodeid.startswith("tests/e2e"))
    engine = "PostgreSQL" if _postgres_url() else "SQLite"
    terminalreporter.write_line(
        f"VssID: {len(passed)} tests passed on {engine}, of which {e2e} browser end-to-end tests."
    )
