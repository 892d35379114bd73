"""`make bench`: run the benchmarks in bench/ one after another and print their figures.

    make bench                          # all of them, production.py first
    make bench BENCH="production"       # only some (names without .py)

production.py writes its tables into docs/PERFORMANCE.md; the others print figures that
are kept by hand in bench/RESULTS.md.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Each script is run as a program with a size that finishes in minutes on a 2-core machine;
# run a script directly for other sizes (see its --help).
SCRIPTS = [
    ("production.py", []),
    ("card_page.py", []),
    ("records_pages.py", []),
    ("lookups_search.py", []),
    ("seed_demo.py", ["100000"]),
    ("notifications_scan.py", ["40000"]),
]


def main() -> None:
    here = Path(__file__).resolve().parent
    chosen = set((os.environ.get("BENCH") or "").split())
    for name, args in SCRIPTS:
        if chosen and name.removesuffix(".py") not in chosen:
            continue
        print(f"\n=== bench/{name} {' '.join(args)} ===", flush=True)
        # A process of its own: peak memory figures (seed_demo.py reads its own high-water
        # mark) must not include what an earlier script allocated (argon2 at 2 GiB).
        done = subprocess.run([sys.executable, str(here / name), *args], cwd=here.parent)
        if done.returncode != 0:
            print(f"bench/{name} exited with {done.returncode}")


if __name__ == "__main__":
    main()
