"""Two desks on one incident: a change based on the version on screen is refused
when another desk changed it meanwhile, and the conflict screen shows both."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from desk_testing import frozen_clock
from pilot_testing import desk_app, notifications, screen_text, settle, type_text, wait_for
from textual.pilot import Pilot
from textual.widgets import Input

from sophdesk.domain.communication import IncidentEdit
from sophdesk.domain.incident import EventKind
from sophdesk.domain.lifecycle import Status
from sophdesk.services.communication import edit_incident
from sophdesk.services.desk import Desk
from sophdesk.tui.screens.conflict import ConflictScreen
from sophdesk.tui.screens.detail import DetailScreen
from sophdesk.tui.screens.fields import FieldsScreen
from sophdesk.tui.screens.status_change import StatusChangeScreen

MINE = "Card payments fail for every shopper"
THEIRS = "Slow for everyone [bold]not bold[/bold]"


@pytest.fixture
def other(db_url: str) -> Iterator[Desk]:
    """A second operator's desk on the same database."""
    opened = Desk.open(db_url, "ben", clock=frozen_clock)
    yield opened
    opened.close()


def messages(pilot: Pilot) -> str:
    return "\n".join(m for m in notifications(pilot))


async def open_detail(pilot: Pilot) -> DetailScreen:
    await settle(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
    screen = pilot.app.screen
    assert isinstance(screen, DetailScreen)
    await wait_for(pilot, lambda: screen.detail is not None)
    return screen


async def stale_edit(pilot: Pilot, desk: Desk, other: Desk, incident_id: int) -> ConflictScreen:
    """Open the form, type an impact, let the other desk save first, then save."""
    await open_detail(pilot)
    await pilot.press("f")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, FieldsScreen))
    await type_text(pilot, MINE)  # the form focuses the first empty field: impact
    # Behind the desk's back: the second operator saves first.
    edit_incident(other, incident_id, IncidentEdit(impact=THEIRS, owner="Ben Okafor"))
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConflictScreen))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ConflictScreen)
    return screen


async def test_a_stale_edit_shows_both_values_and_merge_keeps_both_words(
    desk: Desk, other: Desk
) -> None:
    incident = desk.new_incident("Checkout returns 500", "casa olivo")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        conflict = await stale_edit(pilot, desk, other, incident.id)
        text = screen_text(pilot)
        assert "was changed by another desk meanwhile" in text
        assert "based on version 1; it is now version 2" in text
        assert f"yours: {MINE}" in text
        assert f"now:   {THEIRS}" in text  # markup shown literally
        assert "the other desk changed it too" in text
        assert "ben  edit impact" in text
        shown = {b.key for _, b, _, _ in conflict.active_bindings.values() if b.show}
        assert {"m", "r", "escape"} <= shown  # all in the footer
        assert desk.incident(incident.id).impact == THEIRS  # nothing was written

        await pilot.press("m")
        await wait_for(pilot, lambda: desk.incident(incident.id).impact == MINE)
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
        assert "saved impact summary" in messages(pilot)

    after = desk.detail(incident.id)
    assert after.incident.owner == "Ben Okafor"  # a field only they changed is theirs
    assert after.incident.version == 3
    impact_edits = [
        (e.actor, e.after) for e in after.events if e.kind is EventKind.EDIT and e.field == "impact"
    ]
    assert impact_edits == [("ben", THEIRS), ("tester", MINE)]


async def test_retry_reopens_the_form_on_the_new_version_with_your_values(
    desk: Desk, other: Desk
) -> None:
    incident = desk.new_incident("Checkout returns 500", "casa olivo")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await stale_edit(pilot, desk, other, incident.id)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FieldsScreen))
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, FieldsScreen)
        assert form.incident.version == 2  # the version now, not the one first shown
        assert form.query_one("#field-impact", Input).value == MINE  # nothing typed is lost
        assert form.query_one("#field-owner", Input).value == "Ben Okafor"
        assert "Your values are filled in again" in screen_text(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: desk.incident(incident.id).impact == MINE)
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
    assert desk.incident(incident.id).version == 3
    assert desk.incident(incident.id).owner == "Ben Okafor"


async def test_cancel_keeps_your_values_until_you_say_otherwise(desk: Desk, other: Desk) -> None:
    incident = desk.new_incident("Checkout returns 500", "casa olivo")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await stale_edit(pilot, desk, other, incident.id)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
        await settle(pilot)
        assert "Your values (impact summary) are kept: f reopens" in messages(pilot)
        kept = "Not saved (another desk changed it first): your edit (impact summary)"
        assert kept in screen_text(pilot)  # said on the screen for as long as it lasts
        assert desk.incident(incident.id).impact == THEIRS
        # Leaving the incident warns first; the values are still there.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
        assert "Esc again leaves and discards it" in messages(pilot)
        # So does quitting.
        await pilot.press("q")
        await settle(pilot)
        assert pilot.app.is_running
        assert "Not quitting yet: your edit (impact summary) of #" in messages(pilot)
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FieldsScreen))
        form = pilot.app.screen
        assert isinstance(form, FieldsScreen)
        assert form.query_one("#field-impact", Input).value == MINE
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: desk.incident(incident.id).impact == MINE)
        await settle(pilot)
        assert kept not in screen_text(pilot)


async def test_a_stale_status_change_merges_when_the_move_is_still_allowed(
    desk: Desk, other: Desk
) -> None:
    incident = desk.new_incident("Checkout returns 500", "casa olivo")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, StatusChangeScreen))
        other.change_status(incident.id, Status.TRIAGED, note="ben's words")
        await pilot.press("down", "tab", *"paging the host", "enter")  # escalated, a note
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConflictScreen))
        await settle(pilot)
        text = screen_text(pilot)
        assert "yours: escalated" in text
        assert "now:   triaged" in text
        assert "status new -> triaged" in text
        assert desk.incident(incident.id).status is Status.TRIAGED
        await pilot.press("m")
        await wait_for(pilot, lambda: desk.incident(incident.id).status is Status.ESCALATED)
    notes = [(e.actor, e.note) for e in desk.detail(incident.id).events if e.field == "status"]
    assert notes == [("ben", "ben's words"), ("tester", "paging the host")]


async def test_a_status_merge_that_is_no_longer_allowed_says_why_and_retry_offers_it_again(
    desk: Desk, other: Desk
) -> None:
    incident = desk.new_incident("Checkout returns 500", "casa olivo")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, StatusChangeScreen))
        other.change_status(incident.id, Status.TRIAGED)
        await pilot.press("tab", *"my note", "enter")  # triaged, as the other desk did
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConflictScreen))
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConflictScreen)  # still deciding
        assert "Merge not possible: the incident is already triaged" in messages(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, StatusChangeScreen))
        await settle(pilot)
        again = pilot.app.screen
        assert isinstance(again, StatusChangeScreen)
        assert again.current is Status.TRIAGED
        assert again.query_one("#note", Input).value == "my note"
    assert desk.incident(incident.id).version == 2
