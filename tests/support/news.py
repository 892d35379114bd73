"""News factories and a loopback feed server (files from tests/fixtures/feeds)."""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import itertools
import threading
import time
from pathlib import Path

from sqlalchemy.orm import Session

from vssid.core.db import utcnow
from vssid.news.models import KIND_ARTICLE, KIND_VIDEO, STATUS_PUBLISHED, NewsItem
from vssid.news.services import slugify

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
_seq = itertools.count(1)


def make_item(session: Session, *, title: str | None = None, kind: str = KIND_ARTICLE, ago: dt.timedelta | None = None,
              status: str = STATUS_PUBLISHED, **overrides) -> NewsItem:
    """A published item (by default), `ago` before now; flushed."""
    n = next(_seq)
    title = title or f"Tin BHXH số {n}"
    now = utcnow()
    when = now - (ago if ago is not None else dt.timedelta(hours=n))
    values = dict(kind=kind, status=status, origin="editor", title=title, slug=slugify(title),
                  summary=f"Tóm tắt của {title}.", body_html=f"<p>Nội dung của {title}.</p>",
                  publish_at=when if status != "draft" else None, created_at=when, updated_at=when,
                  updated_by="test")
    if kind == KIND_VIDEO:
        values["video_url"] = "https://www.youtube.com/watch?v=vssidTest01"
    values.update(overrides)
    item = NewsItem(**values)
    session.add(item)
    session.flush()
    return item


class _FeedHandler(http.server.SimpleHTTPRequestHandler):
    """Files from the fixtures folder, plus /cham (answers too late) and /lon (too big)."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".rss": "application/rss+xml", ".atom": "application/atom+xml"}
    requests_seen: list[str]

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.requests_seen.append(self.path)
        if self.path == "/cham":
            time.sleep(2.5)
        if self.path == "/lon":
            body = b"<?xml version='1.0'?><rss version='2.0'><channel>" + b"<!-- padding -->" * 20000
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()  # no Content-Length: the reader must stop by itself
            with contextlib.suppress(OSError):
                self.wfile.write(body)
            return
        if self.path == "/chuyen-huong":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args) -> None:  # quiet test output
        pass


@contextlib.contextmanager
def feed_server():
    """http://127.0.0.1:PORT serving tests/fixtures/feeds; yields (base_url, requests_seen)."""
    handler = functools.partial(_FeedHandler, directory=str(FEEDS))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.requests_seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", server.requests_seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
