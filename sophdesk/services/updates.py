"""Compose an update for an audience, and record one as sent.

Composing renders the audience's template (the team's override or the package's)
from the incident's facts and passes the text through the one door out. Recording
keeps the exact text sent on the timeline (an ``update`` event: the audience in
``field``, the text in ``note``); a customer update also resets the next-update
clock: ``last_customer_update_at`` (and ``first_response_at`` when unset) become
the moment the update was composed, so the next update time the text promised and
the clock the queue counts down are the same instant.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.incident import EventKind, Incident
from sophdesk.domain.timefmt import iso
from sophdesk.domain.updates import Audience, Missing, UpdateFacts, render, zoned
from sophdesk.services import outbound
from sophdesk.services.clocks import refresh_clocks
from sophdesk.services.desk import Desk
from sophdesk.services.facts import gather
from sophdesk.services.templates import load_template
from sophdesk.store import communication, repository

#: A composed update older than this is stale: its next update time is a promise
#: made at composing time, so compose it again.
MAX_AGE = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class ComposedUpdate:
    incident_id: int
    audience: Audience
    #: The text as it may leave (through the one door out).
    text: str
    missing: tuple[Missing, ...]
    as_of: datetime
    next_update: datetime | None
    zone_key: str
    template_source: str
    #: Placeholders the door put in that at-rest redaction had not (names, a raw
    #: body, secrets added to the keyring later): worth a look before sending.
    removed: tuple[str, ...] = field(default=())

    @property
    def ready(self) -> bool:
        return not self.missing

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.incident_id,
            "audience": self.audience.value,
            "text": self.text,
            "ready": self.ready,
            "missing": [m.as_dict() for m in self.missing],
            "as_of": iso(self.as_of),
            "next_update_due": iso(self.next_update),
            "timezone": self.zone_key,
            "template": self.template_source,
            "removed": list(self.removed),
        }


def compose(desk: Desk, incident_id: int, audience: Audience) -> ComposedUpdate:
    template = load_template(audience)
    found = gather(desk, incident_id)
    zone = desk.policy.hours.zone
    facts = UpdateFacts(
        incident=found.incident,
        evidence=found.evidence,
        zone=zone,
        next_update=found.next_update,
        excerpts=found.excerpts,
        rationale=found.rationale,
        route=found.route,
        as_of=found.as_of,
    )
    rendered = render(template.text, audience, facts)
    released = outbound.inspect(rendered.text, memory=outbound.memory(desk, incident_id))
    return ComposedUpdate(
        incident_id=incident_id,
        audience=audience,
        text=released.text,
        missing=rendered.missing,
        as_of=found.as_of,
        next_update=found.next_update if found.incident.is_open else None,
        zone_key=zone.key,
        template_source=template.source,
        removed=tuple(released.removed()),
    )


def missing_message(composed: ComposedUpdate) -> str:
    parts = [f"{m.label} ({m.how})" for m in composed.missing]
    return (
        f"the {composed.audience.value} update for #{composed.incident_id} is missing: "
        + "; ".join(parts)
    )


def record_update(
    desk: Desk, composed: ComposedUpdate, text: str | None = None, allow: Collection[str] = ()
) -> Incident:
    """Record ``composed`` (or ``text``, the operator's edit of it) as sent; ``allow``:
    values the operator restored as false positives (kept as written).

    Refused while a required field is missing, or when it was composed over an
    hour ago (its next update time would be a stale promise)."""
    if not composed.ready:
        raise InvalidInput(missing_message(composed) + "; nothing was recorded")
    now = desk.clock()
    if composed.as_of > now + timedelta(minutes=1) or now - composed.as_of > MAX_AGE:
        raise InvalidInput(
            "this update was composed more than an hour ago; compose it again so its"
            " next update time is current (nothing was recorded)"
        )
    if not (text if text is not None else composed.text).strip():
        raise InvalidInput("the update is empty; nothing was recorded")
    with desk.database.writing() as session:
        incident = repository.get_incident(session, composed.incident_id)
        door = desk.intake(session, incident.id)
        sent = outbound.release(text if text is not None else composed.text, allow, learn=door)
        after = None
        if composed.audience is Audience.CUSTOMER:
            communication.mark_customer_update(session, incident, composed.as_of)
            if composed.next_update is not None:
                after = f"next update by {zoned(composed.next_update, desk.policy.hours.zone)}"
        repository.add_event(
            session,
            incident.id,
            desk.actor,
            now,
            EventKind.UPDATE,
            field=composed.audience.value,
            after=after,
            note=sent,
        )
        if composed.audience is Audience.CUSTOMER and incident.is_open:
            refresh_clocks(session, incident.id, desk.policy, now)
        return repository.get_incident(session, incident.id)
