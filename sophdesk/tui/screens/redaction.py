"""The redaction preview: the evidence as pasted, and as it would leave the desk.

The original is an editable TextArea; the redacted text is a read-only one.
Each finding is listed (line:col, category, placeholder, rule) and highlighted
in both views with its category's style; the current finding is selected in
both. Redaction runs in a thread worker, debounced, one run at a time (a run
started while another is busy waits for it, so a 10 MB text never piles up
runs). The operator may restore a false positive (with a reason) or mark a
span by hand; with an incident, both are recorded on its timeline without the
value. ``ctrl+s`` dismisses the screen with the current :class:`Redaction`.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import Selection
from textual.worker import Worker, get_current_worker

from sophdesk.domain.incident import format_size
from sophdesk.domain.redaction import CATEGORIES, Finding, KnownSecret, Redaction, redact

if TYPE_CHECKING:
    from sophdesk.tui.app import SophdeskApp

#: Quiet time after a keystroke before the preview recomputes (seconds), for texts
#: of BIG_TEXT_CHARS and more. Smaller texts recompute at once: a run takes a few
#: tens of milliseconds at 100 KB, and keystrokes typed during a run are folded
#: into the next one, so the preview follows typing within one run.
DEBOUNCE_SECONDS = 0.15
#: From this size on, the redacted view shows a loading indicator while it works.
BIG_TEXT_CHARS = 256 * 1024
BIG_TEXT_LINES = 5000
#: The findings list shows this many at a time (the window around the current one):
#: a 10 MB log has tens of thousands, and building them all would freeze the screen.
LIST_WINDOW = 500

Location = tuple[int, int]
#: Per line: (start column, end column or None for "to the end", category).
Marks = dict[int, list[tuple[int, int | None, str]]]

# The characters sophdesk.domain.text.visible shows as symbols. Here each one
# becomes ONE printable character, so columns, the cursor and the selection stay
# where the document says they are.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def _glyph(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # control pictures: ESC -> U+241B
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"  # C1, bidi and zero-width controls: the replacement character


def shown(line: str) -> str:
    """``line`` with every control character made a visible symbol, same length."""
    return _UNSAFE.sub(_glyph, line)


_CATEGORY_CSS = """
{name} > .finding--provider_key,
{name} > .finding--service_token,
{name} > .finding--credential,
{name} > .finding--known_secret {{
    color: $text-error; background: $error-muted; text-style: underline;
}}
{name} > .finding--purchase_code,
{name} > .finding--payment {{
    color: $text-warning; background: $warning-muted; text-style: underline;
}}
{name} > .finding--private {{
    color: $text-primary; background: $primary-muted; text-style: underline;
}}
{name} > .finding--manual {{
    color: $text-success; background: $success-muted; text-style: underline;
}}
"""


class FindingArea(TextArea):
    """A TextArea that styles finding spans by category and never prints controls.

    It hooks :meth:`TextArea.get_line`, which Textual documents as the place to
    stylize a line's ``Text``; the styles come from component classes, so every
    theme (and ``NO_COLOR``) applies. Nothing else of TextArea is overridden.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = TextArea.COMPONENT_CLASSES | {
        f"finding--{category}" for category in CATEGORIES
    }

    DEFAULT_CSS = _CATEGORY_CSS.format(name="FindingArea")

    def __init__(self, text: str = "", **kwargs: object) -> None:
        super().__init__(text, **kwargs)  # type: ignore[arg-type]
        self._finding_marks: Marks = {}

    def show_marks(self, marks: Marks) -> None:
        """Style these spans from now on (lines are re-rendered)."""
        self._finding_marks = marks
        # TextArea caches rendered lines by cursor, scroll and theme, not by our
        # marks: forget them (the same cache edits and theme changes clear).
        cache = getattr(self, "_line_cache", None)
        if cache is not None and hasattr(cache, "clear"):
            cache.clear()
        self.refresh()

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        plain = line.plain
        safe = shown(plain)
        if safe != plain:
            line = Text(safe, end="", no_wrap=True)
        for start, end, category in self._finding_marks.get(line_index, ()):
            style = self.get_component_rich_style(f"finding--{category}", partial=True)
            line.stylize(style, start, len(plain) if end is None else end)
        return line


class RedactedView(ScrollView, can_focus=True):
    """The redacted text, read-only, rendered line by line as it scrolls.

    Its lines are split in the worker thread; showing 10 MB costs the screen
    nothing more than showing 10 lines (a TextArea spends a second wrapping them).
    The current finding is shown in reverse video on top of its category style.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"finding--{c}" for c in CATEGORIES} | {
        "redacted-view--current"
    }
    DEFAULT_CSS = (
        _CATEGORY_CSS.format(name="RedactedView")
        + """
    RedactedView { background: $surface; color: $foreground; padding: 0 1; }
    RedactedView > .redacted-view--current { text-style: bold reverse; }
    """
    )
    BINDINGS = [
        Binding("up", "scroll_up", "Up", show=False),
        Binding("down", "scroll_down", "Down", show=False),
        Binding("left", "scroll_left", "Left", show=False),
        Binding("right", "scroll_right", "Right", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = ""
        self._lines: list[str] = [""]
        self._finding_marks: Marks = {}
        self._current: tuple[Location, Location] | None = None

    def show(self, text: str, lines: list[str], width: int, marks: Marks) -> None:
        """Show ``text`` (already split into ``lines``, ``width`` cells at most)."""
        self.text = text
        self._lines = lines or [""]
        self._finding_marks = marks
        self._current = None
        self.virtual_size = Size(width + 1, len(self._lines))
        self.refresh()

    def select(self, span: tuple[Location, Location]) -> None:
        """Make ``span`` the current finding and scroll it into the middle."""
        self._current = span
        (row, column), _ = span
        height = self.scrollable_content_region.height
        width = self.scrollable_content_region.width
        prefix = cell_len(self._lines[row][:column]) if row < len(self._lines) else 0
        x = 0 if prefix < width * 2 // 3 else prefix - width // 3
        self.scroll_to(x=x, y=max(0, row - height // 2), animate=False, immediate=True)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if row >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[row]
        text = Text(shown(line).replace("\t", " "), style=base, end="", no_wrap=True)
        for start, end, category in self._finding_marks.get(row, ()):
            style = self.get_component_rich_style(f"finding--{category}", partial=True)
            text.stylize(style, start, len(line) if end is None else end)
        if self._current is not None:
            (first, column), (last, end_column) = self._current
            if first <= row <= last:
                style = self.get_component_rich_style("redacted-view--current", partial=True)
                text.stylize(
                    style,
                    column if row == first else 0,
                    end_column if row == last else len(line),
                )
        segments = Segment.apply_style(text.render(self.app.console), style=base)
        strip = Strip(list(segments), text.cell_len)
        return strip.crop_extend(scroll_x, scroll_x + width, base)


@dataclass(frozen=True)
class Preview:
    """One finished run: the text it saw and where everything is in both views."""

    source: str
    redaction: Redaction
    original_spans: tuple[tuple[Location, Location], ...]
    redacted_spans: tuple[tuple[Location, Location], ...]
    original_marks: Marks
    redacted_marks: Marks
    redacted_lines: list[str]
    redacted_width: int
    seconds: float


def line_starts(text: str, newline: str) -> list[int]:
    """Offsets where each line of ``text`` starts (lines split on ``newline``)."""
    starts = [0]
    step = len(newline) or 1
    find = text.find
    at = find(newline)
    while at != -1:
        starts.append(at + step)
        at = find(newline, at + step)
    return starts


def locate(starts: Sequence[int], offset: int) -> Location:
    row = bisect_right(starts, offset) - 1
    return row, offset - starts[row]


def _mark(marks: Marks, starts: Sequence[int], start: int, end: int, category: str) -> None:
    first, column = locate(starts, start)
    last, end_column = locate(starts, end)
    for row in range(first, last + 1):
        begin = column if row == first else 0
        finish: int | None = end_column if row == last else None
        marks.setdefault(row, []).append((begin, finish, category))


def build_preview(
    source: str,
    newline: str,
    known: Sequence[KnownSecret],
    allow: Sequence[str],
    extra: Sequence[tuple[int, int]],
) -> Preview:
    """Redact ``source`` and place every finding in both views (any thread)."""
    began = time.perf_counter()
    redaction = redact(source, known=known, allow=allow, extra=extra)
    original_starts = line_starts(source, newline)
    redacted_starts = line_starts(redaction.text, newline)
    original_spans = []
    redacted_spans = []
    original_marks: Marks = {}
    redacted_marks: Marks = {}
    shift = 0
    for finding in redaction.findings:
        start = finding.start + shift
        end = start + len(finding.placeholder)
        shift += len(finding.placeholder) - (finding.end - finding.start)
        original_spans.append(
            (locate(original_starts, finding.start), locate(original_starts, finding.end))
        )
        redacted_spans.append((locate(redacted_starts, start), locate(redacted_starts, end)))
        _mark(original_marks, original_starts, finding.start, finding.end, finding.category)
        _mark(redacted_marks, redacted_starts, start, end, finding.category)
    lines = redaction.text.split(newline) if newline else [redaction.text]
    width = max((cell_len(line) for line in lines), default=0)
    return Preview(
        source,
        redaction,
        tuple(original_spans),
        tuple(redacted_spans),
        original_marks,
        redacted_marks,
        lines,
        width,
        time.perf_counter() - began,
    )


def finding_label(finding: Finding) -> str:
    where = f"{finding.line}:{finding.column}"
    return f"{where}  {finding.category}  {finding.placeholder}  {finding.rule}"


def counts_line(redaction: Redaction) -> str:
    if not redaction.findings:
        return "nothing to redact"
    counts = Counter(f.category for f in redaction.findings)
    parts = [f"{name} {counts[name]}" for name in CATEGORIES if counts[name]]
    return " \u00b7 ".join(parts)


class ReasonScreen(ModalScreen[str | None]):
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


class RedactionScreen(Screen[Redaction | None]):
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
        self._listed: list[str] = []
        self._redacting = False
        self._dirty = False
        self._use_when_ready = False
        self._changed_at: float | None = None
        #: Edits seen so far, and the edit count of the text the preview shows.
        self._generation = 0
        self._running_generation = 0
        self._shown_generation = -1
        #: The first finding the findings list shows (it shows LIST_WINDOW at a time).
        self._window = 0
        #: Seconds from the last change to its preview on screen (for the status, tests).
        self.last_latency: float | None = None

    @property
    def desk_app(self) -> SophdeskApp:
        return self.app  # type: ignore[return-value]

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

    @property
    def original(self) -> FindingArea:
        return self.query_one("#original", FindingArea)

    @property
    def redacted(self) -> RedactedView:
        return self.query_one("#redacted", RedactedView)

    @property
    def findings_list(self) -> OptionList:
        return self.query_one("#findings", OptionList)

    # -- running the redactor -------------------------------------------------------

    @on(TextArea.Changed, "#original")
    def _original_changed(self) -> None:
        self._generation += 1
        self._changed_at = time.perf_counter()
        big = self.original.document.end[0] > BIG_TEXT_LINES or len(self.original.text) >= (
            BIG_TEXT_CHARS
        )
        self._schedule(DEBOUNCE_SECONDS if big else 0.0)

    def _schedule(self, delay: float) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(delay, self._start) if delay else None
        if not delay:
            self._start()

    def _start(self) -> None:
        self._debounce = None
        if self._redacting:
            self._dirty = True  # run again when the busy run is done
            return
        source = self.original.text
        newline = self.original.document.newline
        extra = self._extra(source)
        self._redacting = True
        self._dirty = False
        self._running_generation = self._generation
        if len(source) >= BIG_TEXT_CHARS:
            self.redacted.loading = True
        self._status(
            Content(f"redacting {format_size(len(source.encode('utf-8', 'replace')))}\u2026")
        )
        self._redact(source, newline, tuple(self.allow), extra)

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

    @work(thread=True, exclusive=True, group="redaction", exit_on_error=False)
    def _redact(
        self,
        source: str,
        newline: str,
        allow: tuple[str, ...],
        extra: tuple[tuple[int, int], ...],
    ) -> None:
        try:
            if self._known is None:
                from sophdesk.services.secrets import load_known

                loaded = load_known(may_prompt=False)
                self._known = tuple(loaded.secrets)
                self._unavailable = loaded.unavailable
            preview = build_preview(source, newline, self._known, allow, extra)
        except BaseException:
            self.app.call_from_thread(self._failed)
            raise
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, preview)

    def _failed(self) -> None:
        self._redacting = False
        if not self.is_attached:
            return
        self.redacted.loading = False
        self._status(Content("redaction failed: the redacted view is out of date"))

    def _show(self, preview: Preview) -> None:
        self._redacting = False
        if not self.is_attached:
            return  # dismissed while the worker ran
        if self._dirty:
            self._start()  # the text changed meanwhile: this result is already stale
            return
        previous = self.current
        self.preview = preview
        self._shown_generation = self._running_generation
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
        if self._changed_at is not None:
            self.last_latency = time.perf_counter() - self._changed_at
            self._changed_at = None
        # Keep the place in the list, but never move the operator's cursor in the
        # original: a recompute follows their typing, it must not fight it.
        self.current = None
        if count and previous is not None:
            self._go(min(previous, count - 1), move_original=False)
        self._update_status()
        keyring = self.query_one("#keyring", Static)
        if self._unavailable:
            keyring.update(
                Content(f"Known secrets unavailable (patterns only): {self._unavailable}")
            )
            keyring.display = True
        else:
            keyring.display = False
        if self._use_when_ready:
            self.dismiss(preview.redaction)

    def _status(self, content: Content) -> None:
        self.query_one("#status", Static).update(content)

    def _update_status(self) -> None:
        if self.preview is None:
            return
        text = counts_line(self.preview.redaction)
        total = len(self.preview.redaction.findings)
        if self.current is not None:
            text = f"{self.current + 1}/{total} \u00b7 {text}"
        elif total:
            text = f"{total} finding{'s' if total != 1 else ''} \u00b7 {text}"
        if self._known:
            text += f" \u00b7 known secrets: {len(self._known)}"
        self._status(Content(text))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.desk_app.worker_changed(event)

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

        def restored(reason: str | None) -> None:
            if reason is None:
                return
            if value not in self.allow:
                self.allow.append(value)
            self._schedule(0)
            if self.incident_id is not None:
                self._record_restore(self.incident_id, finding, reason)
            else:
                self.notify(
                    f"{finding.placeholder} restored (no incident: nothing recorded).",
                    markup=False,
                )

        question = (
            f"Restore {finding.placeholder} ({finding.category}, rule {finding.rule},"
            f" line {finding.line}:{finding.column}) as a false positive?"
            " Every occurrence of the value is kept."
        )
        self.app.push_screen(ReasonScreen(question, forbidden=value), restored)

    @work(thread=True, group="redaction-record", exit_on_error=False)
    def _record_restore(self, incident_id: int, finding: Finding, reason: str) -> None:
        from sophdesk.services.redaction_review import record_restore

        record_restore(self.desk_app.desk, incident_id, finding, reason)
        self.app.call_from_thread(
            self.notify,
            f"{finding.placeholder} restored; recorded on #{incident_id}'s timeline.",
            markup=False,
        )

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
            self._record_mark(self.incident_id, where[0], where[1], last - first)
        else:
            self.notify(
                f"Marked {last - first} characters to remove (no incident: nothing recorded).",
                markup=False,
            )

    @work(thread=True, group="redaction-record", exit_on_error=False)
    def _record_mark(
        self, incident_id: int, start: tuple[int, int], end: tuple[int, int], length: int
    ) -> None:
        from sophdesk.services.redaction_review import record_mark

        record_mark(self.desk_app.desk, incident_id, start, end, length)
        self.app.call_from_thread(
            self.notify,
            f"Marked {length} characters to remove; recorded on #{incident_id}'s timeline.",
            markup=False,
        )

    # -- leaving -------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_use(self) -> None:
        stale = self._redacting or self._debounce is not None
        if self.preview is None or stale or self._shown_generation != self._generation:
            self._use_when_ready = True
            self._status(Content("redacting\u2026 the result is used as soon as it is ready"))
            if not stale:
                self._schedule(0)
            return
        self.dismiss(self.preview.redaction)
