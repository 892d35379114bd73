"""Retention purges: rows older than a number of days are deleted, a batch per transaction.

A batch is one `DELETE … WHERE id IN (SELECT id … WHERE <time> < :cutoff ORDER BY id LIMIT n)`
committed on its own, so a large table never sits in one long transaction and the web requests
writing new rows meanwhile wait at most one batch. Ids grow with time, so the primary key's
index finds the oldest rows first without an index on the time column.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from vssid.core.errors import ValidationError

DEFAULT_BATCH = 1000


def cutoff(*, now: dt.datetime, days: int, minimum_days: int, setting: str) -> dt.datetime:
    """The moment before which rows go; ``days`` under ``minimum_days`` is refused, naming ``setting``."""
    if days < minimum_days:
        raise ValidationError(
            f"{setting}={days}: thời hạn lưu phải từ {minimum_days} ngày trở lên; "
            "không xóa bản ghi nào.",
            field=setting,
        )
    return now - dt.timedelta(days=days)


def purge_before(session: Session, moment: InstrumentedAttribute, *, before: dt.datetime,
                 batch: int = DEFAULT_BATCH) -> int:
    """Delete the rows of ``moment``'s table whose ``moment`` is earlier than ``before``, ``batch``
    rows per committed transaction; the number deleted."""
    if batch < 1:
        raise ValidationError("Kích thước lô phải từ 1 trở lên.", field="batch")
    model = moment.class_
    oldest = select(model.id).where(moment < before).order_by(model.id).limit(batch).scalar_subquery()
    total = 0
    while True:
        deleted = session.execute(
            delete(model).where(model.id.in_(oldest)).execution_options(synchronize_session=False)
        ).rowcount
        session.commit()
        total += deleted
        if deleted < batch:
            return total
