"""Moving a desk: copy every table to another database, then prove the copy whole.

Rows are read from one consistent snapshot of the source and written in one
transaction on the target (a writer: SQLite's write lock, PostgreSQL's writers'
lock), table by table in foreign-key order, each in primary-key order with its
ids kept. PostgreSQL's id sequences are moved past the copied ids. Afterwards
each table's row count and checksum are read back from the target and compared
with the source's.

The full-text index (FTS5 on SQLite, the GIN index on PostgreSQL) and
PostgreSQL's change counter are maintained by the target's own triggers and
indexes; ``alembic_version`` is the target's own (both are at the same schema).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select
from sqlmodel import SQLModel

import sophdesk.store.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from sophdesk.store.database import Database
from sophdesk.store.engine import safe_url, writer_options
from sophdesk.store.errors import StoreError
from sophdesk.store.sequences import reset_id_sequences

BATCH = 1000

Progress = Callable[[str], None]


class TargetNotEmpty(StoreError):
    """The target already holds sophdesk rows; copying would mix two desks."""


@dataclass(frozen=True)
class TableCopy:
    name: str
    rows: int
    checksum: str


def tables() -> list[Table]:
    """Every sophdesk table, parents before children."""
    return list(SQLModel.metadata.sorted_tables)


def _ordered(table: Table) -> Any:
    return select(*table.columns).order_by(*table.primary_key.columns)


def _normal(value: Any) -> Any:
    """A value as both backends give it back the same (times as UTC ISO text)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


class _Digest:
    def __init__(self) -> None:
        self.hash = hashlib.sha256()
        self.rows = 0

    def add(self, row: Sequence[Any]) -> None:
        encoded = json.dumps([_normal(v) for v in row], ensure_ascii=False, default=str)
        self.hash.update(encoded.encode("utf-8"))
        self.hash.update(b"\n")
        self.rows += 1


def _rows(connection: Connection, table: Table) -> Iterator[Sequence[Any]]:
    result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(
        _ordered(table)
    )
    yield from result


def checksums(connection: Connection) -> dict[str, TableCopy]:
    """Row count and checksum of every table, read in primary-key order."""
    found: dict[str, TableCopy] = {}
    for table in tables():
        digest = _Digest()
        for row in _rows(connection, table):
            digest.add(row)
        found[table.name] = TableCopy(table.name, digest.rows, digest.hash.hexdigest())
    return found


def non_empty(connection: Connection) -> list[str]:
    """The sophdesk tables that hold rows."""
    return [
        table.name
        for table in tables()
        if connection.execute(select(func.count()).select_from(table)).scalar_one()
    ]


def _batches(rows: Iterable[Sequence[Any]], size: int) -> Iterator[list[Sequence[Any]]]:
    batch: list[Sequence[Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def copy_database(
    source: Database, target: Database, *, force: bool = False, progress: Progress | None = None
) -> list[TableCopy]:
    """Copy every row of ``source`` into ``target`` and verify the copy.

    Refuses (:class:`TargetNotEmpty`) a target holding rows unless ``force``,
    which first deletes what the target holds. Raises :class:`StoreError` when
    the verification finds a difference (the target then holds the copy as
    written: copy again with ``force``).
    """
    if source.url == target.url:
        raise StoreError("the source and the target are the same database")
    say = progress or (lambda _message: None)
    copied: dict[str, TableCopy] = {}
    read_options: dict[str, Any] = {}
    if source.dialect == "postgresql":
        read_options["isolation_level"] = "REPEATABLE READ"  # one snapshot for all tables
    with (
        source.engine.connect().execution_options(**read_options) as reader,
        reader.begin(),
        target.engine.connect().execution_options(**writer_options(target.engine)) as writer,
        writer.begin(),
    ):
        filled = non_empty(writer)
        if filled and not force:
            raise TargetNotEmpty(
                f"{safe_url(target.url)} already holds a desk ({', '.join(filled)});"
                " nothing was copied. Use --force to replace what it holds"
            )
        if filled:
            for table in reversed(tables()):
                writer.execute(delete(table))
            say(f"emptied the target ({', '.join(filled)})")
        for table in tables():
            digest = _Digest()
            columns = [column.name for column in table.columns]
            for batch in _batches(_rows(reader, table), BATCH):
                for row in batch:
                    digest.add(row)
                writer.execute(
                    insert(table), [dict(zip(columns, row, strict=True)) for row in batch]
                )
            copied[table.name] = TableCopy(table.name, digest.rows, digest.hash.hexdigest())
            say(f"{table.name}: {digest.rows} rows")
        reset_id_sequences(writer, tables())
    with target.engine.connect() as connection, connection.begin():
        written = checksums(connection)
    differ = [name for name, made in copied.items() if written.get(name) != made]
    if differ:
        shown = ", ".join(
            f"{name} ({copied[name].rows} rows read, {written[name].rows} found)" for name in differ
        )
        raise StoreError(f"the copy differs from the source in {shown}; copy again with --force")
    return list(copied.values())
