"""Domain objects as JSON-ready dicts: the keys scripts build on."""

from __future__ import annotations

from typing import Any

from sophdesk.domain.evidence import EVIDENCE_FIELDS, Evidence
from sophdesk.domain.incident import Event, Incident, IncidentDetail
from sophdesk.domain.queue import QueueRow
from sophdesk.domain.timefmt import iso


def queue_row_dict(row: QueueRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "customer": row.customer,
        "status": row.status.value,
        "severity": row.severity.value if row.severity else None,
        "sla_due_at": iso(row.sla_due_at),
        "owner": row.owner,
        "created_at": iso(row.created_at),
    }


def incident_dict(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.id,
        "title": incident.title,
        "customer": incident.customer,
        "body": incident.body,
        "body_raw": incident.body_raw,
        "status": incident.status.value,
        "severity": incident.severity.value if incident.severity else None,
        "sla_due_at": iso(incident.sla_due_at),
        "owner": incident.owner,
        "created_at": iso(incident.created_at),
        "updated_at": iso(incident.updated_at),
        "created_by": incident.created_by,
        "version": incident.version,
    }


def event_dict(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "at": iso(event.at),
        "actor": event.actor,
        "kind": event.kind.value,
        "field": event.field,
        "before": event.before,
        "after": event.after,
        "note": event.note,
    }


def detail_dict(detail: IncidentDetail) -> dict[str, Any]:
    data = incident_dict(detail.incident)
    data["events"] = [event_dict(e) for e in detail.events]
    return data


def evidence_out(evidence: Evidence) -> dict[str, Any]:
    """The evidence for JSON: every field by its key, with its value, or
    ``{"unknown": reason}``, or null while it is missing."""
    out: dict[str, Any] = {}
    for field in EVIDENCE_FIELDS:
        item = evidence.item(field.key)
        if item.is_given:
            out[field.key] = item.value
        elif item.is_unknown:
            out[field.key] = {"unknown": item.unknown_reason}
        else:
            out[field.key] = None
    return out
