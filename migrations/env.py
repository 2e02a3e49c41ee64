"""Alembic environment: the URL comes from the Alembic config when given, else from Lentera's settings.

``render_as_batch`` lets the same migration scripts alter tables on SQLite, which can only rebuild them.
A caller may hand over an open connection in ``config.attributes["connection"]`` (nothing does today).

On PostgreSQL the migrations run under a transaction-scoped advisory lock: replicas started together each
upgrade the schema on their first page, and all but one wait, then find the database at head (without it, the
second replica's CREATE TABLE failed on the first one's tables).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import pool, text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel, create_engine

import models  # noqa: F401  (registers every table on SQLModel.metadata)
from config import get_settings

config = context.config
target_metadata = SQLModel.metadata
MIGRATION_LOCK = 0x4C454E54  # "LENT": the advisory lock key of Lentera's migrations


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or get_settings().sqlalchemy_url


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        # Held until this transaction ends; the revision is read after it is granted.
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


def run_migrations_offline() -> None:
    url = _url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = create_engine(_url(), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            _configure(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
