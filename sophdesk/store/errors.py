"""Why a database cannot be used, in words an operator can act on."""

from __future__ import annotations

import shlex
from pathlib import Path

from sophdesk.domain.urls import mask_urls


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
