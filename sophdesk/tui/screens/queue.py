"""The home screen: the open queue, most urgent first, refreshing by itself."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueFilter, QueueRow
from sophdesk.domain.severity import Severity
from sophdesk.tui.safe import literal
from sophdesk.tui.screens.base import DeskScreen
from sophdesk.tui.widgets.key_footer import KeyFooter
from sophdesk.tui.widgets.queue_table import QueueTable

if TYPE_CHECKING:
    pass

STATUS_CHOICES: list[tuple[str, tuple[Status, ...]]] = [
    ("Open (the queue)", ()),
    *[(s.value, (s,)) for s in Status],
    ("All, closed included", tuple(Status)),
]
SEVERITY_CHOICES: list[tuple[str, tuple[Severity | None, ...]]] = [
    ("Any severity", ()),
    ("Not assessed yet (triage)", (None,)),
    *[(s.value, (s,)) for s in Severity],
]


class QueueScreen(DeskScreen[None]):
    """Open incidents; Enter opens one, ``n`` opens a new one."""

    BINDINGS = [
        Binding("n", "new_incident", "New", id="new_incident"),
        Binding("t", "triage", "Triage", id="triage"),
        Binding("c", "change_status", "Status", id="change_status"),
        Binding("o", "owners", "Owner", id="owners"),
        Binding("slash", "search", "Find", id="search"),
        Binding("s", "filter_status", "Filter", id="filter_status"),
        Binding("v", "filter_severity", "Sev", id="filter_severity"),
        Binding(
            "exclamation_mark",
            "filter_escalation",
            "Lead",
            key_display="!",
            id="filter_escalation",
        ),
        Binding("x", "clear_filters", "Clear", id="clear_filters"),
        Binding("r", "reload", "Reload", show=False, id="reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = QueueFilter()
        self._complete = False

    def compose(self) -> ComposeResult:
        yield Header(icon="\u2261")
        yield Static(id="filter-bar")
        yield Input(
            placeholder="Search title, customer, body (Enter: keep, Esc: clear)", id="search"
        )
        yield QueueTable(policy=self.desk_app.settings.sla, clock=self.desk_app.clock, id="queue")
        # Two rows: every key, the filters' included, stays visible at 80 columns.
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#search", Input).display = False
        self.table.focus()
        self._show_filter_bar()
        self.load()
        # Ages and countdowns move on: redraw the visible rows (no query).
        self.set_interval(5, self.table.refresh)

    @property
    def table(self) -> QueueTable:
        return self.query_one("#queue", QueueTable)

    # -- loading ---------------------------------------------------------------

    def data_changed(self, keep: int | None) -> None:
        self.load(keep=keep)  # the selection stays on the incident written

    def load(self, keep: int | None = None, *, reset: bool = False) -> None:
        """Load the queue for the current filter.

        A refresh keeps the selection on the same incident; a new filter (``reset``)
        starts at the most urgent one and shows the first screenful before counting
        the rest, so typing a search never waits for thousands of matches.
        """
        if not reset and keep is None:
            keep = self.table.selected_id
        self._load(self.filter, keep)

    @work(thread=True, exclusive=True, group="queue-load", exit_on_error=False)
    def _load(self, wanted: QueueFilter, keep: int | None) -> None:
        from sophdesk.services.escalation import queue_ids

        app = self.desk_app
        worker = get_current_worker()
        screenful = 2 * max(self.table.size.height, 24)
        if keep is None and wanted == QueueFilter():
            # Before the store is open: the first screen straight from SQLite.
            early = app.handle.first_screen(screenful)
            if early is not None:
                self.app.call_from_thread(
                    self._loaded, wanted, [r.id for r in early], early, None, False
                )
        desk = app.desk
        head_rows: list[QueueRow] = []
        if keep is None:
            head = queue_ids(desk, replace(wanted, limit=screenful))
            head_rows = desk.queue_rows(head)
            if worker.is_cancelled:
                return
            complete = len(head) < screenful
            self.app.call_from_thread(self._loaded, wanted, head, head_rows, None, complete)
            if complete:
                return
        ids = queue_ids(desk, wanted)
        if worker.is_cancelled:
            return
        if keep is not None and keep in ids:
            centre = ids.index(keep)
            rows = desk.queue_rows(ids[max(centre - screenful, 0) : centre + screenful])
        else:
            rows = head_rows or desk.queue_rows(ids[:screenful])
        if worker.is_cancelled:
            return
        self.app.call_from_thread(self._loaded, wanted, ids, rows, keep, True)

    def _loaded(
        self,
        wanted: QueueFilter,
        ids: list[int],
        rows: list[QueueRow],
        keep: int | None,
        complete: bool,
    ) -> None:
        if wanted != self.filter:
            return
        self._complete = complete
        self.table.empty_message = (
            "No open incidents. Press n to open one."
            if wanted == QueueFilter()
            else "No incidents match. Press x to clear the filters."
        )
        self.table.show(ids, rows, keep=keep)
        self._show_filter_bar()
        if complete or rows:
            self._check_escalations([row.id for row in rows])

    @on(QueueTable.RowsWanted)
    def _rows_wanted(self, message: QueueTable.RowsWanted) -> None:
        self._fetch_rows(message.ids)

    @work(thread=True, group="queue-rows", exit_on_error=False)
    def _fetch_rows(self, ids: list[int]) -> None:
        from sophdesk.services.escalation import flagged_among

        desk = self.desk_app.desk
        rows = desk.queue_rows(ids)
        self.app.call_from_thread(self.table.add_rows, rows)
        checked = [row.id for row in rows]
        self.app.call_from_thread(self._marked, checked, flagged_among(desk, checked))

    @work(thread=True, group="queue-escalations", exit_on_error=False)
    def _check_escalations(self, ids: list[int]) -> None:
        """Mark the shown rows flagged for the support lead (``!``), after they show."""
        from sophdesk.services.escalation import flagged_among

        flagged = flagged_among(self.desk_app.desk, ids)
        self.app.call_from_thread(self._marked, ids, flagged)

    def _marked(self, checked: list[int], flagged: set[int]) -> None:
        self.table.mark_escalations(checked, flagged)
        self._show_filter_bar()

    # -- the filter bar --------------------------------------------------------

    def _show_filter_bar(self) -> None:
        parts: list[Content | str] = []
        count = len(self.table.ids)
        noun = "incident" if count == 1 else "incidents"
        shown = f"{count:,}" if self._complete else f"{count:,}+ (counting)"
        f = self.filter
        if f.shows_open_queue:
            parts.append(f"{shown} open {noun}")
        else:
            names = (
                "all" if set(f.statuses) == set(Status) else ", ".join(s.value for s in f.statuses)
            )
            parts.append(f"{shown} {noun} · status: {names}")
        if f.severities:
            names = ", ".join(s.value if s else "triage" for s in f.severities)
            parts.append(f" · severity: {names}")
        if f.search:
            parts.append(" · search: ")
            parts.append(literal(f.search, one_line=True))
        if f.needs_escalation:
            parts.append(" · needs escalation")
        if f == QueueFilter():
            parts.append("   (/ search · s status · v severity · ! lead)")
        else:
            parts.append("   (x clears)")
        if self.table.any_flagged:
            parts.append(Content.styled("  ! escalate", "bold"))
        self.query_one("#filter-bar", Static).update(Content.assemble(*parts))

    # -- actions ---------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.filter = replace(self.filter, search=event.value[:500])
        self.load(reset=True)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.table.focus()

    def key_escape(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            search.value = ""
            search.display = False
            self.table.focus()

    def action_filter_status(self) -> None:
        from sophdesk.tui.screens.pick import PickScreen

        options = [label for label, _ in STATUS_CHOICES]

        def chosen(index: int | None) -> None:
            if index is not None:
                self.filter = replace(self.filter, statuses=STATUS_CHOICES[index][1])
                self.load(reset=True)

        self.app.push_screen(PickScreen("Show which statuses?", options), chosen)

    def action_filter_severity(self) -> None:
        from sophdesk.tui.screens.pick import PickScreen

        options = [label for label, _ in SEVERITY_CHOICES]

        def chosen(index: int | None) -> None:
            if index is not None:
                self.filter = replace(self.filter, severities=SEVERITY_CHOICES[index][1])
                self.load(reset=True)

        self.app.push_screen(PickScreen("Show which severity?", options), chosen)

    def action_filter_escalation(self) -> None:
        """Only the incidents flagged for the support lead (again: all of them)."""
        self.filter = replace(self.filter, needs_escalation=not self.filter.needs_escalation)
        self.load(reset=True)

    def action_clear_filters(self) -> None:
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = ""
        search.display = False
        self.filter = QueueFilter()
        self.table.focus()
        self.load(reset=True)

    def action_reload(self) -> None:
        self.load()

    @on(QueueTable.Opened)
    def _open(self, message: QueueTable.Opened) -> None:
        self.desk_app.open_incident(message.incident_id)

    def action_new_incident(self) -> None:
        self.desk_app.action_new_incident()

    def action_triage(self) -> None:
        incident_id = self.table.selected_id
        if incident_id is None:
            self.notify("Select an incident first.", severity="warning")
            return
        self.desk_app.triage(incident_id)

    def action_owners(self) -> None:
        incident_id = self.table.selected_id
        row = self.table.row(incident_id) if incident_id is not None else None
        severity = row.severity if row is not None else None
        self.desk_app.open_owners(severity, incident_id if severity else None)

    def action_change_status(self) -> None:
        incident_id = self.table.selected_id
        row = self.table.row(incident_id) if incident_id is not None else None
        if row is None:
            self.notify("Select an incident first.", severity="warning")
            return
        self.desk_app.change_status(row.id, row.status, row.version)
