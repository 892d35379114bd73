"""The gateway hospital software calls (DOMAIN.md §9): facility accounts, their registered
addresses and clerks, access tokens, and the record of every card lookup.

Secrets follow vssid/accounts/models.py: the account password (the MD5 hex string the
hospital software sends, taken as the password) is stored as an argon2id hash; tokens
are stored as SHA-256 digests, so a copy of the database holds no usable token.
"""
from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vssid.core.db import Base, UtcDateTime, intpk, utcnow
from vssid.registry.models import Facility


class GatewayAccount(Base):
    """A facility's API account (e.g. ``79014_BV``), created by an officer in the console."""

    __tablename__ = "gateway_account"
    __table_args__ = (CheckConstraint("status IN ('active', 'disabled')", name="status"),)
    id: Mapped[intpk]
    username: Mapped[str] = mapped_column(String(40), unique=True)
    facility_code: Mapped[str] = mapped_column(ForeignKey("facility.code"), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="active")
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    password_changed_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)

    facility: Mapped[Facility] = relationship(lazy="joined")
    addresses: Mapped[list[GatewayAddress]] = relationship(
        back_populates="account", order_by="GatewayAddress.address", cascade="all, delete-orphan")
    clerks: Mapped[list[GatewayClerk]] = relationship(
        back_populates="account", order_by="GatewayClerk.full_name", cascade="all, delete-orphan")


class GatewayAddress(Base):
    """An IP address (or network, CIDR) from which the account may connect."""

    __tablename__ = "gateway_address"
    __table_args__ = (UniqueConstraint("account_id", "address", name="uq_gateway_address_account_address"),)
    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(ForeignKey("gateway_account.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(50))  # normalised: "203.0.113.7" or "203.0.113.0/28"
    note: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)

    account: Mapped[GatewayAccount] = relationship(back_populates="addresses")


class GatewayClerk(Base):
    """A facility employee who may look cards up (hoTenCb, cccdCb; since 01/08/2024)."""

    __tablename__ = "gateway_clerk"
    __table_args__ = (UniqueConstraint("account_id", "cccd", name="uq_gateway_clerk_account_cccd"),)
    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(ForeignKey("gateway_account.id", ondelete="CASCADE"))
    full_name: Mapped[str] = mapped_column(String(120))
    cccd: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)

    account: Mapped[GatewayAccount] = relationship(back_populates="clerks")


class GatewayToken(Base):
    """An access token taken with /api/token/take: bound to the address that took it,
    valid until ``expires_at``. ``password_mac`` is an HMAC (server secret) of the password
    sent at take time, so later calls' query-string password is checked without argon2."""

    __tablename__ = "gateway_token"
    __table_args__ = (Index("ix_gateway_token_account_expires", "account_id", "expires_at"),)
    id: Mapped[intpk]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    id_token_hash: Mapped[str] = mapped_column(String(64))
    password_mac: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[int] = mapped_column(ForeignKey("gateway_account.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(45))
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    expires_at: Mapped[UtcDateTime]

    account: Mapped[GatewayAccount] = relationship(lazy="joined")


class CardLookup(Base):
    """One card lookup by a facility: who (account, clerk), when, what came back.

    ``person_id`` is the holder when the card number is known (even when the name or birth
    date sent did not match): the holder sees every facility that looked their card up.
    """

    __tablename__ = "card_lookup"
    __table_args__ = (
        CheckConstraint("kind IN ('the', 'lskcb')", name="kind"),
        Index("ix_card_lookup_person_at", "person_id", "at"),
        Index("ix_card_lookup_account_at", "account_id", "at"),
    )
    id: Mapped[intpk]
    at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    account_id: Mapped[int] = mapped_column(ForeignKey("gateway_account.id"))
    facility_code: Mapped[str] = mapped_column(ForeignKey("facility.code"))
    clerk_name: Mapped[str] = mapped_column(String(120))
    clerk_cccd: Mapped[str] = mapped_column(String(12))
    card_code: Mapped[str] = mapped_column(String(15))  # as sent, normalised (10 or 15 characters)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    kind: Mapped[str] = mapped_column(String(5))  # "the": card check; "lskcb": visit history
    result_code: Mapped[str] = mapped_column(String(3))
    message: Mapped[str] = mapped_column(String(200))  # the short thongBao shown to later lookups
    address: Mapped[str] = mapped_column(String(45))

    account: Mapped[GatewayAccount] = relationship(lazy="joined")
    facility: Mapped[Facility] = relationship(lazy="joined")

