"""VSS announcements: an editor writes one notice for everyone or for one province; the
worker fans it out to the accounts in batches. Flask-free."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vssid.accounts.models import Account
from vssid.core.errors import ValidationError
from vssid.notifications.models import Announcement
from vssid.notifications.services import Notice, notify_bulk
from vssid.registry.models import Person, Province

TITLE_MAX, BODY_MIN, BODY_MAX = 120, 20, 2000
FAN_OUT_BATCH = 1000
_LOCAL_PATH = re.compile(r"/[\w\-./~%?=&+]*")


class AnnouncementFormError(ValidationError):
    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(next(iter(errors.values())))


@dataclass(frozen=True)
class Draft:
    title: str
    body: str
    url: str | None
    province_code: str | None


def check(session: Session, *, title: str | None, body: str | None, url: str | None,
          province_code: str | None) -> Draft:
    errors: dict[str, str] = {}
    title, body, url = (title or "").strip(), (body or "").strip(), (url or "").strip()
    province_code = (province_code or "").strip() or None
    if not title:
        errors["title"] = "Vui lòng nhập tiêu đề."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Tiêu đề tối đa {TITLE_MAX} ký tự (hiện có {len(title)})."
    if len(body) < BODY_MIN:
        errors["body"] = f"Nội dung cần ít nhất {BODY_MIN} ký tự."
    elif len(body) > BODY_MAX:
        errors["body"] = f"Nội dung tối đa {BODY_MAX} ký tự (hiện có {len(body)})."
    if url and (not _LOCAL_PATH.fullmatch(url) or url.startswith("//") or len(url) > 300):
        errors["url"] = "Đường dẫn phải là một trang của VssID, bắt đầu bằng “/”, ví dụ /tin-tuc."
    if province_code and session.get(Province, province_code) is None:
        errors["province_code"] = "Tỉnh, thành phố không hợp lệ."
    if errors:
        raise AnnouncementFormError(errors)
    return Draft(title=title, body=body, url=url or None, province_code=province_code)


def create(session: Session, *, draft: Draft, staff_id: int, now: dt.datetime) -> Announcement:
    """Queue an announcement; `fan_out` writes the notices. The caller audits and commits."""
    announcement = Announcement(title=draft.title, body=draft.body, url=draft.url,
                                province_code=draft.province_code, created_by=staff_id, created_at=now)
    session.add(announcement)
    session.flush()
    return announcement


def recent(session: Session, *, limit: int = 20) -> list[Announcement]:
    return list(session.scalars(select(Announcement).order_by(Announcement.id.desc()).limit(limit)))


def fan_out(session: Session, *, now: dt.datetime, batch: int = FAN_OUT_BATCH, max_batches: int = 100) -> int:
    """Write the notices of unfinished announcements, a batch of accounts at a time.

    Each batch locks its announcement (SKIP LOCKED on PostgreSQL), so two workers never
    take the same batch; the dedupe key makes a repeated batch harmless anyway."""
    written = 0
    for _ in range(max_batches):
        announcement = session.scalars(
            select(Announcement).where(Announcement.finished_at.is_(None)).order_by(Announcement.id)
            .limit(1).with_for_update(skip_locked=True)
        ).first()
        if announcement is None:
            break
        query = (select(Account.id).where(Account.status == "active", Account.id > announcement.fanned_out_to)
                 .order_by(Account.id).limit(batch))
        if announcement.province_code:
            query = query.join(Person, Person.id == Account.person_id).where(
                Person.province_code == announcement.province_code)
        account_ids = session.scalars(query).all()
        count = len(notify_bulk(session, [
            Notice(account_id=account_id, kind="announcement", title=announcement.title, body=announcement.body,
                   url=announcement.url, dedupe_key=f"announcement:{announcement.id}")
            for account_id in account_ids], now=now))
        announcement.recipients += count
        written += count
        if account_ids:
            announcement.fanned_out_to = account_ids[-1]
        if len(account_ids) < batch:
            announcement.finished_at = now
        session.commit()
    return written
