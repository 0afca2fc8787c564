"""The support report for hosting, the AI provider or CodeCanyon, through the door.

The report quotes the first lines of the body and of each excerpt: those texts
are released *before* they are cut (a secret spanning the cut, such as a PEM key
the keyring learnt after the excerpt was stored, would otherwise leave half of
itself where the redactor cannot recognise it), and the whole report again after.
"""

from __future__ import annotations

from dataclasses import replace

from sophdesk.domain.report import ReportFacts, support_report
from sophdesk.domain.updates import Audience
from sophdesk.services import outbound
from sophdesk.services.desk import Desk
from sophdesk.services.facts import gather


def report_text(
    desk: Desk, incident_id: int, audience: Audience | None = None
) -> outbound.Released:
    """The report as Markdown, released (redacted again on the way out)."""
    found = gather(desk, incident_id)
    memory = outbound.memory(desk, incident_id)
    incident = outbound.released_incident(found.incident, memory)
    facts = ReportFacts(
        incident=incident,
        evidence=found.evidence,
        excerpts=tuple(
            replace(e, text=outbound.release(e.text, memory=memory)) for e in found.excerpts
        ),
        events=found.events,
        rationale=found.rationale,
        route=found.route,
        zone=desk.policy.hours.zone,
        as_of=found.as_of,
        audience=audience,
    )
    return outbound.inspect(support_report(facts), memory=memory)
