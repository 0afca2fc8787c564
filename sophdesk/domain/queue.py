"""What the queue shows and in which order: most urgent first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.lifecycle import OPEN_STATUSES, Status
from sophdesk.domain.severity import Severity

#: The severity filter value that selects incidents not assessed yet.
UNASSESSED = "unassessed"


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """Which incidents to show. No statuses means the open ones (what the queue shows)."""

    statuses: tuple[Status, ...] = ()
    severities: tuple[Severity | None, ...] = ()
    search: str = ""
    limit: int | None = None
    #: Only incidents flagged "escalate to the support lead". The flags are worked
    #: out by ``services.escalation`` (not in SQL): ask it, not the store.
    needs_escalation: bool = False

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 0:
            raise InvalidInput("--limit must be zero or more")
        if len(self.search) > 500:
            raise InvalidInput("the search text is longer than 500 characters")

    @property
    def effective_statuses(self) -> tuple[Status, ...]:
        return self.statuses or OPEN_STATUSES

    @property
    def shows_open_queue(self) -> bool:
        return not self.statuses


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One line of the queue: just what the columns need."""

    id: int
    title: str
    customer: str
    status: Status
    severity: Severity | None
    sla_due_at: datetime | None
    owner: str | None
    created_at: datetime
    #: Which SLA clock ``sla_due_at`` is and its full length (for "at risk").
    sla_clock: str | None = None
    sla_target_seconds: int | None = None
    #: The incident's version when read: a status change from the queue is based on
    #: it, and refused if another desk changed the incident meanwhile.
    version: int | None = None


@dataclass(slots=True)
class QueueWindow:
    """The ordered ids of a filtered queue, and how many incidents exist in all."""

    ids: list[int] = field(default_factory=list)
    total: int = 0


def urgency_key(row: QueueRow) -> tuple[int, float, float, int]:
    """Queue order: unassessed first, then severity, SLA due time, age (oldest first).

    The store sorts the same way in SQL; this is the rule in one place, and the tests
    check the store against it.
    """
    rank = 0 if row.severity is None else row.severity.rank
    due = row.sla_due_at.timestamp() if row.sla_due_at is not None else float("inf")
    return (rank, due, row.created_at.timestamp(), row.id)


def search_terms(text: str) -> list[str]:
    """The words of a search, lower-cased; punctuation separates words."""
    words: list[str] = []
    current: list[str] = []
    for ch in text.lower():
        if ch.isalnum() or ch == "_":
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words
