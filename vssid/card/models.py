"""The keys that sign the card's "Mã xác thực" (vssid/card/signing.py, vssid/card/keys.py)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vssid.core.db import Base, UtcDateTime, UtcTimestamp, intpk

KEY_STATUSES = ("active", "retired", "revoked")


class CardSigningKey(Base):
    """An ES256 key pair. ``active``: signs new codes and verifies; ``retired``: verifies
    codes it signed until ``not_after`` (the grace period after a rotation), signs no
    more; ``revoked``: verifies nothing, and the key set lists it as revoked.

    The private key is sealed (AES-256-GCM) with a key derived from the app's secret
    (see SECURITY.md); the public key is stored in the clear and published as a JWK."""

    __tablename__ = "card_signing_key"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'retired', 'revoked')", name="status"),
        CheckConstraint("algorithm = 'ES256'", name="algorithm"),
        CheckConstraint("not_after IS NULL OR not_before < not_after", name="validity"),
    )

    id: Mapped[intpk]
    kid: Mapped[str] = mapped_column(String(16), unique=True)
    algorithm: Mapped[str] = mapped_column(String(8), default="ES256")
    public_key: Mapped[str] = mapped_column(Text)  # PEM SubjectPublicKeyInfo
    private_key_sealed: Mapped[bytes] = mapped_column(LargeBinary(128))
    status: Mapped[str] = mapped_column(String(8), default="active")
    not_before: Mapped[dt.datetime] = mapped_column(UtcTimestamp())
    not_after: Mapped[dt.datetime | None] = mapped_column(UtcTimestamp())
    created_at: Mapped[UtcDateTime]
    retired_at: Mapped[dt.datetime | None] = mapped_column(UtcTimestamp())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcTimestamp())
