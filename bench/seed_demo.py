"""Benchmark `seed_demo`: how fast and how lean the demo seeder is at scale.

    .venv/bin/python bench/seed_demo.py                      # 1,000,000 people, fresh SQLite under /tmp
    .venv/bin/python bench/seed_demo.py 50000 --database-url postgresql+psycopg://user@host/postgres

Each run builds a fresh database by running the migrations (for PostgreSQL a new
database is created on that server and dropped afterwards), seeds it in one
transaction, commits, and prints people per second, the total time, the rows written
and the peak resident memory of this process (resource.getrusage). Figures only:
nothing here fails on time. Results are kept in bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from tests.support.migrate import migrate_to_head  # noqa: E402
from vssid.core.db import make_engine  # noqa: E402
from vssid.registry.demo import seed_demo  # noqa: E402
from vssid.registry.demo_world import TABLES  # noqa: E402


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bench(url: str, *, people: int, seed: int) -> None:
    started = time.perf_counter()
    migrate_to_head(url)
    migrated = time.perf_counter()
    engine = make_engine(url)
    cpu = cpu_seconds()
    with Session(engine) as session:
        cast = seed_demo(session, people=people, seed=seed)
        seeded = time.perf_counter()
        session.commit()
    committed = time.perf_counter()
    cpu = cpu_seconds() - cpu
    with Session(engine) as session:
        rows = {name: session.scalar(select(func.count()).select_from(table)) for name, table in TABLES.items()}
    engine.dispose()
    seconds = committed - migrated
    print(f"  database     {make_url(url).render_as_string(hide_password=True)}")
    print(f"  people       {cast.people:,}")
    print(f"  migrations   {migrated - started:8.1f} s")
    print(f"  seed         {seeded - migrated:8.1f} s  (+ commit {committed - seeded:.1f} s)")
    print(f"  total        {seconds:8.1f} s  -> {cast.people / seconds:,.0f} people/s (wall clock)")
    print(f"  CPU          {cpu:8.1f} s  -> {cast.people / cpu:,.0f} people per CPU second (this process;"
          " the database server's CPU not included)")
    print(f"  load average {os.getloadavg()[0]:.1f} (other work on the machine slows the wall clock)")
    print(f"  rows         {sum(rows.values()):,}  " + ", ".join(f"{k} {v:,}" for k, v in rows.items()))
    print(f"  peak RSS     {peak_rss_mib():,.0f} MiB (whole process so far)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("people", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", help="a PostgreSQL server URL; a fresh database is created on it")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    print(f"seed_demo benchmark, {dt.datetime.now():%Y-%m-%d %H:%M}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {platform.machine()}")

    if not args.skip_sqlite:
        folder = tempfile.mkdtemp(prefix="vssid-seed-demo-bench-", dir="/tmp")
        try:
            print("SQLite")
            bench(f"sqlite:///{folder}/vssid.db", people=args.people, seed=args.seed)
            size = sum(f.stat().st_size for f in Path(folder).iterdir())
            print(f"  file size    {size / 2**20:,.0f} MiB")
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    if args.database_url:
        server = make_url(args.database_url)
        name = f"vssid_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            print("PostgreSQL")
            bench(server.set(database=name).render_as_string(hide_password=False), people=args.people, seed=args.seed)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
