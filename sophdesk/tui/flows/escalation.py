"""Pages: answer the incident's page (``a``), page the support lead (``e``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sophdesk.tui.flows.base import on_desk

if TYPE_CHECKING:
    from sophdesk.tui.app import SophdeskApp


async def acknowledge(app: SophdeskApp, incident_id: int) -> None:
    """Answer the page; the timeout stops (once: a second answer says who gave the first)."""
    from sophdesk.services.escalation import acknowledge

    result = await on_desk(app, acknowledge, incident_id)
    page = result.page
    if result.recorded:
        text = f"#{incident_id}: page to {page.person} acknowledged; the timeout stopped."
    else:
        text = f"#{incident_id}: already acknowledged by {page.acknowledged_by}."
    app.written(text, incident_id)


async def escalate(app: SophdeskApp, incident_id: int) -> None:
    """Page the support lead with the incident's flags, or say why nobody could be paged."""
    from sophdesk.services.escalation import escalate_to_lead

    step = await on_desk(app, escalate_to_lead, incident_id)
    if step.person is None:
        app.notify_plain(f"#{incident_id}: nobody could be paged. {step.reason}", "error")
        app.data_changed.publish(incident_id)
        return
    text = f"#{incident_id}: paged the support lead {step.person}; waiting for an ack."
    app.written(text, incident_id)
