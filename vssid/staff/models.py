"""The staff console's own tables: staff accounts, their sessions, registry corrections.

Staff never share the citizens' tables: a staff member is not an `Account`, a staff
session is not a `UserSession`, and the cookie is a different one (vssid/staff/web.py).
Secrets follow vssid/accounts/models.py: passwords as argon2id hashes, session tokens as
SHA-256 digests; the TOTP secret is stored encrypted (vssid/staff/totp.py), because the
server must read it back to check codes.
"""
from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vssid.core.db import Base, UtcDateTime, intpk, utcnow

# officer: registrations, public-service requests, registry corrections and imports.
# support_agent: tickets, chatbot review, help to citizens with their accounts.
# editor: news, FAQ, directories. admin: staff accounts and roles, audit log; passes every check.
ROLES = ("officer", "support_agent", "editor", "admin")
ROLE_LABELS_VI = {
    "officer": "Cán bộ nghiệp vụ",
    "support_agent": "Nhân viên hỗ trợ",
    "editor": "Biên tập viên",
    "admin": "Quản trị hệ thống",
}
STAFF_EMAIL_DOMAIN = "vss.gov.vn"  # DOMAIN.md §7


def role_allows(role: str | None, required: tuple[str, ...]) -> bool:
    """Whether a staff member of `role` may use a page that requires one of `required`.

    No role required means any staff member; "admin" passes every check.
    """
    if role not in ROLES:
        return False
    return not required or role == "admin" or role in required


class StaffMember(Base):
    """A VSS employee who works in the staff console (cán bộ)."""

    __tablename__ = "staff_member"
    __table_args__ = (
        CheckConstraint("role IN ('officer', 'support_agent', 'editor', 'admin')", name="role"),
        CheckConstraint("status IN ('active', 'disabled')", name="status"),
    )
    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lower case, @vss.gov.vn
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(10), default="active")
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(SmallInteger, default=0)
    locked_until: Mapped[UtcDateTime | None]
    # AES-GCM(nonce || ciphertext) of the base32 TOTP secret; NULL until enrolment is confirmed.
    totp_secret: Mapped[bytes | None] = mapped_column(LargeBinary(128))
    # The secret being enrolled, shown once as a QR code, kept only until the first code.
    totp_pending: Mapped[bytes | None] = mapped_column(LargeBinary(128))
    totp_enrolled_at: Mapped[UtcDateTime | None]
    # The last accepted 30-second time step: a code of that step or an earlier one is refused.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # Bumped by every login; its UPDATE takes the row lock that serialises logins.
    login_generation: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    password_changed_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    last_login_at: Mapped[UtcDateTime | None]

    @property
    def role_label(self) -> str:
        return ROLE_LABELS_VI.get(self.role, self.role)

    @property
    def totp_enrolled(self) -> bool:
        return self.totp_secret is not None


class StaffSession(Base):
    """A staff console session; the browser's `vssid_staff` cookie holds a random token
    whose SHA-256 is here. Separate from citizens' `user_session`."""

    __tablename__ = "staff_session"
    __table_args__ = (Index("ix_staff_session_staff_live", "staff_id", "revoked_at"),)
    id: Mapped[intpk]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id"))
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    revoked_at: Mapped[UtcDateTime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(20))
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    network: Mapped[str] = mapped_column(String(50), default="")

    staff: Mapped[StaffMember] = relationship(lazy="joined")


class RegistryCorrection(Base):
    """One field of the registry changed by an officer: who, when, what, from what, why."""

    __tablename__ = "registry_correction"
    __table_args__ = (
        Index("ix_registry_correction_person_at", "person_id", "at"),
        Index("ix_registry_correction_table_row", "table_name", "row_id"),
    )
    id: Mapped[intpk]
    at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[int] = mapped_column(BigInteger)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(500))

    staff: Mapped[StaffMember] = relationship(lazy="joined")
