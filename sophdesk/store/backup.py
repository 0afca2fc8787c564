"""The copy of a SQLite database made before a migration: all or nothing.

It is written under a temporary name in the database's folder (see
:mod:`sophdesk.store.leftovers`), synced, and renamed to its ``.bak`` name only
when complete. Not enough free space is said before anything is written; a
failure half-way removes the partial copy and its journal; a process killed
half-way leaves them for the next open to remove.
"""

from __future__ import annotations

import math
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from sophdesk.store.errors import StoreError
from sophdesk.store.files import create_private
from sophdesk.store.leftovers import partial_name, remove_partial

#: Free space wanted beyond the copy itself: a tenth more, plus 16 MiB.
MARGIN_FRACTION = 0.10
MARGIN_BYTES = 16 * 1024 * 1024
#: Pages copied per step (at least; a big database is copied in about ten steps).
MIN_STEP_PAGES = 1024


def _mb(size: int) -> str:
    return f"{math.ceil(size / 1_000_000)} MB"


def space_needed(database: Path) -> int:
    """Bytes the copy may take, with the margin: the file and its WAL."""
    wal = Path(f"{database}-wal")
    size = database.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    return size + math.ceil(size * MARGIN_FRACTION) + MARGIN_BYTES


def check_space(database: Path, folder: Path) -> None:
    needed = space_needed(database)
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise StoreError(
            f"need {_mb(needed)} free in {folder} for the backup before migrating"
            f" {database.name}, {_mb(free)} free; nothing was changed. Free some space"
            " and try again"
        )


def copy_aside(database: Path, target: Path, progress: Callable[[str], None] | None = None) -> None:
    """Copy ``database`` (consistent, WAL included) to ``target``, all or nothing.

    ``progress`` (a callable taking one line) hears how far a copy in several
    steps has got.
    """
    check_space(database, target.parent)
    partial = partial_name(target)
    try:
        if not create_private(partial):
            raise StoreError(f"{partial} exists already; move it aside and try again")
        _copy(database, partial, progress)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
        _sync_folder(target.parent)
    except BaseException as exc:
        remove_partial(partial)
        if isinstance(exc, sqlite3.Error | OSError):
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StoreError(
                f"could not copy {database} aside before migrating ({reason});"
                f" nothing was changed and no partial copy was left in {target.parent}"
            ) from None
        raise


def _copy(database: Path, partial: Path, progress: Callable[[str], None] | None) -> None:
    source = sqlite3.connect(f"file:{quote(str(database))}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(partial)
        try:
            total = int(source.execute("PRAGMA page_count").fetchone()[0])
            size = int(source.execute("PRAGMA page_size").fetchone()[0])
            step = max(MIN_STEP_PAGES, math.ceil(total / 10))

            def report(_status: int, remaining: int, pages: int) -> None:
                if remaining and progress is not None:
                    done = (pages - remaining) * size
                    progress(f"copying the database aside: {_mb(done)} of {_mb(pages * size)}")

            source.backup(destination, pages=step, progress=report)
        finally:
            destination.close()
    finally:
        source.close()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
