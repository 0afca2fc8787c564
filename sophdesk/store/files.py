"""A SQLite database file before any driver opens it (stdlib only).

A file that is not SQLite is never handed to the driver, so it stays byte-for-byte
as it was. Cheap enough for the fast start path.

Raw incidents and notes live in the database, so sophdesk creates it (and its
pre-migration copies) 0600, whatever the umask: :func:`create_private` makes the
empty file before SQLite opens it, and SQLite gives the ``-wal``, ``-shm`` and
``-journal`` files it creates the mode of the database file. An existing file is
never changed behind the user's back: :func:`exposure_warning` says what others
can read and the command that fixes it.
"""

from __future__ import annotations

import os
import shlex
import stat
from pathlib import Path

from sophdesk.store.errors import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
#: Beside the database, SQLite's own files (same content, same secrets).
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
_OTHERS_READ = 0o044


def create_private(path: Path) -> bool:
    """Create ``path`` empty and 0600 (never through a symbolic link) if it does
    not exist; True when this call created it. SQLite takes an empty file as a
    new database."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, PRIVATE_FILE)
    except FileExistsError:
        return False
    try:
        os.fchmod(fd, PRIVATE_FILE)  # the umask may have taken bits away; not more
    finally:
        os.close(fd)
    return True


def exposure_warning(path: Path, own_folder: Path | None = None) -> str | None:
    """One line when other users can read the database ``path`` or a side file of
    it, or its folder if that is ``own_folder`` (sophdesk's data folder); None
    when they cannot. Nothing is changed."""
    exposed: list[tuple[Path, int]] = []
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SIDE_SUFFIXES)):
        try:
            mode = stat.S_IMODE(candidate.stat().st_mode)
        except OSError:
            continue
        if mode & _OTHERS_READ:
            exposed.append((candidate, mode))
    folder = path.parent
    open_folder = None
    if own_folder is not None and folder.resolve() == own_folder.resolve():
        try:
            mode = stat.S_IMODE(folder.stat().st_mode)
        except OSError:
            mode = 0
        if mode & _OTHERS_READ:
            open_folder = (folder, mode)
    if not exposed and open_folder is None:
        return None
    shown = [f"{where} ({mode:04o})" for where, mode in [*exposed, *filter(None, [open_folder])]]
    fixes = []
    if exposed:
        fixes.append("chmod 600 " + " ".join(shlex.quote(str(where)) for where, _ in exposed))
    if open_folder is not None:
        fixes.append(f"chmod 700 {shlex.quote(str(open_folder[0]))}")
    return (
        f"warning: other users can read {', '.join(shown)}, where raw incidents and notes"
        f" live; to keep them out: {' && '.join(fixes)}"
    )


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
