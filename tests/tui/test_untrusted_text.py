"""Customer text is shown as written: markup and escape codes are never obeyed."""

from __future__ import annotations

from pilot_testing import desk_app, notifications, queue, screen_text, settle

from sophdesk.domain.queue import QueueFilter
from sophdesk.services.desk import Desk
from sophdesk.tui.screens.detail import DetailScreen

HOSTILE_TITLE = "[bold]Boom[/] [@click=app.quit]quit[/] \x1b]2;pwned\x07 [/]"
HOSTILE_BODY = "[red]not red[/red]\n\x1b[31mESC colour\x1b[0m\n[link=https://x]l[/link] [/"


async def test_markup_and_escapes_are_shown_literally_everywhere(desk: Desk) -> None:
    incident = desk.new_incident(HOSTILE_TITLE, "[i]Customer[/i]", HOSTILE_BODY)
    assert desk.incident(incident.id).title == HOSTILE_TITLE  # stored as given
    async with desk_app(desk).run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "[bold]Boom[/] [@click=app.quit]quit[/] \u241b]2;pwned\u2407" in text
        assert "[i]Customer[/i]" in text
        # Clicking the row must not run the injected action.
        await pilot.click("#queue", offset=(40, 1))
        await settle(pilot)
        assert pilot.app.is_running
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
        text = screen_text(pilot)
        assert "[@click=app.quit]quit[/]" in text
        assert "[red]not red[/red]" in text
        assert "\u241b[31mESC colour\u241b[0m" in text
        assert "[link=https://x]l[/link] [/" in text
        assert "\x1b" not in text
        await pilot.click("#heading", offset=(20, 0))
        await settle(pilot)
        assert pilot.app.is_running


async def test_hostile_search_text_does_not_break_the_filter_bar(demo_desk: Desk) -> None:
    async with desk_app(demo_desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"[/]", "enter")
        await settle(pilot)
        assert "search: [/]" in screen_text(pilot)
        assert queue(pilot).table.ids == demo_desk.queue_ids(QueueFilter(search="[/]"))


async def test_a_ten_megabyte_paste_is_refused_and_nothing_is_lost(desk: Desk) -> None:
    from textual import events

    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Kept title", "tab", *"acme", "tab", *"kept words")
        body = pilot.app.screen.query_one("#body")
        body.post_message(events.Paste("x" * (10 * 1024 * 1024)))
        await settle(pilot)
        assert body.text == "kept words"
        notes = notifications(pilot)
        wanted = "it is 10,485,760 bytes (10 MB) and a body may hold at most 1,048,576 bytes"
        assert any("Paste refused" in m and wanted in m for m in notes)
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = desk.listing(QueueFilter())
        assert [(r.title) for r in saved] == ["Kept title"]


async def test_no_color_still_tells_severity_and_selection_in_text(
    demo_desk: Desk, monkeypatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    async with desk_app(demo_desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert pilot.app.no_color
        text = screen_text(pilot)
        assert "triage" in text
        assert "\u25b6" in text  # the selection marker, not just a colour
