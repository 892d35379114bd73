"""Deterministic, realistic Vietnamese demo data: ``seed_demo``.

Fills an empty registry with VSS offices, health facilities, employers and collection
points for the 34 provinces and their wards (read from the database, migration 0002),
then people in households with health cards, participation periods, benefits and
medical visits with cost lines. One ``random.Random(seed)`` drives everything, so the
same seed and day give the same rows.

Rows are generated in batches of ``BATCH_PEOPLE`` people and written with SQLAlchemy
Core executemany; ids are allocated here, since the tables start empty. Nothing is
committed: the caller commits (``flask seed-demo``), and on failure the session is
rolled back, so no rows are left.

The pieces: demo_world.py (provinces, directories, the row sink), demo_history.py
(people, cards, periods, benefits), demo_health.py (visits and cost lines),
demo_bulk.py (the population), demo_cast.py (the four demo people), demo_names.py
(names, addresses, phones, CCCD numbers), demo_tables.py (legal history, geography).
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from vssid.core.errors import Conflict, ValidationError
from vssid.registry.demo_bulk import Bulk
from vssid.registry.demo_cast import build_cast
from vssid.registry.demo_history import Registry, Who
from vssid.registry.demo_tables import LawHistory
from vssid.registry.demo_world import TABLES, Sink, World
from vssid.registry.models import LegalParameter, Person

BATCH_PEOPLE = 5_000
BASE_EMPLOYERS = 600  # besides one of each kind per province; more for big populations
PEOPLE_PER_EMPLOYER = 40
CAST_SIZE = 11  # the four demo people and their households (demo_cast.py)

ROLE_VI = {
    "worker": "Người lao động trong doanh nghiệp",
    "pensioner": "Người hưởng lương hưu",
    "parent": "Người tham gia BHYT hộ gia đình, mẹ của hai trẻ dưới 6 tuổi",
    "voluntary": "Người tham gia BHXH tự nguyện",
    "child": "Trẻ em dưới 6 tuổi",
}


@dataclass(frozen=True)
class DemoPerson:
    role: str  # worker, pensioner, parent, voluntary, child
    id: int
    ma_so: str
    cccd: str
    full_name: str
    phone: str | None
    email: str | None

    @property
    def role_vi(self) -> str:
        return ROLE_VI[self.role]

    @property
    def person_id(self) -> int:
        """Same as ``id``: the ``person.id`` of this demo person."""
        return self.id


@dataclass(frozen=True)
class DemoCast:
    """The demo people, by role; ``children`` are the parent's two children under six."""

    worker: DemoPerson
    pensioner: DemoPerson
    parent: DemoPerson
    voluntary: DemoPerson
    children: tuple[DemoPerson, DemoPerson]
    people: int  # people created in all
    seed: int

    @property
    def main(self) -> tuple[DemoPerson, ...]:
        """The four people to log in as, in the order the demo presents them."""
        return (self.worker, self.pensioner, self.parent, self.voluntary)


def seed_demo(session: Session, *, people: int = 300, seed: int = 2026, today: dt.date | None = None) -> DemoCast:
    """Fill an empty registry with ``people`` demo people; returns who is who.

    Raises ``Conflict`` when the registry already holds data and ``ValidationError``
    when ``people`` is too small for the demo cast. Does not commit.
    """
    if people < CAST_SIZE:
        raise ValidationError(f"Cần ít nhất {CAST_SIZE} người để tạo dữ liệu mẫu.", field="people")
    today = today or dt.date.today()
    _require_empty(session)
    try:
        cast, created = _seed(session, people=people, seed=seed, today=today)
    except BaseException:
        session.rollback()
        raise

    def demo(role: str, who: Who) -> DemoPerson:
        return DemoPerson(role, who.id, who.ma_so, who.cccd, who.name, who.phone, who.email)

    return DemoCast(
        worker=demo("worker", cast["worker"]), pensioner=demo("pensioner", cast["pensioner"]),
        parent=demo("parent", cast["parent"]), voluntary=demo("voluntary", cast["voluntary"]),
        children=(demo("child", cast["child_1"]), demo("child", cast["child_2"])),
        people=created, seed=seed,
    )


def _require_empty(session: Session) -> None:
    if session.execute(select(Person.id).limit(1)).first() is not None:
        raise Conflict("Cơ sở dữ liệu đã có dữ liệu người tham gia; chỉ tạo dữ liệu mẫu trên cơ sở dữ liệu trống.")
    for name, table in TABLES.items():
        if session.execute(select(text("1")).select_from(table).limit(1)).first() is not None:
            raise Conflict(f"Cơ sở dữ liệu đã có dữ liệu (bảng {name}); chỉ tạo dữ liệu mẫu trên cơ sở dữ liệu trống.")


def _seed(session: Session, *, people: int, seed: int, today: dt.date) -> tuple[dict[str, Who], int]:
    rng = random.Random(seed)
    law = LawHistory(session.execute(
        select(LegalParameter.name, LegalParameter.value, LegalParameter.valid_from)
    ).all())
    world = World(session, rng)
    if not world.provinces or not all(p.wards for p in world.provinces.values()):
        raise Conflict("Chưa có danh mục tỉnh và xã, phường. Hãy chạy “flask db upgrade” trước.")
    sink = Sink(session)
    world.build_directories(sink, employers=BASE_EMPLOYERS)
    registry = Registry(world=world, law=law, sink=sink, rng=rng, today=today)
    bulk = Bulk(registry)
    cast = build_cast(registry, bulk)
    # Employers grow with the population; drawn after the cast so the cast is the same
    # whatever the population's size.
    world.add_employers(sink, max(0, people // PEOPLE_PER_EMPLOYER - BASE_EMPLOYERS))
    created = sink.next_id["person"] - 1
    while created < people:
        created += bulk.household(people - created)
        if len(sink.rows["person"]) >= BATCH_PEOPLE:
            sink.flush()
    sink.flush()
    if session.get_bind().dialect.name == "postgresql":
        for name, table in TABLES.items():
            if "id" in table.c:
                session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {name}))"
                ))
    return cast, created
