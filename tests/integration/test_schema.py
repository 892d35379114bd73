"""The schema is built by the migrations, and the models agree with them."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, select

from vssid.models import metadata
from vssid.registry.models import LegacyProvince, LegalParameter, Province, Ward


def _ignored(diff) -> bool:
    """Objects that live only in migrations (engine-specific search indexes), named `*_fts*`/`*_search*`."""
    kind, obj = diff[0], diff[1] if len(diff) > 1 else None
    name = getattr(obj, "name", "") or ""
    return kind in ("add_table", "remove_table", "remove_index", "add_index") and (
        "_fts" in name or name.endswith("_search") or name.startswith("ix_search_")
    )


def test_models_match_migrations(database_url):
    engine = create_engine(database_url)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    engine.dispose()
    assert [d for d in diffs if not _ignored(d)] == []


def test_reference_data_is_loaded_by_the_migrations(session):
    assert session.scalar(select(func.count()).select_from(Province)) == 34
    assert session.scalar(select(func.count()).select_from(Ward)) == 3321
    assert session.scalar(select(func.count()).select_from(LegacyProvince)) == 63
    assert session.get(Province, "79").name.endswith("Hồ Chí Minh")
    luong_co_so = session.scalars(
        select(LegalParameter.value).where(LegalParameter.name == "luong_co_so").order_by(LegalParameter.valid_from)
    ).all()
    # NĐ 24/2023, NĐ 73/2024, NĐ 161/2026 (DOMAIN.md §4).
    assert luong_co_so == [1_800_000, 2_340_000, 2_530_000]
