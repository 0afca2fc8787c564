"""What screens may ask of the running app, as a type: screens import this, never
``sophdesk.tui.app`` (an import-linter contract says so). ``SophdeskApp`` is checked
against it where it is built (``make_app``)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from textual.app import App
from textual.worker import Worker

if TYPE_CHECKING:
    from textual.signal import Signal

    from sophdesk.config import Settings
    from sophdesk.domain.incident import IncidentDetail
    from sophdesk.domain.lifecycle import Status
    from sophdesk.domain.redaction import Finding
    from sophdesk.domain.severity import Severity
    from sophdesk.domain.updates import Audience
    from sophdesk.services.desk import Desk
    from sophdesk.services.handle import DeskHandle
    from sophdesk.tui.screens.status_change import StatusChoice


class DeskApp(Protocol):
    """The app as the screens see it."""

    handle: DeskHandle
    settings: Settings
    clock: Callable[[], datetime]
    #: The incident to keep selected, published when the desk's data changed.
    data_changed: Signal[int | None]
    update_drafts: dict[int, dict[Audience, tuple[str, str]]]

    @property
    def desk(self) -> Desk: ...

    def worker_changed(self, event: Worker.StateChanged) -> None: ...

    def start_flow(self, flow: Coroutine[None, None, None], group: str) -> Worker[None]: ...

    def open_incident(self, incident_id: int) -> None: ...

    def open_owners(self, severity: Severity | None, incident_id: int | None) -> None: ...

    def redaction_preview(self, incident_id: int | None) -> None: ...

    def action_new_incident(self) -> None: ...

    def triage(self, incident_id: int) -> None: ...

    def route(self, incident_id: int) -> None: ...

    def change_status(self, incident_id: int, current: Status, version: int | None) -> None: ...

    def move_on_version(
        self, base: IncidentDetail, kept: StatusChoice | None
    ) -> Coroutine[None, None, StatusChoice | None]: ...

    def restore_finding(
        self, incident_id: int | None, finding: Finding, value: str, keep: Callable[[], None]
    ) -> Coroutine[None, None, None]: ...

    def acknowledge(self, incident_id: int) -> None: ...

    def escalate(self, incident_id: int) -> None: ...


def desk_app(app: App[object]) -> DeskApp:
    """The running desk app (screens only run inside it)."""
    return app  # type: ignore[return-value]
