"""Errors the domain raises. Each carries a message an operator can act on."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every refusal the desk explains to the operator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The incident (or other record) asked for does not exist."""


class InvalidInput(DomainError):
    """A value the operator gave cannot be taken; nothing was changed."""


class IllegalTransition(DomainError):
    """A status change the lifecycle does not allow."""
