"""Text that left the desk (or may leave it): read-only, to select by hand, with
what was sent where.

After a copy it shows the clipboard report (OSC 52 sent or not, what tmux needs,
pyperclip, the 0600 file) above the exact text that passed the door. For a
support report it shows the report, and Ctrl+Y copies it the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Static, TextArea

from sophdesk.tui.safe import literal
from sophdesk.tui.screens.base import DeskDialog

if TYPE_CHECKING:
    from sophdesk.services.clipboard import CopyReport

SELECT_HINT = "Select by hand: Shift+drag in most terminals, or F7 (select all) then Ctrl+C here."


def copy_lines(report: CopyReport) -> list[str]:
    """What the operator is told after a copy: where it went, what the terminal needs."""
    lines = ["Where the text went:"]
    lines += [f"- {line}" for line in report.lines()]
    return lines


class SentScreen(DeskDialog[None]):
    DEFAULT_CSS = """
    SentScreen { align: center middle; }
    SentScreen > Vertical {
        width: 100%; height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    SentScreen #title { text-style: bold; }
    SentScreen #lines { height: auto; max-height: 9; color: $text-muted; }
    SentScreen #text { height: 1fr; border: round $panel-lighten-2; }
    SentScreen #text:focus { border: round $primary; }
    SentScreen .hint { color: $text-muted; }
    """
    AUTO_FOCUS = "#text"
    BINDINGS = [
        Binding("escape", "close", "Close", id="sent_close"),
        Binding("ctrl+y", "copy", "Copy", priority=True, id="sent_copy"),
    ]

    def __init__(self, title: str, lines: list[str], text: str, *, copied: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.text = text
        self.copied = copied
        #: The last copy made from this screen (tests read it).
        self.report: CopyReport | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self.title_text, one_line=True), id="title")
            yield Static(self._lines_content(), id="lines")
            area = TextArea(self.text, id="text", read_only=True, soft_wrap=True)
            area.border_title = "Exactly this text (read-only)"
            yield area
            yield Static(Content(SELECT_HINT), classes="hint")
        yield Footer(compact=True)

    def _lines_content(self) -> Content:
        return literal("\n".join(self.lines))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # After a copy the text is on the clipboard already; this screen says where.
        return not (action == "copy" and self.copied)

    def action_copy(self) -> None:
        self._copy(self.text)

    @work(thread=True, exclusive=True, group="sent-copy", exit_on_error=False)
    def _copy(self, text: str) -> None:
        from sophdesk.tui.clipboard import copy_text

        report = copy_text(self.app, text)
        self.app.call_from_thread(self._copied, report)

    def _copied(self, report: CopyReport) -> None:
        self.report = report
        self.text = report.text
        self.lines = copy_lines(report)
        self.query_one("#lines", Static).update(self._lines_content())
        area = self.query_one("#text", TextArea)
        if area.text != report.text:
            area.load_text(report.text)
        self.notify("Copied: see where it went above the text.", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
