"""Rules of the card page (vssid/card/status.py): status in words, household tabs,
the offline copy's lifetime, and how the clinic check compares names.

Sources: the issue "Health card on screen and offline" (còn hạn / sắp hết hạn within 30
days / hết hạn; children under 18; the offline copy expires after the configured days
and when the card's validity ends; names compared case- and whitespace-insensitively but
with diacritics); DOMAIN.md §1 (the card is valid "từ ngày … đến ngày …"), NĐ 158/2025
Đ.12 (a year-only birth counts from 1 January).
"""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from vssid.card.status import (
    CardStatus,
    card_status,
    end_of_validity,
    is_minor,
    names_match,
    offers_renewal,
    offline_copy_expiry,
    owner_tag,
)
from vssid.core.dates import BirthDate

FROM, TO = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2025, 12, 31), CardStatus.NOT_YET),
        (dt.date(2026, 1, 1), CardStatus.VALID),  # first day counts
        (dt.date(2026, 11, 30), CardStatus.VALID),  # 31 days left
        (dt.date(2026, 12, 1), CardStatus.EXPIRING),  # 30 days left
        (dt.date(2026, 12, 31), CardStatus.EXPIRING),  # last day still valid
        (dt.date(2027, 1, 1), CardStatus.EXPIRED),
    ],
)
def test_status_in_words_follows_the_dates_on_the_card(today, expected):
    assert card_status(valid_from=FROM, valid_to=TO, today=today) is expected


def test_only_valid_and_expiring_cards_are_usable():
    assert CardStatus.VALID.usable and CardStatus.EXPIRING.usable
    assert not CardStatus.EXPIRED.usable and not CardStatus.NOT_YET.usable


@pytest.mark.parametrize(
    ("code", "status", "offered"),
    [
        ("GD", CardStatus.EXPIRING, True),
        ("GD", CardStatus.EXPIRED, True),
        ("GD", CardStatus.VALID, False),
        ("DN", CardStatus.EXPIRED, False),  # the employer renews it
        ("HS", CardStatus.EXPIRING, False),  # the school renews it
    ],
)
def test_only_household_cards_that_end_soon_or_ended_link_to_renewal(code, status, offered):
    assert offers_renewal(object_code=code, status=status) is offered


def test_a_child_is_shown_until_the_eighteenth_birthday():
    birth = BirthDate(2008, 6, 15)
    assert is_minor(birth, on=dt.date(2026, 6, 14))
    assert not is_minor(birth, on=dt.date(2026, 6, 15))


def test_a_year_only_birth_counts_from_the_first_of_january():
    assert is_minor(BirthDate(2008), on=dt.date(2025, 12, 31))
    assert not is_minor(BirthDate(2008), on=dt.date(2026, 1, 1))


def test_validity_ends_at_midnight_vietnam_time_after_the_last_day():
    assert end_of_validity(dt.date(2026, 12, 31)) == dt.datetime(2026, 12, 31, 17, 0, tzinfo=UTC)


def test_offline_copy_lasts_the_configured_days_when_the_card_runs_longer():
    synced = dt.datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    assert offline_copy_expiry(synced_at=synced, keep_days=30, valid_to_dates=[TO]) == synced + dt.timedelta(days=30)


def test_offline_copy_ends_with_the_first_card_that_ends():
    synced = dt.datetime(2026, 12, 20, 8, 0, tzinfo=UTC)
    ends = offline_copy_expiry(synced_at=synced, keep_days=30, valid_to_dates=[dt.date(2027, 6, 30), TO])
    assert ends == dt.datetime(2026, 12, 31, 17, 0, tzinfo=UTC)


def test_without_a_usable_card_nothing_is_kept_offline():
    synced = dt.datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    assert offline_copy_expiry(synced_at=synced, keep_days=30, valid_to_dates=[]) == synced
    assert offline_copy_expiry(synced_at=synced, keep_days=0, valid_to_dates=[TO]) == synced
    with pytest.raises(ValueError):
        offline_copy_expiry(synced_at=synced.replace(tzinfo=None), keep_days=30, valid_to_dates=[TO])


def test_owner_tag_names_the_account_without_revealing_it():
    tag = owner_tag(secret="s1", account_id=7)
    assert tag == owner_tag(secret="s1", account_id=7)
    assert tag != owner_tag(secret="s1", account_id=8)
    assert tag != owner_tag(secret="s2", account_id=7)
    assert len(tag) == 24 and int(tag, 16) >= 0


def test_names_match_ignoring_case_and_spacing():
    assert names_match("  nguyễn   VĂN an ", "Nguyễn Văn An")
    assert names_match("ĐỖ THỊ HÀ", "Đỗ Thị Hà")


def test_names_match_across_unicode_spellings_of_the_same_letters():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn An")
    assert decomposed != "Nguyễn Văn An"
    assert names_match(decomposed, "Nguyễn Văn An")


@pytest.mark.parametrize("typed", ["Nguyen Van An", "Nguyễn Văn Ân", "Nguyễn Văn", "", "   "])
def test_names_with_other_diacritics_or_missing_words_do_not_match(typed):
    assert not names_match(typed, "Nguyễn Văn An")
