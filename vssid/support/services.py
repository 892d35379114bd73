"""The FAQ (reading, searching, editing) and the virtual assistant's conversations. Flask-free.

FAQ search uses the look-ups' full-text search (vssid.lookups.search: the same folding, the
same FTS5 / PostgreSQL index kind, named lookup_fts_faq_entry by migration 0005): every word
must match, the last one as a prefix while the person types. The matches are ordered by the
assistant's BM25 ranking; when no entry holds every word, the page offers the entries BM25
finds nearest instead of nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import threading
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vssid.accounts import audit
from vssid.card.services import current_card
from vssid.card.status import CardStatus, card_status
from vssid.core import retention
from vssid.core.errors import NotFound, ValidationError
from vssid.core.text import fold
from vssid.lookups import services as lookups
from vssid.lookups.search import candidates, parse_terms
from vssid.registry.models import Facility, HealthCard
from vssid.registry.object_codes import BENEFIT_LEVEL_MEANING_VI
from vssid.support import chatbot
from vssid.support.models import ChatTurn, FaqCategory, FaqEntry

FAQ_CANDIDATES = 200
NEAREST = 5
CONVERSATION_SHOWN = 10
PLACES_SHOWN = 3

# --- Reading the FAQ --------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    category: FaqCategory
    entries: list[FaqEntry]


def categories(session: Session) -> list[FaqCategory]:
    return list(session.scalars(select(FaqCategory).order_by(FaqCategory.position, FaqCategory.id)))


def sections(session: Session, *, category_slug: str | None = None, include_unpublished: bool = False) -> list[Section]:
    """The FAQ by category, in the editors' order (one query)."""
    query = select(FaqEntry).join(FaqEntry.category).order_by(FaqCategory.position, FaqEntry.position, FaqEntry.id)
    if not include_unpublished:
        query = query.where(FaqEntry.published.is_(True))
    if category_slug:
        query = query.where(FaqCategory.slug == category_slug)
    grouped: dict[int, Section] = {}
    for entry in session.scalars(query):
        grouped.setdefault(entry.category_id, Section(entry.category, [])).entries.append(entry)
    return list(grouped.values())


def get_faq(session: Session, *, slug: str) -> FaqEntry:
    entry = session.scalar(select(FaqEntry).where(FaqEntry.slug == slug, FaqEntry.published.is_(True)))
    if entry is None:
        raise NotFound("Không tìm thấy câu hỏi này.")
    return entry


@dataclass(frozen=True)
class FaqSearch:
    text: str
    entries: list[FaqEntry] = field(default_factory=list)
    searched: bool = False
    nearest: bool = False  # no entry holds every word: these are the nearest by ranking


def search_faq(session: Session, *, text: str | None, category_slug: str | None = None) -> FaqSearch:
    text = (text or "").strip()[:120]
    terms = parse_terms(text)
    if terms is None:
        return FaqSearch(text)
    filters = [FaqEntry.published.is_(True)]
    if category_slug:
        filters.append(FaqEntry.category_id.in_(select(FaqCategory.id).where(FaqCategory.slug == category_slug)))
    matches = candidates(session, FaqEntry, terms, filters, limit=FAQ_CANDIDATES).subquery()
    found = {e.id: e for e in session.scalars(select(FaqEntry).join(matches, FaqEntry.id == matches.c.key))}
    index = faq_index(session)
    order = {hit.doc.id: n for n, hit in enumerate(index.rank(text, limit=len(index.docs)))}
    if found:
        entries = sorted(found.values(), key=lambda e: (order.get(e.id, len(order)), e.position, e.id))
        return FaqSearch(text, entries, searched=True)
    nearest_ids = [hit.doc.id for hit in index.rank(text, limit=NEAREST) if hit.coverage >= 0.3]
    by_id = _entries_by_id(session, nearest_ids)
    if category_slug:
        by_id = {i: e for i, e in by_id.items() if e.category.slug == category_slug}
    return FaqSearch(text, [by_id[i] for i in nearest_ids if i in by_id], searched=True, nearest=True)


def _entries_by_id(session: Session, ids: list[int]) -> dict[int, FaqEntry]:
    if not ids:
        return {}
    rows = session.scalars(select(FaqEntry).where(FaqEntry.id.in_(ids), FaqEntry.published.is_(True)))
    return {entry.id: entry for entry in rows}


# The assistant's index, rebuilt when the published FAQ changes (checked by one small query).
_INDEX_LOCK = threading.Lock()
_INDEXES: dict[str, tuple[tuple, chatbot.FaqIndex]] = {}


def faq_index(session: Session) -> chatbot.FaqIndex:
    published = FaqEntry.published.is_(True)
    version = tuple(session.execute(
        select(func.count(FaqEntry.id), func.max(FaqEntry.updated_at), func.sum(FaqEntry.id)).where(published)
    ).one())
    key = str(session.get_bind().url)
    cached = _INDEXES.get(key)
    if cached and cached[0] == version:
        return cached[1]
    rows = session.execute(
        select(FaqEntry.id, FaqEntry.slug, FaqEntry.question, FaqEntry.keywords, FaqEntry.answer)
        .where(published).order_by(FaqEntry.id)
    ).all()
    index = chatbot.FaqIndex([chatbot.Doc(*row) for row in rows])
    with _INDEX_LOCK:
        _INDEXES[key] = (version, index)
    return index


# --- Editing the FAQ (staff) -------------------------------------------------------------


class FaqFormError(ValidationError):
    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(next(iter(errors.values())), field=next(iter(errors)))


@dataclass(frozen=True)
class FaqInput:
    category_id: str | int | None
    question: str
    answer: str
    source: str
    keywords: str = ""
    published: bool = True


def _checked(session: Session, data: FaqInput) -> dict:
    errors: dict[str, str] = {}
    question, answer = " ".join(data.question.split()), data.answer.replace("\r\n", "\n").strip()
    source, keywords = " ".join(data.source.split()), " ".join(data.keywords.split())
    category = None
    if str(data.category_id or "").isdigit():
        category = session.get(FaqCategory, int(data.category_id))
    if category is None:
        errors["category_id"] = "Vui lòng chọn nhóm câu hỏi."
    if len(question) < 10:
        errors["question"] = "Vui lòng nhập câu hỏi (ít nhất 10 ký tự)."
    elif len(question) > 300:
        errors["question"] = "Câu hỏi quá dài (tối đa 300 ký tự)."
    if len(answer) < 20:
        errors["answer"] = "Vui lòng nhập câu trả lời (ít nhất 20 ký tự)."
    elif len(answer) > 5000:
        errors["answer"] = "Câu trả lời quá dài (tối đa 5.000 ký tự)."
    if len(source) < 5:
        errors["source"] = "Vui lòng ghi căn cứ pháp lý của câu trả lời (văn bản, điều khoản)."
    elif len(source) > 300:
        errors["source"] = "Căn cứ quá dài (tối đa 300 ký tự)."
    if len(keywords) > 1000:
        errors["keywords"] = "Cách hỏi khác quá dài (tối đa 1.000 ký tự)."
    if errors:
        raise FaqFormError(errors)
    return {"category_id": category.id, "question": question, "answer": answer, "source": source,
            "keywords": keywords, "published": bool(data.published)}


def _slug_for(session: Session, question: str) -> str:
    base = "-".join(fold(question).split()[:10])[:70] or "cau-hoi"
    slug, n = base, 1
    while session.scalar(select(FaqEntry.id).where(FaqEntry.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_faq(session: Session, *, data: FaqInput, now: dt.datetime) -> FaqEntry:
    values = _checked(session, data)
    last = session.scalar(select(func.max(FaqEntry.position)).where(FaqEntry.category_id == values["category_id"]))
    entry = FaqEntry(slug=_slug_for(session, values["question"]), position=(last or 0) + 1,
                     created_at=now, updated_at=now, **values)
    session.add(entry)
    session.commit()
    return entry


def update_faq(session: Session, *, faq_id: int, data: FaqInput, now: dt.datetime) -> FaqEntry:
    entry = session.get(FaqEntry, faq_id)
    if entry is None:
        raise NotFound("Không tìm thấy câu hỏi này.")
    for name, value in _checked(session, data).items():
        setattr(entry, name, value)
    entry.updated_at = now
    session.commit()
    return entry


def set_published(session: Session, *, faq_id: int, published: bool, now: dt.datetime) -> FaqEntry:
    entry = session.get(FaqEntry, faq_id)
    if entry is None:
        raise NotFound("Không tìm thấy câu hỏi này.")
    entry.published, entry.updated_at = published, now
    session.commit()
    return entry


def last_unanswered(session: Session, *, conversation: str) -> str | None:
    """The conversation's latest question the assistant could not answer (the hand-over)."""
    return session.scalar(
        select(ChatTurn.question).where(ChatTurn.conversation == conversation, ChatTurn.intent == "unknown")
        .order_by(ChatTurn.id.desc()).limit(1)
    )


def unanswered_questions(session: Session, *, limit: int = 20) -> list[ChatTurn]:
    """The latest questions the assistant could not answer: what the FAQ should add."""
    return list(session.scalars(
        select(ChatTurn).where(ChatTurn.intent == "unknown").order_by(ChatTurn.id.desc()).limit(limit)
    ))


# The assistant's conversations are kept CHAT_RETENTION_DAYS by default (vssid/config.py) and at
# least CHAT_RETENTION_MIN_DAYS: both the project's choice, as no source the repository cites sets
# a period for them. Questions are free text (long digit runs masked, names and circumstances
# not), so they are kept only as long as they serve: the conversation on screen and the FAQ
# editors' list of unanswered questions, which the month's minimum keeps between reviews.
CHAT_RETENTION_MIN_DAYS = 30


def purge_chats(session: Session, *, now: dt.datetime, days: int, batch: int = retention.DEFAULT_BATCH) -> int:
    """Delete chat turns older than ``days`` (a batch per transaction) and audit the run; the
    number deleted. Refuses ``days`` under CHAT_RETENTION_MIN_DAYS (ValidationError)."""
    before = retention.cutoff(now=now, days=days, minimum_days=CHAT_RETENTION_MIN_DAYS,
                              setting="VSSID_SUPPORT_CHAT_RETENTION_DAYS")
    deleted = retention.purge_before(session, ChatTurn.created_at, before=before, batch=batch)
    audit.record(session, "support_chats_purged", deleted=deleted, retention_days=days, before=before.isoformat())
    session.commit()
    return deleted


# --- The assistant --------------------------------------------------------------------


@dataclass(frozen=True)
class CardAnswer:
    """The holder's own card, for "thẻ của tôi còn hạn không?" and the like."""

    topic: str  # chatbot.CARD_VALIDITY, CARD_FACILITY, CARD_LEVEL
    card: HealthCard | None
    status: CardStatus | None = None
    days_left: int | None = None
    facility: Facility | None = None
    benefit_meaning: str | None = None


@dataclass(frozen=True)
class Reply:
    question: str
    intent: str  # "faq", "directory", "my_card", "unknown"
    faq: FaqEntry | None = None
    related: list[FaqEntry] = field(default_factory=list)
    card: CardAnswer | None = None
    card_hidden: bool = False  # a personal answer given to another session: not shown again
    login_needed: bool = False  # asked about "my card" without being logged in
    places: list = field(default_factory=list)
    directory: str | None = None
    directory_text: str | None = None


def account_hash(*, secret: str, account_id: int | None) -> str | None:
    """A keyed hash naming the account in kept conversations: staff cannot turn it back into an id."""
    if account_id is None:
        return None
    return hmac.new(secret.encode(), f"chat:{account_id}".encode(), hashlib.sha256).hexdigest()[:32]


def check_question(question: str | None) -> str:
    text = " ".join((question or "").split())
    if not text:
        raise ValidationError("Vui lòng nhập câu hỏi.", field="question")
    if len(text) > chatbot.MAX_QUESTION:
        raise ValidationError(f"Câu hỏi quá dài (tối đa {chatbot.MAX_QUESTION} ký tự).", field="question")
    return text


def ask(session: Session, *, conversation: str, question: str | None, person_id: int | None,
        owner_hash: str | None, today: dt.date) -> Reply:
    """Answer one question and keep the turn (question masked, chosen entry, hashed account)."""
    text = check_question(question)
    understood = chatbot.understand(text)
    ranking = chatbot.Ranking(faq_index(session).rank(text))
    reply = None
    if understood.personal and person_id is not None:
        reply = Reply(text, "my_card", card=_card_answer(session, person_id=person_id, topic=understood.personal,
                                                         today=today), related=_entries(session, ranking.offered))
    elif understood.directory:
        reply = _directory_reply(session, text, understood.directory, ranking)
    if reply is None:
        reply = _faq_reply(session, text, ranking, login_needed=bool(understood.personal))
    best = ranking.best
    session.add(ChatTurn(
        conversation=conversation, question=chatbot.redact(text), intent=reply.intent,
        faq_id=reply.faq.id if reply.faq else None, directory=reply.directory,
        confidence=best.confidence if best else (ranking.hits[0].confidence if ranking.hits else 0),
        account_hash=owner_hash,
    ))
    session.commit()
    return reply


def _entries(session: Session, hits: list[chatbot.Hit]) -> list[FaqEntry]:
    by_id = _entries_by_id(session, [hit.doc.id for hit in hits])
    return [by_id[hit.doc.id] for hit in hits if hit.doc.id in by_id]


def _faq_reply(session: Session, text: str, ranking: chatbot.Ranking, *, login_needed: bool) -> Reply:
    found = _entries(session, [ranking.best]) if ranking.best else []
    faq = found[0] if found else None
    related = _entries(session, ranking.related)
    if faq is None:
        return Reply(text, "unknown", related=related, login_needed=login_needed)
    return Reply(text, "faq", faq=faq, related=related, login_needed=login_needed)


def _directory_reply(session: Session, text: str, ask_: chatbot.DirectoryAsk, ranking) -> Reply | None:
    search = {
        "facilities": lookups.search_facilities,
        "offices": lookups.search_offices,
        "collection_points": lookups.search_collection_points,
    }[ask_.kind]
    page = search(session, text=ask_.text)
    if not page.total:
        return None
    return Reply(text, "directory", places=page.items[:PLACES_SHOWN], directory=ask_.kind,
                 directory_text=ask_.text, related=_entries(session, ranking.offered))


def _card_answer(session: Session, *, person_id: int, topic: str, today: dt.date) -> CardAnswer:
    card = current_card(session, person_id=person_id)
    if card is None:
        return CardAnswer(topic, None)
    status = card_status(valid_from=card.valid_from, valid_to=card.valid_to, today=today)
    return CardAnswer(
        topic, card, status=status, days_left=(card.valid_to - today).days, facility=card.facility,
        benefit_meaning=BENEFIT_LEVEL_MEANING_VI.get(card.benefit_level),
    )


def conversation(session: Session, *, conversation: str, person_id: int | None, owner_hash: str | None,
                 today: dt.date) -> list[Reply]:
    """The last turns of a conversation, answered again from the current FAQ (the kept turn holds
    no answer text). A personal answer is shown only to the account that asked it."""
    turns = list(session.scalars(
        select(ChatTurn).where(ChatTurn.conversation == conversation)
        .order_by(ChatTurn.id.desc()).limit(CONVERSATION_SHOWN)
    ))[::-1]
    index = faq_index(session)
    replies = []
    for turn in turns:
        ranking = chatbot.Ranking(index.rank(turn.question))
        related = _entries(session, ranking.related if turn.intent == "faq" else ranking.offered)
        if turn.intent == "my_card":
            understood = chatbot.understand(turn.question)
            mine = owner_hash is not None and turn.account_hash == owner_hash and person_id is not None
            card = _card_answer(session, person_id=person_id, topic=understood.personal or chatbot.CARD_VALIDITY,
                                today=today) if mine else None
            replies.append(Reply(turn.question, "my_card", card=card, card_hidden=not mine, related=related))
        elif turn.intent == "directory" and turn.directory:
            understood = chatbot.understand(turn.question)
            ask_ = understood.directory or chatbot.DirectoryAsk(turn.directory, "")
            replies.append(_directory_reply(session, turn.question, ask_, ranking)
                           or Reply(turn.question, "unknown", related=related))
        else:
            faq = session.get(FaqEntry, turn.faq_id) if turn.faq_id else None
            if faq is not None and not faq.published:
                faq = None
            login_needed = person_id is None and chatbot.understand(turn.question).personal is not None
            replies.append(Reply(turn.question, "faq" if faq else "unknown", faq=faq, related=related,
                                 login_needed=login_needed))
    return replies


_SLUG = re.compile(r"[a-z0-9-]{1,80}")


def valid_slug(slug: str) -> bool:
    return bool(_SLUG.fullmatch(slug))
