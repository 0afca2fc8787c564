"""A bracketed paste lands once, in every field that takes one.

A terminal sends a paste as ``ESC [200~ text ESC [201~``; Textual's driver turns
that into one :class:`~textual.events.Paste` posted to the app, which hands it to
the focused widget. The tests post the same event the same way.
"""

from __future__ import annotations

import pytest
from pilot_testing import desk_app, screen_text, settle, wait_for
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from sophdesk.domain.queue import QueueFilter
from sophdesk.services.desk import Desk
from sophdesk.tui.screens.compose import ComposeScreen
from sophdesk.tui.screens.detail import DetailScreen
from sophdesk.tui.screens.fields import FieldsScreen
from sophdesk.tui.screens.new_incident import NewIncidentScreen

EMAIL = (
    "From: shop owner\n"
    "Subject: checkout broken\n"
    "\n"
    "Since this morning every card payment ends in a 500.\n"
    "Thanks, the shop\n"
)
FORM_FIELDS = ("impact", "workaround", "owner", "follow_up")


def field_text(widget: Input | TextArea) -> str:
    return widget.value if isinstance(widget, Input) else widget.text


async def paste(pilot: Pilot, text: str) -> Input | TextArea:
    """Paste ``text`` as the terminal does; return the focused field once it changed."""
    field = pilot.app.focused
    assert isinstance(field, Input | TextArea)
    before = field_text(field)
    pilot.app.post_message(events.Paste(text))
    await wait_for(pilot, lambda: field_text(field) != before)
    await settle(pilot)
    return field


async def open_new_incident(pilot: Pilot) -> NewIncidentScreen:
    await settle(pilot)
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, NewIncidentScreen))
    screen = pilot.app.screen
    assert isinstance(screen, NewIncidentScreen)
    return screen


@pytest.mark.parametrize(
    ("field", "tabs", "text"),
    [
        ("title", 0, "Checkout 500"),
        ("customer", 1, "brightkettle.shop"),
        ("body", 2, EMAIL),
    ],
)
async def test_a_paste_into_the_new_incident_form_lands_once(
    desk: Desk, field: str, tabs: int, text: str
) -> None:
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_new_incident(pilot)
        await pilot.press(*["tab"] * tabs)
        assert pilot.app.focused is screen.query_one(f"#{field}")
        pasted = await paste(pilot, text)
        assert field_text(pasted) == text


async def test_pasted_title_and_customer_are_saved_once(desk: Desk) -> None:
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_new_incident(pilot)
        await pilot.press(*"Checkout ")
        await paste(pilot, "500")
        await pilot.press("tab")
        await paste(pilot, "brightkettle.shop")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: bool(desk.listing(QueueFilter())))
    [saved] = desk.listing(QueueFilter())
    assert (saved.title, saved.customer) == ("Checkout 500", "brightkettle.shop")


async def test_a_title_paste_beyond_the_limit_is_refused_with_a_message(desk: Desk) -> None:
    async with desk_app(desk).run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_new_incident(pilot)
        await pilot.press(*"Kept")
        pilot.app.post_message(events.Paste("x" * 5000))
        await wait_for(pilot, lambda: "Paste refused" in screen_text(pilot))
        assert screen.query_one("#title", Input).value == "Kept"


async def open_fields_form(pilot: Pilot, field: str) -> FieldsScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, FieldsScreen))
    screen = pilot.app.screen
    assert isinstance(screen, FieldsScreen)
    await settle(pilot)
    screen.query_one(f"#field-{field}", Input).focus()
    await settle(pilot)
    return screen


@pytest.mark.parametrize("field", FORM_FIELDS)
async def test_a_paste_into_the_fields_form_lands_once(desk: Desk, field: str) -> None:
    desk.new_incident("Checkout returns 500", "casa olivo")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
        await pilot.press("f")
        await open_fields_form(pilot, field)
        pasted = await paste(pilot, "Card payments fail")
        assert field_text(pasted) == "Card payments fail"


@pytest.mark.parametrize("field", FORM_FIELDS)
async def test_a_paste_into_the_composers_fields_form_lands_once(desk: Desk, field: str) -> None:
    desk.new_incident("Checkout returns 500", "casa olivo")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ComposeScreen))
        await settle(pilot)
        await pilot.press("ctrl+f")
        await open_fields_form(pilot, field)
        pasted = await paste(pilot, "Pay by bank transfer")
        assert field_text(pasted) == "Pay by bank transfer"
