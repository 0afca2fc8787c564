"""The Textual app: wiring only. Screens do the work; services hold the logic."""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.signal import Signal
from textual.worker import Worker, WorkerState

from sophdesk.config import DEFAULT_THEME, Settings
from sophdesk.domain.errors import DomainError
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.severity import Severity
from sophdesk.domain.timefmt import utcnow
from sophdesk.domain.updates import Audience
from sophdesk.services.errors import StoreError
from sophdesk.services.handle import DeskHandle
from sophdesk.tui.commands import DeskCommands
from sophdesk.tui.desk_app import DeskApp
from sophdesk.tui.screens.base import DeskScreen
from sophdesk.tui.screens.queue import QueueScreen
from sophdesk.tui.themes import VARIABLE_DEFAULTS, ThemeError, load_themes, theme_listing
from sophdesk.tui.watch import ChangeWatch

if TYPE_CHECKING:
    from sophdesk.domain.incident import IncidentDetail
    from sophdesk.domain.redaction import Finding
    from sophdesk.services.desk import Desk
    from sophdesk.tui.screens.status_change import StatusChoice

#: Quitting with unsaved work asks first: quit again within this many seconds.
QUIT_AGAIN_SECONDS = 10.0


class SophdeskApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "sophdesk"
    SUB_TITLE = "queue"
    COMMANDS = App.COMMANDS | {DeskCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark,f1", "help", "Help", id="help"),
        # Tab moves the focus the moment it arrives, not once the field has handled
        # the keys before it: in a burst (a laggy SSH link) "text<Tab>more" puts
        # "more" in the next field, not at the end of this one.
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    ]

    def __init__(
        self,
        handle: DeskHandle,
        settings: Settings,
        theme: str | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__()
        self.handle = handle
        self.settings = settings
        self.clock = clock
        self._themes = load_themes()
        self._theme_name = theme or settings.theme
        #: Said once the screen is up (e.g. a broken theme file replaced by the default).
        self.startup_warnings: list[str] = []
        self._watch = ChangeWatch(self)
        self._quit_asked = -QUIT_AGAIN_SECONDS
        #: Edited updates of closed composers, per incident and audience: (the text as
        #: composed then, the edited text). Kept until quit; ``u`` brings them back.
        self.update_drafts: dict[int, dict[Audience, tuple[str, str]]] = {}
        #: Published when the desk's data changed (a write here, or another desk's):
        #: every screen showing data loads it again. The payload is the incident to
        #: keep selected, if any.
        self.data_changed: Signal[int | None] = Signal(self, "data-changed")
        #: Flows waiting for the operator's answer on a screen (see flows.base.ask).
        self.asking: set[Worker[None]] = set()

    @property
    def desk(self) -> Desk:
        """The open desk. It may still be opening at start: call only from workers."""
        return self.handle.desk

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        for theme in self._themes.values():
            self.register_theme(theme)
        self.theme = self._theme_name
        self.push_screen(QueueScreen())
        for warning in self.startup_warnings:
            self.notify_plain(warning, "warning")
        self._watch.start()

    async def action_quit(self) -> None:
        """Quit; with unsaved work on any open screen (every desk screen's ``unsaved()``
        says what), say what would be lost first and quit on a second press."""
        unsaved = [
            what
            for screen in self.screen_stack
            if isinstance(screen, DeskScreen) and (what := screen.unsaved())
        ]
        unsaved += [
            f"your edited update on #{incident_id} (u brings it back)"
            for incident_id in sorted(self.update_drafts)
        ]
        now = time.monotonic()
        if unsaved and now - self._quit_asked > QUIT_AGAIN_SECONDS:
            self._quit_asked = now
            self.notify(
                "Not quitting yet: " + "; ".join(unsaved) + " would be lost."
                " Quit again to drop it.",
                severity="warning",
                markup=False,
                timeout=QUIT_AGAIN_SECONDS,
            )
            return
        self.exit()

    def on_unmount(self) -> None:
        self._watch.stop()

    def notify_plain(self, message: str, severity: str = "information") -> None:
        self.notify(message, markup=False, severity=severity, timeout=15)  # type: ignore[arg-type]

    def watch_failed(self, error: StoreError) -> None:
        if not self.handle.is_open:
            self.exit(return_code=3, message=f"sophdesk: {error.message}")
            return
        self.notify(
            f"{error.message}. The queue no longer refreshes by itself; press r to reload.",
            title="Database",
            severity="error",
            markup=False,
            timeout=30,
        )

    def written(self, message: str, incident_id: int) -> None:
        """After a write through this desk: say what was done; every screen showing
        data loads it again (the queue keeps ``incident_id`` selected)."""
        self.notify(message, markup=False)
        self.data_changed.publish(incident_id)

    # -- flows: each multi-screen workflow is one coroutine in tui/flows/ ---------

    def start_flow(self, flow: Coroutine[None, None, None], group: str) -> Worker[None]:
        """Run a flow as a worker on the app (it outlives the screen that started it);
        a flow started again in its group replaces one still preparing."""
        from sophdesk.tui.flows.base import FLOW_GROUP

        return self.run_worker(flow, group=FLOW_GROUP + group, exclusive=True, exit_on_error=False)

    def open_incident(self, incident_id: int) -> None:
        from sophdesk.tui.screens.detail import DetailScreen

        self.push_screen(DetailScreen(incident_id))

    def open_owners(self, severity: Severity | None, incident_id: int | None) -> None:
        from sophdesk.tui.screens.owners import OwnerScreen

        self.push_screen(OwnerScreen(severity, incident_id))

    def redaction_preview(self, incident_id: int | None) -> None:
        """Open the redaction preview, on the incident's description when one is given."""
        from sophdesk.tui.flows.redaction import redaction_preview

        self.start_flow(redaction_preview(self, incident_id), "redaction-load")

    def action_redaction_preview(self) -> None:
        """From the palette: on the incident on screen, or on an empty paste area."""
        screen = self.screen
        self.redaction_preview(screen.incident_id if isinstance(screen, DeskScreen) else None)

    def action_help(self) -> None:
        from sophdesk.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen.active_bindings))

    def action_new_incident(self) -> None:
        from sophdesk.tui.flows.new_incident import new_incident

        self.start_flow(new_incident(self), "new-incident")

    def triage(self, incident_id: int) -> None:
        """Open the severity wizard on an incident (offering its draft, if any)."""
        from sophdesk.tui.flows.triage import triage

        self.start_flow(triage(self, incident_id), "triage")

    def route(self, incident_id: int) -> None:
        """Tick signals (or override the route with a reason), see the route and
        owner, record it (an event) and page the owner."""
        from sophdesk.tui.flows.route import route

        self.start_flow(route(self, incident_id), "route")

    def change_status(self, incident_id: int, current: Status, version: int | None) -> None:
        """The status dialog from the queue, based on ``version`` (the row as shown)."""
        from sophdesk.tui.flows.status import change_status

        self.start_flow(change_status(self, incident_id, current, version), "status")

    def move_on_version(
        self, base: IncidentDetail, kept: StatusChoice | None
    ) -> Coroutine[None, None, StatusChoice | None]:
        """The detail screen's status flow (the screen keeps a move left after a conflict)."""
        from sophdesk.tui.flows.status import move_on_version

        return move_on_version(self, base, kept)

    def restore_finding(
        self, incident_id: int | None, finding: Finding, value: str, keep: Callable[[], None]
    ) -> Coroutine[None, None, None]:
        """The redaction preview's restore flow (``keep`` keeps the value in its text)."""
        from sophdesk.tui.flows.redaction import restore_finding

        return restore_finding(self, incident_id, finding, value, keep)

    def acknowledge(self, incident_id: int) -> None:
        """Answer the incident's page (``a``)."""
        from sophdesk.tui.flows.escalation import acknowledge

        self.run_worker(acknowledge(self, incident_id), group="write", exit_on_error=False)

    def escalate(self, incident_id: int) -> None:
        """Page the support lead with the incident's flags (``e``)."""
        from sophdesk.tui.flows.escalation import escalate

        self.run_worker(escalate(self, incident_id), group="write", exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.worker_changed(event)

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker is reported (screens forward theirs here:
        Worker.StateChanged does not bubble)."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, StoreError) and not self.handle.is_open:
            # The database could not be opened at all: nothing to show.
            self.exit(return_code=3, message=f"sophdesk: {error.message}")
            return
        if isinstance(error, DomainError | StoreError):
            self.notify(error.message, title="Not done", severity="error", markup=False)
        else:
            self.log.error(repr(error))
            self.notify(
                f"Unexpected error: {type(error).__name__}: {error}. Nothing was changed"
                " by the failed step; the desk keeps running.",
                title="Error",
                severity="error",
                markup=False,
                timeout=15,
            )


def make_app(
    desk: Desk | DeskHandle,
    settings: Settings,
    theme: str | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> SophdeskApp:
    """Build the app; an unknown theme is refused before the screen is taken over.

    A theme whose file is broken does not stop the desk: it starts with the
    default theme and says why in a warning.
    """
    name = theme or settings.theme
    names, skipped = theme_listing()
    warnings = []
    if name not in names:
        broken = next((s for s in skipped if name in (s.name, s.path.stem)), None)
        if broken is None:
            raise ThemeError(f"unknown theme {name!r}; themes: {', '.join(names)}")
        fallback = DEFAULT_THEME if DEFAULT_THEME in names else "textual-dark"
        warnings.append(f"Theme {name!r} cannot be used ({broken.message}); using {fallback}.")
        name = fallback
    handle = desk if isinstance(desk, DeskHandle) else DeskHandle.of(desk)
    app = SophdeskApp(handle, settings, theme=name, clock=clock)
    _screens_see: DeskApp = app  # what screens may ask of it (tui/desk_app.py)
    app.startup_warnings = warnings
    return app
