"""The queue, driven as an operator drives it: keys in, screen out."""

from __future__ import annotations

from pilot_testing import desk_app, notifications, queue, screen_text, settle, type_text, wait_for

from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueFilter
from sophdesk.services.desk import Desk
from sophdesk.tui.screens.detail import DetailScreen


async def test_queue_shows_open_incidents_most_urgent_first(demo_desk: Desk) -> None:
    expected = demo_desk.queue_ids(QueueFilter())
    async with desk_app(demo_desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = queue(pilot).table
        assert table.ids == expected
        first = demo_desk.queue_rows(expected[:1])[0]
        text = screen_text(pilot)
        assert first.title[:30] in text
        assert f"{len(expected)} open incidents" in text
        closed = demo_desk.queue_ids(QueueFilter(statuses=(Status.RESOLVED, Status.REVIEWED)))
        assert closed
        assert not set(closed) & set(table.ids)


async def test_arrow_keys_move_and_enter_opens_the_timeline(demo_desk: Desk) -> None:
    async with desk_app(demo_desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = queue(pilot).table
        await pilot.press("down", "down")
        chosen = table.ids[2]
        assert table.selected_id == chosen
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
        detail = demo_desk.detail(chosen)
        text = screen_text(pilot)
        assert f"#{chosen}" in text
        assert detail.incident.customer[:20] in text
        assert "Page       " in text  # who is paged, above the fold
        await pilot.press("end")  # the timeline is at the bottom of the scroll
        await settle(pilot)
        text = screen_text(pilot)
        assert "Timeline" in text
        assert "created the incident" in text
        await pilot.press("escape")
        await settle(pilot)
        assert queue(pilot).table.selected_id == chosen


async def test_status_filter_shows_only_that_status(demo_desk: Desk) -> None:
    resolved = demo_desk.queue_ids(QueueFilter(statuses=(Status.RESOLVED,)))
    async with desk_app(demo_desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        # Options: Open, then each status in lifecycle order: resolved is the 5th status.
        await pilot.press(*["down"] * 5, "enter")
        await settle(pilot)
        assert queue(pilot).table.ids == resolved
        assert "status: resolved" in screen_text(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert queue(pilot).table.ids == demo_desk.queue_ids(QueueFilter())


async def test_severity_filter_shows_unassessed_only(demo_desk: Desk) -> None:
    unassessed = demo_desk.queue_ids(QueueFilter(severities=(None,)))
    async with desk_app(demo_desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert unassessed
        assert queue(pilot).table.ids == unassessed
        rows = demo_desk.queue_rows(unassessed)
        assert all(row.severity is None for row in rows)


async def test_search_narrows_as_you_type_and_escape_clears(demo_desk: Desk) -> None:
    everything = demo_desk.queue_ids(QueueFilter())
    async with desk_app(demo_desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"typo")
        await settle(pilot)
        found = queue(pilot).table.ids
        assert found == demo_desk.queue_ids(QueueFilter(search="typo"))
        assert 0 < len(found) < len(everything)
        for row in demo_desk.queue_rows(found):
            assert "typo" in (row.title + row.customer).lower() or row.id in found
        assert "search: typo" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert queue(pilot).table.ids == everything


async def test_new_incident_is_saved_selected_and_recorded(desk: Desk) -> None:
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Checkout broken")
        await pilot.press("tab")
        await type_text(pilot, "acme.shop")
        await pilot.press("tab")
        await type_text(pilot, "Since 09:00 UTC")
        await pilot.press("ctrl+s")
        await settle(pilot)
        ids = desk.queue_ids(QueueFilter())
        assert len(ids) == 1
        detail = desk.detail(ids[0])
        assert detail.incident.title == "Checkout broken"
        assert detail.incident.customer == "acme.shop"
        assert detail.incident.body == "Since 09:00 UTC"
        assert detail.events[0].actor == "tester"
        assert "Triage #1 now?" in screen_text(pilot)  # offered right after saving
        await pilot.press("escape")  # later
        await settle(pilot)
        await wait_for(pilot, lambda: queue(pilot).table.selected_id == ids[0])
        assert "Checkout broken" in screen_text(pilot)


async def test_new_incident_refuses_a_missing_title_and_keeps_the_text(desk: Desk) -> None:
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", "tab")
        await type_text(pilot, "acme.shop")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "a title is required" in screen_text(pilot)
        # Esc once warns; nothing typed is lost.
        await pilot.press("escape")
        await settle(pilot)
        assert "Press Esc again to discard" in screen_text(pilot)
        await pilot.press("shift+tab")
        await type_text(pilot, "Late title")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [r.title for r in desk.listing(QueueFilter())] == ["Late title"]


async def test_change_status_offers_only_allowed_moves_and_records_the_note(desk: Desk) -> None:
    incident = desk.new_incident("Provider 429s", "kobo.coffee")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        text = screen_text(pilot)
        assert "Move #1 from new to:" in text
        assert "reviewed" not in text  # new -> reviewed is not a legal move
        await pilot.press("tab")
        await type_text(pilot, "rate limit confirmed")
        await pilot.press("enter")
        await settle(pilot)
        detail = desk.detail(incident.id)
        assert detail.incident.status is Status.TRIAGED
        event = detail.events[-1]
        assert (event.before, event.after, event.note) == ("new", "triaged", "rate limit confirmed")


async def test_a_status_change_from_the_queue_over_another_desks_change_keeps_the_note(
    desk: Desk, db_path
) -> None:
    from sophdesk.tui.screens.status_change import StatusChangeScreen

    incident = desk.new_incident("Provider 429s", "kobo.coffee")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, StatusChangeScreen))
        other = Desk.open(f"sqlite:///{db_path}", "ben")
        try:
            other.change_status(incident.id, Status.TRIAGED, note="ben's words")
        finally:
            other.close()
        # escalated is the second move from new; it stays allowed from triaged.
        await pilot.press("down", "tab")
        await type_text(pilot, "paging the host")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: (
                isinstance(pilot.app.screen, StatusChangeScreen)
                and "from triaged" in screen_text(pilot)
            ),
        )
        messages = [m for m in notifications(pilot)]
        assert any(m.startswith("Not moved: incident #1 was changed") for m in messages)
        assert desk.incident(incident.id).status is Status.TRIAGED  # nothing was written
        await settle(pilot)
        await pilot.press("enter")  # the kept move and note, on the incident as it is now
        await wait_for(pilot, lambda: desk.incident(incident.id).status is Status.ESCALATED)
    notes = [e.note for e in desk.detail(incident.id).events if e.field == "status"]
    assert notes == ["ben's words", "paging the host"]


async def test_queue_refreshes_when_another_process_writes(desk: Desk, db_path) -> None:
    first = desk.new_incident("First report", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down")
        assert queue(pilot).table.selected_id == first.id
        other = Desk.open(f"sqlite:///{db_path}", "someone-else")
        try:
            # An older report sorts above the selection; the selection must stay put.
            added = other.new_incident("Arrived from another desk", "kobo.coffee")
        finally:
            other.close()
        await wait_for(pilot, lambda: added.id in queue(pilot).table.ids, timeout=3.0)
        assert queue(pilot).table.selected_id == first.id
        assert "Arrived from another desk" in screen_text(pilot)


async def test_wide_terminal_shows_customer_owner_and_age(demo_desk: Desk) -> None:
    async with desk_app(demo_desk).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        header = screen_text(pilot).splitlines()[2]
        for title in ("ID", "SEV", "STATUS", "TITLE", "CUSTOMER", "OWNER", "AGE", "SLA"):
            assert title in header
    async with desk_app(demo_desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = screen_text(pilot).splitlines()[2]
        assert "CUSTOMER" not in header
        assert "SLA" in header


async def test_help_lists_the_keys(demo_desk: Desk) -> None:
    async with desk_app(demo_desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = screen_text(pilot)
        assert "most urgent first" in text
        await pilot.press("escape")
        await settle(pilot)
        assert queue(pilot).table.ids


async def test_palette_opens_an_incident_by_number(demo_desk: Desk) -> None:
    target = demo_desk.queue_ids(QueueFilter())[3]
    async with desk_app(demo_desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, f"#{target}")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
        assert pilot.app.screen.incident_id == target


async def test_open_incident_refreshes_when_another_desk_changes_it(desk: Desk, db_path) -> None:
    incident = desk.new_incident("Provider outage", "acme.shop")
    # Tall enough for the timeline below the fields, description and reviews.
    async with desk_app(desk).run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
        other = Desk.open(f"sqlite:///{db_path}", "ana")
        try:
            other.change_status(incident.id, Status.ESCALATED, "paged hosting")
        finally:
            other.close()
        await wait_for(pilot, lambda: "paged hosting" in screen_text(pilot), timeout=3.0)
        assert "status new -> escalated" in screen_text(pilot)


async def test_a_failed_load_is_reported_not_swallowed(demo_desk: Desk) -> None:
    async with desk_app(demo_desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pilot.app.open_incident(99999)  # e.g. from the palette: "#99999"
        await settle(pilot)
        messages = [m for m in notifications(pilot)]
        assert any("there is no incident #99999" in m for m in messages)
