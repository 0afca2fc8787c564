"""One database: its engine, sessions for reading and writing, and a change token."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from sophdesk.store.engine import (
    explain,
    make_engine,
    preflight,
    sqlite_data_version,
    writer_options,
)
from sophdesk.store.errors import StoreError
from sophdesk.store.migrate import Progress, ensure_schema
from sophdesk.store.tables import EventRow


class Database:
    """Sessions are short-lived, one per unit of work; never share one across threads."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._writer = engine.execution_options(**writer_options(engine))
        self._watch_lock = threading.Lock()
        self._watch_conn: Any = None
        self.backup_path: str | None = None

    @classmethod
    def open(cls, url: str, *, progress: Progress | None = None) -> Database:
        """Open ``url``, migrating it first if needed (after copying it aside)."""
        preflight(url)
        engine = make_engine(url)
        try:
            backup = ensure_schema(engine, progress)
        except StoreError:
            engine.dispose()
            raise
        except (DBAPIError, OSError) as exc:
            engine.dispose()
            raise explain(exc, url) from exc
        database = cls(url, engine)
        database.backup_path = backup
        return database

    @contextmanager
    def reading(self) -> Iterator[Session]:
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                yield session
        except DBAPIError as exc:
            raise explain(exc, self.url) from exc

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends, rolled back on error."""
        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                yield session
        except DBAPIError as exc:
            raise explain(exc, self.url) from exc

    def change_token(self) -> int:
        """A number that changes whenever anyone (any process) commits a change.

        On SQLite this is ``PRAGMA data_version`` on one connection kept for the
        purpose (cheap: no table is read); elsewhere the newest event id, since
        every change writes an event.
        """
        with self._watch_lock:
            try:
                if self.engine.dialect.name == "sqlite":
                    if self._watch_conn is None:
                        self._watch_conn = self.engine.raw_connection()
                    return sqlite_data_version(self._watch_conn)
                with Session(self.engine) as session:
                    newest = session.execute(select(func.max(EventRow.id))).scalar()
                    return int(newest or 0)
            except (DBAPIError, OperationalError) as exc:
                raise explain(exc, self.url) from exc

    def close(self) -> None:
        with self._watch_lock:
            if self._watch_conn is not None:
                self._watch_conn.close()
                self._watch_conn = None
        self.engine.dispose()
