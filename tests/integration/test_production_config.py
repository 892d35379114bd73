"""Production settings for several nodes: shared rate limits are required, Redis trouble
does not lock people out, and the old setting name still works."""
from __future__ import annotations

import pytest

from tests.support.factories import PASSWORD, make_account
from tests.support.web import login
from vssid import config as settings
from vssid import create_app

STRONG = "p" * 40


def _production(monkeypatch, **env):
    for name in ("VSSID_RATELIMIT_STORAGE_URL", "VSSID_RATELIMIT_STORAGE_URI", "VSSID_SINGLE_NODE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return {"VSSID_ENV": "production", "SECRET_KEY": STRONG, "VSSID_DEMO": False, "VSSID_DEV_OUTBOX": False,
            "VSSID_STARTUP_CHECK": False, "RATELIMIT_STORAGE_URI": settings.from_environment()["RATELIMIT_STORAGE_URI"]}


def test_production_refuses_per_node_rate_limits(monkeypatch, database_url):
    with pytest.raises(settings.ConfigError, match="VSSID_RATELIMIT_STORAGE_URL"):
        create_app({**_production(monkeypatch), "VSSID_DATABASE_URL": database_url})


def test_production_accepts_redis_or_an_explicit_single_node(monkeypatch, database_url):
    shared = create_app({**_production(monkeypatch, VSSID_RATELIMIT_STORAGE_URL="redis://redis:6379/0"),
                         "VSSID_DATABASE_URL": database_url})
    assert shared.config["RATELIMIT_STORAGE_URI"] == "redis://redis:6379/0"
    single = create_app({**_production(monkeypatch, VSSID_SINGLE_NODE="1"), "VSSID_DATABASE_URL": database_url})
    assert single.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_the_older_setting_name_still_counts(monkeypatch):
    monkeypatch.delenv("VSSID_RATELIMIT_STORAGE_URL", raising=False)
    monkeypatch.setenv("VSSID_RATELIMIT_STORAGE_URI", "redis://old-name:6379/0")
    assert settings.from_environment()["RATELIMIT_STORAGE_URI"] == "redis://old-name:6379/0"


@pytest.fixture
def app_config():
    return {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"}  # nothing listens on port 1


def test_logins_still_work_and_are_limited_when_redis_is_unreachable(app, session):
    """Each node falls back to counting in its own memory rather than refusing everyone."""
    account = make_account(session)
    session.commit()
    ma_so = account.person.ma_so
    assert login(app.test_client(), ma_so, PASSWORD).status_code == 303
    statuses = [login(app.test_client(), ma_so, f"sai mat khau nhe {i}").status_code for i in range(22)]
    assert statuses[0] == 422 and 429 in statuses  # 20 per minute per address, counted in memory
