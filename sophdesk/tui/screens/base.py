"""What every full screen of the desk shares: the app, loading what it shows when
the desk's data changed, and where worker errors go."""

from __future__ import annotations

from textual.screen import Screen
from textual.worker import Worker

from sophdesk.tui.desk_app import DeskApp, desk_app


class DeskScreen(Screen[None]):
    @property
    def desk_app(self) -> DeskApp:
        return desk_app(self.app)

    def on_mount(self) -> None:
        # Immediate: screens load in the order they were opened, as the write is said.
        self.desk_app.data_changed.subscribe(self, self.data_changed, immediate=True)

    def data_changed(self, keep: int | None) -> None:
        """The desk's data changed (``keep``: the incident a write was about)."""
        self.load()

    def load(self) -> None:
        """Load what the screen shows (in a worker); screens without data do nothing."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Worker.StateChanged does not bubble: hand failures to the app's one handler.
        self.desk_app.worker_changed(event)
