"""Open a new incident: title, customer, description. Nothing typed is lost on Esc."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Checkbox, Label, Static

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.incident import MAX_CUSTOMER_CHARS, MAX_TITLE_CHARS, NewIncident
from sophdesk.tui.safe import literal
from sophdesk.tui.screens.base import DeskDialog
from sophdesk.tui.typing_order import after_typing
from sophdesk.tui.widgets.guarded_inputs import BodyArea, LineInput
from sophdesk.tui.widgets.marked_checkbox import MarkedCheckbox

#: What happens to the description, under the "keep raw" checkbox (not ticked, ticked).
REDACTED_HINT = "Stored redacted: keys, passwords, cards, e-mails become [placeholders]."
RAW_HINT = "Kept raw: stored as given (marked raw), redacted on every way out."


class NewIncidentScreen(DeskDialog[NewIncident | None]):
    """Dismisses with a validated :class:`NewIncident`, or None when abandoned."""

    DEFAULT_CSS = """
    NewIncidentScreen { align: center middle; }
    NewIncidentScreen > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    NewIncidentScreen Label { margin-top: 0; }
    NewIncidentScreen BodyArea { height: 8; min-height: 3; }
    NewIncidentScreen #error { color: $error; height: auto; }
    NewIncidentScreen .hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="save"),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._armed_discard = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content("New incident"), classes="title")
            yield Label(Content("Title: what is wrong, in one line"))
            yield LineInput(id="title", limit=MAX_TITLE_CHARS, max_length=MAX_TITLE_CHARS)
            yield Label(Content("Customer: the site or client affected"))
            yield LineInput(id="customer", limit=MAX_CUSTOMER_CHARS, max_length=MAX_CUSTOMER_CHARS)
            yield Label(Content("Description (what happened, when, on which screen)"))
            yield BodyArea(id="body", soft_wrap=True, show_line_numbers=False)
            yield MarkedCheckbox(
                Content("Keep the description raw (unredacted, marked raw)"),
                False,
                id="raw",
                compact=True,
            )
            yield Label(Content(REDACTED_HINT), id="raw-hint", classes="hint")
            yield Static(id="error")
            yield Label(
                Content("Ctrl+S: save · Tab: next field · Space: tick · Esc: cancel"),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#title", LineInput).focus()

    def _values(self) -> tuple[str, str, str]:
        return (
            self.query_one("#title", LineInput).value,
            self.query_one("#customer", LineInput).value,
            self.query_one("#body", BodyArea).text,
        )

    @after_typing
    def action_save(self) -> None:
        title, customer, body = self._values()
        raw = self.query_one("#raw", Checkbox).value
        try:
            new = NewIncident(title=title, customer=customer, body=body, keep_raw=raw)
        except InvalidInput as exc:
            self.query_one("#error", Static).update(literal(exc.message))
            return
        self.dismiss(new)

    def action_cancel(self) -> None:
        if any(v.strip() for v in self._values()) and not self._armed_discard:
            self._armed_discard = True
            self.query_one("#error", Static).update(
                Content("Press Esc again to discard what you typed, or Ctrl+S to save it.")
            )
            return
        self.dismiss(None)

    @on(Checkbox.Changed, "#raw")
    def _raw_ticked(self, event: Checkbox.Changed) -> None:
        hint = RAW_HINT if event.value else REDACTED_HINT
        self.query_one("#raw-hint", Label).update(Content(hint))

    @on(LineInput.Changed)
    @on(BodyArea.Changed)
    def _edited(self) -> None:
        self._armed_discard = False
