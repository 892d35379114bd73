"""Render the PWA icons from icon.svg with headless Chromium.

    python static/icons/make_icons.py            # writes the PNGs next to this file
    CHROMIUM=/path/to/chrome python static/icons/make_icons.py

icon.svg is the source of truth: a white shield with a blue "V" on a rounded
VSS-blue square. Three renderings are derived from it:

* "any"      the SVG as drawn (transparent rounded corners): icon-192, icon-512, favicon-32
* maskable   full-bleed blue square, mark scaled into the central 80 % safe zone
             (a circle of radius 0.4 x size), for Android adaptive icons
* apple      full-bleed square (iOS fills transparency with black and rounds the
             corners itself), mark slightly reduced

Standard library only; needs a Chromium or Chrome binary.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "icon.svg"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--default-background-color=00000000",
]
# (file name, pixel size, variant)
OUTPUTS = [
    ("icon-192.png", 192, "any"),
    ("icon-512.png", 512, "any"),
    ("favicon-32.png", 32, "any"),
    ("icon-maskable-512.png", 512, "maskable"),
    ("apple-touch-icon-180.png", 180, "apple"),
]
# Scale of the mark about the centre: the shield's farthest point from the
# centre is ~206 px of 512, so 0.78 keeps it within the 204.8 px safe circle
# with room to spare.
SCALES = {"any": None, "maskable": 0.78, "apple": 0.86}


def variant(svg: str, kind: str) -> str:
    scale = SCALES[kind]
    if scale is None:
        return svg
    svg = re.sub(r'\srx="\d+"', "", svg, count=1)  # full-bleed square
    shift = 256 * (1 - scale)
    return svg.replace(
        '<g id="mark">',
        f'<g id="mark" transform="translate({shift:g} {shift:g}) scale({scale:g})">',
        1,
    )


def chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    sys.exit("make_icons: no Chromium found; set CHROMIUM=/path/to/chromium")


def render(browser: str, svg: str, size: int, out: Path, tmp: Path) -> None:
    (tmp / "icon.svg").write_text(svg, encoding="utf-8")
    page = tmp / "page.html"
    page.write_text(
        "<!doctype html><html><head><style>html,body{margin:0;background:transparent}"
        f"img{{display:block;width:{size}px;height:{size}px}}</style></head>"
        '<body><img src="icon.svg" alt=""></body></html>',
        encoding="utf-8",
    )
    subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={tmp / 'profile'}",
         f"--window-size={size},{size}", f"--screenshot={out}", page.as_uri()],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120,
    )
    head = out.read_bytes()[:24]
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if (width, height) != (size, size):
        sys.exit(f"make_icons: {out.name} came out {width}x{height}, expected {size}x{size}")


def main() -> None:
    browser = chromium()
    svg = SOURCE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        for filename, size, kind in OUTPUTS:
            render(browser, variant(svg, kind), size, HERE / filename, tmp)
            print(f"wrote {filename} ({size}x{size}, {kind})")


if __name__ == "__main__":
    main()
