"""Edits, excerpts, updates and reports on a real SQLite desk."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from desk_testing import FROZEN_NOW

from sophdesk.domain.assessment import parse_assessment
from sophdesk.domain.communication import IncidentEdit
from sophdesk.domain.errors import InvalidInput, NotFound
from sophdesk.domain.evidence import EVIDENCE_KEYS, Evidence, EvidenceItem
from sophdesk.domain.incident import EventKind
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.sla import default_policy
from sophdesk.domain.updates import Audience
from sophdesk.services.communication import add_excerpt, edit_incident, excerpts
from sophdesk.services.desk import Desk
from sophdesk.services.report import report_text
from sophdesk.services.templates import override_dir
from sophdesk.services.triage import record_assessment
from sophdesk.services.updates import compose, record_update

KEY = "sk-proj-Q2xhdWRlSXNOb3RBUmVhbEtleUJ1dExvb2tzTGlrZU9uZQ"
MADRID = ZoneInfo("Europe/Madrid")


class Clock:
    def __init__(self) -> None:
        self.now = FROZEN_NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def madrid(db_path: Path, clock: Clock) -> Iterator[Desk]:
    desk = Desk.open(f"sqlite:///{db_path}", "ana", clock=clock, policy=default_policy(MADRID))
    yield desk
    desk.close()


def assessed(desk: Desk, *, evidence: bool = True) -> int:
    incident = desk.new_incident("Checkout returns 500", "casa olivo", "The card step fails")
    items = {key: EvidenceItem(f"{key} as seen") for key in EVIDENCE_KEYS}
    items["timestamp"] = EvidenceItem("2026-11-27 14:05 Europe/Madrid")
    answers = parse_assessment(
        {
            "impact": "degraded",
            "visibility": "some",
            "revenue": "checkout",
            "privacy": "none",
            "data": "correct",
            "automation": "none",
        }
    )
    record_assessment(desk, incident.id, answers, Evidence(items) if evidence else None)
    return incident.id


def database_text(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return "\n".join(
            str(v) for t in tables for row in conn.execute(f'SELECT * FROM "{t}"') for v in row
        )
    finally:
        conn.close()


# -- edits and excerpts -----------------------------------------------------------


def test_each_change_is_an_edit_event_with_redacted_values(desk: Desk, db_path: Path) -> None:
    incident = desk.new_incident("Checkout 500", "casa olivo")
    edited, changed = edit_incident(
        desk,
        incident.id,
        IncidentEdit(
            impact=f"cards fail; key {KEY} rejected",
            workaround="PayPal",
            owner="Ana Ruiz",
            follow_up="alert on 401s",
            title="Checkout returns 500",
        ),
    )
    assert changed == ["title", "impact", "workaround", "owner", "follow_up"]
    assert edited.impact == "cards fail; key [openai-key-1] rejected"
    assert edited.version == incident.version + 1
    edits = [e for e in desk.detail(incident.id).events if e.kind is EventKind.EDIT]
    assert [(e.field, e.before, e.after) for e in edits][:2] == [
        ("title", "Checkout 500", "Checkout returns 500"),
        ("impact", None, "cards fail; key [openai-key-1] rejected"),
    ]
    assert KEY not in database_text(db_path)
    # The same value again is no change and no event; '' clears.
    _same, changed = edit_incident(desk, incident.id, IncidentEdit(owner="Ana Ruiz"))
    assert changed == []
    cleared, changed = edit_incident(desk, incident.id, IncidentEdit(workaround=""))
    assert changed == ["workaround"]
    assert cleared.workaround is None


def test_replacing_a_raw_body_never_writes_it_into_an_event(desk: Desk, db_path: Path) -> None:
    incident = desk.new_incident("t", "c", f"OPENAI_API_KEY={KEY}", keep_raw=True)
    edited, changed = edit_incident(desk, incident.id, IncidentEdit(body="new words"))
    assert changed == ["body"]
    assert not edited.body_raw
    assert KEY not in database_text(db_path)


def test_nothing_to_change_is_refused(desk: Desk) -> None:
    incident = desk.new_incident("t", "c")
    with pytest.raises(InvalidInput, match="nothing to change"):
        edit_incident(desk, incident.id, IncidentEdit())
    with pytest.raises(NotFound):
        edit_incident(desk, 404, IncidentEdit(owner="x"))


def test_excerpts_are_stored_redacted_and_refused_beyond_fifty_lines(
    desk: Desk, db_path: Path
) -> None:
    incident = desk.new_incident("t", "c")
    added = add_excerpt(desk, incident.id, f"401 Unauthorized\nkey={KEY}\n", "provider log")
    assert added.text == "401 Unauthorized\nkey=[openai-key-1]"
    assert added.line_count == 2
    with pytest.raises(InvalidInput, match="51 lines; the limit is 50"):
        add_excerpt(desk, incident.id, "\n".join(["x"] * 51))
    assert [e.id for e in excerpts(desk, incident.id)] == [added.id]
    assert KEY not in database_text(db_path)
    last = desk.detail(incident.id).events[-1]
    assert (last.kind, last.field) == (EventKind.EDIT, "excerpt")
    assert "2 lines" in last.summary()


# -- updates ------------------------------------------------------------------------


def test_a_customer_update_is_refused_until_it_is_whole(madrid: Desk) -> None:
    incident_id = assessed(madrid)
    composed = compose(madrid, incident_id, Audience.CUSTOMER)
    assert [m.key for m in composed.missing] == ["impact", "workaround", "owner"]
    with pytest.raises(InvalidInput, match=r"missing: impact summary .*nothing was recorded"):
        record_update(madrid, composed)
    assert not [e for e in madrid.detail(incident_id).events if e.kind is EventKind.UPDATE]


def test_recording_a_customer_update_resets_the_next_update_clock(
    madrid: Desk, clock: Clock
) -> None:
    incident_id = assessed(madrid)
    edit_incident(
        madrid,
        incident_id,
        IncidentEdit(impact="Card payments fail", workaround="PayPal", owner="Ana Ruiz"),
    )
    before = madrid.incident(incident_id)
    assert before.first_response_at is None
    assert before.sla_clock == "first_response"
    clock.now = FROZEN_NOW + timedelta(minutes=20)
    composed = compose(madrid, incident_id, Audience.CUSTOMER)
    assert composed.ready
    assert composed.zone_key == "Europe/Madrid"
    assert composed.next_update is not None
    shown = composed.next_update.astimezone(MADRID).strftime("%Y-%m-%d %H:%M %Z")
    assert f"Next update: by {shown} (Europe/Madrid)" in composed.text
    clock.now += timedelta(minutes=3)  # the operator reads it over, then sends
    after = record_update(madrid, composed)
    assert after.first_response_at == composed.as_of
    assert after.last_customer_update_at == composed.as_of
    # The time the text promised is the time the queue counts down to.
    assert after.next_update_due == composed.next_update
    assert after.sla_clock in ("next_update", "resolution")
    sent = [e for e in madrid.detail(incident_id).events if e.kind is EventKind.UPDATE]
    assert [(e.field, e.note) for e in sent] == [("customer", composed.text)]
    assert sent[0].at == clock.now
    assert sent[0].summary().startswith("sent a customer update (next update by ")


def test_other_audiences_do_not_touch_the_customer_clock(madrid: Desk) -> None:
    incident_id = assessed(madrid)
    edit_incident(madrid, incident_id, IncidentEdit(impact="Card payments fail", owner="Ana"))
    composed = compose(madrid, incident_id, Audience.PROVIDER)
    assert composed.ready, composed.missing
    after = record_update(madrid, composed)
    assert after.first_response_at is None
    assert after.last_customer_update_at is None


def test_a_stale_composition_is_not_recorded(madrid: Desk, clock: Clock) -> None:
    incident_id = assessed(madrid)
    edit_incident(madrid, incident_id, IncidentEdit(impact="i", workaround="w", owner="o"))
    composed = compose(madrid, incident_id, Audience.CUSTOMER)
    clock.now += timedelta(hours=2)
    with pytest.raises(InvalidInput, match="compose it again"):
        record_update(madrid, composed)


def test_a_team_template_overrides_the_package_s(desk: Desk) -> None:
    incident = desk.new_incident("t", "casa olivo")
    edit_incident(desk, incident.id, IncidentEdit(impact="slow", owner="Ana"))
    folder = override_dir()
    folder.mkdir(parents=True)
    (folder / "internal.md").write_text("TEAM: $customer / $owner\n", encoding="utf-8")
    composed = compose(desk, incident.id, Audience.INTERNAL)
    assert composed.text == "TEAM: casa olivo / Ana\n"
    assert composed.template_source == str(folder / "internal.md")
    assert compose(desk, incident.id, Audience.CUSTOMER).template_source == "package"
    (folder / "internal.md").write_text("Hi $password\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"internal.md uses unknown placeholders: \$password"):
        compose(desk, incident.id, Audience.INTERNAL)


# -- report -------------------------------------------------------------------------


def test_the_report_has_every_section(madrid: Desk) -> None:
    incident_id = assessed(madrid)
    edit_incident(
        madrid,
        incident_id,
        IncidentEdit(
            impact="Card payments fail",
            workaround="PayPal",
            owner="Ana Ruiz",
            follow_up="alert on 401s",
        ),
    )
    add_excerpt(madrid, incident_id, "\n".join(f"log line {n}" for n in range(30)), "php log")
    madrid.change_status(incident_id, Status.WAITING_VENDOR, note="asked the provider")
    text = report_text(madrid, incident_id, Audience.PROVIDER).text
    for heading in (
        "# Support report: Checkout returns 500",
        "## Summary",
        "## Severity and rationale",
        "## Evidence checklist",
        "## Log excerpts",
        "## What was tried",
        "## Follow-up work",
        "## Timeline",
    ):
        assert heading in text
    assert "Prepared for the AI provider" in text
    assert "- [x] Reproduction steps: reproduction_steps as seen" in text
    assert "log line 14" in text
    assert "log line 15" not in text
    assert "(15 more lines not quoted)" in text
    assert "- Current workaround: PayPal" in text
    assert "(moving to waiting_vendor): asked the provider" in text
    assert "changed impact" in text  # named on the timeline, quoted in its section
    assert "> The card step fails" in text
