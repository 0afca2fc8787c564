"""Escalation in the detail view: the page, the flags, a to acknowledge, e to escalate."""

from __future__ import annotations

from desk_testing import team_matrix
from pilot_testing import desk_app, notifications, screen_text, settle, wait_for

from sophdesk.domain.assessment import parse_assessment
from sophdesk.domain.incident import EventKind
from sophdesk.domain.routing import Signal
from sophdesk.services import matrix
from sophdesk.services.desk import Desk
from sophdesk.services.routing import record_route
from sophdesk.services.triage import record_assessment
from sophdesk.tui.screens.detail import DetailScreen

SOME_BLOCKED = {
    "impact": "blocked",
    "visibility": "some",
    "revenue": "none",
    "privacy": "none",
    "data": "correct",
    "automation": "none",
}


def kinds(desk: Desk, incident_id: int) -> list[EventKind]:
    return [e.kind for e in desk.detail(incident_id).events]


async def open_detail(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
    await wait_for(pilot, lambda: pilot.app.screen.detail is not None)
    await settle(pilot)


async def test_the_page_is_shown_and_a_acknowledges_it(desk: Desk) -> None:
    matrix.import_matrix(desk, team_matrix())
    incident = desk.new_incident("Checkout 500", "acme.shop")
    record_assessment(desk, incident.id, parse_assessment(SOME_BLOCKED))
    record_route(desk, incident.id, [Signal.PHP_FATAL])
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)
        text = screen_text(pilot)
        assert "Route      hosting" in text
        assert "ben (backup) paged" in text  # Ana, the hosting owner, is away
        assert "not acknowledged" in text
        await pilot.press("a")
        await wait_for(pilot, lambda: EventKind.ACKNOWLEDGED in kinds(desk, incident.id))
        await wait_for(pilot, lambda: "acknowledged by" in screen_text(pilot))
    assert kinds(desk, incident.id).count(EventKind.ACKNOWLEDGED) == 1


async def test_flags_are_listed_and_e_pages_the_support_lead(desk: Desk) -> None:
    matrix.import_matrix(desk, team_matrix())
    incident = desk.new_incident("Checkout 500", "acme.shop")
    record_assessment(desk, incident.id, parse_assessment({**SOME_BLOCKED, "privacy": "unknown"}))
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)
        text = screen_text(pilot)
        assert "Escalate to the support lead (e):" in text
        assert "severity unclear: the assessment left privacy unknown" in text
        await pilot.press("e")
        await wait_for(pilot, lambda: EventKind.ESCALATED in kinds(desk, incident.id))
        await wait_for(pilot, lambda: "(support lead) paged" in screen_text(pilot))
    paged = [e for e in desk.detail(incident.id).events if e.kind is EventKind.ESCALATED]
    assert [(e.field, e.after) for e in paged] == [("support_lead", "ben")]


async def test_acknowledging_with_no_page_says_so_and_records_nothing(desk: Desk) -> None:
    incident = desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)
        assert "nobody paged" in screen_text(pilot)
        await pilot.press("a")
        await settle(pilot)
        wanted = f"#{incident.id} has no page to acknowledge: nobody was paged."
        await wait_for(pilot, lambda: wanted in notifications(pilot))
    assert kinds(desk, incident.id) == [EventKind.CREATED]


async def test_a_raw_description_says_so(desk: Desk) -> None:
    desk.new_incident("Checkout 500", "acme.shop", "token sk-ant-api03-abc", keep_raw=True)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)
        assert "Description (kept RAW" in screen_text(pilot)


async def test_the_queue_marks_incidents_flagged_for_the_support_lead(desk: Desk) -> None:
    from sophdesk.tui.screens.queue import QueueScreen

    matrix.import_matrix(desk, team_matrix())
    unclear = desk.new_incident("Checkout 500", "acme.shop")
    record_assessment(desk, unclear.id, parse_assessment({**SOME_BLOCKED, "privacy": "unknown"}))
    fresh = desk.new_incident("Typo in a notice", "kobo.coffee")  # not assessed: triage first
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, QueueScreen)
        await wait_for(pilot, lambda: screen.table.flagged(unclear.id))
        assert not screen.table.flagged(fresh.id)
        line = next(row for row in screen_text(pilot).splitlines() if "Checkout 500" in row)
        assert line.lstrip("\u25b6 ").startswith("!")
        await settle(pilot)
        assert "! escalate" in screen_text(pilot).splitlines()[1]  # the legend says what ! is


async def test_e_on_a_resolved_incident_says_why_nobody_is_paged(desk: Desk) -> None:
    from sophdesk.domain.lifecycle import Status

    matrix.import_matrix(desk, team_matrix())
    incident = desk.new_incident("Checkout 500", "acme.shop")
    record_assessment(desk, incident.id, parse_assessment({**SOME_BLOCKED, "privacy": "unknown"}))
    desk.change_status(incident.id, Status.RESOLVED, "fixed upstream")
    before = kinds(desk, incident.id)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.app.push_screen(DetailScreen(incident.id))
        await wait_for(pilot, lambda: pilot.app.screen.detail is not None)
        await pilot.press("e")
        wanted = (
            f"#{incident.id} is resolved: nobody is paged for a closed incident."
            f" Reopen it first (c in the desk, or sophdesk status {incident.id} triaged)."
        )
        await wait_for(pilot, lambda: wanted in notifications(pilot))
    assert kinds(desk, incident.id) == before
