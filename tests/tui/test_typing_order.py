"""Keys typed in one burst are handled in order: Ctrl+S waits for the keys before
it, and keys after Tab or Enter go to the next field (as keys arrive over a laggy
SSH link, or from tmux send-keys)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from pilot_testing import desk_app, settle, wait_for
from textual import events
from textual.pilot import Pilot

from sophdesk.services.desk import Desk
from sophdesk.tui.screens.detail import DetailScreen
from sophdesk.tui.screens.fields import FieldsScreen

CHARS = {"enter": "\r", "tab": "\t"}


async def burst_into_the_fields_form(pilot: Pilot, keys: Sequence[str]) -> None:
    """Open the first incident's fields form, then post ``keys`` all at once, as a
    terminal delivers a fast burst: no pause between them."""
    await settle(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
    await pilot.press("f")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, FieldsScreen))
    await settle(pilot)
    for key in keys:
        char = key if len(key) == 1 else CHARS.get(key)
        pilot.app.post_message(events.Key("space" if key == " " else key, char))
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, FieldsScreen))


async def test_a_burst_of_keys_then_ctrl_s_saves_every_key(desk: Desk) -> None:
    incident = desk.new_incident("Checkout returns 500", "casa olivo")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await burst_into_the_fields_form(pilot, [*"Audit the upsell plugin", "ctrl+s"])
        await wait_for(pilot, lambda: desk.incident(incident.id).impact is not None)
    assert desk.incident(incident.id).impact == "Audit the upsell plugin"


@pytest.mark.parametrize("next_field", ["tab", "enter"])
async def test_keys_after_tab_or_enter_in_a_burst_land_in_the_next_field(
    desk: Desk, next_field: str
) -> None:
    incident = desk.new_incident("Checkout returns 500", "casa olivo")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        keys = [*"Card step fails", next_field, *"Pay by bank transfer", "ctrl+s"]
        await burst_into_the_fields_form(pilot, keys)
        await wait_for(pilot, lambda: desk.incident(incident.id).workaround is not None)
    saved = desk.incident(incident.id)
    assert (saved.impact, saved.workaround) == ("Card step fails", "Pay by bank transfer")
