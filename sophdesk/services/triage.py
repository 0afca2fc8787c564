"""Triage use cases: evidence first, then the six answers, then the severity."""

from __future__ import annotations

from typing import Any

from sophdesk.domain.assessment import Assessment, assess
from sophdesk.domain.authority import check_support_lead
from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.evidence import Evidence
from sophdesk.domain.incident import Incident
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.severity import Severity
from sophdesk.domain.timefmt import local_stamp
from sophdesk.domain.triage import AssessmentRecord, check_override
from sophdesk.services.clocks import refresh_clocks
from sophdesk.services.desk import Desk
from sophdesk.store import matrix as matrix_store
from sophdesk.store import repository, triage

MAX_DRAFT_BYTES = 256 * 1024


def draft_key(incident_id: int) -> str:
    return f"assess:{incident_id}"


def evidence(desk: Desk, incident_id: int) -> Evidence:
    with desk.database.reading() as session:
        repository.get_row(session, incident_id)
        return triage.evidence(session, incident_id)


def history(desk: Desk, incident_id: int) -> list[AssessmentRecord]:
    with desk.database.reading() as session:
        repository.get_row(session, incident_id)
        return triage.assessments(session, incident_id)


def record_evidence(desk: Desk, incident_id: int, given: Evidence) -> tuple[Evidence, list[str]]:
    """Store the fields of ``given`` (a value, or unknown with a reason) over the
    incident's evidence, as the wizard's step 1 does: redacted at rest through the
    incident's door, each changed field an ``evidence`` event. Fields not given
    keep what is stored; the evidence may stay incomplete (updates and reports say
    what is missing). Returns the evidence now stored and the keys that changed."""
    problems = given.value_problems()
    if problems:
        raise InvalidInput("the evidence is not valid: " + "; ".join(problems))
    now = desk.clock()
    with desk.database.writing() as session:
        repository.get_incident(session, incident_id)
        clean = desk.intake(session, incident_id).evidence(given)
        merged = Evidence({**triage.evidence(session, incident_id).items, **clean.items})
        changed = triage.save_evidence(session, incident_id, merged, desk.actor, now)
        return triage.evidence(session, incident_id), changed


def record_assessment(
    desk: Desk,
    incident_id: int,
    answers: Assessment,
    evidence: Evidence | None = None,
    override: Severity | None = None,
    reason: str | None = None,
) -> tuple[Incident, AssessmentRecord]:
    """Record evidence (if given) and the assessment in one transaction.

    The rules decide the severity; an override needs a written reason and both are
    kept, and only the matrix's support lead may override (anyone while it names
    none). The SLA clocks restart from the report time under the new severity, and
    any wizard draft for the incident is dropped.
    """
    decision = assess(answers)
    override_reason = check_override(decision.severity, override, reason)
    severity = override if override is not None and override_reason else decision.severity
    if evidence is not None:
        evidence.check()
    now = desk.clock()
    with desk.database.writing() as session:
        current = repository.get_incident(session, incident_id)
        door = desk.intake(session, incident_id)
        if evidence is not None:
            evidence = door.evidence(evidence)
        override_reason = door.clean_optional(override_reason)
        if override_reason is not None:
            check_support_lead(
                matrix_store.current(session)[0],
                desk.actor,
                f"override a severity ({decision.severity.value} to {severity.value})",
            )
        if evidence is not None:
            triage.save_evidence(session, incident_id, evidence, desk.actor, now)
        triage.add_assessment(
            session,
            incident_id,
            desk.actor,
            now,
            answers,
            decision,
            severity,
            override_reason,
            current.severity,
        )
        if current.status is Status.NEW:
            # Assessing is triage: a new incident moves to triaged (an event too).
            repository.set_status(
                session,
                repository.get_incident(session, incident_id),
                Status.TRIAGED,
                desk.actor,
                now,
                f"assessed {severity.value}",
            )
        refresh_clocks(session, incident_id, desk.policy, now)
        triage.drop_draft(session, draft_key(incident_id))
        incident = repository.get_incident(session, incident_id)
        record = triage.assessments(session, incident_id)[-1]
    return incident, record


def save_draft(desk: Desk, key: str, payload: dict[str, Any]) -> None:
    import json

    if len(json.dumps(payload)) > MAX_DRAFT_BYTES:
        return  # a draft is a convenience: never refuse the operator's work over it
    # Stored redacted, as the assessment it becomes will be: a draft restored later
    # shows placeholders where secrets were typed.
    with desk.database.writing() as session:
        payload = desk.intake(session, _draft_incident(key)).payload(payload)
        triage.put_draft(session, key, payload, desk.actor, desk.clock())


def _draft_incident(key: str) -> int | None:
    """The incident a draft is for (``assess:42``), if any."""
    head, _, tail = key.partition(":")
    return int(tail) if head == "assess" and tail.isdigit() else None


def load_draft(desk: Desk, key: str) -> tuple[dict[str, Any], str, str] | None:
    """The draft, when it was saved (ISO), and by whom; None when there is none."""
    with desk.database.reading() as session:
        found = triage.get_draft(session, key)
    if found is None:
        return None
    payload, at, actor = found
    return payload, local_stamp(at, desk.policy.hours.zone), actor


def discard_draft(desk: Desk, key: str) -> None:
    with desk.database.writing() as session:
        triage.drop_draft(session, key)
