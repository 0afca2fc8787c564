"""Every screen of the desk, full or dialog, is a DeskScreen: the app asks a
screen for its incident and its unsaved work, and every screen's failed worker
reaches the one error handler."""

from __future__ import annotations

import pytest
from pilot_testing import desk_app, notifications, settle, wait_for

from sophdesk.services.desk import Desk
from sophdesk.tui.screens.excerpt import ExcerptScreen
from sophdesk.tui.screens.redaction import RedactionScreen

BODY = "Checkout fails after the update.\nPHP Fatal error in class-gateway.php:88"


async def test_the_palette_preview_opens_on_the_incident_on_screen(desk: Desk) -> None:
    incident = desk.new_incident("Checkout fails", "acme", BODY)
    async with desk_app(desk).run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        pilot.app.open_incident(incident.id)
        await settle(pilot)
        pilot.app.action_redaction_preview()
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, RedactionScreen)
        assert screen.incident_id == incident.id
        assert screen.original.text == BODY


async def test_the_palette_preview_from_the_queue_is_an_empty_paste_area(desk: Desk) -> None:
    desk.new_incident("Checkout fails", "acme", BODY)
    async with desk_app(desk).run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        pilot.app.action_redaction_preview()
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, RedactionScreen)
        assert screen.incident_id is None
        assert screen.original.text == ""


async def test_a_dialogs_failed_worker_is_reported_and_the_desk_runs_on(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = desk.new_incident("Checkout fails", "acme", BODY)

    def broken(*_: object) -> tuple[str, str]:
        raise RuntimeError("the preview broke")

    monkeypatch.setattr("sophdesk.services.communication.excerpt_preview", broken)
    async with desk_app(desk).run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(ExcerptScreen(incident.id, BODY))
        wanted = "Unexpected error: RuntimeError: the preview broke."
        await wait_for(pilot, lambda: any(m.startswith(wanted) for m in notifications(pilot)))
        assert pilot.app.is_running
        assert isinstance(pilot.app.screen, ExcerptScreen)
