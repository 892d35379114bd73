"""Events found by scanning the registry: cards about to expire or expired, a new month of
contributions, an employer that owes contributions. Run by `flask notifications scan`.

Each event has a dedupe key, so a scan run again (or twice at once: the unique key backs
the check) tells each person once. Only people with an account are told; a child's card
is told to the guardian as well.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from vssid.accounts.models import Account
from vssid.core.dates import format_date_vi, format_month_vi
from vssid.notifications.services import notify
from vssid.records.participation import month_of
from vssid.registry.models import Employer, HealthCard, ParticipationPeriod, Person

EXPIRY_WARNING_DAYS = 30
EXPIRED_LOOKBACK_DAYS = 30  # a card that ran out long ago is not news
ARREARS_LOOKBACK_MONTHS = 12
BATCH = 500


@dataclass
class ScanReport:
    expiring: int = 0
    expired: int = 0
    months: int = 0
    arrears: int = 0


def _adult_on(person: Person, day: dt.date) -> bool:
    born = person.birth_date or dt.date(person.birth_year, 12, 31)
    return (day.year - born.year - ((day.month, day.day) < (born.month, born.day))) >= 18


def _recipients(session: Session, person: Person, today: dt.date) -> list[tuple[int, bool]]:
    """(account id, is the holder) for the holder and, for a minor, the guardian."""
    found = []
    own = session.scalar(select(Account.id).where(Account.person_id == person.id, Account.status == "active"))
    if own:
        found.append((own, True))
    if person.guardian_id and not _adult_on(person, today):
        guardian = session.scalar(select(Account.id).where(Account.person_id == person.guardian_id,
                                                           Account.status == "active"))
        if guardian:
            found.append((guardian, False))
    return found


def scan_cards(session: Session, *, today: dt.date, report: ScanReport | None = None) -> ScanReport:
    """Active cards ending within 30 days, or ended in the last 30 days without a newer card."""
    report = report or ScanReport()
    later = aliased(HealthCard)
    renewed = select(later.id).where(later.person_id == HealthCard.person_id, later.status == "active",
                                     later.valid_to > HealthCard.valid_to).exists()
    query = (
        select(HealthCard).join(HealthCard.person)
        .where(HealthCard.status == "active",
               HealthCard.valid_to >= today - dt.timedelta(days=EXPIRED_LOOKBACK_DAYS),
               HealthCard.valid_to <= today + dt.timedelta(days=EXPIRY_WARNING_DAYS),
               ~renewed)
        .order_by(HealthCard.id)
    )
    last_id = 0
    while True:
        cards = session.scalars(query.where(HealthCard.id > last_id).limit(BATCH)).all()
        if not cards:
            break
        for card in cards:
            _card_notices(session, card, today, report)
        last_id = cards[-1].id
        session.commit()
    return report


def _card_notices(session: Session, card: HealthCard, today: dt.date, report: ScanReport) -> None:
    person = card.person
    expired = card.valid_to < today
    event = "expired" if expired else "expiring"
    ends = format_date_vi(card.valid_to)
    for account_id, holder in _recipients(session, person, today):
        whose = "của bạn" if holder else f"của {person.full_name}"
        if expired:
            title = f"Thẻ BHYT {whose} đã hết hạn"
            body = (f"Thẻ BHYT {card.card_number} {whose} đã hết giá trị sử dụng từ sau ngày {ends}. "
                    "Hãy gia hạn để tiếp tục được hưởng BHYT khi đi khám chữa bệnh.")
        else:
            days = (card.valid_to - today).days
            title = f"Thẻ BHYT {whose} sắp hết hạn"
            body = (f"Thẻ BHYT {card.card_number} {whose} có giá trị đến ngày {ends} (còn {days} ngày). "
                    "Hãy gia hạn trước ngày này để không bị gián đoạn quyền lợi BHYT.")
        url = "/ca-nhan/the-bhyt" if holder else f"/ca-nhan/the-bhyt/{person.id}"
        if notify(session, account_id=account_id, kind="card", title=title, body=body, url=url,
                  dedupe_key=f"card:{card.id}:{event}:{card.valid_to.isoformat()}"):
            if expired:
                report.expired += 1
            else:
                report.expiring += 1


def scan_contributions(session: Session, *, today: dt.date, report: ScanReport | None = None) -> ScanReport:
    """A new month of BHXH contributions (the latest month on record is this month or the
    last), and periods an employer owes ("đơn vị nợ đóng")."""
    report = report or ScanReport()
    current = month_of(today)
    previous = month_of(today.replace(day=1) - dt.timedelta(days=1))
    start_of_previous = dt.date(*previous, 1)
    latest = (
        select(ParticipationPeriod.person_id, Account.id.label("account_id"),
               func.max(func.coalesce(ParticipationPeriod.to_month, dt.date(*current, 1))).label("last"))
        .join(Account, Account.person_id == ParticipationPeriod.person_id)
        .where(ParticipationPeriod.scheme == "BHXH", ParticipationPeriod.employer_owes.is_(False),
               Account.status == "active",
               or_(ParticipationPeriod.to_month.is_(None), ParticipationPeriod.to_month >= start_of_previous),
               ParticipationPeriod.from_month <= dt.date(*current, 1))
        .group_by(ParticipationPeriod.person_id, Account.id)
        .order_by(Account.id)
    )
    for row in session.execute(latest):
        month = month_of(row.last)
        if month not in (current, previous):
            continue
        if notify(session, account_id=row.account_id, kind="contribution",
                  title=f"Đã ghi nhận đóng BHXH tháng {format_month_vi(month)}",
                  body=(f"Quá trình tham gia BHXH của bạn đã được cập nhật đến tháng {format_month_vi(month)}. "
                        "Kiểm tra số tháng đã đóng và mức lương đóng trong mục Quá trình tham gia."),
                  url="/ca-nhan/qua-trinh-tham-gia", dedupe_key=f"contribution:{month[0]:04d}-{month[1]:02d}"):
            report.months += 1
    session.commit()

    horizon = dt.date(*current, 1) - dt.timedelta(days=ARREARS_LOOKBACK_MONTHS * 31)
    owing = (
        select(ParticipationPeriod, Account.id, Employer.name)
        .join(Account, Account.person_id == ParticipationPeriod.person_id)
        .outerjoin(Employer, Employer.id == ParticipationPeriod.employer_id)
        .where(ParticipationPeriod.employer_owes.is_(True), Account.status == "active",
               or_(ParticipationPeriod.to_month.is_(None), ParticipationPeriod.to_month >= horizon))
        .order_by(ParticipationPeriod.id)
    )
    for period, account_id, employer_name in session.execute(owing):
        who = f"Đơn vị {employer_name}" if employer_name else "Đơn vị sử dụng lao động"
        since = format_month_vi(month_of(period.from_month))
        if notify(session, account_id=account_id, kind="contribution",
                  title="Đơn vị đang nợ đóng BHXH cho bạn",
                  body=(f"{who} chưa đóng đủ BHXH cho bạn từ tháng {since}. Thời gian nợ đóng chưa được xác nhận trên "
                        "sổ BHXH cho đến khi đơn vị đóng đủ. Hãy liên hệ đơn vị, hoặc gọi 1900 9068 "
                        "nếu cần hỗ trợ."),
                  url="/ca-nhan/qua-trinh-tham-gia", dedupe_key=f"arrears:{period.id}"):
            report.arrears += 1
    session.commit()
    return report
