"""Why a database cannot be used, in words an operator can act on."""

from __future__ import annotations

from sophdesk.domain.urls import mask_urls


class StoreError(Exception):
    """The database cannot be opened, read or migrated. ``message`` is one line,
    with the password of any database URL in it masked."""

    def __init__(self, message: str) -> None:
        message = mask_urls(message)
        super().__init__(message)
        self.message = message
