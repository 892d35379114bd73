"""Whose records a signed-in holder may see: their own, and their young children's.

A holder sees their own records and those of the household members they are guardian
of while those members are under 18: same household, ``guardian_id`` = the holder's
person id, age under 18 today (a year-only birth date counts from 1 January, NĐ 158/2025
Điều 12, as ``BirthDate.age_on`` does). Anyone else's id gives "not found", never
"forbidden", so a guessed id tells nothing about whether it exists.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vssid.core.dates import BirthDate
from vssid.core.errors import NotFound
from vssid.registry.models import Person

ADULT_AGE = 18


@dataclass(frozen=True)
class Scope:
    holder: Person
    members: tuple[Person, ...]

    @property
    def person_ids(self) -> frozenset[int]:
        return frozenset({self.holder.id, *(member.id for member in self.members)})

    def person(self, person_id: int | None) -> Person:
        """The holder (no id) or one of the members; anything else is not found."""
        if person_id is None or person_id == self.holder.id:
            return self.holder
        for member in self.members:
            if member.id == person_id:
                return member
        raise NotFound("Không tìm thấy hồ sơ này.")

    def require(self, person_id: int) -> None:
        if person_id not in self.person_ids:
            raise NotFound("Không tìm thấy hồ sơ này.")


def is_minor(person: Person, *, today: dt.date) -> bool:
    born = BirthDate(person.birth_year, person.birth_month, person.birth_day)
    return born.to_date() <= today and born.age_on(today) < ADULT_AGE


def load_scope(session: Session, *, holder_id: int, today: dt.date) -> Scope:
    """The holder and the members they may see, in one query."""
    people = session.scalars(
        select(Person).where(or_(Person.id == holder_id, Person.guardian_id == holder_id)).order_by(Person.id)
    ).all()
    holder = next((p for p in people if p.id == holder_id), None)
    if holder is None:
        raise NotFound("Không tìm thấy hồ sơ này.")
    members = tuple(
        p for p in people
        if p.id != holder_id
        and p.guardian_id == holder_id
        and holder.household_id is not None
        and p.household_id == holder.household_id
        and is_minor(p, today=today)
    )
    return Scope(holder=holder, members=members)
