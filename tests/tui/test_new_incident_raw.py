"""The new-incident form stores the description redacted unless "keep raw" is ticked."""

from __future__ import annotations

from pilot_testing import desk_app, settle, wait_for

from sophdesk.domain.queue import QueueFilter
from sophdesk.services.desk import Desk

KEY = "sk-proj-Q2xhdWRlSXNOb3RBUmVhbEtleUJ1dExvb2tzTGlrZU9uZQ"


async def fill(pilot, raw: bool) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    await pilot.press(*"Key refused", "tab", *"acme.shop", "tab")
    await pilot.press(*f"key {KEY}")
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
