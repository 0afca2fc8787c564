"""Bring a database to the schema this sophdesk needs, safely.

Alembic is imported only when a migration is due: a database already at the
head revision opens without it (start-up time).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from sophdesk.store.backup import copy_aside
from sophdesk.store.engine import safe_url, sqlite_path, use_wal, writer_options
from sophdesk.store.health import refuse_foreign, refuse_tables, refuse_unknown
from sophdesk.store.revisions import HEAD, KNOWN_REVISIONS

__all__ = ["HEAD", "KNOWN_REVISIONS", "ensure_schema"]
SCRIPT_LOCATION = "sophdesk.store:migrations"

Progress = Callable[[str], None]


def current_revision(connection: Connection) -> str | None:
    """The schema revision stamped in the database; None for an empty database.

    A database holding tables that are not sophdesk's is refused: we never write
    into what we cannot read.
    """
    tables = [t for t in inspect(connection).get_table_names() if not t.startswith("sqlite_")]
    if tables and "alembic_version" not in tables:
        refuse_tables(tables)
    refuse_foreign(tables)
    if "alembic_version" in tables:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None


def ensure_schema(engine: Engine, progress: Progress | None = None) -> str | None:
    """Migrate to :data:`HEAD` if needed; return the backup path made, if any."""
    with engine.connect() as connection:
        revision = current_revision(connection)
        connection.rollback()
    refuse_unknown(revision)
    if revision == HEAD:
        use_wal(engine)
        return None
    backup = None
    if revision is not None:
        # Copied aside before anything writes to the file (use_wal writes its header).
        backup = backup_copy(engine, revision, progress)
        if progress and backup:
            progress(f"copied the database to {backup} before migrating")
    use_wal(engine)
    if progress:
        if revision is None:
            where = sqlite_path(str(engine.url)) or safe_url(str(engine.url))
            progress(f"creating a new database at {where}")
        else:
            progress(f"migrating the database schema from {revision} to {HEAD}")
    _upgrade(engine)
    return backup


def _upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    with (
        engine.connect().execution_options(**writer_options(engine)) as connection,
        connection.begin(),
    ):
        # Re-check inside the write lock: another process may have migrated.
        revision = current_revision(connection)
        refuse_unknown(revision)
        if revision == HEAD:
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def backup_copy(engine: Engine, revision: str, progress: Progress | None = None) -> str | None:
    """Copy a SQLite database aside (consistent, WAL included) before a migration."""
    path = sqlite_path(str(engine.url))
    if path is None:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = Path(f"{path}.before-{HEAD}-from-{revision}-{stamp}.bak")
    copy_aside(path, target, progress)
    return str(target)
