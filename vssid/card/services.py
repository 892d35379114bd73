"""The health card page, its offline copy and the clinic check (Flask-free).

Who may see which card: the holder sees their own card and those of their children
under 18 in the same household for whom the registry names them parent or guardian
(Person.guardian_id); any other person is "not found". The current card of a person
is their HealthCard with status 'active' and the latest valid_to.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
from dataclasses import dataclass, field
from typing import Callable

import segno
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from vssid.card.keys import SignedCode
from vssid.card.qr import CardQR, decode, encode
from vssid.card.status import (
    CardStatus,
    card_status,
    is_minor,
    name_key,
    names_match,
    offers_renewal,
    offline_copy_expiry,
)
from vssid.core.dates import BirthDate
from vssid.core.errors import NotFound, ValidationError
from vssid.registry.identifiers import parse_legacy_card_code, validate_card_code
from vssid.registry.models import HealthCard, Person
from vssid.registry.object_codes import BENEFIT_LEVEL_MEANING_VI

NO_MATCHING_CARD = "Không tìm thấy thẻ khớp với thông tin đã nhập."

# Signs a shown card's "Mã xác thực" (keys.sign_card with the session, time and secret bound).
Signer = Callable[[Person, HealthCard, str], SignedCode]


# --- The card page ---------------------------------------------------------------------


@dataclass(frozen=True)
class CardView:
    """One person's current card as the page shows it (``card`` None: no active card)."""

    person: Person
    card: HealthCard | None
    status: CardStatus | None
    qr_text: str | None
    is_holder: bool
    renewal: bool = False
    signed: SignedCode | None = None  # the signed "Mã xác thực", when a signer was given

    @property
    def birth(self) -> BirthDate:
        return birth_of(self.person)

    @property
    def benefit_meaning(self) -> str | None:
        return BENEFIT_LEVEL_MEANING_VI.get(self.card.benefit_level) if self.card else None


@dataclass(frozen=True)
class CardPage:
    selected: CardView
    people: list[Person]  # the tabs: the holder first, then the children
    holder_id: int


@dataclass(frozen=True)
class OfflineCopy:
    views: list[CardView]
    people: list[Person]
    synced_at: dt.datetime
    expires_at: dt.datetime


def birth_of(person: Person) -> BirthDate:
    return BirthDate(person.birth_year, person.birth_month, person.birth_day)


def current_card(session: Session, *, person_id: int) -> HealthCard | None:
    """The person's active card with the latest end date."""
    return session.scalars(
        select(HealthCard)
        .options(joinedload(HealthCard.facility), joinedload(HealthCard.issuing_office))
        .where(HealthCard.person_id == person_id, HealthCard.status == "active")
        .order_by(HealthCard.valid_to.desc(), HealthCard.id.desc())
        .limit(1)
    ).first()


def shown_people(session: Session, *, holder_id: int, today: dt.date) -> list[Person]:
    """The holder, then the children whose cards the holder may show (oldest first)."""
    holder = session.get(Person, holder_id)
    if holder is None:
        raise NotFound("Không tìm thấy thông tin người tham gia.")
    people = [holder]
    if holder.household_id is not None:
        children = session.scalars(
            select(Person)
            .where(Person.guardian_id == holder.id, Person.household_id == holder.household_id, Person.id != holder.id)
            .order_by(Person.birth_year, Person.birth_month, Person.birth_day, Person.id)
        ).all()
        people += [child for child in children if is_minor(birth_of(child), on=today)]
    return people


def card_view(session: Session, *, person: Person, holder_id: int, today: dt.date,
              signer: Signer | None = None) -> CardView:
    card = current_card(session, person_id=person.id)
    if card is None:
        return CardView(person=person, card=None, status=None, qr_text=None, is_holder=person.id == holder_id)
    status = card_status(valid_from=card.valid_from, valid_to=card.valid_to, today=today)
    return CardView(
        person=person, card=card, status=status, qr_text=encode(card_qr(person, card, today=today)),
        is_holder=person.id == holder_id,
        renewal=offers_renewal(object_code=card.object_code, status=status),
        signed=signer(person, card, birth_of(person).format()) if signer else None,
    )


def card_qr(person: Person, card: HealthCard, *, today: dt.date) -> CardQR:
    """The card's QR content (DOMAIN.md §3); children's cards name their parent or guardian."""
    birth = birth_of(person)
    guardian = person.guardian if person.guardian_id is not None and is_minor(birth, on=today) else None
    return CardQR(
        card_code=card.card_number,
        full_name=person.full_name,
        birth=birth,
        gender=person.gender,
        address=person.address,
        facility_code=card.facility_code,
        valid_from=card.valid_from,
        valid_to=card.valid_to,
        issue_date=card.issue_date,
        guardian_name=guardian.full_name if guardian else None,
        area_code=card.area_code or "",
        five_years_date=card.five_years_date,
    )


def card_page(session: Session, *, holder_id: int, person_id: int | None, today: dt.date,
              signer: Signer | None = None) -> CardPage:
    """The card of ``person_id`` (default: the holder) with the household tabs."""
    people = shown_people(session, holder_id=holder_id, today=today)
    wanted = holder_id if person_id is None else person_id
    person = next((p for p in people if p.id == wanted), None)
    if person is None:
        raise NotFound("Không tìm thấy thẻ BHYT này.")
    return CardPage(selected=card_view(session, person=person, holder_id=holder_id, today=today, signer=signer),
                    people=people, holder_id=holder_id)


def offline_copy(session: Session, *, holder_id: int, today: dt.date, now: dt.datetime, keep_days: int,
                 signer: Signer | None = None) -> OfflineCopy:
    """Every card the holder may show, for the device's offline copy, and when it expires."""
    people = shown_people(session, holder_id=holder_id, today=today)
    views = [card_view(session, person=p, holder_id=holder_id, today=today, signer=signer) for p in people]
    usable_until = [v.card.valid_to for v in views if v.card is not None and v.status.usable]
    return OfflineCopy(
        views=views, people=people, synced_at=now,
        expires_at=offline_copy_expiry(synced_at=now, keep_days=keep_days, valid_to_dates=usable_until),
    )


@functools.lru_cache(maxsize=512)
def qr_svg(text: str, *, title: str, svgclass: str = "qr-code") -> str:
    """The QR as inline SVG: error level M, the standard 4-module quiet zone, pure black
    on white, scaled by CSS (no fixed size) so it fills the screen's width.

    Cached per process: choosing the mask is most of a card page's time (about 8 ms for the
    card QR, 18 ms for the signed code), and a card's codes are the same for an hour
    (keys.issue_time), so the page, its offline copy and reloads draw each once. 512
    entries of 4-10 KB each stay under 5 MiB per worker."""
    code = segno.make(text, error="m", micro=False)
    svg = code.svg_inline(border=4, dark="#000", light="#fff", omitsize=True, title=title, svgclass=svgclass)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(title)}" ', 1)


# --- The clinic check ------------------------------------------------------------------


class CheckInputError(ValidationError):
    """The clerk's input is malformed; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(next(iter(errors.values())), field=next(iter(errors)))


@dataclass(frozen=True)
class CheckResult:
    """What a clinic learns about a card: its validity, benefit level and initial facility."""

    card_code: str
    valid_from: dt.date
    valid_to: dt.date
    status: CardStatus
    benefit_level: int
    facility_code: str
    facility_name: str
    benefit_meaning: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "benefit_meaning", BENEFIT_LEVEL_MEANING_VI[self.benefit_level])


def check_card(session: Session, *, card_code: str, full_name: str, birth: str, today: dt.date) -> CheckResult:
    """Check a card from its code (10 or 15 characters), the holder's name and birth date."""
    errors: dict[str, str] = {}
    try:
        validate_card_code(card_code)
    except ValidationError as exc:
        errors["card_code"] = exc.message
    if not name_key(full_name):
        errors["full_name"] = "Vui lòng nhập họ và tên như trên thẻ."
    elif len(full_name) > 120:
        errors["full_name"] = "Họ và tên quá dài (tối đa 120 ký tự)."
    birth_date = None
    if not birth.strip():
        errors["birth"] = "Vui lòng nhập ngày sinh (dd/mm/yyyy) hoặc năm sinh (yyyy)."
    else:
        try:
            birth_date = BirthDate.parse(birth)
        except ValidationError as exc:
            errors["birth"] = exc.message
    if errors:
        raise CheckInputError(errors)
    return _match(session, card_code=card_code, full_name=full_name, birth=birth_date, today=today)


def check_card_qr(session: Session, *, qr_text: str, today: dt.date) -> CheckResult:
    """Check a card from the text of its QR code (pasted or scanned)."""
    if not qr_text.strip():
        raise CheckInputError({"qr_text": "Vui lòng dán hoặc quét nội dung mã QR trên thẻ."})
    if len(qr_text) > 2000:
        raise CheckInputError({"qr_text": "Nội dung mã QR quá dài, không phải mã QR của thẻ BHYT."})
    try:
        read = decode(qr_text)
    except ValidationError as exc:
        raise CheckInputError({"qr_text": exc.message}) from None
    return _match(session, card_code=read.card_code, full_name=read.full_name, birth=read.birth, today=today)


def _match(session: Session, *, card_code: str, full_name: str, birth: BirthDate, today: dt.date) -> CheckResult:
    """The same NotFound, with the same words, whether no card has this code or the name,
    birth date or legacy code parts do not match: the page must not confirm that a card
    number exists to someone who does not know its holder."""
    code = "".join(card_code.split()).upper()
    ma_so = validate_card_code(code)
    found = session.execute(
        select(HealthCard, Person)
        .join(Person, Person.id == HealthCard.person_id)
        .options(joinedload(HealthCard.facility))
        .where(HealthCard.card_number == ma_so, HealthCard.status == "active")
        .order_by(HealthCard.valid_to.desc(), HealthCard.id.desc())
        .limit(1)
    ).first()
    matches = found is not None
    if matches:
        card, person = found
        matches = names_match(full_name, person.full_name) and birth == birth_of(person)
        if matches and len(code) == 15:
            legacy = parse_legacy_card_code(code)
            matches = (legacy.object_code, legacy.benefit_level, legacy.province_code) == (
                card.object_code, card.benefit_level, card.province_code)
    if not matches:
        raise NotFound(NO_MATCHING_CARD)
    return CheckResult(
        card_code=code,
        valid_from=card.valid_from,
        valid_to=card.valid_to,
        status=card_status(valid_from=card.valid_from, valid_to=card.valid_to, today=today),
        benefit_level=card.benefit_level,
        facility_code=card.facility_code,
        facility_name=card.facility.name,
    )
