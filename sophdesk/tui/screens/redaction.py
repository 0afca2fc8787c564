"""The redaction preview: the evidence as pasted, and as it would leave the desk.

The original is an editable TextArea; the redacted text is a read-only view.
Each finding is listed (line:col, category, placeholder, rule) and highlighted
in both views with its category's style; the current finding is selected in
both. Redaction runs in one long-lived thread per screen
(:class:`~sophdesk.tui.screens.redaction_preview.PreviewThread`), which always
builds the latest text: a keystroke typed during a run replaces the request
still waiting, so a 10 MB text never piles up runs (big texts are debounced as
well). A result is shown only if no newer request was made meanwhile, and each
view repaints only the lines it changes. The operator may restore a false
positive (with a reason) or mark a span by hand; with an incident, both are
recorded on its timeline without the value. ``ctrl+s`` dismisses the screen
with the current :class:`Redaction`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import Selection

from sophdesk.domain.incident import format_size
from sophdesk.domain.redaction import Finding, KnownSecret, Redaction
from sophdesk.tui.screens.base import DeskDialog, DeskScreen
from sophdesk.tui.screens.redaction_preview import (
    Preview,
    PreviewFailed,
    PreviewReady,
    PreviewRequest,
    PreviewThread,
    line_starts,
)
from sophdesk.tui.widgets.redaction_views import FindingArea, RedactedView

#: Quiet time after a keystroke before the preview recomputes (seconds), for texts
#: of BIG_TEXT_CHARS and more. Smaller texts recompute as soon as the keystroke is
#: on screen: a run takes a few tens of milliseconds at 100 KB, and keystrokes
#: typed during a run are folded into the next one, so the preview follows typing
#: within one run.
DEBOUNCE_SECONDS = 0.15
#: From this size on, the redacted view shows a loading indicator while it works,
#: and the status says so at once.
BIG_TEXT_CHARS = 256 * 1024
BIG_TEXT_LINES = 5000
#: A smaller text says "redacting" only when a run takes longer than this (seconds):
#: a status flickering on every keystroke would cost a repaint and tell nothing.
SLOW_RUN_SECONDS = 0.3
#: The findings list shows this many at a time (the window around the current one):
#: a 10 MB log has tens of thousands, and building them all would freeze the screen.
LIST_WINDOW = 500


def finding_label(finding: Finding) -> str:
    where = f"{finding.line}:{finding.column}"
    return f"{where}  {finding.category}  {finding.placeholder}  {finding.rule}"


class ReasonScreen(DeskDialog[str | None]):
    """Ask why a finding is a false positive; a reason is required."""

    DEFAULT_CSS = """
    ReasonScreen { align: center middle; }
    ReasonScreen > Vertical {
        width: 72; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    ReasonScreen .hint { color: $text-muted; }
    ReasonScreen #error { color: $text-error; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, question: str, forbidden: str = "") -> None:
        super().__init__()
        self.question = question
        self.forbidden = forbidden

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.question), id="question")
            yield Input(placeholder="Why is this not a secret? (required)", id="reason")
            yield Label(Content(""), id="error")
            yield Label(
                Content("Enter: restore and record · Esc: cancel (nothing changes)"),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    def _submitted(self, event: Input.Submitted) -> None:
        reason = event.value.strip()
        error = self.query_one("#error", Label)
        if not reason:
            error.update(Content("A reason is required: the timeline says why this was kept."))
            return
        if self.forbidden and self.forbidden in reason:
            error.update(
                Content("Do not write the value in the reason: the timeline must not hold it.")
            )
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass
class _MarkedSpan:
    start: int
    end: int
    value: str


class RedactionScreen(DeskScreen[Redaction | None]):
    """Paste evidence, see it redacted; ``ctrl+s`` dismisses with the Redaction."""

    SUB_TITLE = "redaction preview"
    AUTO_FOCUS = "#original"
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (120, "-wide"),
    ]
    DEFAULT_CSS = """
    RedactionScreen #panes { layout: vertical; height: 1fr; }
    RedactionScreen.-wide #panes { layout: horizontal; }
    RedactionScreen #original, RedactionScreen #redacted {
        height: 1fr; width: 1fr; border: round $panel-lighten-2;
    }
    RedactionScreen #original:focus, RedactionScreen #redacted:focus {
        border: round $primary;
    }
    RedactionScreen #findings { height: 5; border: round $panel-lighten-2; }
    RedactionScreen #findings:focus { border: round $primary; }
    RedactionScreen.-wide #findings { height: 9; }
    RedactionScreen.-wide #keyring { max-height: 5; }
    RedactionScreen #status { height: 1; padding: 0 1; background: $panel; color: $text; }
    RedactionScreen #keyring {
        height: auto; max-height: 3; padding: 0 1; color: $text-warning;
    }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="close"),
        Binding("ctrl+s", "use", "Use this", id="use"),
        Binding("ctrl+n,n", "next_finding", "Next", id="next_finding"),
        Binding("ctrl+o,p", "previous_finding", "Prev", id="previous_finding"),
        Binding("ctrl+r", "restore", "Restore", id="restore"),
        Binding("ctrl+t", "mark", "Mark", id="mark"),
    ]

    def __init__(self, text: str = "", incident_id: int | None = None) -> None:
        super().__init__()
        self.initial_text = text
        self.incident_id = incident_id
        self.allow: list[str] = []
        self.marked: list[_MarkedSpan] = []
        self.preview: Preview | None = None
        self.current: int | None = None
        self._known: tuple[KnownSecret, ...] | None = None
        self._unavailable: str | None = None
        self._debounce: Timer | None = None
        self._start_queued = False
        self._slow: Timer | None = None
        self._listed: list[str] = []
        self._status_text = ""
        self._keyring_notice: str | None = None
        self._thread = PreviewThread(self)
        #: Requests made so far, and the number of the last one answered.
        self._requested = 0
        self._answered = 0
        self._use_when_ready = False
        self._changed_at: float | None = None
        #: Edits seen so far, and the edit count of the text the preview shows.
        self._generation = 0
        self._shown_generation = -1
        #: The first finding the findings list shows (it shows LIST_WINDOW at a time).
        self._window = 0
        #: Seconds from the last change to its preview on screen (for the status, tests).
        self.last_latency: float | None = None

    # -- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="\u2261")
        with Container(id="panes"):
            original = FindingArea(self.initial_text, id="original", soft_wrap=False)
            original.border_title = "Original (paste evidence here)"
            yield original
            redacted = RedactedView(id="redacted")
            redacted.border_title = "Redacted (read-only)"
            yield redacted
        findings = OptionList(id="findings")
        findings.border_title = "Findings"
        yield findings
        yield Static(Content("redacting\u2026"), id="status")
        yield Static(id="keyring")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#keyring").display = False
        self._schedule(0)

    def on_unmount(self) -> None:
        self._thread.stop()

    @property
    def original(self) -> FindingArea:
        return self.query_one("#original", FindingArea)

    @property
    def redacted(self) -> RedactedView:
        return self.query_one("#redacted", RedactedView)

    @property
    def findings_list(self) -> OptionList:
        return self.query_one("#findings", OptionList)

    @property
    def _busy(self) -> bool:
        """A request is made and not answered yet."""
        return self._answered != self._requested

    # -- running the redactor -------------------------------------------------------

    @on(TextArea.Changed, "#original")
    def _original_changed(self, event: TextArea.Changed) -> None:
        self._generation += 1
        self._changed_at = time.perf_counter()
        document = event.text_area.document
        if document.end[0] > BIG_TEXT_LINES or len(document.text) >= BIG_TEXT_CHARS:
            self._schedule(DEBOUNCE_SECONDS)
            return
        # Start once the keystroke is on screen: the run and the paint share one
        # interpreter (the GIL), so running both at once only delays the echo of the
        # key, not the preview.
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        if not self._start_queued:
            self._start_queued = True
            self.call_after_refresh(self._start_if_queued)

    def _schedule(self, delay: float) -> None:
        self._start_queued = False
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(delay, self._start) if delay else None
        if not delay:
            self._start()

    def _start_if_queued(self) -> None:
        if self._start_queued:  # (not started meanwhile by a restore or a mark)
            self._start()

    def _start(self) -> None:
        """Hand the text as it is now to the preview thread (the latest request wins)."""
        self._debounce = None
        self._start_queued = False
        original = self.original
        source = original.text
        self._requested += 1
        self._thread.submit(
            PreviewRequest(
                self._requested,
                self._generation,
                source,
                original.document.newline,
                tuple(self.allow),
                self._extra(source),
            )
        )
        if len(source) >= BIG_TEXT_CHARS:
            self.redacted.loading = True
            self._say_redacting(source)
        elif self._slow is None:
            self._slow = self.set_timer(SLOW_RUN_SECONDS, self._still_redacting)

    def _still_redacting(self) -> None:
        self._slow = None
        if self._busy:
            self._say_redacting(self.original.text)

    def _say_redacting(self, source: str) -> None:
        size = format_size(len(source.encode("utf-8", "replace")))
        self._status(Content(f"redacting {size}\u2026"))

    def _extra(self, source: str) -> tuple[tuple[int, int], ...]:
        """The marked spans in ``source``; a span whose text moved (an edit before it)
        is found again at its nearest occurrence, or dropped when it is gone."""
        kept: list[_MarkedSpan] = []
        for span in self.marked:
            if source[span.start : span.end] != span.value:
                after = source.find(span.value, span.start)
                before = source.rfind(span.value, 0, span.end)
                options = [at for at in (after, before) if at != -1]
                if not options:
                    continue
                at = min(options, key=lambda o: abs(o - span.start))
                span = _MarkedSpan(at, at + len(span.value), span.value)
            kept.append(span)
        self.marked = kept
        return tuple((s.start, s.end) for s in kept)

    def _answer(self, request: PreviewRequest) -> bool:
        """Take the answer to ``request``; False when a newer request supersedes it."""
        if request.number != self._requested:
            return False  # the text changed meanwhile: the answer to the latest follows
        self._answered = request.number
        if self._slow is not None:
            self._slow.stop()
            self._slow = None
        return True

    @on(PreviewFailed)
    def _failed(self, message: PreviewFailed) -> None:
        message.stop()
        error = message.error
        self.log.error(repr(error))
        if not self._answer(message.request):
            return
        self.redacted.loading = False
        self._status(Content("redaction failed: the redacted view is out of date"))
        self.notify(
            f"Redaction failed: {type(error).__name__}: {error}. The redacted view is out of"
            " date; edit the text to try again.",
            title="Error",
            severity="error",
            markup=False,
            timeout=15,
        )

    @on(PreviewReady)
    def _ready(self, message: PreviewReady) -> None:
        message.stop()
        if not self._answer(message.request):
            return
        self._known = message.known
        self._unavailable = message.unavailable
        self._show(message.preview, message.request.generation)

    def _show(self, preview: Preview, generation: int) -> None:
        previous = self.current
        self.preview = preview
        self._shown_generation = generation
        redacted = self.redacted
        redacted.show(
            preview.redaction.text,
            preview.redacted_lines,
            preview.redacted_width,
            preview.redacted_marks,
        )
        redacted.loading = False
        self.original.show_marks(preview.original_marks)
        count = len(preview.redaction.findings)
        self._fill_list(0 if previous is None else min(previous, max(count - 1, 0)))
        if self._changed_at is not None and generation == self._generation:
            self.last_latency = time.perf_counter() - self._changed_at
            self._changed_at = None
        # Keep the place in the list, but never move the operator's cursor in the
        # original: a recompute follows their typing, it must not fight it.
        self.current = None
        if count and previous is not None:
            self._go(min(previous, count - 1), move_original=False)
        self._update_status()
        notice = self._unavailable and (
            f"Known secrets unavailable (patterns only): {self._unavailable}"
        )
        if notice != self._keyring_notice:  # (a layout: only when it changes)
            self._keyring_notice = notice
            keyring = self.query_one("#keyring", Static)
            if notice:
                keyring.update(Content(notice))
            keyring.display = bool(notice)
        if self._use_when_ready and self._up_to_date():
            self.dismiss(preview.redaction)

    def _up_to_date(self) -> bool:
        """The preview shows the text as it is, with every restore and mark."""
        return (
            self.preview is not None
            and not self._busy
            and self._debounce is None
            and not self._start_queued
            and self._shown_generation == self._generation
        )

    def _status(self, content: Content) -> None:
        # The status line is one row whatever it says: no layout, and no repaint
        # when nothing changed (most keystrokes).
        if content.plain != self._status_text:
            self._status_text = content.plain
            self.query_one("#status", Static).update(content, layout=False)

    def _update_status(self) -> None:
        if self.preview is None:
            return
        text = self.preview.counts
        total = len(self.preview.redaction.findings)
        if self.current is not None:
            text = f"{self.current + 1}/{total} \u00b7 {text}"
        elif total:
            text = f"{total} finding{'s' if total != 1 else ''} \u00b7 {text}"
        if self._known:
            text += f" \u00b7 known secrets: {len(self._known)}"
        self._status(Content(text))

    # -- the API for callers ------------------------------------------------------------

    def result(self) -> Redaction | None:
        """The current redaction (None until the first run has finished)."""
        return self.preview.redaction if self.preview is not None else None

    # -- moving between findings ------------------------------------------------------

    def _fill_list(self, around: int) -> None:
        """Show the window of LIST_WINDOW findings that holds finding ``around``."""
        preview = self.preview
        findings = self.findings_list
        if preview is None:
            return
        all_findings = preview.redaction.findings
        self._window = around - around % LIST_WINDOW
        shown_findings = all_findings[self._window : self._window + LIST_WINDOW]
        labels = [finding_label(f) for f in shown_findings]
        if labels != self._listed:
            # Rebuilding the list is the costly part of a keystroke: typing that
            # changes no finding (most typing) leaves it as it is.
            self._listed = labels
            findings.clear_options()
            findings.add_options([Option(Content(label)) for label in labels])
        title = f"Findings ({len(all_findings)})"
        if len(all_findings) > LIST_WINDOW:
            last = self._window + len(shown_findings)
            title += f", listed {self._window + 1}-{last}: ctrl+n/ctrl+o go on"
        if findings.border_title != title:  # setting it repaints the whole list
            findings.border_title = title

    def _go(self, index: int, *, move_original: bool = True) -> None:
        preview = self.preview
        if preview is None or not preview.redaction.findings:
            return
        self.current = index
        (o_start, o_end) = preview.original_spans[index]
        original = self.original
        if move_original and self._shown_generation == self._generation:
            original.selection = Selection(o_start, o_end)
            original.scroll_cursor_visible(center=True)
        self.redacted.select(preview.redacted_spans[index])
        if not self._window <= index < self._window + LIST_WINDOW:
            self._fill_list(index)
        findings = self.findings_list
        if findings.highlighted != index - self._window:
            findings.highlighted = index - self._window
        self._update_status()

    def _step(self, delta: int) -> None:
        preview = self.preview
        if preview is None or not preview.redaction.findings:
            self.notify("No findings to move between.", markup=False)
            return
        count = len(preview.redaction.findings)
        index = 0 if self.current is None and delta > 0 else (self.current or 0) + delta
        self._go(index % count)

    def action_next_finding(self) -> None:
        self._step(1)

    def action_previous_finding(self) -> None:
        self._step(-1)

    @on(OptionList.OptionHighlighted, "#findings")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = self._window + event.option_index
        if index != self.current:
            self._go(index)

    @on(OptionList.OptionSelected, "#findings")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._go(self._window + event.option_index)
        self.original.focus()

    # -- restoring and marking -------------------------------------------------------

    def action_restore(self) -> None:
        preview = self.preview
        if preview is None or self.current is None or not preview.redaction.findings:
            self.notify("No finding is selected: move to one with ctrl+n.", markup=False)
            return
        finding = preview.redaction.findings[self.current]
        value = preview.source[finding.start : finding.end]
        if finding.category == "manual":
            self.marked = [
                m for m in self.marked if m.end <= finding.start or m.start >= finding.end
            ]
            self.notify(f"{finding.placeholder} is no longer marked.", markup=False)
            self._schedule(0)
            return

        def keep() -> None:
            if value not in self.allow:
                self.allow.append(value)
            self._schedule(0)

        flow = self.desk_app.restore_finding(self.incident_id, finding, value, keep)
        self.desk_app.start_flow(flow, "redaction-restore")

    def action_mark(self) -> None:
        original = self.original
        start, end = sorted(original.selection)
        if start == end:
            self.notify(
                "Select the text to remove first (shift+arrows in the original), then ctrl+t.",
                markup=False,
            )
            return
        text = original.text
        starts = line_starts(text, original.document.newline)
        first = starts[start[0]] + start[1]
        last = starts[end[0]] + end[1]
        value = text[first:last]
        self.marked.append(_MarkedSpan(first, last, value))
        self._schedule(0)
        where = ((start[0] + 1, start[1] + 1), (end[0] + 1, end[1] + 1))
        if self.incident_id is not None:
            self._record_mark(self.incident_id, where[0], where[1], value)
        else:
            self.notify(
                f"Marked {last - first} characters to remove (no incident: nothing recorded).",
                markup=False,
            )

    @work(thread=True, group="redaction-record", exit_on_error=False)
    def _record_mark(
        self, incident_id: int, start: tuple[int, int], end: tuple[int, int], value: str
    ) -> None:
        from sophdesk.services.redaction_review import record_mark

        length = len(value)
        record_mark(self.desk_app.desk, incident_id, start, end, length, value)
        self.app.call_from_thread(
            self.notify,
            f"Marked {length} characters to remove; recorded on #{incident_id}'s timeline.",
            markup=False,
        )

    # -- leaving -------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_use(self) -> None:
        if self._up_to_date():
            assert self.preview is not None
            self.dismiss(self.preview.redaction)
            return
        self._use_when_ready = True
        self._status(Content("redacting\u2026 the result is used as soon as it is ready"))
        if not self._busy and self._debounce is None and not self._start_queued:
            self._schedule(0)
