"""Team mode: checking a database server and moving a desk onto it.

Every message here names databases by their URL with the password hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from sophdesk.store.database import Database
from sophdesk.store.engine import explain, make_engine, preflight, safe_url, sqlite_path
from sophdesk.store.errors import StoreError
from sophdesk.store.health import inspect_file, refuse_unknown
from sophdesk.store.migrate import HEAD, Progress, current_revision
from sophdesk.store.transfer import TableCopy, copy_database


@dataclass(frozen=True)
class CheckReport:
    url: str  # password hidden
    server: str  # "SQLite 3.45.1", "PostgreSQL 15.18"
    revision: str | None

    @property
    def schema(self) -> str:
        """The schema state in one line."""
        if self.revision is None:
            return "schema: none yet (an empty database; sophdesk creates its tables on first use)"
        if self.revision == HEAD:
            return f"schema: {self.revision} (current)"
        return (  # a newer schema is refused by check()
            f"schema: {self.revision} (older; sophdesk migrates it to {HEAD}"
            " the next time it opens it)"
        )


def check(url: str) -> CheckReport:
    """Connect to ``url`` and read its schema revision, changing nothing.

    Raises :class:`StoreError` with one line (wrong password, unreachable host,
    missing database, not a sophdesk database...).
    """
    preflight(url)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise StoreError(f"there is no database at {path} yet; sophdesk creates it on first use")
    if path is not None and path.stat().st_size > 0:
        inspect_file(path, deep=True)  # read-only: ours, not newer, not damaged
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                version = connection.execute(text("SHOW server_version")).scalar_one()
                server = f"PostgreSQL {str(version).split()[0]}"
            elif engine.dialect.name == "sqlite":
                version = connection.execute(text("SELECT sqlite_version()")).scalar_one()
                server = f"SQLite {version}"
            else:
                server = engine.dialect.name
            revision = current_revision(connection)
            connection.rollback()
        refuse_unknown(revision)
    except StoreError:
        raise
    except Exception as exc:
        raise explain(exc, url) from None
    finally:
        engine.dispose()
    return CheckReport(safe_url(url), server, revision)


def copy_desk(
    source_url: str, target_url: str, *, force: bool = False, progress: Progress | None = None
) -> list[TableCopy]:
    """Copy the desk at ``source_url`` into ``target_url`` (created or migrated to
    the current schema first), verifying counts and checksums."""
    if source_url == target_url:
        raise StoreError("the target is the database the desk already uses; name another --to")
    source = Database.open(source_url, progress=progress)
    try:
        target = Database.open(target_url, progress=progress)
        try:
            return copy_database(source, target, force=force, progress=progress)
        except StoreError:
            raise
        except Exception as exc:
            raise explain(exc, target_url) from None
        finally:
            target.close()
    finally:
        source.close()
