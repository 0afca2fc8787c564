"""Routing from the incident: tick signals, see the route and owner, record it."""

from __future__ import annotations

from desk_testing import team_matrix
from pilot_testing import desk_app, screen_text, settle, wait_for

from sophdesk.domain.incident import EventKind
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
