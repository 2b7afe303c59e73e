"""The Alembic migrations create exactly what the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData

from bot.storage.db import make_engine
from bot.storage.metadata import target_metadata
from bot.storage.migrate import current_revision, upgrade


def test_migrations_match_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    assert current_revision(engine) == "0005"
    merged = MetaData()
    for metadata in target_metadata:
        for table in metadata.tables.values():
            table.to_metadata(merged)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), merged)
    assert diff == []
    upgrade(engine)  # applying again is a no-op
    engine.dispose()
