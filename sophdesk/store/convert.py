"""Rows to domain objects: SQLModel rows never leave the store."""

from __future__ import annotations

from typing import Any

from sophdesk.domain.incident import Event, EventKind, Incident
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueRow
from sophdesk.domain.severity import Severity
from sophdesk.store.tables import EventRow, IncidentRow


def to_incident(row: IncidentRow) -> Incident:
    assert row.id is not None
    return Incident(
        id=row.id,
        title=row.title,
        customer=row.customer,
        body=row.body,
        body_raw=bool(row.body_raw),
        status=Status(row.status),
        severity=Severity.from_rank(row.severity_rank),
        sla_due_at=row.sla_due_at,
        owner=row.owner,
        created_at=row.created_at,
        updated_at=row.updated_at,
        created_by=row.created_by,
        version=row.version,
        category=row.category,
        first_response_due=row.first_response_due,
        next_update_due=row.next_update_due,
        resolution_due=row.resolution_due,
        sla_clock=row.sla_clock,
        sla_target_seconds=row.sla_target_seconds,
        first_response_at=row.first_response_at,
        last_customer_update_at=row.last_customer_update_at,
        impact=row.impact,
        workaround=row.workaround,
        follow_up=row.follow_up,
    )


def to_event(row: EventRow) -> Event:
    assert row.id is not None
    return Event(
        id=row.id,
        incident_id=row.incident_id,
        at=row.at,
        actor=row.actor,
        kind=EventKind(row.kind),
        field=row.field,
        before=row.before,
        after=row.after,
        note=row.note,
    )


def to_queue_row(values: Any) -> QueueRow:
    """From a core result row (id, title, customer, status, rank, due, owner, created,
    clock, target seconds, version)."""
    return QueueRow(
        id=values[0],
        title=values[1],
        customer=values[2],
        status=Status(values[3]),
        severity=Severity.from_rank(values[4]),
        sla_due_at=values[5],
        owner=values[6],
        created_at=values[7],
        sla_clock=values[8],
        sla_target_seconds=values[9],
        version=values[10] if len(values) > 10 else None,
    )
