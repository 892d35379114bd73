"""Pure rules about the addresses a news item carries: images, videos, source links."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

# A YouTube video id: 11 characters of the URL-safe base64 alphabet.
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"}
_VIDEO_FILE = re.compile(r"\.(mp4|webm|ogv|m4v)$", re.IGNORECASE)
_HOST = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")

YOUTUBE_EMBED_ORIGIN = "https://www.youtube-nocookie.com"


@dataclass(frozen=True)
class Video:
    """How to play a video: a YouTube id (embedded on request) or a file URL."""

    youtube_id: str | None = None
    file_url: str | None = None

    @property
    def watch_url(self) -> str:
        """Where the play button leads without JavaScript."""
        return f"https://www.youtube.com/watch?v={self.youtube_id}" if self.youtube_id else (self.file_url or "")

    @property
    def embed_url(self) -> str:
        return f"{YOUTUBE_EMBED_ORIGIN}/embed/{self.youtube_id}?autoplay=1&rel=0" if self.youtube_id else ""


def youtube_id(url: str) -> str | None:
    """The video id of a YouTube watch, share, shorts or embed link; None otherwise."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    candidate = None
    if host == "youtu.be":
        candidate = parts.path.lstrip("/").split("/")[0]
    elif host in _YOUTUBE_HOSTS:
        segments = [s for s in parts.path.split("/") if s]
        if segments[:1] == ["watch"]:
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
            candidate = segments[1]
    return candidate if candidate and _YOUTUBE_ID.fullmatch(candidate) else None


def is_same_site_path(url: str) -> bool:
    """A path on this site ("/static/…"), never a protocol-relative "//host/…"."""
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def is_https(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname)


def is_web_link(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def parse_video(url: str | None) -> Video | None:
    """A YouTube link or a video file (https, or on this site); None when neither."""
    if not url:
        return None
    found = youtube_id(url)
    if found:
        return Video(youtube_id=found)
    path = urlsplit(url).path if (is_https(url) or is_same_site_path(url)) else ""
    if path and _VIDEO_FILE.search(path):
        return Video(file_url=url)
    return None


def parse_hosts(raw: str | list | tuple | None) -> tuple[str, ...]:
    """VSSID_NEWS_IMAGE_HOSTS: host names separated by commas or spaces ("baohiemxahoi.gov.vn").

    Plain host names only (no scheme, port, path or wildcard): each becomes https://HOST in
    the news pages' img-src. Raises ValueError naming the bad entry.
    """
    if raw is None:
        return ()
    items = raw if isinstance(raw, (list, tuple)) else re.split(r"[\s,]+", raw)
    hosts = []
    for item in items:
        host = item.strip().lower()
        if not host:
            continue
        if not _HOST.fullmatch(host):
            raise ValueError(f"VSSID_NEWS_IMAGE_HOSTS: {item!r} is not a plain host name such as baohiemxahoi.gov.vn")
        if host not in hosts:
            hosts.append(host)
    return tuple(hosts)


def image_allowed(url: str | None, hosts: tuple[str, ...]) -> bool:
    """May the page show this image: a same-site path, or https from an allowed host."""
    if not url:
        return False
    if is_same_site_path(url):
        return True
    return is_https(url) and host_of(url) in hosts
