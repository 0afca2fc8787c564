"""Snapshots of every screen at 80x24 (and the queue at 120x40), seeded and frozen.

After ``pytest --snapshot-update``, open the new SVGs and look at them.
"""

from __future__ import annotations

import pytest
from pilot_testing import desk_app, settle, type_text
from textual.pilot import Pilot

from sophdesk.services.desk import Desk

HOSTILE_TITLE = "[bold]Boom[/] [@click=app.quit]quit[/] \x1b]2;pwned\x07"


def keys(*presses: str):
    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        for press in presses:
            await pilot.press(press)
            await settle(pilot)
        await _steady_cursors(pilot)  # a focused field's cursor, whatever the blink phase

    return run


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_queue(snap_compare, demo_desk: Desk, size: tuple[int, int]) -> None:
    assert snap_compare(desk_app(demo_desk), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("theme", ["high-contrast", "daylight", "ansi-dark"])
def test_queue_themes(snap_compare, demo_desk: Desk, theme: str) -> None:
    assert snap_compare(desk_app(demo_desk, theme=theme), run_before=keys("down", "down"))


def test_queue_hostile_title(snap_compare, demo_desk: Desk) -> None:
    demo_desk.new_incident(HOSTILE_TITLE, "[i]Customer[/i]", "[red]body[/red]")
    assert snap_compare(desk_app(demo_desk), run_before=keys())


def test_queue_search(snap_compare, demo_desk: Desk) -> None:
    assert snap_compare(desk_app(demo_desk), run_before=keys("slash", *"checkout"))


def test_queue_empty(snap_compare, desk: Desk) -> None:
    assert snap_compare(desk_app(desk), run_before=keys())


def test_detail(snap_compare, demo_desk: Desk) -> None:
    assert snap_compare(desk_app(demo_desk), run_before=keys("down", "enter"))


def test_excerpt(snap_compare, demo_desk: Desk) -> None:
    assert snap_compare(desk_app(demo_desk), run_before=keys("down", "enter", "l", "down", "e"))


def test_new_incident(snap_compare, demo_desk: Desk) -> None:
    assert snap_compare(
        desk_app(demo_desk), run_before=keys("n", *"Checkout 500", "tab", *"acme.shop")
    )


def test_status_change(snap_compare, demo_desk: Desk) -> None:
    assert snap_compare(desk_app(demo_desk), run_before=keys("c"))


def test_status_filter(snap_compare, demo_desk: Desk) -> None:
    assert snap_compare(desk_app(demo_desk), run_before=keys("s"))


def test_help(snap_compare, demo_desk: Desk) -> None:
    assert snap_compare(desk_app(demo_desk), run_before=keys("f1"))


WIZARD_EVIDENCE = ["2026-11-27 14:05 UTC", "admin", "Checkout", "3.4.1", "6.7", "8.2", "pay"]


async def _wizard_to(pilot: Pilot, step: str) -> None:
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    if step == "evidence":
        await type_text(pilot, "2026-11-27 14:05 Europe/Madrid")
        await pilot.press("tab", "f2")
        await type_text(pilot, "not said yet")
        await _steady_cursors(pilot)  # the focused field's cursor: not the blink phase
        return
    for value in WIZARD_EVIDENCE:
        await type_text(pilot, value)
        await pilot.press("tab")
    await type_text(pilot, "SM-E1042")
    await pilot.press("ctrl+n")
    await settle(pilot)
    if step == "questions":
        await pilot.press("down", "enter", "down", "down", "enter")
        await settle(pilot)
        return
    for level in (2, 2, 1, 0, 0, 1):
        await pilot.press(*["down"] * level, "enter")
    await pilot.press("ctrl+n")
    await settle(pilot)


@pytest.mark.parametrize("step", ["evidence", "questions", "summary"])
def test_wizard(snap_compare, desk: Desk, step: str) -> None:
    desk.new_incident("Checkout assistant returns 500", "brightkettle.shop")

    async def run(pilot: Pilot) -> None:
        await _wizard_to(pilot, step)

    assert snap_compare(desk_app(desk), run_before=run)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_owners(snap_compare, desk: Desk, size: tuple[int, int]) -> None:
    from desk_testing import team_matrix

    from sophdesk.services import matrix

    matrix.import_matrix(desk, team_matrix())
    assert snap_compare(desk_app(desk), terminal_size=size, run_before=keys("o", "down"))


def test_route(snap_compare, desk: Desk) -> None:
    from desk_testing import team_matrix

    from sophdesk.services import matrix

    matrix.import_matrix(desk, team_matrix())
    desk.new_incident("Provider 429s stall replies", "kobo.coffee")
    assert snap_compare(desk_app(desk), run_before=keys("enter", "g", "down", "space"))


REDACTION_EVIDENCE = (
    "[2026-11-27 14:05:09 UTC] PHP Fatal error: provider said 401 for key\n"
    "  sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD (request req_8f2a91c)\n"
    "From: Maria <maria.lopez@example.com>  [bold]not bold[/bold] \x1b[31mESC\x1b[0m\n"
    "define( 'DB_PASSWORD', 'hunter2-Kettle-99' );\n"
    "order #25489 failed; card 4242 4242 4242 4242 exp 12/27\n"
)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_redaction_preview(
    snap_compare, desk: Desk, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from keyring_testing import FAIL_BACKEND
    from pilot_testing import wait_for
    from textual import events

    from sophdesk.tui.screens.redaction import RedactionScreen

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)

    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.redaction_preview(None)  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, RedactionScreen))
        screen = pilot.app.screen
        assert isinstance(screen, RedactionScreen)
        await wait_for(pilot, lambda: screen.preview is not None)
        screen.original.cursor_blink = False  # a blinking cursor is caught mid-phase
        screen.original.notify_style_update()  # and lines drawn mid-phase are not reused
        first = screen.preview
        pilot.app.post_message(events.Paste(REDACTION_EVIDENCE))
        await wait_for(pilot, lambda: screen.preview is not first)
        await settle(pilot)
        await pilot.press("ctrl+n", "ctrl+n")
        await _steady_cursors(pilot)

    assert snap_compare(desk_app(desk), terminal_size=size, run_before=run)


def _ready_for_updates(desk: Desk, *, filled: bool) -> int:
    """An assessed incident with its evidence; impact, workaround and owner when
    ``filled``."""
    from sophdesk.domain.assessment import parse_assessment
    from sophdesk.domain.communication import IncidentEdit
    from sophdesk.domain.evidence import EVIDENCE_KEYS, Evidence, EvidenceItem
    from sophdesk.services.communication import edit_incident
    from sophdesk.services.triage import record_assessment

    incident = desk.new_incident(
        "Checkout assistant returns 500", "brightkettle.shop", "The card step fails."
    )
    items = {key: EvidenceItem(f"{key.replace('_', ' ')} as reported") for key in EVIDENCE_KEYS}
    items["timestamp"] = EvidenceItem("2026-11-27 14:05 UTC")
    answers = {
        "impact": "degraded",
        "visibility": "some",
        "revenue": "checkout",
        "privacy": "none",
        "data": "correct",
        "automation": "none",
    }
    record_assessment(desk, incident.id, parse_assessment(answers), Evidence(items))
    if filled:
        edit = IncidentEdit(
            impact="Card payments fail for some shoppers",
            workaround="Pay by bank transfer",
            owner="Ana Ruiz",
        )
        edit_incident(desk, incident.id, edit)
    return incident.id


async def _steady_cursors(pilot: Pilot) -> None:
    """A blinking cursor is on or off depending on when the shot is taken."""
    from textual.widgets import Input, TextArea

    for widget in pilot.app.screen.query("*"):
        if isinstance(widget, TextArea | Input):
            widget.cursor_blink = False
        if isinstance(widget, TextArea):
            # TextArea's line cache (Textual 8.2) keys a line on the cursor only while it
            # blinks: a line cached in the blink's dark phase would be reused without the
            # cursor a steady cursor draws. A style update clears that cache (public API).
            widget.notify_style_update()
            widget.refresh()
    await settle(pilot)


async def _composer(pilot: Pilot, *presses: str) -> None:
    from pilot_testing import wait_for

    from sophdesk.tui.screens.compose import ComposeScreen

    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("u")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ComposeScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ComposeScreen)
    await wait_for(pilot, lambda: screen.composed is not None and screen.findings is not None)
    await settle(pilot)
    for press in presses:
        await pilot.press(press)
        await settle(pilot)
    await wait_for(
        pilot,
        lambda: (
            screen.composed is not None
            and screen.composed.audience is screen.audience
            and screen.findings is not None
            and screen._checked_text == screen.area.text
        ),
    )
    # The text has the focus (AUTO_FOCUS can race the text still loading on a busy
    # machine) and a steady cursor: the shot does not depend on when it is taken.
    screen.set_focus(screen.area)
    await wait_for(pilot, lambda: screen.area.has_focus)
    await _steady_cursors(pilot)


@pytest.mark.parametrize("state", ["missing", "ready", "finding"])
def test_compose(snap_compare, desk: Desk, state: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring_testing import FAIL_BACKEND

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)
    _ready_for_updates(desk, filled=state != "missing")

    async def run(pilot: Pilot) -> None:
        if state == "finding":
            await _composer(pilot)
            area = pilot.app.screen.query_one("#text")
            area.move_cursor((4, 0))  # type: ignore[attr-defined]
            await type_text(pilot, "Mail maria.lopez@example.com for details. ")
            await settle(pilot)
            await _settled_check(pilot)
            await _steady_cursors(pilot)
        else:
            await _composer(pilot)

    assert snap_compare(desk_app(desk), terminal_size=(80, 24), run_before=run)


async def _settled_check(pilot: Pilot) -> None:
    from pilot_testing import wait_for

    screen = pilot.app.screen
    await wait_for(
        pilot,
        lambda: (
            screen.findings is not None  # type: ignore[attr-defined]
            and screen._checked_text == screen.area.text
        ),  # type: ignore[attr-defined]
    )
    await settle(pilot)


def test_compose_wide(snap_compare, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring_testing import FAIL_BACKEND

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)
    _ready_for_updates(desk, filled=False)

    async def run(pilot: Pilot) -> None:
        await _composer(pilot, "ctrl+n", "ctrl+n")

    assert snap_compare(desk_app(desk), terminal_size=(120, 40), run_before=run)


def test_compose_copied(
    snap_compare, desk: Desk, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    from keyring_testing import FAIL_BACKEND
    from pilot_testing import wait_for

    from sophdesk.tui.screens.sent import SentScreen

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)
    monkeypatch.setenv("SSH_CONNECTION", "203.0.113.9 50000 198.51.100.1 22")
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1,0")
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/nonexistent-runtime-dir")
    monkeypatch.setenv("SOPHDESK_DATA_DIR", "/tmp/sophdesk-snapshot-data")
    _ready_for_updates(desk, filled=True)

    async def run(pilot: Pilot) -> None:
        await _composer(pilot, "ctrl+y")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SentScreen))
        await _steady_cursors(pilot)

    assert snap_compare(desk_app(desk), terminal_size=(80, 24), run_before=run)


def test_compose_fields(snap_compare, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring_testing import FAIL_BACKEND

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)
    _ready_for_updates(desk, filled=False)

    async def run(pilot: Pilot) -> None:
        await _composer(pilot, "ctrl+f")
        await _steady_cursors(pilot)

    assert snap_compare(desk_app(desk), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_review(
    snap_compare, desk: Desk, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from keyring_testing import FAIL_BACKEND

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)
    _ready_for_updates(desk, filled=True)
    assert snap_compare(
        desk_app(desk),
        terminal_size=size,
        run_before=keys("enter", "w", "down", "down", "enter", "down"),
    )


def test_conflict(snap_compare, desk: Desk, db_path) -> None:
    """The conflict screen at 80x24: another desk saved first; yours and now stacked."""
    from desk_testing import frozen_clock
    from pilot_testing import wait_for

    from sophdesk.domain.communication import IncidentEdit
    from sophdesk.services.communication import edit_incident
    from sophdesk.tui.screens.conflict import ConflictScreen
    from sophdesk.tui.screens.detail import DetailScreen
    from sophdesk.tui.screens.fields import FieldsScreen

    incident = desk.new_incident("Checkout assistant returns 500", "brightkettle.shop")
    other = Desk.open(f"sqlite:///{db_path}", "ben", clock=frozen_clock)

    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
        await wait_for(pilot, lambda: pilot.app.screen.detail is not None)  # type: ignore[attr-defined]
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FieldsScreen))
        await type_text(pilot, "Card payments fail for every shopper at checkout")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Ana Ruiz")
        try:  # the second operator saves first
            edit = IncidentEdit(impact=HOSTILE_TITLE, owner="Ben Okafor")
            edit_incident(other, incident.id, edit)
        finally:
            other.close()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConflictScreen))
        await _steady_cursors(pilot)

    assert snap_compare(desk_app(desk), terminal_size=(80, 24), run_before=run)
