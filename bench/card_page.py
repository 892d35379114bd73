"""Bytes a phone downloads the first time it opens the health-card page; Lighthouse figures.

    .venv/bin/python bench/card_page.py                # bytes only
    .venv/bin/python bench/card_page.py --lighthouse   # also Lighthouse mobile (needs `npm install lighthouse@12`
                                                       #   in /tmp/lh or on PATH; see TESTING.md)

A fresh Chromium profile (nothing cached) signs in through the API, then opens
/ca-nhan/the-bhyt of a mother with a child (two tabs, one card and its QR shown). Every
response the page loads is recorded through the DevTools protocol (encodedDataLength:
bytes on the wire from this development server, which does not compress) and its body
is gzipped here (level 6, text types only; PNG is already compressed) to give the figure a
production server with gzip would send. The budget is 60 KB compressed, htmx included,
for the page and what it loads before the "load" event. Reported apart: what happens
after "load" in the background (the offline copy of the card, and the service worker's
precache of shell files the page did not already load). Figures only; nothing fails.
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from tests.conftest import CHROMIUM_ARGS  # noqa: E402
from tests.support.card import make_family  # noqa: E402
from tests.support.factories import PASSWORD  # noqa: E402
from tests.support.migrate import migrate_to_head  # noqa: E402
from vssid import create_app  # noqa: E402

BUDGET = 60 * 1024
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/manifest+json", "image/svg+xml")
CARD_PATH = "/ca-nhan/the-bhyt"


def compressed_size(body: bytes, content_type: str) -> int:
    if content_type.startswith(TEXT_TYPES):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def serve(app):
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request in the figures
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://localhost:{server.server_port}"


def login_cookie(context, base: str, ma_so: str) -> None:
    form = context.request.get(base + "/dang-nhap").text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = context.request.post(base + "/dang-nhap", form={"login_id": ma_so, "password": PASSWORD,
                                                                "csrf_token": token}, max_redirects=0)
    assert response.status in (302, 303) and response.headers["location"].endswith("/"), response.headers


def measure(base: str, ma_so: str) -> dict:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
        login_cookie(context, base, ma_so)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        requests: dict[str, dict] = {}
        loaded_at: list[float] = []
        cdp.on("Network.responseReceived", lambda e: requests.setdefault(e["requestId"], {}).update(
            url=e["response"]["url"], mime=e["response"].get("mimeType", ""), status=e["response"]["status"]))
        cdp.on("Network.loadingFinished", lambda e: requests.setdefault(e["requestId"], {}).update(
            wire=e["encodedDataLength"], finished=time.monotonic()))
        bodies: dict[str, bytes] = {}
        page.on("response", lambda r: bodies.__setitem__(r.url, r.body()) if r.ok else None)
        page.on("load", lambda: loaded_at.append(time.monotonic()))
        page.goto(base + CARD_PATH, wait_until="load")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not page.evaluate(
                "caches.open('vssid-card-v1').then(c => c.match('/ca-nhan/the-bhyt')).then(r => !!r)"):
            page.wait_for_timeout(100)
        page.wait_for_load_state("networkidle")
        qr_read = read_qr(page)
        precache = json.loads(re.search(r"var PRECACHE = (\[.*?\]);",
                                        context.request.get(base + "/sw.js").text()).group(1))
        for item in requests.values():  # bodies the page's script read itself (the offline copy)
            if item.get("wire") and not bodies.get(item.get("url", "")) and item.get("status") == 200:
                bodies[item["url"]] = context.request.get(item["url"]).body()
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
        browser.close()
    load_time = loaded_at[0] if loaded_at else float("inf")
    rows = []
    for item in requests.values():
        if "url" not in item or "wire" not in item:
            continue
        body = bodies.get(item["url"], b"")
        rows.append({
            "url": item["url"].replace(base, ""), "mime": item["mime"], "wire": item["wire"],
            "gzip": compressed_size(body, item["mime"]), "raw": len(body),
            "phase": "page" if item["finished"] <= load_time else "after load",
        })
    fetched = {row["url"] for row in rows}
    for url in precache:  # what the worker adds beyond what the page already has in its cache
        if url in fetched:
            continue
        with urllib.request.urlopen(base + url) as response:
            body, mime = response.read(), response.headers.get_content_type()
        rows.append({"url": url, "mime": mime, "wire": len(body), "gzip": compressed_size(body, mime),
                     "raw": len(body), "phase": "sw precache"})
    return {"rows": rows, "cookie": cookie, "qr_read": qr_read}


def read_qr(page) -> str:
    """Can a scanner read the QR off a 390 x 844 screen at 1 device pixel per CSS pixel?
    (zbarimg, from Debian's zbar-tools, if installed.)"""
    if not shutil.which("zbarimg"):
        return "not checked (apt-get install zbar-tools)"
    shown = page.evaluate("() => document.querySelector('.hcard-qr svg') !== null")
    with tempfile.TemporaryDirectory() as tmp:
        shot = Path(tmp) / "card.png"
        page.screenshot(path=str(shot))  # the first screen only, as the clerk sees it
        read = subprocess.run(["zbarimg", "-q", "--raw", str(shot)], capture_output=True, text=True).stdout.strip()
    return f"read back from the first screen: {read[:60]}…" if shown and read.endswith("$") else "NOT read"


def lighthouse(base: str, cookie: str) -> dict | None:
    local = Path("/tmp/lh/node_modules/.bin/lighthouse")
    command = [str(local)] if local.exists() else (["lighthouse"] if shutil.which("lighthouse") else None)
    if command is None:
        print("Lighthouse not installed (cd /tmp/lh && npm install lighthouse@12): skipped.")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [*command, base + CARD_PATH, "--quiet", "--output=json", f"--output-path={report}",
             "--only-categories=performance,accessibility", "--form-factor=mobile",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
             "--disable-component-update --disable-sync --no-first-run --disable-quic",
             f"--extra-headers={json.dumps({'Cookie': cookie})}"],
            check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, timeout=180,
        )
        data = json.loads(report.read_text())
    audits = data["audits"]
    return {
        "page": data.get("finalDisplayedUrl", data.get("finalUrl", "")).replace(base, ""),
        "performance": round(data["categories"]["performance"]["score"] * 100),
        "accessibility": round(data["categories"]["accessibility"]["score"] * 100),
        "FCP": audits["first-contentful-paint"]["displayValue"],
        "LCP": audits["largest-contentful-paint"]["displayValue"],
        "TBT": audits["total-blocking-time"]["displayValue"],
        "CLS": audits["cumulative-layout-shift"]["displayValue"],
        "failed accessibility audits": [
            ref["id"] for ref in data["categories"]["accessibility"]["auditRefs"]
            if audits[ref["id"]].get("score") is not None and audits[ref["id"]]["score"] < 1
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse (mobile)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate_to_head(url)
        app = create_app({"VSSID_DATABASE_URL": url, "VSSID_STARTUP_CHECK": False, "SECRET_KEY": "bench-" * 8,
                          "VSSID_DEMO": False, "VSSID_DEV_OUTBOX": False, "RATELIMIT_ENABLED": False})
        with Session(app.extensions["vssid.db"][0], expire_on_commit=False) as session:
            family = make_family(session)
        server, base = serve(app)
        try:
            result = measure(base, family.parent.ma_so)
            rows = sorted(result["rows"], key=lambda r: ({"page": 0, "after load": 1}.get(r["phase"], 2), r["url"]))
            print(f"{'phase':<12} {'gzip B':>8} {'wire B':>8}  url")
            for row in rows:
                print(f"{row['phase']:<12} {row['gzip']:>8} {row['wire']:>8}  {row['url'][:90]}")
            for phase in ("page", "after load", "sw precache"):
                total = sum(r["gzip"] for r in rows if r["phase"] == phase)
                wire = sum(r["wire"] for r in rows if r["phase"] == phase)
                print(f"total {phase:<12} {total / 1024:6.1f} KB compressed   {wire / 1024:6.1f} KB uncompressed")
            page_total = sum(r["gzip"] for r in rows if r["phase"] == "page")
            everything = sum(r["gzip"] for r in rows)
            print(f"first load of the card page: {page_total / 1024:.1f} KB compressed "
                  f"(budget {BUDGET // 1024} KB: {page_total / BUDGET:.0%} of it); "
                  f"with the background work: {everything / 1024:.1f} KB")
            print(f"QR: {result['qr_read']}")
            if args.lighthouse:  # the same device and session (a new device would need an OTP)
                figures = lighthouse(base, result["cookie"])
                if figures:
                    for key, value in figures.items():
                        print(f"lighthouse {key}: {value}")
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
