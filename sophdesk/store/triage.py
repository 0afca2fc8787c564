"""Reads and writes of assessments, evidence, drafts and SLA clock fields."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from sophdesk.domain.assessment import Assessment, Category, SeverityDecision, parse_assessment
from sophdesk.domain.clocks import Clocks
from sophdesk.domain.evidence import EVIDENCE_FIELDS, Evidence, EvidenceItem
from sophdesk.domain.incident import EventKind
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.severity import Severity
from sophdesk.domain.triage import AssessmentRecord
from sophdesk.store.repository import add_event
from sophdesk.store.tables import AssessmentRow, DraftRow, EventRow, EvidenceRow, IncidentRow

_I = IncidentRow.__table__  # type: ignore[attr-defined]


def status_changes(session: Session, incident_id: int) -> list[tuple[datetime, Status]]:
    """The incident's status history from its timeline (creation is ``new``)."""
    rows = session.execute(
        select(EventRow.at, EventRow.kind, EventRow.after)  # type: ignore[call-overload]
        .where(EventRow.incident_id == incident_id)
        .where(EventRow.kind.in_([EventKind.CREATED.value, EventKind.STATUS.value]))  # type: ignore[attr-defined]
        .order_by(EventRow.id)
    )
    changes: list[tuple[datetime, Status]] = []
    for at, kind, after in rows:
        status = Status.NEW if kind == EventKind.CREATED.value else Status(after)
        changes.append((at, status))
    return changes


def unclocked_unassessed_ids(session: Session) -> list[int]:
    """Open incidents not assessed yet that have no SLA clock stored."""
    stmt = select(_I.c.id).where(
        (_I.c.is_open == True)  # noqa: E712 (the queue index)
        & (_I.c.severity_rank == 0)
        & _I.c.sla_clock.is_(None)
    )
    return [int(i) for i in session.execute(stmt).scalars()]


def set_clocks(session: Session, incident_id: int, clocks: Clocks | None) -> None:
    """Store the due times; the queue sorts by the next one and counts it down."""
    values: dict[str, Any]
    if clocks is None:
        values = {
            "first_response_due": None,
            "next_update_due": None,
            "resolution_due": None,
            "sla_due_at": None,
            "sla_clock": None,
            "sla_target_seconds": None,
        }
    else:
        nearest = clocks.next
        due = clocks.due
        values = {
            "first_response_due": due.first_response_due if due else None,
            "next_update_due": due.next_update_due if due else None,
            "resolution_due": due.resolution_due if due else None,
            "sla_due_at": nearest.due if nearest else None,
            "sla_clock": nearest.name.value if nearest else None,
            "sla_target_seconds": int(nearest.target.total_seconds()) if nearest else None,
        }
    session.execute(update(_I).where(_I.c.id == incident_id).values(**values))


def evidence(session: Session, incident_id: int) -> Evidence:
    rows = session.execute(
        select(EvidenceRow).where(EvidenceRow.incident_id == incident_id)  # type: ignore[arg-type]
    ).scalars()
    return Evidence({row.key: EvidenceItem(row.value, row.unknown_reason) for row in rows})


def save_evidence(
    session: Session, incident_id: int, new: Evidence, actor: str, now: datetime
) -> list[str]:
    """Write the fields that changed, each with an event; returns their keys."""
    current = evidence(session, incident_id)
    changed: list[str] = []
    for field in EVIDENCE_FIELDS:
        before = current.item(field.key)
        after = new.item(field.key)
        if (before.value, before.unknown_reason) == (after.value, after.unknown_reason):
            continue
        row = session.get(EvidenceRow, (incident_id, field.key))
        if row is None:
            row = EvidenceRow(
                incident_id=incident_id, key=field.key, updated_at=now, updated_by=actor
            )
            session.add(row)
        row.value = after.value
        row.unknown_reason = after.unknown_reason
        row.updated_at = now
        row.updated_by = actor
        add_event(
            session,
            incident_id,
            actor,
            now,
            EventKind.EVIDENCE,
            field=field.key,
            before=before.shown() if before.is_complete else None,
            after=after.shown(),
        )
        changed.append(field.key)
    return changed


def add_assessment(
    session: Session,
    incident_id: int,
    actor: str,
    now: datetime,
    answers: Assessment,
    decision: SeverityDecision,
    severity: Severity,
    override_reason: str | None,
    previous: Severity | None,
) -> None:
    session.add(
        AssessmentRow(
            incident_id=incident_id,
            at=now,
            actor=actor,
            answers=json.dumps(answers.as_dict()),
            computed_severity=decision.severity.value,
            severity=severity.value,
            category=decision.category.value,
            rationale=json.dumps(list(decision.rationale)),
            rules=json.dumps(list(decision.rules_fired)),
            override_reason=override_reason,
        )
    )
    session.execute(
        update(_I)
        .where(_I.c.id == incident_id)
        .values(severity_rank=severity.rank, category=decision.category.value)
    )
    note = f"{decision.category.value}; rules said {decision.severity.value}"
    if override_reason:
        note += f"; overridden to {severity.value}: {override_reason}"
    add_event(
        session,
        incident_id,
        actor,
        now,
        EventKind.ASSESSED,
        field="severity",
        before=previous.value if previous else None,
        after=severity.value,
        note=note,
    )


def assessments(session: Session, incident_id: int) -> list[AssessmentRecord]:
    rows = session.execute(
        select(AssessmentRow)
        .where(AssessmentRow.incident_id == incident_id)  # type: ignore[arg-type]
        .order_by(AssessmentRow.id)  # type: ignore[arg-type]
    ).scalars()
    records = []
    for row in rows:
        assert row.id is not None
        answers = parse_assessment(json.loads(row.answers))
        records.append(
            AssessmentRecord(
                id=row.id,
                incident_id=row.incident_id,
                at=row.at,
                actor=row.actor,
                answers=answers,
                decision=SeverityDecision(
                    severity=Severity(row.computed_severity),
                    category=Category(row.category),
                    rationale=tuple(json.loads(row.rationale)),
                    rules_fired=tuple(json.loads(row.rules)),
                    unclear=answers.unclear,
                ),
                severity=Severity(row.severity),
                override_reason=row.override_reason,
            )
        )
    return records


def get_draft(session: Session, key: str) -> tuple[dict[str, Any], datetime, str] | None:
    row = session.get(DraftRow, key)
    if row is None:
        return None
    try:
        payload = json.loads(row.payload)
    except ValueError:
        return None
    return (payload if isinstance(payload, dict) else {}), row.updated_at, row.actor


def put_draft(
    session: Session, key: str, payload: dict[str, Any], actor: str, now: datetime
) -> None:
    row = session.get(DraftRow, key)
    text = json.dumps(payload)
    if row is None:
        session.add(DraftRow(key=key, actor=actor, payload=text, updated_at=now))
    else:
        row.payload = text
        row.actor = actor
        row.updated_at = now


def drop_draft(session: Session, key: str) -> None:
    session.execute(delete(DraftRow).where(DraftRow.key == key))  # type: ignore[arg-type]
