"""The redaction preview: paste evidence, see it redacted, restore or mark by hand."""

from __future__ import annotations

import pytest
from keyring_testing import FAIL_BACKEND, SECRET, use_file_keyring
from pilot_testing import desk_app, notifications, screen_text, settle, type_text, wait_for
from textual import events
from textual.pilot import Pilot
from textual.widgets.text_area import Selection

from sophdesk.domain.incident import EventKind
from sophdesk.domain.redaction import Redaction
from sophdesk.services.desk import Desk
from sophdesk.tui.screens.detail import DetailScreen
from sophdesk.tui.screens.redaction import ReasonScreen, RedactionScreen

KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD"
EMAIL = "bob@example.com"
EVIDENCE = (
    f"curl -H 'Authorization: Bearer {KEY}'\n"
    f"mail {EMAIL} [bold]x[/bold] [@click=app.quit]q[/] \x1b[31mred\x1b[0m\n"
    "order #25489 failed at 2026-11-27 14:05:09 UTC\n"
)


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bare SSH host by default: no keyring backend (tests choose otherwise)."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)


async def open_preview(pilot: Pilot, incident_id: int | None = None) -> RedactionScreen:
    await settle(pilot)
    pilot.app.redaction_preview(incident_id)  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, RedactionScreen))
    screen = pilot.app.screen
    assert isinstance(screen, RedactionScreen)
    await wait_for(pilot, lambda: screen.preview is not None)
    return screen


async def paste(pilot: Pilot, screen: RedactionScreen, text: str) -> None:
    """Paste as the terminal does (to the app, which hands it to the focused widget)."""
    before = screen.preview
    pilot.app.post_message(events.Paste(text))
    await wait_for(
        pilot,
        lambda: screen.preview is not before and screen.preview.source == screen.original.text,
        timeout=30,
    )
    await settle(pilot)


def redaction(screen: RedactionScreen) -> Redaction:
    result = screen.result()
    assert result is not None
    return result


async def test_a_pasted_secret_shows_as_its_placeholder_and_is_listed(desk: Desk) -> None:
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_preview(pilot)
        assert redaction(screen) == Redaction("", ())
        await paste(pilot, screen, EVIDENCE)
        result = redaction(screen)
        assert KEY not in result.text
        assert EMAIL not in result.text
        assert "Bearer [openai-key-1]" in result.text
        assert "2026-11-27 14:05:09 UTC" in result.text  # kept for reproduction
        assert screen.redacted.text == result.text
        text = screen_text(pilot)
        assert "1:32  provider_key  [openai-key-1]  openai-key" in text
        assert "private  [email-1]" in text
        assert "provider_key 1" in text
        assert "private 1" in text
        # The key is only in the original pane (which the operator typed), never below it.
        redacted_pane = text[text.index("Redacted") :]
        assert KEY[:20] not in redacted_pane
        assert EMAIL not in redacted_pane


async def test_next_and_previous_move_both_views(desk: Desk) -> None:
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_preview(pilot)
        await paste(pilot, screen, EVIDENCE)
        findings = redaction(screen).findings
        assert len(findings) == 2
        await pilot.press("ctrl+n")
        assert screen.current == 0
        assert screen.original.selected_text == KEY
        assert screen.findings_list.highlighted == 0
        assert screen.redacted._current == screen.preview.redacted_spans[0]  # type: ignore[union-attr]
        await pilot.press("ctrl+n")
        assert screen.current == 1
        assert screen.original.selected_text == EMAIL
        assert "2/2 \u00b7" in screen_text(pilot)
        await pilot.press("ctrl+n")  # wraps round
        assert screen.current == 0
        await pilot.press("ctrl+o")
        assert screen.current == 1
        await pilot.press("ctrl+o")
        assert screen.current == 0
        # From the findings list, plain n / p and the arrows work too.
        screen.findings_list.focus()
        await pilot.press("n")
        assert screen.current == 1
        await pilot.press("up")
        assert screen.current == 0
        assert screen.original.selected_text == KEY


async def test_restoring_needs_a_reason_and_is_recorded_without_the_value(desk: Desk) -> None:
    incident = desk.new_incident("Checkout 500", "acme.shop", "see the log below")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_preview(pilot, incident.id)
        assert screen.original.text == desk.incident(incident.id).body
        screen.original.select_all()
        await paste(pilot, screen, EVIDENCE)
        await pilot.press("ctrl+n", "ctrl+n")  # the e-mail
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReasonScreen))
        await pilot.press("enter")  # no reason: refused
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReasonScreen)
        assert "A reason is required" in screen_text(pilot)
        await pilot.press(*f"it is {EMAIL}", "enter")  # the value in the reason: refused
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReasonScreen)
        assert "Do not write the value" in screen_text(pilot)
        await pilot.press("ctrl+u")
        await type_text(pilot, "support's own demo address")
        await pilot.press("enter")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        await wait_for(pilot, lambda: EMAIL in redaction(screen).text)
        await settle(pilot)
        assert EMAIL in screen.redacted.text
        assert KEY not in screen.redacted.text
        assert [f.category for f in redaction(screen).findings] == ["provider_key"]
        assert EMAIL in screen.allow
    events_ = [e for e in desk.detail(incident.id).events if e.kind is EventKind.REDACTION]
    assert len(events_) == 1
    event = events_[0]
    assert event.field == "restored"
    assert event.note == "support's own demo address"
    summary = event.summary()
    assert "[email-1]" in summary
    assert "private" in summary
    assert "2:6" in summary
    assert "rule email" in summary
    for event in desk.detail(incident.id).events:
        for value in (event.field, event.before, event.after, event.note, event.summary()):
            assert EMAIL not in (value or "")


async def test_cancelling_the_reason_restores_nothing(desk: Desk) -> None:
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_preview(pilot)
        await paste(pilot, screen, EVIDENCE)
        await pilot.press("ctrl+n", "ctrl+r")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReasonScreen))
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert screen.allow == []
        assert KEY not in redaction(screen).text


async def test_marking_a_span_removes_it_and_is_recorded(desk: Desk) -> None:
    incident = desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_preview(pilot, incident.id)
        await paste(pilot, screen, EVIDENCE)
        await pilot.press("ctrl+t")  # nothing selected: says how
        await settle(pilot)
        assert any("Select the text" in m for m in notifications(pilot))
        screen.original.focus()
        screen.original.selection = Selection((2, 6), (2, 12))  # "#25489"
        assert screen.original.selected_text == "#25489"
        before = screen.preview
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: screen.preview is not before)
        await settle(pilot)
        result = redaction(screen)
        assert "#25489" not in result.text
        assert "order [manual-1] failed" in result.text
        manual = [f for f in result.findings if f.category == "manual"]
        assert [(f.line, f.column, f.rule) for f in manual] == [(3, 7, "operator")]
        assert "manual 1" in screen_text(pilot)
        # The mark follows its text when the operator edits above it.
        screen.original.focus()
        screen.original.move_cursor((0, 0))
        before = screen.preview
        await pilot.press("home")
        await type_text(pilot, "# ")
        await wait_for(
            pilot, lambda: screen.preview is not before and "# curl" in screen.preview.source
        )  # type: ignore[union-attr]
        await settle(pilot)
        assert "order [manual-1] failed" in redaction(screen).text
    marked = [e for e in desk.detail(incident.id).events if e.kind is EventKind.REDACTION]
    assert [e.field for e in marked] == ["marked"]
    assert marked[0].after == "3:7-3:13 (6 characters) to remove"
    assert "#25489" not in marked[0].summary()


async def test_markup_and_escape_codes_are_shown_literally(desk: Desk) -> None:
    async with desk_app(desk).run_test(size=(200, 40)) as pilot:
        screen = await open_preview(pilot)
        await paste(pilot, screen, EVIDENCE)
        assert pilot.app.is_running
        text = screen_text(pilot)
        assert text.count("[bold]x[/bold] [@click=app.quit]q[/]") == 2  # both views
        assert text.count("\u241b[31mred\u241b[0m") == 2
        assert "\x1b" not in text
        await pilot.click("#redacted", offset=(30, 1))
        await settle(pilot)
        assert pilot.app.is_running
        # The text itself is kept as pasted (the result is what was redacted, not shown).
        assert "\x1b[31mred" in redaction(screen).text


def _styles_at(area: object, y: int, needle: str) -> tuple[object, object]:
    """The style of the cell starting ``needle`` on rendered line ``y``, and of the
    first cell of the line (plain text)."""
    strip = area.render_line(y)  # type: ignore[attr-defined]
    text = strip.text
    at = text.index(needle)
    position = 0
    found = first = None
    for segment in strip:
        if first is None and segment.text.strip():
            first = segment.style
        if position <= at < position + len(segment.text):
            found = segment.style
        position += len(segment.text)
    return found, first


async def test_every_finding_is_highlighted_with_its_category_in_both_views(
    desk: Desk,
) -> None:
    async with desk_app(desk).run_test(size=(120, 40)) as pilot:
        screen = await open_preview(pilot)
        await paste(pilot, screen, EVIDENCE)
        screen.original.move_cursor((2, 0))  # the cursor is off both finding lines
        await settle(pilot)
        found, plain = _styles_at(screen.original, 1, EMAIL)
        assert found is not None
        assert found.underline
        assert plain is not None
        assert not plain.underline
        private = screen.original.get_component_rich_style("finding--private", partial=True)
        assert found.bgcolor == private.bgcolor
        found, plain = _styles_at(screen.redacted, 1, "[email-1]")
        assert found is not None
        assert found.underline
        assert not plain.underline
        secret, _ = _styles_at(screen.original, 0, KEY[:10])
        assert secret is not None
        assert secret.underline
        assert secret.bgcolor != found.bgcolor  # a key and an address look different
        # After a restore the highlight goes (the line cache is not stale).
        screen.allow.append(EMAIL)
        before = screen.preview
        screen._schedule(0)
        await wait_for(pilot, lambda: screen.preview is not before)
        await settle(pilot)
        found, _ = _styles_at(screen.original, 1, EMAIL)
        assert found is None or not found.underline


async def test_stacked_at_80x24_and_side_by_side_at_120x40(desk: Desk) -> None:
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_preview(pilot)
        original, redacted = screen.original.region, screen.redacted.region
        assert redacted.y >= original.bottom
        assert redacted.x == original.x
        assert screen.has_class("-narrow")
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        original, redacted = screen.original.region, screen.redacted.region
        assert redacted.y == original.y
        assert redacted.x >= original.right
        assert screen.has_class("-wide")
        footer = screen_text(pilot).splitlines()[-1]
        for key in ("Close", "Use this", "Next", "Prev", "Restore", "Mark"):
            assert key in footer


async def test_use_this_dismisses_with_the_redaction(desk: Desk) -> None:
    results: list[Redaction | None] = []
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = RedactionScreen(EVIDENCE)
        pilot.app.push_screen(screen, results.append)
        await pilot.press("ctrl+s")  # before the first run ends: used when ready
        await wait_for(pilot, lambda: bool(results))
        assert results[0] is not None
        assert KEY not in results[0].text
        screen = RedactionScreen(EVIDENCE)
        pilot.app.push_screen(screen, results.append)
        await wait_for(pilot, lambda: screen.preview is not None)
        await pilot.press("escape")
        await wait_for(pilot, lambda: len(results) == 2)
        assert results[1] is None


async def test_known_secrets_are_redacted_and_their_absence_is_said(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_preview(pilot)
        await paste(pilot, screen, f"it said {SECRET}\n")
        assert SECRET in redaction(screen).text  # patterns alone do not know it
        assert "Known secrets unavailable (patterns only): no keyring backend" in screen_text(pilot)
    use_file_keyring(monkeypatch, tmp_path)
    from sophdesk.services import secrets

    secrets.add("site-token", SECRET)
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_preview(pilot)
        await paste(pilot, screen, f"it said {SECRET}\n")
        result = redaction(screen)
        assert SECRET not in result.text
        assert [f.category for f in result.findings] == ["known_secret"]
        text = screen_text(pilot)
        assert "Known secrets unavailable" not in text
        assert "known secrets: 1" in text


async def test_r_on_an_incident_opens_the_preview_on_its_description(desk: Desk) -> None:
    desk.new_incident("Checkout 500", "acme.shop", "[red]not red[/red] body")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
        await settle(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, RedactionScreen))
        screen = pilot.app.screen
        assert isinstance(screen, RedactionScreen)
        await wait_for(pilot, lambda: screen.preview is not None)
        assert screen.original.text == "[red]not red[/red] body"
        assert "[red]not red[/red] body" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
        await pilot.press("ctrl+r")  # reload moved here
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)


@pytest.mark.slow  # redacts 3 MB in the preview
async def test_a_big_paste_shows_progress_and_keeps_the_screen_responsive(desk: Desk) -> None:
    line = f"[2026-11-27 14:05:09 UTC] PHP Warning: key {KEY} from {EMAIL} order #25489\n"
    big = line * (3 * 1024 * 1024 // len(line))
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_preview(pilot)
        before = screen.preview
        pilot.app.post_message(events.Paste(big))
        await wait_for(pilot, lambda: "redacting 3.0 MB" in screen_text(pilot), timeout=10)
        assert screen.redacted.loading
        await wait_for(pilot, lambda: screen.preview is not before, timeout=60)
        await settle(pilot)
        result = redaction(screen)
        assert KEY not in result.text
        assert EMAIL not in result.text
        assert not screen.redacted.loading
        assert "listed 1-500" in screen_text(pilot)  # the list shows a window
        await pilot.press("ctrl+o")  # the last finding: the list moves its window
        count = len(result.findings)
        assert screen.current == count - 1
        assert f"{count}/{count} \u00b7" in screen_text(pilot)


async def test_typing_a_finding_updates_both_views_line_by_line(desk: Desk) -> None:
    """Each preview repaints only the lines it changes: the one typed on must follow."""
    lines = [f"plain line {n} with nothing to hide" for n in range(60)]
    lines[0] += " and a longer tail" * 3  # the widest line: typing changes no width
    async with desk_app(desk).run_test(size=(120, 40)) as pilot:
        screen = await open_preview(pilot)
        await paste(pilot, screen, "\n".join(lines))
        original = screen.original
        original.focus()
        original.move_cursor((5, len(lines[5])))
        await settle(pilot)

        async def typed(*keys: str) -> None:
            await pilot.press(*keys)
            await wait_for(pilot, lambda: screen._shown_generation == screen._generation)
            await settle(pilot)

        await typed(*" note")
        assert screen_text(pilot).count("5 with nothing to hide note") == 2  # both panes
        await typed(*f" {EMAIL}")
        text = screen_text(pilot)
        assert text.count(f"hide note {EMAIL}") == 1
        assert text.count("hide note [email-1]") == 1
        row = 5 - original.scroll_offset.y
        found, plain = _styles_at(original, row, EMAIL)
        assert found is not None
        assert found.underline
        assert plain is not None
        assert not plain.underline
        found, _ = _styles_at(screen.redacted, 5 - screen.redacted.scroll_offset.y, "[email-1]")
        assert found is not None
        assert found.underline
        # Typing on: the mark grows with the address, in the original too.
        await typed(*"m.au")
        assert f"{EMAIL}m.au" in original.document[5]
        found, _ = _styles_at(original, 5 - original.scroll_offset.y, "m.au")
        assert found is not None
        assert found.underline
        await typed("enter", *"x")  # a new line: every line below moves down
        text = screen_text(pilot)
        assert text.count("hide note [email-1]") == 1
        assert text.count("plain line 6 with nothing to hide") == 2


async def test_the_preview_thread_stops_when_the_screen_closes(desk: Desk) -> None:
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_preview(pilot)
        thread = screen._thread._thread
        assert thread is not None
        assert thread.is_alive()
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, RedactionScreen))
        thread.join(timeout=5)
        assert not thread.is_alive()


async def test_a_failed_run_is_reported_and_the_next_edit_runs_again(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sophdesk.tui.screens import redaction_preview

    build = redaction_preview.build_preview

    def broken(*args: object, **kwargs: object) -> object:
        raise ValueError("the engine broke")

    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        screen = await open_preview(pilot)
        monkeypatch.setattr(redaction_preview, "build_preview", broken)
        pilot.app.post_message(events.Paste(EVIDENCE))
        await wait_for(pilot, lambda: "redaction failed" in screen_text(pilot))
        assert pilot.app.is_running
        assert any("the engine broke" in m for m in notifications(pilot))
        assert screen.result() == Redaction("", ())  # the last good one, not a guess
        monkeypatch.setattr(redaction_preview, "build_preview", build)
        screen.original.focus()
        await pilot.press("end", "x")
        await wait_for(pilot, lambda: KEY in screen.preview.source)  # type: ignore[union-attr]
        assert KEY not in redaction(screen).text


def test_the_preview_thread_builds_the_latest_request_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Requests made during a run replace each other: the next run is the latest."""
    import threading

    from sophdesk.tui.screens import redaction_preview
    from sophdesk.tui.screens.redaction_preview import (
        PreviewReady,
        PreviewRequest,
        PreviewThread,
    )

    build = redaction_preview.build_preview
    running = threading.Event()
    release = threading.Event()
    built: list[str] = []

    def slow(source: str, *args: object, **kwargs: object) -> object:
        built.append(source)
        if source == "first":
            running.set()
            assert release.wait(5)
        return build(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(redaction_preview, "build_preview", slow)
    posted: list[object] = []
    done = threading.Event()

    class Target:
        def post_message(self, message: object) -> bool:
            posted.append(message)
            if len(posted) == 2:
                done.set()
            return True

    thread = PreviewThread(Target(), load_known=lambda: ((), None))  # type: ignore[arg-type]
    try:
        thread.submit(PreviewRequest(1, 1, "first", "\n", (), ()))
        assert running.wait(5)
        for number in (2, 3, 4):
            thread.submit(PreviewRequest(number, number, f"text {number}", "\n", (), ()))
        release.set()
        assert done.wait(5)
    finally:
        thread.stop()
    assert built == ["first", "text 4"]
    assert [m.request.number for m in posted if isinstance(m, PreviewReady)] == [1, 4]
