"""Every security or staff event the code writes has a Vietnamese label in the administrators'
audit log (vssid/staff/audit_log.py), so a new event cannot appear there as a bare code."""
from __future__ import annotations

import re
from pathlib import Path

from vssid.staff.audit_log import EVENT_LABELS_VI

ROOT = Path(__file__).resolve().parents[2] / "vssid"
# audit.record(session, "event", …), staff_audit.record(…), record(db.session, "event", …)
WRITTEN = re.compile(r"\b(?:record|staff_record)\(\s*[\w.]*session,\s*\"([a-z_]+)\"")


def written_events() -> set[str]:
    return {name for path in ROOT.rglob("*.py") for name in WRITTEN.findall(path.read_text(encoding="utf-8"))}


def test_the_scan_finds_the_events_it_should():
    assert {"login_failed", "petition_answered", "gateway_account_created"} <= written_events()


def test_every_written_event_has_a_vietnamese_label():
    assert sorted(written_events() - set(EVENT_LABELS_VI)) == []
