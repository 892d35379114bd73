"""Backups (docs/OPERATIONS.md): a pg_dump restored into an empty cluster serves the app."""
from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import create_engine

from tests.conftest import make_test_app
from tests.support.factories import PASSWORD, make_account, make_card
from tests.support.migrate import migrate_to_head
from tests.support.pgcluster import BIN, Cluster
from tests.support.web import logged_in_client, post_form
from vssid.core.schema import schema_problem

pytestmark = pytest.mark.postgres_only


@pytest.fixture(scope="module")
def clusters():
    source, empty = Cluster(), Cluster()
    source.create_database("vssid")
    yield source, empty
    source.stop()
    empty.stop()


@pytest.fixture(scope="module")
def database_url(clusters):
    url = clusters[0].database("vssid")
    migrate_to_head(url)
    return url


def test_a_dump_restored_into_an_empty_cluster_serves_the_app(app, session, clusters, tmp_path):
    source, empty = clusters
    account = make_account(session)
    make_card(session, account.person)
    session.commit()
    ma_so = account.person.ma_so
    before = logged_in_client(app, session, account, PASSWORD)
    session.close()
    dump = tmp_path / "vssid.dump"

    # The documented commands: a custom-format dump, then pg_restore into a new database.
    subprocess.run([f"{BIN}/pg_dump", "--format=custom", "--no-owner", f"--file={dump}", *source.libpq("vssid")],
                   check=True, capture_output=True)
    restored_url = empty.create_database("vssid")
    subprocess.run([f"{BIN}/pg_restore", "--no-owner", "--exit-on-error", "--jobs=2", *empty.libpq("vssid"), str(dump)],
                   check=True, capture_output=True)

    engine = create_engine(restored_url)
    assert schema_problem(engine) is None  # the startup check passes: migrations are at head
    engine.dispose()
    restored = make_test_app(restored_url)
    try:
        phone = restored.test_client()
        # The session made on the old server lives in the dump: the phone is still signed in.
        phone.set_cookie("vssid_session", before.get_cookie("vssid_session").value)
        phone.set_cookie("vssid_device", before.get_cookie("vssid_device").value)
        card = phone.get("/ca-nhan/the-bhyt")
        assert card.status_code == 200 and ma_so in card.get_data(as_text=True)
        # And it takes writes: sequences were restored with the data.
        response = post_form(phone, "/dang-xuat", {}, token_from="/ca-nhan/the-bhyt")
        assert response.status_code == 303
        fresh = restored.test_client()
        assert post_form(fresh, "/dang-nhap", {"login_id": ma_so, "password": PASSWORD}).status_code == 303
    finally:
        restored.extensions["vssid.db"][0].dispose()
