"""A test's own throwaway PostgreSQL cluster (tests/throwaway_pg.sh with its own state dir).

For tests that stop the server, add a streaming replica or restore a dump: they must not
touch the suite's shared cluster. Needs the PostgreSQL 15 binaries (the PostgreSQL pass).
"""
from __future__ import annotations

import os
import subprocess
import time
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from vssid.config import ROOT

SCRIPT = str(ROOT / "tests" / "throwaway_pg.sh")
BIN = "/usr/lib/postgresql/15/bin"


class Cluster:
    def __init__(self) -> None:
        # Short and under /tmp: the socket path has a length limit, and the postgres user
        # must be able to reach it (pytest's tmp_path is private to root).
        self.state = f"/tmp/vssid-pg-{uuid.uuid4().hex[:8]}"
        self.url = self._run("start")
        self.replica_url: str | None = None

    def _run(self, *args: str) -> str:
        env = {**os.environ, "VSSID_PG_STATE": self.state}
        done = subprocess.run([SCRIPT, *args], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def create_database(self, name: str = "vssid") -> str:
        admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return self.database(name)

    def database(self, name: str, *, replica: bool = False) -> str:
        base = self.replica_url if replica else self.url
        return make_url(base).set(database=name).render_as_string(hide_password=False)

    def add_replica(self) -> str:
        self.replica_url = self._run("replica")
        return self.replica_url

    def halt(self, which: str = "data") -> None:
        self._run("halt", which)

    def resume(self, which: str = "") -> None:
        self._run("resume", *([which] if which else []))

    def stop(self) -> None:
        self._run("stop")

    def libpq(self, name: str) -> list[str]:
        """Connection arguments for pg_dump/pg_restore/psql."""
        url = make_url(self.url)
        return ["-h", "127.0.0.1", "-p", str(url.port), "-U", "postgres", "-d", name]


def wait_for_replay(primary_url: str, replica_url: str, timeout: float = 20.0) -> None:
    """Block until the replica has replayed everything the primary has written so far."""
    primary, replica = create_engine(primary_url), create_engine(replica_url)
    try:
        with primary.connect() as conn:
            target = conn.execute(text("SELECT pg_current_wal_lsn()")).scalar_one()
        deadline = time.monotonic() + timeout
        while True:
            with replica.connect() as conn:
                caught_up = conn.execute(
                    text("SELECT pg_last_wal_replay_lsn() >= CAST(:lsn AS pg_lsn)"), {"lsn": target}
                ).scalar_one()
            if caught_up:
                return
            assert time.monotonic() < deadline, "the replica did not catch up"
            time.sleep(0.05)
    finally:
        primary.dispose()
        replica.dispose()
