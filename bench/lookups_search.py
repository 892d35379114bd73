"""Search time of the look-ups on 100,000 facilities and 1,000,000 employers.

    .venv/bin/python bench/lookups_search.py                         # SQLite, then PostgreSQL
    .venv/bin/python bench/lookups_search.py --engine sqlite --facilities 10000 --employers 100000
    .venv/bin/python bench/lookups_search.py --pg-url postgresql+psycopg://postgres@127.0.0.1:5433/postgres
    .venv/bin/python bench/lookups_search.py --write                 # also append to bench/RESULTS.md

Each engine gets a fresh database built by the migrations (SQLite in a temporary folder;
PostgreSQL on a throwaway cluster started with its own VSSID_PG_STATE unless --pg-url is
given), seeded through the models' own insert path (the column default fills
`search_text`; on SQLite the triggers fill the FTS5 tables), then ANALYZEd (VACUUM
ANALYZE on PostgreSQL, as autovacuum would after a bulk load). The queries
are what people type: whole names with and without diacritics and abbreviations, every
prefix of a name as it is typed (what htmx sends after each pause), codes, tax codes, and
the same with a province, commune or level filter. Each query runs once to warm the
caches, then --rounds times; the time is the service call (vssid.lookups.services:
full-text match, ordering, one page of 20 ORM objects) measured with perf_counter.
Figures only; nothing fails. The goal set by the issue is p95 under 50 ms.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from tests.support.migrate import migrate_to_head  # noqa: E402
from vssid.core.db import make_engine  # noqa: E402
from vssid.lookups import services  # noqa: E402
from vssid.registry.models import Employer, Facility, VssOffice, Ward  # noqa: E402

SYLLABLES = (
    "An Bảo Bình Châu Chí Công Cường Đại Đạt Đông Đức Gia Giang Hà Hải Hạnh Hào Hiệp Hòa Hoàng Hồng Huy Hưng "
    "Hương Khang Khánh Kim Lâm Lan Lộc Long Mai Minh Mỹ Nam Nga Ngân Nghĩa Ngọc Nguyên Nhật Nhân Phát Phong "
    "Phú Phúc Phương Quang Quốc Sài Sao Sơn Tài Tâm Tân Thái Thành Thiên Thịnh Thuận Tiến Toàn Trí Trung "
    "Trường Tuấn Uy Vạn Văn Việt Vinh Vĩnh Xuân Yên Á Âu Ánh Dương Hưng Lợi Tín Nghiệp Thắng Lực Cát Tường"
).split()
SECTORS = (
    "Thương mại và Dịch vụ", "Xây dựng", "May mặc", "Điện tử", "Thực phẩm", "Vận tải", "Cơ khí",
    "Công nghệ thông tin", "Thủy sản", "Dược phẩm", "Bao bì", "Giao nhận vận tải", "Nội thất", "Du lịch",
    "Xuất nhập khẩu", "Da giày", "Vật liệu xây dựng", "Nông sản", "Đầu tư", "Bất động sản", "In ấn", "Nhựa",
)
SPECIALTIES = ("Nhi", "Sản phụ khoa", "Răng hàm mặt", "Mắt", "Tai mũi họng", "Da liễu", "Nội tổng hợp",
               "Y học cổ truyền", "Chấn thương chỉnh hình", "Tim mạch", "Ung bướu", "Phục hồi chức năng")
SCHOOLS = ("Trường Mầm non", "Trường Tiểu học", "Trường Trung học cơ sở", "Trường Trung học phổ thông")
UNIT_PREFIX = {"dn": "TA", "school": "YS", "ubnd": "QA", "htx": "TC"}
BATCH = 20_000


def ward_base(name: str) -> str:
    for prefix in ("Phường ", "Xã ", "Đặc khu "):
        if name.startswith(prefix):
            return " ".join(name[len(prefix):].split())
    return " ".join(name.split())


def ward_lower(name: str) -> str:
    kind, _, rest = " ".join(name.split()).partition(" ")
    return ("đặc " if kind == "Đặc" else kind.lower() + " ") + rest


# --- Seeding -------------------------------------------------------------------------


def seed(session: Session, *, facilities: int, employers: int, rng: random.Random) -> dict[str, float]:
    wards = session.execute(select(Ward.code, Ward.name, Ward.province_code)).all()
    by_province: dict[str, list] = {}
    for ward in wards:
        by_province.setdefault(ward.province_code, []).append(ward)
    provinces = sorted(by_province)
    timings: dict[str, float] = {}

    started = time.perf_counter()
    offices = []
    for province in provinces:
        for index, ward in enumerate(rng.sample(by_province[province], k=min(10, len(by_province[province])))):
            offices.append({"code": f"BH{province}{index:03d}", "name": f"Bảo hiểm xã hội cơ sở {ward_base(ward.name)}",
                            "address": f"Số {rng.randint(1, 400)} đường {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}",
                            "province_code": province, "ward_code": ward.code, "phone": "028 3827 1234"})
    session.execute(insert(VssOffice), offices)
    office_ids: dict[str, list[int]] = {}
    for office_id, province in session.execute(select(VssOffice.id, VssOffice.province_code)):
        office_ids.setdefault(province, []).append(office_id)

    codes = [f"{n:05d}" for n in range(100_000)]
    rng.shuffle(codes)
    rows = []
    for n in range(facilities):
        ward = rng.choice(wards)
        roll = rng.random()
        place = ward_base(ward.name)
        if n == 0:
            name, level = "Bệnh viện Chợ Rẫy", "Trung ương"
        elif roll < 0.40:
            name, level = f"Trạm Y tế {ward_lower(ward.name)}", "Xã"
            if rng.random() < 0.5:
                name += f" điểm {rng.randint(2, 9)}"
        elif roll < 0.65:
            name, level = f"Phòng khám đa khoa {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} {place}", "Cơ sở"
        elif roll < 0.80:
            name, level = f"Phòng khám {rng.choice(SPECIALTIES)} {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}", "Cơ sở"
        elif roll < 0.88:
            name, level = f"Bệnh viện Đa khoa {rng.choice(SYLLABLES)} {place}", "Tỉnh"
        elif roll < 0.95:
            name, level = f"Trung tâm Y tế khu vực {place}", "Cơ sở"
        else:
            name, level = f"Bệnh viện {rng.choice(SPECIALTIES)} {place}", "Tỉnh"
        rows.append({
            "code": codes[n], "name": name, "level": level, "province_code": ward.province_code,
            "ward_code": ward.code, "address": f"Số {rng.randint(1, 900)}, {ward.name}",
            "contracted_bhyt": rng.random() < 0.9, "accepts_initial_registration": rng.random() < 0.8,
            "issues_sick_leave": rng.random() < 0.4, "phone": f"02{rng.randint(10, 99)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
        })
        if len(rows) == BATCH:
            session.execute(insert(Facility), rows)
            rows = []
    if rows:
        session.execute(insert(Facility), rows)
    session.commit()
    timings["facilities"] = time.perf_counter() - started

    started = time.perf_counter()
    kinds = ["dn"] * 75 + ["school"] * 12 + ["ubnd"] * 8 + ["htx"] * 5
    sequence = {prefix: 0 for prefix in UNIT_PREFIX.values()}
    rows = []
    for n in range(employers):
        ward = rng.choice(wards)
        kind = rng.choice(kinds)
        if kind == "dn":
            brand = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
            form = rng.random()
            sector = rng.choice(SECTORS)
            name = (f"Công ty TNHH {sector} {brand}" if form < 0.6 else
                    f"Công ty Cổ phần {sector} {brand}" if form < 0.93 else f"Doanh nghiệp tư nhân {brand}")
        elif kind == "school":
            name = f"{rng.choice(SCHOOLS)} {rng.choice(SYLLABLES)} {ward_base(ward.name)}"
        elif kind == "ubnd":
            name = f"Ủy ban nhân dân {ward_lower(ward.name)}"
        else:
            name = f"Hợp tác xã {rng.choice(('Nông nghiệp', 'Dịch vụ', 'Thủy sản'))} {ward_base(ward.name)}"
        prefix = UNIT_PREFIX[kind]
        sequence[prefix] += 1
        roll = rng.random()
        rows.append({
            "unit_code": f"{prefix}{sequence[prefix]:07d}", "name": name,
            "tax_code": f"{ward.province_code}{(n * 7919 + 12345) % 10**8:08d}",
            "address": f"Số {rng.randint(1, 900)}, {ward.name}", "province_code": ward.province_code,
            "ward_code": ward.code, "office_id": rng.choice(office_ids[ward.province_code]),
            "status": "active" if roll < 0.92 else "suspended" if roll < 0.96 else "closed",
        })
        if len(rows) == BATCH:
            session.execute(insert(Employer), rows)
            session.commit()
            rows = []
    if rows:
        session.execute(insert(Employer), rows)
    session.commit()
    timings["employers"] = time.perf_counter() - started
    return timings


# --- Queries -------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    category: str
    directory: str  # "facilities" | "employers"
    text: str = ""
    province: str | None = None
    ward: str | None = None
    level: str | None = None


def typing(text: str) -> list[str]:
    """What htmx sends while a person types `text`: every prefix from 2 characters."""
    return [text[:end] for end in range(2, len(text) + 1) if not text[:end].endswith(" ")]


def build_queries(session: Session, rng: random.Random) -> list[Query]:
    facilities = session.execute(select(Facility.code, Facility.name, Facility.province_code, Facility.ward_code)
                                 .order_by(Facility.code).limit(50_000)).all()
    employers = session.execute(select(Employer.unit_code, Employer.tax_code, Employer.name, Employer.province_code)
                                .order_by(Employer.id).limit(200_000)).all()
    queries: list[Query] = []
    for name in ("benh vien cho ray", "BV Chợ Rẫy", "Chợ Rẫy"):
        queries.append(Query("facility: name", "facilities", name))
    for row in rng.sample(facilities, 60):
        queries.append(Query("facility: name", "facilities", row.name))
        queries.append(Query("facility: code", "facilities", row.code))
        queries.append(Query("facility: name + province", "facilities", row.name.split()[-1], province=row.province_code))
        queries.append(Query("facility: province + commune", "facilities", "", province=row.province_code, ward=row.ward_code))
    for row in rng.sample(facilities, 20):
        queries.append(Query("facility: province + level", "facilities", "", province=row.province_code, level="Xã"))
    for text_ in ("benh vien cho ray", "tram y te phuong ben thanh", "phong kham nhi"):
        queries += [Query("facility: as typed", "facilities", prefix) for prefix in typing(text_)]
    for text_ in ("tram y te", "phong kham", "benh vien da khoa", "TTYT"):
        queries.append(Query("facility: broad words", "facilities", text_))
        queries.append(Query("facility: broad words", "facilities", text_, province=rng.choice(facilities).province_code))
    for row in rng.sample(employers, 60):
        queries.append(Query("employer: name", "employers", row.name))
        queries.append(Query("employer: tax code", "employers", row.tax_code))
        queries.append(Query("employer: tax code prefix", "employers", row.tax_code[:7]))
        queries.append(Query("employer: unit code", "employers", row.unit_code))
        queries.append(Query("employer: name + province", "employers", " ".join(row.name.split()[-2:]),
                             province=row.province_code))
    for text_ in ("cong ty tnhh may mac thanh cong", "cong ty co phan xay dung hoang long", "truong tieu hoc an"):
        queries += [Query("employer: as typed", "employers", prefix) for prefix in typing(text_)]
    for text_ in ("cong ty", "cong ty tnhh", "truong"):
        queries.append(Query("employer: broad words", "employers", text_))
        queries.append(Query("employer: broad words", "employers", text_, province=rng.choice(employers).province_code))
    return queries


def run(session: Session, query: Query):
    place = services.Place(
        session.get(services.Province, query.province) if query.province else None,
        session.get(Ward, query.ward) if query.ward else None,
    )
    if query.directory == "facilities":
        return services.search_facilities(session, text=query.text, place=place, level=query.level)
    return services.search_employers(session, text=query.text, place=place)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure(url: str, *, facilities: int, employers: int, rounds: int, seed_value: int) -> dict:
    migrate_to_head(url)
    engine = make_engine(url)
    rng = random.Random(seed_value)
    with Session(engine) as session:
        seeded = seed(session, facilities=facilities, employers=employers, rng=rng)
        # What autovacuum does after a bulk load on PostgreSQL (statistics, GIN pending
        # list merged); statistics for SQLite's planner.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
        queries = build_queries(session, rng)
        session.rollback()
        times: dict[str, list[float]] = {}
        matches: dict[str, list[int]] = {}
        load_before = os.getloadavg()[0]
        for round_ in range(rounds + 1):
            for query in queries:
                session.expunge_all()
                started = time.perf_counter()
                page = run(session, query)
                elapsed = (time.perf_counter() - started) * 1000
                session.rollback()
                if round_:  # round 0 warms the caches
                    times.setdefault(query.category, []).append(elapsed)
                    matches.setdefault(query.category, []).append(page.total)
    engine.dispose()
    return {"seeded": seeded, "times": times, "matches": matches, "queries": len(queries),
            "load": (load_before, os.getloadavg()[0])}


# --- PostgreSQL -----------------------------------------------------------------------


def start_postgres() -> tuple[str, dict]:
    state = f"/tmp/vssid-bench-lookups-{os.getpid()}"
    env = {**os.environ, "VSSID_PG_STATE": state}
    server = subprocess.run([str(ROOT / "tests" / "throwaway_pg.sh"), "start"], env=env, check=True,
                            capture_output=True, text=True).stdout.strip()
    return server, env


def stop_postgres(env: dict) -> None:
    subprocess.run([str(ROOT / "tests" / "throwaway_pg.sh"), "stop"], env=env, check=False)


def postgres_database(server: str) -> str:
    name = f"vssid_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


# --- Report --------------------------------------------------------------------------


def report(engine_name: str, result: dict, args) -> str:
    lines = [f"#### {engine_name}", "",
             f"Seeded {args.facilities:,} facilities in {result['seeded']['facilities']:.0f} s and "
             f"{args.employers:,} employers in {result['seeded']['employers']:.0f} s; "
             f"{result['queries']} queries × {args.rounds} rounds after a warm-up round; "
             f"load average {result['load'][0]:.1f} before the queries, {result['load'][1]:.1f} after "
             "(2 cores shared with other work).", "",
             "| queries | n | matches (median) | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|---:|"]
    everything: list[float] = []
    for category in sorted(result["times"]):
        values = result["times"][category]
        everything += values
        lines.append(f"| {category} | {len(values)} | {statistics.median(result['matches'][category]):.0f} | "
                     f"{percentile(values, .5):.1f} | {percentile(values, .95):.1f} | {max(values):.1f} |")
    lines.append(f"| **all** | {len(everything)} | | **{percentile(everything, .5):.1f}** | "
                 f"**{percentile(everything, .95):.1f}** | {max(everything):.1f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--facilities", type=int, default=100_000)
    parser.add_argument("--employers", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pg-url", help="an existing server (a database is created on it)")
    parser.add_argument("--write", action="store_true", help="append the figures to bench/RESULTS.md")
    args = parser.parse_args()
    if not 0 < args.facilities <= 100_000:
        parser.error("--facilities: 1 to 100,000 (5-digit codes)")

    sections = []
    if args.engine in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="vssid-bench-") as folder:
            result = measure(f"sqlite:///{folder}/lookups.db", facilities=args.facilities, employers=args.employers,
                             rounds=args.rounds, seed_value=args.seed)
            size = os.path.getsize(f"{folder}/lookups.db") / 2**20
        sections.append(report(f"SQLite {sqlite_version()} (file {size:.0f} MB)", result, args))
        print(sections[-1], flush=True)
    if args.engine in ("postgresql", "both"):
        env = None
        server = args.pg_url
        if not server:
            server, env = start_postgres()
        try:
            result = measure(postgres_database(server), facilities=args.facilities, employers=args.employers,
                             rounds=args.rounds, seed_value=args.seed)
        finally:
            if env:
                stop_postgres(env)
        sections.append(report("PostgreSQL 15", result, args))
        print(sections[-1], flush=True)
    if args.write:
        path = ROOT / "bench" / "RESULTS.md"
        machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        header = "" if path.exists() else "# Benchmark results\n\n"
        with path.open("a", encoding="utf-8") as out:
            out.write(f"{header}\n## Look-ups\n\n`bench/lookups_search.py` ({time.strftime('%Y-%m-%d')}, {machine}). "
                      "Goal: p95 under 50 ms.\n\n" + "\n".join(sections))


def sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


if __name__ == "__main__":
    main()
