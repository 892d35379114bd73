"""The production figures (docs/PERFORMANCE.md): real gunicorn nodes on PostgreSQL under wrk.

    .venv/bin/python bench/production.py                      # 1,000 vs 1,000,000 people, 10 s per wrk run
    .venv/bin/python bench/production.py --sizes 1000 100000 --duration 30
    .venv/bin/python bench/production.py --sizes 300 2000 --duration 3 --no-lighthouse --no-write   # a quick check

One run, one throwaway PostgreSQL 15 cluster (tests/throwaway_pg.sh, fsync off), and:

1. Login cost: argon2id verification time for several parameter sets (production's is RFC
   9106 "low memory": t=3, 64 MiB, p=4), and logins per second per core with as many
   verifying threads as cores (argon2 releases the GIL).
2. `flask seed-demo --people N` for each size, as the operator runs it (a subprocess):
   wall time and its peak resident memory (wait4).
3. One gunicorn node per size (`gunicorn -c gunicorn.conf.py app:app`, 2 × cores workers ×
   4 threads, JSON logs on) and a Flask hello-world under the same gunicorn.conf.py. wrk on
   loopback (2 threads, 16 connections) times the card page, the BHXH participation page
   and a facility look-up search of the demo worker, on every size (--repeat times, sizes
   alternating, median run kept), and the hello-world before and after them: throughput,
   p50/p95/p99, page/hello ratio, large/small ratio.
4. Lighthouse 12 (mobile, simulated throttling) on the smallest registry: performance and
   accessibility scores and transferred bytes of home, card, look-up and login.

wrk, the nodes and PostgreSQL share this machine's cores: figures are for the machine as a
whole, and everything else running on it at the time counts (the load average is printed).
With --write (default) the tables replace the generated part of docs/PERFORMANCE.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from tests.support.nodes import Browser, Node  # noqa: E402
from tests.support.pgcluster import Cluster  # noqa: E402
from vssid.accounts.demo import DEMO_PASSWORDS  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
DOC = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- bench/production.py:start -->", "<!-- bench/production.py:end -->"
LOOKUP = "/tra-cuu/co-so-kcb?" + urllib.parse.urlencode({"q": "bệnh viện"})
PAGES = [
    ("card page", "/ca-nhan/the-bhyt", True),
    ("participation BHXH", "/ca-nhan/qua-trinh-tham-gia/bhxh", True),
    ("look-up search", LOOKUP, False),
]
ARGON2_SETS = [  # (label, time_cost, memory KiB, parallelism)
    ("OWASP minimum (t=2, 19 MiB, p=1)", 2, 19 * 1024, 1),
    ("RFC 9106 low memory (t=3, 64 MiB, p=4), production", 3, 64 * 1024, 4),
    ("t=4, 64 MiB, p=4", 4, 64 * 1024, 4),
    ("t=3, 128 MiB, p=4", 3, 128 * 1024, 4),
    ("RFC 9106 first choice (t=1, 2 GiB, p=4)", 1, 2 * 1024 * 1024, 4),
]


def load() -> str:
    return "/".join(f"{v:.1f}" for v in os.getloadavg())


# --- 1. login cost ----------------------------------------------------------------------


def argon2_figures(rounds: int) -> list[dict]:
    from argon2 import PasswordHasher

    cores = os.cpu_count() or 1
    rows = []
    for label, t, m, p in ARGON2_SETS:
        hasher = PasswordHasher(time_cost=t, memory_cost=m, parallelism=p)
        digest = hasher.hash("mot mat khau dai dai")
        times = []
        for _ in range(rounds):
            begin = time.perf_counter()
            hasher.verify(digest, "mot mat khau dai dai")
            times.append(time.perf_counter() - begin)
        done = [0] * cores
        stop_at = time.perf_counter() + max(3.0, 4 * statistics.median(times))

        def work(slot: int) -> None:
            while time.perf_counter() < stop_at:
                hasher.verify(digest, "mot mat khau dai dai")
                done[slot] += 1

        threads = [threading.Thread(target=work, args=(i,)) for i in range(cores)]
        begin = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        per_second = sum(done) / (time.perf_counter() - begin)
        rows.append({"label": label, "ms": statistics.median(times) * 1000, "per_second": per_second,
                     "per_core": per_second / cores})
        print(f"  {label:55s} {rows[-1]['ms']:7.1f} ms/verify  {per_second:6.1f} logins/s  "
              f"{rows[-1]['per_core']:6.1f} /s/core", flush=True)
    return rows


# --- 2. seeding ---------------------------------------------------------------------------


def flask(url: str, *args: str) -> tuple[str, float, float]:
    """Run `flask --app app ARGS` on the database; (output, seconds, peak RSS MiB).

    GNU time reports the peak: a child forked from this process would inherit this process's
    high-water mark (argon2 above allocates gigabytes), so the figure would be wrong.
    """
    env = {**os.environ, "VSSID_ENV": "development", "VSSID_DATABASE_URL": url}
    env.pop("FLASK_RUN_FROM_CLI", None)
    with tempfile.NamedTemporaryFile("r") as usage:
        begin = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", usage.name,
                               str(ROOT / ".venv" / "bin" / "flask"), "--app", "app", *args],
                              cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - begin
        peak_kib = int(usage.read().split()[-1])
    if done.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout, seconds, peak_kib / 1024


def seed(cluster: Cluster, people: int) -> dict:
    url = cluster.create_database(f"vssid_{people}")
    flask(url, "db", "upgrade")
    output, seconds, peak = flask(url, "seed-demo", "--people", str(people))
    worker = re.search(r"mã số BHXH (\d{10})", output)
    assert worker, output
    # What an operator does after a bulk load (and autovacuum would do in the first minutes of
    # the run, competing with it): statistics for the planner, and the visibility map and hint
    # bits set once rather than by the first requests. A run without it measured the
    # participation page at 1,000,000 people at half the 1,000-person figure, though its
    # statements take the same 0.2-0.6 ms on both (docs/PERFORMANCE.md).
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
        size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        rows = conn.execute(text("SELECT sum(n_live_tup) FROM pg_stat_user_tables")).scalar_one()
    engine.dispose()
    print(f"  {people:>9,} people: seed-demo {seconds:7.1f} s, peak RSS {peak:5.0f} MiB, database "
          f"{size / 2**20:,.0f} MiB, {rows:,} rows; load {load()}", flush=True)
    return {"people": people, "url": url, "seconds": seconds, "peak_mib": peak, "worker": worker.group(1),
            "db_mib": size / 2**20, "rows": int(rows)}


# --- 3. wrk ---------------------------------------------------------------------------------


def wrk(url: str, *, seconds: int, connections: int, cookie: str = "") -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(ROOT / "bench" / "wrk_report.lua"), url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    report["rps"] = report["requests"] / (report["duration_us"] / 1e6)
    return report


def median_run(reports: list[dict]) -> dict:
    """The run with the median throughput (the lower middle one of an even count)."""
    return sorted(reports, key=lambda r: r["rps"])[(len(reports) - 1) // 2]


def sign_in(node: Node, ma_so: str) -> str:
    browser = Browser()
    response = browser.post_form(node.url + "/dang-nhap", {"login_id": ma_so, "password": DEMO_PASSWORDS["worker"]},
                                 token_from=node.url + "/dang-nhap")
    assert response.status == 303 and response.location == "/", (response.status, response.text[:300])
    return "; ".join(f"{c.name}={c.value}" for c in browser.jar)


def check_page(node: Node, path: str, cookie: str) -> None:
    """The page answers 200 for this cookie (wrk would happily time redirects to the login)."""
    request = urllib.request.Request(node.url + path, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200 and response.url == node.url + path, (path, response.status, response.url)


# --- 4. Lighthouse --------------------------------------------------------------------------


def lighthouse(url: str, cookie: str, workdir: Path) -> dict:
    report = workdir / "lighthouse.json"
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               "--only-categories=performance,accessibility", "--form-factor=mobile",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
               "--disable-component-update --disable-sync --no-first-run --disable-quic"]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                   timeout=180)
    data = json.loads(report.read_text())
    audits = data["audits"]
    return {
        "performance": round(data["categories"]["performance"]["score"] * 100),
        "accessibility": round(data["categories"]["accessibility"]["score"] * 100),
        "bytes": audits["total-byte-weight"]["numericValue"],
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "final_url": data.get("finalDisplayedUrl") or data.get("finalUrl"),
    }


# --- the run ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 1_000_000])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3, help="wrk runs per page and size; the median is reported")
    parser.add_argument("--argon2-rounds", type=int, default=7)
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/PERFORMANCE.md alone")
    parser.add_argument("--render-only", action="store_true",
                        help="measure nothing: rewrite docs/PERFORMANCE.md from bench/out/production.json")
    args = parser.parse_args()
    if args.render_only:
        write_doc(render(json.loads((ROOT / "bench" / "out" / "production.json").read_text())))
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench` installs it (apt-get install wrk)")
    cores = os.cpu_count() or 1
    started = dt.datetime.now(dt.timezone.utc)
    header = (f"{started:%Y-%m-%d %H:%M} UTC, {platform.machine()}, {cores} CPUs, "
              f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM, Python "
              f"{platform.python_version()}, PostgreSQL 15 (fsync off), gunicorn {cores * 2} workers × 4 threads")
    print(f"production benchmark, {header}; load average {load()}", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="vssid-bench-prod-", dir="/tmp"))
    results: dict = {"header": header, "load_before": load(), "sizes": args.sizes, "duration": args.duration,
                     "connections": args.connections, "repeat": args.repeat}

    print("\n1. argon2id: verification time and logins per second per core", flush=True)
    results["argon2"] = argon2_figures(args.argon2_rounds)

    cluster = Cluster()
    nodes: list[Node] = []
    try:
        print("\n2. flask seed-demo", flush=True)
        registries = [seed(cluster, people) for people in args.sizes]
        results["seed"] = [{k: r[k] for k in ("people", "seconds", "peak_mib", "db_mib", "rows")} for r in registries]

        print("\n3. wrk on gunicorn nodes", flush=True)
        common = {"VSSID_WORKERS": str(cores * 2), "VSSID_THREADS": "4", "VSSID_DEMO": "0", "VSSID_DEV_OUTBOX": "0",
                  "VSSID_SECRET_KEY": "bench-" + "x" * 40, "VSSID_SESSION_IDLE_MINUTES": "600"}
        hello = Node("hello", workdir, target="bench.hello:app", **common)
        nodes.append(hello)
        apps = []
        for registry in registries:
            node = Node(f"app-{registry['people']}", workdir, VSSID_DATABASE_URL=registry["url"], **common)
            nodes.append(node)
            cookie = sign_in(node, registry["worker"])
            for _, path, _ in PAGES:
                check_page(node, path, cookie)
            apps.append((registry["people"], node, cookie))
        warm = max(2, args.duration // 5)
        for people, node, cookie in apps:  # warm-up: pools, templates, PostgreSQL caches
            for _, path, personal in PAGES:
                wrk(node.url + path, seconds=warm, connections=args.connections, cookie=cookie if personal else "")
        runs = {"hello": [wrk(hello.url + "/", seconds=args.duration, connections=args.connections)]}
        print(f"  hello-world        {runs['hello'][0]['rps']:8.0f} req/s  p50 {runs['hello'][0]['p50'] / 1000:6.1f} ms"
              f"  (load {load()})", flush=True)
        # Sizes alternate within each page and the order flips each repetition, so a machine
        # getting busier during the run (shared cores) weighs on both sizes alike; the median
        # run (by throughput) of each page and size is reported.
        for repetition in range(args.repeat):
            order = apps if repetition % 2 == 0 else apps[::-1]
            for label, path, personal in PAGES:
                for people, node, cookie in order:
                    report = wrk(node.url + path, seconds=args.duration, connections=args.connections,
                                 cookie=cookie if personal else "")
                    runs.setdefault((label, people), []).append(report)
                    print(f"  {label:18s} {people:>9,} {report['rps']:8.0f} req/s  p50 {report['p50'] / 1000:6.1f}  p95 "
                          f"{report['p95'] / 1000:6.1f}  p99 {report['p99'] / 1000:6.1f} ms  non-2xx "
                          f"{report['non_2xx_3xx']}  (load {load()})", flush=True)
        runs["hello"].append(wrk(hello.url + "/", seconds=args.duration, connections=args.connections))
        print(f"  hello-world again  {runs['hello'][1]['rps']:8.0f} req/s  (load {load()})", flush=True)
        results["wrk"] = {"hello": runs["hello"], "pages": [
            {"label": label, "people": people, **median_run(runs[(label, people)]),
             "rps_runs": [r["rps"] for r in runs[(label, people)]]}
            for label, _, _ in PAGES for people, _, _ in apps
        ]}

        if not args.no_lighthouse and LIGHTHOUSE.exists():
            print("\n4. Lighthouse (mobile), smallest registry", flush=True)
            people, node, cookie = apps[0]
            results["lighthouse"] = []
            for label, path, personal in [("home", "/", False), ("card", "/ca-nhan/the-bhyt", True),
                                          ("look-up search", LOOKUP, False), ("login", "/dang-nhap", False)]:
                figures = lighthouse(node.url + path, cookie if personal else "", workdir)
                results["lighthouse"].append({"label": label, **figures})
                print(f"  {label:16s} performance {figures['performance']:3d}  accessibility "
                      f"{figures['accessibility']:3d}  {figures['bytes'] / 1024:6.1f} KiB  LCP "
                      f"{figures['lcp_ms']:6.0f} ms", flush=True)
        results["load_after"] = load()
    finally:
        for node in nodes:
            node.stop()
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "production.json").write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    table = render(results)
    print("\n" + table)
    if not args.no_write:
        write_doc(table)


def write_doc(table: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    DOC.write_text(before + START + "\n" + table + "\n" + END + after, encoding="utf-8")
    print(f"(written to {DOC.relative_to(ROOT)})")


def render(results: dict) -> str:
    hello = statistics.mean(r["rps"] for r in results["wrk"]["hello"])
    smallest = results["sizes"][0]
    lines = [
        f"Run: {results['header']}. Load average (1/5/15 min) {results['load_before']} before, "
        f"{results.get('load_after', '?')} after. wrk: 2 threads, {results['connections']} connections, "
        f"{results['duration']} s a run, on the same machine; each page and size run "
        f"{results.get('repeat', 1)} times, sizes alternating, the median run shown.",
        "",
        "**Throughput and latency under wrk** (page/hello: the page's requests per second over the "
        f"hello-world's mean of {hello:,.0f}/s, measured before ({results['wrk']['hello'][0]['rps']:,.0f}/s) "
        f"and after ({results['wrk']['hello'][1]['rps']:,.0f}/s) the pages; large/small: throughput and p50 "
        "latency on the largest registry over the smallest)",
        "",
        "| page | people | req/s | p50 ms | p95 ms | p99 ms | page/hello | large/small req/s | large/small p50 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    hello_p = results["wrk"]["hello"][0]
    lines.append(f"| Flask hello-world | — | {hello:,.0f} | {hello_p['p50'] / 1000:.1f} | {hello_p['p95'] / 1000:.1f} "
                 f"| {hello_p['p99'] / 1000:.1f} | 1 | — | — |")
    pages = results["wrk"]["pages"]
    for row in pages:
        base = next(r for r in pages if r["label"] == row["label"] and r["people"] == smallest)
        scale = f"×{row['p50'] / base['p50']:.2f}" if row["people"] != smallest else "—"
        rate = f"×{row['rps'] / base['rps']:.2f}" if row["people"] != smallest else "—"
        lines.append(f"| {row['label']} | {row['people']:,} | {row['rps']:,.0f} | {row['p50'] / 1000:.1f} | "
                     f"{row['p95'] / 1000:.1f} | {row['p99'] / 1000:.1f} | {row['rps'] / hello:.3f} | {rate} | {scale} |")
    lines += ["", "**`flask seed-demo --people N`** (PostgreSQL, one transaction, demo logins included)", "",
              "| people | wall clock | people/s | peak RSS | rows | database size |", "|---:|---:|---:|---:|---:|---:|"]
    for row in results["seed"]:
        lines.append(f"| {row['people']:,} | {row['seconds']:.1f} s | {row['people'] / row['seconds']:,.0f} | "
                     f"{row['peak_mib']:.0f} MiB | {int(row['rows']):,} | {float(row['db_mib']):,.0f} MiB |")
    lines += ["", "**Login cost: argon2id verification**", "",
              "| parameters | ms per verification | logins/s (all cores) | logins/s per core |", "|---|---:|---:|---:|"]
    for row in results["argon2"]:
        lines.append(f"| {row['label']} | {row['ms']:.1f} | {row['per_second']:.1f} | {row['per_core']:.1f} |")
    if results.get("lighthouse"):
        lines += ["", f"**Lighthouse 12, mobile** (simulated slow 4G and 4× CPU slowdown; {smallest:,}-person "
                      "registry; bytes as served by gunicorn, uncompressed: the reverse proxy's gzip is not in the path)", "",
                  "| page | performance | accessibility | transferred | LCP |", "|---|---:|---:|---:|---:|"]
        for row in results["lighthouse"]:
            lines.append(f"| {row['label']} | {row['performance']} | {row['accessibility']} | "
                         f"{row['bytes'] / 1024:.1f} KiB | {row['lcp_ms'] / 1000:.1f} s |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
