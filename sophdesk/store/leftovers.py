"""Files a process keeps beside a SQLite database while it works, and telling a
dead process's from a live one's (stdlib only: read on the fast start path).

* ``NAME.before-...bak-partial-<pid>`` (and its ``-journal``): a pre-migration
  backup being written; renamed to the ``.bak`` name only when complete.
* ``NAME.open-<pid>-<n>``: a desk has the database open; removed when it closes.
  One left by a process that is gone means it did not close cleanly (killed, a
  crash, a power cut), so the next open checks the file for damage first.

Only files whose process is not alive are ever removed or trusted as a sign.
"""

from __future__ import annotations

import glob
import itertools
import os
import re
from pathlib import Path

PARTIAL = "-partial-"
_PARTIAL = re.compile(r"\.bak-partial-(\d+)(?:-journal|-wal|-shm)?$")
_OPEN = re.compile(r"\.open-(\d+)-\d+$")
_counter = itertools.count(1)


def alive(pid: int) -> bool:
    """True if a process ``pid`` exists (another user's counts as alive)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _dead(folder: Path, glob: str, pattern: re.Pattern[str]) -> list[Path]:
    found = []
    for candidate in folder.glob(glob):
        match = pattern.search(candidate.name)
        if match is not None and not alive(int(match.group(1))):
            found.append(candidate)
    return found


def partial_name(target: Path) -> Path:
    """Where this process writes ``target`` before renaming it."""
    return target.with_name(f"{target.name}{PARTIAL}{os.getpid()}")


def remove_partial(partial: Path) -> None:
    for path in (partial, *(Path(f"{partial}{s}") for s in ("-journal", "-wal", "-shm"))):
        path.unlink(missing_ok=True)


def remove_dead_backups(database: Path) -> list[Path]:
    """Remove partial backups of ``database`` left by processes that are gone."""
    dead = _dead(database.parent, f"{glob.escape(database.name)}.before-*.bak-partial-*", _PARTIAL)
    for path in dead:
        path.unlink(missing_ok=True)
    return dead


def dead_open_markers(database: Path) -> list[Path]:
    """Markers of desks that had ``database`` open and did not close it cleanly."""
    return _dead(database.parent, f"{glob.escape(database.name)}.open-*", _OPEN)


def mark_open(database: Path) -> Path:
    """Say that this process has ``database`` open (see :func:`dead_open_markers`)."""
    marker = database.with_name(f"{database.name}.open-{os.getpid()}-{next(_counter)}")
    marker.touch()
    return marker
