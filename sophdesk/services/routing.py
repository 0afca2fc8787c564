"""Record where an incident's next response goes, and who to contact there."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from sophdesk.domain.incident import EventKind
from sophdesk.domain.matrix import Holder
from sophdesk.domain.routing import Route, RouteDecision, Signal, override_route, route, route_owner
from sophdesk.services.desk import Desk
from sophdesk.services.escalation import page_holder
from sophdesk.store import matrix as stored_matrix
from sophdesk.store import repository
from sophdesk.store.tables import EventRow


def record_route(
    desk: Desk,
    incident_id: int,
    signals: Sequence[Signal],
    override: Route | None = None,
    reason: str | None = None,
) -> tuple[RouteDecision, Holder]:
    """Route the incident from the ticked signals (or an override with a reason) and
    record it as an event naming the route, the reasons and the owner to contact.

    The owner is then paged (an ``escalated`` event) unless they already hold the
    incident's page; the page waits for an acknowledgement (see escalation).
    """
    decision = route(signals)
    if override is not None:
        override_route(decision, override, reason or "")  # refuse a bad reason first
    now = desk.clock()
    with desk.database.writing() as session:
        incident = repository.get_incident(session, incident_id)
        if override is not None:
            reason = desk.intake(session, incident_id).clean(reason or "")
            decision = override_route(decision, override, reason)
        matrix, _version = stored_matrix.current(session)
        holder = route_owner(matrix, decision, incident.severity, now, desk.policy.hours.zone)
        previous = session.execute(
            select(EventRow.after)  # type: ignore[call-overload]
            .where(EventRow.incident_id == incident_id)
            .where(EventRow.kind == EventKind.ROUTED.value)
            .order_by(EventRow.id.desc())  # type: ignore[union-attr]
            .limit(1)
        ).scalar()
        owner = holder.name or "nobody (escalate to the support lead)"
        signals_text = ", ".join(s.value for s in dict.fromkeys(signals)) or "none"
        repository.add_event(
            session,
            incident_id,
            desk.actor,
            now,
            EventKind.ROUTED,
            field="route",
            before=previous,
            after=decision.route.value,
            note=f"signals: {signals_text}; contact {owner}; " + " ".join(decision.reasons),
        )
        page_holder(
            session, incident_id, desk.actor, now, holder, f"routed to {decision.route.value}"
        )
    return decision, holder
