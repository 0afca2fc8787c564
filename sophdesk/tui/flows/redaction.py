"""The redaction preview: on an incident's description, or on an empty paste area."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sophdesk.domain.redaction import Finding
from sophdesk.services.desk import Desk
from sophdesk.tui.flows.base import ask, on_desk

if TYPE_CHECKING:
    from sophdesk.tui.app import SophdeskApp


async def redaction_preview(app: SophdeskApp, incident_id: int | None) -> None:
    """Show the preview; when the operator uses the redacted text, say how much went."""
    from sophdesk.tui.screens.redaction import RedactionScreen

    text = ""
    if incident_id is not None:
        detail = await on_desk(app, Desk.detail, incident_id)
        text = detail.incident.body
    result = await ask(app, RedactionScreen(text, incident_id))
    if result is not None:
        count = len(result.findings)
        app.notify(f"Redacted text ready: {count} findings removed.", markup=False)


async def restore_finding(
    app: SophdeskApp,
    incident_id: int | None,
    finding: Finding,
    value: str,
    keep: Callable[[], None],
) -> None:
    """From ctrl+r on a finding: ask why ``value`` is a false positive, keep it in the
    text (``keep``), and record the restore on the incident's timeline."""
    from sophdesk.services.redaction_review import record_restore
    from sophdesk.tui.screens.redaction import ReasonScreen

    question = (
        f"Restore {finding.placeholder} ({finding.category}, rule {finding.rule},"
        f" line {finding.line}:{finding.column}) as a false positive?"
        " Every occurrence of the value is kept."
    )
    reason = await ask(app, ReasonScreen(question, forbidden=value))
    if reason is None:
        return
    keep()
    if incident_id is None:
        app.notify(f"{finding.placeholder} restored (no incident: nothing recorded).", markup=False)
        return
    await on_desk(app, record_restore, incident_id, finding, reason)
    app.notify(
        f"{finding.placeholder} restored; recorded on #{incident_id}'s timeline.", markup=False
    )
