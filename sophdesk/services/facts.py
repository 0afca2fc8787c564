"""Everything updates, reports and reviews are made of, read in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from sophdesk.domain.clocks import incident_clocks
from sophdesk.domain.communication import LogExcerpt
from sophdesk.domain.evidence import Evidence
from sophdesk.domain.incident import Event, EventKind, Incident
from sophdesk.domain.sla import SlaPolicy
from sophdesk.domain.triage import AssessmentRecord
from sophdesk.services.desk import Desk
from sophdesk.store import communication, repository, triage


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    incident: Incident
    evidence: Evidence
    excerpts: tuple[LogExcerpt, ...]
    events: tuple[Event, ...]
    assessment: AssessmentRecord | None
    #: When the next customer update would be due if one were sent at ``as_of``.
    next_update: datetime | None
    as_of: datetime

    @property
    def rationale(self) -> tuple[str, ...]:
        if self.assessment is None:
            return ()
        lines = tuple(self.assessment.decision.rationale)
        if self.assessment.override_reason:
            lines += (
                f"overridden to {self.assessment.severity.value}:"
                f" {self.assessment.override_reason}",
            )
        return lines

    @property
    def route(self) -> str | None:
        routed = [e for e in self.events if e.kind is EventKind.ROUTED]
        return routed[-1].after if routed else None


def next_update_if_sent(
    session: Session, incident: Incident, policy: SlaPolicy, at: datetime
) -> datetime | None:
    """When the next customer update is due if one is sent at ``at``: the severity's
    update cadence, on its clock (business hours or 24/7), waiting periods excluded.
    The same computation ``refresh_clocks`` stores once the update is recorded."""
    if incident.severity is None or not incident.is_open:
        return None
    clocks = incident_clocks(
        policy,
        incident.severity,
        incident.created_at,
        triage.status_changes(session, incident.id),
        at,
        first_response_at=incident.first_response_at or at,
        last_update_at=at,
    )
    return clocks.due.next_update_due if clocks.due is not None else None


def gather(desk: Desk, incident_id: int, as_of: datetime | None = None) -> IncidentFacts:
    as_of = as_of or desk.clock()
    with desk.database.reading() as session:
        incident = repository.get_incident(session, incident_id)
        records = triage.assessments(session, incident_id)
        return IncidentFacts(
            incident=incident,
            evidence=triage.evidence(session, incident_id),
            excerpts=tuple(communication.excerpts(session, incident_id)),
            events=tuple(repository.events(session, incident_id)),
            assessment=records[-1] if records else None,
            next_update=next_update_if_sent(session, incident, desk.policy, as_of),
            as_of=as_of,
        )
