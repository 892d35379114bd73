"""PostgreSQL going away mid-request: a Vietnamese page, nothing half-written, recovery.

The module has its own cluster (tests/support/pgcluster.py), stopped from inside a request
right before its last INSERT, after the request has already updated several rows in the
same transaction, then started again.
"""
from __future__ import annotations

import pytest
from sqlalchemy import event, select

from tests.support.factories import PASSWORD, make_account
from tests.support.migrate import migrate_to_head
from tests.support.pgcluster import Cluster
from tests.support.web import logged_in_client, login, post_form
from vssid.accounts.models import AuditEvent
from vssid.outbound.models import OutboundMessage

pytestmark = pytest.mark.postgres_only

NEW_PASSWORD = "mot mat khau moi rat dai"


@pytest.fixture(scope="module")
def cluster():
    own = Cluster()
    own.create_database("vssid")
    yield own
    own.stop()


@pytest.fixture(scope="module")
def database_url(cluster):
    url = cluster.database("vssid")
    migrate_to_head(url)
    return url


def test_outage_mid_request_writes_nothing_and_the_app_recovers(app, session, cluster):
    account = make_account(session)
    session.commit()
    phone = logged_in_client(app, session, account, PASSWORD)
    ma_so = account.person.ma_so
    session.close()  # hold no connection of the test's own into the outage
    assert phone.get("/ca-nhan").status_code == 200

    executed: list[str] = []
    engine = app.extensions["vssid.db"][0]

    def _pull_the_plug(_conn, _cursor, statement, *_args):
        executed.append(statement.split()[0] + " " + statement.split()[2 if statement.startswith("INSERT") else 1])
        if statement.startswith("INSERT INTO audit_event") and not cluster_down:
            cluster_down.append(True)
            cluster.halt()

    cluster_down: list[bool] = []
    event.listen(engine, "before_cursor_execute", _pull_the_plug)
    try:
        response = post_form(phone, "/tai-khoan/doi-mat-khau", {
            "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD,
        })
    finally:
        event.remove(engine, "before_cursor_execute", _pull_the_plug)
    assert cluster_down, "the request never reached its audit INSERT"
    # The request had already changed rows in its transaction when the database went away.
    assert "UPDATE account" in executed and "INSERT outbound_message" in executed
    body = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    assert "Thao tác của bạn chưa được lưu" in body and "1900 9068" in body
    assert "Traceback" not in body and "OperationalError" not in body

    # While it is down, every page says the same, in Vietnamese, without a trace.
    down = phone.get("/ca-nhan")
    assert down.status_code == 503 and "tạm gián đoạn" in down.get_data(as_text=True)
    assert app.test_client().get("/tin-tuc").status_code == 503
    assert app.test_client().get("/tra-cuu").status_code == 200  # the hub needs no database

    cluster.resume()
    # Recovery: pooled connections to the old server are replaced (pre-ping); the session
    # survived because the password change never committed.
    assert phone.get("/ca-nhan").status_code == 200
    assert login(app.test_client(), ma_so, PASSWORD).status_code == 303
    assert login(app.test_client(), ma_so, NEW_PASSWORD).status_code == 422
    assert session.scalar(select(AuditEvent).where(AuditEvent.event == "password_changed")) is None
    assert session.scalars(select(OutboundMessage).where(OutboundMessage.body.contains("Mat khau"))).all() == []
