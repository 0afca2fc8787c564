"""F1: what the desk is, and every key that applies where you are."""

from __future__ import annotations

from importlib import resources

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, Static

from sophdesk.tui.screens.base import DeskDialog


class HelpScreen(DeskDialog[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 84; max-width: 100%; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape,f1,question_mark,q", "close", "Close", id="close")]

    def __init__(self, bindings: dict[str, ActiveBinding]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        text = resources.files("sophdesk.tui").joinpath("help.md").read_text(encoding="utf-8")
        lines = ["Keys active on the screen you came from (action id, key, what it does):"]
        for key, active in sorted(self.bindings.items(), key=lambda item: item[1].binding.action):
            binding = active.binding
            lines.append(f"  {binding.id or binding.action:<18} {key:<12} {binding.description}")
        with VerticalScroll():
            yield Markdown(text)
            yield Static(Content("\n".join(lines)))

    def action_close(self) -> None:
        self.dismiss(None)
