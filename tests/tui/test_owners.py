"""The owner lookup pane: who holds each duty now, and why."""

from __future__ import annotations

from desk_testing import team_matrix
from pilot_testing import desk_app, screen_text, settle

from sophdesk.services import matrix
from sophdesk.services.desk import Desk
from sophdesk.tui.screens.owners import OwnerScreen


async def test_owner_pane_shows_backup_support_lead_and_reasons(desk: Desk) -> None:
    matrix.import_matrix(desk, team_matrix())
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, OwnerScreen)
        text = screen_text(pilot)
        assert "contact hosting         Ben Okafor (backup)" in text
        assert "pause workflows         Ben Okafor (support lead)" in text
        await pilot.press("down")  # contact hosting
        await settle(pilot)
        text = screen_text(pilot)
        assert "who is away until 2026-12-30 00:00 UTC" in text
        assert "+00:00" not in text
        await pilot.press("3")
        await settle(pilot)
        assert "[SEV3]" in screen_text(pilot)
        await pilot.press("slash", *"ana")
        await settle(pilot)
        assert [d.value for d in screen.shown] == ["contact_hosting"]
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, OwnerScreen)


async def test_an_unfilled_matrix_says_nobody_holds_it(desk: Desk) -> None:
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        text = screen_text(pilot)
        assert text.count("NOBODY: escalate") >= 6
