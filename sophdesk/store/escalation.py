"""What escalation reads from the timeline, in bulk: pages, routes, unclear answers.

Each read takes a list of incident ids and answers for all of them in one or two
queries (the ``ix_event_kind`` index keeps them off the rest of the timeline).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sophdesk.domain.assessment import DIMENSIONS, UNKNOWN
from sophdesk.domain.incident import Event, EventKind, Incident
from sophdesk.store.convert import to_event, to_incident
from sophdesk.store.tables import AssessmentRow, EventRow, IncidentRow

_E = EventRow.__table__  # type: ignore[attr-defined]
_A = AssessmentRow.__table__  # type: ignore[attr-defined]
_I = IncidentRow.__table__  # type: ignore[attr-defined]
_PAGE_KINDS = (EventKind.ESCALATED.value, EventKind.ACKNOWLEDGED.value)
_CHUNK = 500


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def paged_open_ids(session: Session) -> list[int]:
    """Open incidents that have ever been paged."""
    paged = select(_E.c.incident_id).where(_E.c.kind == EventKind.ESCALATED.value).distinct()
    stmt = select(_I.c.id).where(_I.c.is_open.is_(True)).where(_I.c.id.in_(paged)).order_by(_I.c.id)
    return list(session.execute(stmt).scalars())


def page_events(session: Session, ids: Sequence[int]) -> dict[int, list[Event]]:
    """The ``escalated`` and ``acknowledged`` events of each incident, oldest first."""
    found: dict[int, list[Event]] = {i: [] for i in ids}
    for chunk in _chunks(ids):
        stmt = (
            select(EventRow)
            .where(EventRow.kind.in_(_PAGE_KINDS))  # type: ignore[attr-defined]
            .where(EventRow.incident_id.in_(chunk))  # type: ignore[attr-defined]
            .order_by(EventRow.id)  # type: ignore[arg-type]
        )
        for row in session.execute(stmt).scalars():
            found[row.incident_id].append(to_event(row))
    return found


def latest_routes(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """The route each incident was last routed to (incidents never routed are left out)."""
    found: dict[int, str] = {}
    for chunk in _chunks(ids):
        newest = (
            select(func.max(_E.c.id))
            .where(_E.c.kind == EventKind.ROUTED.value)
            .where(_E.c.incident_id.in_(chunk))
            .group_by(_E.c.incident_id)
        )
        stmt = select(_E.c.incident_id, _E.c.after).where(_E.c.id.in_(newest))
        for incident_id, after in session.execute(stmt):
            found[incident_id] = after or ""
    return found


def unclear_answers(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The dimensions each incident's latest assessment left unknown (only those with any)."""
    found: dict[int, tuple[str, ...]] = {}
    for chunk in _chunks(ids):
        newest = (
            select(func.max(_A.c.id)).where(_A.c.incident_id.in_(chunk)).group_by(_A.c.incident_id)
        )
        stmt = select(_A.c.incident_id, _A.c.answers).where(_A.c.id.in_(newest))
        for incident_id, answers in session.execute(stmt):
            if UNKNOWN not in answers:
                continue
            data = json.loads(answers)
            unknown = tuple(d.key for d in DIMENSIONS if data.get(d.key) == UNKNOWN)
            if unknown:
                found[incident_id] = unknown
    return found


def incidents(session: Session, ids: Sequence[int]) -> list[Incident]:
    rows: list[Incident] = []
    for chunk in _chunks(ids):
        stmt = (
            select(IncidentRow)
            .where(IncidentRow.id.in_(chunk))  # type: ignore[union-attr]
            .order_by(IncidentRow.id)  # type: ignore[arg-type]
        )
        rows.extend(to_incident(row) for row in session.execute(stmt).scalars())
    return rows
