"""Text pasted into an incident is stored redacted unless the operator keeps it raw."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sophdesk.domain.assessment import parse_assessment
from sophdesk.domain.evidence import EVIDENCE_KEYS, Evidence, EvidenceItem
from sophdesk.services.desk import Desk
from sophdesk.services.triage import evidence as stored_evidence
from sophdesk.services.triage import record_assessment

KEY = "sk-proj-Q2xhdWRlSXNOb3RBUmVhbEtleUJ1dExvb2tzTGlrZU9uZQ"
CARD = "4242 4242 4242 4242"
REQUEST = "7f3c2a1e-55aa-4c1b-9d2e-0a1b2c3d4e5f"
BODY = f"OPENAI_API_KEY={KEY}\ncustomer paid with {CARD}\nrequest id {REQUEST}\n"


def database_text(path: Path) -> str:
    """Every text value in every table, as one string."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        values: list[str] = []
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                values.extend(str(v) for v in row if isinstance(v, str))
        return "\n".join(values)
    finally:
        conn.close()


def test_a_new_body_is_stored_redacted(desk: Desk, db_path: Path) -> None:
    incident = desk.new_incident(f"Key {KEY} refused", "acme.shop", BODY)
    assert KEY not in incident.body
    assert "[openai-key-1]" in incident.body
    assert "4242" not in incident.body.replace("4242 4242 4242 4242", "")  # no card digits
    assert REQUEST in incident.body  # the request id stays
    assert KEY not in incident.title
    assert not incident.body_raw
    stored = database_text(db_path)
    assert KEY not in stored
    assert CARD not in stored


def test_a_raw_body_is_kept_and_marked(desk: Desk) -> None:
    incident = desk.new_incident("Key refused", "acme.shop", BODY, keep_raw=True)
    assert incident.body == BODY
    assert incident.body_raw
    created = desk.detail(incident.id).events[0]
    assert "kept raw" in (created.note or "")


def test_evidence_fields_are_stored_redacted(desk: Desk, db_path: Path) -> None:
    incident = desk.new_incident("Checkout 500", "acme.shop")
    items = {key: EvidenceItem("see the report") for key in EVIDENCE_KEYS}
    items["timestamp"] = EvidenceItem("2026-11-27T13:05:00+00:00")
    items["error_report"] = EvidenceItem(f"401 for Authorization: Bearer {KEY}")
    items["affected_user"] = EvidenceItem(None, "the customer ana.ruiz@example.com did not say")
    answers = parse_assessment(
        {
            "impact": "degraded",
            "visibility": "some",
            "revenue": "none",
            "privacy": "none",
            "data": "correct",
            "automation": "none",
        }
    )
    record_assessment(desk, incident.id, answers, Evidence(items))
    saved = stored_evidence(desk, incident.id)
    assert KEY not in (saved.item("error_report").value or "")
    assert "ana.ruiz@example.com" not in (saved.item("affected_user").unknown_reason or "")
    stored = database_text(db_path)
    assert KEY not in stored
    assert "ana.ruiz@example.com" not in stored


def test_a_triage_draft_is_stored_redacted(desk: Desk, db_path: Path) -> None:
    from sophdesk.services.triage import draft_key, load_draft, save_draft

    incident = desk.new_incident("Chatbot silent", "acme.shop", "no answer since 09:00")
    key = draft_key(incident.id)
    save_draft(
        desk,
        key,
        {
            "step": "evidence",
            "values": {"error": f"401 with {KEY}", "request": REQUEST},
            "reasons": {"impact": f"card {CARD} refused"},
            "unknown": ["scope"],
            "answers": {},
            "override": None,
            "reason": None,
        },
    )
    stored = database_text(db_path)
    assert KEY not in stored
    assert "4242 4242" not in stored
    loaded = load_draft(desk, key)
    assert loaded is not None
    payload, _, _ = loaded
    assert payload["values"]["error"] == "401 with [openai-key-1]"
    assert payload["values"]["request"] == REQUEST  # the id an engineer needs stays
    assert payload["unknown"] == ["scope"]
    assert payload["step"] == "evidence"
