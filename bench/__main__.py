"""`make bench`: run every benchmark in bench/ one after another and print their figures."""
from __future__ import annotations

import runpy
import sys
from pathlib import Path

# Each script is run as a program with a size that finishes in minutes on a 2-core machine;
# run a script directly for other sizes (see its --help).
SCRIPTS = [
    ("card_page.py", []),
    ("records_pages.py", []),
    ("lookups_search.py", []),
    ("seed_demo.py", ["100000"]),
]


def main() -> None:
    here = Path(__file__).resolve().parent
    for name, args in SCRIPTS:
        print(f"\n=== bench/{name} {' '.join(args)} ===", flush=True)
        sys.argv = [str(here / name), *args]
        try:
            runpy.run_path(str(here / name), run_name="__main__")
        except SystemExit as stop:
            if stop.code not in (None, 0):
                print(f"bench/{name} exited with {stop.code}")


if __name__ == "__main__":
    main()
