"""One incident: its fields, its description and its timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from sophdesk.domain.incident import IncidentDetail
from sophdesk.domain.lifecycle import allowed_moves
from sophdesk.domain.timefmt import local_stamp
from sophdesk.tui.safe import literal
from sophdesk.tui.screens.base import DeskScreen

if TYPE_CHECKING:
    pass


class DetailScreen(DeskScreen):
    SUB_TITLE = "incident"
    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="back"),
        Binding("t", "triage", "Triage", id="triage"),
        Binding("c", "change_status", "Status", id="change_status"),
        Binding("o", "owners", "Owner", id="owners"),
        Binding("g", "route", "Route", id="route"),
        Binding("r", "reload", "Reload", show=False, id="reload"),
    ]

    def __init__(self, incident_id: int) -> None:
        super().__init__()
        self.incident_id = incident_id
        self.detail: IncidentDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="\u2261")
        with VerticalScroll(id="detail"):
            yield Static(id="heading")
            yield Static(id="fields")
            yield Static(Content("Description"), classes="section")
            yield Static(id="body")
            yield Static(Content("Timeline"), classes="section")
            yield Static(id="timeline")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#detail").loading = True
        self.load()

    def load(self) -> None:
        self._load(self.incident_id)

    @work(thread=True, exclusive=True, group="detail-load", exit_on_error=False)
    def _load(self, incident_id: int) -> None:
        detail = self.desk_app.desk.detail(incident_id)
        self.app.call_from_thread(self._show, detail)

    def _show(self, detail: IncidentDetail) -> None:
        self.detail = detail
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
        fields = Content.assemble(
            "Customer  ",
            literal(incident.customer, one_line=True),
            "\n",
            f"Status    {incident.status.value}\n",
            f"Severity  {severity}\n",
            f"SLA       {sla}\n",
            "Owner     ",
            literal(incident.owner or "-", one_line=True),
            "\n",
            f"Created   {local_stamp(incident.created_at, zone)} by ",
            literal(incident.created_by, one_line=True),
        )
        self.query_one("#fields", Static).update(fields)
        self.query_one("#body", Static).update(
            literal(incident.body) if incident.body else Content("(no description)")
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
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.load()

    def action_triage(self) -> None:
        self.desk_app.triage(self.incident_id)

    def action_route(self) -> None:
        self.desk_app.route(self.incident_id)

    def action_owners(self) -> None:
        severity = self.detail.incident.severity if self.detail else None
        self.desk_app.open_owners(severity, self.incident_id if severity else None)

    def action_change_status(self) -> None:
        if self.detail is None:
            return
        incident = self.detail.incident
        self.desk_app.change_status(incident.id, incident.status, allowed_moves(incident.status))
