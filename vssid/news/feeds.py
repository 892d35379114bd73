"""Read the portal's RSS or Atom feeds (Flask-free): fetch with a timeout and a size cap,
parse with feedparser, and turn each entry into a FeedItem ready to store.

Nothing else is downloaded: feedparser is handed the bytes (it never fetches), and images
are kept as addresses, never fetched. A feed is taken whole or not at all: a malformed
document or an entry without a title or a usable link rejects the feed (FeedError, with a
Vietnamese message naming the problem), so the caller stores nothing from it.
"""
from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import feedparser

from vssid.news.media import is_https, is_web_link, parse_video
from vssid.news.sanitize import clean_html, plain_text

DEFAULT_TIMEOUT = 10.0  # seconds, per network operation
DEFAULT_MAX_BYTES = 2_000_000
MAX_ENTRIES = 500
TITLE_LIMIT = 300
SUMMARY_LIMIT = 400
BODY_LIMIT = 200_000
USER_AGENT = "VssID-web news import (+https://baohiemxahoi.gov.vn)"
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"


class FeedError(Exception):
    """The feed cannot be read or is not a usable RSS/Atom document; .message is Vietnamese."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class FeedItem:
    key: str  # sha256 of the guid, or of the link when there is none
    title: str
    link: str
    published: dt.datetime | None  # aware UTC
    summary: str  # plain text
    body_html: str  # sanitised
    thumbnail_url: str | None  # https only; shown only from VSSID_NEWS_IMAGE_HOSTS
    video_url: str | None  # set for YouTube links and video enclosures: the item is a video


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow at most a few redirects, and only to http(s) (urllib would also go to ftp)."""

    max_redirections = 5

    def http_error_302(self, req, fp, code, msg, headers):
        target = urljoin(req.full_url, headers.get("Location") or headers.get("URI") or "")
        if urlsplit(target).scheme not in ("http", "https"):
            raise FeedError(f"Nguồn tin chuyển hướng tới địa chỉ không được phép: {target}")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def fetch(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, dict]:
    """The feed's bytes and response headers. http(s) only; stops reading past max_bytes."""
    if not is_web_link(url):
        raise FeedError(f"Địa chỉ nguồn tin phải bắt đầu bằng http:// hoặc https:// ({url}).")
    opener = urllib.request.build_opener(_SafeRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FeedError(_too_big(max_bytes))
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise FeedError(_too_big(max_bytes))
            return data, {k.lower(): v for k, v in response.headers.items()}
    except FeedError:
        raise
    except urllib.error.HTTPError as exc:
        raise FeedError(f"Máy chủ nguồn tin trả lời lỗi {exc.code} cho {url}.") from None
    except (TimeoutError, OSError) as exc:  # URLError, socket.timeout, connection refused
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise FeedError(f"Quá thời gian chờ ({timeout:g} giây) khi tải nguồn tin {url}.") from None
        raise FeedError(f"Không kết nối được tới nguồn tin {url}: {reason}.") from None


def _too_big(max_bytes: int) -> str:
    return f"Nguồn tin lớn hơn giới hạn {max_bytes:,} byte; không nhập.".replace(",", ".")


# Served with a wrong media type or charset, yet read as well-formed XML: accepted.
_BENIGN = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def parse(data: bytes, *, url: str, headers: dict | None = None) -> list[FeedItem]:
    """Every entry of an RSS or Atom document, or FeedError for the whole feed."""
    parsed = feedparser.parse(
        data, response_headers={"content-location": url, **(headers or {})}, resolve_relative_uris=True,
        sanitize_html=False,  # nh3 below is the one sanitiser
    )
    if parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), _BENIGN):
        problem = parsed.get("bozo_exception")
        line = getattr(problem, "getLineNumber", lambda: None)()
        where = f" (dòng {line})" if line else ""
        raise FeedError(f"Nguồn tin không đúng định dạng RSS/Atom{where}: {problem}. Không nhập mục nào.")
    if not parsed.get("version"):
        raise FeedError("Tệp tải về không phải nguồn tin RSS hay Atom. Không nhập mục nào.")
    entries = parsed.get("entries", [])
    if len(entries) > MAX_ENTRIES:
        raise FeedError(f"Nguồn tin có {len(entries)} mục, quá giới hạn {MAX_ENTRIES}. Không nhập mục nào.")
    items, keys = [], set()
    for number, entry in enumerate(entries, start=1):
        item = _item(entry, number)
        if item.key not in keys:  # a feed repeating an entry stores it once
            keys.add(item.key)
            items.append(item)
    return items


def _item(entry, number: int) -> FeedItem:
    title = plain_text(entry.get("title", ""), limit=TITLE_LIMIT)
    if not title:
        raise FeedError(f"Mục thứ {number} của nguồn tin không có tiêu đề. Không nhập mục nào.")
    link = (entry.get("link") or "").strip()
    if not is_web_link(link):
        raise FeedError(f"Mục thứ {number} (“{title[:60]}”) không có đường dẫn http(s) hợp lệ. Không nhập mục nào.")
    guid = (entry.get("id") or "").strip() or link
    content = entry.get("content") or []
    body = content[0].get("value", "") if content else entry.get("summary", "")
    if len(body) > BODY_LIMIT:
        raise FeedError(f"Mục thứ {number} (“{title[:60]}”) dài quá {BODY_LIMIT:,} ký tự. Không nhập mục nào."
                        .replace(",", "."))
    summary = plain_text(entry.get("summary", "") or body, limit=SUMMARY_LIMIT)
    return FeedItem(
        key=hashlib.sha256(guid.encode("utf-8")).hexdigest(),
        title=title,
        link=link,
        published=_when(entry),
        summary=summary,
        body_html=clean_html(body),
        thumbnail_url=_thumbnail(entry),
        video_url=_video(entry, link),
    )


def _when(entry) -> dt.datetime | None:
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if not moment:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(moment), tz=dt.timezone.utc)


def _thumbnail(entry) -> str | None:
    candidates = [t.get("url", "") for t in entry.get("media_thumbnail", []) or []]
    candidates += [m.get("url", "") for m in entry.get("media_content", []) or []
                   if (m.get("medium") == "image" or (m.get("type") or "").startswith("image/"))]
    candidates += [e.get("href", "") for e in entry.get("enclosures", []) or []
                   if (e.get("type") or "").startswith("image/")]
    for url in candidates:
        url = url.strip()
        if is_https(url) and len(url) <= 1000:
            return url
    return None


def _video(entry, link: str) -> str | None:
    candidates = [link] + [e.get("href", "") for e in entry.get("enclosures", []) or []
                           if (e.get("type") or "").startswith("video/")]
    for url in candidates:
        url = url.strip()
        video = parse_video(url)
        if video and len(url) <= 1000 and (video.youtube_id or is_https(url)):
            return url
    return None


def read(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES) -> list[FeedItem]:
    data, headers = fetch(url, timeout=timeout, max_bytes=max_bytes)
    return parse(data, url=url, headers=headers)
