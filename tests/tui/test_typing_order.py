"""Keys typed in one burst before Ctrl+S are saved: the priority key waits for them
(as they arrive over SSH, or pasted by tmux send-keys)."""

from __future__ import annotations

from pilot_testing import desk_app, settle, wait_for
from textual import events

from sophdesk.services.desk import Desk
from sophdesk.tui.screens.detail import DetailScreen
from sophdesk.tui.screens.fields import FieldsScreen


async def test_a_burst_of_keys_then_ctrl_s_saves_every_key(desk: Desk) -> None:
    incident = desk.new_incident("Checkout returns 500", "casa olivo")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FieldsScreen))
        await settle(pilot)
        # All at once, as a terminal delivers a fast burst: no pause between keys.
        for char in "Audit the upsell plugin":
            key = "space" if char == " " else char
            pilot.app.post_message(events.Key(key, char))
        pilot.app.post_message(events.Key("ctrl+s", None))
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, FieldsScreen))
        await wait_for(pilot, lambda: desk.incident(incident.id).impact is not None)
    assert desk.incident(incident.id).impact == "Audit the upsell plugin"


async def test_keys_after_tab_in_a_burst_land_in_the_next_field(desk: Desk) -> None:
    incident = desk.new_incident("Checkout returns 500", "casa olivo")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FieldsScreen))
        await settle(pilot)
        burst = [*"Card step fails", "tab", *"Pay by bank transfer", "ctrl+s"]
        for key in burst:
            char = key if len(key) == 1 else None
            name = "space" if key == " " else key
            pilot.app.post_message(events.Key(name, char))
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, FieldsScreen))
        await wait_for(pilot, lambda: desk.incident(incident.id).workaround is not None)
    saved = desk.incident(incident.id)
    assert (saved.impact, saved.workaround) == ("Card step fails", "Pay by bank transfer")


async def test_keys_after_enter_in_a_burst_land_in_the_next_field(desk: Desk) -> None:
    incident = desk.new_incident("Checkout returns 500", "casa olivo")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FieldsScreen))
        await settle(pilot)
        burst = [*"Card step fails", "enter", *"Pay by bank transfer", "ctrl+s"]
        for key in burst:
            char = key if len(key) == 1 else ("\r" if key == "enter" else None)
            name = "space" if key == " " else key
            pilot.app.post_message(events.Key(name, char))
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, FieldsScreen))
        await wait_for(pilot, lambda: desk.incident(incident.id).workaround is not None)
    saved = desk.incident(incident.id)
    assert (saved.impact, saved.workaround) == ("Card step fails", "Pay by bank transfer")
