"""Routing from the incident: tick signals, see the route and owner, record it."""

from __future__ import annotations

from desk_testing import team_matrix
from pilot_testing import desk_app, notifications, screen_text, settle, type_text, wait_for
from textual.pilot import Pilot

from sophdesk.domain.incident import EventKind
from sophdesk.domain.routing import Route
from sophdesk.services import matrix
from sophdesk.services.desk import Desk
from sophdesk.tui.screens.route import RouteScreen


async def test_route_from_signals_is_previewed_and_recorded(desk: Desk) -> None:
    matrix.import_matrix(desk, team_matrix())
    incident = desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, RouteScreen))
        await settle(pilot)
        assert "Next response goes to: unclear" in screen_text(pilot)
        # The hosting signals come after the four provider ones: php_fatal is 5th.
        await pilot.press("down", "down", "down", "down", "space")
        await settle(pilot)
        text = screen_text(pilot)
        assert "Next response goes to: hosting" in text
        assert "Ben Okafor" in text  # Ana, the hosting owner, is away
        await pilot.press("home", "space")  # provider_auth_error too: a conflict
        await settle(pilot)
        assert "Next response goes to: unclear" in screen_text(pilot)
        await pilot.press("space", "ctrl+s")  # back to hosting only, recorded
        await settle(pilot)
    routed = [e for e in desk.detail(incident.id).events if e.kind is EventKind.ROUTED]
    assert [e.after for e in routed] == ["hosting"]
    assert routed[0].note is not None
    assert "php_fatal" in routed[0].note
    assert "Ben Okafor" in routed[0].note


async def open_route(pilot: Pilot[None]) -> RouteScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("g")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, RouteScreen))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RouteScreen)
    return screen


def notices(pilot: Pilot[None]) -> str:
    return "\n".join(m for m in notifications(pilot))


async def test_override_needs_a_reason_and_is_recorded_with_it(desk: Desk) -> None:
    matrix.import_matrix(desk, team_matrix())
    incident = desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_route(pilot)
        await pilot.press("down", "down", "down", "down", "space")  # php_fatal: hosting
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "Override to" in screen_text(pilot)
        await pilot.press("enter", "down", "enter")  # the first other route: provider
        await settle(pilot)
        text = screen_text(pilot)
        assert "OVERRIDDEN from hosting to provider" in text
        assert "Reason: (required)" in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Refused in the screen: nothing recorded, the choice is still there.
        assert pilot.app.screen is screen
        assert "needs a written reason" in screen_text(pilot)
        assert screen.override() is not None
        assert not [e for e in desk.detail(incident.id).events if e.kind is EventKind.ROUTED]
        # The focus is on the reason: type it (markup stays literal) and record.
        await type_text(pilot, "[b]vendor[/b] confirmed a 429 storm")
        await settle(pilot)
        assert "Reason: [b]vendor[/b] confirmed a 429 storm" in screen_text(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, RouteScreen)
        assert "routed to provider (overridden from hosting)" in notices(pilot)
        assert "contact Ben Okafor (+34 600 000 000): paged" in notices(pilot)
    events = desk.detail(incident.id).events
    routed = [e for e in events if e.kind is EventKind.ROUTED]
    assert [e.after for e in routed] == ["provider"]
    assert routed[0].note is not None
    assert "Overridden from hosting to provider" in routed[0].note
    assert "[b]vendor[/b] confirmed a 429 storm" in routed[0].note
    paged = [e for e in events if e.kind is EventKind.ESCALATED]
    assert [e.after for e in paged] == ["ben"]


async def test_closing_the_override_records_the_computed_route(desk: Desk) -> None:
    incident = desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_route(pilot)
        await pilot.press("ctrl+o", "enter", "down", "enter")  # override unclear to hosting
        await settle(pilot)
        assert "OVERRIDDEN from unclear to hosting" in screen_text(pilot)
        await pilot.press("ctrl+o")  # closed again: no override
        await settle(pilot)
        assert "OVERRIDDEN" not in screen_text(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The shipped matrix has nobody in any role.
        assert "routed to unclear; nobody to page: escalate (e)." in notices(pilot)
    routed = [e for e in desk.detail(incident.id).events if e.kind is EventKind.ROUTED]
    assert [e.after for e in routed] == ["unclear"]


async def test_a_reason_without_a_route_is_refused(desk: Desk) -> None:
    incident = desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_route(pilot)
        await pilot.press("ctrl+o", "tab")
        await type_text(pilot, "just in case")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert "no route is chosen" in screen_text(pilot)
    assert not [e for e in desk.detail(incident.id).events if e.kind is EventKind.ROUTED]


async def test_the_override_choices_leave_out_the_computed_route(desk: Desk) -> None:
    desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_route(pilot)
        await pilot.press("ctrl+o", "enter", "down", "enter")  # hosting (unclear left out)
        await settle(pilot)
        assert screen.override() is Route.HOSTING
        screen.query_one("#signals").focus()
        await pilot.press("home", "down", "down", "down", "down", "space")  # php_fatal
        await settle(pilot)
        # The signals now point where the override did: nothing to override.
        assert screen.override() is None
        text = screen_text(pilot)
        assert "Next response goes to: hosting" in text
        assert "no override needed" in text
