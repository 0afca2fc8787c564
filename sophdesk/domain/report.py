"""The support report: the Markdown handoff to hosting, the AI provider or CodeCanyon.

Pure: built from facts already redacted at rest; the text then passes through
the one door out. The seed's acceptance check: it lets another operator reproduce
or triage the issue without receiving secrets.

"What was tried" is built from what the desk records, not guessed: the current
workaround, then every note written on the timeline (notes, and the reasons given
with status changes), oldest first. Follow-up work is its own section, because it
is what remains to do, not what was tried.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sophdesk.domain.communication import LogExcerpt
from sophdesk.domain.evidence import EVIDENCE_FIELDS, Evidence
from sophdesk.domain.incident import Event, EventKind, Incident
from sophdesk.domain.timefmt import local_stamp
from sophdesk.domain.updates import Audience, excerpt_block, zoned

#: A report quotes a few lines of each excerpt; the rest is counted, not quoted.
REPORT_EXCERPT_LINES = 15
#: The description is the customer's words, not a log: this many lines at most.
REPORT_BODY_LINES = 40

NOTICE = (
    "Keys, credentials, purchase codes, payment data and private details are replaced"
    " by placeholders such as [openai-key-1]; raw logs are never attached."
)


@dataclass(frozen=True, slots=True)
class ReportFacts:
    incident: Incident
    evidence: Evidence
    excerpts: tuple[LogExcerpt, ...]
    events: tuple[Event, ...]
    rationale: tuple[str, ...]
    route: str | None
    zone: ZoneInfo
    as_of: datetime
    audience: Audience | None = None


def _indent(text: str, prefix: str = "  ") -> list[str]:
    return [prefix + line if line else "" for line in text.splitlines()]


def evidence_checklist(evidence: Evidence) -> list[str]:
    """``- [x] Label: value`` for each field given; ``- [ ]`` for unknown or missing."""
    lines: list[str] = []
    for spec in EVIDENCE_FIELDS:
        item = evidence.item(spec.key)
        if item.is_given:
            first, *rest = (item.value or "").strip().splitlines() or [""]
            lines.append(f"- [x] {spec.label}: {first}")
            lines.extend(_indent("\n".join(rest), "      "))
        elif item.is_unknown:
            lines.append(f"- [ ] {spec.label}: unknown ({(item.unknown_reason or '').strip()})")
        else:
            lines.append(f"- [ ] {spec.label}: missing")
    return lines


def tried(incident: Incident, events: Sequence[Event], zone: ZoneInfo) -> list[str]:
    lines: list[str] = []
    if incident.workaround:
        first, *rest = incident.workaround.splitlines()
        lines.append(f"- Current workaround: {first}")
        lines.extend(_indent("\n".join(rest)))
    for event in events:
        if event.kind not in (EventKind.NOTE, EventKind.STATUS) or not event.note:
            continue
        where = f" (moving to {event.after})" if event.kind is EventKind.STATUS else ""
        first, *rest = event.note.splitlines() or [""]
        lines.append(f"- {local_stamp(event.at, zone)}, {event.actor}{where}: {first}")
        lines.extend(_indent("\n".join(rest)))
    return lines or ["- Nothing recorded yet."]


#: Edits whose values are long texts with a section of their own in the report: the
#: timeline names the change without quoting them (never cut: a value cut in two
#: could hide a secret from the redactor).
LONG_FIELDS = frozenset({"body", "impact", "workaround", "follow_up", "excerpt"})


def timeline_line(event: Event) -> str:
    if event.kind is EventKind.EDIT and event.field in LONG_FIELDS:
        if event.field == "excerpt":
            return event.after or "added a log excerpt"
        return f"changed {event.field}" if event.after else f"cleared {event.field}"
    return event.summary()


def support_report(facts: ReportFacts) -> str:
    incident = facts.incident
    zone = facts.zone
    severity = incident.severity.value if incident.severity else "not assessed yet"
    out = [f"# Support report: {incident.title} (ref #{incident.id})", ""]
    if facts.audience is not None:
        out.append(f"Prepared for {facts.audience.label}, {zoned(facts.as_of, zone)}.")
    else:
        out.append(f"Prepared {zoned(facts.as_of, zone)}.")
    out += ["", NOTICE, "", "## Summary", ""]
    out += [
        f"- Site or client: {incident.customer}",
        f"- Status: {incident.status.value}",
        f"- Reported: {zoned(incident.created_at, zone)}",
        f"- Owner: {incident.owner or '(not set)'}",
        f"- Route: {facts.route or 'not routed yet'}",
        f"- Impact: {(incident.impact or '(not written yet)').splitlines()[0]}",
    ]
    out += _indent("\n".join((incident.impact or "").splitlines()[1:]))
    body = incident.body.strip().splitlines()
    if body:
        out += ["", "Description:", ""]
        out += _indent("\n".join(body[:REPORT_BODY_LINES]), "> ")
        if len(body) > REPORT_BODY_LINES:
            out.append(f"> ({len(body) - REPORT_BODY_LINES} more lines not quoted)")
    category = incident.category or "no category"
    out += ["", "## Severity and rationale", "", f"{severity} ({category})"]
    out += [""] + ([f"- {line}" for line in facts.rationale] or ["- (not assessed yet)"])
    out += ["", "## Evidence checklist", "", *evidence_checklist(facts.evidence)]
    out += ["", "## Log excerpts", ""]
    if facts.excerpts:
        for excerpt in facts.excerpts:
            out += [excerpt_block(excerpt, REPORT_EXCERPT_LINES), ""]
        out.pop()
    else:
        out.append("None chosen.")
    out += ["", "## What was tried", "", *tried(incident, facts.events, zone)]
    if incident.follow_up:
        out += ["", "## Follow-up work", "", *_indent(incident.follow_up, "")]
    out += ["", "## Timeline", ""]
    for event in facts.events:
        stamp = local_stamp(event.at, zone)
        out.append(f"- {stamp}, {event.actor}: {timeline_line(event)}")
    return "\n".join(line.rstrip() for line in out) + "\n"
