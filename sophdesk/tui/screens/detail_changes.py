"""Changes to an incident based on the version on screen (status ``c``, fields ``f``).

If another desk changed the incident meanwhile, the change is refused and the
conflict screen shows both versions: merge, retry or cancel. Values from a
cancelled conflict are kept on the screen until saved, discarded or the screen
is left (leaving, and quitting, ask first).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.content import Content
from textual.widgets import Static

from sophdesk.domain.communication import FIELD_LABELS, IncidentEdit
from sophdesk.domain.incident import Event, Incident, IncidentDetail
from sophdesk.tui.screens.base import DeskScreen

if TYPE_CHECKING:
    from sophdesk.services.desk import StaleVersion
    from sophdesk.tui.screens.conflict import ConflictChoice
    from sophdesk.tui.screens.status_change import StatusChoice


class VersionedChanges(DeskScreen[None]):
    """What the detail screen needs for changes based on the version it shows."""

    incident_id: int
    detail: IncidentDetail | None
    #: The operator's unsaved change, kept after a cancelled conflict.
    kept_edit: IncidentEdit | None
    kept_status: StatusChoice | None
    _warned_leaving: bool

    def load(self) -> None:
        raise NotImplementedError

    def action_back(self) -> None:
        kept = self._kept_words()
        if kept and not self._warned_leaving:
            self._warned_leaving = True
            self.notify(
                f"Your unsaved {kept} of #{self.incident_id} (from the conflict) is kept only"
                f" here: {self._kept_keys()} offers it again. Esc again leaves and discards it.",
                severity="warning",
                markup=False,
                timeout=15,
            )
            return
        if kept:
            self.notify(f"Your unsaved {kept} of #{self.incident_id} was discarded.", markup=False)
        self.app.pop_screen()

    def _kept_changed(self) -> None:
        """Say on the screen, for as long as it lasts, that a change is kept unsaved."""
        words = self._kept_words()
        line = self.query_one("#kept", Static)
        line.display = bool(words)
        if words:
            line.update(
                Content(
                    f"Not saved (another desk changed it first): your {words};"
                    f" {self._kept_keys()} offers it again."
                )
            )

    def _kept_keys(self) -> str:
        kept = (("f", self.kept_edit), ("c", self.kept_status))
        return " / ".join(key for key, value in kept if value is not None)

    def unsaved(self) -> str | None:
        """What quitting would lose: a change kept after a conflict (the app asks)."""
        words = self._kept_words()
        return f"your {words} of #{self.incident_id}" if words else None

    def _kept_words(self) -> str:
        parts = []
        if self.kept_edit is not None:
            names = ", ".join(FIELD_LABELS[n] for n in self.kept_edit.changes())
            parts.append(f"edit ({names})")
        if self.kept_status is not None:
            parts.append(f"move to {self.kept_status[0].value}")
        return " and ".join(parts)

    # -- changes based on the version on screen ---------------------------------------

    def action_change_status(self) -> None:
        """Move the incident; refused if another desk changed it since it was shown."""
        if self.detail is None:
            return
        kept, self.kept_status = self.kept_status, None
        self._kept_changed()
        self._open_status(self.detail, kept)

    def _open_status(self, base: IncidentDetail, kept: StatusChoice | None = None) -> None:
        """The status dialog on ``base`` (the incident as the operator sees it)."""
        self.desk_app.start_flow(self._move(base, kept), "detail-status")

    async def _move(self, base: IncidentDetail, kept: StatusChoice | None) -> None:
        left = await self.desk_app.move_on_version(base, kept)
        if left is not None:  # a cancelled conflict: the move stays here until used
            self.kept_status = left
            self._warned_leaving = False
            self._kept_changed()
            self.load()

    def action_fields(self) -> None:
        """Impact, workaround, owner, follow-up: refused if another desk changed the
        incident since it was shown."""
        if self.detail is None:
            return
        kept, self.kept_edit = self.kept_edit, None
        self._kept_changed()
        self._open_fields(self.detail, kept)

    def _open_fields(self, base: IncidentDetail, kept: IncidentEdit | None = None) -> None:
        """The fields form on ``base``; ``kept``: the operator's values to fill in again."""
        from sophdesk.tui.screens.fields import FieldsScreen

        def saved(edit: IncidentEdit | None) -> None:
            if edit is not None:
                self._save_fields(base, edit)

        values = kept.changes() if kept is not None else None
        self.app.push_screen(FieldsScreen(base.incident, values=values), saved)

    @work(thread=True, group="write", exit_on_error=False)
    def _save_fields(self, base: IncidentDetail, edit: IncidentEdit) -> None:
        from sophdesk.services.communication import edit_incident
        from sophdesk.services.desk import StaleVersion

        desk = self.desk_app.desk
        try:
            incident, changed = edit_incident(
                desk, base.incident.id, edit, expected_version=base.incident.version
            )
        except StaleVersion as conflict:
            now = desk.detail(base.incident.id)
            self.app.call_from_thread(self._fields_conflict, base, now, edit, conflict)
            return
        self.app.call_from_thread(self._fields_saved, incident, changed)

    def _fields_saved(self, incident: Incident, changed: list[str]) -> None:
        if changed:
            names = ", ".join(FIELD_LABELS[name] for name in changed)
            self.notify(f"#{incident.id}: saved {names}.", markup=False)
        else:
            self.notify(f"#{incident.id}: nothing changed.", markup=False)
        self.desk_app.data_changed.publish(incident.id)

    def _fields_conflict(
        self,
        base: IncidentDetail,
        now: IncidentDetail,
        edit: IncidentEdit,
        conflict: StaleVersion,
    ) -> None:
        from sophdesk.tui.screens.conflict import ConflictScreen, FieldConflict

        current = now.incident
        fields = [
            FieldConflict(
                FIELD_LABELS[name], value, getattr(current, name), getattr(base.incident, name)
            )
            for name, value in edit.changes().items()
        ]
        screen = ConflictScreen(
            current.id,
            what="edit",
            expected=conflict.expected,
            current=current.version,
            fields=fields,
            since=since(base, now),
            zone=self.desk_app.settings.timezone,
            merge_does=f"yours on top of version {current.version}; theirs stay in the timeline",
            retry_does=f"the form again on version {current.version}, with your values",
            cancel_does="back to the incident; f reopens the form with your values",
        )

        def chosen(answer: ConflictChoice | None) -> None:
            if answer == "merge":
                self._save_fields(now, edit)
            elif answer == "retry":
                self._reopen(lambda fresh: self._open_fields(fresh, edit))
            else:
                self.kept_edit = edit
                self._warned_leaving = False
                self._kept_changed()
                self.load()
                names = ", ".join(FIELD_LABELS[name] for name in edit.changes())
                self.notify(
                    f"Not saved. Your values ({names}) are kept: f reopens the form with"
                    " them on the new version.",
                    markup=False,
                    timeout=10,
                )

        self.app.push_screen(screen, chosen)

    def _reopen(self, then: Callable[[IncidentDetail], None]) -> None:
        """Reload this view, and call ``then`` with the incident as it is now."""
        self.load()
        self._fresh(then)

    @work(thread=True, group="detail-fresh", exclusive=True, exit_on_error=False)
    def _fresh(self, then: Callable[[IncidentDetail], None]) -> None:
        detail = self.desk_app.desk.detail(self.incident_id)
        self.app.call_from_thread(then, detail)


def since(base: IncidentDetail, now: IncidentDetail) -> tuple[Event, ...]:
    """The events the operator had not seen when they started (newest last, at most 8)."""
    seen = max((event.id for event in base.events), default=0)
    return tuple(event for event in now.events if event.id > seen)[-8:]
