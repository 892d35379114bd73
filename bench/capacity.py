"""The national capacity model of docs/SCALING.md, computed from the last bench run.

    .venv/bin/python bench/capacity.py                 # reads bench/out/production.json
    .venv/bin/python bench/capacity.py --dau 3000000 --peak-factor 5

Every demand figure is an assumption (docs/SCALING.md, section 1) and a flag here; the
per-core capacity comes from the measured run (bench/production.py): requests per second of
the largest registry's pages divided by the machine's cores (pessimistic: wrk and
PostgreSQL shared those cores), and argon2id logins per second per core for production's
parameters.
"""
from __future__ import annotations

import argparse
import json
import math
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", default=str(ROOT / "bench" / "out" / "production.json"))
    parser.add_argument("--dau", type=float, default=2_000_000, help="daily active users on an ordinary day")
    parser.add_argument("--peak-factor", type=float, default=4, help="peak day over an ordinary day")
    parser.add_argument("--peak-hour-share", type=float, default=0.15)
    parser.add_argument("--requests-per-visit", type=float, default=8)
    parser.add_argument("--login-share", type=float, default=0.5, help="visits that verify a password")
    parser.add_argument("--burst", type=float, default=2, help="peak minute over the peak hour's mean")
    parser.add_argument("--cores-per-node", type=int, default=16)
    parser.add_argument("--utilisation", type=float, default=0.6)
    parser.add_argument("--machine-cores", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    results = json.loads(Path(args.results).read_text())

    largest = max(results["sizes"])
    pages = [row for row in results["wrk"]["pages"] if row["people"] == largest]
    # Equal thirds of card, participation and look-up requests: the time per request is the
    # mean of the three, so the mix's throughput is their harmonic mean.
    mix_rps = len(pages) / sum(1 / row["rps"] for row in pages)
    page_per_core = mix_rps / args.machine_cores
    production = next(row for row in results["argon2"] if "production" in row["label"])
    login_per_core = production["per_core"]

    users_peak_hour = args.dau * args.peak_factor * args.peak_hour_share
    page_rps = users_peak_hour * args.requests_per_visit / 3600 * args.burst
    login_rps = users_peak_hour * args.login_share / 3600 * args.burst
    page_cores = page_rps / page_per_core
    login_cores = login_rps / login_per_core
    nodes = math.ceil((page_cores + login_cores) / (args.cores_per_node * args.utilisation))

    print(f"measured ({results['header']}):")
    for row in pages:
        print(f"  {row['label']:20s} {row['rps']:8.1f} req/s on {args.machine_cores} cores ({largest:,} people)")
    print(f"  page mix (harmonic mean) {mix_rps:.1f} req/s -> {page_per_core:.1f} req/s per core")
    print(f"  argon2id production      {production['ms']:.0f} ms/verification -> {login_per_core:.1f} logins/s per core")
    print("peak:")
    print(f"  users in the peak hour   {users_peak_hour:,.0f}")
    print(f"  page requests/s          {page_rps:,.0f}  -> {page_cores:,.0f} cores")
    print(f"  password logins/s        {login_rps:,.0f}  -> {login_cores:,.0f} cores")
    print(f"  nodes of {args.cores_per_node} cores at {args.utilisation:.0%}: {nodes} (before N+2 per data centre)")


if __name__ == "__main__":
    main()
