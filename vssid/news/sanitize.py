"""The one HTML sanitiser for news bodies, imported or written by editors (nh3 = Ammonia).

Only a small set of text tags survives; no script, style, iframe, form or embedded
object (their content is dropped too); no event handler, style, class or id attribute.
Links keep http, https, mailto and tel targets and get rel="noopener noreferrer nofollow".
Images keep only https sources (from the hosts given, when given) or same-site paths; an
image whose source is refused is removed altogether, so nothing broken or remote is left.
"""
from __future__ import annotations

import html
import re

import nh3

from vssid.news.media import image_allowed, is_https, is_same_site_path

TAGS = frozenset({
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "mark", "abbr", "cite", "q",
    "blockquote", "code", "pre", "span", "h2", "h3", "h4", "ul", "ol", "li", "dl", "dt", "dd",
    "a", "img", "figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
})
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Removed with everything inside them (the rest of the unknown tags lose the tag, keep the text).
DROP_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "template",
    "svg", "math", "form", "select", "textarea", "button", "canvas", "audio", "video", "head", "title",
})
LINK_REL = "noopener noreferrer nofollow"
IMAGE_EXTRA = {"img": {"loading": "lazy", "decoding": "async", "referrerpolicy": "no-referrer"}}
MAX_INPUT = 500_000  # characters; a longer body is refused by the callers before this

# nh3's output is serialised canonically: attributes double-quoted, quotes inside escaped.
_IMG = re.compile(r'<img((?:\s+[a-z-]+="[^"]*")*)\s*/?>')
_SRC = re.compile(r'\ssrc="')
_BLANK = re.compile(r"\s+")
# Block boundaries become spaces in plain text ("…theo.</p><p>Mức" -> "…theo. Mức").
_BLOCK = re.compile(r"<(?=/?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|tr|td|th|caption|table|thead|tbody|"
                    r"blockquote|figure|figcaption|pre|section|article)\b)", re.IGNORECASE)


def clean_html(body: str, *, image_hosts: tuple[str, ...] | None = None) -> str:
    """Sanitised HTML. image_hosts: the https hosts images may come from; None = any https host
    (used when storing, so a host allowed later still shows its images)."""
    if not body:
        return ""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            value = value.strip()
            if image_hosts is None:
                return value if is_https(value) or is_same_site_path(value) else None
            return value if image_allowed(value, image_hosts) else None
        if attribute in ("width", "height"):
            return value if value.isdigit() and len(value) <= 4 else None
        return value

    cleaned = nh3.clean(
        body[:MAX_INPUT],
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        clean_content_tags=set(DROP_WITH_CONTENT),
        strip_comments=True,
        attribute_filter=keep,
        set_tag_attribute_values={tag: dict(values) for tag, values in IMAGE_EXTRA.items()},
    )
    return _IMG.sub(lambda m: m.group(0) if _SRC.search(m.group(1)) else "", cleaned)


def plain_text(fragment: str, *, limit: int | None = None) -> str:
    """The text of an HTML fragment (feed titles and summaries), whitespace collapsed."""
    if not fragment:
        return ""
    text = nh3.clean(_BLOCK.sub(" <", fragment[:MAX_INPUT]), tags=set(), clean_content_tags=set(DROP_WITH_CONTENT))
    text = _BLANK.sub(" ", html.unescape(text)).strip()
    if limit is not None and len(text) > limit:
        cut = text[: limit - 1]
        text = (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2:] else cut).rstrip(" ,.;:") + "…"
    return text


def repeats_start(summary: str, body: str) -> bool:
    """Is the summary just the first words of the body (then the article page skips it)?"""
    head = summary.rstrip("…").strip()
    return bool(head) and plain_text(body).startswith(head)


def has_text(fragment: str) -> bool:
    return bool(plain_text(fragment)) or "<img" in fragment
