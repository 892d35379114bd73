"""Feedback and petitions (Phản ánh, kiến nghị): filing, the thread, the agents' queue. Flask-free.

A citizen files a request with a topic, a description and up to five files; it is due within
a configurable number of working days (Saturdays and Sundays skipped; public holidays are not
known to the app yet). Agents assign, answer and close; every answer or closing marks the
request unread for its owner (the in-app notice) and queues an SMS through the outbox.
Citizens see only their own requests: any other id is "not found".
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import holidays
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from vssid.accounts.audit import Client
from vssid.accounts.models import Account
from vssid.core.dates import to_local
from vssid.core.errors import Conflict, NotFound, ValidationError
from vssid.notifications.services import notify
from vssid.outbound.services import queue_sms
from vssid.staff import audit_log as staff_audit
from vssid.support import attachments
from vssid.support.models import Petition, PetitionAttachment, PetitionAttachmentContent, PetitionMessage

TOPICS: dict[str, str] = {
    "the_bhyt": "Thẻ BHYT",
    "kham_chua_benh": "Khám chữa bệnh BHYT",
    "qua_trinh": "Quá trình đóng BHXH, BHYT, BHTN",
    "che_do": "Chế độ BHXH (ốm đau, thai sản, hưu trí…)",
    "dong_tien": "Đóng tiền, gia hạn BHYT, BHXH tự nguyện",
    "tai_khoan": "Tài khoản, đăng nhập VssID",
    "khac": "Khác",
}
STATUS_LABELS: dict[str, str] = {
    "received": "Đã tiếp nhận",
    "processing": "Đang xử lý",
    "answered": "Đã trả lời",
    "closed": "Đã đóng",
}
OPEN_STATUSES = ("received", "processing")
MIN_CONTENT, MAX_CONTENT = 20, 4000
PAGE_SIZE = 20
DEFAULT_DAYS = 5


def code_of(petition_id: int) -> str:
    """The reference the citizen quotes on the phone: PA000123."""
    return f"PA{petition_id:06d}"


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start`: Saturdays, Sundays and Vietnam's public
    holidays do not count.

    A request received on Monday with 5 days is due the next Monday; one received on a
    Friday, Saturday or Sunday is due the next Friday (the weekend does not count). The
    holidays are those of Bộ luật Lao động 2019, Điều 112 (Tết by the lunar calendar, and the
    days the Government moves), as the maintained `holidays` package lists them."""
    if days < 0:
        raise ValueError("days must not be negative")
    public_holidays = holidays.country_holidays("VN", years=range(start.year, start.year + 2))
    day, left = start, days
    while left:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in public_holidays:
            left -= 1
    return day


class PetitionFormError(ValidationError):
    """The form's problems by field; "attachments" holds a list (every bad file is named)."""

    def __init__(self, errors: dict[str, str | list[str]]) -> None:
        self.errors = errors
        first = next(iter(errors.values()))
        super().__init__(first if isinstance(first, str) else first[0], field=next(iter(errors)))


def _content(text: str | None, *, minimum: int = MIN_CONTENT) -> tuple[str, str | None]:
    value = (text or "").replace("\r\n", "\n").strip()
    if len(value) < minimum:
        return value, f"Vui lòng mô tả nội dung (ít nhất {minimum} ký tự)."
    if len(value) > MAX_CONTENT:
        return value, f"Nội dung quá dài (tối đa {MAX_CONTENT:,} ký tự).".replace(",", ".")
    return value, None


def create(session: Session, *, account: Account, topic: str | None, content: str | None,
           uploads: list[attachments.Upload], now: dt.datetime, days: int = DEFAULT_DAYS) -> Petition:
    """File a request with its files' bytes in one transaction: every check passes before
    anything is written, and a failed write leaves neither the request nor any file."""
    errors: dict[str, str | list[str]] = {}
    if topic not in TOPICS:
        errors["topic"] = "Vui lòng chọn chủ đề."
    text, problem = _content(content)
    if problem:
        errors["content"] = problem
    files, problems = attachments.check(uploads)
    if problems:
        errors["attachments"] = problems
    if errors:
        raise PetitionFormError(errors)
    petition = Petition(
        person_id=account.person_id, account_id=account.id, topic=topic, content=text, status="received",
        due_on=add_working_days(to_local(now).date(), days), created_at=now, updated_at=now,
    )
    petition.attachments = [
        PetitionAttachment(file_name=item.file_name, content_type=item.content_type, size=len(item.data),
                           created_at=now, content=PetitionAttachmentContent(data=item.data))
        for item in files
    ]
    session.add(petition)
    try:
        session.commit()
    except BaseException:
        session.rollback()  # the request (its error page) goes on with a usable session
        raise
    return petition


# --- The citizen's side ------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    items: list
    page: int
    total: int
    page_size: int = PAGE_SIZE
    extra: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


def _page_number(page) -> int:
    try:
        return max(1, min(int(page or 1), 10_000))
    except (TypeError, ValueError):
        return 1


def mine(session: Session, *, person_id: int, page=1) -> Page:
    """The person's requests, newest first, with how many have an unread answer."""
    number = _page_number(page)
    own = Petition.person_id == person_id
    total, unread = session.execute(
        select(func.count(Petition.id), func.count(Petition.id).filter(Petition.unread_update.is_(True))).where(own)
    ).one()
    items = list(session.scalars(
        select(Petition).where(own).order_by(Petition.id.desc()).limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)
    ))
    return Page(items, number, total, extra={"unread": unread})


def unread_count(session: Session, *, person_id: int) -> int:
    """How many of the person's requests have an answer or change they have not opened."""
    return session.scalar(select(func.count(Petition.id)).where(
        Petition.person_id == person_id, Petition.unread_update.is_(True))) or 0


def get_own(session: Session, *, petition_id: int, person_id: int) -> Petition:
    petition = session.scalar(
        select(Petition).where(Petition.id == petition_id, Petition.person_id == person_id)
        .options(selectinload(Petition.messages), selectinload(Petition.attachments))
    )
    if petition is None:
        raise NotFound("Không tìm thấy yêu cầu này.")
    return petition


def open_own(session: Session, *, petition_id: int, person_id: int) -> Petition:
    """The owner reads the request: its notice is no longer unread."""
    petition = get_own(session, petition_id=petition_id, person_id=person_id)
    if petition.unread_update:
        petition.unread_update = False
        session.commit()
    return petition


def add_citizen_message(session: Session, *, petition_id: int, person_id: int, account_id: int,
                        body: str | None, now: dt.datetime) -> PetitionMessage:
    petition = get_own(session, petition_id=petition_id, person_id=person_id)
    if petition.status == "closed":
        raise Conflict("Yêu cầu này đã đóng. Vui lòng gửi phản ánh mới nếu cần.")
    text, problem = _content(body, minimum=2)
    if problem:
        raise PetitionFormError({"body": problem})
    message = PetitionMessage(author="citizen", author_account_id=account_id, body=text, created_at=now)
    petition.messages.append(message)
    if petition.status == "answered":
        petition.status = "processing"  # asked again: back in the agents' queue
    petition.updated_at = now
    session.commit()
    return message


def has_answer(petition: Petition) -> bool:
    return any(message.author == "staff" for message in petition.messages)


def rate(session: Session, *, petition_id: int, person_id: int, rating: str | int | None, now: dt.datetime) -> Petition:
    petition = get_own(session, petition_id=petition_id, person_id=person_id)
    if not has_answer(petition):
        raise Conflict("Bạn có thể đánh giá sau khi yêu cầu được trả lời.")
    try:
        value = int(rating)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise PetitionFormError({"rating": "Vui lòng chọn mức đánh giá từ 1 đến 5 sao."})
    petition.rating, petition.updated_at = value, now
    session.commit()
    return petition


@dataclass(frozen=True)
class AttachmentFile:
    """A stored attachment, ready to send: its cleaned name, its real type, its bytes."""

    file_name: str
    content_type: str
    data: bytes


def _attachment_file(session: Session, *, petition_id: int, attachment_id: int,
                     person_id: int | None) -> AttachmentFile:
    """One query: the row and its bytes, read only when the owner (or any, for staff) matches."""
    query = (
        select(PetitionAttachment.file_name, PetitionAttachment.content_type, PetitionAttachmentContent.data)
        .join(PetitionAttachmentContent, PetitionAttachmentContent.attachment_id == PetitionAttachment.id)
        .where(PetitionAttachment.id == attachment_id, PetitionAttachment.petition_id == petition_id)
    )
    if person_id is not None:
        query = query.join(Petition).where(Petition.person_id == person_id)
    row = session.execute(query).one_or_none()
    if row is None:
        raise NotFound("Không tìm thấy tệp đính kèm.")
    return AttachmentFile(*row)


def own_attachment(session: Session, *, petition_id: int, attachment_id: int, person_id: int) -> AttachmentFile:
    """An attachment of the person's own request; anyone else's: not found."""
    return _attachment_file(session, petition_id=petition_id, attachment_id=attachment_id, person_id=person_id)


def attachment_for_staff(session: Session, *, petition_id: int, attachment_id: int) -> AttachmentFile:
    """Any request's attachment, for the support agents' screen (behind the support_agent role)."""
    return _attachment_file(session, petition_id=petition_id, attachment_id=attachment_id, person_id=None)


# --- The agents' side --------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilter:
    status: str = "open"  # "open" (received or processing), "all", or one status
    topic: str = ""
    assignee: str = ""  # "", "me", "none"
    overdue: bool = False
    page: int = 1

    @classmethod
    def parse(cls, args) -> QueueFilter:
        status = args.get("trang_thai", "open")
        return cls(
            status=status if status in ("open", "all", *STATUS_LABELS) else "open",
            topic=args.get("chu_de", "") if args.get("chu_de", "") in TOPICS else "",
            assignee=args.get("phu_trach", "") if args.get("phu_trach", "") in ("me", "none") else "",
            overdue=args.get("qua_han") == "1",
            page=_page_number(args.get("trang")),
        )


def queue(session: Session, *, filters: QueueFilter, staff_id: int, today: dt.date) -> Page:
    """Requests for agents, the most urgent first (due date, then age)."""
    where = []
    if filters.status == "open":
        where.append(Petition.status.in_(OPEN_STATUSES))
    elif filters.status in STATUS_LABELS:
        where.append(Petition.status == filters.status)
    if filters.topic:
        where.append(Petition.topic == filters.topic)
    if filters.assignee == "me":
        where.append(Petition.assignee_id == staff_id)
    elif filters.assignee == "none":
        where.append(Petition.assignee_id.is_(None))
    if filters.overdue:
        where += [Petition.status.in_(OPEN_STATUSES), Petition.due_on < today]
    total = session.scalar(select(func.count(Petition.id)).where(*where)) or 0
    items = list(session.scalars(
        select(Petition).where(*where).options(selectinload(Petition.assignee))
        .order_by(Petition.due_on, Petition.id).limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)
    ))
    return Page(items, filters.page, total)


def is_overdue(petition: Petition, *, today: dt.date) -> bool:
    return petition.status in OPEN_STATUSES and petition.due_on < today


def get_for_staff(session: Session, *, petition_id: int) -> Petition:
    petition = session.scalar(
        select(Petition).where(Petition.id == petition_id)
        .options(selectinload(Petition.messages), selectinload(Petition.attachments))
    )
    if petition is None:
        raise NotFound("Không tìm thấy yêu cầu này.")
    return petition


def assign(session: Session, *, petition_id: int, assignee_id: str | int | None, agent_ids: set[int],
           staff_id: int, client: Client | None = None, now: dt.datetime) -> Petition:
    """Give a request to an agent (one of `agent_ids`, the active support staff)."""
    petition = get_for_staff(session, petition_id=petition_id)
    if petition.status == "closed":
        raise Conflict("Yêu cầu này đã đóng.")
    value = int(assignee_id) if str(assignee_id or "").isdigit() else None
    if value not in agent_ids:
        raise PetitionFormError({"assignee": "Vui lòng chọn cán bộ phụ trách."})
    petition.assignee_id = value
    if petition.status == "received":
        petition.status = "processing"
    petition.updated_at = now
    staff_audit.record(session, "petition_assigned", staff_id=staff_id, client=client, account_id=petition.account_id,
                       subject=f"petition:{petition.id}", assignee=value)
    session.commit()
    return petition


REPLY_SMS = ("VssID: Yeu cau ho tro {code} cua ban da duoc tra loi. "
             "Vao VssID > Ho tro > Phan anh, kien nghi de xem chi tiet.")
CLOSED_SMS = ("VssID: Yeu cau ho tro {code} cua ban da duoc dong. "
              "Vao VssID > Ho tro > Phan anh, kien nghi de xem chi tiet.")


def reply(session: Session, *, petition_id: int, staff_id: int, body: str | None, client: Client | None = None,
          now: dt.datetime) -> PetitionMessage:
    """An agent answers: the thread gets the answer, the owner an unread notice and an SMS."""
    petition = get_for_staff(session, petition_id=petition_id)
    if petition.status == "closed":
        raise Conflict("Yêu cầu này đã đóng.")
    text, problem = _content(body, minimum=10)
    if problem:
        raise PetitionFormError({"body": problem.replace("mô tả nội dung", "nhập câu trả lời")})
    message = PetitionMessage(author="staff", staff_member_id=staff_id, body=text, created_at=now)
    petition.messages.append(message)
    petition.status, petition.answered_at, petition.updated_at = "answered", now, now
    petition.unread_update = True
    if petition.assignee_id is None:
        petition.assignee_id = staff_id
    staff_audit.record(session, "petition_answered", staff_id=staff_id, client=client, account_id=petition.account_id,
                       subject=f"petition:{petition.id}")
    queue_sms(session, to=petition.account.phone, body=REPLY_SMS.format(code=code_of(petition.id)))
    notify(session, account_id=petition.account_id, kind="support", url=f"/ho-tro/phan-anh/{petition.id}",
           title=f"Yêu cầu hỗ trợ {code_of(petition.id)} đã có trả lời",
           body="Cán bộ BHXH đã trả lời phản ánh, kiến nghị của bạn. Chạm để xem câu trả lời.", now=now,
           sent_elsewhere=frozenset({"sms"}))
    session.commit()
    return message


def close(session: Session, *, petition_id: int, staff_id: int, client: Client | None = None,
          now: dt.datetime) -> Petition:
    """Close a request. The owner is told in the app; by SMS too when it was never answered
    (an answered request already sent one)."""
    petition = get_for_staff(session, petition_id=petition_id)
    if petition.status == "closed":
        raise Conflict("Yêu cầu này đã đóng.")
    petition.status, petition.closed_at, petition.updated_at = "closed", now, now
    petition.unread_update = True
    staff_audit.record(session, "petition_closed", staff_id=staff_id, client=client, account_id=petition.account_id,
                       subject=f"petition:{petition.id}")
    if not has_answer(petition):
        queue_sms(session, to=petition.account.phone, body=CLOSED_SMS.format(code=code_of(petition.id)))
    session.commit()
    return petition
