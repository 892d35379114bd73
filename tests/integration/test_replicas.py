"""Read replicas: lag-tolerant pages read a real streaming replica, writes and auth the primary.

The module runs its own primary and a streaming replica (pg_basebackup -R) on loopback. To
see which server answered, the replica's replay is paused and the primary changed: a page
that still shows the old value was read from the replica.
"""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text, update

from tests.support.factories import PASSWORD, make_account, make_card, make_facility, make_person
from tests.support.migrate import migrate_to_head
from tests.support.pgcluster import Cluster, wait_for_replay
from tests.support.web import login
from vssid.accounts.models import AuditEvent
from vssid.core import routing
from vssid.registry.models import Facility

pytestmark = pytest.mark.postgres_only


@pytest.fixture(scope="module")
def cluster():
    own = Cluster()
    own.create_database("vssid")
    own.add_replica()
    yield own
    own.stop()


@pytest.fixture(scope="module")
def database_url(cluster):
    url = cluster.database("vssid")
    migrate_to_head(url)
    return url


@pytest.fixture
def replica_url(cluster, database_url):
    return cluster.database("vssid", replica=True)


@pytest.fixture
def app_config(replica_url):
    return {"VSSID_DATABASE_REPLICA_URLS": (replica_url,)}


@pytest.fixture
def paused_replica(database_url, replica_url):
    """The replica stops applying WAL: from now on it shows the past."""
    wait_for_replay(database_url, replica_url)
    engine = create_engine(replica_url)
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_wal_replay_pause()"))
        conn.commit()
    yield
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_wal_replay_resume()"))
        conn.commit()
    engine.dispose()


def _rename(session, code: str, name: str) -> None:
    session.execute(update(Facility).where(Facility.code == code).values(name=name))
    session.commit()


def test_the_replica_is_a_real_streaming_standby(replica_url):
    engine = create_engine(replica_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT pg_is_in_recovery()")).scalar_one() is True
        assert conn.execute(text("SELECT status FROM pg_stat_wal_receiver")).scalar_one() == "streaming"
    engine.dispose()


def test_look_up_reads_the_replica_and_catches_up(app, session, client, database_url, replica_url, paused_replica):
    facility = make_facility(session, name="Bệnh viện Đa khoa Cũ")
    session.commit()
    engine = create_engine(replica_url)
    with engine.connect() as conn:  # resume just long enough for the replica to have the row
        conn.execute(text("SELECT pg_wal_replay_resume()"))
        wait_for_replay(database_url, replica_url)
        conn.execute(text("SELECT pg_wal_replay_pause()"))
    engine.dispose()
    _rename(session, facility.code, "Bệnh viện Đa khoa Mới")

    page = client.get(f"/tra-cuu/co-so-kcb/{facility.code}").get_data(as_text=True)
    assert "Bệnh viện Đa khoa Cũ" in page and "Mới" not in page  # the replica's (lagging) view

    engine = create_engine(replica_url)
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_wal_replay_resume()"))
    engine.dispose()
    wait_for_replay(database_url, replica_url)
    assert "Bệnh viện Đa khoa Mới" in client.get(f"/tra-cuu/co-so-kcb/{facility.code}").get_data(as_text=True)


def test_login_and_session_are_read_on_the_primary(app, session, client, database_url, replica_url):
    """An account and a session created while the replica lags still work on replica pages."""
    person = make_person(session)
    make_card(session, person)
    session.commit()
    wait_for_replay(database_url, replica_url)
    engine = create_engine(replica_url)
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_wal_replay_pause()"))
        conn.commit()
    try:
        make_account(session, person)  # the replica never sees this account nor the session
        session.commit()
        assert login(client, person.ma_so, PASSWORD).status_code == 303
        card = client.get("/ca-nhan/the-bhyt")
        assert card.status_code == 200 and person.ma_so in card.get_data(as_text=True)
    finally:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_wal_replay_resume()"))
            conn.commit()
        engine.dispose()


def test_after_a_write_the_same_request_reads_the_primary(app, session, database_url, replica_url, paused_replica):
    facility = make_facility(session, name="Tên trước")
    session.commit()
    _rename(session, facility.code, "Tên sau")
    sessions = app.extensions["vssid.db"][1]
    with app.test_request_context("/tra-cuu/co-so-kcb"):
        own = sessions()
        own.info["replica_ok"] = True
        # The replica was paused before the facility existed: it has no such row.
        assert own.scalar(select(Facility.name).where(Facility.code == facility.code)) is None
        assert own.uses_replica()
        own.add(AuditEvent(event="test_write"))
        own.flush()  # the first write of the request
        assert own.scalar(select(Facility.name).where(Facility.code == facility.code)) == "Tên sau"
        own.rollback()
        sessions.remove()


def test_requests_not_marked_and_posts_use_the_primary(app, session, database_url, replica_url, paused_replica):
    facility = make_facility(session, name="Chỉ ở máy chính")
    session.commit()
    sessions = app.extensions["vssid.db"][1]
    with app.test_request_context("/dang-nhap", method="POST"):
        own = sessions()
        assert own.scalar(select(Facility.name).where(Facility.code == facility.code)) == "Chỉ ở máy chính"
        assert not own.uses_replica()
        sessions.remove()


def test_a_lost_replica_is_left_out_and_the_primary_serves(app, session, client, cluster):
    facility = make_facility(session, name="Trạm y tế phường")
    session.commit()
    page = f"/tra-cuu/co-so-kcb/{facility.code}"
    assert client.get(page).status_code == 200  # a pooled connection to the replica now exists
    cluster.halt("replica")
    try:
        first = client.get(page)  # this request finds the replica gone: the outage page at worst
        assert first.status_code in (200, 503)
        for _ in range(3):  # the next ones are read on the primary
            again = client.get(page)
            assert again.status_code == 200 and "Trạm y tế phường" in again.get_data(as_text=True)
    finally:
        cluster.resume("replica")
        routing._unavailable_until.clear()
