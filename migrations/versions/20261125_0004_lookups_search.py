"""lookups search: folded search text on the directories and their full-text indexes

Each directory table (vss_office, facility, employer, collection_point) gets
`search_text`, the folded key of its searchable columns (vssid.core.text.search_key),
filled for existing rows here and by the models' column default afterwards.

The full-text index over it differs by engine and lives only in this migration:
- SQLite: one contentless FTS5 table per directory (`lookup_fts_<table>`), kept in step by
  triggers. `facility` has a text key, so `lookup_fts_facility_key` gives each code the stable
  integer the FTS5 rowid needs (a plain rowid can change on VACUUM).
- PostgreSQL: a GIN index on to_tsvector('simple', search_text) per directory.
Every such object is named `lookup_fts_*`; vssid.lookups.search.include_name hides them from
autogenerate and from the models-versus-migrations check.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

from vssid.core.text import search_key

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Frozen copy of the models' `searchable(...)` fields at this revision.
SEARCH_FIELDS = {
    "vss_office": ("id", ("name", "code", "address")),
    "facility": ("code", ("name", "code")),
    "employer": ("id", ("name", "unit_code", "tax_code")),
    "collection_point": ("id", ("name", "address")),
}
INTEGER_KEYED = ("vss_office", "employer", "collection_point")
BATCH = 5000


def _backfill(bind, name: str, key: str, fields: tuple[str, ...]) -> None:
    table = sa.table(name, sa.column(key), sa.column("search_text"), *(sa.column(f) for f in fields if f != key))
    update = (
        sa.update(table).where(table.c[key] == sa.bindparam("k")).values(search_text=sa.bindparam("v"))
    )
    last = None
    while True:
        query = sa.select(table.c[key], *(table.c[f] for f in fields)).order_by(table.c[key]).limit(BATCH)
        if last is not None:
            query = query.where(table.c[key] > last)
        rows = bind.execute(query).all()
        if not rows:
            return
        bind.execute(update, [
            {"k": row[0], "v": search_key(" ".join(str(value or "") for value in row[1:]))} for row in rows
        ])
        last = rows[-1][0]


def _sqlite_fts(table: str) -> list[str]:
    fts = f"lookup_fts_{table}"
    create = f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='', columnsize=0, detail='none', prefix='2 3 4 5 6')"
    if table in INTEGER_KEYED:
        ins = f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text);"
        dele = f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
        return [
            create,
            f"INSERT INTO {fts}(rowid, search_text) SELECT id, search_text FROM {table}",
            f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {ins} END",
            f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {dele} END",
            f"CREATE TRIGGER {fts}_au AFTER UPDATE OF id, search_text ON {table} BEGIN {dele} {ins} END",
        ]
    rowid_new = "(SELECT id FROM lookup_fts_facility_key WHERE code = new.code)"
    rowid_old = "(SELECT id FROM lookup_fts_facility_key WHERE code = old.code)"
    ins = f"INSERT INTO {fts}(rowid, search_text) VALUES ({rowid_new}, new.search_text);"
    dele = f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', {rowid_old}, old.search_text);"
    return [
        "CREATE TABLE lookup_fts_facility_key (id INTEGER PRIMARY KEY, code VARCHAR(5) NOT NULL UNIQUE)",
        create,
        "INSERT INTO lookup_fts_facility_key(code) SELECT code FROM facility ORDER BY code",
        f"INSERT INTO {fts}(rowid, search_text) SELECT k.id, f.search_text FROM facility f "
        "JOIN lookup_fts_facility_key k ON k.code = f.code",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON facility BEGIN "
        f"INSERT INTO lookup_fts_facility_key(code) VALUES (new.code); {ins} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON facility BEGIN "
        f"{dele} DELETE FROM lookup_fts_facility_key WHERE code = old.code; END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF code, search_text ON facility BEGIN "
        f"{dele} UPDATE lookup_fts_facility_key SET code = new.code WHERE code = old.code; {ins} END",
    ]


def upgrade():
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    for table, (key, fields) in SEARCH_FIELDS.items():
        # SQLite adds a NOT NULL column only with a default, and dropping that default
        # would copy the table (which fails under foreign keys): it keeps DEFAULT ''.
        # PostgreSQL gets the column NOT NULL without a default, as the model says.
        op.add_column(table, sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
        _backfill(bind, table, key, fields)
        if not sqlite:
            op.alter_column(table, "search_text", server_default=None)
    if sqlite:
        for table in SEARCH_FIELDS:
            for statement in _sqlite_fts(table):
                op.execute(statement)
    elif bind.dialect.name == "postgresql":
        for table in SEARCH_FIELDS:
            op.execute(
                f"CREATE INDEX lookup_fts_{table}_search_text ON {table} "
                "USING gin (to_tsvector('simple'::regconfig, search_text))"
            )


def downgrade():
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    for table in reversed(SEARCH_FIELDS):
        if sqlite:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS lookup_fts_{table}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS lookup_fts_{table}")
            if table == "facility":
                op.execute("DROP TABLE IF EXISTS lookup_fts_facility_key")
            op.execute(f"ALTER TABLE {table} DROP COLUMN search_text")
        else:
            op.execute(f"DROP INDEX IF EXISTS lookup_fts_{table}_search_text")
            op.drop_column(table, "search_text")
