"""Checks on a SQLite database file before any driver opens it (stdlib only).

A file that is not SQLite is never handed to the driver, so it stays byte-for-byte
as it was. Cheap enough for the fast start path.
"""

from __future__ import annotations

import os
from pathlib import Path

from sophdesk.store.errors import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"


def preflight_file(path: Path) -> None:
    """Refuse a database path we must not open, saying what to do instead."""
    folder = path.parent
    if not folder.exists():
        raise StoreError(
            f"the folder {folder} does not exist; create it or choose another --db path"
        )
    if not folder.is_dir():
        raise StoreError(f"{folder} is not a folder; choose another --db path")
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file; choose a file path")
    if path.exists():
        try:
            with path.open("rb") as handle:
                head = handle.read(len(SQLITE_MAGIC))
        except PermissionError:
            raise StoreError(
                f"{path} cannot be read (permission denied); check its owner and mode"
            ) from None
        if head and head != SQLITE_MAGIC:
            raise StoreError(
                f"{path} is not a SQLite database (it was left untouched);"
                " choose another --db path or move the file aside"
            )
        if not os.access(path, os.W_OK):
            raise StoreError(
                f"{path} is read-only: sophdesk needs to write to the file and its folder;"
                " fix the permissions or choose another --db path"
            )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            f"the folder {folder} is read-only: sophdesk writes the database and its -wal"
            " and -shm files there; fix the permissions or choose another --db path"
        )


def preflight_url(url: str) -> None:
    """:func:`preflight_file` for a plain ``sqlite:///path`` URL; others pass."""
    from sophdesk.store.quick import sqlite_file

    path = sqlite_file(url)
    if path is not None:
        preflight_file(path)
