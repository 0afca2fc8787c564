"""One incident: its fields, its description and its timeline.

Changes made from here (status ``c``, fields ``f``) are based on the version of
the incident on screen: :mod:`.detail_changes`.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static

from sophdesk.domain.communication import IncidentEdit, LogExcerpt
from sophdesk.domain.incident import EventKind, IncidentDetail
from sophdesk.domain.review import Stage
from sophdesk.domain.timefmt import local_stamp
from sophdesk.tui.safe import literal
from sophdesk.tui.screens.detail_changes import VersionedChanges
from sophdesk.tui.screens.review import review_state
from sophdesk.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from sophdesk.tui.screens.status_change import StatusChoice


class DetailScreen(VersionedChanges):
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
        Binding("l", "add_excerpt", "Excerpt", id="add_excerpt"),
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
            yield Static(Content("Log excerpts (l adds one)"), classes="section")
            yield Static(id="excerpts")
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
        from sophdesk.services.communication import excerpts
        from sophdesk.services.escalation import view

        desk = self.desk_app.desk
        detail = desk.detail(incident_id)
        escalation = view(desk, incident_id)
        found = excerpts(desk, incident_id)
        self.app.call_from_thread(self._show, detail, escalation)
        self.app.call_from_thread(self._show_excerpts, found)

    def _show_excerpts(self, found: list[LogExcerpt]) -> None:
        parts: list[Content | str] = []
        for excerpt in found:
            label = f": {excerpt.label}" if excerpt.label else ""
            head = f"#{excerpt.id} ({excerpt.line_count} lines, {excerpt.actor}){label}"
            parts.extend([literal(head, one_line=True), "\n", literal(excerpt.text), "\n"])
        self.query_one("#excerpts", Static).update(
            Content.assemble(*parts[:-1]) if parts else Content("(none)")
        )

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
        elif incident.sla_clock == "triage" and incident.sla_due_at is not None:
            sla = f"triage due {local_stamp(incident.sla_due_at, zone)} (not assessed yet: t)"
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

    def action_reload(self) -> None:
        self.load()

    def action_add_excerpt(self) -> None:
        """Choose lines of the description (or a pasted log) to keep as an excerpt."""
        if self.detail is None:
            return
        from sophdesk.tui.screens.excerpt import ExcerptChoice, ExcerptScreen

        def chosen(choice: ExcerptChoice | None) -> None:
            if choice is not None:
                self._save_excerpt(choice.text, choice.label)

        body = self.detail.incident.body or ""
        self.app.push_screen(ExcerptScreen(self.incident_id, body), chosen)

    @work(thread=True, group="detail-excerpt", exit_on_error=False)
    def _save_excerpt(self, text: str, label: str) -> None:
        from sophdesk.services.communication import add_excerpt

        excerpt = add_excerpt(self.desk_app.desk, self.incident_id, text, label)
        self.app.call_from_thread(
            self.notify,
            f"Log excerpt #{excerpt.id} added ({excerpt.line_count} lines, stored redacted).",
            markup=False,
        )
        self.app.call_from_thread(self.load)

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
