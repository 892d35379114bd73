"""Administrators manage staff accounts: create, change role, disable, reset credentials.

The system keeps at least one active administrator: the last one can be neither
demoted nor disabled, and nobody disables or demotes themselves from the console.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vssid.accounts import passwords
from vssid.accounts.audit import Client
from vssid.accounts.registration import initial_password
from vssid.core.errors import NotFound, ValidationError
from vssid.staff import sessions
from vssid.staff.audit_log import record
from vssid.staff.auth import validate_role
from vssid.staff.models import StaffMember


def all_staff(session: Session) -> list[StaffMember]:
    return list(session.scalars(select(StaffMember).order_by(StaffMember.status, StaffMember.full_name)))


def active_with_role(session: Session, *roles: str) -> list[StaffMember]:
    """Active staff who hold one of `roles` (administrators included), by name: for "assign to" lists."""
    query = select(StaffMember).where(StaffMember.status == "active")
    if roles:
        query = query.where(StaffMember.role.in_({*roles, "admin"}))
    return list(session.scalars(query.order_by(StaffMember.full_name, StaffMember.id)))


def get(session: Session, staff_id: int) -> StaffMember:
    member = session.get(StaffMember, staff_id)
    if member is None:
        raise NotFound("Không tìm thấy cán bộ này.")
    return member


def _other_active_admins(session: Session, member: StaffMember) -> int:
    return session.scalar(select(func.count()).select_from(StaffMember).where(
        StaffMember.role == "admin", StaffMember.status == "active", StaffMember.id != member.id))


def change_role(
    session: Session, *, staff_id: int, role: str, actor: StaffMember, client: Client, now: dt.datetime
) -> StaffMember:
    role = validate_role(role)
    member = get(session, staff_id)
    if member.role == role:
        raise ValidationError("Cán bộ đã có vai trò này.", field="role")
    if member.role == "admin" and member.id == actor.id:
        raise ValidationError("Không thể tự bỏ vai trò quản trị của mình.", field="role")
    if member.role == "admin" and not _other_active_admins(session, member):
        raise ValidationError("Phải còn ít nhất một quản trị hệ thống đang hoạt động.", field="role")
    old, member.role = member.role, role
    # New rights take effect at the next login: end the sessions opened under the old role.
    sessions.end_all(session, staff_id=member.id, reason=sessions.REVOKED_BY_ADMIN, now=now)
    record(session, "staff_role_changed", staff_id=actor.id, client=client, member_id=member.id, old=old, new=role)
    session.commit()
    return member


def set_status(
    session: Session, *, staff_id: int, active: bool, actor: StaffMember, client: Client, now: dt.datetime
) -> StaffMember:
    member = get(session, staff_id)
    status = "active" if active else "disabled"
    if member.status == status:
        raise ValidationError("Tài khoản đã ở trạng thái này.", field="status")
    if not active and member.id == actor.id:
        raise ValidationError("Không thể tự khóa tài khoản của mình.", field="status")
    if not active and member.role == "admin" and not _other_active_admins(session, member):
        raise ValidationError("Phải còn ít nhất một quản trị hệ thống đang hoạt động.", field="status")
    member.status = status
    if not active:
        sessions.end_all(session, staff_id=member.id, reason=sessions.REVOKED_DISABLED, now=now)
    record(session, "staff_status_changed", staff_id=actor.id, client=client, member_id=member.id, status=status)
    session.commit()
    return member


def reset_credentials(
    session: Session, *, staff_id: int, actor: StaffMember | None, client: Client | None, now: dt.datetime
) -> tuple[StaffMember, str]:
    """A lost phone or forgotten password: a new initial password (returned once), the
    authenticator removed (enrolled again at the next login), every session ended."""
    member = get(session, staff_id)
    if actor is not None and member.id == actor.id:
        raise ValidationError("Không thể tự cấp lại cho chính mình; đề nghị một quản trị khác.", field="status")
    initial = initial_password()
    member.password_hash = passwords.hash_password(initial)
    member.must_change_password, member.password_changed_at = True, now
    member.totp_secret = member.totp_pending = None
    member.totp_enrolled_at = member.totp_last_step = None
    member.failed_logins, member.locked_until = 0, None
    sessions.end_all(session, staff_id=member.id, reason=sessions.REVOKED_BY_ADMIN, now=now)
    record(session, "staff_credentials_reset", staff_id=actor.id if actor else None, client=client,
           member_id=member.id, by="cli" if actor is None else "console")
    session.commit()
    return member, initial
