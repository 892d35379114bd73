"""petition attachments in the database: petition_attachment_content holds the bytes

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26 00:00:00

Until now the bytes were files in VSSID_ATTACHMENT_DIR (default <instance>/attachments)
under petition_attachment.stored_name, so every app node needed the same shared mount.
Upgrade reads that directory the way the app did (the VSSID_ATTACHMENT_DIR environment
variable, else instance/attachments), copies each attachment's file into the new table and
drops stored_name. A file that is missing, unreadable or not 1 byte to 5 MB long is skipped
with a warning: its row stays and its download answers "not found", as it did before.
The files are left where they are; remove the directory once the upgrade is checked.

Downgrade writes every stored attachment back into that directory under a new random name
(created exclusively, mode 0600), restores stored_name, and drops the table.

The column is dropped before the table that references petition_attachment exists, because
SQLite's batch mode rebuilds the table, and with foreign keys on a rebuild of a referenced
table fails; on PostgreSQL the whole revision is one transaction.
"""
import logging
import os
import re
import secrets
from pathlib import Path

from alembic import op
import sqlalchemy as sa

from vssid.config import INSTANCE


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.env")

Id = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
MAX_BYTES = 5 * 1024 * 1024
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png|pdf)")  # the only names the app ever wrote

attachment = sa.table(
    "petition_attachment",
    sa.column("id", Id), sa.column("stored_name", sa.String), sa.column("content_type", sa.String),
)
content = sa.table("petition_attachment_content", sa.column("attachment_id", Id), sa.column("data", sa.LargeBinary))


def attachment_dir() -> Path:
    """Where the app kept attachments, read as vssid/config.py read it before this revision."""
    return Path(os.environ.get("VSSID_ATTACHMENT_DIR", str(INSTANCE / "attachments")))


def _read(folder: Path, attachment_id: int, stored_name: str) -> bytes | None:
    if not STORED_NAME.fullmatch(stored_name or ""):
        log.warning("Attachment %s: stored name %r is not one the app writes; skipped.", attachment_id, stored_name)
        return None
    path = folder / stored_name
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.warning("Attachment %s: %s cannot be read (%s); skipped.", attachment_id, path, exc.strerror or exc)
        return None
    if not 1 <= len(data) <= MAX_BYTES:
        log.warning("Attachment %s: %s is %d bytes, outside 1 byte to 5 MB; skipped.", attachment_id, path, len(data))
        return None
    return data


def upgrade():
    bind = op.get_bind()
    stored = bind.execute(sa.select(attachment.c.id, attachment.c.stored_name).order_by(attachment.c.id)).all()

    with op.batch_alter_table('petition_attachment', schema=None) as batch_op:
        batch_op.drop_constraint('uq_petition_attachment_stored_name', type_='unique')
        batch_op.drop_column('stored_name')

    op.create_table('petition_attachment_content',
    sa.Column('attachment_id', Id, nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.CheckConstraint(f'length(data) BETWEEN 1 AND {MAX_BYTES}', name=op.f('ck_petition_attachment_content_data_size')),
    sa.ForeignKeyConstraint(['attachment_id'], ['petition_attachment.id'],
                            name=op.f('fk_petition_attachment_content_attachment_id_petition_attachment')),
    sa.PrimaryKeyConstraint('attachment_id', name=op.f('pk_petition_attachment_content'))
    )

    if not stored:
        return
    folder = attachment_dir()
    if not folder.is_dir():
        log.warning("%d attachment(s) on record but %s is not a directory: none copied.", len(stored), folder)
        return
    copied = 0
    for attachment_id, stored_name in stored:  # one file in memory at a time (at most 5 MB)
        data = _read(folder, attachment_id, stored_name)
        if data is not None:
            bind.execute(content.insert().values(attachment_id=attachment_id, data=data))
            copied += 1
    log.info("Copied %d of %d attachment file(s) from %s into petition_attachment_content.", copied, len(stored), folder)


def downgrade():
    bind = op.get_bind()
    folder = attachment_dir()
    rows = bind.execute(sa.select(attachment.c.id, attachment.c.content_type).order_by(attachment.c.id)).all()
    names, written = {}, 0
    for attachment_id, content_type in rows:
        name = secrets.token_hex(16) + EXTENSIONS[content_type]
        names[attachment_id] = name
        data = bind.execute(sa.select(content.c.data).where(content.c.attachment_id == attachment_id)).scalar()
        if data is None:
            continue
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        written += 1
    if written:
        log.info("Wrote %d attachment file(s) back into %s.", written, folder)

    op.drop_table('petition_attachment_content')

    with op.batch_alter_table('petition_attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stored_name', sa.String(length=64), nullable=True))
    for attachment_id, name in names.items():
        bind.execute(attachment.update().where(attachment.c.id == attachment_id).values(stored_name=name))
    with op.batch_alter_table('petition_attachment', schema=None) as batch_op:
        batch_op.alter_column('stored_name', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(op.f('uq_petition_attachment_stored_name'), ['stored_name'])
