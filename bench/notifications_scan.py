"""Benchmark the daily notifications scan: one notice at a time through `notify` vs in bulk.

    .venv/bin/python bench/notifications_scan.py                  # 20,000 card holders, SQLite under /tmp
    .venv/bin/python bench/notifications_scan.py 5000 --batch 500
    .venv/bin/python bench/notifications_scan.py --database-url postgresql+psycopg://postgres@127.0.0.1:5433/postgres

A fresh database is migrated (for PostgreSQL a new database is created on that server and
dropped afterwards) and filled by `seed_demo` with N people as of 10 December, so most
cards end on 31 December, within the scan's 30 days. Every person gets an account; one in
three has a push subscription, one in ten turned card SMS on, one in twenty turned card
notices off. Then, on the same data, the scan runs one notice at a time through `notify`
(`tests.support.notifications.scan_one_at_a_time`: the same batched look-ups, so the figure
leaves out the per-card account queries of the former scan and flatters the old path), the
notices are deleted, and the bulk scan runs (`flask notifications scan`); both must write
the same rows. A second bulk run (everything already told) is timed as well. Prints
notices per second for each path and their ratio. Figures only: nothing fails on time.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, delete, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from tests.support.factories import PASSWORD  # noqa: E402
from tests.support.migrate import migrate_to_head  # noqa: E402
from tests.support.notifications import scan_one_at_a_time  # noqa: E402
from vssid.accounts.models import Account  # noqa: E402
from vssid.accounts.passwords import hash_password  # noqa: E402
from vssid.core.db import make_engine, utcnow  # noqa: E402
from vssid.notifications import scans  # noqa: E402
from vssid.notifications.models import (  # noqa: E402
    Notification,
    NotificationDelivery,
    NotificationPreference,
    PushSubscription,
)
from vssid.registry.demo import seed_demo  # noqa: E402
from vssid.registry.models import Person  # noqa: E402

SEED_DAY = dt.date(2026, 12, 10)  # cards of the year end on 31/12: "expiring" for most holders
CHUNK = 5000


def _accounts(session: Session) -> int:
    """An account for every person, some with a device, some with SMS on or notices off."""
    password_hash, now = hash_password(PASSWORD), utcnow()
    people = session.execute(select(Person.id, Person.phone, Person.email).order_by(Person.id)).all()
    for start in range(0, len(people), CHUNK):
        session.execute(insert(Account), [
            {"person_id": person.id, "password_hash": password_hash, "must_change_password": False,
             "phone": person.phone or f"09{person.id:08d}", "email": person.email,
             "webauthn_user_handle": person.id.to_bytes(32, "big"), "created_at": now, "password_changed_at": now}
            for person in people[start:start + CHUNK]])
    accounts = session.scalars(select(Account.id).order_by(Account.id)).all()
    for start in range(0, len(accounts), CHUNK):
        chunk = accounts[start:start + CHUNK]
        session.execute(insert(PushSubscription), [
            {"account_id": account_id, "device_hash": f"{account_id:064x}",
             "endpoint": f"https://fcm.googleapis.com/fcm/send/{account_id}", "p256dh": "B" * 87, "auth": "A" * 22,
             "device_label": "Chrome trên Android", "created_at": now}
            for account_id in chunk if account_id % 3 == 0])
        session.execute(insert(NotificationPreference), [
            {"account_id": account_id, "kind": "card", "channel": channel, "enabled": on}
            for account_id in chunk
            for channel, on in ([("sms", True)] if account_id % 10 == 0 else [])
            + ([("in_app", False), ("push", False)] if account_id % 20 == 7 else [])])
    session.commit()
    return len(accounts)


def _rows(session: Session) -> tuple[int, int]:
    return (session.scalar(select(func.count()).select_from(Notification)),
            session.scalar(select(func.count()).select_from(NotificationDelivery)))


def _bulk(session: Session, batch: int) -> scans.ScanReport:
    report = scans.scan_cards(session, today=SEED_DAY, batch=batch)
    return scans.scan_contributions(session, today=SEED_DAY, report=report, batch=batch)


def _timed(run) -> tuple[float, object]:
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def bench(url: str, *, holders: int, batch: int, seed: int) -> None:
    migrate_to_head(url)
    engine = make_engine(url)
    with Session(engine) as session:
        seeded, _ = _timed(lambda: (seed_demo(session, people=holders, seed=seed, today=SEED_DAY), session.commit()))
        accounts = _accounts(session)
        print(f"  database      {make_url(url).render_as_string(hide_password=True)}")
        print(f"  registry      {accounts:,} people with an account (seeded in {seeded:,.0f} s), scan day {SEED_DAY}")

        old_seconds, old_report = _timed(lambda: scan_one_at_a_time(session, today=SEED_DAY, batch=batch))
        old_rows = _rows(session)
        session.execute(delete(NotificationDelivery))
        session.execute(delete(Notification))
        session.commit()
        bulk_seconds, bulk_report = _timed(lambda: _bulk(session, batch))
        bulk_rows = _rows(session)
        again_seconds, again_report = _timed(lambda: _bulk(session, batch))
        again_rows = _rows(session)
    engine.dispose()
    assert bulk_report == old_report and bulk_rows == old_rows, (old_report, bulk_report, old_rows, bulk_rows)
    assert again_report == scans.ScanReport() and again_rows == bulk_rows, (again_report, again_rows)
    notices, deliveries = bulk_rows
    print(f"  notices       {notices:,} ({old_report.expiring:,} cards expiring, {old_report.expired:,} expired, "
          f"{old_report.months:,} contribution months, {old_report.arrears:,} arrears), {deliveries:,} deliveries")
    old_rate, bulk_rate = notices / old_seconds, notices / bulk_seconds
    print(f"  one at a time {old_seconds:8.1f} s  -> {old_rate:8,.0f} notices/s")
    print(f"  bulk          {bulk_seconds:8.1f} s  -> {bulk_rate:8,.0f} notices/s   (batch {batch:,})")
    print(f"  ratio         x{bulk_rate / old_rate:.1f}")
    print(f"  bulk re-run   {again_seconds:8.1f} s  (everything already told: nothing written)")
    print(f"  load average  {os.getloadavg()[0]:.1f} (other work on the machine slows the wall clock)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("holders", nargs="?", type=int, default=20_000, help="people seeded, each with an account")
    parser.add_argument("--batch", type=int, default=scans.BATCH)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", help="a PostgreSQL server URL; a fresh database is created on it")
    args = parser.parse_args()
    engine_name = "PostgreSQL" if args.database_url else "SQLite"
    print(f"notifications scan benchmark, {dt.datetime.now():%Y-%m-%d %H:%M}, {engine_name}, Python "
          f"{platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}")
    if args.database_url:
        server = make_url(args.database_url)
        name = f"vssid_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            bench(server.set(database=name).render_as_string(hide_password=False), holders=args.holders,
                  batch=args.batch, seed=args.seed)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:
        folder = tempfile.mkdtemp(prefix="vssid-bench-scan-", dir="/tmp")
        try:
            bench(f"sqlite:///{folder}/vssid.db", holders=args.holders, batch=args.batch, seed=args.seed)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
