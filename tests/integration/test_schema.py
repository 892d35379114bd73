"""The schema is built by the migrations, and the models agree with them."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, select

from vssid.lookups.search import include_name  # the engine-only search objects, as in env.py
from vssid.models import metadata
from vssid.registry.models import LegacyProvince, LegalParameter, Province, Ward


def test_models_match_migrations(database_url):
    engine = create_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
        diffs = compare_metadata(context, metadata)
    engine.dispose()
    assert diffs == []


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
