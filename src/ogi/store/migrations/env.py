"""Alembic environment: run with the connection `ogi.store` hands over, or with the URL
of the configuration when alembic is run by hand (``alembic -x`` is not needed)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from ogi.store import load_models
from ogi.store.models import Base

load_models()
config = context.config
target_metadata = Base.metadata


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///ogi.db")
    with engine.connect() as conn:
        _run(conn)


def _run(connection: object) -> None:
    # Batch mode lets later revisions alter SQLite tables, which cannot ALTER COLUMN.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
