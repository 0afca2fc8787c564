"""The queue as a virtual table: only the rows on screen are rendered or loaded.

Textual's DataTable measures every cell of every row (13 s for 100k rows), so the
queue keeps just the ordered ids and asks the screen for the rows it is about to
show. Every cell is drawn from plain text segments: no markup is ever parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from sophdesk.domain.clocks import SlaStatus, row_reading
from sophdesk.domain.queue import QueueRow
from sophdesk.domain.sla import SlaPolicy
from sophdesk.domain.text import visible
from sophdesk.domain.timefmt import compact_duration, utcnow

WIDE = 120
_CACHE_LIMIT = 5000


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    width: int  # 0 = takes the remaining width
    right: bool = False


NARROW_COLUMNS = (
    Column("id", "ID", 6, right=True),
    Column("severity", "SEV", 6),
    Column("status", "STATUS", 11),
    Column("title", "TITLE", 0),
    Column("sla", "SLA", 10),
)
WIDE_COLUMNS = (
    Column("id", "ID", 6, right=True),
    Column("severity", "SEV", 6),
    Column("status", "STATUS", 11),
    Column("title", "TITLE", 0),
    Column("customer", "CUSTOMER", 22),
    Column("owner", "OWNER", 12),
    Column("age", "AGE", 6, right=True),
    Column("sla", "SLA", 10),
)
GUTTER = 2  # the cursor marker, so the selection is visible without colour


def fit(text: str, width: int, right: bool = False) -> str:
    """``text`` cut or padded to exactly ``width`` cells (wide characters counted)."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "\u2026"
    if right:
        return " " * (width - cell_len(text)) + text
    return set_cell_size(text, width)


class QueueTable(ScrollView, can_focus=True):
    """Rows of the queue; posts :class:`RowsWanted` for rows it has not been given."""

    DEFAULT_CSS = """
    QueueTable {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    """

    COMPONENT_CLASSES = {
        "queue-table--header",
        "queue-table--cursor",
        "queue-table--sev1",
        "queue-table--sev2",
        "queue-table--sev3",
        "queue-table--sev4",
        "queue-table--triage",
        "queue-table--breached",
        "queue-table--at-risk",
        "queue-table--muted",
        "queue-table--escalate",
    }

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="cursor_up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="cursor_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="page_down"),
        Binding("home,g", "first", "First", show=False, id="first"),
        Binding("end,G", "last", "Last", show=False, id="last"),
        Binding("enter", "open", "Open", id="open"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class RowsWanted(Message):
        """The table needs these rows to draw what is on screen."""

        def __init__(self, ids: list[int]) -> None:
            super().__init__()
            self.ids = ids

    class Opened(Message):
        """The operator chose an incident (Enter or double click)."""

        def __init__(self, incident_id: int) -> None:
            super().__init__()
            self.incident_id = incident_id

    def __init__(
        self,
        *,
        policy: SlaPolicy,
        clock: Callable[[], datetime] = utcnow,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self._policy = policy
        self._ids: list[int] = []
        self._rows: dict[int, QueueRow] = {}
        self._requested: set[int] = set()
        #: Incidents flagged "escalate to the support lead" (marked ``!``).
        self._escalate: set[int] = set()
        self._clock = clock
        self.empty_message = "No incidents."

    # -- data in -------------------------------------------------------------

    @property
    def ids(self) -> list[int]:
        return self._ids

    @property
    def selected_id(self) -> int | None:
        if 0 <= self.cursor < len(self._ids):
            return self._ids[self.cursor]
        return None

    def row(self, incident_id: int) -> QueueRow | None:
        return self._rows.get(incident_id)

    def show(self, ids: list[int], rows: Sequence[QueueRow] = (), keep: int | None = None) -> None:
        """Replace the ordered ids, keeping the selection on ``keep`` if still there."""
        self._ids = ids
        self._rows = {}
        self._requested = set()
        self.add_rows(rows)
        self.virtual_size = Size(self.size.width, len(ids) + 1)
        position = self._position(keep)
        if position is not None:
            self.cursor = position
        else:
            self.cursor = min(self.cursor, max(len(ids) - 1, 0))
        self.refresh()

    def _position(self, incident_id: int | None) -> int | None:
        if incident_id is None:
            return None
        # Most refreshes keep the selection where it was: look there first.
        if 0 <= self.cursor < len(self._ids) and self._ids[self.cursor] == incident_id:
            return self.cursor
        try:
            return self._ids.index(incident_id)
        except ValueError:
            return None

    def add_rows(self, rows: Sequence[QueueRow]) -> None:
        if len(self._rows) > _CACHE_LIMIT:
            self._rows = {}
        for row in rows:
            self._rows[row.id] = row
            self._requested.discard(row.id)
        self.refresh()

    def mark_escalations(self, checked: Iterable[int], flagged: Collection[int]) -> None:
        """Of the ``checked`` incidents, mark ``flagged`` (``!`` before the id) and
        unmark the others."""
        before = set(self._escalate)
        for incident_id in checked:
            if incident_id in flagged:
                self._escalate.add(incident_id)
            else:
                self._escalate.discard(incident_id)
        if self._escalate != before:
            self.refresh()

    def flagged(self, incident_id: int) -> bool:
        return incident_id in self._escalate

    @property
    def any_flagged(self) -> bool:
        """Whether any incident of the list is marked (the legend says what ! is)."""
        return not self._escalate.isdisjoint(self._ids)

    def window(self, around: int | None = None, margin: int | None = None) -> list[int]:
        """Ids from one screen above to one screen below ``around`` (default: the view)."""
        height = max(self.size.height, 24)
        margin = height if margin is None else margin
        top = int(self.scroll_y) if around is None else max(around - height // 2, 0)
        return self._ids[max(top - margin, 0) : top + height + margin]

    # -- cursor --------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._ids) - 1)) if self._ids else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        visible_rows = max(self.scrollable_content_region.height - 1, 1)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible_rows:
            self.scroll_to(y=self.cursor - visible_rows + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= max(self.size.height - 2, 1)

    def action_page_down(self) -> None:
        self.cursor += max(self.size.height - 2, 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._ids) - 1

    def action_open(self) -> None:
        if self.selected_id is not None:
            self.post_message(self.Opened(self.selected_id))

    def on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return
        index = int(self.scroll_y) + event.y - 1
        if 0 <= index < len(self._ids):
            self.cursor = index
            if event.chain >= 2:
                self.action_open()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self._ids) + 1)
        self._scroll_to_cursor()

    # -- drawing -------------------------------------------------------------

    def columns(self) -> tuple[Column, ...]:
        return WIDE_COLUMNS if self.size.width >= WIDE else NARROW_COLUMNS

    def _widths(self) -> list[int]:
        columns = self.columns()
        fixed = sum(c.width for c in columns) + len(columns) - 1 + GUTTER
        flexible = max(self.scrollable_content_region.width - fixed, 10)
        return [c.width or flexible for c in columns]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            header = self.get_component_rich_style("queue-table--header")
            text = " " * GUTTER + " ".join(
                fit(c.title, w, c.right)
                for c, w in zip(self.columns(), self._widths(), strict=True)
            )
            return Strip([Segment(fit(text, width), header)], width)
        index = int(self.scroll_y) + y - 1
        if not self._ids:
            if y == 1:
                muted = self.get_component_rich_style("queue-table--muted")
                return Strip([Segment(fit("  " + self.empty_message, width), muted)], width)
            return Strip.blank(width, base)
        if index >= len(self._ids):
            return Strip.blank(width, base)
        incident_id = self._ids[index]
        row = self._rows.get(incident_id)
        selected = index == self.cursor
        line_style = self.get_component_rich_style("queue-table--cursor") if selected else base
        if row is None:
            self._want(incident_id)
            segments = [
                Segment("\u25b6 " if selected else "  ", line_style),
                Segment(fit(f"{incident_id}", 6, right=True) + " loading\u2026", line_style),
            ]
        else:
            segments = self._row_segments(row, line_style, selected)
        return Strip(segments).adjust_cell_length(width, line_style)

    def _row_segments(self, row: QueueRow, line: Style, selected: bool) -> list[Segment]:
        now = self._clock()
        segments = [Segment("\u25b6" if selected else " ", line)]
        if row.id in self._escalate:
            segments.append(
                Segment("!", line + self.get_component_rich_style("queue-table--escalate"))
            )
        else:
            segments.append(Segment(" ", line))
        for column, width in zip(self.columns(), self._widths(), strict=True):
            text, style = self._cell(column.key, row, now)
            cell_style = line + style if style is not None else line
            segments.append(Segment(fit(text, width, column.right), cell_style))
            segments.append(Segment(" ", line))
        return segments[:-1]

    def _cell(self, key: str, row: QueueRow, now: datetime) -> tuple[str, Style | None]:
        if key == "id":
            return str(row.id), None
        if key == "severity":
            if row.severity is None:
                return "triage", self.get_component_rich_style("queue-table--triage")
            style = self.get_component_rich_style(f"queue-table--sev{row.severity.rank}")
            return row.severity.value, style
        if key == "status":
            return row.status.label, None
        if key == "title":
            return visible(row.title, one_line=True), None
        if key == "customer":
            return visible(row.customer, one_line=True), None
        if key == "owner":
            return visible(row.owner or "-", one_line=True), None
        if key == "age":
            return compact_duration(now - row.created_at), None
        if key == "sla":
            return self._sla_cell(row, now)
        return "", None

    def _sla_cell(self, row: QueueRow, now: datetime) -> tuple[str, Style | None]:
        """Time left on the next SLA clock, with a text marker for risk and breach."""
        reading = row_reading(self._policy, row, now)
        if reading is None:
            return "-", self.get_component_rich_style("queue-table--muted")
        if reading.status is SlaStatus.BREACHED:
            return "BREACHED", self.get_component_rich_style("queue-table--breached")
        if reading.status is SlaStatus.PAUSED:
            return "paused", self.get_component_rich_style("queue-table--muted")
        left = compact_duration(reading.left)
        if reading.status is SlaStatus.AT_RISK:
            return f"RISK {left}", self.get_component_rich_style("queue-table--at-risk")
        return left, None

    def _want(self, incident_id: int) -> None:
        if incident_id in self._requested:
            return
        wanted = [i for i in self.window() if i not in self._rows and i not in self._requested]
        if incident_id not in wanted:
            wanted.append(incident_id)
        self._requested.update(wanted)
        self.call_later(self.post_message, self.RowsWanted(wanted))
