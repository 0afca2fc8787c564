"""The update composer (u on an incident): refusals, fields, copy, record, report."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from keyring_testing import FAIL_BACKEND
from pilot_testing import desk_app, notifications, screen_text, settle, type_text, wait_for
from textual.pilot import Pilot

from sophdesk.domain.assessment import parse_assessment
from sophdesk.domain.evidence import EVIDENCE_KEYS, Evidence, EvidenceItem
from sophdesk.domain.incident import EventKind
from sophdesk.domain.review import Stage
from sophdesk.services.desk import Desk
from sophdesk.services.triage import record_assessment
from sophdesk.tui.screens.compose import ComposeScreen
from sophdesk.tui.screens.detail import DetailScreen
from sophdesk.tui.screens.fields import FieldsScreen
from sophdesk.tui.screens.redaction import ReasonScreen, RedactionScreen
from sophdesk.tui.screens.review import ReviewScreen
from sophdesk.tui.screens.sent import SentScreen

KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD"
EMAIL = "maria.lopez@example.com"
ANSWERS = {
    "impact": "degraded",
    "visibility": "some",
    "revenue": "checkout",
    "privacy": "none",
    "data": "correct",
    "automation": "none",
}


@pytest.fixture(autouse=True)
def remote_session(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An SSH session with no keyring: OSC 52 and the file, never this machine's clipboard."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)
    monkeypatch.setenv("SSH_CONNECTION", "203.0.113.9 50000 198.51.100.1 22")
    monkeypatch.delenv("TMUX", raising=False)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    return runtime


def assessed(desk: Desk) -> int:
    """An incident assessed with every evidence field: only the communication
    fields (impact, workaround) are missing for a customer update."""
    incident = desk.new_incident("Checkout returns 500", "casa olivo", "The card step fails")
    items = {key: EvidenceItem(f"{key} as seen") for key in EVIDENCE_KEYS}
    items["timestamp"] = EvidenceItem("2026-11-27 14:05 UTC")
    record_assessment(desk, incident.id, parse_assessment(ANSWERS), Evidence(items))
    return incident.id


def fill(desk: Desk, incident_id: int, workaround: str = "Pay by bank transfer") -> None:
    from sophdesk.domain.communication import IncidentEdit
    from sophdesk.services.communication import edit_incident

    edit = IncidentEdit(impact="Card payments fail", workaround=workaround, owner="ana")
    edit_incident(desk, incident_id, edit)


def updates(desk: Desk, incident_id: int) -> list:  # type: ignore[type-arg]
    return [e for e in desk.detail(incident_id).events if e.kind is EventKind.UPDATE]


async def open_composer(pilot: Pilot) -> ComposeScreen:
    await settle(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
    await wait_for(pilot, lambda: pilot.app.screen.detail is not None)  # type: ignore[attr-defined]
    await pilot.press("u")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ComposeScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ComposeScreen)
    await checked(pilot, screen)
    return screen


async def checked(pilot: Pilot, screen: ComposeScreen) -> None:
    """Wait until the text is composed and the redactor has looked at what is shown."""
    await wait_for(
        pilot,
        lambda: (
            screen.composed is not None
            and screen.findings is not None
            and screen._checked_text == screen.area.text
        ),
    )
    await settle(pilot)


async def fill_impact_workaround_owner(pilot: Pilot) -> None:
    """Type the three missing fields in the fields form (Enter moves on), then save."""
    for value, key in (
        ("Card payments fail for some shoppers", "enter"),
        ("Pay by bank transfer", "enter"),
        ("Ana Ruiz", "ctrl+s"),
    ):
        await type_text(pilot, value)
        await pilot.press(key)


async def type_at_the_end(pilot: Pilot, screen: ComposeScreen, text: str) -> None:
    area = screen.area
    area.focus()
    area.move_cursor(area.document.end)
    await type_text(pilot, text)


def copy_calls(pilot: Pilot) -> list[str]:
    """Wrap the app's copy_to_clipboard (Textual's OSC 52) and collect its payloads."""
    calls: list[str] = []
    original = pilot.app.copy_to_clipboard

    def wrapped(text: str) -> None:
        calls.append(text)
        original(text)

    pilot.app.copy_to_clipboard = wrapped  # type: ignore[method-assign]
    return calls


async def test_copy_and_record_are_refused_while_fields_are_missing(desk: Desk) -> None:
    incident_id = assessed(desk)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_composer(pilot)
        calls = copy_calls(pilot)
        text = screen_text(pilot)
        assert "Copy and Record refused: 3 required fields are missing" in text
        assert "impact summary, current workaround, owner: Ctrl+F to fill in here" in text
        assert "Next update due: 2026-11-27" in text
        assert "UTC" in text
        await pilot.press("ctrl+y")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ComposeScreen)  # no copy view opened
        assert calls == []
        assert screen.copy_report is None
    assert updates(desk, incident_id) == []


async def test_filling_the_fields_recomposes_and_makes_it_ready(desk: Desk) -> None:
    incident_id = assessed(desk)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_composer(pilot)
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FieldsScreen))
        # The first missing field has the focus: impact, then workaround, owner (Enter
        # moves on).
        await fill_impact_workaround_owner(pilot)
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        await wait_for(pilot, lambda: screen.composed is not None and screen.composed.ready)
        await checked(pilot, screen)
        assert screen.refusal() is None
        assert "Current workaround: Pay by bank transfer" in screen.area.text
        assert "Ready: Ctrl+Y copies, Ctrl+S records it as sent." in screen_text(pilot)
    incident = desk.incident(incident_id)
    assert incident.impact == "Card payments fail for some shoppers"
    assert incident.workaround == "Pay by bank transfer"
    edits = [e.field for e in desk.detail(incident_id).events if e.kind is EventKind.EDIT]
    assert edits == ["impact", "workaround", "owner"]


async def test_copy_sends_osc52_and_a_0600_file_with_only_redacted_text(
    desk: Desk, remote_session: Path
) -> None:
    incident_id = assessed(desk)
    # Planted in the workaround (the desk stores it redacted; the door checks again).
    fill(desk, incident_id, workaround=f"Use the key {KEY} or write to {EMAIL}")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_composer(pilot)
        calls = copy_calls(pilot)
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SentScreen))
        await settle(pilot)
        report = screen.copy_report
        assert report is not None
        assert calls == [report.text]
        payload = calls[0]
        assert KEY not in payload
        assert EMAIL not in payload
        assert "Current workaround: Use the key [openai-key-1]" in payload
        assert pilot.app.clipboard == payload
        shown = screen_text(pilot)
        assert "OSC 52: sent to the terminal" in shown
        assert "skipped: an SSH session" in shown
        assert "file (0600):" in shown
        assert "Exactly this text (read-only)" in shown
        view = pilot.app.screen
        assert isinstance(view, SentScreen)
        assert view.query_one("#text").text == payload  # type: ignore[attr-defined]
        assert view.query_one("#text").read_only  # type: ignore[attr-defined]
    copied = remote_session / "sophdesk" / "clipboard.txt"
    assert copied.read_text(encoding="utf-8") == payload
    assert stat.S_IMODE(copied.stat().st_mode) == 0o600
    assert updates(desk, incident_id) == []  # copying records nothing


async def test_a_secret_typed_into_the_text_blocks_copy_until_resolved(desk: Desk) -> None:
    incident_id = assessed(desk)
    fill(desk, incident_id)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_composer(pilot)
        calls = copy_calls(pilot)
        assert screen.refusal() is None
        await type_at_the_end(pilot, screen, f" Mail {EMAIL}.")
        await checked(pilot, screen)
        assert screen.findings
        assert screen.findings[0].category == "private"
        text = screen_text(pilot)
        assert "1 unresolved finding in your text" in text
        assert "private [email-1]" in text
        await pilot.press("ctrl+y")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert calls == []
        assert pilot.app.screen is screen
        assert updates(desk, incident_id) == []
        # Resolve it in the redaction preview and take its result back.
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, RedactionScreen))
        preview = pilot.app.screen
        assert isinstance(preview, RedactionScreen)
        await wait_for(pilot, lambda: preview.preview is not None)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        await checked(pilot, screen)
        assert EMAIL not in screen.area.text
        assert "Mail [email-1]." in screen.area.text
        assert screen.findings == ()
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SentScreen))
        assert len(calls) == 1
        assert EMAIL not in calls[0]


async def test_a_finding_restored_with_a_reason_no_longer_blocks(desk: Desk) -> None:
    incident_id = assessed(desk)
    fill(desk, incident_id)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_composer(pilot)
        calls = copy_calls(pilot)
        await type_at_the_end(pilot, screen, f" Mail {EMAIL}.")
        await checked(pilot, screen)
        assert screen.findings
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, RedactionScreen))
        preview = pilot.app.screen
        assert isinstance(preview, RedactionScreen)
        await wait_for(pilot, lambda: preview.preview is not None)
        await pilot.press("ctrl+n", "ctrl+r")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReasonScreen))
        await type_text(pilot, "our public support address")
        await pilot.press("enter")
        await wait_for(pilot, lambda: pilot.app.screen is preview)
        await wait_for(pilot, lambda: preview.preview is not None and not preview.result().findings)  # type: ignore[union-attr]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        await checked(pilot, screen)
        assert EMAIL in screen.area.text  # restored: kept in the draft
        assert screen.findings == ()
        assert screen.refusal() is None
        # The door honours the restore: the address leaves as written, and the door
        # replaces nothing.
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SentScreen))
        await settle(pilot)
        assert len(calls) == 1
        assert EMAIL in calls[0]
        view = pilot.app.screen
        assert isinstance(view, SentScreen)
        assert not any("on the way out" in line for line in view.lines)
    restores = [e for e in desk.detail(incident_id).events if e.kind is EventKind.REDACTION]
    assert restores
    assert EMAIL not in str(restores)


async def test_record_creates_an_update_event_with_the_exact_text(desk: Desk) -> None:
    incident_id = assessed(desk)
    fill(desk, incident_id)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_composer(pilot)
        await type_at_the_end(pilot, screen, " Thanks for your patience.")
        await checked(pilot, screen)
        expected = screen.area.text
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(updates(desk, incident_id)) == 1)
        await settle(pilot)
    (event,) = updates(desk, incident_id)
    assert event.field == "customer"
    assert event.note == expected
    assert event.after is not None
    assert event.after.startswith("next update by 2026-11-27")
    incident = desk.incident(incident_id)
    assert incident.last_customer_update_at is not None  # the next-update clock was reset


async def test_external_audiences_ask_for_the_before_contact_review_and_show_the_report(
    desk: Desk,
) -> None:
    incident_id = assessed(desk)
    fill(desk, incident_id)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_composer(pilot)
        await pilot.press("ctrl+n", "ctrl+n")  # customer -> internal -> hosting
        await wait_for(
            pilot, lambda: screen.composed is not None and screen.composed.audience.external
        )
        await checked(pilot, screen)
        assert "Before-contact review: not done" in screen_text(pilot)
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        assert review.stage is Stage.BEFORE_CONTACT
        await wait_for(pilot, lambda: review.checks is not None)
        await pilot.press("ctrl+t", "ctrl+s")  # tick all, record
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SentScreen))
        await settle(pilot)
        text = screen_text(pilot)
        assert "support report for the hosting company" in text
        assert screen.before_contact_done
    reviews = [e for e in desk.detail(incident_id).events if e.kind is EventKind.REVIEW]
    assert [(e.field, e.after) for e in reviews] == [("before_contact", "complete")]


async def test_the_report_is_refused_for_the_customer_with_a_reason(desk: Desk) -> None:
    assessed(desk)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_composer(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert pilot.app.screen is screen
        messages = [m for m in notifications(pilot)]
        assert any("support report is for hosting, provider, codecanyon" in m for m in messages)


async def test_edited_wording_survives_filling_the_fields(desk: Desk) -> None:
    assessed(desk)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_composer(pilot)
        area = screen.area
        area.focus()
        area.move_cursor((0, 0))
        await type_text(pilot, "Thanks for your patience. ")
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FieldsScreen))
        await fill_impact_workaround_owner(pilot)
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        await wait_for(pilot, lambda: "Pay by bank transfer" in screen.area.text)
        await checked(pilot, screen)
        assert screen.area.text.startswith("Thanks for your patience. ")
        assert "Current workaround: Pay by bank transfer" in screen.area.text
        assert screen.refusal() is None


async def test_reset_is_undoable_and_audiences_keep_their_edits(desk: Desk) -> None:
    incident_id = assessed(desk)
    fill(desk, incident_id)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_composer(pilot)
        composed = screen.area.text
        await type_at_the_end(pilot, screen, "PS: call us any time.")
        edited = screen.area.text
        assert edited != composed
        # Another audience and back: the edited text is still there.
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: screen.composed is not None and screen.area.text != edited)
        await checked(pilot, screen)
        assert "PS: call us any time." not in screen.area.text
        for _ in range(4):  # five audiences: round to the customer again
            await pilot.press("ctrl+n")
            await checked(pilot, screen)
        await wait_for(pilot, lambda: screen.area.text == edited)
        # Ctrl+L composes it again; Ctrl+Z brings the edited words back.
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: screen.area.text == composed)
        screen.area.focus()
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: screen.area.text == edited)


async def test_fields_saved_over_another_desks_change_reopen_with_your_values(
    desk: Desk,
) -> None:
    from sophdesk.domain.communication import IncidentEdit
    from sophdesk.services.communication import edit_incident

    incident_id = assessed(desk)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_composer(pilot)
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FieldsScreen))
        seen = pilot.app.screen.incident.version  # type: ignore[attr-defined]
        # Another operator saves the impact while this form is open.
        edit_incident(desk, incident_id, IncidentEdit(impact="Checkout down for all"))
        await fill_impact_workaround_owner(pilot)
        await wait_for(
            pilot,
            lambda: (
                isinstance(pilot.app.screen, FieldsScreen)
                and pilot.app.screen.incident.version > seen
            ),
        )
        form = pilot.app.screen
        assert isinstance(form, FieldsScreen)
        assert form.values["workaround"] == "Pay by bank transfer"  # nothing typed is lost
        assert desk.incident(incident_id).workaround in (None, "")  # nothing was written
        await settle(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, FieldsScreen))
        await wait_for(pilot, lambda: desk.incident(incident_id).owner == "Ana Ruiz")
    incident = desk.incident(incident_id)
    assert incident.impact == "Card payments fail for some shoppers"
    assert incident.workaround == "Pay by bank transfer"
    impacts = [
        e.after
        for e in desk.detail(incident_id).events
        if e.kind is EventKind.EDIT and e.field == "impact"
    ]
    assert impacts == ["Checkout down for all", "Card payments fail for some shoppers"]


async def test_an_edited_update_survives_closing_and_quitting_asks_first(desk: Desk) -> None:
    incident_id = assessed(desk)
    fill(desk, incident_id)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_composer(pilot)
        await type_at_the_end(pilot, screen, "PS: call us any time.")
        edited = screen.area.text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ComposeScreen))
        again = pilot.app.screen
        assert isinstance(again, ComposeScreen)
        await wait_for(pilot, lambda: again.area.text == edited)
        # Quitting would drop it: the first press says so, the second quits.
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert pilot.app.is_running
        messages = [m for m in notifications(pilot)]
        assert any(m.startswith("Not quitting yet: your edited update to") for m in messages)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not pilot.app.is_running)


async def test_quitting_after_copying_the_edited_update_does_not_ask(desk: Desk) -> None:
    incident_id = assessed(desk)
    fill(desk, incident_id)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_composer(pilot)
        await type_at_the_end(pilot, screen, "PS: call us any time.")
        await checked(pilot, screen)
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SentScreen))
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not pilot.app.is_running)


async def test_a_value_the_incident_remembers_is_removed_on_copy_in_plain_words(
    desk: Desk,
) -> None:
    password = "hunter2kettle-Q7x"
    incident_id = assessed(desk)
    from sophdesk.domain.communication import IncidentEdit
    from sophdesk.services.communication import edit_incident

    edit_incident(desk, incident_id, IncidentEdit(impact=f"DB_PASSWORD='{password}' leaked"))
    fill(desk, incident_id)  # the impact is rewritten; the incident remembers the password
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_composer(pilot)
        await checked(pilot, screen)
        calls = copy_calls(pilot)
        await type_at_the_end(pilot, screen, f" Old value {password} rotated.")
        await checked(pilot, screen)
        assert screen.refusal() is None  # the pattern rules see nothing in a bare value
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SentScreen))
        await settle(pilot)
        view = pilot.app.screen
        assert isinstance(view, SentScreen)
        assert password not in calls[0]
        said = [line for line in view.lines if "on the way out" in line]
        assert said
        assert said[0].startswith("- the redactor also removed on the way out: ")
