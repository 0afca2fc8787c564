"""Log excerpts from the desk (``l`` on an incident): choose the lines around an
error, see them redacted, save; more than 50 lines is refused, saying why."""

from __future__ import annotations

import pytest
from keyring_testing import FAIL_BACKEND
from pilot_testing import desk_app, screen_text, settle, wait_for
from textual import events
from textual.pilot import Pilot
from textual.widgets import Static

from sophdesk.services.communication import excerpts
from sophdesk.services.desk import Desk
from sophdesk.tui.screens.detail import DetailScreen
from sophdesk.tui.screens.excerpt import ExcerptScreen

KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD"
LOG = "\n".join(
    [f"12:00:{n:02d} INFO request {n} ok" for n in range(20)]
    + [f"12:00:20 ERROR provider 401 with Authorization: Bearer {KEY}"]
    + [f"12:00:{n:02d} INFO retry {n}" for n in range(21, 40)]
)


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)


async def open_dialog(pilot: Pilot) -> ExcerptScreen:
    await settle(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
    await wait_for(pilot, lambda: pilot.app.screen.detail is not None)  # type: ignore[attr-defined]
    # The key is in the footer (which may paint after the detail on a busy machine).
    await wait_for(pilot, lambda: "l Excerpt" in screen_text(pilot))
    await pilot.press("l")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ExcerptScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ExcerptScreen)
    await settle(pilot)
    return screen


async def test_the_lines_around_the_error_are_saved_redacted(desk: Desk) -> None:
    incident = desk.new_incident("Provider 401", "acme.shop", LOG, keep_raw=True)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot)
        # Offered: five lines either side of the error (lines 16-26).
        await wait_for(pilot, lambda: "Lines 16-26: 11 of at most 50" in screen_text(pilot))
        await wait_for(pilot, lambda: "Bearer [" in screen_text(pilot))  # the preview
        assert KEY not in screen_text(pilot).replace("\n", "")
        await pilot.press("tab", *"the 401 from the provider", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
        await wait_for(pilot, lambda: len(excerpts(desk, incident.id)) == 1)
        # The detail view lists it (below the description), redacted.
        shown = pilot.app.screen.query_one("#excerpts", Static)
        await wait_for(pilot, lambda: "the 401 from the provider" in str(shown.render()))
        assert "Bearer [" in str(shown.render())
        assert KEY not in str(shown.render())
    (saved,) = excerpts(desk, incident.id)
    assert saved.label == "the 401 from the provider"
    assert saved.line_count == 11
    assert KEY not in saved.text
    assert "ERROR provider 401 with Authorization: Bearer [" in saved.text
    assert saved.text.startswith("12:00:15 INFO request 15 ok")


async def test_start_and_end_keys_choose_the_lines(desk: Desk) -> None:
    incident = desk.new_incident("Provider 401", "acme.shop", LOG, keep_raw=True)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot)
        await pilot.press("down", "down", "down", "down", "down", "s")  # line 21
        await pilot.press("down", "down", "e")  # line 23
        await wait_for(pilot, lambda: "Lines 21-23: 3 of at most 50" in screen_text(pilot))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(excerpts(desk, incident.id)) == 1)
    (saved,) = excerpts(desk, incident.id)
    assert saved.text.splitlines()[0].startswith("12:00:20 ERROR provider 401")
    assert saved.line_count == 3


async def test_keys_sent_in_one_burst_mark_the_line_the_arrows_reached(desk: Desk) -> None:
    incident = desk.new_incident("Provider 401", "acme.shop", LOG, keep_raw=True)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot)  # lines 16-26 offered, the cursor on line 16
        for key in ("down", "down", "e", "ctrl+s"):  # as a fast burst over SSH
            pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
        await wait_for(pilot, lambda: len(excerpts(desk, incident.id)) == 1)
    (saved,) = excerpts(desk, incident.id)
    assert saved.line_count == 3  # lines 16-18


async def test_s_and_e_type_into_the_label(desk: Desk) -> None:
    incident = desk.new_incident("Provider 401", "acme.shop", LOG, keep_raw=True)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot)
        await pilot.press("tab", *"see sessions", "ctrl+s")
        await wait_for(pilot, lambda: len(excerpts(desk, incident.id)) == 1)
    (saved,) = excerpts(desk, incident.id)
    assert (saved.label, saved.line_count) == ("see sessions", 11)


async def test_fifty_one_lines_are_refused_with_the_reason(desk: Desk) -> None:
    body = "\n".join(f"line {n}" for n in range(1, 61))
    incident = desk.new_incident("Long log", "acme.shop", body)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot)
        await pilot.press("s", *["down"] * 50, "e")
        await wait_for(pilot, lambda: "Lines 1-51: 51 of at most 50" in screen_text(pilot))
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: "the excerpt has 51 lines; the limit is 50" in screen_text(pilot)
        )
        assert isinstance(pilot.app.screen, ExcerptScreen)  # still open, nothing lost
        await pilot.press("up", "e", "ctrl+s")
        await wait_for(pilot, lambda: len(excerpts(desk, incident.id)) == 1)
    assert excerpts(desk, incident.id)[0].line_count == 50


@pytest.mark.parametrize("newline", ["\n", "\r"], ids=["lf", "cr"])
async def test_a_pasted_log_replaces_the_description(desk: Desk, newline: str) -> None:
    """Terminals (and tmux) paste line ends as CR: the lines are the same."""
    incident = desk.new_incident("Provider 401", "acme.shop", "no log here")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot)
        pilot.app.post_message(events.Paste(LOG.replace("\n", newline)))
        await wait_for(pilot, lambda: "Lines 16-26: 11 of at most 50" in screen_text(pilot))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(excerpts(desk, incident.id)) == 1)
    (saved,) = excerpts(desk, incident.id)
    assert saved.line_count == 11
    assert saved.text.splitlines()[5].startswith("12:00:20 ERROR provider 401")
    assert "\r" not in saved.text


async def test_esc_cancels_and_stores_nothing(desk: Desk) -> None:
    incident = desk.new_incident("Provider 401", "acme.shop", LOG, keep_raw=True)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
        await settle(pilot)
    assert excerpts(desk, incident.id) == []
