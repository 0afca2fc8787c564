"""What every full screen of the desk shares: the app, and where worker errors go."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.worker import Worker

if TYPE_CHECKING:
    from sophdesk.tui.app import SophdeskApp


class DeskScreen(Screen[None]):
    @property
    def desk_app(self) -> SophdeskApp:
        return self.app  # type: ignore[return-value]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Worker.StateChanged does not bubble: hand failures to the app's one handler.
        self.desk_app.worker_changed(event)
