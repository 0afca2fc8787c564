"""A footer on two rows, for screens with more keys than 80 columns hold on one.

Textual's compact footer puts every key on one row and lets the rest run off the
right edge: at 80x24 the detail view lost its last keys (``q``, ``?``) that way.
This one lays the same keys out in a grid of :attr:`rows` rows (columns aligned),
so every key stays visible; the command palette key keeps its place on the right.
It adds no keys of its own and reads only the screen's public ``active_bindings``
(through :class:`Footer`).
"""

from __future__ import annotations

from math import ceil

from textual.app import ComposeResult
from textual.widgets import Footer


class KeyFooter(Footer):
    DEFAULT_CSS = """
    KeyFooter {
        layout: grid;
        grid-size: 8 2;
        grid-columns: auto;
        grid-gutter: 0 1;
        height: 2;
    }
    KeyFooter.-compact FooterKey { margin: 0; }
    """

    def __init__(self, rows: int = 2) -> None:
        super().__init__(compact=True)
        self.rows = rows
        self.styles.height = rows

    def compose(self) -> ComposeResult:
        shown = {b.action for _, b, _, _ in self.screen.active_bindings.values() if b.show}
        shown.discard("command_palette")
        yield from super().compose()
        # Footer sets one column per key; spread them over the rows instead.
        self.styles.grid_size_columns = max(1, ceil(len(shown) / self.rows))
