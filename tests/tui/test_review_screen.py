"""The review checklists: shown on the detail view, run with w, asked for on resolve."""

from __future__ import annotations

import pytest
from keyring_testing import FAIL_BACKEND
from pilot_testing import desk_app, notifications, screen_text, settle, wait_for
from textual.pilot import Pilot
from textual.widgets import SelectionList

from sophdesk.domain.incident import EventKind
from sophdesk.domain.lifecycle import Status, allowed_moves
from sophdesk.domain.review import Stage
from sophdesk.services.desk import Desk
from sophdesk.tui.screens.detail import DetailScreen
from sophdesk.tui.screens.pick import PickScreen
from sophdesk.tui.screens.review import ReviewScreen


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)


def reviews(desk: Desk, incident_id: int) -> list[tuple[str | None, str | None]]:
    events = desk.detail(incident_id).events
    return [(e.field, e.after) for e in events if e.kind is EventKind.REVIEW]


async def open_detail(pilot: Pilot, incident_id: int | None = None) -> DetailScreen:
    await settle(pilot)
    if incident_id is None:
        await pilot.press("enter")
    else:  # not in the open queue: as from the palette
        pilot.app.open_incident(incident_id)  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
    screen = pilot.app.screen
    assert isinstance(screen, DetailScreen)
    await wait_for(pilot, lambda: screen.detail is not None)
    await settle(pilot)
    return screen


async def review_screen(pilot: Pilot, stage: Stage) -> ReviewScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    assert screen.stage is stage
    await wait_for(pilot, lambda: screen.checks is not None)
    await settle(pilot)
    return screen


async def move_to(pilot: Pilot, current: Status, wanted: Status) -> None:
    """c on the open screen, then the wanted status from the allowed moves."""
    await pilot.press("c")
    await settle(pilot)
    await pilot.press(*["down"] * allowed_moves(current).index(wanted), "enter")
    await settle(pilot)


async def test_the_detail_view_lists_the_three_reviews_with_their_state(desk: Desk) -> None:
    incident = desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(100, 40)) as pilot:
        await open_detail(pilot)
        text = screen_text(pilot)
        assert "Reviews (w)" in text
        for stage in Stage:
            assert f"{stage.label:<24}not done" in text
    assert reviews(desk, incident.id) == []


async def test_w_runs_a_review_with_pre_ticks_and_records_it(desk: Desk) -> None:
    incident = desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(100, 40)) as pilot:
        await open_detail(pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PickScreen))
        await pilot.press("enter")  # "when reported": the first not done
        screen = await review_screen(pilot, Stage.REPORTED)
        items = screen.query_one("#items", SelectionList)
        # Nothing is known yet: no evidence, not assessed, no owner; nothing pre-ticked.
        assert items.selected == []
        text = screen_text(pilot)
        assert "Evidence preserved before any retry" in text
        assert "Why not suggested: evidence missing" in text
        await pilot.press("space")  # confirm the first item only
        await settle(pilot)
        assert items.selected == ["evidence_preserved"]
        assert "1/3 confirmed: Ctrl+S records it as incomplete." in screen_text(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
        await wait_for(pilot, lambda: "incomplete (" in screen_text(pilot))
    assert reviews(desk, incident.id) == [("reported", "incomplete")]
    (event,) = [e for e in desk.detail(incident.id).events if e.kind is EventKind.REVIEW]
    assert event.note is not None
    assert "confirmed: evidence_preserved" in event.note


async def test_escape_leaves_the_review_without_recording(desk: Desk) -> None:
    incident = desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PickScreen))
        await pilot.press("down", "enter")
        await review_screen(pilot, Stage.BEFORE_CONTACT)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
    assert reviews(desk, incident.id) == []


async def test_resolving_asks_for_the_after_recovery_review(desk: Desk) -> None:
    incident = desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)
        await move_to(pilot, Status.NEW, Status.RESOLVED)
        await review_screen(pilot, Stage.AFTER_RECOVERY)
        assert "review after recovery (the incident is resolved)" in screen_text(pilot)
        assert desk.incident(incident.id).status is Status.RESOLVED
        await pilot.press("ctrl+t", "ctrl+s")  # tick all, record
        await wait_for(pilot, lambda: reviews(desk, incident.id) != [])
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
        await wait_for(pilot, lambda: "after recovery          complete" in screen_text(pilot))
        # Now reviewed is allowed.
        await move_to(pilot, Status.RESOLVED, Status.REVIEWED)
        await wait_for(pilot, lambda: desk.incident(incident.id).status is Status.REVIEWED)
    assert reviews(desk, incident.id) == [("after_recovery", "complete")]


async def test_reviewed_without_the_after_recovery_review_is_refused(desk: Desk) -> None:
    incident = desk.new_incident("Checkout 500", "acme.shop")
    desk.change_status(incident.id, Status.RESOLVED)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, incident.id)
        await move_to(pilot, Status.RESOLVED, Status.REVIEWED)

        def refused() -> bool:
            return any(
                "cannot move to reviewed before its after-recovery review" in m
                and "w on the incident" in m
                for m in notifications(pilot)
            )

        await wait_for(pilot, refused)
    assert desk.incident(incident.id).status is Status.RESOLVED
