"""What the holder sees about their devices: a readable device name and the login history.

Flask-free. The names are short Vietnamese labels built from the User-Agent, such as
"Chrome trên Android"; they help a person recognise a phone, they prove nothing.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from vssid.accounts import sessions
from vssid.accounts.models import UserSession

UNKNOWN_DEVICE = "Thiết bị không xác định"

# First match wins: in-app and vendor browsers also say "Chrome" or "Safari".
_BROWSERS = (
    (re.compile(r"SamsungBrowser/"), "Samsung Internet"),
    (re.compile(r"coc_coc_browser|CocCoc", re.I), "Cốc Cốc"),
    (re.compile(r"Zalo", re.I), "Zalo"),
    (re.compile(r"FBAN|FBAV|FB_IAB"), "Facebook"),
    (re.compile(r"EdgA?/|EdgiOS/|Edge/"), "Edge"),
    (re.compile(r"OPR/|Opera|OPiOS/"), "Opera"),
    (re.compile(r"MiuiBrowser/"), "Mi Browser"),
    (re.compile(r"Firefox/|FxiOS/"), "Firefox"),
    (re.compile(r"CriOS/|Chrome/|Chromium/"), "Chrome"),
    (re.compile(r"Version/[\d.]+.*Safari/"), "Safari"),
)
_SYSTEMS = (
    (re.compile(r"Android"), "Android"),
    (re.compile(r"iPhone|iPod"), "iPhone"),
    (re.compile(r"iPad"), "iPad"),
    (re.compile(r"Windows"), "Windows"),
    (re.compile(r"CrOS"), "ChromeOS"),
    (re.compile(r"Macintosh|Mac OS X"), "macOS"),
    (re.compile(r"Linux"), "Linux"),
)


def describe(user_agent: str | None) -> str:
    """"Chrome trên Android", "Safari trên iPhone", or a fallback when unknown."""
    text = user_agent or ""
    browser = next((name for pattern, name in _BROWSERS if pattern.search(text)), None)
    system = next((name for pattern, name in _SYSTEMS if pattern.search(text)), None)
    if browser and system:
        return f"{browser} trên {system}"
    return browser or system or UNKNOWN_DEVICE


@dataclass(frozen=True)
class LoginEntry:
    """One row of "Thiết bị và lịch sử đăng nhập"."""

    started_at: dt.datetime
    device: str
    network: str
    method: str  # "password" or "passkey"
    live: bool
    ended_reason: str | None  # a sessions.REVOKED_* value, or None while live
    current: bool


def login_history(
    rows: list[UserSession], *, idle: dt.timedelta, absolute: dt.timedelta, now: dt.datetime,
    current_session_id: int | None,
) -> list[LoginEntry]:
    """Sessions as the holder should read them: one that timed out but was never
    touched again is over, though its row is not yet marked revoked."""
    entries = []
    for row in rows:
        reason = row.revoked_reason if row.revoked_at is not None else None
        if row.revoked_at is None:
            if now - row.last_seen_at > idle:
                reason = sessions.REVOKED_IDLE
            elif now - row.created_at > absolute:
                reason = sessions.REVOKED_EXPIRED
        live = row.revoked_at is None and reason is None
        entries.append(LoginEntry(
            started_at=row.created_at, device=describe(row.user_agent), network=row.network or "",
            method=row.method, live=live, ended_reason=None if live else (reason or sessions.REVOKED_LOGOUT),
            current=row.id == current_session_id,
        ))
    return entries
