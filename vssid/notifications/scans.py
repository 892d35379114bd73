"""Events found by scanning the registry: cards about to expire or expired, a new month of
contributions, an employer that owes contributions. Run by `flask notifications scan`.

Each event has a dedupe key, so a scan run again (or twice at once: the unique key backs
the check) tells each person once. Only people with an account are told; a child's card
is told to the guardian as well.

Set-oriented for a national registry: each kind of event is found a batch at a time by
keyset pagination (`*_notices` yield one batch each), and each batch is written with
`services.notify_bulk` and committed, so a run that stops part-way resumes without
writing anything twice.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from vssid.accounts.models import Account
from vssid.core.dates import format_date_vi, format_month_vi
from vssid.core.db import utcnow
from vssid.notifications.services import Notice, notify_bulk
from vssid.records.participation import month_of
from vssid.registry.models import Employer, HealthCard, ParticipationPeriod, Person

EXPIRY_WARNING_DAYS = 30
EXPIRED_LOOKBACK_DAYS = 30  # a card that ran out long ago is not news
ARREARS_LOOKBACK_MONTHS = 12
BATCH = 1000  # cards, accounts or periods per query, notices written and committed together

# One batch of events found: (the ScanReport counter it adds to when written, the notice).
Found = list[tuple[str, Notice]]


@dataclass
class ScanReport:
    expiring: int = 0
    expired: int = 0
    months: int = 0
    arrears: int = 0


def scan_cards(session: Session, *, today: dt.date, report: ScanReport | None = None,
               batch: int = BATCH) -> ScanReport:
    """Active cards ending within 30 days, or ended in the last 30 days without a newer card."""
    report = report or ScanReport()
    _write(session, card_notices(session, today=today, batch=batch), report)
    return report


def scan_contributions(session: Session, *, today: dt.date, report: ScanReport | None = None,
                       batch: int = BATCH) -> ScanReport:
    """A new month of BHXH contributions (the latest month on record is this month or the
    last), and periods an employer owes ("đơn vị nợ đóng")."""
    report = report or ScanReport()
    _write(session, contribution_notices(session, today=today, batch=batch), report)
    _write(session, arrears_notices(session, today=today, batch=batch), report)
    return report


def _write(session: Session, batches: Iterable[Found], report: ScanReport) -> None:
    """Write each batch in bulk and commit it: a run stopped half-way keeps its finished
    batches, and the next run skips them by their dedupe keys."""
    for found in batches:
        counter = {notice: name for name, notice in found}
        for notice in notify_bulk(session, [notice for _, notice in found], now=utcnow()):
            setattr(report, counter[notice], getattr(report, counter[notice]) + 1)
        session.commit()


def _adult_on(born: dt.date, day: dt.date) -> bool:
    return (day.year - born.year - ((day.month, day.day) < (born.month, born.day))) >= 18


def card_notices(session: Session, *, today: dt.date, batch: int = BATCH) -> Iterator[Found]:
    """The card events, `batch` cards at a time in card id order (keyset): each card with
    its holder's account and, for a minor, the guardian's, in one query."""
    later = aliased(HealthCard)
    own, guardian = aliased(Account), aliased(Account)
    renewed = select(later.id).where(later.person_id == HealthCard.person_id, later.status == "active",
                                     later.valid_to > HealthCard.valid_to).exists()
    query = (
        select(HealthCard.id, HealthCard.card_number, HealthCard.valid_to, Person.id.label("person_id"),
               Person.full_name, Person.birth_year, Person.birth_month, Person.birth_day,
               own.id.label("own_account"), guardian.id.label("guardian_account"))
        .join(Person, Person.id == HealthCard.person_id)
        .outerjoin(own, (own.person_id == Person.id) & (own.status == "active"))
        .outerjoin(guardian, (guardian.person_id == Person.guardian_id) & (guardian.status == "active"))
        .where(HealthCard.status == "active",
               HealthCard.valid_to >= today - dt.timedelta(days=EXPIRED_LOOKBACK_DAYS),
               HealthCard.valid_to <= today + dt.timedelta(days=EXPIRY_WARNING_DAYS),
               ~renewed, or_(own.id.is_not(None), guardian.id.is_not(None)))
        .order_by(HealthCard.id)
        .limit(batch)
    )
    last_id = 0
    while cards := session.execute(query.where(HealthCard.id > last_id)).all():
        found: Found = []
        for card in cards:
            born = (dt.date(card.birth_year, card.birth_month, card.birth_day)
                    if card.birth_month is not None and card.birth_day is not None
                    else dt.date(card.birth_year, 12, 31))
            if card.own_account:
                found.append(_card_notice(card, card.own_account, holder=True, today=today))
            if card.guardian_account and not _adult_on(born, today):
                found.append(_card_notice(card, card.guardian_account, holder=False, today=today))
        yield found
        last_id = cards[-1].id


def _card_notice(card, account_id: int, *, holder: bool, today: dt.date) -> tuple[str, Notice]:
    expired = card.valid_to < today
    event = "expired" if expired else "expiring"
    ends = format_date_vi(card.valid_to)
    whose = "của bạn" if holder else f"của {card.full_name}"
    if expired:
        title = f"Thẻ BHYT {whose} đã hết hạn"
        body = (f"Thẻ BHYT {card.card_number} {whose} đã hết giá trị sử dụng từ sau ngày {ends}. "
                "Hãy gia hạn để tiếp tục được hưởng BHYT khi đi khám chữa bệnh.")
    else:
        days = (card.valid_to - today).days
        title = f"Thẻ BHYT {whose} sắp hết hạn"
        body = (f"Thẻ BHYT {card.card_number} {whose} có giá trị đến ngày {ends} (còn {days} ngày). "
                "Hãy gia hạn trước ngày này để không bị gián đoạn quyền lợi BHYT.")
    url = "/ca-nhan/the-bhyt" if holder else f"/ca-nhan/the-bhyt/{card.person_id}"
    return event, Notice(account_id=account_id, kind="card", title=title, body=body, url=url,
                         dedupe_key=f"card:{card.id}:{event}:{card.valid_to.isoformat()}")


def contribution_notices(session: Session, *, today: dt.date, batch: int = BATCH) -> Iterator[Found]:
    """A new month of contributions, `batch` active accounts at a time in account id order
    (keyset), each batch's latest months in one grouped query."""
    current = month_of(today)
    previous = month_of(today.replace(day=1) - dt.timedelta(days=1))
    start_of_previous = dt.date(*previous, 1)
    accounts = (select(Account.id, Account.person_id).where(Account.status == "active")
                .order_by(Account.id).limit(batch))
    last_id = 0
    while holders := session.execute(accounts.where(Account.id > last_id)).all():
        account_of = {holder.person_id: holder.id for holder in holders}
        latest = (
            select(ParticipationPeriod.person_id,
                   func.max(func.coalesce(ParticipationPeriod.to_month, dt.date(*current, 1))).label("last"))
            .where(ParticipationPeriod.person_id.in_(account_of), ParticipationPeriod.scheme == "BHXH",
                   ParticipationPeriod.employer_owes.is_(False),
                   or_(ParticipationPeriod.to_month.is_(None), ParticipationPeriod.to_month >= start_of_previous),
                   ParticipationPeriod.from_month <= dt.date(*current, 1))
            .group_by(ParticipationPeriod.person_id)
        )
        found: Found = []
        for person_id, last in sorted(session.execute(latest).all(), key=lambda row: account_of[row[0]]):
            month = month_of(last)
            if month not in (current, previous):
                continue
            found.append(("months", Notice(
                account_id=account_of[person_id], kind="contribution",
                title=f"Đã ghi nhận đóng BHXH tháng {format_month_vi(month)}",
                body=(f"Quá trình tham gia BHXH của bạn đã được cập nhật đến tháng {format_month_vi(month)}. "
                      "Kiểm tra số tháng đã đóng và mức lương đóng trong mục Quá trình tham gia."),
                url="/ca-nhan/qua-trinh-tham-gia", dedupe_key=f"contribution:{month[0]:04d}-{month[1]:02d}")))
        yield found
        last_id = holders[-1].id


def arrears_notices(session: Session, *, today: dt.date, batch: int = BATCH) -> Iterator[Found]:
    """Periods an employer owes, `batch` periods at a time in period id order (keyset)."""
    horizon = dt.date(*month_of(today), 1) - dt.timedelta(days=ARREARS_LOOKBACK_MONTHS * 31)
    owing = (
        select(ParticipationPeriod.id, ParticipationPeriod.from_month, Account.id.label("account_id"),
               Employer.name.label("employer_name"))
        .join(Account, Account.person_id == ParticipationPeriod.person_id)
        .outerjoin(Employer, Employer.id == ParticipationPeriod.employer_id)
        .where(ParticipationPeriod.employer_owes.is_(True), Account.status == "active",
               or_(ParticipationPeriod.to_month.is_(None), ParticipationPeriod.to_month >= horizon))
        .order_by(ParticipationPeriod.id)
        .limit(batch)
    )
    last_id = 0
    while periods := session.execute(owing.where(ParticipationPeriod.id > last_id)).all():
        found: Found = []
        for period in periods:
            who = f"Đơn vị {period.employer_name}" if period.employer_name else "Đơn vị sử dụng lao động"
            since = format_month_vi(month_of(period.from_month))
            found.append(("arrears", Notice(
                account_id=period.account_id, kind="contribution", title="Đơn vị đang nợ đóng BHXH cho bạn",
                body=(f"{who} chưa đóng đủ BHXH cho bạn từ tháng {since}. Thời gian nợ đóng chưa được xác nhận trên "
                      "sổ BHXH cho đến khi đơn vị đóng đủ. Hãy liên hệ đơn vị, hoặc gọi 1900 9068 "
                      "nếu cần hỗ trợ."),
                url="/ca-nhan/qua-trinh-tham-gia", dedupe_key=f"arrears:{period.id}")))
        yield found
        last_id = periods[-1].id
