"""One database: its engine, sessions for reading and writing, and a change token."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from sophdesk.store.engine import (
    explain,
    make_engine,
    preflight,
    sqlite_data_version,
    sqlite_path,
    writer_options,
)
from sophdesk.store.errors import StoreError
from sophdesk.store.files import create_private
from sophdesk.store.health import inspect_file
from sophdesk.store.leftovers import dead_open_markers, mark_open, remove_dead_backups
from sophdesk.store.migrate import HEAD, Progress, ensure_schema
from sophdesk.store.tables import EventRow

#: The channel PostgreSQL's triggers NOTIFY on every write (migration 0009).
CHANGES_CHANNEL = "sophdesk_changes"


class Database:
    """Sessions are short-lived, one per unit of work; never share one across threads."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._writer = engine.execution_options(**writer_options(engine))
        self._watch_lock = threading.Lock()
        self._watch_conn: Any = None
        self._listen_lock = threading.Lock()
        self._listen_conn: Any = None
        self.backup_path: str | None = None
        self._marker: Path | None = None

    @classmethod
    def open(cls, url: str, *, progress: Progress | None = None) -> Database:
        """Open ``url``, migrating it first if needed (after copying it aside)."""
        preflight(url)
        path = sqlite_path(url)
        marker = None if path is None else _check_file(path)
        try:
            if path is not None:
                create_private(path)
            engine = make_engine(url)
            try:
                backup = ensure_schema(engine, progress)
            except StoreError:
                engine.dispose()
                raise
            except (DBAPIError, OSError) as exc:
                engine.dispose()
                raise explain(exc, url) from exc
        except BaseException:
            if marker is not None:
                marker.unlink(missing_ok=True)
            raise
        database = cls(url, engine)
        database.backup_path = backup
        database._marker = marker
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

    def checkpoint(self) -> None:
        """SQLite: copy the write-ahead log into the file and empty it, so text
        replaced in the file is not kept in the log either. Best effort, after a
        commit that stands: when another desk keeps the log busy it is emptied
        by a later checkpoint, and the change is not reported as failed."""
        if self.dialect != "sqlite":
            return
        with suppress(DBAPIError), self.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    @property
    def dialect(self) -> str:
        """``sqlite``, ``postgresql``, ..."""
        return str(self.engine.dialect.name)

    def change_token(self) -> int:
        """A number that changes whenever anyone (any process) commits a change.

        On SQLite this is ``PRAGMA data_version`` on one connection kept for the
        purpose (cheap: no table is read); on PostgreSQL the one-row counter the
        triggers of migration 0009 bump (visible when the writer commits);
        elsewhere the newest event id, since every change writes an event.
        """
        with self._watch_lock:
            try:
                if self.dialect == "sqlite":
                    if self._watch_conn is None:
                        self._watch_conn = self.engine.raw_connection()
                    return sqlite_data_version(self._watch_conn)
                with Session(self.engine) as session:
                    if self.dialect == "postgresql":
                        counter = session.execute(
                            text("SELECT value FROM change_counter WHERE id = 1")
                        ).scalar()
                        return int(counter or 0)
                    newest = session.execute(select(func.max(EventRow.id))).scalar()
                    return int(newest or 0)
            except (DBAPIError, OperationalError) as exc:
                raise explain(exc, self.url) from exc

    @property
    def listens(self) -> bool:
        """True where another desk's change wakes :meth:`wait_for_change` at once."""
        return self.dialect == "postgresql"

    def wait_for_change(self, timeout: float) -> int:
        """Wait up to ``timeout`` seconds for a change, then return :meth:`change_token`.

        On PostgreSQL a connection kept for the purpose LISTENs on the channel the
        triggers NOTIFY, so this returns as soon as another desk commits; elsewhere
        it sleeps ``timeout`` (the caller compares tokens: polling). For one
        watcher thread at a time.
        """
        if self.listens:
            with self._listen_lock:
                try:
                    self._wait_notified(timeout)
                except Exception as exc:
                    # A dropped connection: start over next time; the token still
                    # tells the caller whether anything changed meanwhile.
                    self._close_listener()
                    if not isinstance(exc, DBAPIError | OSError) and not _is_driver_error(exc):
                        raise
                    time.sleep(min(timeout, 1.0))
        else:
            time.sleep(timeout)
        return self.change_token()

    def _wait_notified(self, timeout: float) -> None:
        if self._listen_conn is None:
            raw = self.engine.raw_connection()
            connection = raw.driver_connection
            assert connection is not None
            raw.detach()  # ours for the session, never back in the pool
            connection.autocommit = True
            connection.execute(f"LISTEN {CHANGES_CHANNEL}")
            self._listen_conn = connection
        for _ in self._listen_conn.notifies(timeout=timeout, stop_after=1):
            break
        # Drain what else arrived with it (one refresh for a burst of writes).
        for _ in self._listen_conn.notifies(timeout=0.01):
            pass

    def _close_listener(self) -> None:
        connection, self._listen_conn = self._listen_conn, None
        if connection is not None:
            with suppress(Exception):
                connection.close()

    def close(self) -> None:
        with self._watch_lock:
            if self._watch_conn is not None:
                self._watch_conn.close()
                self._watch_conn = None
        if self._listen_lock.acquire(timeout=5):
            try:
                self._close_listener()
            finally:
                self._listen_lock.release()
        self.engine.dispose()
        if self._marker is not None:
            self._marker.unlink(missing_ok=True)
            self._marker = None


def _check_file(path: Path) -> Path | None:
    """Before the driver opens a SQLite file: remove what killed backups left, and
    refuse (read-only, changing nothing) a file that is not ours or is damaged.
    It is checked for damage before a migration and after an unclean shutdown (a
    desk that had it open and is gone without closing it). Returns this desk's
    open marker (see :mod:`sophdesk.store.leftovers`)."""
    try:
        remove_dead_backups(path)
        unclean = dead_open_markers(path)
        if path.exists() and path.stat().st_size > 0:
            revision = inspect_file(path, deep=bool(unclean))
            if not unclean and revision not in (None, HEAD):
                inspect_file(path, deep=True)
        marker = mark_open(path)
    except OSError as exc:
        raise explain(exc, f"sqlite:///{path}") from exc
    for dead in unclean:
        dead.unlink(missing_ok=True)
    return marker


def _is_driver_error(exc: BaseException) -> bool:
    """A psycopg error (imported only where PostgreSQL is in use)."""
    return type(exc).__module__.split(".")[0] == "psycopg"
