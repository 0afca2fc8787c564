"""The lead filters the queue to what needs escalation: ``!`` or the palette,
the filter bar says so, ``x`` clears it."""

from __future__ import annotations

from pilot_testing import desk_app, queue, screen_text, settle, wait_for
from textual.command import CommandList
from textual.pilot import Pilot

from sophdesk.domain.queue import QueueFilter
from sophdesk.domain.severity import Severity
from sophdesk.services.desk import Desk
from sophdesk.services.escalation import needing


def flagged(desk: Desk) -> list[int]:
    """What ``sophdesk list --needs-escalation`` keeps, in queue order."""
    return [view.incident.id for view in needing(desk)]


def with_a_fresh_report(desk: Desk) -> Desk:
    """The demo's open incidents are all flagged by now (their triage or update
    clocks ran out); a report made just now is not, so the filter has one to drop."""
    desk.new_incident("Checkout button greyed out", "casa olivo")
    return desk


async def test_bang_keeps_the_incidents_that_need_escalation_and_x_clears(
    demo_desk: Desk,
) -> None:
    with_a_fresh_report(demo_desk)
    everything = demo_desk.queue_ids(QueueFilter())
    expected = flagged(demo_desk)
    assert 0 < len(expected) < len(everything)
    async with desk_app(demo_desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "! Lead" in screen_text(pilot)  # the key is in the footer
        await pilot.press("exclamation_mark")
        await wait_for(pilot, lambda: queue(pilot).table.ids == expected)
        await settle(pilot)
        text = screen_text(pilot)
        assert f"{len(expected)} open incidents · needs escalation" in text
        assert "(x clears)" in text
        await pilot.press("x")
        await wait_for(pilot, lambda: queue(pilot).table.ids == everything)
        assert "needs escalation" not in screen_text(pilot)


async def test_the_escalation_filter_combines_with_the_severity_filter(demo_desk: Desk) -> None:
    async with desk_app(demo_desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # SEV1
        await settle(pilot)
        await pilot.press("exclamation_mark")
        await settle(pilot)
        sev1 = set(demo_desk.queue_ids(QueueFilter(severities=(Severity.SEV1,))))
        expected = [i for i in flagged(demo_desk) if i in sev1]
        await wait_for(pilot, lambda: queue(pilot).table.ids == expected)
        assert "severity: SEV1 · needs escalation" in screen_text(pilot)


def highlighted(pilot: Pilot) -> str:
    """The palette's highlighted command, as Enter would run it ("" when none)."""
    found = pilot.app.screen.query(CommandList)
    if not found:
        return ""
    commands = found.first()
    if commands.highlighted is None:
        return ""
    return str(commands.get_option_at_index(commands.highlighted).prompt)


async def palette(pilot: Pilot, words: str) -> None:
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*words)
    # The hits arrive as the providers answer: Enter once ours is the one highlighted.
    await wait_for(pilot, lambda: "Needs escalation" in highlighted(pilot))
    await pilot.press("enter")
    await settle(pilot)


async def test_the_palette_turns_the_escalation_filter_on(demo_desk: Desk) -> None:
    expected = flagged(with_a_fresh_report(demo_desk))
    assert len(expected) < len(demo_desk.queue_ids(QueueFilter()))
    async with desk_app(demo_desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await palette(pilot, "needs esc")
        await wait_for(pilot, lambda: queue(pilot).table.ids == expected)
        assert "needs escalation" in screen_text(pilot)
