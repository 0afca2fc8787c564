"""Pages on a real database: routing pages the owner, acks stop the clock, sweeps move on."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from sophdesk.domain.assessment import parse_assessment
from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.escalation import FlagKind, Stage
from sophdesk.domain.incident import EventKind
from sophdesk.domain.matrix_toml import default_matrix_text
from sophdesk.domain.queue import QueueFilter
from sophdesk.domain.routing import Route, Signal
from sophdesk.services import escalation
from sophdesk.services.desk import Desk
from sophdesk.services.matrix import import_matrix
from sophdesk.services.routing import record_route
from sophdesk.services.triage import record_assessment

FRIDAY = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)

TEAM = """[people.ana]
name = "Ana Ruiz"
contact = "ana@example.com"
backup = "ben"

[people.ben]
name = "Ben Okafor"
contact = "ben@example.com"

[people.cara]
name = "Cara Diaz"
contact = "cara@example.com"

"""


class Clock:
    def __init__(self) -> None:
        self.now = FRIDAY

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **span: float) -> None:
        self.now += timedelta(**span)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def url(db_url: str) -> str:
    """SQLite, then PostgreSQL (see tests/conftest.py)."""
    return db_url


@pytest.fixture
def desk(url: str, clock: Clock) -> Iterator[Desk]:
    opened = Desk.open(url, "op", clock=clock)
    text = default_matrix_text().replace("[roles]\n", TEAM + "[roles]\n", 1)
    for role, person in (
        ("support_lead", "cara"),
        ("hosting_owner", "ana"),
        ("provider_owner", "ana"),
        ("codecanyon_owner", "ana"),
        ("rollback_owner", "cara"),
        ("comms_owner", "cara"),
        ("automation_owner", "ben"),
    ):
        text = text.replace(f'{role} = ""', f'{role} = "{person}"', 1)
    import_matrix(opened, text)
    try:
        yield opened
    finally:
        opened.close()


def assessed(desk: Desk, **answers: str) -> int:
    incident = desk.new_incident("Checkout broken", "shop.example")
    given = {
        "impact": "blocked",
        "visibility": "some",
        "revenue": "none",
        "privacy": "none",
        "data": "correct",
        "automation": "none",
    }
    given.update(answers)
    record_assessment(desk, incident.id, parse_assessment(given))
    return incident.id


def kinds(desk: Desk, incident_id: int) -> list[EventKind]:
    return [e.kind for e in desk.detail(incident_id).events]


def test_recording_a_route_pages_the_duty_holder(desk: Desk) -> None:
    incident_id = assessed(desk)  # SEV2
    record_route(desk, incident_id, [Signal.PHP_FATAL])
    view = escalation.view(desk, incident_id)
    assert view.page is not None
    assert (view.page.person, view.page.stage) == ("ana", Stage.PRIMARY)
    assert view.page.waiting
    assert kinds(desk, incident_id)[-2:] == [EventKind.ROUTED, EventKind.ESCALATED]
    # Routing again to the same holder does not page her twice.
    record_route(desk, incident_id, [Signal.SERVER_ERROR])
    assert kinds(desk, incident_id).count(EventKind.ESCALATED) == 1


def test_the_page_moves_to_the_backup_then_the_lead_each_step_an_event(
    desk: Desk, clock: Clock
) -> None:
    incident_id = assessed(desk)  # SEV2: 15 minutes
    record_route(desk, incident_id, [Signal.PHP_FATAL])
    clock.advance(minutes=14, seconds=59)
    assert escalation.sweep(desk) == []
    clock.advance(seconds=1)
    moved = escalation.sweep(desk)
    assert [(i, s.stage, s.person) for i, s in moved] == [(incident_id, Stage.BACKUP, "ben")]
    assert escalation.sweep(desk) == []  # recorded once
    clock.advance(minutes=15)
    moved = escalation.sweep(desk)
    assert [(s.stage, s.person) for _, s in moved] == [(Stage.SUPPORT_LEAD, "cara")]
    events = [e for e in desk.detail(incident_id).events if e.kind is EventKind.ESCALATED]
    assert [(e.field, e.before, e.after, e.actor) for e in events] == [
        ("primary", None, "ana", "op"),
        ("backup", "ana", "ben", escalation.SYSTEM_ACTOR),
        ("support_lead", "ben", "cara", escalation.SYSTEM_ACTOR),
    ]
    assert "no acknowledgement from Ben Okafor (ben) within 15 min" in (events[2].note or "")
    clock.advance(minutes=15)
    assert escalation.sweep(desk) == []  # the lead is the last rung ...
    view = escalation.view(desk, incident_id)
    assert FlagKind.ACKNOWLEDGEMENT in [f.kind for f in view.flags]  # ... and is flagged
    assert view.needs


def test_an_acknowledgement_stops_the_ladder(desk: Desk, clock: Clock) -> None:
    incident_id = assessed(desk)
    record_route(desk, incident_id, [Signal.PHP_FATAL])
    clock.advance(minutes=3)
    result = escalation.acknowledge(desk, incident_id, "on it")
    assert result.recorded
    assert result.page.acknowledged_by == "op"
    again = escalation.acknowledge(desk, incident_id)
    assert not again.recorded
    clock.advance(hours=3)
    assert escalation.sweep(desk) == []
    assert kinds(desk, incident_id).count(EventKind.ACKNOWLEDGED) == 1


def test_nothing_to_acknowledge_is_refused(desk: Desk) -> None:
    incident_id = assessed(desk)
    with pytest.raises(InvalidInput, match="no page to acknowledge"):
        escalation.acknowledge(desk, incident_id)


def test_two_desks_sweeping_at_once_record_each_step_once(
    desk: Desk, url: str, clock: Clock
) -> None:
    incident_id = assessed(desk)
    record_route(desk, incident_id, [Signal.PHP_FATAL])
    clock.advance(minutes=16)
    other = Desk.open(url, "op2", clock=clock)
    try:
        first = escalation.sweep(desk)
        second = escalation.sweep(other)
    finally:
        other.close()
    assert len(first) + len(second) == 1
    assert kinds(desk, incident_id).count(EventKind.ESCALATED) == 2


def test_needing_lists_flagged_incidents_with_reasons(desk: Desk) -> None:
    clear = assessed(desk)
    record_route(desk, clear, [Signal.PHP_FATAL])
    unknown = assessed(desk, privacy="unknown")
    unrouted = assessed(desk)
    record_route(desk, unrouted, [Signal.PHP_FATAL, Signal.PROVIDER_OUTAGE])  # unclear
    found = {v.incident.id: v for v in escalation.needing(desk)}
    assert set(found) == {unknown, unrouted}
    assert [f.kind for f in found[unknown].flags] == [FlagKind.SEVERITY]
    assert FlagKind.ROUTE in [f.kind for f in found[unrouted].flags]


def test_the_queue_filter_keeps_what_needing_keeps_in_queue_order(desk: Desk) -> None:
    clear = assessed(desk)
    record_route(desk, clear, [Signal.PHP_FATAL])
    assessed(desk, privacy="unknown")
    assessed(desk, impact="unknown")
    wanted = QueueFilter(needs_escalation=True)
    expected = [v.incident.id for v in escalation.needing(desk)]
    assert len(expected) == 2
    assert escalation.queue_ids(desk, wanted) == expected
    assert escalation.queue_ids(desk, replace(wanted, limit=1)) == expected[:1]
    assert clear in escalation.queue_ids(desk, QueueFilter())


def test_escalating_pages_the_lead_and_the_lead_acknowledging_clears_the_list(
    desk: Desk,
) -> None:
    incident_id = assessed(desk, data="unknown")
    step = escalation.escalate_to_lead(desk, incident_id, "need a decision")
    assert (step.stage, step.person) == (Stage.SUPPORT_LEAD, "cara")
    assert "need a decision" in step.reason
    assert "severity" in step.reason
    with pytest.raises(InvalidInput, match="already with the support lead"):
        escalation.escalate_to_lead(desk, incident_id)
    assert [v.incident.id for v in escalation.needing(desk)] == [incident_id]
    escalation.acknowledge(desk, incident_id)
    assert escalation.needing(desk) == []
    # The flag is still shown on the incident: only the list is cleared.
    assert escalation.view(desk, incident_id).flags


def test_an_override_route_is_recorded_with_its_reason(desk: Desk) -> None:
    incident_id = assessed(desk)
    decision, holder = record_route(
        desk, incident_id, [Signal.PHP_FATAL], Route.PROVIDER, "auth errors in the log"
    )
    assert decision.route is Route.PROVIDER
    assert decision.overridden_from is Route.HOSTING
    routed = [e for e in desk.detail(incident_id).events if e.kind is EventKind.ROUTED][-1]
    assert routed.after == "provider"
    assert "auth errors in the log" in (routed.note or "")
    assert holder.person == "ana"
