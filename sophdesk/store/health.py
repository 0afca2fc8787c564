"""Is a SQLite file ours and sound? Asked read-only, before anything writes to it.

A database holding a table that is not sophdesk's, written by a newer sophdesk,
or damaged (``PRAGMA quick_check``) is refused in one line and left as it was.
The known tables come from the SQLModel metadata plus what is ours but not a
model (Alembic's stamp, the full-text index and its shadow tables), so a table a
later release adds is known as soon as its model is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import NoReturn

from sophdesk.store.engine import explain
from sophdesk.store.errors import StoreError, damaged
from sophdesk.store.quick import inspecting_connection
from sophdesk.store.revisions import KNOWN_REVISIONS

#: Ours, but not SQLModel models: Alembic's stamp and PostgreSQL's change counter.
OWN_PLAIN_TABLES = ("alembic_version", "change_counter")
#: Our FTS5 virtual tables; each keeps shadow tables named after it.
FTS_TABLES = ("incident_fts",)
FTS5_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")


@cache
def known_tables() -> frozenset[str]:
    from sqlmodel import SQLModel

    import sophdesk.store.tables  # noqa: F401  (registers the models)

    names = set(SQLModel.metadata.tables) | set(OWN_PLAIN_TABLES)
    for fts in FTS_TABLES:
        names |= {fts, *(fts + shadow for shadow in FTS5_SHADOWS)}
    return frozenset(names)


def refuse_foreign(tables: Iterable[str]) -> None:
    """Refuse a database holding tables that are neither ours nor SQLite's own."""
    foreign = sorted(
        t for t in tables if not t.lower().startswith("sqlite_") and t not in known_tables()
    )
    if foreign:
        refuse_tables(foreign)


def refuse_tables(foreign: list[str]) -> NoReturn:
    shown = ", ".join(sorted(foreign)[:5]) + (", ..." if len(foreign) > 5 else "")
    raise StoreError(
        f"this database holds tables that are not sophdesk's ({shown});"
        " it was left untouched. Choose another --db path"
    )


def refuse_unknown(revision: str | None) -> None:
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise StoreError(
            f"this database was written by a newer sophdesk (schema {revision});"
            " it was left untouched. Upgrade sophdesk (pip install -U sophdesk)"
            " or open another database with --db"
        )


def _connect(path: Path) -> sqlite3.Connection:
    return inspecting_connection(path)


def inspect_file(path: Path, *, deep: bool) -> str | None:
    """The schema revision of the SQLite file at ``path`` (None: no tables yet),
    refusing a database that is not ours; ``deep`` also runs ``quick_check``."""
    try:
        connection = _connect(path)
        try:
            kinds = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = [str(r[0]) for r in kinds if not str(r[0]).lower().startswith("sqlite_")]
            if tables and "alembic_version" not in tables:
                refuse_tables(tables)  # none of it stamped by us
            refuse_foreign(tables)
            revision = None
            if tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = None if row is None else str(row[0])
            refuse_unknown(revision)
            if deep:
                problems = [str(r[0]) for r in connection.execute("PRAGMA quick_check(5)")]
                if problems != ["ok"]:
                    first = problems[0].replace("*** in database main ***", "").strip()
                    raise damaged(path, "quick_check: " + "; ".join(first.splitlines()))
            return revision
        finally:
            connection.close()
    except sqlite3.Error as exc:
        text = str(exc)
        if "malformed" in text or getattr(exc, "sqlite_errorname", "").startswith("SQLITE_CORRUPT"):
            raise damaged(path, text) from None
        raise explain(exc, f"sqlite:///{path}") from None
