"""One incident: its fields, its description and its timeline.

Changes made from here (status ``c``, fields ``f``) are based on the version of
the incident on screen: if another desk changed it meanwhile, the change is
refused and the conflict screen shows both versions (merge, retry or cancel).
Values from a cancelled conflict are kept on this screen until saved, discarded
or the screen is left.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static

from sophdesk.domain.communication import FIELD_LABELS, IncidentEdit
from sophdesk.domain.errors import IllegalTransition
from sophdesk.domain.incident import Event, EventKind, Incident, IncidentDetail
from sophdesk.domain.lifecycle import Status, allowed_moves, check_transition
from sophdesk.domain.review import Stage
from sophdesk.domain.timefmt import local_stamp
from sophdesk.tui.safe import literal
from sophdesk.tui.screens.base import DeskScreen
from sophdesk.tui.screens.review import review_state
from sophdesk.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from sophdesk.services.desk import StaleVersion
    from sophdesk.tui.screens.conflict import ConflictChoice
    from sophdesk.tui.screens.status_change import StatusChoice


class DetailScreen(DeskScreen):
    SUB_TITLE = "incident"
    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="back"),
        Binding("t", "triage", "Triage", id="triage"),
        Binding("c", "change_status", "Status", id="change_status"),
        Binding("f", "fields", "Fields", id="fields"),
        Binding("o", "owners", "Owner", id="owners"),
        Binding("g", "route", "Route", id="route"),
        Binding("a", "acknowledge", "Ack", id="acknowledge"),
        Binding("e", "escalate", "Escalate", id="escalate"),
        Binding("r", "redact", "Redact", id="redact"),
        Binding("u", "compose_update", "Update", id="compose_update"),
        Binding("w", "review", "Review", id="review"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="reload"),
    ]

    def __init__(self, incident_id: int) -> None:
        super().__init__()
        self.incident_id = incident_id
        self.detail: IncidentDetail | None = None
        self.escalation: Any = None
        #: The operator's unsaved change, kept after a cancelled conflict.
        self.kept_edit: IncidentEdit | None = None
        self.kept_status: StatusChoice | None = None
        self._warned_leaving = False

    def compose(self) -> ComposeResult:
        yield Header(icon="\u2261")
        with VerticalScroll(id="detail"):
            yield Static(id="heading")
            kept = Static(id="kept")  # an unsaved change kept after a conflict
            kept.display = False
            yield kept
            yield Static(id="fields")
            yield Static(id="flags")
            yield Static(Content("Description"), classes="section", id="body-title")
            yield Static(id="body")
            yield Static(Content("Reviews (w)"), classes="section")
            yield Static(id="reviews")
            yield Static(Content("Timeline"), classes="section")
            yield Static(id="timeline")
        # Two rows: every key stays visible at 80 columns.
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#detail").loading = True
        self.load()

    def load(self) -> None:
        self._load(self.incident_id)

    @work(thread=True, exclusive=True, group="detail-load", exit_on_error=False)
    def _load(self, incident_id: int) -> None:
        from sophdesk.services.escalation import view

        desk = self.desk_app.desk
        detail = desk.detail(incident_id)
        escalation = view(desk, incident_id)
        self.app.call_from_thread(self._show, detail, escalation)

    def _show(self, detail: IncidentDetail, escalation: Any = None) -> None:
        self.detail = detail
        self.escalation = escalation
        zone = self.desk_app.settings.timezone
        incident = detail.incident
        self.query_one("#detail").loading = False
        self.query_one("#heading", Static).update(
            Content.assemble(f"#{incident.id}  ", literal(incident.title, one_line=True))
        )
        severity = incident.severity.value if incident.severity else "not assessed (needs triage)"
        if incident.severity and incident.category:
            severity += f" ({incident.category})"
        sla = "-"
        if incident.first_response_due and incident.resolution_due:
            first = (
                "first response sent"
                if incident.first_response_at
                else f"first response due {local_stamp(incident.first_response_due, zone)}"
            )
            sla = f"{first}; resolution due {local_stamp(incident.resolution_due, zone)}"
        page = (
            literal(escalation.page_text, one_line=True)
            if escalation is not None and escalation.page_text
            else Content("nobody paged (g routes and pages the owner; e pages the lead)")
        )
        created = Content.assemble(
            f"{local_stamp(incident.created_at, zone)} by ",
            literal(incident.created_by, one_line=True),
        )
        rows: list[tuple[str, Content | str]] = [
            ("Customer", literal(incident.customer, one_line=True)),
            ("Status", incident.status.value),
            ("Severity", severity),
            ("SLA", sla),
            ("Owner", literal(incident.owner or "-", one_line=True)),
            ("Impact", _fact(incident.impact)),
            ("Workaround", _fact(incident.workaround)),
            ("Follow-up", _fact(incident.follow_up)),
            ("Created", created),
            ("Route", _route_line(detail, zone)),
            ("Page", page),
        ]
        cells: list[Content | str] = []
        for label, value in rows:
            cells.extend([f"{label:<11}", value, "\n"])
        fields = Content.assemble(*cells[:-1])
        self.query_one("#fields", Static).update(fields)
        flags = self.query_one("#flags", Static)
        found = escalation.flags if escalation is not None else ()
        flags.display = bool(found)
        if found:
            head = (
                "Escalate to the support lead (e):"
                if escalation.needs
                else "With the support lead (acknowledged); still open:"
            )
            parts: list[Content | str] = [Content.styled(head, "bold")]
            for flag in found:
                parts.extend(["\n  ! ", literal(flag.reason, one_line=True)])
            flags.update(Content.assemble(*parts))
        self.query_one("#body-title", Static).update(
            Content("Description (kept RAW: redacted on every way out)")
            if incident.body_raw
            else Content("Description")
        )
        self.query_one("#body", Static).update(
            literal(incident.body) if incident.body else Content("(no description)")
        )
        self.query_one("#reviews", Static).update(
            Content(
                "\n".join(
                    f"{stage.label:<24}{review_state(detail.events, stage, zone)}"
                    for stage in Stage
                )
            )
        )
        lines: list[Content | str] = []
        for event in detail.events:
            lines.append(f"{local_stamp(event.at, zone)}  ")
            lines.append(literal(event.actor, one_line=True))
            lines.append("  ")
            lines.append(literal(event.summary(), one_line=True))
            lines.append("\n")
        self.query_one("#timeline", Static).update(Content.assemble(*lines[:-1]))

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

    def action_reload(self) -> None:
        self.load()

    def action_redact(self) -> None:
        self.desk_app.redaction_preview(self.incident_id)

    def action_compose_update(self) -> None:
        from sophdesk.tui.screens.compose import ComposeScreen

        self.app.push_screen(ComposeScreen(self.incident_id))

    def action_review(self) -> None:
        """Choose a review (each with its state), then run its checklist."""
        if self.detail is None:
            return
        from sophdesk.tui.screens.pick import PickScreen
        from sophdesk.tui.screens.review import ReviewScreen

        zone = self.desk_app.settings.timezone
        stages = list(Stage)
        states = [review_state(self.detail.events, stage, zone) for stage in stages]
        first_open = next(
            (i for i, state in enumerate(states) if not state.startswith("complete")), 0
        )

        def chosen(index: int | None) -> None:
            if index is not None:
                self.app.push_screen(ReviewScreen(self.incident_id, stages[index]))

        self.app.push_screen(
            PickScreen(
                f"Which review of #{self.incident_id}?",
                [f"{stage.label}: {state}" for stage, state in zip(stages, states, strict=True)],
                highlighted=first_open,
            ),
            chosen,
        )

    def action_triage(self) -> None:
        self.desk_app.triage(self.incident_id)

    def action_route(self) -> None:
        self.desk_app.route(self.incident_id)

    def action_acknowledge(self) -> None:
        self.desk_app.acknowledge(self.incident_id)

    def action_escalate(self) -> None:
        self.desk_app.escalate(self.incident_id)

    def action_owners(self) -> None:
        severity = self.detail.incident.severity if self.detail else None
        self.desk_app.open_owners(severity, self.incident_id if severity else None)

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
        from sophdesk.tui.screens.status_change import StatusChangeScreen

        incident = base.incident

        def chosen(choice: StatusChoice | None) -> None:
            if choice is not None:
                self._set_status(base, choice)
            elif kept is not None:
                self.notify(
                    f"Your move of #{incident.id} to {kept[0].value} was discarded.", markup=False
                )

        screen = StatusChangeScreen(
            incident.id,
            incident.status,
            allowed_moves(incident.status),
            note=kept[1] if kept else None,
            preferred=kept[0] if kept else None,
        )
        self.app.push_screen(screen, chosen)

    @work(thread=True, group="write", exit_on_error=False)
    def _set_status(self, base: IncidentDetail, choice: StatusChoice) -> None:
        from sophdesk.services.desk import StaleVersion

        desk = self.desk_app.desk
        status, note = choice
        try:
            incident = desk.change_status(
                base.incident.id, status, note, expected_version=base.incident.version
            )
        except StaleVersion as conflict:
            now = desk.detail(base.incident.id)
            self.app.call_from_thread(self._status_conflict, base, now, choice, conflict)
            return
        except IllegalTransition as error:
            if status is not Status.REVIEWED:
                raise
            hint = " In the desk: w on the incident runs the review."
            raise IllegalTransition(error.message + hint) from error
        self.app.call_from_thread(self._status_done, incident)

    def _status_done(self, incident: Incident) -> None:
        from sophdesk.tui.screens.review import ReviewScreen

        self.notify(f"#{incident.id} is now {incident.status.value}.", markup=False)
        self.desk_app.reload_screens(keep=incident.id)
        if incident.status is Status.RESOLVED:
            # The seed's review after recovery: asked for as soon as it applies.
            why = "the incident is resolved"
            self.app.push_screen(ReviewScreen(incident.id, Stage.AFTER_RECOVERY, why))

    def _status_conflict(
        self,
        base: IncidentDetail,
        now: IncidentDetail,
        choice: StatusChoice,
        conflict: StaleVersion,
    ) -> None:
        from sophdesk.tui.screens.conflict import ConflictScreen, FieldConflict

        current = now.incident
        status, note = choice
        blocked = None
        try:
            check_transition(current.status, status)
        except IllegalTransition as error:
            blocked = error.message
        with_note = ", with your note" if note else ""
        was = base.incident.status.value
        screen = ConflictScreen(
            current.id,
            what="status change",
            expected=conflict.expected,
            current=current.version,
            fields=[FieldConflict("status", status.value, current.status.value, was)],
            since=_since(base, now),
            zone=self.desk_app.settings.timezone,
            merge_does=f"move it from {current.status.value} to {status.value}{with_note}",
            retry_does=f"choose again on version {current.version}{with_note} kept",
            cancel_does="back to the incident; c offers your move again",
            merge_blocked=blocked,
        )

        def chosen(answer: ConflictChoice | None) -> None:
            if answer == "merge":
                self._set_status(now, choice)
            elif answer == "retry":
                self._reopen(lambda fresh: self._open_status(fresh, choice))
            else:
                self.kept_status = choice
                self._warned_leaving = False
                self._kept_changed()
                self.load()
                self.notify(
                    f"Not moved. Your move to {status.value}{with_note} is kept: c offers it"
                    " again on the new version.",
                    markup=False,
                    timeout=10,
                )

        self.app.push_screen(screen, chosen)

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
        self.desk_app.reload_screens(keep=incident.id)

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
            since=_since(base, now),
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


def _route_line(detail: IncidentDetail, zone: tzinfo) -> Content:
    """The last recorded route, from the timeline."""
    routed = [e for e in detail.events if e.kind is EventKind.ROUTED]
    if not routed:
        return Content("not routed yet (g)")
    last = routed[-1]
    return Content.assemble(
        literal(last.after or "?", one_line=True),
        f" (recorded {local_stamp(last.at, zone)})",
    )


def _fact(value: str | None) -> Content:
    """An update fact (impact, workaround, follow-up) or how to fill it in."""
    if value:
        return literal(value, one_line=True)
    return Content.styled("- (f fills it in)", "dim")


def _since(base: IncidentDetail, now: IncidentDetail) -> tuple[Event, ...]:
    """The events the operator had not seen when they started (newest last, at most 8)."""
    seen = max((event.id for event in base.events), default=0)
    return tuple(event for event in now.events if event.id > seen)[-8:]
