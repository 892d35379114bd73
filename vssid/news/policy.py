"""The news pages' Content-Security-Policy: the site's default with two narrow additions.

- img-src (and media-src on video pages) also allows https://HOST for each host in
  VSSID_NEWS_IMAGE_HOSTS, so the portal's photos and video files can be shown in place;
- frame-src https://www.youtube-nocookie.com on the video pages only, for the player
  that news.js inserts when someone taps play. Everywhere else there is no frame-src,
  so frames fall back to default-src 'self'.
"""
from __future__ import annotations

from vssid.news.media import YOUTUBE_EMBED_ORIGIN


def _directives(policy: str) -> list[list[str]]:
    return [part.split() for part in policy.split(";") if part.strip()]


def news_policy(base: str, *, image_hosts: tuple[str, ...], video: bool) -> str:
    """``base`` with the news additions; equal to ``base`` when there is nothing to add."""
    extra_sources = [f"https://{host}" for host in image_hosts]
    directives = _directives(base)
    names = [d[0] for d in directives]

    def extend(name: str, sources: list[str]) -> None:
        if not sources:
            return
        if name in names:
            directive = directives[names.index(name)]
            directive.extend(s for s in sources if s not in directive)
        else:  # not set: it inherits default-src, so start from that
            default = directives[names.index("default-src")][1:] if "default-src" in names else []
            directives.append([name, *[s for s in default if s != "'none'"], *sources])
            names.append(name)

    extend("img-src", extra_sources)
    if video:
        extend("media-src", extra_sources)
        extend("frame-src", [YOUTUBE_EMBED_ORIGIN])
    return "; ".join(" ".join(d) for d in directives)
