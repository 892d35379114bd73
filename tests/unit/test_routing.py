"""Which statements a RoutingSession sends to a replica (two SQLite files stand in for the
primary and the replica; the real streaming replica is in tests/integration/test_replicas.py)."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from vssid.accounts.models import Account
from vssid.core.routing import RoutingSession, replica_tables
from vssid.models import metadata
from vssid.registry.models import Base, Facility, Person

ROWS = {"primary": "Bệnh viện ở máy chính", "replica": "Bệnh viện ở bản sao"}


@pytest.fixture
def engines(tmp_path):
    made = {}
    for role, name in ROWS.items():
        engine = create_engine(f"sqlite:///{tmp_path / role}.db")
        metadata.create_all(engine, tables=[metadata.tables[t] for t in ("facility", "person", "account")])
        with Session(engine) as session:  # no foreign-key checks: plain SQLite connection
            session.add(Facility(code="79001", name=name, level="Tỉnh", address="Số 1", province_code="79"))
            session.commit()
        made[role] = engine
    yield made
    for engine in made.values():
        engine.dispose()


def _session(engines, *, replica_ok=True) -> RoutingSession:
    session = RoutingSession(bind=engines["primary"], replicas=(engines["replica"],),
                             tolerant_tables=replica_tables(Base.registry.mappers))
    session.info["replica_ok"] = replica_ok
    return session


def _name(session) -> str:
    return session.scalar(select(Facility.name).where(Facility.code == "79001"))


def test_registry_reads_of_a_marked_request_go_to_the_replica(engines):
    with _session(engines) as session:
        assert _name(session) == ROWS["replica"] and session.uses_replica()


def test_unmarked_requests_read_the_primary(engines):
    with _session(engines, replica_ok=False) as session:
        assert _name(session) == ROWS["primary"] and not session.uses_replica()


def test_accounts_are_always_read_on_the_primary(engines):
    with _session(engines) as session:
        primary = session.get_bind(clause=select(Account.id))
        joined = session.get_bind(clause=select(Person.id).join(Account, Account.person_id == Person.id))
        assert primary is engines["primary"] and joined is engines["primary"]
        assert session.get_bind(clause=select(Person.id)) is engines["replica"]


def test_after_a_write_the_request_reads_its_own_writes(engines):
    with _session(engines) as session:
        assert _name(session) == ROWS["replica"]
        session.add(Facility(code="79002", name="Trạm mới", level="Xã", address="Số 2", province_code="79"))
        session.flush()
        assert _name(session) == ROWS["primary"]
        assert session.scalar(select(Facility.name).where(Facility.code == "79002")) == "Trạm mới"
        session.rollback()


def test_pending_changes_locks_and_raw_sql_use_the_primary(engines):
    with _session(engines) as session:
        session.add(Facility(code="79003", name="Chưa ghi", level="Xã", address="Số 3", province_code="79"))
        assert session.get_bind(clause=select(Facility.name)) is engines["primary"]  # before the autoflush
        session.expunge_all()
        assert session.get_bind(clause=select(Facility.name).with_for_update()) is engines["primary"]
        assert session.get_bind(clause=text("SELECT name FROM facility")) is engines["primary"]
        assert session.get_bind(clause=select(Facility.name)) is engines["replica"]
