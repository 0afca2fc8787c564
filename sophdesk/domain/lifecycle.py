"""The incident lifecycle: statuses and the moves allowed between them."""

from __future__ import annotations

from enum import StrEnum

from sophdesk.domain.errors import IllegalTransition, InvalidInput


class Status(StrEnum):
    NEW = "new"
    TRIAGED = "triaged"
    ESCALATED = "escalated"
    MITIGATED = "mitigated"
    RESOLVED = "resolved"
    REVIEWED = "reviewed"
    WAITING_CUSTOMER = "waiting_customer"
    WAITING_VENDOR = "waiting_vendor"

    @property
    def label(self) -> str:
        """Short text shown in narrow columns."""
        return _LABELS[self]

    @property
    def is_open(self) -> bool:
        return self not in CLOSED_STATUSES

    @property
    def is_waiting(self) -> bool:
        """Waiting states pause the SLA clock."""
        return self in (Status.WAITING_CUSTOMER, Status.WAITING_VENDOR)


_LABELS: dict[Status, str] = {
    Status.NEW: "new",
    Status.TRIAGED: "triaged",
    Status.ESCALATED: "escalated",
    Status.MITIGATED: "mitigated",
    Status.RESOLVED: "resolved",
    Status.REVIEWED: "reviewed",
    Status.WAITING_CUSTOMER: "wait:cust",
    Status.WAITING_VENDOR: "wait:vendor",
}

CLOSED_STATUSES: frozenset[Status] = frozenset({Status.RESOLVED, Status.REVIEWED})
OPEN_STATUSES: tuple[Status, ...] = tuple(s for s in Status if s not in CLOSED_STATUSES)

_WAITING = (Status.WAITING_CUSTOMER, Status.WAITING_VENDOR)

#: For each status, the statuses it may move to, in the order they are offered.
TRANSITIONS: dict[Status, tuple[Status, ...]] = {
    Status.NEW: (Status.TRIAGED, Status.ESCALATED, *_WAITING, Status.RESOLVED),
    Status.TRIAGED: (Status.ESCALATED, Status.MITIGATED, *_WAITING, Status.RESOLVED),
    Status.ESCALATED: (Status.MITIGATED, *_WAITING, Status.RESOLVED),
    Status.MITIGATED: (Status.RESOLVED, Status.ESCALATED, *_WAITING),
    Status.WAITING_CUSTOMER: (
        Status.TRIAGED,
        Status.ESCALATED,
        Status.MITIGATED,
        Status.WAITING_VENDOR,
        Status.RESOLVED,
    ),
    Status.WAITING_VENDOR: (
        Status.TRIAGED,
        Status.ESCALATED,
        Status.MITIGATED,
        Status.WAITING_CUSTOMER,
        Status.RESOLVED,
    ),
    # Reopening a resolved incident sends it back to triage.
    Status.RESOLVED: (Status.REVIEWED, Status.TRIAGED),
    Status.REVIEWED: (),
}


def parse_status(value: str) -> Status:
    """The status named by ``value``; an unknown name lists the known ones."""
    try:
        return Status(value.strip().lower())
    except ValueError:
        known = ", ".join(s.value for s in Status)
        raise InvalidInput(f"unknown status {value!r}; known statuses: {known}") from None


def allowed_moves(current: Status) -> tuple[Status, ...]:
    return TRANSITIONS[current]


def check_transition(current: Status, new: Status) -> None:
    """Raise :class:`IllegalTransition` unless ``current -> new`` is allowed."""
    allowed = TRANSITIONS[current]
    if new in allowed:
        return
    if new == current:
        reason = f"the incident is already {current.value}"
    else:
        reason = f"{current.value} -> {new.value} is not allowed"
    if allowed:
        options = ", ".join(s.value for s in allowed)
        raise IllegalTransition(f"{reason}; from {current.value} it can move to: {options}")
    raise IllegalTransition(f"{reason}; {current.value} is final, no move is allowed from it")
