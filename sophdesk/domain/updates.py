"""Updates to an audience, rendered from a template: the text and what is missing.

Pure: the caller hands in the template text (shipped in the package or a team's
override) and the incident's facts, already redacted at rest; the text still
passes through the one door out (``services.outbound``) before it leaves.

Templates use ``string.Template`` placeholders (``$impact``, ``${owner}``; ``$$``
for a dollar sign): no attribute access or code, so a team's template can only
name the fields below. A missing required field is rendered as
``(missing: current workaround)`` and named in :attr:`RenderedUpdate.missing`:
the composer shows the draft, and refuses to copy or record it until it is whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from string import Template
from zoneinfo import ZoneInfo

from sophdesk.domain.communication import LogExcerpt
from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.evidence import EVIDENCE_FIELDS, EVIDENCE_OPTIONS, Evidence
from sophdesk.domain.incident import Incident
from sophdesk.domain.timefmt import local_stamp


class Audience(StrEnum):
    CUSTOMER = "customer"
    INTERNAL = "internal"
    HOSTING = "hosting"
    PROVIDER = "provider"
    CODECANYON = "codecanyon"

    @property
    def label(self) -> str:
        return _AUDIENCE_LABELS[self]

    @property
    def external(self) -> bool:
        """A vendor outside the team: hosting, the AI provider, CodeCanyon support."""
        return self in EXTERNAL_AUDIENCES


_AUDIENCE_LABELS = {
    Audience.CUSTOMER: "the customer",
    Audience.INTERNAL: "the team (internal)",
    Audience.HOSTING: "the hosting company",
    Audience.PROVIDER: "the AI provider",
    Audience.CODECANYON: "CodeCanyon support (the plugin's author)",
}
EXTERNAL_AUDIENCES = (Audience.HOSTING, Audience.PROVIDER, Audience.CODECANYON)


def parse_audience(text: str) -> Audience:
    try:
        return Audience(text.strip().lower())
    except ValueError:
        known = ", ".join(a.value for a in Audience)
        raise InvalidInput(f"unknown audience {text!r}; audiences: {known}") from None


@dataclass(frozen=True, slots=True)
class Missing:
    """A required field the update lacks, and how to fill it."""

    key: str
    label: str
    how: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.key, "label": self.label, "how": self.how}


@dataclass(frozen=True, slots=True)
class UpdateFacts:
    """What an update may say, every text already redacted at rest."""

    incident: Incident
    evidence: Evidence
    zone: ZoneInfo
    #: When the next customer update is due if this one is sent now (from the
    #: severity's update cadence); None when the incident is not assessed.
    next_update: datetime | None
    excerpts: tuple[LogExcerpt, ...] = ()
    rationale: tuple[str, ...] = ()
    route: str | None = None
    as_of: datetime | None = None


@dataclass(frozen=True, slots=True)
class RenderedUpdate:
    audience: Audience
    text: str
    missing: tuple[Missing, ...] = field(default=())

    @property
    def ready(self) -> bool:
        return not self.missing


#: What each audience's update must carry (the seed's communication standard for
#: customers; vendors need enough to reproduce without a second round trip).
REQUIRED: dict[Audience, tuple[str, ...]] = {
    Audience.CUSTOMER: ("impact", "workaround", "owner", "next_update"),
    Audience.INTERNAL: ("impact", "owner"),
    Audience.HOSTING: ("impact", "owner", "timestamp", "reproduction_steps", "error_report"),
    Audience.PROVIDER: ("impact", "owner", "timestamp", "reproduction_steps", "error_report"),
    Audience.CODECANYON: ("impact", "owner", "timestamp", "reproduction_steps", "error_report"),
}

#: Evidence a customer update shares: what happened when and where, and the support
#: code; versions and reproduction steps are for vendors.
CUSTOMER_EVIDENCE = ("timestamp", "affected_screen", "error_report")

_FIELD_LABELS = {
    "impact": "impact summary",
    "workaround": "current workaround",
    "owner": "owner",
    "follow_up": "follow-up work",
    "next_update": "next update time",
}
_EVIDENCE_LABELS = {f.key: f.label for f in EVIDENCE_FIELDS}
_EDIT_OPTIONS = {"impact": "--impact", "workaround": "--workaround", "owner": "--owner"}

#: Every placeholder a template may use.
VARIABLES: dict[str, str] = {
    "id": "the incident number",
    "title": "the incident title",
    "customer": "the site or client affected",
    "status": "the lifecycle status",
    "severity": "SEV1..SEV4, or 'not assessed yet'",
    "category": "cosmetic, operational, revenue, privacy, data or customer-visible",
    "rationale": "why that severity, one '- ' line per reason",
    "route": "where the next response goes (hosting, provider, codecanyon, internal)",
    "route_note": "one sentence on the recorded route as it concerns this audience"
    " (a vendor the route does not name is asked to confirm whether it is on their side)",
    "impact": "the impact summary",
    "workaround": "the current workaround",
    "owner": "who owns the next response",
    "follow_up": "follow-up work",
    "next_update": "when the next update is due, with its time zone",
    "as_of": "when the update was written, with its time zone",
    "evidence": "the evidence safe for this audience, one '- ' line per field",
    "excerpts": "the log excerpts the operator chose, each in a fenced block",
    "audience": "who the update is for, in words",
}


def check_template(template: str, source: str = "the template") -> None:
    """Refuse a template that names an unknown placeholder or misuses ``$``."""
    parsed = Template(template)
    if not parsed.is_valid():
        raise InvalidInput(
            f"{source} has a '$' that is not a placeholder; write $$ for a dollar sign"
        )
    unknown = sorted(set(parsed.get_identifiers()) - set(VARIABLES))
    if unknown:
        raise InvalidInput(
            f"{source} uses unknown placeholders: {', '.join('$' + u for u in unknown)};"
            f" known: {', '.join('$' + v for v in VARIABLES)}"
        )


def zoned(moment: datetime, zone: ZoneInfo) -> str:
    """``2026-11-30 10:00 CET (Europe/Madrid)``: the zone is always named."""
    stamp = local_stamp(moment, zone)
    name = moment.astimezone(zone).tzname() or ""
    return stamp if name == zone.key else f"{stamp} ({zone.key})"


def missing_fields(audience: Audience, facts: UpdateFacts) -> tuple[Missing, ...]:
    """The required fields of ``audience`` that ``facts`` lack, in template order."""
    incident = facts.incident
    found: list[Missing] = []
    for key in REQUIRED[audience]:
        if key in _EDIT_OPTIONS:
            if not (getattr(incident, key) or "").strip():
                how = f"sophdesk edit {incident.id} {_EDIT_OPTIONS[key]} TEXT"
                found.append(Missing(key, _FIELD_LABELS[key], how))
        elif key == "next_update":
            if incident.is_open and facts.next_update is None:
                how = (
                    f"assess the severity (sophdesk assess {incident.id}):"
                    " the update cadence comes from it"
                )
                found.append(Missing(key, _FIELD_LABELS[key], how))
        elif not facts.evidence.item(key).is_complete:
            option = EVIDENCE_OPTIONS[key]
            how = (
                f"sophdesk evidence {incident.id} --{option} ..., or --unknown {option}"
                " --reason TEXT; or the triage wizard (t)"
            )
            found.append(Missing(key, _EVIDENCE_LABELS[key], how))
    return tuple(found)


def evidence_lines(evidence: Evidence, keys: Sequence[str] | None = None) -> list[str]:
    """``- Label: value`` for the fields given or marked unknown (multi-line values
    indented under their label)."""
    lines: list[str] = []
    for spec in EVIDENCE_FIELDS:
        if keys is not None and spec.key not in keys:
            continue
        item = evidence.item(spec.key)
        if not item.is_complete:
            continue
        shown = item.shown().splitlines() or [""]
        lines.append(f"- {spec.label}: {shown[0]}")
        lines.extend(f"  {line}" for line in shown[1:])
    return lines


def excerpt_block(excerpt: LogExcerpt, max_lines: int | None = None) -> str:
    """One excerpt as a fenced block under its label, cut to ``max_lines``."""
    lines = excerpt.text.splitlines()
    shown = lines if max_lines is None else lines[:max_lines]
    fence = "```"
    while fence in excerpt.text:
        fence += "`"
    title = excerpt.label or f"Excerpt {excerpt.id}"
    parts = [f"{title} ({len(lines)} lines, added by {excerpt.actor})", fence, *shown, fence]
    if len(shown) < len(lines):
        parts.append(f"({len(lines) - len(shown)} more lines not quoted)")
    return "\n".join(parts)


_ROUTE_WORDS = {
    "hosting": "the hosting company",
    "provider": "the AI provider",
    "codecanyon": "CodeCanyon support (the plugin's author)",
    "internal": "internal operations",
}
_OUR_SIDE = {
    Audience.HOSTING: "We believe the cause is on the hosting side"
    " (server, PHP, network, resources or firewall).",
    Audience.PROVIDER: "We believe the cause is on the API's side.",
    Audience.CODECANYON: "We believe the cause is in the plugin.",
}


def route_note(audience: Audience, route: str | None) -> str:
    """What the recorded route means for ``audience``, in one sentence.

    Only the vendor the route names is told the cause is on their side; any other
    vendor is told the route recorded and asked to confirm whether it is theirs.
    """
    words = _ROUTE_WORDS.get(route or "")
    if not audience.external:
        return f"The recorded route is {words}." if words else "No route is recorded yet."
    if route == audience.value:
        return _OUR_SIDE[audience]
    if words is None:
        return (
            "We have not established where the cause lies yet;"
            " please confirm whether this is on your side."
        )
    return (
        f"The route we recorded for this incident is {words}, not {audience.label};"
        " please confirm whether this is on your side."
    )


def variables(audience: Audience, facts: UpdateFacts) -> dict[str, str]:
    """The placeholder values: missing fields read ``(missing: label)``."""
    incident = facts.incident
    gaps = {m.key: m for m in missing_fields(audience, facts)}

    def text(key: str) -> str:
        value = (getattr(incident, key) or "").strip()
        if value:
            return value
        if key in gaps:
            return f"(missing: {gaps[key].label})"
        return "(none recorded)"

    if not incident.is_open:
        next_update = f"none planned: the incident is {incident.status.value}"
    elif facts.next_update is not None:
        next_update = zoned(facts.next_update, facts.zone)
    else:
        next_update = f"(missing: {_FIELD_LABELS['next_update']})"
    keys = CUSTOMER_EVIDENCE if audience is Audience.CUSTOMER else None
    evidence = evidence_lines(facts.evidence, keys)
    for key in REQUIRED[audience]:
        if key in gaps and key in _EVIDENCE_LABELS:
            evidence.append(f"- {gaps[key].label}: (missing)")
    excerpts = [excerpt_block(e) for e in facts.excerpts]
    return {
        "id": str(incident.id),
        "title": incident.title,
        "customer": incident.customer,
        "status": incident.status.value,
        "severity": incident.severity.value if incident.severity else "not assessed yet",
        "category": incident.category or "not assessed yet",
        "rationale": "\n".join(f"- {line}" for line in facts.rationale) or "- (not assessed yet)",
        "route": facts.route or "not routed yet",
        "route_note": route_note(audience, facts.route),
        "impact": text("impact"),
        "workaround": text("workaround"),
        "owner": text("owner"),
        "follow_up": text("follow_up"),
        "next_update": next_update,
        "as_of": zoned(facts.as_of, facts.zone) if facts.as_of else "",
        "evidence": "\n".join(evidence) or "- (no evidence recorded yet)",
        "excerpts": "\n\n".join(excerpts) or "(no log excerpts chosen)",
        "audience": audience.label,
    }


def render(template: str, audience: Audience, facts: UpdateFacts) -> RenderedUpdate:
    """The update's text from ``template`` and the required fields it lacks."""
    check_template(template)
    values: Mapping[str, str] = variables(audience, facts)
    text = Template(template).substitute(values)
    text = "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"
    return RenderedUpdate(audience, text, missing_fields(audience, facts))
