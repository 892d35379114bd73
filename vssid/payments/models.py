"""Orders paid online: household BHYT renewals and voluntary BHXH contributions.

An order is what the payer saw and signed: its amount (whole đồng) is the sum of its
lines, one line per member (household) or one for the participant (voluntary). Only the
gateway's server-to-server notification moves it out of "pending" (vssid/payments/orders.py).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vssid.core.db import Base, UtcDateTime, Vnd, intpk, utcnow
from vssid.registry.models import Person

ORDER_KINDS = ("household_bhyt", "voluntary_bhxh")
ORDER_STATUSES = ("pending", "paid", "declined", "abandoned")


class PaymentOrder(Base):
    __tablename__ = "payment_order"
    __table_args__ = (
        CheckConstraint("kind IN ('household_bhyt', 'voluntary_bhxh')", name="kind"),
        CheckConstraint("status IN ('pending', 'paid', 'declined', 'abandoned')", name="status"),
        CheckConstraint("amount > 0", name="amount"),
        CheckConstraint("months IN (1, 3, 6, 12)", name="months"),
        Index("ix_payment_order_account_created", "account_id", "created_at"),
    )
    id: Mapped[intpk]
    reference: Mapped[str] = mapped_column(String(20), unique=True)  # vnp_TxnRef
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    payer_person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    kind: Mapped[str] = mapped_column(String(16))
    months: Mapped[int] = mapped_column(SmallInteger)
    amount: Mapped[Vnd]
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    expires_at: Mapped[UtcDateTime]
    decided_at: Mapped[UtcDateTime | None]
    response_code: Mapped[str | None] = mapped_column(String(2))  # vnp_ResponseCode
    transaction_no: Mapped[str | None] = mapped_column(String(20))  # vnp_TransactionNo
    bank_code: Mapped[str | None] = mapped_column(String(20))

    payer: Mapped[Person] = relationship()
    lines: Mapped[list[PaymentOrderLine]] = relationship(
        back_populates="order", order_by="PaymentOrderLine.id", cascade="all, delete-orphan"
    )


class PaymentOrderLine(Base):
    """What one person gets for their part: a card period or contribution months."""

    __tablename__ = "payment_order_line"
    __table_args__ = (
        CheckConstraint("amount = monthly_amount * months", name="amount"),
        CheckConstraint("period_from <= period_to", name="period"),
    )
    id: Mapped[intpk]
    order_id: Mapped[int] = mapped_column(ForeignKey("payment_order.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    position: Mapped[int | None] = mapped_column(SmallInteger)  # household member order (1 = full rate)
    months: Mapped[int] = mapped_column(SmallInteger)
    monthly_amount: Mapped[Vnd]
    amount: Mapped[Vnd]
    income: Mapped[int | None] = mapped_column(BigInteger)  # voluntary: the chosen monthly income
    period_from: Mapped[dt.date] = mapped_column(Date)  # card validity, or first month (day 1)
    period_to: Mapped[dt.date] = mapped_column(Date)
    card_id: Mapped[int | None] = mapped_column(ForeignKey("health_card.id"))  # the card renewed
    new_card_id: Mapped[int | None] = mapped_column(ForeignKey("health_card.id"))

    order: Mapped[PaymentOrder] = relationship(back_populates="lines")
    person: Mapped[Person] = relationship()
