"""Engines: the one place that knows each backend's settings and how its failures read.

SQLite: WAL, a busy timeout, writers take the lock up front (``BEGIN IMMEDIATE``),
deleted content is zeroed (``secure_delete``).
PostgreSQL (psycopg 3): a small pool checked before use, a connect timeout, and
writers take one transaction-scoped advisory lock up front, the same guarantee as
``BEGIN IMMEDIATE``: one writer at a time, readers never wait (MVCC).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from sophdesk.domain.urls import hide_passwords, mask_urls
from sophdesk.store.errors import StoreError, damaged
from sophdesk.store.files import preflight_file

#: How long a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_MS = 10_000
#: How long connecting to a database server may take before we say it is unreachable.
CONNECT_TIMEOUT_S = 5
#: PostgreSQL's driver is an extra (most desks are one SQLite file).
POSTGRES_EXTRA = (
    "PostgreSQL needs its driver, psycopg, which is not installed: install sophdesk with"
    " the postgres extra: pip install 'sophdesk[postgres]' (from the source folder:"
    " pip install '.[postgres]')"
)
#: The key of PostgreSQL's advisory lock every sophdesk writer holds until it commits.
WRITER_LOCK_KEY = 0x50504844  # "SPHD"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other backends and in-memory DBs."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages (parsed or not)."""
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        shown = url
    return mask_urls(shown)


def hide_password(text: str, url: str) -> str:
    """``text`` with every URL's password, and ``url``'s wherever it appears, as ``***``."""
    return hide_passwords(text, url)


def preflight(url: str) -> None:
    """Refuse, before any driver touches it, a SQLite file we must not open.

    A file that is not SQLite is never handed to the driver, so it stays
    byte-for-byte as it was.
    """
    try:
        path = sqlite_path(url)
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise StoreError(
            f"{safe_url(url)!r} is not a database URL (expected e.g. sqlite:///path)"
        ) from None
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise StoreError(
            f"{safe_url(url)!r} is a database in memory: every incident would be lost when sophdesk"
            " exits; give a file (sqlite:///path/to/desk.db) or a PostgreSQL URL"
        )
    if path is not None:
        preflight_file(path)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite: WAL, a busy timeout, IMMEDIATE writes."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise StoreError(
            f"{safe_url(url)!r} is not a database URL (expected e.g. sqlite:///path)"
        ) from None
    backend = parsed.get_backend_name()
    try:
        if backend == "sqlite":
            engine = create_engine(
                parsed, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
            )
            _configure_sqlite(engine)
        elif backend == "postgresql":
            engine = create_engine(
                parsed,
                # A desk holds few connections: the UI's worker, the change watcher,
                # a sweep. pre_ping replaces connections the server dropped.
                pool_size=5,
                max_overflow=5,
                pool_pre_ping=True,
                pool_recycle=1800,
                connect_args={
                    "connect_timeout": CONNECT_TIMEOUT_S,
                    "application_name": "sophdesk",
                },
            )
            _configure_postgresql(engine)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
    except NoSuchModuleError:
        raise StoreError(f"no driver for {backend!r} databases is installed") from None
    except ArgumentError as exc:
        said = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StoreError(hide_password(f"{safe_url(url)!r} cannot be used: {said}", url)) from None
    except ModuleNotFoundError as exc:
        if backend == "postgresql" and (exc.name or "").split(".")[0] == "psycopg":
            raise StoreError(POSTGRES_EXTRA) from None
        raise StoreError(
            f"the driver for {safe_url(url)} is not installed ({exc.name}); pip install it"
        ) from None
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" hook below emit BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            # WAL is switched on by use_wal() once the file is known to be ours:
            # switching rewrites the header of a file we may have to refuse.
            cursor.execute("PRAGMA synchronous = NORMAL")
            # Freed pages and cells are zeroed: a raw body that was replaced does
            # not linger in the file's free space.
            cursor.execute("PRAGMA secure_delete = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the write lock up front (BEGIN IMMEDIATE), so two processes
        # writing at once queue behind the busy timeout instead of failing on a
        # lock upgrade.
        begin = connection.get_execution_options().get("sqlite_begin", "BEGIN")
        connection.exec_driver_sql(begin)


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # The equivalent of SQLite's BEGIN IMMEDIATE: a writer takes the writers'
        # lock before it reads what it will change, so read-check-write sequences
        # (versions, escalation ladders, matrix diffs) see every earlier commit.
        # Released by COMMIT or ROLLBACK; readers are never blocked.
        if connection.get_execution_options().get("sophdesk_writer"):
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")


def use_wal(engine: Engine) -> None:
    """Put a SQLite database in WAL mode (a lasting setting kept in the file).

    Call it only on a database known to be sophdesk's: it writes the file header.
    """
    if engine.dialect.name != "sqlite":
        return
    # Two processes switching a new file at once: SQLite may answer "locked" at
    # once, without waiting on the busy timeout. Retry (the other one may have
    # switched it meanwhile) until the busy timeout has passed.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    connection = engine.raw_connection()
    try:
        while True:
            cursor = connection.cursor()
            try:
                mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
                if str(mode).lower() != "wal":
                    cursor.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
            finally:
                cursor.close()
    except sqlite3.Error as exc:
        raise explain(exc, str(engine.url)) from exc
    finally:
        connection.close()


def sqlite_data_version(dbapi_connection: Any) -> int:
    """SQLite's change counter: moves when another connection commits (no table read)."""
    cursor = dbapi_connection.cursor()
    try:
        return int(cursor.execute("PRAGMA data_version").fetchone()[0])
    finally:
        cursor.close()


def writer_options(engine: Engine) -> dict[str, str]:
    """Execution options that make a transaction a writer on this backend."""
    if engine.dialect.name == "sqlite":
        return {"sqlite_begin": "BEGIN IMMEDIATE"}
    if engine.dialect.name == "postgresql":
        return {"sophdesk_writer": "1"}
    return {}


def explain(exc: BaseException, url: str) -> StoreError:
    """Turn a driver error into a one-line message saying what to do."""
    if isinstance(exc, StoreError):
        return exc
    try:
        where: Path | str | None = sqlite_path(url)
    except (ArgumentError, ValueError):
        where = None
    where = where or safe_url(url)
    orig = getattr(exc, "orig", None)
    name = getattr(orig, "sqlite_errorname", "") if orig is not None else ""
    text = (
        str(orig if orig is not None else exc).splitlines()[0] if str(exc) else type(exc).__name__
    )
    if name in ("SQLITE_NOTADB",) or "file is not a database" in text:
        return StoreError(
            f"{where} is not a SQLite database (it was left untouched);"
            " choose another --db path or move the file aside"
        )
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return damaged(Path(where), "SQLite reports it malformed")
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return StoreError(
            f"{where} is read-only: sophdesk needs to write to the file and its folder;"
            " fix the permissions or choose another --db path"
        )
    if name.startswith("SQLITE_CANTOPEN") or "unable to open database file" in text:
        return StoreError(
            f"{where} cannot be opened: check that its folder exists and is writable"
            " (SQLite writes -wal and -shm files beside it)"
        )
    if name.startswith("SQLITE_BUSY") or "database is locked" in text:
        return StoreError(
            f"{where} stayed locked by another process for {BUSY_TIMEOUT_MS // 1000} s;"
            " try again, or find the process holding it"
        )
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return StoreError(f"the disk holding {where} is full; free space and try again")
    if not url.startswith("sqlite"):
        server = _explain_server(str(orig if orig is not None else exc), url)
        if server is not None:
            return StoreError(hide_password(server, url))
    return StoreError(hide_password(f"the database {where} failed: {text}", url))


def _explain_server(text: str, url: str) -> str | None:
    """One line for the usual ways a database server refuses us (PostgreSQL's words)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return None
    host = parsed.host or "the local socket"
    place = f"{host}:{parsed.port}" if parsed.port else host
    user = parsed.username or "(no user)"
    lowered = text.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return (
            f"the server at {place} refused user {user!r}: wrong user name or password;"
            " fix the URL in SOPHDESK_DATABASE_URL, --db or the config file"
        )
    if "role" in lowered and "does not exist" in lowered:
        return f"the server at {place} has no user {user!r}; ask its administrator for one"
    if "database" in lowered and "does not exist" in lowered:
        return (
            f"the server at {place} has no database {parsed.database!r};"
            f" create it (createdb {parsed.database}) or fix the URL"
        )
    unreachable = (
        "connection refused",
        "could not connect",
        "connection timeout",
        "timeout expired",
        "could not translate host name",
        "name or service not known",
        "failed to resolve host",
        "no route to host",
        "network is unreachable",
        "temporary failure in name resolution",
        "no such file or directory",
        "server closed the connection unexpectedly",
        "connection failed",
    )
    if any(words in lowered for words in unreachable):
        return (
            f"cannot reach the database server at {place}; check the host and port,"
            " that the server runs and accepts connections from here"
        )
    if "permission denied" in lowered:
        return f"the server at {place} refused user {user!r}: permission denied ({text})"
    return None
