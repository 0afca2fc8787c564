"""What every screen of the desk shares, full screen or dialog: the app, the
incident it is about, its unsaved work, loading what it shows when the desk's
data changed, and where worker errors go. The app asks these of any screen on
the stack without guessing (no ``getattr``)."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from sophdesk.tui.desk_app import DeskApp, desk_app

ResultType = TypeVar("ResultType")


class DeskScreen(Screen[ResultType]):
    #: The incident the screen is about, if any (the palette's redaction preview
    #: opens on its description).
    incident_id: int | None = None

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

    def unsaved(self) -> str | None:
        """The operator's work that quitting would lose, in words (None: nothing)."""
        return None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Worker.StateChanged does not bubble: the one place every screen hands its
        # workers' failures to the app's one handler.
        self.desk_app.worker_changed(event)


class DeskDialog(ModalScreen[ResultType], DeskScreen[ResultType]):
    """A modal dialog of the desk: a desk screen shown over the one below."""
