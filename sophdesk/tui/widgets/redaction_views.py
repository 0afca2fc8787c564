"""The two panes of the redaction preview: the original, and the text redacted.

Both highlight findings by category and show every character literally (control
characters as one visible symbol, never markup). Both repaint only the lines a
new preview changes: on a 100 KB text a keystroke changes one line or two, and
repainting the rest would cost more than the typing itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import TextArea

from sophdesk.domain.redaction import CATEGORIES

Location = tuple[int, int]
#: Per line: (start column, end column or None for "to the end", category).
#: Tuples, not lists: once the collector sees they hold only numbers and strings it
#: stops tracking them, and a preview per keystroke then adds little to sweep.
Mark = tuple[int, int | None, str]
Marks = dict[int, tuple[Mark, ...]]

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
        """Style these spans from now on (the lines whose marks changed are re-rendered).

        TextArea caches rendered lines by cursor, scroll and theme, not by our
        marks; its public ``notify_style_update`` (Textual's hook for "the way
        lines look changed") drops that cache, so a line off screen is rendered
        afresh when it shows. Of the lines on screen only those whose marks
        changed are repainted: on a 100 KB text a keystroke changes one or two."""
        before = self._finding_marks
        self._finding_marks = marks
        if marks == before:
            return
        self.notify_style_update()
        if self.soft_wrap:  # screen rows are not document lines: repaint them all
            self.refresh()
            return
        top = self.scroll_offset.y
        bottom = top + self.scrollable_content_region.height
        for row in range(top, bottom):
            if before.get(row) != marks.get(row):
                self.refresh_line(row)

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

    Its lines are split in the preview thread; showing 10 MB costs the screen
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
        """Show ``text`` (already split into ``lines``, ``width`` cells at most).

        Only the lines on screen that differ from what is shown are repainted."""
        before, before_marks = self._lines, self._finding_marks
        self.text = text
        self._lines = lines or [""]
        self._finding_marks = marks
        self._refresh_rows(self._current_rows())
        self._current = None
        size = Size(width + 1, len(self._lines))
        if size != self.virtual_size:
            self.virtual_size = size
        top, bottom = self._visible_rows()
        after = self._lines
        for row in range(top, bottom):
            old = before[row] if row < len(before) else None
            new = after[row] if row < len(after) else None
            if old != new or before_marks.get(row) != marks.get(row):
                self.refresh_line(row)

    def select(self, span: tuple[Location, Location]) -> None:
        """Make ``span`` the current finding and scroll it into the middle."""
        self._refresh_rows(self._current_rows())
        self._current = span
        self._refresh_rows(self._current_rows())
        (row, column), _ = span
        height = self.scrollable_content_region.height
        width = self.scrollable_content_region.width
        prefix = cell_len(self._lines[row][:column]) if row < len(self._lines) else 0
        x = 0 if prefix < width * 2 // 3 else prefix - width // 3
        self.scroll_to(x=x, y=max(0, row - height // 2), animate=False, immediate=True)

    def _visible_rows(self) -> tuple[int, int]:
        top = self.scroll_offset.y
        return top, top + self.scrollable_content_region.height

    def _current_rows(self) -> range:
        if self._current is None:
            return range(0)
        (first, _), (last, _) = self._current
        return range(first, last + 1)

    def _refresh_rows(self, rows: Iterable[int]) -> None:
        top, bottom = self._visible_rows()
        for row in rows:
            if top <= row < bottom:
                self.refresh_line(row)

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
