"""support: FAQ with its search index and first content, assistant conversations, petitions

Tables: faq_category, faq_entry (seeded below from vssid/support/faq_data.py: 8 categories,
51 questions, each answer naming its legal source), chat_turn (the assistant's kept turns),
petition, petition_message, petition_attachment.

FAQ search reuses the look-ups' engine-specific full-text index over `search_text`
(vssid/lookups/search.py, migration 0004), under the same `lookup_fts_*` names that
autogenerate and the models-versus-migrations check skip:
- SQLite: contentless FTS5 table `lookup_fts_faq_entry` kept in step by triggers;
- PostgreSQL: GIN index `lookup_fts_faq_entry_search_text` on to_tsvector('simple', search_text).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

import vssid.core.db

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Moment = vssid.core.db.UtcTimestamp(timezone=True)
FTS = "lookup_fts_faq_entry"


def _sqlite_fts() -> list[str]:
    ins = f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);"
    dele = f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
    return [
        f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_text, content='', columnsize=0, detail='none', prefix='2 3')",
        f"INSERT INTO {FTS}(rowid, search_text) SELECT id, search_text FROM faq_entry",
        f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON faq_entry BEGIN {ins} END",
        f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON faq_entry BEGIN {dele} END",
        f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF id, search_text ON faq_entry BEGIN {dele} {ins} END",
    ]


def upgrade():
    op.create_table(
        "faq_category",
        sa.Column("id", Id, nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_category")),
        sa.UniqueConstraint("slug", name=op.f("uq_faq_category_slug")),
    )
    op.create_table(
        "faq_entry",
        sa.Column("id", Id, nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("category_id", Id, nullable=False),
        sa.Column("question", sa.String(length=300), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("updated_at", Moment, nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["category_id"], ["faq_category.id"], name=op.f("fk_faq_entry_category_id_faq_category")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_entry")),
        sa.UniqueConstraint("slug", name=op.f("uq_faq_entry_slug")),
    )
    op.create_index("ix_faq_entry_category_id_position", "faq_entry", ["category_id", "position"])
    op.create_table(
        "chat_turn",
        sa.Column("id", Id, nullable=False),
        sa.Column("conversation", sa.String(length=32), nullable=False),
        sa.Column("question", sa.String(length=500), nullable=False),
        sa.Column("intent", sa.String(length=10), nullable=False),
        sa.Column("faq_id", Id, nullable=True),
        sa.Column("directory", sa.String(length=20), nullable=True),
        sa.Column("confidence", sa.SmallInteger(), nullable=False),
        sa.Column("account_hash", sa.String(length=32), nullable=True),
        sa.Column("created_at", Moment, nullable=False),
        sa.CheckConstraint("intent IN ('faq', 'directory', 'my_card', 'unknown')", name=op.f("ck_chat_turn_intent")),
        sa.CheckConstraint("confidence BETWEEN 0 AND 100", name=op.f("ck_chat_turn_confidence")),
        sa.ForeignKeyConstraint(["faq_id"], ["faq_entry.id"], name=op.f("fk_chat_turn_faq_id_faq_entry")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_turn")),
    )
    op.create_index("ix_chat_turn_conversation_id", "chat_turn", ["conversation", "id"])
    op.create_index("ix_chat_turn_intent_created_at", "chat_turn", ["intent", "created_at"])
    op.create_table(
        "petition",
        sa.Column("id", Id, nullable=False),
        sa.Column("person_id", Id, nullable=False),
        sa.Column("account_id", Id, nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("assignee_id", Id, nullable=True),
        sa.Column("unread_update", sa.Boolean(), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("updated_at", Moment, nullable=False),
        sa.Column("answered_at", Moment, nullable=True),
        sa.Column("closed_at", Moment, nullable=True),
        sa.CheckConstraint("status IN ('received', 'processing', 'answered', 'closed')", name=op.f("ck_petition_status")),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name=op.f("ck_petition_rating")),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name=op.f("fk_petition_account_id_account")),
        sa.ForeignKeyConstraint(["assignee_id"], ["account.id"], name=op.f("fk_petition_assignee_id_account")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_petition_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition")),
    )
    op.create_index(op.f("ix_petition_assignee_id"), "petition", ["assignee_id"])
    op.create_index("ix_petition_person_id_created_at", "petition", ["person_id", "created_at"])
    op.create_index("ix_petition_status_due_on", "petition", ["status", "due_on"])
    op.create_table(
        "petition_attachment",
        sa.Column("id", Id, nullable=False),
        sa.Column("petition_id", Id, nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=120), nullable=False),
        sa.Column("content_type", sa.String(length=20), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.CheckConstraint(
            "content_type IN ('image/jpeg', 'image/png', 'application/pdf')",
            name=op.f("ck_petition_attachment_content_type"),
        ),
        sa.ForeignKeyConstraint(["petition_id"], ["petition.id"], name=op.f("fk_petition_attachment_petition_id_petition")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_attachment")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_petition_attachment_stored_name")),
    )
    op.create_index(op.f("ix_petition_attachment_petition_id"), "petition_attachment", ["petition_id"])
    op.create_table(
        "petition_message",
        sa.Column("id", Id, nullable=False),
        sa.Column("petition_id", Id, nullable=False),
        sa.Column("author", sa.String(length=7), nullable=False),
        sa.Column("author_account_id", Id, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.CheckConstraint("author IN ('citizen', 'staff')", name=op.f("ck_petition_message_author")),
        sa.ForeignKeyConstraint(
            ["author_account_id"], ["account.id"], name=op.f("fk_petition_message_author_account_id_account")
        ),
        sa.ForeignKeyConstraint(["petition_id"], ["petition.id"], name=op.f("fk_petition_message_petition_id_petition")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_message")),
    )
    op.create_index(op.f("ix_petition_message_petition_id"), "petition_message", ["petition_id"])

    _seed_faq()

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in _sqlite_fts():
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        op.execute(f"CREATE INDEX {FTS}_search_text ON faq_entry USING gin (to_tsvector('simple'::regconfig, search_text))")


def _seed_faq():
    """The FAQ as first published, so every database has it (vssid/support/faq_data.py)."""
    from vssid.support.faq_data import CATEGORIES, entry_rows

    bind = op.get_bind()
    category = sa.table("faq_category", sa.column("id", Id), sa.column("slug"), sa.column("title"),
                        sa.column("position"))
    op.bulk_insert(category, [
        {"slug": slug, "title": title, "position": n} for n, (slug, title) in enumerate(CATEGORIES, start=1)
    ])
    ids = dict(bind.execute(sa.select(category.c.slug, category.c.id)).all())
    now = dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc)
    entry = sa.table(
        "faq_entry", sa.column("slug"), sa.column("category_id", Id), sa.column("question"), sa.column("answer"),
        sa.column("source"), sa.column("keywords"), sa.column("published", sa.Boolean()),
        sa.column("position"), sa.column("search_text"), sa.column("created_at", Moment), sa.column("updated_at", Moment),
    )
    op.bulk_insert(entry, [{**row, "created_at": now, "updated_at": now} for row in entry_rows(ids)])


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {FTS}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
    else:
        op.execute(f"DROP INDEX IF EXISTS {FTS}_search_text")
    op.drop_index(op.f("ix_petition_message_petition_id"), table_name="petition_message")
    op.drop_table("petition_message")
    op.drop_index(op.f("ix_petition_attachment_petition_id"), table_name="petition_attachment")
    op.drop_table("petition_attachment")
    op.drop_index("ix_petition_status_due_on", table_name="petition")
    op.drop_index("ix_petition_person_id_created_at", table_name="petition")
    op.drop_index(op.f("ix_petition_assignee_id"), table_name="petition")
    op.drop_table("petition")
    op.drop_index("ix_chat_turn_intent_created_at", table_name="chat_turn")
    op.drop_index("ix_chat_turn_conversation_id", table_name="chat_turn")
    op.drop_table("chat_turn")
    op.drop_index("ix_faq_entry_category_id_position", table_name="faq_entry")
    op.drop_table("faq_entry")
    op.drop_table("faq_category")
