"""Petition attachments live in the database, not on a node's disk: a file sent through one app
instance downloads through another on the same database, a failed write leaves no bytes, and
the migration that moved them copies the old files in (and writes them back on downgrade).

Source: README.md, "Several app nodes" (nodes keep nothing a neighbour needs).
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import uuid

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from tests.conftest import make_test_app
from tests.support.factories import PASSWORD, make_account
from tests.support.migrate import alembic_config
from tests.support.staff import staff_client
from tests.support.support import PDF, petitions_of, png_bytes, upload
from tests.support.web import csrf_token, logged_in_client
from vssid.core.db import utcnow
from vssid.support.models import Petition, PetitionAttachment, PetitionAttachmentContent

CONTENT = "Tôi gửi kèm hóa đơn viện phí và giấy ra viện, đề nghị BHXH xem xét thanh toán."
COOKIES = ("vssid_session", "vssid_device")


def file_petition(client, files):
    data = {"topic": "kham_chua_benh", "content": CONTENT, "csrf_token": csrf_token(client, "/ho-tro/phan-anh/moi"),
            "attachments": list(files)}
    return client.post("/ho-tro/phan-anh/moi", data=data, content_type="multipart/form-data")


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def second_app(app, database_url):
    """Another app built by create_app on the same database: its own engine, nothing shared in memory."""
    other = make_test_app(database_url)
    yield other
    other.extensions["vssid.db"][1].remove()
    other.extensions["vssid.db"][0].dispose()


def test_a_file_sent_through_one_node_downloads_through_another(app, second_app, session):
    account, other = make_account(session), make_account(session)
    session.commit()
    phone_on_a = logged_in_client(app, session, account, PASSWORD)
    assert file_petition(phone_on_a, [upload("hoa-don.png", png_bytes(), "image/png")]).status_code == 303
    [petition] = petitions_of(session, account.person_id)
    [attachment] = petition.attachments
    assert session.get(PetitionAttachmentContent, attachment.id).data == png_bytes()
    url = f"/ho-tro/phan-anh/{petition.id}/tep/{attachment.id}"

    # The same phone, sent by the proxy to the other node.
    phone_on_b = second_app.test_client()
    for name in COOKIES:
        phone_on_b.set_cookie(name, phone_on_a.get_cookie(name).value)
    response = phone_on_b.get(url)
    assert response.status_code == 200 and response.data == png_bytes()
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Content-Disposition"] == "attachment; filename=hoa-don.png"
    assert response.headers["Content-Length"] == str(len(png_bytes()))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"

    # Owner only, on either node; the console's route for support agents only.
    stranger = logged_in_client(second_app, session, other, PASSWORD)
    assert stranger.get(url).status_code == 404
    staff_url = f"/can-bo/phan-anh/{petition.id}/tep/{attachment.id}"
    agent, _ = staff_client(second_app, session, "support_agent")
    downloaded = agent.get(staff_url)
    assert downloaded.status_code == 200 and downloaded.data == png_bytes()
    assert downloaded.headers["Content-Disposition"] == "attachment; filename=hoa-don.png"
    for role in ("officer", "editor"):
        other_desk, _ = staff_client(second_app, session, role)
        assert other_desk.get(staff_url).status_code == 403
    assert phone_on_b.get(staff_url).status_code in (302, 303)  # a citizen goes to the console's login


def test_listing_attachments_never_reads_their_bytes(app, session):
    account = make_account(session)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    file_petition(client, [upload("giay.pdf", PDF, "application/pdf")])
    [petition] = petitions_of(session, account.person_id)
    statements = []
    engine = app.extensions["vssid.db"][0]
    listen = lambda *args: statements.append(args[2])  # noqa: E731 (before_cursor_execute's statement)
    event.listen(engine, "before_cursor_execute", listen)
    try:
        html = client.get(f"/ho-tro/phan-anh/{petition.id}").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert "giay.pdf" in html
    assert statements and not any("petition_attachment_content" in statement for statement in statements)


def test_a_failed_petition_write_leaves_no_attachment_bytes(app, session):
    account = make_account(session)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    written = []

    def fail_after_the_inserts(flushing: Session, _context) -> None:
        if any(isinstance(item, PetitionAttachmentContent) for item in flushing.new):
            written.append(flushing.connection().scalar(
                select(func.count()).select_from(PetitionAttachmentContent)))
            raise RuntimeError("the database went away mid-commit")

    event.listen(Session, "after_flush", fail_after_the_inserts)
    try:
        response = file_petition(client, [upload("a.png", png_bytes(), "image/png"),
                                          upload("b.pdf", PDF, "application/pdf")])
    finally:
        event.remove(Session, "after_flush", fail_after_the_inserts)
    assert response.status_code == 500  # the error page, rendered with the rolled-back session
    assert written == [2]  # the bytes were in the transaction ...
    session.expire_all()
    # ... which left nothing behind: no request, no attachment row, no bytes.
    assert (count(session, Petition), count(session, PetitionAttachment), count(session, PetitionAttachmentContent)) \
        == (0, 0, 0)


# --- The migration that moved the files into the database -----------------------------------


@pytest.fixture
def empty_database(tmp_path):
    """A database of its own (the migration runs down and up on it)."""
    server = os.environ.get("VSSID_TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{tmp_path / 'migrate.db'}"
        return
    name = f"vssid_migrate_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def _migrate(url: str, how, revision: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        how(config, revision)
    engine.dispose()


def test_the_migration_copies_existing_files_and_downgrade_writes_them_back(empty_database, tmp_path, monkeypatch,
                                                                            caplog):
    url = empty_database
    this = next(r for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()
                if r.path.endswith("_petition_attachment_content.py"))
    _migrate(url, command.upgrade, "head")
    engine = create_engine(url)
    with Session(engine) as session:
        account = make_account(session)
        petition = Petition(person_id=account.person_id, account_id=account.id, topic="khac", content=CONTENT,
                            due_on=dt.date(2026, 12, 1), created_at=utcnow(), updated_at=utcnow())
        session.add(petition)
        session.commit()
        petition_id = petition.id
    engine.dispose()
    _migrate(url, command.downgrade, this.down_revision)

    # Before the revision: two attachments on record, one file on the disk.
    folder = tmp_path / "attachments"
    folder.mkdir()
    present, missing = secrets.token_hex(16) + ".png", secrets.token_hex(16) + ".pdf"
    (folder / present).write_bytes(png_bytes())
    engine = create_engine(url)
    with engine.begin() as conn:
        for stored_name, content_type in ((present, "image/png"), (missing, "application/pdf")):
            conn.execute(text(
                "INSERT INTO petition_attachment (petition_id, stored_name, file_name, content_type, size, created_at)"
                " VALUES (:petition, :stored, :name, :type, 100, :now)"),
                {"petition": petition_id, "stored": stored_name, "name": "tep" + stored_name[-4:],
                 "type": content_type, "now": dt.datetime(2026, 11, 20, 3, 0)})
        ids = dict(conn.execute(text("SELECT stored_name, id FROM petition_attachment")).all())
    engine.dispose()

    monkeypatch.setenv("VSSID_ATTACHMENT_DIR", str(folder))
    with caplog.at_level(logging.INFO, logger="alembic.env"):
        _migrate(url, command.upgrade, this.revision)
    engine = create_engine(url)
    with engine.connect() as conn:
        copied = dict(conn.execute(text("SELECT attachment_id, data FROM petition_attachment_content")).all())
    assert copied == {ids[present]: png_bytes()}
    assert "stored_name" not in {c["name"] for c in inspect(engine).get_columns("petition_attachment")}
    engine.dispose()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and f"Attachment {ids[missing]}:" in warnings[0] and "skipped" in warnings[0]

    # Downgrade: the schema as before, and the stored bytes as files again (under new names).
    _migrate(url, command.downgrade, this.down_revision)
    engine = create_engine(url)
    assert "petition_attachment_content" not in inspect(engine).get_table_names()
    with engine.connect() as conn:
        names = dict(conn.execute(text("SELECT id, stored_name FROM petition_attachment")).all())
    engine.dispose()
    assert set(names) == set(ids.values()) and len(set(names.values())) == 2
    assert (folder / names[ids[present]]).read_bytes() == png_bytes()
    assert oct((folder / names[ids[present]]).stat().st_mode & 0o777) == "0o600"
    assert not (folder / names[ids[missing]]).exists()
    _migrate(url, command.upgrade, "head")
