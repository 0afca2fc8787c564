"""A small modal list: pick one option with the keyboard (Esc cancels)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sophdesk.tui.screens.base import DeskDialog


class PickScreen(DeskDialog[int | None]):
    """Dismisses with the index of the chosen option, or None."""

    DEFAULT_CSS = """
    PickScreen { align: center middle; }
    PickScreen > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    PickScreen OptionList { height: auto; max-height: 16; border: none; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, title: str, options: list[str], highlighted: int = 0) -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.highlighted = highlighted

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text))
            yield OptionList(*[Option(Content(text)) for text in self.options], id="choices")

    def on_mount(self) -> None:
        choices = self.query_one("#choices", OptionList)
        choices.highlighted = self.highlighted
        choices.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
