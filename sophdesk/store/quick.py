"""The queue's first screen, read with the standard library's ``sqlite3``.

Importing SQLAlchemy, SQLModel and pydantic costs about a third of a second. For a
SQLite file already at the current schema, the desk paints its first screen from
this module while the full store opens in the background. It reads only; the SQL
mirrors ``repository.queue_ids``/``queue_rows`` for the default (open) queue, and
a test keeps the two in the same order.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueRow
from sophdesk.domain.severity import Severity
from sophdesk.store.revisions import HEAD

_FIRST_SCREEN = (
    "SELECT id, title, customer, status, severity_rank, sla_due_at, owner, created_at,"
    " sla_clock, sla_target_seconds, version"
    " FROM incident WHERE is_open = 1"
    " ORDER BY severity_rank, sla_due_at IS NULL, sla_due_at, created_at, id LIMIT ?"
)


class QuickReadError(Exception):
    """The fast path could not read the file; take the full path instead."""


def sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///path`` URL; None for anything else."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    rest = url[len(prefix) :]
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=2.0)


def at_head(url: str) -> Path | None:
    """The database file if it is SQLite and already at :data:`HEAD`, else None.

    Any doubt (no file, another backend, an older or newer schema, an unreadable
    file) returns None: the caller then takes the full path, which migrates or
    explains the problem.
    """
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        connection = _connect(path)
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return path if row is not None and row[0] == HEAD else None


def _utc(value: str | None) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def first_screen(path: Path, limit: int) -> list[QueueRow]:
    """The ``limit`` most urgent open incidents."""
    try:
        connection = _connect(path)
        try:
            rows = connection.execute(_FIRST_SCREEN, (limit,)).fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise QuickReadError(str(exc)) from exc
    result = []
    for id_, title, customer, status, rank, due, owner, created, clock, target, version in rows:
        created_at = _utc(created)
        assert created_at is not None
        result.append(
            QueueRow(
                id=id_,
                title=title,
                customer=customer,
                status=Status(status),
                severity=Severity.from_rank(rank),
                sla_due_at=_utc(due),
                owner=owner,
                created_at=created_at,
                sla_clock=clock,
                sla_target_seconds=target,
                version=version,
            )
        )
    return result
