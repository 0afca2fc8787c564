"""Change an incident's status: only the moves the lifecycle allows, with a note."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from sophdesk.domain.lifecycle import Status
from sophdesk.tui.screens.base import DeskDialog

StatusChoice = tuple[Status, str | None]


class StatusChangeScreen(DeskDialog[StatusChoice | None]):
    DEFAULT_CSS = """
    StatusChangeScreen { align: center middle; }
    StatusChangeScreen > Vertical {
        width: 60; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    StatusChangeScreen OptionList { height: auto; max-height: 10; border: none; }
    StatusChangeScreen .hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(
        self,
        incident_id: int,
        current: Status,
        allowed: tuple[Status, ...],
        *,
        note: str | None = None,
        preferred: Status | None = None,
    ) -> None:
        """``note`` and ``preferred``: the operator's choice kept from a conflict,
        offered again (the move highlighted if it is still allowed)."""
        super().__init__()
        self.incident_id: int = incident_id
        self.current = current
        self.allowed = allowed
        self.note = note or ""
        self.preferred = preferred

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                Content(f"Move #{self.incident_id} from {self.current.value} to:"), id="question"
            )
            if self.allowed:
                yield OptionList(*[Option(Content(s.value)) for s in self.allowed], id="moves")
                yield Input(self.note, placeholder="Note for the timeline (optional)", id="note")
                yield Label(
                    Content("Enter: move · Tab: write a note · Esc: cancel"), classes="hint"
                )
            else:
                yield Label(Content(f"{self.current.value} is final: no move is allowed."))

    def on_mount(self) -> None:
        if self.allowed:
            moves = self.query_one("#moves", OptionList)
            if self.preferred in self.allowed:
                moves.highlighted = self.allowed.index(self.preferred)
            moves.focus()

    def _note(self) -> str | None:
        value = self.query_one("#note", Input).value.strip()
        return value or None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss((self.allowed[event.option_index], self._note()))

    @on(Input.Submitted, "#note")
    def _submitted(self) -> None:
        index = self.query_one("#moves", OptionList).highlighted
        if index is not None:
            self.dismiss((self.allowed[index], self._note()))

    def action_cancel(self) -> None:
        self.dismiss(None)
