"""Why a database cannot be used, in words an operator can act on."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from sophdesk.domain.errors import DomainError
from sophdesk.domain.urls import mask_urls

if TYPE_CHECKING:
    from sophdesk.domain.incident import Event, Incident


class StoreError(Exception):
    """The database cannot be opened, read or migrated. ``message`` is one line,
    with the password of any database URL in it masked."""

    def __init__(self, message: str) -> None:
        message = mask_urls(message)
        super().__init__(message)
        self.message = message


def damaged(path: Path, detail: str) -> StoreError:
    """A damaged SQLite file: refused, with the command that rescues what it can."""
    where = shlex.quote(str(path))
    rescued = shlex.quote(f"{path}.recovered.db")
    return StoreError(
        f"{path} is damaged ({detail}); it was left untouched. Recover what can be read"
        f' with: sqlite3 {where} ".recover" | sqlite3 {rescued}'
    )


class StaleVersion(DomainError):
    """Someone else changed the incident since it was read; nothing was written.

    ``expected`` is the version the refused change was based on, ``current`` the
    incident as it is now, ``since`` the newest events (what the other desk did).
    Defined here, beside :class:`StoreError`, so a command can catch both without
    importing the database layer.
    """

    def __init__(
        self,
        message: str,
        *,
        expected: int | None = None,
        current: Incident | None = None,
        since: tuple[Event, ...] = (),
    ) -> None:
        super().__init__(message)
        self.expected = expected
        self.current = current
        self.since = since
