"""Recompute an incident's SLA clocks inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from sophdesk.domain.clocks import incident_clocks, triage_clocks
from sophdesk.domain.sla import SlaPolicy
from sophdesk.store import repository, triage


def refresh_clocks(session: Session, incident_id: int, policy: SlaPolicy, now: datetime) -> None:
    """Due times from the severity, the report time, pauses, and customer updates;
    an incident not assessed yet gets its triage clock."""
    incident = repository.get_incident(session, incident_id)
    if incident.severity is None:
        changes = triage.status_changes(session, incident_id)
        triage.set_clocks(
            session, incident_id, triage_clocks(policy, incident.created_at, changes, now)
        )
        return
    clocks = incident_clocks(
        policy,
        incident.severity,
        incident.created_at,
        triage.status_changes(session, incident_id),
        now,
        first_response_at=incident.first_response_at,
        last_update_at=incident.last_customer_update_at,
    )
    triage.set_clocks(session, incident_id, clocks)
