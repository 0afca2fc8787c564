"""Triage an incident: offer its draft, run the severity wizard, record the
assessment, then route it (the wizard's last step).

What happens after triage is recorded: the desk says the severity (and any override
or unknowns), reloads what is on screen, and opens the route dialog (Esc skips it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sophdesk.domain.evidence import Evidence
from sophdesk.domain.incident import Incident
from sophdesk.domain.matrix import Matrix
from sophdesk.domain.triage import AssessmentRecord
from sophdesk.services.desk import Desk
from sophdesk.tui.flows.base import ask, on_desk
from sophdesk.tui.flows.route import route

if TYPE_CHECKING:
    from sophdesk.tui.app import SophdeskApp
    from sophdesk.tui.screens.wizard import WizardOutcome, WizardState


@dataclass(frozen=True)
class _Facts:
    """What the wizard opens on, read in one go off the event loop."""

    incident: Incident
    evidence: Evidence
    history: list[AssessmentRecord]
    draft: tuple[dict[str, Any], str, str] | None
    matrix: Matrix


def _facts(desk: Desk, incident_id: int) -> _Facts:
    from sophdesk.services import triage
    from sophdesk.services.matrix import current_matrix

    return _Facts(
        incident=desk.incident(incident_id),
        evidence=triage.evidence(desk, incident_id),
        history=triage.history(desk, incident_id),
        draft=triage.load_draft(desk, triage.draft_key(incident_id)),
        matrix=current_matrix(desk),
    )


async def triage(app: SophdeskApp, incident_id: int) -> None:
    """From ``t`` on an incident, and after a new one when the operator says "now"."""
    from sophdesk.services import triage as service

    facts = await on_desk(app, _facts, incident_id)
    incident = facts.incident
    state = await _resume_or_start(app, facts)
    if state is None:
        return  # Esc on the draft question: nothing opens, the draft stays
    outcome = await _wizard(app, facts, state)
    if outcome is None:
        app.notify(
            f"Nothing recorded for #{incident.id}; your draft is kept (press t to resume).",
            markup=False,
        )
        return
    incident, record = await on_desk(
        app,
        service.record_assessment,
        incident.id,
        outcome.answers,
        outcome.evidence,
        outcome.override,
        outcome.reason,
    )
    text = f"#{incident.id} assessed {record.severity.value} ({record.decision.category.value})"
    if record.overridden:
        text += f", overriding the rules' {record.decision.severity.value}"
    if record.decision.unclear:
        unclear = ", ".join(record.decision.unclear)
        text += f"; unclear ({unclear} unknown): escalate to the support lead"
    app.written(text + ".", incident.id)
    # Routing is the wizard's last step: tick the signals now (Esc skips).
    await route(app, incident.id, after_triage=True)


async def _resume_or_start(app: SophdeskApp, facts: _Facts) -> WizardState | None:
    """The wizard's first state: the waiting draft (if the operator resumes it) or
    what is already recorded. None when the operator leaves the question with Esc."""
    from sophdesk.services import triage as service
    from sophdesk.tui.screens.pick import PickScreen
    from sophdesk.tui.screens.wizard import WizardState, state_from

    history = facts.history
    fresh = state_from(facts.evidence, history[-1].answers if history else None)
    if facts.draft is None:
        return fresh
    payload, saved_at, actor = facts.draft
    index = await ask(
        app,
        PickScreen(
            f"A triage draft of #{facts.incident.id} from {saved_at} by {actor} is waiting.",
            ["Resume the draft", "Start over (the draft is discarded)"],
        ),
    )
    if index == 0:
        return WizardState.from_payload(payload)
    if index == 1:
        await on_desk(app, service.discard_draft, service.draft_key(facts.incident.id))
        return fresh
    return None


async def _wizard(app: SophdeskApp, facts: _Facts, state: WizardState) -> WizardOutcome | None:
    """The severity wizard; every step is saved as a draft as the operator goes."""
    from sophdesk.services import triage as service
    from sophdesk.tui.screens.wizard import TriageWizard

    key = service.draft_key(facts.incident.id)

    def save_draft(payload: dict[str, Any]) -> None:
        # Called on the event loop by the wizard: the write goes to a thread.
        app.run_worker(
            lambda: service.save_draft(app.desk, key, payload),
            thread=True,
            group="draft",
            exit_on_error=False,
        )

    incident = facts.incident
    wizard = TriageWizard(
        incident.id,
        incident.title,
        incident.created_at,
        app.settings.sla,
        state,
        save_draft,
        matrix=facts.matrix,
        now=app.clock(),
    )
    return await ask(app, wizard)
