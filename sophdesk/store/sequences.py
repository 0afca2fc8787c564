"""PostgreSQL's id sequences after rows were written with their ids given."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Table, text


def id_column(table: Table) -> str | None:
    """The name of ``table``'s single integer primary key, if it has one."""
    keys = list(table.primary_key.columns)
    if len(keys) != 1:
        return None
    python_type = None
    try:
        python_type = keys[0].type.python_type
    except NotImplementedError:
        return None
    return keys[0].name if python_type is int else None


def reset_id_sequences(connection: Connection, tables: Iterable[Table]) -> None:
    """Move each table's id sequence past its largest id (PostgreSQL; elsewhere
    the next id is derived from the rows and nothing is needed)."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        column = id_column(table)
        if column is None:
            continue
        connection.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:table, :column),"
                f" COALESCE((SELECT max({column}) FROM {table.name}), 0) + 1, false)"
            ),
            {"table": table.name, "column": column},
        )
