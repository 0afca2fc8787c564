"""Run the seed's reviews: work out the pre-ticks, record what the operator confirmed.

A review is a ``review`` event: the stage in ``field``, ``complete`` or
``incomplete`` in ``after``, and in ``note`` the items confirmed and those still
open with their reasons (and the operator's own note).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.escalation import FlagKind
from sophdesk.domain.evidence import EVIDENCE_FIELDS
from sophdesk.domain.incident import EventKind
from sophdesk.domain.matrix import Matrix, duty_holders
from sophdesk.domain.review import (
    CHECKLISTS,
    Check,
    ReviewFacts,
    ReviewOutcome,
    Stage,
    item_keys,
    placeholders_in,
    precheck,
)
from sophdesk.domain.routing import Route, RouteDecision, route_owner
from sophdesk.domain.severity import Severity
from sophdesk.domain.timefmt import iso
from sophdesk.domain.updates import EXTERNAL_AUDIENCES, Audience
from sophdesk.services import outbound
from sophdesk.services.desk import Desk
from sophdesk.services.escalation import view as escalation_view
from sophdesk.services.facts import IncidentFacts, gather
from sophdesk.services.report import report_text
from sophdesk.store import matrix as stored_matrix
from sophdesk.store import repository

MAX_NOTE_CHARS = 2000


def _route_contact(
    matrix: Matrix, route: str | None, severity: Severity | None, at: datetime
) -> str | None:
    if route is None:
        return None
    try:
        chosen = Route(route)
    except ValueError:
        return None
    holder = route_owner(matrix, RouteDecision(chosen, ()), severity, at)
    return holder.name or holder.person


def review_facts(desk: Desk, incident_id: int) -> ReviewFacts:
    found: IncidentFacts = gather(desk, incident_id)
    incident = found.incident
    with desk.database.reading() as session:
        matrix, _version = stored_matrix.current(session)
    contact = _route_contact(matrix, found.route, incident.severity, found.as_of)
    owner = (incident.owner or "").strip() or None
    if owner and contact and owner.casefold() != contact.casefold():
        # The owner may be written as the matrix's key ("ana") or its name ("Ana Ruiz").
        people = {key.casefold(): p.name for key, p in matrix.people.items()}
        if people.get(owner.casefold(), "").casefold() == contact.casefold():
            contact = owner
    updates = [e for e in found.events if e.kind is EventKind.UPDATE]
    acks = [e for e in found.events if e.kind is EventKind.ACKNOWLEDGED]
    sent: list[str] = []
    for event in updates:
        sent.extend(outbound.inspect(event.note or "").removed())
    report = report_text(desk, incident_id, None)
    owner_duties: tuple[str, ...] = ()
    if owner and incident.severity is not None:
        names = {owner.casefold(), (contact_name(matrix, owner) or "").casefold()}
        owner_duties = tuple(
            duty.value
            for duty, holder in duty_holders(matrix, incident.severity, found.as_of).items()
            if (holder.person or "").casefold() in names or (holder.name or "").casefold() in names
        )
    flags = escalation_view(desk, incident_id).flags
    body = outbound.inspect(incident.body).text if incident.body_raw else incident.body
    stored = [
        incident.title,
        body,
        incident.impact,
        incident.workaround,
        incident.follow_up,
        *(found.evidence.item(f.key).value for f in EVIDENCE_FIELDS),
    ]
    vendors = {a.value for a in EXTERNAL_AUDIENCES}
    off_route = (
        tuple(
            dict.fromkeys(
                e.field
                for e in updates
                if e.field in vendors and e.field != found.route and e.field is not None
            )
        )
        if found.route not in (None, "unclear")
        else ()
    )
    return ReviewFacts(
        evidence_missing=tuple(
            f.label for f in EVIDENCE_FIELDS if not found.evidence.item(f.key).is_complete
        ),
        severity=incident.severity.value if incident.severity else None,
        owner=owner,
        route=found.route,
        route_contact=contact,
        report_removed=tuple(report.removed()),
        acknowledged_by=acks[-1].actor if acks else None,
        update_actors=tuple(e.actor for e in updates),
        customer_updates=sum(1 for e in updates if e.field == Audience.CUSTOMER.value),
        sent_findings=tuple(dict.fromkeys(sent)),
        follow_up=incident.follow_up,
        owner_duties=owner_duties,
        owner_flags=tuple(f.reason for f in flags if f.kind is FlagKind.OWNER),
        privacy=found.assessment.answers.as_dict()["privacy"] if found.assessment else None,
        removed_at_rest=placeholders_in(stored),
        off_route_updates=tuple(a for a in off_route if a),
    )


def contact_name(matrix: Matrix, owner: str) -> str | None:
    """The matrix name of the person ``owner`` names by key, if any."""
    person = {key.casefold(): p for key, p in matrix.people.items()}.get(owner.casefold())
    return person.name if person is not None else None


def checklist(desk: Desk, incident_id: int, stage: Stage) -> tuple[Check, ...]:
    """The stage's items with the desk's pre-ticks and reasons (nothing recorded)."""
    return precheck(stage, review_facts(desk, incident_id))


def record_review(
    desk: Desk,
    incident_id: int,
    stage: Stage,
    confirmed: Iterable[str],
    note: str | None = None,
    checks: tuple[Check, ...] | None = None,
) -> ReviewOutcome:
    """Record the review with the items the operator confirmed (complete when all are)."""
    keys = item_keys(stage, confirmed)
    note = " ".join((note or "").split()) or None
    if note is not None and len(note) > MAX_NOTE_CHARS:
        raise InvalidInput(f"the note is {len(note)} characters; the limit is {MAX_NOTE_CHARS}")
    outcome = ReviewOutcome(stage, checks or checklist(desk, incident_id, stage), keys)
    text = outcome.note()
    with desk.database.writing() as session:
        repository.get_incident(session, incident_id)
        if note:
            note = desk.intake(session, incident_id).clean(note)
            text = f"{text}; note: {note}" if text else f"note: {note}"
        repository.add_event(
            session,
            incident_id,
            desk.actor,
            desk.clock(),
            EventKind.REVIEW,
            field=stage.value,
            after=outcome.result,
            note=text,
        )
    return outcome


def outcome_dict(incident_id: int, outcome: ReviewOutcome, recorded: bool) -> dict[str, Any]:
    return {
        "id": incident_id,
        "stage": outcome.stage.value,
        "result": outcome.result if recorded else None,
        "complete": outcome.complete,
        "recorded": recorded,
        "items": [
            {
                "item": c.item.key,
                "label": c.item.label,
                "suggested": c.ticked,
                "reason": c.reason,
                "confirmed": c.item.key in outcome.confirmed,
            }
            for c in outcome.checks
        ],
    }


def reviews(desk: Desk, incident_id: int) -> list[dict[str, Any]]:
    """Every review recorded, oldest first (stage, result, who, when, note)."""
    detail = desk.detail(incident_id)
    return [
        {
            "stage": e.field,
            "result": e.after,
            "actor": e.actor,
            "at": iso(e.at),
            "note": e.note,
        }
        for e in detail.events
        if e.kind is EventKind.REVIEW
    ]


__all__ = ["CHECKLISTS", "checklist", "outcome_dict", "record_review", "review_facts", "reviews"]
