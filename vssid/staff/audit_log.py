"""The audit log seen by administrators: staff actions are written here, read back with
filters (person, staff member, event, time), a page at a time, or exported as CSV.

Staff actions go into the same `audit_event` table as citizens' security events
(vssid/accounts/audit.py), with the staff member's id first in `detail`. The table has
no staff column, so the staff filter matches the JSON text (`"staff_id": 7,` or
`"staff_id": 7}`; registrations approved from the console carry `"decided_by": "staff:7"`).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vssid.accounts import audit
from vssid.accounts.audit import Client
from vssid.accounts.models import Account, AuditEvent
from vssid.core.dates import VN_TZ, parse_date_vi, to_local
from vssid.core.errors import ValidationError
from vssid.registry.models import Person
from vssid.staff.models import ROLE_LABELS_VI, StaffMember

PER_PAGE = 50
EXPORT_BATCH = 1000
BOM = "\ufeff"
_EVENT = re.compile(r"[a-z_]{2,40}")

EVENT_LABELS_VI = {
    "registration_submitted": "Gửi đăng ký tài khoản",
    "registration_pending": "Đăng ký chờ cán bộ duyệt",
    "registration_approved": "Duyệt đăng ký tài khoản",
    "registration_rejected": "Từ chối đăng ký tài khoản",
    "login_succeeded": "Đăng nhập thành công",
    "login_failed": "Đăng nhập thất bại",
    "login_refused_locked": "Đăng nhập khi tài khoản đang khóa",
    "account_locked": "Khóa tài khoản do sai mật khẩu",
    "otp_sent": "Gửi mã OTP",
    "otp_failed": "Mã OTP sai",
    "password_reset_unknown": "Quên mật khẩu: tài khoản không tồn tại",
    "device_changed": "Đổi thiết bị",
    "session_revoked": "Kết thúc phiên",
    "password_changed": "Đổi mật khẩu",
    "password_change_failed": "Đổi mật khẩu: sai mật khẩu hiện tại",
    "password_reset": "Đặt lại mật khẩu",
    "passkey_added": "Thêm đăng nhập vân tay",
    "passkey_removed": "Xóa đăng nhập vân tay",
    "passkey_used": "Đăng nhập vân tay",
    "passkey_rejected": "Từ chối đăng nhập vân tay",
    "passkey_reauth_failed": "Sai mật khẩu khi thêm vân tay",
    "staff_created": "Tạo tài khoản cán bộ",
    "staff_login_succeeded": "Cán bộ đăng nhập",
    "staff_login_failed": "Cán bộ đăng nhập thất bại",
    "staff_login_refused_locked": "Cán bộ đăng nhập khi đang khóa",
    "staff_locked": "Khóa tài khoản cán bộ",
    "staff_logout": "Cán bộ kết thúc phiên",
    "staff_access_denied": "Cán bộ mở trang không thuộc vai trò",
    "staff_totp_enrolled": "Cán bộ cài ứng dụng xác thực",
    "staff_totp_replayed": "Dùng lại mã xác thực đã dùng",
    "staff_totp_unreadable": "Không đọc được khóa xác thực",
    "staff_password_changed": "Cán bộ đổi mật khẩu",
    "staff_password_change_failed": "Cán bộ đổi mật khẩu: sai mật khẩu hiện tại",
    "staff_role_changed": "Đổi vai trò cán bộ",
    "staff_status_changed": "Khóa/mở tài khoản cán bộ",
    "staff_credentials_reset": "Cấp lại mật khẩu và xác thực cho cán bộ",
    "citizen_unlocked": "Mở khóa tài khoản người dân",
    "citizen_password_reissued": "Cấp lại mật khẩu cho người dân",
    "citizen_sessions_ended": "Kết thúc phiên của người dân",
    "citizen_device_removed": "Gỡ thiết bị của người dân",
    "registry_corrected": "Sửa dữ liệu gốc",
    "registry_imported": "Nhập dữ liệu từ hệ thống nghiệp vụ",
    "directory_imported": "Nhập danh bạ tra cứu từ CSV",
    "petition_assigned": "Phân công phản ánh, kiến nghị",
    "petition_answered": "Trả lời phản ánh, kiến nghị",
    "petition_closed": "Đóng phản ánh, kiến nghị",
    "news_created": "Viết bài tin tức",
    "news_edited": "Sửa bài tin tức",
    "news_published": "Đăng bài tin tức",
    "news_unpublished": "Gỡ bài tin tức",
    "payment_started": "Bắt đầu thanh toán trực tuyến",
    "eservice_facility_change": "Gửi yêu cầu đổi nơi KCB ban đầu",
    "eservice_card_reissue": "Gửi yêu cầu cấp lại thẻ BHYT",
    "eservice_contact_update": "Gửi yêu cầu cập nhật thông tin liên hệ",
    "eservice_approved": "Duyệt yêu cầu dịch vụ công",
    "eservice_rejected": "Từ chối yêu cầu dịch vụ công",
    "announcement_created": "Gửi thông báo của BHXH",
    "card_key_rotated": "Thay khóa ký mã xác thực thẻ",
    "card_key_revoked": "Thu hồi khóa ký mã xác thực thẻ",
    "offline_card_synced": "Lưu thẻ để xem khi không có mạng",
    "gateway_account_created": "Tạo tài khoản cổng giám định",
    "gateway_password_reset": "Cấp lại mật khẩu cổng giám định",
    "gateway_account_status": "Khóa/mở tài khoản cổng giám định",
    "gateway_address_added": "Thêm địa chỉ IP cổng giám định",
    "gateway_address_removed": "Gỡ địa chỉ IP cổng giám định",
    "gateway_clerk_added": "Thêm người tra cứu của cơ sở KCB",
    "gateway_clerk_removed": "Gỡ người tra cứu của cơ sở KCB",
    "gateway_refused": "Cổng giám định từ chối truy cập",
    "gateway_lookups_purged": "Xóa nhật ký tra cứu thẻ quá thời hạn lưu",
    "support_chats_purged": "Xóa hội thoại trợ lý ảo quá thời hạn lưu",
}


DETAIL_LABELS_VI = {
    "reason": "lý do", "ended_sessions": "số phiên kết thúc", "registration_id": "yêu cầu đăng ký",
    "decided_by": "người duyệt", "method": "cách đăng nhập", "purpose": "mục đích", "session_id": "phiên",
    "challenge_id": "mã OTP", "member_id": "cán bộ được sửa", "role": "vai trò", "old": "cũ", "new": "mới",
    "status": "trạng thái", "table": "bảng", "row_id": "dòng", "fields": "trường", "counts": "số bản ghi",
    "sha256": "SHA-256 của tệp", "endpoint": "trang", "email": "email", "step": "bước thời gian", "by": "thực hiện qua",
    "assignee": "cán bộ phụ trách", "state": "trạng thái bài",
    "deleted": "số bản ghi đã xóa", "retention_days": "thời hạn lưu (ngày)", "before": "xóa bản ghi trước",
    "expires_at": "hết hạn lúc",
}

# The coded values officers read in the log's details (the CSV export keeps the raw JSON).
_REASONS_VI = {
    "other_device": "đăng nhập trên thiết bị khác", "account_switch": "tài khoản khác đăng nhập trên thiết bị",
    "logout": "đăng xuất", "idle": "không hoạt động quá lâu", "expired": "hết thời hạn phiên",
    "password_change": "đổi mật khẩu", "holder": "chủ tài khoản kết thúc phiên", "new_login": "đăng nhập mới",
    # Failed logins: a wrong password, no such account, a disabled or expired staff account.
    "password": "sai mật khẩu", "unknown": "không có tài khoản này", "disabled": "tài khoản đã bị khóa",
    "initial_password_expired": "mật khẩu ban đầu hết hạn", "totp": "sai mã xác thực hai bước",
    "totp_replay": "mã xác thực hai bước đã dùng", "totp_enrolment": "sai mã khi cài xác thực hai bước",
}
DETAIL_VALUES_VI = {
    "reason": _REASONS_VI,
    "method": {"password": "mật khẩu", "passkey": "vân tay / khóa truy cập (passkey)"},
    "role": ROLE_LABELS_VI,
    "purpose": {"new_device": "xác nhận thiết bị mới", "password_reset": "đặt lại mật khẩu",
                "registration": "đăng ký tài khoản", "register": "đăng ký tài khoản",
                "contact_change": "đổi thông tin liên hệ", "login": "đăng nhập"},
    "channel": {"sms": "SMS", "email": "email"},
}


def shown_detail(detail: dict) -> list[tuple[str, object]]:
    """A detail as (label, value) pairs in Vietnamese; unknown keys and values shown as stored."""
    return [(DETAIL_LABELS_VI.get(key, key),
             DETAIL_VALUES_VI.get(key, {}).get(value, value) if isinstance(value, str) else value)
            for key, value in detail.items() if key != "staff_id"]


def record(
    session: Session, event: str, *, staff_id: int | None, client: Client | None = None,
    account_id: int | None = None, subject: str | None = None, **detail: object,
) -> None:
    """An audit event of the staff console; `staff_id` (who acted) comes first in the detail."""
    audit.record(session, event, client=client, account_id=account_id, subject=subject, staff_id=staff_id, **detail)


@dataclass(frozen=True)
class AuditFilter:
    ma_so: str = ""
    staff_email: str = ""
    event: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    # Resolved from the above by `parse_filter`.
    person_account_id: int | None = None
    staff_id: int | None = None

    def query_args(self) -> dict[str, str]:
        """The filter as URL parameters (paging links, CSV export)."""
        args = {"ma_so": self.ma_so, "can_bo": self.staff_email, "su_kien": self.event,
                "tu_ngay": self.date_from.isoformat() if self.date_from else "",
                "den_ngay": self.date_to.isoformat() if self.date_to else ""}
        return {k: v for k, v in args.items() if v}


def _parse_date(text: str, field: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parse_date_vi(text)
    except ValidationError as exc:
        raise ValidationError(exc.message, field=field) from None


def parse_filter(session: Session, args: dict[str, str]) -> tuple[AuditFilter, dict[str, str]]:
    """Read the filter form; unknown people or staff and bad dates are errors by field."""
    errors: dict[str, str] = {}
    ma_so = (args.get("ma_so") or "").strip().replace(" ", "")
    email = (args.get("can_bo") or "").strip().lower()
    event = (args.get("su_kien") or "").strip()
    account_id = staff_id = None
    if ma_so:
        if not (ma_so.isdigit() and len(ma_so) == 10):
            errors["ma_so"] = "Mã số BHXH gồm đúng 10 chữ số."
        else:
            account_id = session.scalar(select(Account.id).join(Account.person).where(Person.ma_so == ma_so))
    if email:
        staff_id = session.scalar(select(StaffMember.id).where(StaffMember.email == email))
        if staff_id is None:
            errors["can_bo"] = "Không có cán bộ nào với email này."
    if event and not _EVENT.fullmatch(event):
        errors["su_kien"] = "Chọn một loại sự kiện trong danh sách."
    dates: dict[str, dt.date | None] = {}
    for name in ("tu_ngay", "den_ngay"):
        try:
            dates[name] = _parse_date(args.get(name, ""), name)
        except ValidationError as exc:
            errors[name] = exc.message
            dates[name] = None
    if dates["tu_ngay"] and dates["den_ngay"] and dates["tu_ngay"] > dates["den_ngay"]:
        errors["den_ngay"] = "“Đến ngày” phải sau hoặc bằng “Từ ngày”."
    flt = AuditFilter(ma_so=ma_so, staff_email=email, event=event, date_from=dates["tu_ngay"],
                      date_to=dates["den_ngay"], person_account_id=account_id, staff_id=staff_id)
    return flt, errors


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=VN_TZ).astimezone(dt.timezone.utc)


def staff_condition(staff_id: int):
    """Events whose detail names this staff member (see the module docstring)."""
    return or_(
        AuditEvent.detail.like(f'%"staff_id": {staff_id},%'),
        AuditEvent.detail.like(f'%"staff_id": {staff_id}}}'),
        AuditEvent.detail.like(f'%"decided_by": "staff:{staff_id}"%'),
    )


def _conditions(flt: AuditFilter) -> list:
    conditions = []
    if flt.ma_so:
        person = [AuditEvent.subject == flt.ma_so]
        if flt.person_account_id is not None:
            person.append(AuditEvent.account_id == flt.person_account_id)
        conditions.append(or_(*person))
    if flt.staff_id is not None:
        conditions.append(staff_condition(flt.staff_id))
    if flt.event:
        conditions.append(AuditEvent.event == flt.event)
    if flt.date_from:
        conditions.append(AuditEvent.at >= _local_midnight(flt.date_from))
    if flt.date_to:
        conditions.append(AuditEvent.at < _local_midnight(flt.date_to + dt.timedelta(days=1)))
    return conditions


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    detail: dict
    staff_email: str | None

    @property
    def label(self) -> str:
        return EVENT_LABELS_VI.get(self.event.event, self.event.event)

    @property
    def shown_detail(self) -> list[tuple[str, object]]:
        return shown_detail(self.detail)


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    page: int
    has_next: bool


def _detail(text: str) -> dict:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {"detail": text}
    return value if isinstance(value, dict) else {"detail": value}


def _emails(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(StaffMember.id, StaffMember.email).where(StaffMember.id.in_(ids))).all())


def _staff_of(detail: dict) -> int | None:
    value = detail.get("staff_id")
    if isinstance(value, int):
        return value
    decided = detail.get("decided_by")
    if isinstance(decided, str) and decided.startswith("staff:") and decided[6:].isdigit():
        return int(decided[6:])
    return None


def search(session: Session, flt: AuditFilter, *, page: int = 1, per_page: int | None = None) -> AuditPage:
    page, per_page = max(1, page), per_page or PER_PAGE
    events = list(session.scalars(
        select(AuditEvent).where(*_conditions(flt)).order_by(AuditEvent.id.desc())
        .offset((page - 1) * per_page).limit(per_page + 1)
    ))
    details = [_detail(e.detail) for e in events[:per_page]]
    emails = _emails(session, {s for s in map(_staff_of, details) if s is not None})
    rows = [AuditRow(e, d, emails.get(_staff_of(d))) for e, d in zip(events, details)]
    return AuditPage(rows=rows, page=page, has_next=len(events) > per_page)


CSV_HEADER = ("Thời gian (giờ Việt Nam)", "Mã sự kiện", "Sự kiện", "Mã số / đối tượng", "Tài khoản",
              "Cán bộ", "Địa chỉ IP", "Trình duyệt", "Chi tiết")


def _cell(value: object) -> str:
    """A CSV cell Excel will not run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def iter_csv(session: Session, flt: AuditFilter) -> Iterator[str]:
    """The filtered log as CSV text chunks: BOM and header first, then batches by id."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    yield BOM + buffer.getvalue()
    emails = dict(session.execute(select(StaffMember.id, StaffMember.email)).all())
    conditions = _conditions(flt)
    columns = (AuditEvent.id, AuditEvent.at, AuditEvent.event, AuditEvent.subject, AuditEvent.account_id,
               AuditEvent.ip, AuditEvent.user_agent, AuditEvent.detail)
    last_id = None
    while True:
        # Plain rows in keyset batches: memory stays flat however long the log is.
        query = select(*columns).where(*conditions).order_by(AuditEvent.id.desc()).limit(EXPORT_BATCH)
        if last_id is not None:
            query = query.where(AuditEvent.id < last_id)
        batch = session.execute(query).all()
        if not batch:
            return
        buffer.seek(0)
        buffer.truncate()
        for row in batch:
            writer.writerow([_cell(v) for v in (
                to_local(row.at).strftime("%d/%m/%Y %H:%M:%S"), row.event, EVENT_LABELS_VI.get(row.event, ""),
                row.subject, row.account_id, emails.get(_staff_of(_detail(row.detail)), ""), row.ip,
                row.user_agent, row.detail,
            )])
        last_id = batch[-1].id
        yield buffer.getvalue()
