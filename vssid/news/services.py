"""What the news area does: the public lists and pages, the feed import, the editor's
writes. Flask-free: every function takes a SQLAlchemy Session and keyword-only arguments."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterable

from sqlalchemy import and_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from vssid.accounts import audit
from vssid.staff import audit_log as staff_audit
from vssid.core.dates import VN_TZ
from vssid.core.errors import Conflict, NotFound
from vssid.core.text import fold
from vssid.news.feeds import FeedItem
from vssid.news.media import is_https, is_same_site_path, is_web_link, parse_video
from vssid.news.models import (
    KIND_ARTICLE, KIND_VIDEO, KINDS, ORIGIN_EDITOR, ORIGIN_IMPORT, STATUS_DRAFT, STATUS_PUBLISHED,
    STATUS_WITHDRAWN, NewsItem,
)
from vssid.news.sanitize import clean_html, has_text, plain_text

PER_PAGE = 10
MAX_PAGE = 500
SLUG_LIMIT = 80


# --- Reading -----------------------------------------------------------------------------


def _visible(now: dt.datetime):
    return and_(NewsItem.status == STATUS_PUBLISHED, NewsItem.publish_at <= now)


@dataclass(frozen=True)
class NewsPage:
    items: list[NewsItem]
    page: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def page_number(raw: str | None) -> int:
    """?trang=N from the URL: anything odd is page 1 (a page is never an error)."""
    if raw and raw.isdigit():
        return max(1, min(int(raw), MAX_PAGE))
    return 1


def list_page(session: Session, *, kind: str, page: int, now: dt.datetime, per_page: int = PER_PAGE) -> NewsPage:
    """Newest first; one query (one row more than the page tells whether another follows)."""
    if kind not in KINDS:
        raise ValueError(kind)
    rows = session.scalars(
        select(NewsItem)
        .where(NewsItem.kind == kind, _visible(now))
        .order_by(NewsItem.publish_at.desc(), NewsItem.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page + 1)
    ).all()
    return NewsPage(items=list(rows[:per_page]), page=page, has_next=len(rows) > per_page)


def get_visible(session: Session, *, item_id: int, kind: str, now: dt.datetime) -> NewsItem:
    """A published item of that kind whose time has come; NotFound otherwise (drafts,
    scheduled and withdrawn items do not exist for the public)."""
    item = session.get(NewsItem, item_id)
    if item is None or item.kind != kind or not item.visible_at(now):
        raise NotFound("Không tìm thấy bài viết này, hoặc bài đã được gỡ.")
    return item


def get_any(session: Session, *, item_id: int) -> NewsItem:
    item = session.get(NewsItem, item_id)
    if item is None:
        raise NotFound("Không tìm thấy bài viết này.")
    return item


def editor_list(session: Session, *, page: int, per_page: int = 30) -> NewsPage:
    """Every item, newest change first, for the editors' table."""
    rows = session.scalars(
        select(NewsItem).order_by(NewsItem.updated_at.desc(), NewsItem.id.desc())
        .offset((page - 1) * per_page).limit(per_page + 1)
    ).all()
    return NewsPage(items=list(rows[:per_page]), page=page, has_next=len(rows) > per_page)


def slugify(title: str) -> str:
    """"Tăng lương hưu từ 1/7" -> "tang-luong-huu-tu-1-7" (ASCII, at most 80 characters)."""
    words = fold(title).split()
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_LIMIT:
            break
        slug = candidate
    return slug or "tin"


# --- Import from feeds -------------------------------------------------------------------


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)  # titles
    known: int = 0

    def summary(self) -> str:
        return f"{len(self.added)} tin mới, {self.known} tin đã có."


def import_items(session: Session, *, items: Iterable[FeedItem], now: dt.datetime) -> ImportResult:
    """Store the items not stored before, published at once (their feed date, never later
    than now). Idempotent on the feed key, also under concurrent imports (INSERT … ON
    CONFLICT DO NOTHING on both engines). Flushes only: the caller commits or rolls back,
    so one feed is stored whole or not at all."""
    result = ImportResult()
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    for item in items:
        values = dict(
            kind=KIND_VIDEO if item.video_url else KIND_ARTICLE,
            status=STATUS_PUBLISHED,
            origin=ORIGIN_IMPORT,
            title=item.title,
            slug=slugify(item.title),
            summary=item.summary,
            body_html=item.body_html,
            thumbnail_url=item.thumbnail_url,
            video_url=item.video_url,
            source_url=item.link,
            feed_key=item.key,
            publish_at=min(item.published or now, now),
            created_at=now,
            updated_at=now,
            updated_by="import",
            version=1,
        )
        statement = insert(NewsItem).values(**values).on_conflict_do_nothing(index_elements=["feed_key"])
        inserted = session.execute(statement.returning(NewsItem.id)).first()
        if inserted is None:
            result.known += 1
        else:
            result.added.append(item.title)
    return result


# --- Editors -----------------------------------------------------------------------------

ACTION_PREVIEW, ACTION_DRAFT, ACTION_PUBLISH = "preview", "draft", "publish"
_LOCAL_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass
class Draft:
    """What the editor typed, kept as typed so a refused form comes back intact."""

    kind: str = KIND_ARTICLE
    title: str = ""
    summary: str = ""
    body: str = ""
    thumbnail_url: str = ""
    video_url: str = ""
    source_url: str = ""
    publish_at: str = ""  # "YYYY-MM-DDTHH:MM", Vietnam time (an <input type=datetime-local>)
    version: int | None = None

    @classmethod
    def from_item(cls, item: NewsItem) -> Draft:
        local = item.publish_at.astimezone(VN_TZ).strftime("%Y-%m-%dT%H:%M") if item.publish_at else ""
        return cls(kind=item.kind, title=item.title, summary=item.summary, body=item.body_html,
                   thumbnail_url=item.thumbnail_url or "", video_url=item.video_url or "",
                   source_url=item.source_url or "", publish_at=local, version=item.version)

    @classmethod
    def from_form(cls, form) -> Draft:
        def text(name: str, limit: int) -> str:
            return (form.get(name) or "").replace("\r\n", "\n").strip()[:limit]

        raw_version = form.get("version") or ""
        return cls(kind=text("kind", 10), title=text("title", 400), summary=text("summary", 1000),
                   body=text("body", 200_000), thumbnail_url=text("thumbnail_url", 1000),
                   video_url=text("video_url", 1000), source_url=text("source_url", 1000),
                   publish_at=text("publish_at", 20), version=int(raw_version) if raw_version.isdigit() else None)


@dataclass(frozen=True)
class Checked:
    """A draft that passed the checks, in the form it is stored."""

    kind: str
    title: str
    summary: str
    body_html: str
    thumbnail_url: str | None
    video_url: str | None
    source_url: str | None
    publish_at: dt.datetime | None  # None: "now" when publishing


def check(draft: Draft) -> tuple[Checked | None, dict[str, str]]:
    """The stored form of a draft, or the errors per field (Vietnamese)."""
    errors: dict[str, str] = {}
    if draft.kind not in KINDS:
        errors["kind"] = "Chọn loại: bài viết hoặc video."
    title = " ".join(draft.title.split())
    if len(title) < 5:
        errors["title"] = "Nhập tiêu đề (ít nhất 5 ký tự)."
    elif len(title) > 300:
        errors["title"] = "Tiêu đề dài quá 300 ký tự."
    summary = " ".join(draft.summary.split())
    if len(summary) > 400:
        errors["summary"] = "Tóm tắt dài quá 400 ký tự."
    body_html = clean_html(draft.body)
    if draft.kind == KIND_ARTICLE and not has_text(body_html):
        errors["body"] = "Nhập nội dung bài viết."
    video_url = draft.video_url or None
    if draft.kind == KIND_VIDEO:
        if not video_url:
            errors["video_url"] = "Nhập đường dẫn video YouTube hoặc tệp video (.mp4, .webm)."
        elif parse_video(video_url) is None:
            errors["video_url"] = "Đường dẫn video phải là video YouTube hoặc tệp .mp4/.webm qua https."
    thumbnail = draft.thumbnail_url or None
    if thumbnail and not (is_https(thumbnail) or is_same_site_path(thumbnail)):
        errors["thumbnail_url"] = "Ảnh đại diện phải là địa chỉ https:// hoặc đường dẫn trong trang (/static/…)."
    source = draft.source_url or None
    if source and not is_web_link(source):
        errors["source_url"] = "Nguồn phải là địa chỉ http:// hoặc https://."
    publish_at = None
    if draft.publish_at:
        try:
            if not _LOCAL_TIME.fullmatch(draft.publish_at):
                raise ValueError
            publish_at = dt.datetime.fromisoformat(draft.publish_at).replace(tzinfo=VN_TZ).astimezone(dt.timezone.utc)
        except ValueError:
            errors["publish_at"] = "Thời điểm đăng không hợp lệ (ngày/tháng/năm giờ:phút)."
    if errors:
        return None, errors
    return Checked(
        kind=draft.kind, title=title, summary=summary or plain_text(body_html, limit=200),
        body_html=body_html, thumbnail_url=thumbnail, video_url=video_url if draft.kind == KIND_VIDEO else None,
        source_url=source, publish_at=publish_at,
    ), {}


def preview_item(checked: Checked, *, now: dt.datetime) -> NewsItem:
    """An unsaved item to render the preview with (never added to the session)."""
    return NewsItem(id=0, kind=checked.kind, status=STATUS_DRAFT, title=checked.title, slug=slugify(checked.title),
                    summary=checked.summary, body_html=checked.body_html, thumbnail_url=checked.thumbnail_url,
                    video_url=checked.video_url, source_url=checked.source_url,
                    publish_at=checked.publish_at or now)


def save(session: Session, *, item_id: int | None, checked: Checked, version: int | None, publish: bool,
         now: dt.datetime, editor: str, staff_id: int | None, client: audit.Client | None = None) -> NewsItem:
    """Create or update an item. publish=False keeps a new item a draft and leaves the
    state of an existing one alone; publish=True publishes it at checked.publish_at (a future
    time schedules it) or now. A stale form (another editor saved meanwhile) is a Conflict."""
    if item_id is None:
        item = NewsItem(origin=ORIGIN_EDITOR, status=STATUS_DRAFT, created_at=now)
        session.add(item)
    else:
        item = get_any(session, item_id=item_id)
        if version is None or version != item.version:
            raise Conflict("Bài này vừa được người khác sửa. Tải lại trang để xem bản mới nhất rồi sửa tiếp.")
    item.kind = checked.kind
    item.title = checked.title
    item.slug = slugify(checked.title)
    item.summary = checked.summary
    item.body_html = checked.body_html
    item.thumbnail_url = checked.thumbnail_url
    item.video_url = checked.video_url
    item.source_url = checked.source_url
    item.updated_at = now
    item.updated_by = editor[:60]
    if publish:
        item.status = STATUS_PUBLISHED
        item.publish_at = checked.publish_at or now
    elif checked.publish_at is not None and item.status == STATUS_PUBLISHED:
        item.publish_at = checked.publish_at
    session.flush()
    event = "news_published" if publish else ("news_created" if item_id is None else "news_edited")
    staff_audit.record(session, event, staff_id=staff_id, client=client, subject=f"news_item:{item.id}",
                       state=item.state(now))
    return item


def unpublish(session: Session, *, item_id: int, now: dt.datetime, editor: str, staff_id: int | None,
              client: audit.Client | None = None) -> NewsItem:
    """Take an item off the site at once (published or scheduled); it can be published again."""
    item = get_any(session, item_id=item_id)
    if item.status != STATUS_PUBLISHED:
        raise Conflict("Bài này chưa đăng nên không cần gỡ.")
    item.status = STATUS_WITHDRAWN
    item.updated_at = now
    item.updated_by = editor[:60]
    session.flush()
    staff_audit.record(session, "news_unpublished", staff_id=staff_id, client=client, subject=f"news_item:{item.id}")
    return item
