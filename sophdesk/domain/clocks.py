"""An incident's SLA clocks: which are running, paused or stopped, and which is next.

Pure: the store hands in the status history; the queue gets the nearest pending due
time (what it sorts by and counts down), with the length of its target for "at risk".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueRow
from sophdesk.domain.severity import Severity
from sophdesk.domain.sla import (
    DueTimes,
    Pause,
    SlaPolicy,
    SlaReading,
    SlaStatus,
    due_times,
    sla_status,
)


class ClockName(StrEnum):
    TRIAGE = "triage"
    FIRST_RESPONSE = "first_response"
    NEXT_UPDATE = "next_update"
    RESOLUTION = "resolution"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True, slots=True)
class NextClock:
    """The pending due time that comes first, and the full length of its target."""

    name: ClockName
    due: datetime
    target: timedelta


@dataclass(frozen=True, slots=True)
class Clocks:
    """``due`` is None for an incident not assessed yet: only its triage clock runs."""

    due: DueTimes | None
    next: NextClock | None
    paused: bool


def pauses_from(changes: Sequence[tuple[datetime, Status]]) -> list[Pause]:
    """The waiting periods in a status history (oldest first); the last may still run."""
    pauses: list[Pause] = []
    started: datetime | None = None
    for at, status in sorted(changes, key=lambda change: change[0]):
        if status.is_waiting:
            if started is None:
                started = at
        elif started is not None:
            pauses.append(Pause(started, at))
            started = None
    if started is not None:
        pauses.append(Pause(started, None))
    return pauses


def incident_clocks(
    policy: SlaPolicy,
    severity: Severity,
    reported_at: datetime,
    changes: Sequence[tuple[datetime, Status]],
    now: datetime,
    first_response_at: datetime | None = None,
    last_update_at: datetime | None = None,
) -> Clocks:
    """The due times of an assessed incident and the clock to watch next.

    A resolved or reviewed incident has no clock to watch. Until the first
    response is recorded the first-response clock runs; after it, the update
    cadence (from the last customer update). Resolution runs throughout.
    """
    pauses = pauses_from(changes)
    # The first response is the first customer update: the cadence runs from it.
    last_update_at = last_update_at or first_response_at
    current = sorted(changes, key=lambda change: change[0])[-1][1] if changes else Status.NEW
    due = due_times(policy, severity, reported_at, pauses, last_update_at, now=now)
    target = policy.target(severity)
    if not current.is_open:
        return Clocks(due, None, False)
    pending = [NextClock(ClockName.RESOLUTION, due.resolution_due, target.resolution)]
    if first_response_at is None:
        pending.append(
            NextClock(ClockName.FIRST_RESPONSE, due.first_response_due, target.first_response)
        )
    else:
        pending.append(NextClock(ClockName.NEXT_UPDATE, due.next_update_due, target.update_cadence))
    nearest = min(pending, key=lambda clock: clock.due)
    return Clocks(due, nearest, current.is_waiting)


def triage_clocks(
    policy: SlaPolicy,
    reported_at: datetime,
    changes: Sequence[tuple[datetime, Status]],
    now: datetime,
) -> Clocks:
    """The clock of an incident nobody has assessed yet: the triage target.

    Unassessed, an incident is rated as the worst until someone looks, so it is
    due for triage the policy's triage target after its report (waiting periods
    excluded). A closed incident has no clock to watch.
    """
    current = sorted(changes, key=lambda change: change[0])[-1][1] if changes else Status.NEW
    if not current.is_open:
        return Clocks(None, None, False)
    due = policy.triage_clock().due(reported_at, policy.triage, pauses_from(changes), now=now)
    return Clocks(None, NextClock(ClockName.TRIAGE, due, policy.triage), current.is_waiting)


def reading(
    policy: SlaPolicy,
    severity: Severity,
    due: datetime,
    target: timedelta,
    now: datetime,
    paused: bool,
) -> SlaReading:
    """Where a queue row's clock stands now (counted on the severity's clock)."""
    return sla_status(due, target, now, clock=policy.clock(severity), paused=paused)


__all__ = [
    "ClockName",
    "Clocks",
    "NextClock",
    "SlaStatus",
    "incident_clocks",
    "pauses_from",
    "row_reading",
    "triage_clocks",
]


def row_reading(policy: SlaPolicy, row: QueueRow, now: datetime) -> SlaReading | None:
    """The SLA state of a queue row now; None when no clock runs (closed, or a
    stored row without a clock). An unassessed row counts its triage clock."""
    if row.severity is None:
        if (
            row.sla_clock != ClockName.TRIAGE.value
            or row.sla_due_at is None
            or not row.sla_target_seconds
            or not row.status.is_open
        ):
            return None
        return sla_status(
            row.sla_due_at,
            timedelta(seconds=row.sla_target_seconds),
            now,
            clock=policy.triage_clock(),
            paused=row.status.is_waiting,
        )
    if row.sla_due_at is None or not row.sla_target_seconds or not row.status.is_open:
        return None
    return reading(
        policy,
        row.severity,
        row.sla_due_at,
        timedelta(seconds=row.sla_target_seconds),
        now,
        row.status.is_waiting,
    )
