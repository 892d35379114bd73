"""Legal parameters in force on a date (lương cơ sở, rates): effective-dated rows, never literals."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vssid.core.errors import NotFound
from vssid.registry.models import LegalParameter


def value_on(session: Session, name: str, *, on: dt.date) -> int:
    """The value of parameter `name` in force on `on` (đồng, or basis points for rates)."""
    value = session.scalars(
        select(LegalParameter.value)
        .where(
            LegalParameter.name == name,
            LegalParameter.valid_from <= on,
            or_(LegalParameter.valid_to.is_(None), LegalParameter.valid_to >= on),
        )
        .order_by(LegalParameter.valid_from.desc())
        .limit(1)
    ).first()
    if value is None:
        raise NotFound(f"Chưa có mức {name} áp dụng cho ngày {on:%d/%m/%Y}.")
    return value


def values_on(session: Session, names: list[str], *, on: dt.date) -> dict[str, int]:
    return {name: value_on(session, name, on=on) for name in names}
