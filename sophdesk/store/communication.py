"""Reads and writes of edits, log excerpts, updates sent and reviews, on a session
the caller owns. Every change is also an event on the timeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sophdesk.domain.communication import LogExcerpt
from sophdesk.domain.incident import Event, EventKind, Incident
from sophdesk.store.convert import to_event
from sophdesk.store.repository import add_event, stale_version
from sophdesk.store.tables import EventRow, IncidentRow, LogExcerptRow

_I = IncidentRow.__table__  # type: ignore[attr-defined]

#: One edit: the field, its value before and after (both as they may be stored).
Change = tuple[str, str | None, str | None]


def write_fields(
    session: Session,
    incident: Incident,
    values: Mapping[str, Any],
    changes: Sequence[Change],
    actor: str,
    now: datetime,
) -> None:
    """Write ``values`` on the incident (refusing a stale version) and one ``edit``
    event per change."""
    result = session.execute(
        update(_I)
        .where(_I.c.id == incident.id, _I.c.version == incident.version)
        .values(**values, updated_at=now, version=incident.version + 1)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise stale_version(session, incident.id, incident.version, values)
    for name, before, after in changes:
        add_event(
            session, incident.id, actor, now, EventKind.EDIT, field=name, before=before, after=after
        )


def add_excerpt(
    session: Session, incident_id: int, label: str, text: str, actor: str, now: datetime
) -> LogExcerpt:
    row = LogExcerptRow(incident_id=incident_id, at=now, actor=actor, label=label, text=text)
    session.add(row)
    session.flush()
    assert row.id is not None
    lines = len(text.splitlines())
    add_event(
        session,
        incident_id,
        actor,
        now,
        EventKind.EDIT,
        field="excerpt",
        after=f"log excerpt {row.id} added ({lines} lines)" + (f": {label}" if label else ""),
    )
    return _excerpt(row)


def excerpts(session: Session, incident_id: int) -> list[LogExcerpt]:
    stmt = (
        select(LogExcerptRow)
        .where(LogExcerptRow.incident_id == incident_id)  # type: ignore[arg-type]
        .order_by(LogExcerptRow.id)  # type: ignore[arg-type]
    )
    return [_excerpt(row) for row in session.execute(stmt).scalars()]


def _excerpt(row: LogExcerptRow) -> LogExcerpt:
    assert row.id is not None
    return LogExcerpt(row.id, row.incident_id, row.at, row.actor, row.label, row.text)


def mark_customer_update(session: Session, incident: Incident, at: datetime) -> None:
    """The customer was told at ``at``: the update cadence runs from it (and the
    first response is recorded if it was not)."""
    values: dict[str, Any] = {"last_customer_update_at": at}
    if incident.first_response_at is None:
        values["first_response_at"] = at
    session.execute(update(_I).where(_I.c.id == incident.id).values(**values))


def events_of(session: Session, incident_id: int, kind: EventKind) -> list[Event]:
    stmt = (
        select(EventRow)
        .where(EventRow.incident_id == incident_id)  # type: ignore[arg-type]
        .where(EventRow.kind == kind.value)  # type: ignore[arg-type]
        .order_by(EventRow.id)  # type: ignore[arg-type]
    )
    return [to_event(row) for row in session.execute(stmt).scalars()]
