"""Requests citizens file from the app (Dịch vụ công) and their status history.

One table for the three kinds, with the few fields each kind needs; every status change
adds a ServiceRequestEvent row (who, when, why), the history the citizen sees.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vssid.core.db import Base, UtcDateTime, intpk, utcnow
from vssid.registry.models import Facility, HealthCard, Person

REQUEST_KINDS = ("facility_change", "card_reissue", "contact_update")
# submitted: waiting for an officer; approved: accepted, takes effect later (a facility
# change from the next quarter); completed: applied to the registry; rejected.
REQUEST_STATUSES = ("submitted", "approved", "completed", "rejected")
REISSUE_REASONS = ("lost", "damaged")


class ServiceRequest(Base):
    __tablename__ = "service_request"
    __table_args__ = (
        CheckConstraint("kind IN ('facility_change', 'card_reissue', 'contact_update')", name="kind"),
        CheckConstraint("status IN ('submitted', 'approved', 'completed', 'rejected')", name="status"),
        CheckConstraint("reason IS NULL OR reason IN ('lost', 'damaged')", name="reason"),
        CheckConstraint("kind != 'facility_change' OR (facility_code IS NOT NULL AND effective_from IS NOT NULL)",
                        name="facility_change_fields"),
        Index("ix_service_request_status_created", "status", "created_at"),
        Index("ix_service_request_person_created", "person_id", "created_at"),
    )
    id: Mapped[intpk]
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("health_card.id"))
    status: Mapped[str] = mapped_column(String(10), default="submitted")
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    updated_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    # facility_change
    facility_code: Mapped[str | None] = mapped_column(ForeignKey("facility.code"))
    effective_from: Mapped[dt.date | None] = mapped_column(Date)
    # card_reissue
    reason: Mapped[str | None] = mapped_column(String(8))
    # contact_update (the new phone is proven by an OTP before the request exists)
    new_phone: Mapped[str | None] = mapped_column(String(15))
    new_email: Mapped[str | None] = mapped_column(String(254))
    new_address: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)  # the citizen's own words
    decision_note: Mapped[str | None] = mapped_column(String(300))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    decided_at: Mapped[UtcDateTime | None]

    person: Mapped[Person] = relationship()
    card: Mapped[HealthCard | None] = relationship()
    facility: Mapped[Facility | None] = relationship()
    events: Mapped[list[ServiceRequestEvent]] = relationship(
        back_populates="request", order_by="ServiceRequestEvent.id", cascade="all, delete-orphan"
    )


class ServiceRequestEvent(Base):
    __tablename__ = "service_request_event"
    id: Mapped[intpk]
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    note: Mapped[str | None] = mapped_column(String(300))

    request: Mapped[ServiceRequest] = relationship(back_populates="events")
