"""The app refuses to start, in one sentence, on a database it cannot use."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from vssid import create_app
from vssid.config import ROOT


def test_serving_without_vssid_env_refuses(monkeypatch):
    monkeypatch.delenv("VSSID_ENV", raising=False)
    with pytest.raises(SystemExit) as stop:
        create_app()
    assert "Set VSSID_ENV" in str(stop.value)


def test_unreachable_database_names_the_variable():
    with pytest.raises(SystemExit) as stop:
        create_app({"VSSID_ENV": "development", "VSSID_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none"})
    assert "VSSID_DATABASE_URL" in str(stop.value)
    assert "Traceback" not in str(stop.value)


def test_schema_older_than_code_names_the_command(tmp_path):
    with pytest.raises(SystemExit) as stop:
        create_app({"VSSID_ENV": "development", "VSSID_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"})
    assert "flask --app app db upgrade" in str(stop.value)


def test_migrated_database_starts(database_url):
    assert create_app({"VSSID_ENV": "development", "VSSID_DATABASE_URL": database_url}).name == "vssid"


def test_production_refuses_the_development_secret():
    with pytest.raises(RuntimeError, match="VSSID_SECRET_KEY"):
        create_app({"VSSID_ENV": "production", "VSSID_STARTUP_CHECK": False})


def test_gunicorn_style_import_prints_one_sentence_and_no_trace(tmp_path):
    env = {**os.environ, "VSSID_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}", "VSSID_ENV": "development"}
    env.pop("FLASK_RUN_FROM_CLI", None)
    result = subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "VssID cannot start. The database schema is older than the code: run `flask --app app db upgrade`."
    )
