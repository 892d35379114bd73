"""TEMPORARY staff check for the news editor screens, until the staff-console issue
brings staff accounts and roles (then the editor screens move to that decorator).

Editors are citizens signed in normally whose mã số BHXH is listed in the setting
VSSID_STAFF_MA_SO (environment variable of the same name: mã số separated by commas or
spaces). Meant for development and tests; in production leave it empty (no editor
screens) until staff roles exist. Flask-free: the decorator lives in editor_views.py.
"""
from __future__ import annotations

import re

_MA_SO = re.compile(r"\d{10}")


def parse_staff_list(raw: str | list | tuple | None) -> frozenset[str]:
    """"0123456789, 9876543210" -> {"0123456789", "9876543210"}; ValueError on a bad entry."""
    if not raw:
        return frozenset()
    items = raw if isinstance(raw, (list, tuple, set, frozenset)) else re.split(r"[\s,;]+", raw)
    found = set()
    for item in items:
        item = str(item).strip()
        if not item:
            continue
        if not _MA_SO.fullmatch(item):
            raise ValueError(f"VSSID_STAFF_MA_SO: {item!r} is not a 10-digit mã số BHXH")
        found.add(item)
    return frozenset(found)


def is_staff(ma_so: str | None, staff: frozenset[str]) -> bool:
    return bool(ma_so) and ma_so in staff
