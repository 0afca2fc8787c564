"""Alembic environment: runs on the connection sophdesk hands it (no alembic.ini)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import sophdesk.store.tables  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def include_object(obj, name, type_, reflected, compare_to):
    # FTS5 tables and their shadow tables, and PostgreSQL's change counter
    # (0009), are written by hand in the migrations; so is the search index.
    if type_ == "table" and name is not None:
        return not (name.startswith("incident_fts") or name == "change_counter")
    return not (type_ == "index" and name == "ix_incident_search")


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("sophdesk runs its migrations with a connection it provides")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()
