"""Writing a file only its owner can read, whole or not at all, never through a link.

Used for everything sophdesk writes where the operator names the file
(``--output``, ``matrix export FILE``, ``redact --findings``) and for the
clipboard file. A symbolic link at the path is refused, not followed: whoever
planted it cannot make us overwrite the file it points to. The text goes to a
temporary file in the same folder (created 0600, exclusively), is flushed to
disk, and is renamed over the path: a crash leaves the old file or the new one,
never half of one, and whatever mode an older file had, the new one is 0600.
``rename`` replaces a link planted at the path after the check; it never writes
through it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import suppress
from pathlib import Path

MODE = 0o600


class UnsafeTarget(OSError):
    """The path is a symbolic link or not a regular file; nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_target(path: Path) -> None:
    """Refuse a path that is a symbolic link (dangling or not) or not a regular file."""
    try:
        status = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(status.st_mode):
        raise UnsafeTarget(
            f"{path} is a symbolic link; sophdesk does not write through links: give the real path"
        )
    if not stat.S_ISREG(status.st_mode):
        raise UnsafeTarget(f"{path} is not a regular file; give a file path")


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path``: 0600, atomically, refusing a symbolic link."""
    path = path.expanduser()
    check_target(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), MODE)  # whatever the umask says
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        check_target(path)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    return path
