"""Alembic environment: runs against the engine the application passes in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from bot.storage.metadata import target_metadata

config = context.config


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
