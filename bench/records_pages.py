"""Benchmark the personal-records pages: does a page get slower as the registry grows?

    .venv/bin/python bench/records_pages.py                       # 1,000 vs 100,000 people, SQLite under /tmp
    .venv/bin/python bench/records_pages.py --sizes 1000 20000 --runs 100
    .venv/bin/python bench/records_pages.py --database-url postgresql+psycopg://postgres@127.0.0.1:5433/postgres

For each size a fresh database is migrated and filled with ``seed_demo(people=N)``; the
demo cast is the same whatever the size, so the same people's pages are timed on a small
and a large registry. Each page is requested through Flask's test client (no network:
the figure is the application and the database), ``--runs`` times after a warm-up,
alternating between the sizes request by request so that both share the machine's load;
p50/p95 are printed with the ratio of each size to the smallest, and the number of SQL
statements the page ran on each size (it must not grow). Figures only: nothing
fails on time. Results are kept in bench/RESULTS.md ("Records pages").
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from tests.support.factories import PASSWORD, make_account  # noqa: E402
from tests.support.migrate import migrate_to_head  # noqa: E402
from tests.support.web import login  # noqa: E402
from vssid import create_app  # noqa: E402
from vssid.core.db import make_engine  # noqa: E402
from vssid.registry.demo import seed_demo  # noqa: E402
from vssid.registry.models import BenefitRecord, MedicalVisit, ParticipationPeriod, Person, VisitCostLine  # noqa: E402


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _pages(session: Session, cast) -> list[tuple[str, int, str]]:
    """(label, person to log in as, path): each page for the cast member it suits."""
    worker, pensioner, parent = cast.worker.id, cast.pensioner.id, cast.parent.id
    benefit = session.scalar(select(BenefitRecord.id).where(BenefitRecord.person_id == pensioner)
                             .order_by(BenefitRecord.decision_date.desc()).limit(1))
    busiest = session.execute(
        select(MedicalVisit.id, MedicalVisit.person_id)
        .join(VisitCostLine, VisitCostLine.visit_id == MedicalVisit.id)
        .where(MedicalVisit.person_id.in_((worker, pensioner, parent)))
        .group_by(MedicalVisit.id, MedicalVisit.person_id).order_by(func.count().desc(), MedicalVisit.id).limit(1)
    ).first()
    child = cast.children[0].id
    pages = [
        ("hub /ca-nhan", parent, "/ca-nhan"),
        ("participation BHXH", worker, "/ca-nhan/qua-trinh-tham-gia/bhxh"),
        ("participation BHTN (htmx tab)", worker, "/ca-nhan/qua-trinh-tham-gia/bhtn"),
        ("participation print", pensioner, "/ca-nhan/qua-trinh-tham-gia/in"),
        ("benefits", pensioner, "/ca-nhan/thong-tin-huong"),
        ("visit book (latest year)", pensioner, "/ca-nhan/so-kham-chua-benh"),
        ("visit book, child", parent, f"/ca-nhan/so-kham-chua-benh?nguoi={child}"),
    ]
    if benefit:
        pages.insert(5, ("benefit detail", pensioner, f"/ca-nhan/thong-tin-huong/{benefit}"))
    if busiest:
        pages.append(("visit detail", busiest.person_id, f"/ca-nhan/so-kham-chua-benh/{busiest.id}"))
    return pages


class Registry:
    """One seeded database with an app and a logged-in client per cast member."""

    def __init__(self, url: str, *, people: int, seed: int) -> None:
        migrate_to_head(url)
        engine = make_engine(url)
        started = time.perf_counter()
        with Session(engine, expire_on_commit=False) as session:
            cast = seed_demo(session, people=people, seed=seed)
            session.commit()
            seeded = time.perf_counter() - started
            ma_so = {}
            for member in (cast.worker, cast.pensioner, cast.parent):
                make_account(session, session.get(Person, member.id))
                ma_so[member.id] = member.ma_so
            session.commit()
            self.pages = _pages(session, cast)
            sizes = {
                "people": session.scalar(select(func.count()).select_from(Person)),
                "periods": session.scalar(select(func.count()).select_from(ParticipationPeriod)),
                "benefits": session.scalar(select(func.count()).select_from(BenefitRecord)),
                "visits": session.scalar(select(func.count()).select_from(MedicalVisit)),
                "cost lines": session.scalar(select(func.count()).select_from(VisitCostLine)),
            }
        engine.dispose()
        print(f"  {people:,} people: {', '.join(f'{k} {v:,}' for k, v in sizes.items())} (seeded in {seeded:,.0f} s)")
        self.app = create_app({
            "TESTING": True, "VSSID_DATABASE_URL": url, "VSSID_STARTUP_CHECK": False, "SECRET_KEY": "bench",
            "VSSID_DEMO": True, "VSSID_DEV_OUTBOX": False, "RATELIMIT_ENABLED": False,
            "VSSID_SESSION_IDLE_MINUTES": 24 * 60,
        })
        self.clients = {}
        for person_id, login_id in ma_so.items():
            client = self.app.test_client()
            response = login(client, login_id, PASSWORD)
            assert response.status_code in (302, 303), response.status_code
            self.clients[person_id] = client

    def get(self, index: int) -> float:
        """Request page ``index`` once; milliseconds."""
        label, person_id, path = self.pages[index]
        headers = {"HX-Request": "true", "HX-Target": "scheme-panel"} if "htmx" in label else {}
        begin = time.perf_counter()
        response = self.clients[person_id].get(path, headers=headers)
        elapsed = (time.perf_counter() - begin) * 1000
        assert response.status_code == 200, (path, response.status_code)
        return elapsed

    def statements(self, index: int) -> int:
        engine = self.app.extensions["vssid.db"][0]
        seen = []

        def count(*_args) -> None:
            seen.append(1)

        event.listen(engine, "before_cursor_execute", count)
        try:
            self.get(index)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(seen)

    def close(self) -> None:
        self.app.extensions["vssid.db"][0].dispose()


def measure(registries: dict[int, Registry], *, runs: int) -> None:
    """Each page on every registry in turn, request by request, so that both sizes share
    whatever else the machine is doing at that moment."""
    sizes = list(registries)
    smallest = sizes[0]
    labels = [label for label, _, _ in registries[smallest].pages]
    print(f"{'page':32s} " + " ".join(f"{f'{size:,} p50/p95 ms':>22s}" for size in sizes)
          + "   ratio p50/p95   SQL statements")
    for index, label in enumerate(labels):
        timings: dict[int, list[float]] = {size: [] for size in sizes}
        for _ in range(max(5, runs // 10)):  # warm-up: connections, templates, database caches
            for size in sizes:
                registries[size].get(index)
        for _ in range(runs):
            for size in sizes:
                timings[size].append(registries[size].get(index))
        figures = {size: (statistics.median(t), _percentile(t, 0.95)) for size, t in timings.items()}
        cells = " ".join(f"{figures[s][0]:10.1f} /{figures[s][1]:8.1f} ms" for s in sizes)
        ratios = " ".join(f"x{figures[s][0] / figures[smallest][0]:.2f}/x{figures[s][1] / figures[smallest][1]:.2f}"
                          for s in sizes[1:])
        queries = "/".join(str(registries[s].statements(index)) for s in sizes)
        print(f"{label:32s} {cells}   {ratios:>14s}   {queries}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", help="a PostgreSQL server URL; fresh databases are created on it")
    args = parser.parse_args()
    engine_name = "PostgreSQL" if args.database_url else "SQLite"
    print(f"records pages benchmark, {dt.datetime.now():%Y-%m-%d %H:%M}, {engine_name}, Python "
          f"{platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}, {args.runs} runs a page")
    registries: dict[int, Registry] = {}
    cleanup = []
    try:
        for size in args.sizes:
            if args.database_url:
                server = make_url(args.database_url)
                name = f"vssid_bench_{uuid.uuid4().hex[:8]}"
                admin = create_engine(server, isolation_level="AUTOCOMMIT")
                with admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                cleanup.append(("pg", admin, name))
                url = server.set(database=name).render_as_string(hide_password=False)
            else:
                folder = tempfile.mkdtemp(prefix="vssid-bench-records-", dir="/tmp")
                cleanup.append(("dir", None, folder))
                url = f"sqlite:///{folder}/vssid.db"
            registries[size] = Registry(url, people=size, seed=args.seed)
        measure(registries, runs=args.runs)
    finally:
        for registry in registries.values():
            registry.close()
        for kind, admin, name in cleanup:
            if kind == "dir":
                shutil.rmtree(name, ignore_errors=True)
            else:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()


if __name__ == "__main__":
    main()
