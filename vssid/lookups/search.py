"""Accent-insensitive full-text search over the directories, on SQLite and PostgreSQL.

Every directory row stores `search_text`, the folded key of its searchable columns
(vssid.core.text.search_key, the same function that folds the query). The index over it
depends on the engine (migration 0004):

- SQLite: a contentless FTS5 table `lookup_fts_<table>` kept in step by triggers; its rowid is
  the row's integer id, or for `facility` (keyed by code) the id in `lookup_fts_facility_key`.
- PostgreSQL: a GIN index on ``to_tsvector('simple', search_text)``.

`candidates()` is the one place that knows the difference: it returns the keys of the
rows that match every word of the query (the last word as a prefix while the person is
still typing) and the given filters, at most `limit` of them. Flask-free.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, bindparam, column, func, literal, literal_column, select, table, text
from sqlalchemy.orm import Session

from vssid.core.text import search_key
from vssid.registry.models import CollectionPoint, Employer, Facility, VssOffice, search_text_of

# Tables, triggers and indexes that exist on one engine only are all named lookup_fts_*: they are
# not models, so autogenerate and the models-versus-migrations check must skip them.
ENGINE_ONLY_PREFIX = "lookup_fts_"
MAX_TERMS = 12
MAX_QUERY_LENGTH = 120

DIRECTORIES: tuple[type, ...] = (VssOffice, Facility, Employer, CollectionPoint)

# Words in most names of a directory: legal forms and kinds of facility. AND-ing them
# through the index (FTS5 doclists, GIN posting lists) costs the most and narrows the
# least, so when a query also has a rarer word, the index looks up the rarer words and the
# frequent ones are checked on the rows found. The answer is the same; only the cost
# changes (bench/lookups_search.py: about 20 ms down to 7 for a full company name among a
# million employers). Keep the list short: a moderately common word narrows more than it costs.
FREQUENT_WORDS = frozenset("cong ty tnhh co phan benh vien tram y te phong kham da khoa trung tam".split())


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic `include_name` hook: leave the engine-specific search objects alone."""
    return not (type_ in ("table", "index") and name and name.startswith(ENGINE_ONLY_PREFIX))


@dataclass(frozen=True)
class Terms:
    """The words of a query, folded; `prefix` when the last one may be unfinished."""

    words: tuple[str, ...]
    prefix: bool

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every word, quoted (words are [a-z0-9]+ already)."""
        parts = [f'"{word}"' for word in self.words]
        if self.prefix:
            parts[-1] += "*"
        return " ".join(parts)

    def split(self, frequent: frozenset[str]) -> tuple[Terms, tuple[str, ...]]:
        """(terms for the index, whole words to check on the rows it finds).

        The unfinished last word always stays in the index query; frequent words move out
        only when a rarer word remains to drive the index.
        """
        last = len(self.words) - 1
        moved = tuple(w for i, w in enumerate(self.words) if w in frequent and not (self.prefix and i == last))
        kept = tuple(w for w in self.words if w not in moved)
        # The kept words must narrow the search: a whole word, or an unfinished one of 4+ letters.
        whole = kept[:-1] if self.prefix else kept
        if not moved or not kept or not (whole or len(kept[-1]) >= 4):
            return self, ()
        return Terms(kept, self.prefix), moved

    def tsquery(self) -> str:
        """A to_tsquery('simple', …) expression: every word, the last one as a prefix."""
        parts = list(self.words)
        if self.prefix:
            parts[-1] += ":*"
        return " & ".join(parts)


def parse_terms(query: str | None) -> Terms | None:
    """Fold a query into search terms; None when there is nothing to search for.

    The last word is a prefix ("cho r" finds "cho ray") unless the query ends with a space
    or the word came from an abbreviation. A one-letter unfinished word would match nearly
    everything, so it is left out until the person types a second letter.
    """
    if not query:
        return None
    query = query[:MAX_QUERY_LENGTH]
    words = search_key(query).split()[:MAX_TERMS]
    if not words:
        return None
    raw_last = search_key(query.split()[-1]) if query.split() else ""
    prefix = not query[-1].isspace() and raw_last == words[-1]
    if prefix and len(words[-1]) == 1:
        words = words[:-1]
        prefix = False
        if not words:
            return None
    # Repeated words ask for nothing more ("benh vien benh vien").
    if prefix:
        head = [word for word in dict.fromkeys(words[:-1]) if word != words[-1]]
        return Terms((*head, words[-1]), True)
    return Terms(tuple(dict.fromkeys(words)), False)


def key_column(model: type) -> ColumnElement:
    return model.code if model is Facility else model.id


def _word_checks(model: type, words: tuple[str, ...], *, prefix: bool) -> list[ColumnElement]:
    """Whole words (the last one as a word start when `prefix`) checked on `search_text`."""
    padded = literal(" ") + model.search_text + literal(" ")
    last = len(words) - 1
    return [padded.like(f"% {word}%" if prefix and i == last else f"% {word} %") for i, word in enumerate(words)]


def _weak(terms: Terms) -> bool:
    """Only frequent words and a short unfinished one: the index would find a large share."""
    last = len(terms.words) - 1
    return all(
        word in FREQUENT_WORDS or (terms.prefix and i == last and len(word) < 4)
        for i, word in enumerate(terms.words)
    )


def candidates(
    session: Session, model: type, terms: Terms | None, filters: list[ColumnElement], *, limit: int,
    narrow: bool = False,
) -> Select:
    """SELECT of the keys (labelled "key") of at most `limit` rows of `model` matching.

    `narrow`: the filters pick a small part of the table (a province or a commune).
    """
    key = key_column(model)
    if terms is None:
        return select(key.label("key")).where(*filters).limit(limit)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite" and narrow and _weak(terms):
        # "tram y te" in one province: reading the province's rows beats walking a doclist
        # that holds half the country. (PostgreSQL's planner makes that choice itself.)
        return select(key.label("key")).where(*filters, *_word_checks(model, terms.words, prefix=terms.prefix)).limit(limit)
    # Frequent words are checked on the rows the rarer words find (see FREQUENT_WORDS).
    indexed, checked = terms.split(FREQUENT_WORDS)
    filters = [*filters, *_word_checks(model, checked, prefix=False)]
    if dialect == "sqlite":
        fts_name = f"lookup_fts_{model.__tablename__}"
        fts = table(fts_name, column("rowid"))
        match = text(f"{fts_name} MATCH :fts_query").bindparams(fts_query=indexed.fts5())
        if model is Facility:
            keys = table("lookup_fts_facility_key", column("id"), column("code"))
            query = (
                select(key.label("key")).select_from(fts)
                .join(keys, keys.c.id == fts.c.rowid)
                .join(model, model.code == keys.c.code)
            )
        else:
            query = select(key.label("key")).select_from(fts).join(model, model.id == fts.c.rowid)
        return query.where(match, *filters).limit(limit)
    if dialect == "postgresql":
        # The configuration is a literal so the expression matches the GIN index's.
        simple = literal_column("'simple'::regconfig")
        vector = func.to_tsvector(simple, model.search_text)
        query = func.to_tsquery(simple, bindparam("ts_query", indexed.tsquery()))
        return select(key.label("key")).where(vector.op("@@")(query), *filters).limit(limit)
    raise NotImplementedError(f"full-text search is not implemented for {dialect}")


def reindex(session: Session, *, batch: int = 5000) -> dict[str, int]:
    """Recompute every directory row's `search_text` (after `search_key` changed) and, on
    SQLite, rebuild the FTS5 tables from it. Returns the rows seen per table."""
    counts: dict[str, int] = {}
    for model in DIRECTORIES:
        key = key_column(model)
        fields = model.__table__.c.search_text.info["search_fields"]
        columns = [model.__table__.c[name] for name in dict.fromkeys((key.key, *fields, "search_text"))]
        last, seen = None, 0
        while True:
            query = select(*columns).order_by(key).limit(batch)
            if last is not None:
                query = query.where(key > last)
            rows = session.execute(query).mappings().all()
            if not rows:
                break
            changed = [
                {"k": row[key.key], "v": value}
                for row in rows
                if (value := search_text_of(model, row)) != row["search_text"]
            ]
            if changed:
                table_ = model.__table__
                session.execute(
                    table_.update().where(table_.c[key.key] == bindparam("k")).values(search_text=bindparam("v")),
                    changed,
                )
            seen += len(rows)
            last = rows[-1][key.key]
        counts[model.__tablename__] = seen
    if session.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite_fts(session)
    return counts


def _rebuild_sqlite_fts(session: Session) -> None:
    for model in DIRECTORIES:
        name = model.__tablename__
        fts = f"lookup_fts_{name}"
        session.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('delete-all')"))
        if model is Facility:
            session.execute(text("DELETE FROM lookup_fts_facility_key"))
            session.execute(text("INSERT INTO lookup_fts_facility_key(code) SELECT code FROM facility ORDER BY code"))
            session.execute(text(
                f"INSERT INTO {fts}(rowid, search_text) SELECT k.id, f.search_text FROM facility f "
                "JOIN lookup_fts_facility_key k ON k.code = f.code"
            ))
        else:
            session.execute(text(f"INSERT INTO {fts}(rowid, search_text) SELECT id, search_text FROM {name}"))
