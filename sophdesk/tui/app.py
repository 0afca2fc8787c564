"""The Textual app: wiring only. Screens do the work; services hold the logic."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from sophdesk.config import Settings
from sophdesk.domain.errors import DomainError
from sophdesk.domain.incident import NewIncident
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.timefmt import utcnow
from sophdesk.services.errors import StoreError
from sophdesk.services.handle import DeskHandle
from sophdesk.tui.commands import DeskCommands
from sophdesk.tui.screens.queue import QueueScreen
from sophdesk.tui.themes import VARIABLE_DEFAULTS, ThemeError, load_themes, theme_names

if TYPE_CHECKING:
    from sophdesk.services.desk import Desk

#: How often the desk asks the database whether anyone changed it (seconds).
POLL_SECONDS = 1.0


class SophdeskApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "sophdesk"
    SUB_TITLE = "queue"
    COMMANDS = App.COMMANDS | {DeskCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark,f1", "help", "Help", id="help"),
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
        self._token: int | None = None

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
        self.poll()
        self.set_interval(POLL_SECONDS, self.poll)

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def poll(self) -> None:
        """Reload what is on screen when another process (or this one) wrote."""
        token = self.desk.change_token()
        if self._token is not None and token != self._token:
            self.call_from_thread(self.reload_screens)
        self._token = token

    def reload_screens(self, keep: int | None = None) -> None:
        """Every screen showing data loads it again (the queue keeps its selection)."""
        for screen in self.screen_stack:
            if isinstance(screen, QueueScreen):
                screen.load(keep=keep)
            else:
                load = getattr(screen, "load", None)
                if callable(load):
                    load()

    # -- navigation ------------------------------------------------------------

    def open_incident(self, incident_id: int) -> None:
        from sophdesk.tui.screens.detail import DetailScreen

        self.push_screen(DetailScreen(incident_id))

    def action_help(self) -> None:
        from sophdesk.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen.active_bindings))

    def action_new_incident(self) -> None:
        from sophdesk.tui.screens.new_incident import NewIncidentScreen

        def created(new: NewIncident | None) -> None:
            if new is not None:
                self._create(new)

        self.push_screen(NewIncidentScreen(), created)

    def change_status(self, incident_id: int, current: Status, allowed: tuple[Status, ...]) -> None:
        from sophdesk.tui.screens.status_change import StatusChangeScreen, StatusChoice

        def chosen(choice: StatusChoice | None) -> None:
            if choice is not None:
                self._set_status(incident_id, choice[0], choice[1])

        self.push_screen(StatusChangeScreen(incident_id, current, allowed), chosen)

    # -- writes (in workers: the screen never waits on the database) -----------

    @work(thread=True, group="write", exit_on_error=False)
    def _create(self, new: NewIncident) -> None:
        incident = self.desk.new_incident(new.title, new.customer, new.body)
        self.call_from_thread(self._written, f"Opened incident #{incident.id}.", incident.id)

    @work(thread=True, group="write", exit_on_error=False)
    def _set_status(self, incident_id: int, status: Status, note: str | None) -> None:
        incident = self.desk.change_status(incident_id, status, note)
        self.call_from_thread(
            self._written, f"#{incident.id} is now {incident.status.value}.", incident.id
        )

    def _written(self, message: str, incident_id: int) -> None:
        self.notify(message, markup=False)
        self.reload_screens(keep=incident_id)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
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
    """Build the app; an unknown theme is refused before the screen is taken over."""
    name = theme or settings.theme
    names = theme_names()
    if name not in names:
        raise ThemeError(f"unknown theme {name!r}; themes: {', '.join(names)}")
    handle = desk if isinstance(desk, DeskHandle) else DeskHandle.of(desk)
    return SophdeskApp(handle, settings, theme=name, clock=clock)
