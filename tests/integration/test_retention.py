"""Retention purges: `flask gateway purge-lookups` (card lookups, at least 365 days: SECURITY.md,
logs kept 12 months) and `flask support purge-chats` (the assistant's conversations, at least 30
days). Old rows go, recent ones stay, a retention under the minimum is refused, the deletes run
a batch per transaction, and each run writes one audit event."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import event, func, select

from tests.support.factories import make_facility
from tests.support.gateway import make_gateway_account
from vssid.accounts.models import AuditEvent
from vssid.core.db import utcnow
from vssid.gateway.models import CardLookup
from vssid.support.models import ChatTurn


def _lookups(session, *ages_in_days: float) -> None:
    account = make_gateway_account(session, facility=make_facility(session), username="79014_BV")
    for age in ages_in_days:
        session.add(CardLookup(at=utcnow() - dt.timedelta(days=age), account_id=account.id,
                               facility_code=account.facility_code, clerk_name="Nguyễn Thị Lan",
                               clerk_cccd="079190001234", card_code="7901234567", kind="the", result_code="000",
                               message="Thẻ còn giá trị sử dụng!", address="203.0.113.7"))
    session.commit()


def _chats(session, *ages_in_days: float) -> None:
    for n, age in enumerate(ages_in_days):
        session.add(ChatTurn(conversation=f"c{n}", question="Thẻ BHYT của tôi còn hạn không?",
                             intent="unknown", created_at=utcnow() - dt.timedelta(days=age)))
    session.commit()


def _ages(session, moment) -> list[int]:
    now = utcnow()
    return sorted((now - at).days for at in session.scalars(select(moment)))


def _audit(session, name: str) -> list[dict]:
    return [json.loads(d) for d in session.scalars(select(AuditEvent.detail).where(AuditEvent.event == name))]


class _Statements:
    """DELETEs and COMMITs the app's engine runs while a command works."""

    def __init__(self, engine) -> None:
        self.engine, self.deletes, self.commits = engine, 0, 0

    def _execute(self, _conn, _cursor, statement, *_args) -> None:
        self.deletes += statement.lstrip().upper().startswith("DELETE")

    def _commit(self, _conn) -> None:
        self.commits += 1

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._execute)
        event.listen(self.engine, "commit", self._commit)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._execute)
        event.remove(self.engine, "commit", self._commit)


def test_lookups_older_than_the_retention_go_and_recent_ones_stay(app, session):
    _lookups(session, 2000, 800, 731, 729, 400, 1)
    result = app.test_cli_runner().invoke(args=["gateway", "purge-lookups"])  # default: 730 days
    assert result.exit_code == 0, result.output
    assert "Đã xóa 3 lượt tra cứu thẻ cũ hơn 730 ngày." in result.output
    assert _ages(session, CardLookup.at) == [1, 400, 729]
    [detail] = _audit(session, "gateway_lookups_purged")
    assert detail["deleted"] == 3 and detail["retention_days"] == 730
    # Nothing left to delete: still one audit event per run, saying 0.
    assert "Đã xóa 0 lượt" in app.test_cli_runner().invoke(args=["gateway", "purge-lookups"]).output
    assert [d["deleted"] for d in _audit(session, "gateway_lookups_purged")] == [3, 0]


@pytest.mark.parametrize("app_config", [{"VSSID_GATEWAY_LOOKUP_RETENTION_DAYS": 364}])
def test_a_lookup_retention_under_a_year_is_refused(app, session):
    _lookups(session, 2000, 370, 1)
    result = app.test_cli_runner().invoke(args=["gateway", "purge-lookups"])
    assert result.exit_code != 0
    assert "VSSID_GATEWAY_LOOKUP_RETENTION_DAYS=364" in result.output and "365 ngày" in result.output
    assert session.scalar(select(func.count(CardLookup.id))) == 3
    assert _audit(session, "gateway_lookups_purged") == []


@pytest.mark.parametrize("app_config", [{"VSSID_GATEWAY_LOOKUP_RETENTION_DAYS": 365}])
def test_lookups_are_deleted_a_batch_per_transaction(app, session):
    _lookups(session, *[400 + n for n in range(5)], 10)
    with _Statements(app.extensions["vssid.db"][0]) as seen:
        result = app.test_cli_runner().invoke(args=["gateway", "purge-lookups", "--batch", "2"])
    assert result.exit_code == 0 and "Đã xóa 5 lượt" in result.output
    assert seen.deletes == 3  # 2 + 2 + 1
    assert seen.commits == 4  # each batch, then the audit event
    assert _ages(session, CardLookup.at) == [10]
    assert app.test_cli_runner().invoke(args=["gateway", "purge-lookups", "--batch", "0"]).exit_code != 0


def test_chats_older_than_the_retention_go_and_recent_ones_stay(app, session):
    _chats(session, 365, 91, 89, 30, 0)
    result = app.test_cli_runner().invoke(args=["support", "purge-chats"])  # default: 90 days
    assert result.exit_code == 0, result.output
    assert "Đã xóa 2 lượt hỏi đáp với trợ lý ảo cũ hơn 90 ngày." in result.output
    assert _ages(session, ChatTurn.created_at) == [0, 30, 89]
    [detail] = _audit(session, "support_chats_purged")
    assert detail["deleted"] == 2 and detail["retention_days"] == 90


@pytest.mark.parametrize("app_config", [{"VSSID_SUPPORT_CHAT_RETENTION_DAYS": 29}])
def test_a_chat_retention_under_a_month_is_refused(app, session):
    _chats(session, 100, 40, 1)
    result = app.test_cli_runner().invoke(args=["support", "purge-chats"])
    assert result.exit_code != 0
    assert "VSSID_SUPPORT_CHAT_RETENTION_DAYS=29" in result.output and "30 ngày" in result.output
    assert session.scalar(select(func.count(ChatTurn.id))) == 3
    assert _audit(session, "support_chats_purged") == []


@pytest.mark.parametrize("app_config", [{"VSSID_SUPPORT_CHAT_RETENTION_DAYS": 30}])
def test_chats_are_deleted_a_batch_per_transaction(app, session):
    _chats(session, *[31 + n for n in range(7)], 2)
    with _Statements(app.extensions["vssid.db"][0]) as seen:
        result = app.test_cli_runner().invoke(args=["support", "purge-chats", "--batch", "3"])
    assert result.exit_code == 0 and "Đã xóa 7 lượt" in result.output
    assert seen.deletes == 3 and seen.commits == 4  # 3 + 3 + 1, then the audit event
    assert _ages(session, ChatTurn.created_at) == [2]
