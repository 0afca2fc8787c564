"""Add a log excerpt (``l`` on an incident): choose the lines around an error.

The source is the incident's description (as stored: redacted) or a log pasted
into the dialog. The operator moves through it and marks the first line (``s``)
and the last (``e``); the dialog opens on the lines around the first error it
sees. Beside the choice it shows what would be stored: the same checks (at most
50 lines) and the same redaction as ``sophdesk edit --excerpt-file``
(``services.communication.excerpt_preview``). Ctrl+S dismisses with the
:class:`ExcerptChoice` (the caller saves it with ``add_excerpt``); Esc with None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, Label, Static

from sophdesk.domain.communication import MAX_EXCERPT_LINES, MAX_LABEL_CHARS, check_excerpt
from sophdesk.domain.errors import InvalidInput
from sophdesk.tui.safe import literal
from sophdesk.tui.screens.base import DeskDialog
from sophdesk.tui.typing_order import after_keys
from sophdesk.tui.widgets.guarded_inputs import BodyArea

#: Lines shown either side of the first error when the dialog opens.
CONTEXT_LINES = 5
ERROR_WORDS = re.compile(r"error|exception|fatal|fail|traceback|\b5\d\d\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ExcerptChoice:
    text: str
    label: str


def around_first_error(lines: list[str]) -> tuple[int, int]:
    """The first and last line (0-based) to offer: around the first error, or the
    start of the text."""
    found = next((i for i, line in enumerate(lines) if ERROR_WORDS.search(line)), None)
    if found is None:
        return 0, max(0, min(len(lines), MAX_EXCERPT_LINES) - 1)
    return max(0, found - CONTEXT_LINES), min(len(lines) - 1, found + CONTEXT_LINES)


class ExcerptScreen(DeskDialog[ExcerptChoice | None]):
    DEFAULT_CSS = """
    ExcerptScreen { align: center middle; }
    ExcerptScreen > Vertical {
        width: 100%; max-width: 110; height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    ExcerptScreen #heading { text-style: bold; }
    ExcerptScreen .hint { color: $text-muted; }
    ExcerptScreen #source { height: 1fr; min-height: 4; }
    ExcerptScreen #range { text-style: bold; }
    ExcerptScreen #label { margin: 0; }
    ExcerptScreen #preview-box { height: 6; background: $boost; }
    ExcerptScreen #error { color: $text-error; height: auto; }
    """
    BINDINGS = [
        # In the label these are letters (the Input takes them first).
        Binding("s", "mark_start", "Start here", id="excerpt_start"),
        Binding("e", "mark_end", "End here", id="excerpt_end"),
        Binding("ctrl+s", "save", "Save", priority=True, id="excerpt_save"),
        Binding("escape", "cancel", "Cancel", id="excerpt_cancel"),
    ]

    def __init__(self, incident_id: int, description: str) -> None:
        super().__init__()
        self.incident_id: int = incident_id
        self.source_text = description
        lines = description.splitlines()
        self.start, self.end = around_first_error(lines)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content(
                    f"#{self.incident_id}: add a log excerpt (at most {MAX_EXCERPT_LINES}"
                    " lines, stored redacted)"
                ),
                id="heading",
            )
            yield Static(
                Content(
                    "↑↓ PgUp PgDn move · s: first line · e: last line ·"
                    " paste a log to use it instead of the description"
                ),
                classes="hint",
            )
            yield BodyArea(
                self.source_text,
                id="source",
                read_only=True,
                show_line_numbers=True,
                soft_wrap=False,
            )
            yield Static(id="range")
            yield Input(
                placeholder="Label: what the lines show (optional; Tab to type it)",
                id="label",
                compact=True,
                max_length=MAX_LABEL_CHARS,
            )
            yield Label(Content("Stored as (redacted):"), classes="hint")
            with VerticalScroll(id="preview-box"):
                yield Static(id="preview")
            yield Static(id="error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        source = self.query_one("#source", BodyArea)
        source.cursor_blink = False  # read-only: a steady cursor marks the line
        source.move_cursor((self.start, 0), center=True)
        source.focus()
        self._chosen_changed()

    # -- the lines -------------------------------------------------------------------

    @property
    def source(self) -> BodyArea:
        return self.query_one("#source", BodyArea)

    def chosen_text(self) -> str:
        # The document's lines, whatever ended them (a terminal pastes CR for LF).
        lines = self.source.document.lines
        return "\n".join(lines[self.start : self.end + 1])

    def action_mark_start(self) -> None:
        self.start = self.source.cursor_location[0]
        self.end = max(self.end, self.start)
        self._chosen_changed()

    def action_mark_end(self) -> None:
        self.end = self.source.cursor_location[0]
        self.start = min(self.start, self.end)
        self._chosen_changed()

    @on(events.Paste)
    def _pasted_log(self, event: events.Paste) -> None:
        """A log pasted into the dialog replaces the description as the source (the
        source's own guard has already refused one too large)."""
        event.stop()
        self.source.load_text(event.text)
        self.start, self.end = around_first_error(self.source.document.lines)
        self.source.move_cursor((self.start, 0), center=True)
        self.source.focus()
        self._chosen_changed()

    @on(Input.Changed, "#label")
    def _label_changed(self) -> None:
        self._chosen_changed()

    def _chosen_changed(self) -> None:
        count = self.end - self.start + 1
        over = count > MAX_EXCERPT_LINES
        self.query_one("#range", Static).update(
            Content(
                f"Lines {self.start + 1}-{self.end + 1}: {count} of at most {MAX_EXCERPT_LINES}"
                + ("  (too many: move s or e)" if over else "")
            )
        )
        self.query_one("#error", Static).update(Content(""))
        self._preview(self.chosen_text(), self.query_one("#label", Input).value)

    @work(thread=True, exclusive=True, group="excerpt-preview", exit_on_error=False)
    def _preview(self, text: str, label: str) -> None:
        from sophdesk.services.communication import excerpt_preview

        try:
            stored, stored_label = excerpt_preview(
                self.desk_app.desk, self.incident_id, text, label
            )
        except InvalidInput as refused:
            shown = Content.assemble(("Refused: ", "bold"), literal(refused.message))
        else:
            head = (literal(stored_label, one_line=True), "\n") if stored_label else ()
            shown = Content.assemble(*head, literal(stored))
        self.app.call_from_thread(self.query_one("#preview", Static).update, shown)

    # -- saving ----------------------------------------------------------------------

    @after_keys  # "↓ ↓ e Ctrl+S" in one burst: saved as e marked it
    def action_save(self) -> None:
        text = self.chosen_text()
        label = self.query_one("#label", Input).value
        try:
            check_excerpt(text, label)
        except InvalidInput as refused:
            self.query_one("#error", Static).update(
                Content.assemble("Not saved: ", literal(refused.message))
            )
            return
        self.dismiss(ExcerptChoice(text, label))

    def action_cancel(self) -> None:
        self.dismiss(None)
