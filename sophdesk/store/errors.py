"""Why a database cannot be used, in words an operator can act on."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be opened, read or migrated. ``message`` is one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
