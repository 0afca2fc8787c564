"""The errors the faces (TUI and CLI) catch from the services."""

from sophdesk.domain.errors import DomainError, IllegalTransition, InvalidInput, NotFound
from sophdesk.store.errors import StoreError

__all__ = ["DomainError", "IllegalTransition", "InvalidInput", "NotFound", "StoreError"]
