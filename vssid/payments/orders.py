"""Paying online: what a household owes, orders, and the gateway's notification.

Flask-free. The rules:
- Household BHYT (DOMAIN.md §4): the household is the people the registry groups in the
  payer's Household. A member is owed when their current household card (object code GD)
  ends within RENEWAL_WINDOW_DAYS or has ended. Amounts use the lương cơ sở in force on
  the payment day (an amount already paid is not adjusted when it changes later).
- The sliding discount (Luật BHYT Đ.13; NĐ 188/2025): the 1st member pays 4.5 % of lương
  cơ sở, the 2nd, 3rd, 4th 70 %, 60 %, 50 % of that, the 5th and later 40 %. The discount
  applies to members who join within the same financial (calendar) year, so members of
  the household who already paid for a household card this year come first: the payer's
  selection continues from their count. Within one payment the members are numbered in
  the household register's order (the head first, then by date of birth); the total is
  the same whichever member is called "first".
- New validity: from the day after the current card ends, or from the payment day when it
  has already ended, for the months paid. The card row is replaced by one that covers the
  continuous span (the old row is kept with status 'replaced', as history).
- Voluntary BHXH: the months after the last month recorded, never before the current
  month (missed months are settled at the VSS office, not online); the State support is
  the 'others' group (20 %): a higher group is proven at the collection point.
- Only the gateway's notification (IPN) changes an order, in one transaction, once.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from vssid.core.i18n import N_
from vssid.accounts.models import Account
from vssid.card.status import RENEWABLE_ONLINE_OBJECT_CODES
from vssid.core.errors import NotFound, ValidationError
from vssid.core.money import format_vnd
from vssid.notifications.services import notify
from vssid.outbound.services import queue_email, queue_sms
from vssid.payments import gateway, rates, services
from vssid.payments.models import PaymentOrder, PaymentOrderLine
from vssid.registry.models import HealthCard, ParticipationPeriod, Person

RENEWAL_WINDOW_DAYS = 60
ORDER_LIFETIME = dt.timedelta(minutes=15)  # vnp_ExpireDate; then the order is abandoned
HEAD_OF_HOUSEHOLD = "Chủ hộ"

KIND_LABELS_VI = {"household_bhyt": N_("Gia hạn BHYT hộ gia đình"), "voluntary_bhxh": N_("Đóng BHXH tự nguyện")}
STATUS_LABELS_VI = {"pending": N_("Đang chờ thanh toán"), "paid": N_("Đã thanh toán"), "declined": N_("Không thành công"),
                    "abandoned": N_("Đã hủy / quá hạn")}


# --- Periods ---------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day the month lacks rolls over to the 1st after."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    try:
        return dt.date(year, month + 1, day.day)
    except ValueError:
        return dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)


def card_period(*, current_valid_to: dt.date | None, today: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The new validity: from the day after the card ends (or today, if it has ended)."""
    if current_valid_to is not None and current_valid_to >= today:
        start = current_valid_to + dt.timedelta(days=1)
    else:
        start = today
    return start, add_months(start, months) - dt.timedelta(days=1)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


# --- What the household owes -----------------------------------------------------------


@dataclass(frozen=True)
class OwedMember:
    person: Person
    card: HealthCard
    expired: bool
    days_left: int


def _current_card(session: Session, person_id: int, *, lock: bool = False) -> HealthCard | None:
    query = (
        select(HealthCard).where(HealthCard.person_id == person_id, HealthCard.status == "active")
        .order_by(HealthCard.valid_to.desc(), HealthCard.id.desc()).limit(1)
    )
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()


def household_members(session: Session, *, payer_id: int) -> list[Person]:
    """The people of the payer's household, in register order (the head first)."""
    payer = session.get(Person, payer_id)
    if payer is None:
        raise NotFound("Không tìm thấy thông tin người tham gia.")
    if payer.household_id is None:
        return [payer]
    people = session.scalars(select(Person).where(Person.household_id == payer.household_id)).all()
    return sorted(people, key=lambda p: (p.relation_to_head != HEAD_OF_HOUSEHOLD, p.birth_year,
                                         p.birth_month or 1, p.birth_day or 1, p.id))


def owed_members(session: Session, *, payer_id: int, today: dt.date) -> list[OwedMember]:
    """Household members whose household card ends within 60 days or has ended."""
    owed = []
    for person in household_members(session, payer_id=payer_id):
        card = _current_card(session, person.id)
        if card is None or card.object_code not in RENEWABLE_ONLINE_OBJECT_CODES:
            continue
        days_left = (card.valid_to - today).days
        if days_left <= RENEWAL_WINDOW_DAYS:
            owed.append(OwedMember(person=person, card=card, expired=days_left < 0, days_left=days_left))
    return owed


def paid_this_year(session: Session, *, household_person_ids: list[int], excluding: set[int], year: int) -> int:
    """Members (outside `excluding`) who already paid for a household card this year."""
    others = [pid for pid in household_person_ids if pid not in excluding]
    if not others:
        return 0
    return session.scalar(
        select(func.count(func.distinct(HealthCard.person_id))).where(
            HealthCard.person_id.in_(others),
            HealthCard.object_code.in_(sorted(RENEWABLE_ONLINE_OBJECT_CODES)),
            HealthCard.issue_date >= dt.date(year, 1, 1), HealthCard.issue_date <= dt.date(year, 12, 31),
        )
    ) or 0


@dataclass(frozen=True)
class QuoteLine:
    person: Person
    card: HealthCard
    position: int
    monthly: int
    total: int
    period_from: dt.date
    period_to: dt.date


@dataclass(frozen=True)
class HouseholdQuote:
    lines: list[QuoteLine]
    months: int
    base_salary: int
    already_paid: int  # members who paid earlier this year (they take the first positions)

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines)


def quote_household(session: Session, *, payer_id: int, person_ids: list[int], months: int,
                    today: dt.date) -> HouseholdQuote:
    if months not in rates.HOUSEHOLD_PERIODS:
        raise ValidationError("Thời hạn đóng là 3, 6 hoặc 12 tháng.", field="months")
    owed = {m.person.id: m for m in owed_members(session, payer_id=payer_id, today=today)}
    wanted = set(person_ids)
    if not wanted:
        raise ValidationError("Chọn ít nhất một thành viên cần gia hạn thẻ.", field="members")
    if wanted - owed.keys():
        raise NotFound("Không tìm thấy thành viên này trong danh sách cần gia hạn.")
    chosen = [member for pid, member in owed.items() if pid in wanted]  # register order
    household = [p.id for p in household_members(session, payer_id=payer_id)]
    earlier = paid_this_year(session, household_person_ids=household, excluding=set(person_ids), year=today.year)
    base, amounts = services.household_quote(session, members=earlier + len(chosen), months=months, start=today)
    lines = []
    for member, amount in zip(chosen, amounts[earlier:], strict=True):
        start, end = card_period(current_valid_to=member.card.valid_to, today=today, months=months)
        lines.append(QuoteLine(person=member.person, card=member.card, position=amount.position,
                               monthly=amount.monthly, total=amount.total, period_from=start, period_to=end))
    return HouseholdQuote(lines=lines, months=months, base_salary=base, already_paid=earlier)


# --- Voluntary BHXH --------------------------------------------------------------------


@dataclass(frozen=True)
class VoluntarySchedule:
    person: Person
    last_paid_month: dt.date | None  # first day of the last month recorded
    next_month: dt.date  # first day of the first month to pay
    income: int  # proposed: the last income, within today's bounds
    bounds: tuple[int, int]
    group: str = "khac"

    def period(self, months: int) -> tuple[dt.date, dt.date]:
        return self.next_month, add_months(self.next_month, months - 1)


def voluntary_schedule(session: Session, *, person_id: int, today: dt.date) -> VoluntarySchedule | None:
    """The voluntary participant's next months, or None when they are not one."""
    periods = session.scalars(
        select(ParticipationPeriod).where(
            ParticipationPeriod.person_id == person_id, ParticipationPeriod.scheme == "BHXH",
            ParticipationPeriod.mode == "voluntary",
        ).order_by(ParticipationPeriod.from_month.desc())
    ).all()
    if not periods or any(p.to_month is None for p in periods):
        return None  # never voluntary, or paying through an agent with an open period
    last = max(p.to_month for p in periods)
    latest = max(periods, key=lambda p: p.to_month)
    next_month = max(add_months(last, 1), first_of_month(today))
    low, high = services.voluntary_bounds(session, on=next_month)
    income = min(max(latest.wage, low), high)
    income -= income % rates.INCOME_STEP
    if income < low:
        income += rates.INCOME_STEP
    return VoluntarySchedule(person=session.get(Person, person_id), last_paid_month=last, next_month=next_month,
                             income=income, bounds=(low, high))


# --- Orders ----------------------------------------------------------------------------


def new_reference(now: dt.datetime) -> str:
    """vnp_TxnRef: unique per order; date + 10 random characters (no personal data)."""
    return f"{gateway.gateway_time(now)[2:8]}{secrets.token_hex(5).upper()}"


def create_household_order(session: Session, *, account_id: int, payer_id: int, person_ids: list[int],
                           months: int, today: dt.date, now: dt.datetime) -> PaymentOrder:
    quote = quote_household(session, payer_id=payer_id, person_ids=person_ids, months=months, today=today)
    order = PaymentOrder(reference=new_reference(now), account_id=account_id, payer_person_id=payer_id,
                         kind="household_bhyt", months=months, amount=quote.total, status="pending",
                         created_at=now, expires_at=now + ORDER_LIFETIME)
    order.lines = [
        PaymentOrderLine(person_id=line.person.id, position=line.position, months=months, monthly_amount=line.monthly,
                         amount=line.total, period_from=line.period_from, period_to=line.period_to,
                         card_id=line.card.id)
        for line in quote.lines
    ]
    session.add(order)
    session.flush()
    return order


def create_voluntary_order(session: Session, *, account_id: int, person_id: int, months: int, income: int,
                           today: dt.date, now: dt.datetime) -> PaymentOrder:
    schedule = voluntary_schedule(session, person_id=person_id, today=today)
    if schedule is None:
        raise NotFound("Chưa thể đóng tiếp BHXH tự nguyện trực tuyến cho bạn.")
    amount = services.voluntary_quote(session, income=income, months=months, group=schedule.group,
                                      start=schedule.next_month)
    start, end = schedule.period(months)
    order = PaymentOrder(reference=new_reference(now), account_id=account_id, payer_person_id=person_id,
                         kind="voluntary_bhxh", months=months, amount=amount.total_due, status="pending",
                         created_at=now, expires_at=now + ORDER_LIFETIME)
    order.lines = [PaymentOrderLine(person_id=person_id, months=months, monthly_amount=amount.monthly_due,
                                    amount=amount.total_due, income=income, period_from=start, period_to=end)]
    session.add(order)
    session.flush()
    return order


def order_of(session: Session, *, reference: str, account_id: int) -> PaymentOrder:
    """The account's own order; anyone else's is "not found"."""
    order = session.scalars(select(PaymentOrder).where(PaymentOrder.reference == reference)).first()
    if order is None or order.account_id != account_id:
        raise NotFound("Không tìm thấy giao dịch này.")
    return order


def recent_orders(session: Session, *, account_id: int, limit: int = 10) -> list[PaymentOrder]:
    return list(session.scalars(
        select(PaymentOrder).where(PaymentOrder.account_id == account_id)
        .order_by(PaymentOrder.created_at.desc(), PaymentOrder.id.desc()).limit(limit)
    ))


# --- State changes (one function each) -------------------------------------------------


def _claim(session: Session, order_id: int, *, allowed: tuple[str, ...], values: dict) -> bool:
    """Move the order out of `allowed` in one conditional UPDATE: of two notifications at
    once, exactly one gets rowcount 1 (PostgreSQL re-checks the WHERE after the row lock)."""
    result = session.execute(
        update(PaymentOrder).where(PaymentOrder.id == order_id, PaymentOrder.status.in_(allowed))
        .values(**values).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def mark_paid(session: Session, *, order_id: int, transaction_no: str, bank_code: str, now: dt.datetime,
              today: dt.date) -> bool:
    """Mark the order paid and give each line its effect, in the caller's transaction.

    A pending order, or one abandoned here whose payment the bank completed anyway,
    becomes paid; anything else returns False and changes nothing.
    """
    if not _claim(session, order_id, allowed=("pending", "abandoned"),
                  values={"status": "paid", "decided_at": now, "response_code": gateway.SUCCESS,
                          "transaction_no": transaction_no, "bank_code": bank_code}):
        return False
    order = session.get(PaymentOrder, order_id, populate_existing=True)
    for line in order.lines:
        if order.kind == "household_bhyt":
            _renew_card(session, line, today=today)
        else:
            _record_voluntary(session, line, today=today)
    _queue_receipt(session, order)
    notify(session, account_id=order.account_id, kind="payment", now=now,
           title=f"Thanh toán thành công {format_vnd(order.amount)}",
           body=f"Giao dịch {order.reference} đã được thanh toán. Chạm để xem biên lai.",
           url=f"/thanh-toan/giao-dich/{order.reference}", dedupe_key=f"payment:{order.id}:paid",
           sent_elsewhere=frozenset({"sms", "email"}))
    return True


def mark_failed(session: Session, *, order_id: int, response_code: str, now: dt.datetime) -> bool:
    """The bank declined or the payer cancelled: nothing but the order's status changes."""
    status = "abandoned" if response_code == gateway.CANCELLED_BY_PAYER else "declined"
    if not _claim(session, order_id, allowed=("pending",),
                  values={"status": status, "decided_at": now, "response_code": response_code[:2] or None}):
        return False
    order = session.get(PaymentOrder, order_id, populate_existing=True)
    notify(session, account_id=order.account_id, kind="payment", now=now,
           title="Thanh toán không thành công",
           body=f"Giao dịch {order.reference} chưa được thanh toán; thẻ BHYT và quá trình đóng không thay đổi.",
           url=f"/thanh-toan/giao-dich/{order.reference}", dedupe_key=f"payment:{order.id}:{status}")
    return True


def abandon_expired(session: Session, *, now: dt.datetime) -> int:
    """Pending orders past their gateway expiry become abandoned (run by a timer)."""
    result = session.execute(
        update(PaymentOrder).where(PaymentOrder.status == "pending", PaymentOrder.expires_at < now)
        .values(status="abandoned", decided_at=now).execution_options(synchronize_session=False)
    )
    return result.rowcount


def _renew_card(session: Session, line: PaymentOrderLine, *, today: dt.date) -> None:
    card = _current_card(session, line.person_id, lock=True)
    if card is None:  # the card was withdrawn meanwhile: keep the money's trace, an officer follows up
        card = session.get(HealthCard, line.card_id)
    start, end = card_period(current_valid_to=card.valid_to if card.status == "active" else None,
                             today=today, months=line.months)
    continuous = start == card.valid_to + dt.timedelta(days=1)
    renewed = HealthCard(
        person_id=card.person_id, card_number=card.card_number, object_code=card.object_code,
        benefit_level=card.benefit_level, province_code=card.province_code, area_code=card.area_code,
        facility_code=card.facility_code, valid_from=card.valid_from if continuous else start, valid_to=end,
        issue_date=today, five_years_date=card.five_years_date, issuing_office_id=card.issuing_office_id,
        status="active",
    )
    card.status = "replaced"
    session.add(renewed)
    session.flush()
    line.period_from, line.period_to, line.new_card_id = start, end, renewed.id


def _record_voluntary(session: Session, line: PaymentOrderLine, *, today: dt.date) -> None:
    schedule = voluntary_schedule(session, person_id=line.person_id, today=today)
    start = schedule.next_month if schedule else first_of_month(today)
    end = add_months(start, line.months - 1)
    person = session.get(Person, line.person_id)
    session.add(ParticipationPeriod(person_id=line.person_id, scheme="BHXH", from_month=start, to_month=end,
                                    wage=line.income or 0, province_code=person.province_code, mode="voluntary"))
    line.period_from, line.period_to = start, end


def receipt_text(order: PaymentOrder) -> str:
    if order.kind == "household_bhyt":
        names = ", ".join(f"{line.person.full_name} đến {line.period_to:%d/%m/%Y}" for line in order.lines)
        what = f"gia hạn thẻ BHYT: {names}"
    else:
        line = order.lines[0]
        what = f"BHXH tự nguyện tháng {line.period_from:%m/%Y} - {line.period_to:%m/%Y}"
    return (f"VssID: Đã nhận {format_vnd(order.amount)} (giao dịch {order.reference}, "
            f"mã ngân hàng {order.transaction_no or '-'}) cho {what}.")


def _queue_receipt(session: Session, order: PaymentOrder) -> None:
    account = session.get(Account, order.account_id)
    text = receipt_text(order)
    if account.phone:
        queue_sms(session, to=account.phone, body=text)
    if account.email:
        queue_email(session, to=account.email, subject=f"Biên lai thanh toán {order.reference}", body=text)


# --- The gateway's notification ----------------------------------------------------------


def handle_notification(session: Session, *, params: dict[str, str], config: gateway.GatewayConfig,
                        now: dt.datetime, today: dt.date) -> tuple[str, str]:
    """Verify an IPN and apply it; returns VNPay's (RspCode, Message). The caller commits.

    Checked in VNPay's order: signature, merchant and order, amount, then the status (a
    second notification for a decided order answers "already confirmed", changing nothing).
    """
    result = gateway.read_result(params, config.hash_secret)
    if result is None:
        return gateway.IPN_BAD_SIGNATURE
    order = session.scalars(select(PaymentOrder).where(PaymentOrder.reference == result.reference)).first()
    if order is None or result.tmn_code != config.tmn_code:
        return gateway.IPN_NOT_FOUND
    if not result.amount_matches(order.amount):
        return gateway.IPN_BAD_AMOUNT
    order_id = order.id
    # End the read transaction, so the conditional UPDATE below starts the write (SQLite
    # then waits for the write lock instead of failing on a stale snapshot).
    session.commit()
    if result.succeeded:
        changed = mark_paid(session, order_id=order_id, transaction_no=result.transaction_no,
                            bank_code=result.bank_code, now=now, today=today)
    else:
        changed = mark_failed(session, order_id=order_id, response_code=result.response_code, now=now)
    if not changed:
        session.rollback()
        return gateway.IPN_ALREADY
    return gateway.IPN_OK
