"""Route an incident: tick the signals (or override the route with a reason), see the
route and the owner, record it (an event) and page the owner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sophdesk.domain.incident import Incident
from sophdesk.domain.matrix import Matrix
from sophdesk.services.desk import Desk
from sophdesk.tui.flows.base import ask, on_desk

if TYPE_CHECKING:
    from sophdesk.tui.app import SophdeskApp


def _facts(desk: Desk, incident_id: int) -> tuple[Incident, Matrix]:
    from sophdesk.services.matrix import current_matrix

    return desk.incident(incident_id), current_matrix(desk)


async def route(app: SophdeskApp, incident_id: int, after_triage: bool = False) -> None:
    """From ``g`` on an incident, and as the last step of triage (``after_triage``:
    Esc skips it, with a word on how to come back)."""
    from sophdesk.services.routing import record_route
    from sophdesk.tui.safe import plain
    from sophdesk.tui.screens.route import RouteScreen

    incident, matrix = await on_desk(app, _facts, incident_id)
    zone = app.settings.timezone
    screen = RouteScreen(incident.id, incident.severity, matrix, app.clock(), after_triage, zone)
    choice = await ask(app, screen)
    if choice is None:
        if after_triage:
            app.notify(f"#{incident_id} not routed; press g on it to route.", markup=False)
        return
    decision, holder = await on_desk(
        app, record_route, incident_id, list(choice.signals), choice.override, choice.reason
    )
    text = f"#{incident_id} routed to {decision.route.value}"
    if decision.overridden_from is not None:
        text += f" (overridden from {decision.overridden_from.value})"
    if holder.person is None:
        text += "; nobody to page: escalate (e)."
    else:
        name = plain(holder.name or holder.person)
        contact = plain(holder.contact or "no contact given")
        text += f"; contact {name} ({contact}): paged."
    app.written(text, incident_id)
