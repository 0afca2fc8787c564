"""Open an incident, then offer to triage it at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sophdesk.services.desk import Desk
from sophdesk.tui.flows.base import ask, on_desk
from sophdesk.tui.flows.triage import triage

if TYPE_CHECKING:
    from sophdesk.tui.app import SophdeskApp


async def new_incident(app: SophdeskApp) -> None:
    """From ``n``: the form, the write, then "Triage now?" (Later leaves it at the
    top of the queue)."""
    from sophdesk.tui.screens.new_incident import NewIncidentScreen
    from sophdesk.tui.screens.pick import PickScreen

    new = await ask(app, NewIncidentScreen())
    if new is None:
        return
    incident = await on_desk(
        app, Desk.new_incident, new.title, new.customer, new.body, keep_raw=new.keep_raw
    )
    app.written(f"Opened incident #{incident.id}.", incident.id)
    index = await ask(
        app,
        PickScreen(
            f"Triage #{incident.id} now? Evidence first, then six questions.",
            ["Triage now", "Later (it waits at the top of the queue)"],
        ),
    )
    if index == 0:
        await triage(app, incident.id)
