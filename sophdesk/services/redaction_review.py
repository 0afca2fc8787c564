"""Record what an operator decided in the redaction preview, never the values.

Restoring a false positive and marking an extra span are decisions about
evidence: each becomes a ``redaction`` event on the incident's timeline naming
the finding (category, placeholder, rule, line and column) and the reason. The
restored or marked VALUE is never written: the timeline leaves the machine in
reports, and the database should hold no secret nobody chose to keep.
"""

from __future__ import annotations

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.incident import EventKind
from sophdesk.domain.redaction import Finding
from sophdesk.services.desk import Desk
from sophdesk.store import repository

#: A reason is a sentence, not a paste.
MAX_REASON_CHARS = 500


def _clean_reason(reason: str) -> str:
    text = " ".join(reason.split())
    if not text:
        raise InvalidInput("a reason is required: say why this finding is not a secret")
    if len(text) > MAX_REASON_CHARS:
        raise InvalidInput(f"the reason is {len(text)} characters; the limit is {MAX_REASON_CHARS}")
    return text


def restore_note(finding: Finding) -> str:
    """How a restored finding is named on the timeline: everything but its value."""
    return (
        f"{finding.placeholder} ({finding.category}, rule {finding.rule},"
        f" at {finding.line}:{finding.column}) as a false positive"
    )


def mark_note(line: int, column: int, end_line: int, end_column: int, length: int) -> str:
    """How a span marked by hand is named on the timeline: where it is and how long."""
    return f"{line}:{column}-{end_line}:{end_column} ({length} characters) to remove"


def record_restore(desk: Desk, incident_id: int, finding: Finding, reason: str) -> None:
    """Record that the operator restored ``finding`` as a false positive, and why."""
    note = _clean_reason(reason)
    with desk.database.writing() as session:
        repository.get_incident(session, incident_id)  # NotFound when it is gone
        note = desk.intake(session, incident_id).clean(note)
        repository.add_event(
            session,
            incident_id,
            desk.actor,
            desk.clock(),
            EventKind.REDACTION,
            field="restored",
            after=restore_note(finding),
            note=note,
        )


def record_mark(
    desk: Desk,
    incident_id: int,
    start: tuple[int, int],
    end: tuple[int, int],
    length: int,
    value: str = "",
) -> None:
    """Record that the operator marked a span (1-based line, column pairs) to remove;
    the incident remembers ``value`` (the span's text) as it remembers every secret
    the redactor removed, so it never leaves in another field either."""
    with desk.database.writing() as session:
        repository.get_incident(session, incident_id)
        if value:
            desk.intake(session, incident_id).remember((value, "manual", "manual"))
        repository.add_event(
            session,
            incident_id,
            desk.actor,
            desk.clock(),
            EventKind.REDACTION,
            field="marked",
            after=mark_note(start[0], start[1], end[0], end[1], length),
        )
