"""Who gets which notice on which channel: defaults, the locked security notices, back-off.

Pure rules (no database, no Flask). The person's stored choices override the defaults,
except for security notices, which cannot be turned off on any channel: a login on
another device must reach the phone even when the person has silenced everything else.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from vssid.notifications.models import CHANNELS, KINDS

# SMS costs VSS money and email is read late: both are off by default except for security
# notices. Support answers already send their own SMS (vssid/support/petitions.py), so the
# notice adds none by default. Push needs a subscribed device as well.
DEFAULTS: dict[str, frozenset[str]] = {
    "security": frozenset(CHANNELS),
    "card": frozenset({"in_app", "push"}),
    "contribution": frozenset({"in_app", "push"}),
    "support": frozenset({"in_app", "push"}),
    "payment": frozenset({"in_app", "push"}),
    "service_request": frozenset({"in_app", "push"}),
    "announcement": frozenset({"in_app", "push"}),
}
LOCKED_KINDS = frozenset({"security"})

Choices = Mapping[tuple[str, str], bool]  # (kind, channel) -> enabled, as stored


def check(kind: str, channel: str | None = None) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if channel is not None and channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")


def is_locked(kind: str) -> bool:
    return kind in LOCKED_KINDS


def enabled(kind: str, channel: str, stored: Choices) -> bool:
    """Whether a notice of `kind` goes out on `channel` for a person with `stored` choices."""
    check(kind, channel)
    if is_locked(kind):
        return True
    return stored.get((kind, channel), channel in DEFAULTS[kind])


def channels_for(kind: str, stored: Choices) -> set[str]:
    return {channel for channel in CHANNELS if enabled(kind, channel, stored)}


@dataclass(frozen=True)
class Route:
    """Where one notice goes: into the inbox or not, and its deliveries as
    (channel, push subscription id or None), in the order they are written."""

    in_inbox: bool
    deliveries: tuple[tuple[str, int | None], ...]


def route(kind: str, *, stored: Choices, phone: str | None, email: str | None, devices: Sequence[int],
          sent_elsewhere: frozenset[str] = frozenset()) -> Route | None:
    """The one rule for where a notice of `kind` goes for one account, shared by
    `services.notify` and `services.notify_bulk`: the holder's choices (`stored`, security
    locked on), one push delivery per subscribed device (`devices`, subscription ids in
    ascending order), SMS and email only to an address on file, minus the channels the
    caller already used (`sent_elsewhere`). None when the notice would go nowhere."""
    channels = channels_for(kind, stored) - sent_elsewhere
    deliveries = [("push", device) for device in devices] if "push" in channels else []
    deliveries += [(channel, None) for channel, address in (("sms", phone), ("email", email))
                   if channel in channels and address]
    if "in_app" not in channels and not deliveries:
        return None
    return Route(in_inbox="in_app" in channels, deliveries=tuple(deliveries))


def matrix(stored: Choices) -> dict[str, dict[str, bool]]:
    """Every kind and channel with its effective setting, for the preferences page."""
    return {kind: {channel: enabled(kind, channel, stored) for channel in CHANNELS} for kind in KINDS}


def changes(submitted: set[tuple[str, str]]) -> dict[tuple[str, str], bool]:
    """The stored choices a submitted form means: every unlocked kind and channel, on when
    its box was ticked. Boxes of locked kinds and unknown names are ignored."""
    return {
        (kind, channel): (kind, channel) in submitted
        for kind in KINDS if not is_locked(kind)
        for channel in CHANNELS
    }


# --- Retries -------------------------------------------------------------------------------

FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=6)
MAX_ATTEMPTS = 8  # about 2 hours of retries (1, 2, 4 … 64 minutes) before giving up


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th failed attempt (1-based): doubling from one
    minute, never longer than six hours."""
    if attempts < 1:
        raise ValueError("attempts counts failures and starts at 1")
    if attempts > 20:  # 2**20 minutes is far past the cap; avoid huge numbers
        return LONGEST_WAIT
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_WAIT)


def gives_up(attempts: int) -> bool:
    return attempts >= MAX_ATTEMPTS
