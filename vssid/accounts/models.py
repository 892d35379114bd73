"""Accounts: e-transaction accounts, registrations, sessions, devices, OTPs, passkeys, audit.

Secrets are never stored as given: passwords as argon2id hashes, session tokens, OTP
codes and device ids as SHA-256 digests (they are long random values, so a fast hash is
enough for them; passwords and 6-digit codes are what an attacker could guess).
"""
from __future__ import annotations

from sqlalchemy import (
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

from vssid.core.db import Base, MaSo, UtcDateTime, intpk, utcnow
from vssid.registry.models import Person, VssOffice

Digest = String(64)  # hex SHA-256


class Account(Base):
    """An e-transaction account (tài khoản giao dịch điện tử) of one insured person."""

    __tablename__ = "account"
    __table_args__ = (CheckConstraint("status IN ('active', 'disabled')", name="status"),)
    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(10), default="active")
    phone: Mapped[str] = mapped_column(String(15))  # registered, proven by OTP
    email: Mapped[str | None] = mapped_column(String(254))
    failed_logins: Mapped[int] = mapped_column(SmallInteger, default=0)
    locked_until: Mapped[UtcDateTime | None]
    device_hash: Mapped[str | None] = mapped_column(Digest)  # the account's one device
    # Bumped by every login; its UPDATE takes the row lock that serialises logins.
    login_generation: Mapped[int] = mapped_column(Integer, default=0)
    webauthn_user_handle: Mapped[bytes] = mapped_column(LargeBinary(64), unique=True)
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship(lazy="joined")


class Registration(Base):
    """A request for an account, as the VSS e-transaction form asks (NĐ 164/2025)."""

    __tablename__ = "registration"
    __table_args__ = (
        CheckConstraint(
            "status IN ('phone_unverified', 'pending_review', 'approved', 'rejected')", name="status"
        ),
        Index("ix_registration_ma_so_status", "ma_so", "status"),
    )
    id: Mapped[intpk]
    full_name: Mapped[str] = mapped_column(String(120))
    ma_so: Mapped[MaSo]
    cccd: Mapped[str] = mapped_column(String(12))
    birth_text: Mapped[str] = mapped_column(String(10))  # dd/mm/yyyy or yyyy, as entered
    phone: Mapped[str] = mapped_column(String(15))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(300))
    office_id: Mapped[int] = mapped_column(ForeignKey("vss_office.id"))
    status: Mapped[str] = mapped_column(String(20), default="phone_unverified")
    review_note: Mapped[str | None] = mapped_column(String(300))  # why it needs an officer
    reject_reason: Mapped[str | None] = mapped_column(String(300))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    decided_at: Mapped[UtcDateTime | None]

    office: Mapped[VssOffice] = relationship()


class OtpChallenge(Base):
    """A one-time code sent by SMS or email: 6 digits, 5 minutes, single use, 5 attempts."""

    __tablename__ = "otp_challenge"
    __table_args__ = (
        CheckConstraint(
            "purpose IN ('registration', 'new_device', 'password_reset', 'contact_change')",
            name="purpose",
        ),
    )
    id: Mapped[intpk]
    purpose: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id"), index=True)
    device_hash: Mapped[str | None] = mapped_column(Digest)
    destination: Mapped[str] = mapped_column(String(254))
    code_hash: Mapped[str] = mapped_column(Digest)
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    resends: Mapped[int] = mapped_column(SmallInteger, default=0)
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    sent_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    expires_at: Mapped[UtcDateTime]
    used_at: Mapped[UtcDateTime | None]


class UserSession(Base):
    """A server-side session; the browser holds only a random token whose hash is here."""

    __tablename__ = "user_session"
    __table_args__ = (Index("ix_user_session_account_live", "account_id", "revoked_at"),)
    id: Mapped[intpk]
    token_hash: Mapped[str] = mapped_column(Digest, unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    device_hash: Mapped[str] = mapped_column(Digest, index=True)
    method: Mapped[str] = mapped_column(String(10))  # password, passkey
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    revoked_at: Mapped[UtcDateTime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(20))
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    network: Mapped[str] = mapped_column(String(50), default="")  # IP with its last part hidden

    account: Mapped[Account] = relationship(lazy="joined")


class PasskeyCredential(Base):
    """A WebAuthn platform credential ("đăng nhập bằng vân tay")."""

    __tablename__ = "passkey_credential"
    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    credential_id: Mapped[bytes] = mapped_column(LargeBinary(1024), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(2048))
    sign_count: Mapped[int] = mapped_column(Integer, default=0)
    transports: Mapped[str] = mapped_column(String(100), default="")
    backup_eligible: Mapped[bool] = mapped_column(Boolean, default=False)
    backed_up: Mapped[bool] = mapped_column(Boolean, default=False)
    device_label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    last_used_at: Mapped[UtcDateTime | None]


class PasskeyChallenge(Base):
    """A WebAuthn challenge held by the server and used once."""

    __tablename__ = "passkey_challenge"
    __table_args__ = (CheckConstraint("purpose IN ('register', 'login')", name="purpose"),)
    id: Mapped[intpk]
    purpose: Mapped[str] = mapped_column(String(8))
    challenge: Mapped[bytes] = mapped_column(LargeBinary(64), unique=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    expires_at: Mapped[UtcDateTime]
    used_at: Mapped[UtcDateTime | None]


class AuditEvent(Base):
    """A security event, kept at least 12 months (Nghị định 53/2022/NĐ-CP)."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_account_at", "account_id", "at"),
        Index("ix_audit_event_event_at", "event", "at"),
    )
    id: Mapped[intpk]
    at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    event: Mapped[str] = mapped_column(String(40))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    subject: Mapped[str | None] = mapped_column(String(20))  # login id as typed (never a password)
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
