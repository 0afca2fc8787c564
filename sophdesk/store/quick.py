"""The queue, read with the standard library's ``sqlite3``.

Importing SQLAlchemy, SQLModel and pydantic costs several times a bare
``sophdesk --version``. For a SQLite file already at the current schema, the desk
paints its first screen from this module while the full store opens in the
background, and ``sophdesk list`` (without a search) answers from it without
opening the store at all. It reads only; the SQL mirrors
``repository.queue_ids``/``queue_rows``, and tests keep the two row for row.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueFilter, QueueRow, search_terms
from sophdesk.domain.severity import Severity
from sophdesk.store.revisions import HEAD

_COLUMNS = (
    "id, title, customer, status, severity_rank, sla_due_at, owner, created_at,"
    " sla_clock, sla_target_seconds, version"
)
#: ``repository._QUEUE_ORDER``: incidents without a due time after those with one.
_ORDER = "severity_rank, sla_due_at IS NULL, sla_due_at, created_at, id"
#: ``triage.unclocked_unassessed_ids``: the full store starts these clocks on open.
_UNCLOCKED = (
    "SELECT id FROM incident WHERE is_open = 1 AND severity_rank = 0 AND sla_clock IS NULL LIMIT 1"
)


#: The tables of a database at :data:`HEAD` (``health.known_tables()``, which needs
#: SQLModel; a test keeps the two equal).
KNOWN_TABLES = frozenset(
    {
        "alembic_version", "assessment", "change_counter", "draft", "event", "evidence",
        "fingerprint_key", "incident", "incident_fts", "incident_fts_config",
        "incident_fts_content", "incident_fts_data", "incident_fts_docsize", "incident_fts_idx",
        "log_excerpt", "matrix_version", "secret_print",
    }
)  # fmt: skip


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
    # Reads only, but not ``mode=ro``: a read-only connection to a WAL database
    # leaves -wal and -shm files behind; the last ordinary connection to close
    # removes them, as the full store's does. ``rw`` never creates the file.
    return sqlite3.connect(f"file:{quote(str(path))}?mode=rw", uri=True, timeout=2.0)


def inspecting_connection(path: Path) -> sqlite3.Connection:
    """A connection that changes nothing, to look at a file before it is trusted:
    read-only; and when no other connection has it open (no -wal, -shm, -journal),
    immutable too, so that not even a -wal file is created beside it."""
    idle = not any(Path(f"{path}{s}").exists() for s in ("-wal", "-shm", "-journal"))
    flags = "mode=ro&immutable=1" if idle else "mode=ro"
    return sqlite3.connect(f"file:{quote(str(path))}?{flags}", uri=True, timeout=10)


def at_head(url: str) -> Path | None:
    """The database file if it is SQLite, already at :data:`HEAD` and holds only
    sophdesk's tables (:data:`KNOWN_TABLES`), else None.

    Any doubt (no file, another backend, an older or newer schema, a table that
    is not ours, an unreadable file) returns None: the caller then takes the full
    path, which migrates, or refuses and explains the problem. Nothing is written.
    """
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        connection = inspecting_connection(path)
        try:
            kinds = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = {str(r[0]) for r in kinds if not str(r[0]).lower().startswith("sqlite_")}
            if not tables <= KNOWN_TABLES:
                return None
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
    return listing(path, QueueFilter(limit=limit), require_clocks=False)


def can_list(wanted: QueueFilter) -> bool:
    """Whether :func:`listing` reads what ``wanted`` selects (a search needs the store)."""
    return not search_terms(wanted.search)


def listing(path: Path, wanted: QueueFilter, *, require_clocks: bool = True) -> list[QueueRow]:
    """What ``repository.queue_ids``/``queue_rows`` give for ``wanted`` (no search):
    the open queue, or the statuses asked for, optionally some severities only,
    most urgent first. A database holding an open incident that nobody assessed
    and that has no triage clock yet (written before triage clocks) is left to
    the full store, which starts the clock when it opens (unless not
    ``require_clocks``: the desk's first screen, painted while the store opens)."""
    if not can_list(wanted):
        raise QuickReadError("a search needs the full store")
    where: list[str] = []
    params: list[object] = []
    if wanted.shows_open_queue:
        where.append("is_open = 1")
    elif set(wanted.statuses) != set(Status):
        where.append(f"status IN ({', '.join('?' * len(wanted.statuses))})")
        params.extend(s.value for s in wanted.statuses)
    if wanted.severities:
        ranks = sorted({0 if s is None else s.rank for s in wanted.severities})
        where.append(f"severity_rank IN ({', '.join('?' * len(ranks))})")
        params.extend(ranks)
    sql = f"SELECT {_COLUMNS} FROM incident"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {_ORDER}"
    if wanted.limit is not None:
        sql += " LIMIT ?"
        params.append(wanted.limit)
    try:
        connection = _connect(path)
        try:
            if require_clocks and connection.execute(_UNCLOCKED).fetchone() is not None:
                raise QuickReadError("an open incident waits for its triage clock")
            rows = connection.execute(sql, params).fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise QuickReadError(str(exc)) from exc
    return [_row(values) for values in rows]


def _row(values: tuple[Any, ...]) -> QueueRow:
    id_, title, customer, status, rank, due, owner, created, clock, target, version = values
    created_at = _utc(created)
    assert created_at is not None
    return QueueRow(
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


def matrix_toml(path: Path) -> str | None:
    """The current escalation matrix as recorded (``store.matrix.current``'s newest
    row), or None when none is recorded (the package default is in force)."""
    row = _one(path, "SELECT toml FROM matrix_version ORDER BY id DESC LIMIT 1", ())
    return None if row is None else str(row[0])


def severity_rank(path: Path, incident_id: int) -> int | None:
    """The incident's severity rank (0: not assessed), None when there is no such incident."""
    row = _one(path, "SELECT severity_rank FROM incident WHERE id = ?", (incident_id,))
    return None if row is None else int(row[0])


def _one(path: Path, sql: str, params: tuple[object, ...]) -> tuple[Any, ...] | None:
    try:
        connection = _connect(path)
        try:
            row: tuple[Any, ...] | None = connection.execute(sql, params).fetchone()
            return row
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise QuickReadError(str(exc)) from exc
