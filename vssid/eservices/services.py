"""Public services (Dịch vụ công): file a request, officers decide, approval applies it.

Flask-free. The rules:
- Change of initial facility (DOMAIN.md §7): only in the first days of a quarter (15 days
  since 01/07/2025, Luật BHYT as amended by Luật 51/2024/QH15; 10 days before), to a
  contracted facility that accepts initial registration in the holder's province; it takes
  effect from the first day of the next quarter. Approval schedules it; the card's
  facility changes on that day (`apply_due_changes`, run daily, and at once when the day
  has already come).
- Card reissue (lost or damaged): approval issues the same card again (same number and
  validity, issue date today); the old card row is kept as 'replaced'.
- Contact update: the new phone is proven by an OTP before the request exists; approval
  writes phone, email and address to the registry and the account.
- One open request of a kind per person. Every status change goes through
  `set_request_status` (history row + SMS notice), the one place to hook notices.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from vssid.core.i18n import N_
from vssid.accounts.models import Account
from vssid.core.errors import Conflict, NotFound, ValidationError
from vssid.core.dates import format_date_vi, to_local
from vssid.eservices.models import REISSUE_REASONS, ServiceRequest, ServiceRequestEvent
from vssid.notifications.services import notify
from vssid.outbound.services import queue_sms
from vssid.registry.models import Facility, HealthCard, Person

# (in force from, days of the window at the start of each quarter)
FACILITY_WINDOW_DAYS = ((dt.date(2025, 7, 1), 15), (dt.date(1900, 1, 1), 10))
OPEN_STATUSES = ("submitted", "approved")

KIND_LABELS_VI = {"facility_change": N_("Đổi nơi đăng ký KCB ban đầu"), "card_reissue": N_("Cấp lại thẻ BHYT"),
                  "contact_update": N_("Cập nhật thông tin liên hệ")}
STATUS_LABELS_VI = {"submitted": N_("Đã tiếp nhận, chờ xử lý"), "approved": N_("Đã duyệt, chờ hiệu lực"),
                    "completed": N_("Đã hoàn thành"), "rejected": N_("Bị từ chối")}
REASON_LABELS_VI = {"lost": N_("Mất thẻ"), "damaged": N_("Thẻ hỏng, rách")}

PHONE = re.compile(r"0[35789]\d{8}")
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}")


# --- The quarter window --------------------------------------------------------------------


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter_start(day: dt.date) -> dt.date:
    start = quarter_start(day)
    return dt.date(start.year + 1, 1, 1) if start.month == 10 else dt.date(start.year, start.month + 3, 1)


def window_days(quarter: dt.date) -> int:
    return next(days for since, days in FACILITY_WINDOW_DAYS if quarter >= since)


@dataclass(frozen=True)
class Window:
    open: bool
    opens_on: dt.date  # this quarter's start when open, else the next one's
    closes_on: dt.date
    effective_from: dt.date  # when a change filed now takes effect


def facility_change_window(today: dt.date) -> Window:
    start = quarter_start(today)
    closes = start + dt.timedelta(days=window_days(start) - 1)
    if today <= closes:
        return Window(True, start, closes, next_quarter_start(today))
    following = next_quarter_start(today)
    return Window(False, following, following + dt.timedelta(days=window_days(following) - 1),
                  next_quarter_start(following))


# --- Reading ---------------------------------------------------------------------------------


def current_card(session: Session, *, person_id: int) -> HealthCard | None:
    return session.scalars(
        select(HealthCard).where(HealthCard.person_id == person_id, HealthCard.status == "active")
        .order_by(HealthCard.valid_to.desc(), HealthCard.id.desc()).limit(1)
    ).first()


def facilities_for(session: Session, *, province_code: str) -> list[Facility]:
    """Contracted facilities that accept initial registration in the province."""
    return list(session.scalars(
        select(Facility).where(Facility.province_code == province_code, Facility.contracted_bhyt.is_(True),
                               Facility.accepts_initial_registration.is_(True)).order_by(Facility.name)
    ))


def requests_of(session: Session, *, person_id: int) -> list[ServiceRequest]:
    return list(session.scalars(
        select(ServiceRequest).where(ServiceRequest.person_id == person_id)
        .order_by(ServiceRequest.created_at.desc(), ServiceRequest.id.desc())
    ))


def request_of(session: Session, *, reference: str, person_id: int) -> ServiceRequest:
    found = session.scalars(select(ServiceRequest).where(ServiceRequest.reference == reference)).first()
    if found is None or found.person_id != person_id:
        raise NotFound("Không tìm thấy yêu cầu này.")
    return found


def queue(session: Session, *, status: str = "submitted", kind: str = "", limit: int = 200) -> list[ServiceRequest]:
    """Requests for officers, oldest first."""
    query = select(ServiceRequest).where(ServiceRequest.status == status)
    if kind:
        query = query.where(ServiceRequest.kind == kind)
    return list(session.scalars(query.order_by(ServiceRequest.created_at, ServiceRequest.id).limit(limit)))


def get_request(session: Session, *, request_id: int) -> ServiceRequest:
    found = session.get(ServiceRequest, request_id)
    if found is None:
        raise NotFound("Không tìm thấy yêu cầu này.")
    return found


# --- Filing -------------------------------------------------------------------------------


def new_reference(now: dt.datetime) -> str:
    return f"DVC{to_local(now):%y%m%d}{secrets.randbelow(10**6):06d}"


def open_request(session: Session, *, person_id: int, kind: str) -> ServiceRequest | None:
    return session.scalars(select(ServiceRequest).where(
        ServiceRequest.person_id == person_id, ServiceRequest.kind == kind,
        ServiceRequest.status.in_(OPEN_STATUSES))).first()


def refuse_if_open(session: Session, *, person_id: int, kind: str) -> None:
    existing = open_request(session, person_id=person_id, kind=kind)
    if existing is not None:
        raise Conflict(f"Bạn đã có yêu cầu {existing.reference} cùng loại đang được xử lý.")


def _file(session: Session, *, kind: str, account_id: int, person_id: int, now: dt.datetime, **fields) -> ServiceRequest:
    refuse_if_open(session, person_id=person_id, kind=kind)
    filed = ServiceRequest(reference=new_reference(now), kind=kind, account_id=account_id, person_id=person_id,
                           status="submitted", created_at=now, updated_at=now, **fields)
    filed.events = [ServiceRequestEvent(status="submitted", at=now)]
    session.add(filed)
    session.flush()
    return filed


def _card_or_error(session: Session, person_id: int) -> HealthCard:
    card = current_card(session, person_id=person_id)
    if card is None:
        raise ValidationError("Bạn chưa có thẻ BHYT đang hoạt động.")
    return card


def submit_facility_change(session: Session, *, account_id: int, person_id: int, facility_code: str,
                           today: dt.date, now: dt.datetime) -> ServiceRequest:
    window = facility_change_window(today)
    if not window.open:
        raise ValidationError(
            f"Chỉ được đổi nơi đăng ký KCB ban đầu trong {window_days(window.opens_on)} ngày đầu mỗi quý. "
            f"Lần đổi tiếp theo từ ngày {format_date_vi(window.opens_on)} đến ngày {format_date_vi(window.closes_on)}.",
            field="facility")
    card = _card_or_error(session, person_id)
    person = session.get(Person, person_id)
    allowed = {f.code for f in facilities_for(session, province_code=person.province_code)}
    if not facility_code:
        raise ValidationError("Chọn nơi đăng ký KCB ban đầu mới.", field="facility")
    if facility_code not in allowed:
        raise ValidationError("Cơ sở này không nhận đăng ký KCB ban đầu cho người ở tỉnh, thành phố của bạn.",
                              field="facility")
    if facility_code == card.facility_code:
        raise ValidationError("Đây đã là nơi đăng ký KCB ban đầu hiện tại của bạn.", field="facility")
    return _file(session, kind="facility_change", account_id=account_id, person_id=person_id, now=now,
                 card_id=card.id, facility_code=facility_code, effective_from=window.effective_from)


def submit_reissue(session: Session, *, account_id: int, person_id: int, reason: str, note: str,
                   now: dt.datetime) -> ServiceRequest:
    if reason not in REISSUE_REASONS:
        raise ValidationError("Chọn lý do cấp lại thẻ: mất thẻ hoặc thẻ hỏng.", field="reason")
    if len(note) > 500:
        raise ValidationError("Ghi chú tối đa 500 ký tự.", field="note")
    card = _card_or_error(session, person_id)
    return _file(session, kind="card_reissue", account_id=account_id, person_id=person_id, now=now,
                 card_id=card.id, reason=reason, note=note.strip() or None)


@dataclass(frozen=True)
class ContactChange:
    phone: str
    email: str | None
    address: str


def validate_contact(*, phone: str, email: str, address: str) -> ContactChange:
    """The new contact details; raises ValidationError with `.errors` per field."""
    phone = "".join(phone.split()).replace("+84", "0", 1)
    email, address = email.strip(), " ".join(address.split())
    errors = {}
    if not PHONE.fullmatch(phone):
        errors["phone"] = "Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09."
    if email and (len(email) > 254 or not EMAIL.fullmatch(email)):
        errors["email"] = "Địa chỉ email không hợp lệ."
    if not 10 <= len(address) <= 300:
        errors["address"] = "Nhập địa chỉ liên hệ (số nhà, đường, xã/phường, tỉnh/thành phố), 10 đến 300 ký tự."
    if errors:
        error = ValidationError(next(iter(errors.values())), field=next(iter(errors)))
        error.errors = errors
        raise error
    return ContactChange(phone=phone, email=email or None, address=address)


def submit_contact_update(session: Session, *, account_id: int, person_id: int, change: ContactChange,
                          now: dt.datetime) -> ServiceRequest:
    person = session.get(Person, person_id)
    if (change.phone, change.email, change.address) == (person.phone, person.email, person.address):
        raise ValidationError("Thông tin mới giống thông tin hiện tại.", field="phone")
    return _file(session, kind="contact_update", account_id=account_id, person_id=person_id, now=now,
                 new_phone=change.phone, new_email=change.email, new_address=change.address)


# --- Deciding -----------------------------------------------------------------------------


def set_request_status(session: Session, request: ServiceRequest, *, status: str, now: dt.datetime,
                       staff_id: int | None = None, note: str | None = None) -> None:
    """Every status change: the history row and an SMS notice to the account's phone."""
    request.status, request.updated_at = status, now
    request.events.append(ServiceRequestEvent(status=status, at=now, staff_id=staff_id, note=note))
    account = session.get(Account, request.account_id)
    text = f"Yêu cầu {request.reference} ({KIND_LABELS_VI[request.kind]}): {STATUS_LABELS_VI[status]}."
    if status == "approved" and request.effective_from:
        text += f" Áp dụng từ ngày {format_date_vi(request.effective_from)}."
    if status == "rejected" and note:
        text += f" Lý do: {note}"
    if account is not None and account.phone:
        queue_sms(session, to=account.phone, body=f"VssID: {text}")
    notify(session, account_id=request.account_id, kind="service_request", now=now,
           title=f"Yêu cầu {request.reference}: {STATUS_LABELS_VI[status]}", body=text,
           url=f"/dich-vu-cong/yeu-cau/{request.reference}", dedupe_key=f"service_request:{request.id}:{status}",
           sent_elsewhere=frozenset({"sms"}))


def decide(session: Session, *, request_id: int, approve: bool, staff_id: int, note: str, today: dt.date,
           now: dt.datetime) -> ServiceRequest:
    """An officer's decision on a submitted request; of two officers at once, one wins."""
    note = " ".join(note.split())
    if not approve and not note:
        raise ValidationError("Nêu lý do từ chối để người dân biết cần làm gì.", field="note")
    if len(note) > 300:
        raise ValidationError("Ghi chú tối đa 300 ký tự.", field="note")
    claimed = session.execute(
        update(ServiceRequest).where(ServiceRequest.id == request_id, ServiceRequest.status == "submitted")
        .values(decided_by=staff_id, decided_at=now, decision_note=note or None)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        session.rollback()
        get_request(session, request_id=request_id)  # NotFound when there is none
        raise Conflict("Yêu cầu này đã được xử lý.")
    request = session.get(ServiceRequest, request_id, populate_existing=True)
    if not approve:
        set_request_status(session, request, status="rejected", now=now, staff_id=staff_id, note=note)
        return request
    if request.kind == "facility_change":
        set_request_status(session, request, status="approved", now=now, staff_id=staff_id, note=note or None)
        if request.effective_from <= today:
            _apply_facility_change(session, request, now=now)
    elif request.kind == "card_reissue":
        _reissue(session, request, today=today)
        set_request_status(session, request, status="completed", now=now, staff_id=staff_id, note=note or None)
    else:
        _update_contact(session, request)
        set_request_status(session, request, status="completed", now=now, staff_id=staff_id, note=note or None)
    return request


def apply_due_changes(session: Session, *, today: dt.date, now: dt.datetime) -> int:
    """Approved facility changes whose quarter has begun: the card's facility changes."""
    due = session.scalars(select(ServiceRequest).where(
        ServiceRequest.kind == "facility_change", ServiceRequest.status == "approved",
        ServiceRequest.effective_from <= today)).all()
    for request in due:
        _apply_facility_change(session, request, now=now)
    return len(due)


def _apply_facility_change(session: Session, request: ServiceRequest, *, now: dt.datetime) -> None:
    card = current_card(session, person_id=request.person_id)
    if card is not None:
        card.facility_code = request.facility_code
    set_request_status(session, request, status="completed", now=now,
                       note=None if card else "Không còn thẻ đang hoạt động để cập nhật.")


def _reissue(session: Session, request: ServiceRequest, *, today: dt.date) -> None:
    card = current_card(session, person_id=request.person_id)
    if card is None:
        raise ValidationError("Người này không còn thẻ BHYT đang hoạt động để cấp lại.")
    session.add(HealthCard(
        person_id=card.person_id, card_number=card.card_number, object_code=card.object_code,
        benefit_level=card.benefit_level, province_code=card.province_code, area_code=card.area_code,
        facility_code=card.facility_code, valid_from=card.valid_from, valid_to=card.valid_to, issue_date=today,
        five_years_date=card.five_years_date, issuing_office_id=card.issuing_office_id, status="active",
    ))
    card.status = "replaced"
    session.flush()


def _update_contact(session: Session, request: ServiceRequest) -> None:
    person = session.get(Person, request.person_id)
    person.phone, person.email, person.address = request.new_phone, request.new_email, request.new_address
    account = session.get(Account, request.account_id)
    if account is not None:
        account.phone, account.email = request.new_phone, request.new_email
