"""Escalation use cases: flags, pages, acknowledgements and the timeout sweep.

Pages live only in the timeline (``escalated`` and ``acknowledged`` events).
Every write re-reads the page inside its write transaction, so two desks (or a
desk and ``sophdesk sweep`` from cron) sweeping at once record each step once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy.orm import Session

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.escalation import (
    Flag,
    Page,
    Stage,
    Step,
    current_page,
    flags,
    needs_escalation,
    next_step,
    owner_flags,
    page_sentence,
)
from sophdesk.domain.incident import EventKind, Incident
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.matrix import Holder, Matrix, Role, Via, lead_holder
from sophdesk.domain.queue import QueueFilter
from sophdesk.domain.severity import Severity
from sophdesk.domain.sla import BusinessHours
from sophdesk.domain.timefmt import iso
from sophdesk.services.desk import Desk
from sophdesk.store import escalation as store
from sophdesk.store import matrix as stored_matrix
from sophdesk.store import repository

#: Who the timeline names for steps the desk takes by itself.
SYSTEM_ACTOR = "sophdesk"
MAX_NOTE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class EscalationView:
    """An incident's escalation state: why to escalate, and its page."""

    incident: Incident
    flags: tuple[Flag, ...]
    page: Page | None
    page_text: str | None
    needs: bool

    def as_dict(self) -> dict[str, Any]:
        page = self.page
        return {
            "id": self.incident.id,
            "title": self.incident.title,
            "customer": self.incident.customer,
            "status": self.incident.status.value,
            "severity": self.incident.severity.value if self.incident.severity else None,
            "needs_escalation": self.needs,
            "reasons": [flag.reason for flag in self.flags],
            "flags": [flag.as_dict() for flag in self.flags],
            "page": None
            if page is None
            else {
                "person": page.person,
                "stage": page.stage.value,
                "since": iso(page.since),
                "acknowledged_by": page.acknowledged_by,
                "acknowledged_at": iso(page.acknowledged_at),
            },
        }


def _owners(matrix: Matrix, now: datetime, zone: tzinfo) -> dict[Severity, list[Flag]]:
    return {severity: owner_flags(matrix, severity, now, zone) for severity in Severity}


def _views(desk: Desk, session: Session, ids: Sequence[int], now: datetime) -> list[EscalationView]:
    matrix, _version = stored_matrix.current(session)
    owners = _owners(matrix, now, desk.policy.hours.zone)
    pages = store.page_events(session, ids)
    routes = store.latest_routes(session, ids)
    unclear = store.unclear_answers(session, ids)
    hours = desk.policy.hours
    views = []
    for incident in store.incidents(session, ids):
        page = current_page(pages.get(incident.id, ()))
        found = flags(
            incident,
            owners=owners,
            now=now,
            unclear_answers=unclear.get(incident.id, ()),
            route=routes.get(incident.id),
            page=page,
            hours=hours,
        )
        text = page_sentence(page, incident.severity, hours) if page is not None else None
        views.append(
            EscalationView(incident, tuple(found), page, text, needs_escalation(found, page))
        )
    return views


def view(desk: Desk, incident_id: int) -> EscalationView:
    """One incident's flags and page (unknown ids raise NotFound)."""
    now = desk.clock()
    with desk.database.reading() as session:
        repository.get_incident(session, incident_id)
        return _views(desk, session, [incident_id], now)[0]


def flagged_among(desk: Desk, ids: Sequence[int]) -> set[int]:
    """Which of ``ids`` are flagged "escalate to the support lead" (the queue marks
    the rows it shows)."""
    if not ids:
        return set()
    now = desk.clock()
    with desk.database.reading() as session:
        return {v.incident.id for v in _views(desk, session, ids, now) if v.needs}


def needing(desk: Desk, wanted: QueueFilter | None = None) -> list[EscalationView]:
    """The incidents ``wanted`` selects (default: the open queue) that are flagged
    for the support lead, in queue order."""
    now = desk.clock()
    with desk.database.reading() as session:
        ids = repository.queue_ids(
            session, replace(wanted or QueueFilter(), needs_escalation=False)
        )
        order = {incident_id: index for index, incident_id in enumerate(ids)}
        found = [v for v in _views(desk, session, ids, now) if v.needs]
    return sorted(found, key=lambda v: order[v.incident.id])


def queue_ids(desk: Desk, wanted: QueueFilter) -> list[int]:
    """The ids ``wanted`` selects, in queue order; with ``needs_escalation`` only
    those flagged for the support lead (what ``list --needs-escalation`` keeps),
    and ``limit`` counts those."""
    if not wanted.needs_escalation:
        return desk.queue_ids(wanted)
    ids = [view.incident.id for view in needing(desk, replace(wanted, limit=None))]
    return ids if wanted.limit is None else ids[: wanted.limit]


def _record(session: Session, incident_id: int, actor: str, now: datetime, step: Step) -> None:
    repository.add_event(
        session,
        incident_id,
        actor,
        now,
        EventKind.ESCALATED,
        field=step.stage.value,
        before=step.before,
        after=step.person or "",
        note=step.reason,
    )


def _page_in(session: Session, incident_id: int) -> Page | None:
    return current_page(store.page_events(session, [incident_id])[incident_id])


def sweep(desk: Desk) -> list[tuple[int, Step]]:
    """Record every page move that is due now; returns what was recorded.

    Reads first (cheap, no lock) and opens a write transaction only when a move
    is due, re-checking each page inside it.
    """
    now = desk.clock()
    hours = desk.policy.hours
    with desk.database.reading() as session:
        ids = store.paged_open_ids(session)
        if not ids:
            return []
        matrix, _version = stored_matrix.current(session)
        pages = store.page_events(session, ids)
        severities = {i.id: i.severity for i in store.incidents(session, ids)}
        due = [
            incident_id
            for incident_id in ids
            if _due(current_page(pages[incident_id]), matrix, severities[incident_id], now, hours)
        ]
    if not due:
        return []
    recorded: list[tuple[int, Step]] = []
    with desk.database.writing() as session:
        matrix, _version = stored_matrix.current(session)
        for incident in store.incidents(session, due):
            if not incident.status.is_open:
                continue
            step = _due(_page_in(session, incident.id), matrix, incident.severity, now, hours)
            if step is not None:
                _record(session, incident.id, SYSTEM_ACTOR, now, step)
                recorded.append((incident.id, step))
    return recorded


def _due(
    page: Page | None,
    matrix: Matrix,
    severity: Severity | None,
    now: datetime,
    hours: BusinessHours,
) -> Step | None:
    """The page move due now, if the incident has a page at all."""
    return next_step(page, matrix, severity, now, hours) if page is not None else None


def _clean_note(note: str | None) -> str | None:
    text = (note or "").strip() or None
    if text is not None and len(text) > MAX_NOTE_CHARS:
        raise InvalidInput(f"the note is longer than {MAX_NOTE_CHARS} characters.")
    return text


@dataclass(frozen=True, slots=True)
class AckResult:
    page: Page
    recorded: bool


def acknowledge(desk: Desk, incident_id: int, note: str | None = None) -> AckResult:
    """Answer the incident's page. An answered page records nothing again."""
    text = _clean_note(note)
    now = desk.clock()
    with desk.database.writing() as session:
        repository.get_incident(session, incident_id)
        page = _page_in(session, incident_id)
        if page is None:
            raise InvalidInput(f"#{incident_id} has no page to acknowledge: nobody was paged.")
        if page.person is None:
            raise InvalidInput(
                f"#{incident_id}'s last page found nobody to answer it; escalate again (e)"
                " once the matrix names someone."
            )
        if page.acknowledged:
            return AckResult(page, recorded=False)
        text = desk.intake(session, incident_id).clean_optional(text)
        repository.add_event(
            session,
            incident_id,
            desk.actor,
            now,
            EventKind.ACKNOWLEDGED,
            field="page",
            after=page.person,
            note=text,
        )
        answered = Page(page.person, page.stage, page.since, page.tried, desk.actor, now)
    return AckResult(answered, recorded=True)


def _stage_for(holder: Holder) -> Stage:
    if holder.via is Via.BACKUP:
        return Stage.BACKUP
    if holder.via is Via.SUPPORT_LEAD or holder.role is Role.SUPPORT_LEAD:
        return Stage.SUPPORT_LEAD
    return Stage.PRIMARY


def page_holder(
    session: Session, incident_id: int, actor: str, now: datetime, holder: Holder, why: str
) -> Step | None:
    """Page ``holder`` for the incident, unless they already hold its current page."""
    page = _page_in(session, incident_id)
    if page is not None and page.person is not None and page.person == holder.person:
        return None
    stage = _stage_for(holder)
    before = page.person if page is not None else None
    if holder.person is None:
        step = Step(stage, before, None, f"{why}; nobody can be paged: {holder.reason}")
    else:
        step = Step(stage, before, holder.person, f"{why}: paged {holder.name} ({holder.reason})")
    _record(session, incident_id, actor, now, step)
    return step


def closed_refusal(incident_id: int, status: Status) -> str:
    """Why nobody is paged for a closed incident, and what to do instead."""
    head = f"#{incident_id} is {status.value}: nobody is paged for a closed incident"
    if status is Status.REVIEWED:
        return (
            f"{head}, and a reviewed incident is final"
            " (open a new incident if the problem is back)."
        )
    return f"{head}. Reopen it first (c in the desk, or sophdesk status {incident_id} triaged)."


def escalate_to_lead(desk: Desk, incident_id: int, note: str | None = None) -> Step:
    """Page the support lead about the incident, with its flags as the reason.

    A closed (resolved or reviewed) incident is refused, saying why: its flags
    are gone and nobody is paged for it.
    """
    text = _clean_note(note)
    now = desk.clock()
    with desk.database.writing() as session:
        incident = repository.get_incident(session, incident_id)
        if not incident.status.is_open:
            raise InvalidInput(closed_refusal(incident_id, incident.status))
        text = desk.intake(session, incident_id).clean_optional(text)
        current = _views(desk, session, [incident_id], now)[0]
        matrix, _version = stored_matrix.current(session)
        kinds = ", ".join(dict.fromkeys(flag.kind.value for flag in current.flags))
        reasons = f"flagged: {kinds}" if kinds else "asked by the operator"
        if text:
            reasons = f"{text} ({reasons})"
        why = "escalated to the support lead"
        holder = lead_holder(matrix, now, why, desk.policy.hours.zone)
        page = current.page
        if (
            page is not None
            and page.stage is Stage.SUPPORT_LEAD
            and page.person is not None
            and page.person == holder.person
        ):
            raise InvalidInput(
                f"#{incident_id} is already with the support lead {page.person}"
                + (" (acknowledged)." if page.acknowledged else "; waiting for an acknowledgement.")
            )
        before = page.person if page is not None else None
        if holder.person is None:
            step = Step(Stage.SUPPORT_LEAD, before, None, f"{reasons}; {holder.reason}")
        else:
            step = Step(
                Stage.SUPPORT_LEAD, before, holder.person, f"paged {holder.name}: {reasons}"
            )
        _record(session, incident_id, desk.actor, now, step)
    return step
