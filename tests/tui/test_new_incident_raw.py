"""The new-incident form stores the description redacted unless "keep raw" is ticked."""

from __future__ import annotations

from pilot_testing import desk_app, screen_text, settle, type_text, wait_for

from sophdesk.domain.queue import QueueFilter
from sophdesk.services.desk import Desk

KEY = "sk-proj-Q2xhdWRlSXNOb3RBUmVhbEtleUJ1dExvb2tzTGlrZU9uZQ"


async def fill(pilot, raw: bool) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    await type_text(pilot, "Key refused")
    await pilot.press("tab")
    await type_text(pilot, "acme.shop")
    await pilot.press("tab")
    await type_text(pilot, f"key {KEY}")
    if raw:
        await pilot.press("tab", "space")
    await pilot.press("ctrl+s")


async def test_the_description_is_stored_redacted(desk: Desk) -> None:
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await fill(pilot, raw=False)
        await wait_for(pilot, lambda: desk.count() == 1)
    (incident_id,) = desk.queue_ids(QueueFilter())
    incident = desk.incident(incident_id)
    assert KEY not in incident.body
    assert "[openai-key-1]" in incident.body
    assert not incident.body_raw


async def test_keep_raw_keeps_it_and_marks_it(desk: Desk) -> None:
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await fill(pilot, raw=True)
        await wait_for(pilot, lambda: desk.count() == 1)
    incident = desk.listing(QueueFilter())[0]
    stored = desk.incident(incident.id)
    assert KEY in stored.body
    assert stored.body_raw


def checkbox_line(text: str) -> str:
    """The screen line that holds the "keep raw" checkbox."""
    return next(line for line in text.splitlines() if "Keep the description raw" in line)


async def test_the_keep_raw_tick_is_a_mark_with_no_color(desk: Desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert pilot.app.no_color
        assert "▐ ▌ Keep the description raw" in checkbox_line(screen_text(pilot))
        await pilot.press("tab", "tab", "tab", "space")
        await wait_for(
            pilot, lambda: "▐X▌ Keep the description raw" in checkbox_line(screen_text(pilot))
        )


async def test_the_hint_says_what_ticking_keep_raw_does(desk: Desk) -> None:
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert "Stored redacted: keys, passwords" in screen_text(pilot)
        await pilot.press("tab", "tab", "tab", "space")
        await wait_for(pilot, lambda: "redacted on every way out" in screen_text(pilot))
        text = screen_text(pilot)
        assert "stored as given" in text
        assert "Stored redacted: keys, passwords" not in text
        await pilot.press("space")
        await wait_for(pilot, lambda: "Stored redacted: keys, passwords" in screen_text(pilot))
