"""Device names the holder reads in "Tài khoản" and the login history."""
from __future__ import annotations

import datetime as dt

import pytest

from vssid.accounts.devices import describe, login_history
from vssid.accounts.models import UserSession


@pytest.mark.parametrize(("user_agent", "label"), [
    ("Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile "
     "Safari/537.36", "Chrome trên Android"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.5 Mobile/15E148 Safari/604.1", "Safari trên iPhone"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1", "Chrome trên iPhone"),
    ("Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) "
     "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", "Samsung Internet trên Android"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) coc_coc_browser/120.0.176 "
     "Chrome/120.0.6099.234 Safari/537.36", "Cốc Cốc trên Windows"),
    ("Mozilla/5.0 (Linux; Android 12; Redmi Note 11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0 Mobile "
     "Safari/537.36 Zalo android/12100617 ZaloTheme/light", "Zalo trên Android"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
     "Safari/537.36 Edg/131.0.0.0", "Edge trên Windows"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0", "Firefox trên macOS"),
    ("curl/8.4.0", "Thiết bị không xác định"),
    ("", "Thiết bị không xác định"),
])
def test_device_names_from_user_agents(user_agent, label):
    assert describe(user_agent) == label


def test_a_session_that_timed_out_unnoticed_is_shown_as_ended():
    now = dt.datetime(2026, 11, 25, 3, 0, tzinfo=dt.timezone.utc)
    idle, absolute = dt.timedelta(minutes=30), dt.timedelta(hours=12)

    def row(n, *, created, seen, revoked=None, reason=None):
        return UserSession(id=n, created_at=created, last_seen_at=seen, revoked_at=revoked, revoked_reason=reason,
                           user_agent="", network="", method="password")

    rows = [
        row(1, created=now - dt.timedelta(minutes=5), seen=now),
        row(2, created=now - dt.timedelta(hours=2), seen=now - dt.timedelta(hours=1)),
        row(3, created=now - dt.timedelta(hours=13), seen=now - dt.timedelta(minutes=1)),
        row(4, created=now - dt.timedelta(days=1), seen=now - dt.timedelta(days=1), revoked=now, reason="other_device"),
    ]
    entries = login_history(rows, idle=idle, absolute=absolute, now=now, current_session_id=1)
    assert [(e.live, e.ended_reason, e.current) for e in entries] == [
        (True, None, True), (False, "idle", False), (False, "expired", False), (False, "other_device", False),
    ]
