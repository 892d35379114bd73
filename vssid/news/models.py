"""News articles and videos, written by editors or imported from the portal's feeds."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vssid.core.db import Base, UtcDateTime, intpk, utcnow

KIND_ARTICLE = "article"
KIND_VIDEO = "video"
KINDS = (KIND_ARTICLE, KIND_VIDEO)

STATUS_DRAFT = "draft"
STATUS_PUBLISHED = "published"  # shown once publish_at has passed (a future time = scheduled)
STATUS_WITHDRAWN = "withdrawn"  # unpublished by an editor; kept, may be published again
STATUSES = (STATUS_DRAFT, STATUS_PUBLISHED, STATUS_WITHDRAWN)

ORIGIN_EDITOR = "editor"
ORIGIN_IMPORT = "import"
ORIGIN_DEMO = "demo"
ORIGINS = (ORIGIN_EDITOR, ORIGIN_IMPORT, ORIGIN_DEMO)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class NewsItem(Base):
    """One article or video. ``body_html`` is stored sanitised (vssid.news.sanitize) and is
    sanitised again when shown, with the image hosts allowed at that moment."""

    __tablename__ = "news_item"

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12), default=STATUS_DRAFT)
    origin: Mapped[str] = mapped_column(String(10), default=ORIGIN_EDITOR)
    title: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    # https:// or a same-site path (/static/...). Remote ones are shown only from the hosts
    # in VSSID_NEWS_IMAGE_HOSTS, which the news pages' CSP allows (img-src).
    thumbnail_url: Mapped[str | None] = mapped_column(String(1000))
    video_url: Mapped[str | None] = mapped_column(String(1000))  # YouTube link or video file
    source_url: Mapped[str | None] = mapped_column(String(1000))  # the original on the portal
    # sha256 of the feed item's guid (or of its link when it has none): one row per item.
    feed_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    publish_at: Mapped[UtcDateTime | None]
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    updated_at: Mapped[UtcDateTime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(60), default="")
    # Optimistic lock: an editor saving a stale form gets a conflict, not a silent overwrite.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(_in("origin", ORIGINS), name="origin"),
        CheckConstraint("status = 'draft' OR publish_at IS NOT NULL", name="published_has_time"),
        # The public lists: WHERE kind = ? AND status = 'published' AND publish_at <= now ORDER BY publish_at DESC.
        Index("ix_news_item_listing", "kind", "status", "publish_at"),
    )

    @property
    def is_video(self) -> bool:
        return self.kind == KIND_VIDEO

    def visible_at(self, now: dt.datetime) -> bool:
        return self.status == STATUS_PUBLISHED and self.publish_at is not None and self.publish_at <= now

    def state(self, now: dt.datetime) -> str:
        """draft | scheduled | published | withdrawn, as editors see it."""
        if self.status == STATUS_PUBLISHED and self.publish_at is not None and self.publish_at > now:
            return "scheduled"
        return self.status
