"""The wizard at 80x24: every step scrolls with keys the footer shows, and step 3
shows the due times it sets without scrolling or Tab."""

from __future__ import annotations

from pilot_testing import desk_app, screen_text, settle, wait_for
from textual.containers import VerticalScroll
from wizard_testing import EVIDENCE, answer, open_wizard, type_evidence

from sophdesk.services.desk import Desk
from sophdesk.tui.screens.wizard import TriageWizard

#: Every answer unknown: the longest rationale there is.
ALL_UNKNOWN = [3, 3, 3, 3, 3, 3]
FIRST_RESPONSE = "first response within 15 min, due 2026-11-27 16:45 UTC"
LAST_LINE = "Ctrl+S records this assessment."


def step_scroll(wizard: TriageWizard) -> VerticalScroll:
    return wizard.query_one(f"#{wizard.state.step}", VerticalScroll)


async def test_step_three_shows_the_first_response_due_at_once_and_scrolls(desk: Desk) -> None:
    desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await type_evidence(pilot, EVIDENCE)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await answer(pilot, ALL_UNKNOWN)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert wizard.state.step == "summary"
        text = screen_text(pilot)
        assert FIRST_RESPONSE in text  # on screen, not only in the widget
        assert "PgDn" in text  # the footer shows how to read on
        assert LAST_LINE not in text
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: step_scroll(wizard).scroll_y > 0)
        await pilot.press("end")
        await wait_for(pilot, lambda: LAST_LINE in screen_text(pilot))
        await pilot.press("home")
        await wait_for(pilot, lambda: FIRST_RESPONSE in screen_text(pilot))
        await pilot.press("down")
        await wait_for(pilot, lambda: step_scroll(wizard).scroll_y == 1)


async def test_the_questions_step_scrolls_with_page_down(desk: Desk) -> None:
    desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await type_evidence(pilot, EVIDENCE)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert wizard.state.step == "questions"
        assert "Is a SophMate automation involved" not in screen_text(pilot)
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: step_scroll(wizard).scroll_y > 0)
        await pilot.press("pageup")
        await wait_for(pilot, lambda: step_scroll(wizard).scroll_y == 0)


async def test_the_evidence_step_scrolls_with_page_down_from_a_text_area(desk: Desk) -> None:
    desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await type_evidence(pilot, EVIDENCE[:6])  # the focus is in the steps (a text area)
        before = step_scroll(wizard).scroll_y
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: step_scroll(wizard).scroll_y > before)
