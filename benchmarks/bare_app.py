"""The baseline: a bare Textual app (Header, Footer, one Static with a known text).

Started exactly like the desk (same python, inside tmux at 80x24), its time to
show :data:`TEXT` is what Textual itself costs; the first-paint benchmark divides
the desk's time by it. ``python benchmarks/bare_app.py`` runs it by hand
(``q`` or ctrl+q quits).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Input, Static

#: What the first-paint benchmark waits for (``_common`` imports it from here).
TEXT = "bare textual baseline ready"


class BareApp(App[None]):
    BINDINGS = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(TEXT, id="text")
        yield Footer()


class BareInputApp(App[None]):
    """The search benchmark's floor: keys typed into a bare Input."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(id="input")
        yield Static(TEXT)
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
