"""Read replicas: a Session that sends lag-tolerant reads to a PostgreSQL replica.

The web layer marks a request read-tolerant (`session.info["replica_ok"] = True`, see
vssid/web/replicas.py: look-ups, news, records and card pages on GET). In such a request a
SELECT goes to one replica (the same one for the whole request, so it reads one snapshot
line) when **all** of these hold:

- every table it reads is a registry or news table (`REPLICA_TABLES`): accounts, sessions,
  OTPs, passkeys, audit, staff and payments are always read on the primary, so a login, a
  revocation or an OTP is seen at once by every node;
- the session has written nothing yet in this request (no pending changes, no flush, no
  INSERT/UPDATE/DELETE executed): from the first write on, everything goes to the primary,
  so the request reads its own writes.

Everything else (writes, `text()` statements, requests not marked) uses the primary.
A replica that fails to connect or drops its connection is left out for
`REPLICA_PAUSE_SECONDS` (`watch_replica`): reads fall back to the primary meanwhile, so a
lost replica costs at most the request that found it gone.
Flask-free: the session takes the replica engines as a constructor argument.
"""
from __future__ import annotations

import random
import time
import weakref

from sqlalchemy import Table, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
from sqlalchemy.sql.util import find_tables

# Modules whose tables may be read with a little lag (filled in by replica_tables()).
REPLICA_MODULES = ("vssid.registry", "vssid.news")
REPLICA_PAUSE_SECONDS = 30.0
_unavailable_until: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # replica engine -> monotonic time


def watch_replica(engine: Engine) -> Engine:
    """Leave `engine` out of the rotation for a while when a connection to it fails."""

    @event.listens_for(engine, "handle_error")
    def _failed(context) -> None:
        if context.is_disconnect or context.connection is None or context.is_pre_ping:
            _unavailable_until[engine] = time.monotonic() + REPLICA_PAUSE_SECONDS

    return engine


def available(replicas: tuple[Engine, ...]) -> list[Engine]:
    now = time.monotonic()
    return [r for r in replicas if _unavailable_until.get(r, 0.0) <= now]


def replica_tables(metadata_classes) -> frozenset[str]:
    """Names of the tables mapped by classes of REPLICA_MODULES."""
    return frozenset(
        mapper.local_table.name
        for mapper in metadata_classes
        if mapper.class_.__module__.startswith(REPLICA_MODULES) and mapper.local_table is not None
    )


class RoutingSession(Session):
    """A Session with a primary bind and optional read replicas (SQLAlchemy's documented
    "custom vertical partitioning" pattern: an overridden `get_bind`)."""

    def __init__(self, *args, replicas: tuple[Engine, ...] = (), tolerant_tables: frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.replicas = replicas
        self.tolerant_tables = tolerant_tables

    def get_bind(self, mapper=None, *, clause=None, **kwargs):
        if self.replicas and self._may_read_replica(clause):
            chosen = self.info.get("replica")
            if chosen is None:
                healthy = available(self.replicas)
                chosen = self.info["replica"] = random.choice(healthy) if healthy else None
            if chosen is not None:
                return chosen
        if clause is not None and not isinstance(clause, Select) and getattr(clause, "is_dml", False):
            self.info["wrote"] = True
        return super().get_bind(mapper, clause=clause, **kwargs)

    def _may_read_replica(self, clause) -> bool:
        if not self.info.get("replica_ok") or self.info.get("wrote") or self._flushing:
            return False
        if not isinstance(clause, Select) or self.new or self.dirty or self.deleted:
            return False
        if clause._for_update_arg is not None:  # a row lock is a write intention
            return False
        tables = [t for t in find_tables(clause, include_joins=True, include_aliases=True) if isinstance(t, Table)]
        return bool(tables) and all(t.name in self.tolerant_tables for t in tables)

    def uses_replica(self) -> bool:
        """True once this session has read from a replica (for tests and logs)."""
        return self.info.get("replica") is not None


@event.listens_for(RoutingSession, "after_flush")
def _wrote(session: Session, _context) -> None:
    session.info["wrote"] = True
