"""Pure rules of the card page and the clinic check: status, household tabs, offline copy.

No database, no Flask: every function takes the facts and "today" (or "now") as
arguments, so the rules are tested on their own.
"""
from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
import unicodedata

from vssid.core.dates import VN_TZ, BirthDate

EXPIRING_WITHIN_DAYS = 30  # "sắp hết hạn": the card ends within this many days
ADULT_AGE = 18

# Cards the holder renews by paying for them (BHYT hộ gia đình, DOMAIN.md §4): the card
# page links these to the payments area when they expire. Employees' (DN), pensioners'
# (HT), pupils' (HS) cards and the like are renewed by whoever pays for them.
RENEWABLE_ONLINE_OBJECT_CODES = frozenset({"GD"})


class CardStatus(enum.Enum):
    VALID = "valid"  # còn hạn
    EXPIRING = "expiring"  # sắp hết hạn
    EXPIRED = "expired"  # hết hạn
    NOT_YET = "not_yet"  # chưa đến ngày sử dụng (a renewal that starts later)

    @property
    def usable(self) -> bool:
        return self in (CardStatus.VALID, CardStatus.EXPIRING)


def card_status(*, valid_from: dt.date, valid_to: dt.date, today: dt.date) -> CardStatus:
    """Status of a card on ``today``; the card is valid on both its first and last day."""
    if today < valid_from:
        return CardStatus.NOT_YET
    if today > valid_to:
        return CardStatus.EXPIRED
    if (valid_to - today).days <= EXPIRING_WITHIN_DAYS:
        return CardStatus.EXPIRING
    return CardStatus.VALID


def offers_renewal(*, object_code: str, status: CardStatus) -> bool:
    """An expiring or expired household card links to renewal (payment)."""
    return object_code in RENEWABLE_ONLINE_OBJECT_CODES and status in (CardStatus.EXPIRING, CardStatus.EXPIRED)


def is_minor(birth: BirthDate, *, on: dt.date) -> bool:
    """Under 18 on ``on``. A year-only birth counts from 1 January (NĐ 158/2025 Đ.12), so
    a parent stops seeing a child's card at the earliest date the child may be an adult."""
    born = birth.to_date()
    return on < born or birth.age_on(on) < ADULT_AGE


def end_of_validity(valid_to: dt.date) -> dt.datetime:
    """The moment a card stops being valid: midnight after ``valid_to``, Vietnam time, in UTC."""
    local = dt.datetime.combine(valid_to + dt.timedelta(days=1), dt.time(), tzinfo=VN_TZ)
    return local.astimezone(dt.timezone.utc)


def offline_copy_expiry(*, synced_at: dt.datetime, keep_days: int, valid_to_dates: list[dt.date]) -> dt.datetime:
    """When the offline copy of the card page must stop being shown.

    ``keep_days`` after the sync, or earlier when a card on the page stops being valid
    (``valid_to_dates`` lists the cards that are usable at the sync), so the copy never
    shows an ended card as valid. With no usable card the copy expires at once.
    """
    if synced_at.tzinfo is None:
        raise ValueError("synced_at must be an aware datetime")
    if keep_days < 1 or not valid_to_dates:
        return synced_at
    limit = synced_at + dt.timedelta(days=keep_days)
    return min([limit, *(end_of_validity(day) for day in valid_to_dates)])


def owner_tag(*, secret: str, account_id: int) -> str:
    """An opaque tag naming the account whose card a device keeps offline.

    Pages carry it so that script can tell, without any personal data, whether the copy
    in the browser belongs to the account now signed in; it cannot be guessed without
    the server's secret and does not reveal the account id.
    """
    digest = hmac.new(secret.encode(), f"offline-card:{account_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:24]


def name_key(name: str) -> str:
    """Names compared the way a clerk reads them: case and spacing do not matter, the
    diacritics do (NFC first, so precomposed and combining spellings are equal)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def names_match(a: str, b: str) -> bool:
    key = name_key(a)
    return bool(key) and hmac.compare_digest(key.encode(), name_key(b).encode())
