"""Severity levels. The assessment that yields them arrives with the wizard."""

from __future__ import annotations

from enum import StrEnum

from sophdesk.domain.errors import InvalidInput


class Severity(StrEnum):
    SEV1 = "SEV1"
    SEV2 = "SEV2"
    SEV3 = "SEV3"
    SEV4 = "SEV4"

    @property
    def rank(self) -> int:
        """1 for SEV1 (most urgent) to 4 for SEV4."""
        return int(self.value[3])

    @classmethod
    def from_rank(cls, rank: int) -> Severity | None:
        """The severity of a stored rank; 0 means not assessed yet."""
        if rank == 0:
            return None
        return cls(f"SEV{rank}")


def parse_severity(value: str) -> Severity:
    try:
        return Severity(value.strip().upper())
    except ValueError:
        known = ", ".join(s.value for s in Severity)
        raise InvalidInput(f"unknown severity {value!r}; known severities: {known}") from None
