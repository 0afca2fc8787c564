"""What ``show --json`` adds to the incident and its timeline, through the door out.

Every text here (fields, excerpts, the override reason and rationale, evidence,
review notes) is released with what the incident remembers, as ``show`` prints
the rest (:func:`sophdesk.services.outbound.released_detail`).
"""

from __future__ import annotations

from typing import Any

from sophdesk.domain.incident import EventKind
from sophdesk.domain.serialize import evidence_out
from sophdesk.domain.timefmt import iso
from sophdesk.services import outbound
from sophdesk.services.desk import Desk
from sophdesk.services.facts import gather

#: The keys :func:`show_extras` returns, in order.
SHOW_KEYS = (
    "impact",
    "workaround",
    "follow_up",
    "excerpts",
    "assessment",
    "evidence",
    "reviews",
)


def show_extras(desk: Desk, incident_id: int) -> dict[str, Any]:
    """``impact``, ``workaround``, ``follow_up`` (text or null); ``excerpts`` (each
    ``id``, ``label``, ``lines``, ``text``, ``at``, ``actor``); ``assessment`` (the
    one in force: ``answers``, ``severity``, ``computed_severity``,
    ``override_reason``, ``rationale``, ``category``, ``at``, ``actor``; or null);
    ``evidence`` (as ``evidence --json``); ``reviews`` (each ``stage``, ``result``,
    ``actor``, ``at``, ``note``, oldest first)."""
    facts = gather(desk, incident_id)
    memory = outbound.memory(desk, incident_id)

    def out(value: str | None) -> str | None:
        return outbound.release(value, memory=memory) if value else value

    incident = facts.incident
    record = facts.assessment
    assessment = None
    if record is not None:
        assessment = {
            "answers": record.answers.as_dict(),
            "severity": record.severity.value,
            "computed_severity": record.decision.severity.value,
            "override_reason": out(record.override_reason),
            "rationale": [out(line) for line in facts.rationale],
            "category": record.decision.category.value,
            "at": iso(record.at),
            "actor": out(record.actor),
        }
    evidence = outbound.released_evidence(desk, incident_id, facts.evidence)
    return {
        "impact": out(incident.impact),
        "workaround": out(incident.workaround),
        "follow_up": out(incident.follow_up),
        "excerpts": [
            {
                "id": e.id,
                "label": out(e.label),
                "lines": e.line_count,
                "text": out(e.text),
                "at": iso(e.at),
                "actor": out(e.actor),
            }
            for e in facts.excerpts
        ],
        "assessment": assessment,
        "evidence": evidence_out(evidence),
        "reviews": [
            {
                "stage": e.field,
                "result": e.after,
                "actor": out(e.actor),
                "at": iso(e.at),
                "note": out(e.note),
            }
            for e in facts.events
            if e.kind is EventKind.REVIEW
        ],
    }
