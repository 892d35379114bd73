"""Support: FAQ entries, the assistant's kept conversations, and petitions (phản ánh, kiến nghị).

FAQ entries carry `search_text` (the folded key of question, keywords and answer) with the
look-ups' engine-specific full-text index over it (migration 0005, vssid/lookups/search.py).
Conversations keep what staff need to improve answers and nothing more: the question as
asked (long digit runs masked), the FAQ entry chosen, and at most a keyed hash of the account.
Petitions belong to one person; an attachment's bytes are a row of their own in the database
(`petition_attachment_content`), so every node serves every file and listing a petition's
attachments never reads them.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vssid.accounts.models import Account
from vssid.core.db import Base, BigId, UtcDateTime, intpk, utcnow
from vssid.registry.models import searchable, search_text_of
from vssid.staff.models import StaffMember
from vssid.support.attachments import MAX_BYTES

# --- FAQ ------------------------------------------------------------------------------


class FaqCategory(Base):
    __tablename__ = "faq_category"
    id: Mapped[intpk]
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(SmallInteger, default=0)


class FaqEntry(Base):
    """One question and its answer, with the legal source the answer rests on."""

    __tablename__ = "faq_entry"
    __table_args__ = (Index("ix_faq_entry_category_id_position", "category_id", "position"),)
    id: Mapped[intpk]
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("faq_category.id"))
    question: Mapped[str] = mapped_column(String(300))
    answer: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300))  # the law or rule the answer names
    # Other ways people ask it ("quen mat khau", "doi kcb ban dau"), for search and the assistant.
    keywords: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    updated_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    search_text: Mapped[str] = searchable("question", "keywords", "answer")

    category: Mapped[FaqCategory] = relationship(lazy="joined")


@event.listens_for(FaqEntry, "before_update")
def _refresh_search_text(_mapper, _connection, target: FaqEntry) -> None:
    target.search_text = search_text_of(FaqEntry, target)


# --- The assistant's conversations ---------------------------------------------------


class ChatTurn(Base):
    """One question to the assistant and what it chose to answer."""

    __tablename__ = "chat_turn"
    __table_args__ = (
        CheckConstraint("intent IN ('faq', 'directory', 'my_card', 'unknown')", name="intent"),
        CheckConstraint("confidence BETWEEN 0 AND 100", name="confidence"),
        Index("ix_chat_turn_conversation_id", "conversation", "id"),
        Index("ix_chat_turn_intent_created_at", "intent", "created_at"),
    )
    id: Mapped[intpk]
    conversation: Mapped[str] = mapped_column(String(32))  # random id kept in the browser's session
    question: Mapped[str] = mapped_column(String(500))
    intent: Mapped[str] = mapped_column(String(10))
    faq_id: Mapped[int | None] = mapped_column(ForeignKey("faq_entry.id"))
    directory: Mapped[str | None] = mapped_column(String(20))  # which look-up answered
    confidence: Mapped[int] = mapped_column(SmallInteger, default=0)
    account_hash: Mapped[str | None] = mapped_column(String(32))  # keyed hash, never the id
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)

    faq: Mapped[FaqEntry | None] = relationship()


# --- Petitions (phản ánh, kiến nghị) --------------------------------------------------

PETITION_STATUSES = ("received", "processing", "answered", "closed")


class Petition(Base):
    __tablename__ = "petition"
    __table_args__ = (
        CheckConstraint("status IN ('received', 'processing', 'answered', 'closed')", name="status"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
        Index("ix_petition_person_id_created_at", "person_id", "created_at"),
        Index("ix_petition_status_due_on", "status", "due_on"),
    )
    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))  # the owner
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))  # who filed it
    topic: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="received")
    due_on: Mapped[dt.date] = mapped_column(Date)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"), index=True)
    # An answer or a change the citizen has not opened yet (the in-app notice).
    unread_update: Mapped[bool] = mapped_column(Boolean, default=False)
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    updated_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    answered_at: Mapped[UtcDateTime | None]
    closed_at: Mapped[UtcDateTime | None]

    account: Mapped[Account] = relationship(foreign_keys=[account_id])
    assignee: Mapped[StaffMember | None] = relationship()
    messages: Mapped[list[PetitionMessage]] = relationship(
        back_populates="petition", order_by="PetitionMessage.id"
    )
    attachments: Mapped[list[PetitionAttachment]] = relationship(
        back_populates="petition", order_by="PetitionAttachment.id"
    )


class PetitionMessage(Base):
    """A message in a petition's thread: the citizen's follow-up or a support agent's answer."""

    __tablename__ = "petition_message"
    __table_args__ = (
        CheckConstraint("author IN ('citizen', 'staff')", name="author"),
        # A citizen writes from their account, an agent from the staff console. Staff answers
        # written before migration 0008 (the temporary citizen-accounts-as-staff rule) keep their
        # account id and no staff id.
        CheckConstraint("author = 'staff' OR (author_account_id IS NOT NULL AND staff_member_id IS NULL)",
                        name="citizen_author"),
        CheckConstraint("author = 'citizen' OR staff_member_id IS NOT NULL OR author_account_id IS NOT NULL",
                        name="staff_author"),
    )
    id: Mapped[intpk]
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id"), index=True)
    author: Mapped[str] = mapped_column(String(7))
    author_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)

    petition: Mapped[Petition] = relationship(back_populates="messages")
    author_account: Mapped[Account | None] = relationship()
    staff_member: Mapped[StaffMember | None] = relationship()


class PetitionAttachment(Base):
    """A file sent with a petition, checked by content: what it is called and what it is."""

    __tablename__ = "petition_attachment"
    __table_args__ = (
        CheckConstraint("content_type IN ('image/jpeg', 'image/png', 'application/pdf')", name="content_type"),
    )
    id: Mapped[intpk]
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(120))  # as sent, cleaned, for display only
    content_type: Mapped[str] = mapped_column(String(20))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)

    petition: Mapped[Petition] = relationship(back_populates="attachments")
    # Written with the attachment; only the downloads read the bytes (petitions.own_attachment,
    # attachment_for_staff), never through this. None for a file migration 0013 could not find.
    content: Mapped[PetitionAttachmentContent | None] = relationship(lazy="raise", cascade="all, delete-orphan")


class PetitionAttachmentContent(Base):
    """The bytes of one attachment, apart from its row (migration 0013 moved them off the disk)."""

    __tablename__ = "petition_attachment_content"
    __table_args__ = (CheckConstraint(f"length(data) BETWEEN 1 AND {MAX_BYTES}", name="data_size"),)
    attachment_id: Mapped[int] = mapped_column(BigId, ForeignKey("petition_attachment.id"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
