"""Compiled pattern databases kept between runs, in the user's cache folder.

The redaction engine finds many patterns' literals in one hyperscan pass; its
databases take ~30 ms to compile in each process of a ``sophdesk redact`` run
and well under 1 ms to load. The rules' regular expressions are kept here too
(``domain/redaction/compiled.py``: ~0.1 s of CPU to compile in each process that
redacts, a few ms to load). They are kept as files named by a digest of what
they were built from (the patterns and the hyperscan version), each with a
SHA-256 of its content first: a damaged or half-written file is not loaded but
compiled again and replaced. Written to a temporary file and renamed, so two
processes writing the same one never leave it half written. A database decides
what is found, so one is loaded only from a folder and a file that are this
user's and that nobody else may write (a shared cache folder is not trusted).
Nothing secret is in them: the rules' patterns only, never a known secret (those
are found by value).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from pathlib import Path

from sophdesk.domain.redaction import anchors

_SUFFIX = ".hsdb"
#: How many compiled databases are kept (one version of sophdesk uses about ten).
KEPT = 32


class FileStore:
    """A folder of compiled databases (:class:`anchors.DatabaseStore`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{_SUFFIX}"

    def load(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            if not (_ours(self.folder) and _ours(path)):
                return None  # another user could have put a database there
            data = path.read_bytes()
        except OSError:
            return None
        digest, blob = data[:32], data[32:]
        if hashlib.sha256(blob).digest() != digest:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used: the last to be pruned
        return blob

    def save(self, key: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = self.folder / f".{key}.{os.getpid()}.tmp"
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(hashlib.sha256(data).digest() + data)
            os.replace(temporary, self._path(key))
        finally:
            with contextlib.suppress(OSError):
                temporary.unlink()
        self._prune()

    def _prune(self) -> None:
        """Keep the :data:`KEPT` files used last: other versions' patterns go, and
        temporary files a killed process left behind."""
        stale = time.time() - 600
        for path in self.folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < stale:
                    path.unlink()
        found: list[tuple[float, Path]] = []
        for path in self.folder.glob(f"*{_SUFFIX}"):
            with contextlib.suppress(OSError):
                found.append((path.stat().st_mtime, path))
        found.sort(reverse=True)
        for _, path in found[KEPT:]:
            with contextlib.suppress(OSError):
                path.unlink()


def _ours(path: Path) -> bool:
    """Owned by this user and writable by nobody else (where there are owners)."""
    if not hasattr(os, "getuid"):
        return True
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def use_cache_folder(folder: Path | None = None) -> None:
    """Keep the engine's compiled databases in ``folder`` (default: ``patterns`` in
    the user's cache folder, see :func:`sophdesk.paths.cache_dir`)."""
    if folder is None:
        from sophdesk import paths

        folder = paths.cache_dir() / "patterns"
    anchors.use_store(FileStore(folder))
