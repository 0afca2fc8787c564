"""Incidents and their timelines in a real SQLite file, through the desk service."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import update

from sophdesk.domain.errors import IllegalTransition, InvalidInput, NotFound
from sophdesk.domain.incident import EventKind
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueFilter, QueueRow, urgency_key
from sophdesk.domain.review import Stage
from sophdesk.domain.severity import Severity
from sophdesk.services.demo import fill_demo
from sophdesk.services.desk import Desk
from sophdesk.services.review import record_review
from sophdesk.store import repository
from sophdesk.store.repository import StaleVersion
from sophdesk.store.tables import IncidentRow

from .conftest import T0, StepClock

_INCIDENT = IncidentRow.__table__  # type: ignore[attr-defined]


def assess(desk: Desk, incident_id: int, severity: Severity | None, due: datetime | None) -> None:
    """Set severity and SLA due time directly (the assessment wizard is not built yet)."""
    with desk.database.writing() as session:
        session.execute(
            update(_INCIDENT)
            .where(_INCIDENT.c.id == incident_id)
            .values(severity_rank=severity.rank if severity else 0, sla_due_at=due)
        )


def test_new_incident_round_trip(desk: Desk) -> None:
    created = desk.new_incident("  Checkout returns 500 ", " Casa Olivo ", body="line 1\nline 2")
    detail = desk.detail(created.id)
    incident = detail.incident
    assert incident == created
    assert incident.title == "Checkout returns 500"
    assert incident.customer == "Casa Olivo"
    assert incident.body == "line 1\nline 2"
    assert incident.status is Status.NEW
    assert incident.severity is None
    # Not assessed yet: due for triage 15 minutes after its report.
    assert incident.sla_due_at == T0 + timedelta(minutes=15)
    assert incident.sla_clock == "triage"
    assert incident.created_by == "ana"
    assert incident.created_at == T0
    assert incident.created_at.tzinfo is not None
    assert incident.version == 1
    [event] = detail.events
    assert event.kind is EventKind.CREATED
    assert event.actor == "ana"
    assert event.after == "new"
    assert event.at == T0


def test_untrusted_text_is_stored_byte_exact(desk: Desk, db_path: Path) -> None:
    title = "[bold]x[/bold] [@click=app.quit]q[/] [/] \x1b]2;pwned\x07 \u202eevil"
    body = "\x1b[2J\x9b31m\r\n[red]\ttab\u2028\ufeff🙂"
    created = desk.new_incident(title, "[i]cust\x1b[0m", body=body)
    assert desk.incident(created.id).title == title
    assert desk.incident(created.id).body == body
    with sqlite3.connect(db_path) as conn:
        stored = conn.execute(
            "SELECT title, customer, body FROM incident WHERE id = ?", (created.id,)
        ).fetchone()
    assert stored == (title, "[i]cust\x1b[0m", body)


def test_times_are_stored_as_utc(db_url: str) -> None:
    plus_five = timezone(timedelta(hours=5))
    moment = datetime(2026, 11, 27, 14, 0, tzinfo=plus_five)
    desk = Desk.open(db_url, "ana", clock=lambda: moment)
    try:
        created = desk.new_incident("t", "c")
        again = desk.incident(created.id)
    finally:
        desk.close()
    assert again.created_at == moment
    assert again.created_at.utcoffset() == timedelta(0)
    assert again.created_at.hour == 9


def test_status_change_is_an_event_with_before_after(desk: Desk) -> None:
    created = desk.new_incident("t", "c")
    moved = desk.change_status(created.id, Status.TRIAGED, note="  looked at it  ")
    assert moved.status is Status.TRIAGED
    assert moved.version == 2
    assert moved.updated_at > moved.created_at
    events = desk.detail(created.id).events
    assert [e.kind for e in events] == [EventKind.CREATED, EventKind.STATUS]
    change = events[1]
    assert (change.field, change.before, change.after) == ("status", "new", "triaged")
    assert change.note == "looked at it"
    assert change.actor == "ana"
    assert change.at == moved.updated_at


def test_full_lifecycle_records_every_step(desk: Desk) -> None:
    incident = desk.new_incident("t", "c")
    path = [
        Status.TRIAGED,
        Status.WAITING_CUSTOMER,
        Status.ESCALATED,
        Status.WAITING_VENDOR,
        Status.MITIGATED,
        Status.RESOLVED,
        Status.REVIEWED,
    ]
    for status in path:
        if status is Status.REVIEWED:  # reviewed needs the after-recovery review first
            record_review(desk, incident.id, Stage.AFTER_RECOVERY, ["all"])
        desk.change_status(incident.id, status)
    events = [e for e in desk.detail(incident.id).events if e.kind is not EventKind.REVIEW]
    assert [(e.before, e.after) for e in events[1:]] == list(
        zip(["new", *[s.value for s in path[:-1]]], [s.value for s in path], strict=True)
    )
    assert desk.incident(incident.id).version == len(path) + 1


def test_illegal_move_is_refused_and_nothing_written(desk: Desk) -> None:
    incident = desk.new_incident("t", "c")
    with pytest.raises(IllegalTransition) as caught:
        desk.change_status(incident.id, Status.REVIEWED)
    assert "triaged, escalated, waiting_customer, waiting_vendor, resolved" in caught.value.message
    assert desk.incident(incident.id).status is Status.NEW
    assert desk.incident(incident.id).version == 1
    assert len(desk.detail(incident.id).events) == 1


def test_unknown_incident_and_long_note_are_refused(desk: Desk) -> None:
    with pytest.raises(NotFound, match="no incident #404"):
        desk.detail(404)
    with pytest.raises(NotFound):
        desk.change_status(404, Status.TRIAGED)
    incident = desk.new_incident("t", "c")
    with pytest.raises(InvalidInput, match="2000"):
        desk.change_status(incident.id, Status.TRIAGED, note="n" * 2001)
    assert desk.incident(incident.id).status is Status.NEW


def test_invalid_new_incident_stores_nothing(desk: Desk) -> None:
    with pytest.raises(InvalidInput):
        desk.new_incident("", "c")
    with pytest.raises(InvalidInput):
        desk.new_incident("t", "c", body="x" * (10 * 1024 * 1024))
    assert desk.count() == 0


def test_stale_version_is_refused(desk: Desk) -> None:
    incident = desk.new_incident("t", "c")
    seen = desk.incident(incident.id)  # what a second operator read
    desk.change_status(incident.id, Status.TRIAGED)  # the first operator moves it
    with pytest.raises(StaleVersion, match="changed by someone else"):  # noqa: SIM117
        with desk.database.writing() as session:
            repository.set_status(session, seen, Status.ESCALATED, "ben", T0, None)
    after = desk.detail(incident.id)
    assert after.incident.status is Status.TRIAGED
    assert after.incident.version == 2
    assert [e.actor for e in after.events] == ["ana", "ana"]


def _random_queue(desk: Desk, clock: StepClock, count: int) -> list[QueueRow]:
    rng = random.Random(42)
    severities: list[Severity | None] = [None, *Severity]
    dues = [None, T0 + timedelta(hours=1), T0 + timedelta(hours=8), T0 - timedelta(hours=2)]
    rows = []
    for n in range(count):
        if rng.random() < 0.3:
            clock.now = T0 - timedelta(minutes=rng.randint(0, 3))  # ties in created_at
        created = desk.new_incident(f"incident {n}", "c")
        severity = rng.choice(severities)
        due = rng.choice(dues) if severity is not None else None
        assess(desk, created.id, severity, due)
        rows.append(
            QueueRow(created.id, "", "", Status.NEW, severity, due, None, created.created_at)
        )
    return rows


def test_queue_order_matches_urgency_key(desk: Desk, clock: StepClock) -> None:
    rows = _random_queue(desk, clock, 80)
    expected = [r.id for r in sorted(rows, key=urgency_key)]
    assert desk.queue_ids(QueueFilter()) == expected
    listed = desk.listing(QueueFilter())
    assert [r.id for r in listed] == expected
    assert [r.id for r in sorted(listed, key=urgency_key)] == expected
    assert desk.queue_ids(QueueFilter(limit=10)) == expected[:10]
    assert desk.queue_ids(QueueFilter(limit=0)) == []


def test_no_due_time_sorts_after_due_times_of_the_same_severity(desk: Desk) -> None:
    no_sla = desk.new_incident("no SLA yet", "c")
    due_later = desk.new_incident("due in 8h", "c")
    due_soon = desk.new_incident("due in 1h", "c")
    assess(desk, no_sla.id, Severity.SEV2, None)
    assess(desk, due_later.id, Severity.SEV2, T0 + timedelta(hours=8))
    assess(desk, due_soon.id, Severity.SEV2, T0 + timedelta(hours=1))
    assert desk.queue_ids(QueueFilter()) == [due_soon.id, due_later.id, no_sla.id]


def test_severity_filter(desk: Desk, clock: StepClock) -> None:
    rows = _random_queue(desk, clock, 40)
    wanted = QueueFilter(severities=(Severity.SEV1, None))
    expected = [r.id for r in sorted(rows, key=urgency_key) if r.severity in (Severity.SEV1, None)]
    assert expected
    assert desk.queue_ids(wanted) == expected


def test_open_queue_leaves_out_resolved_and_reviewed(desk: Desk) -> None:
    ids = {}
    for status in Status:
        ids[status] = desk.new_incident(f"will be {status.value}", "c").id
    routes = {
        Status.TRIAGED: [Status.TRIAGED],
        Status.ESCALATED: [Status.ESCALATED],
        Status.MITIGATED: [Status.TRIAGED, Status.MITIGATED],
        Status.WAITING_CUSTOMER: [Status.WAITING_CUSTOMER],
        Status.WAITING_VENDOR: [Status.WAITING_VENDOR],
        Status.RESOLVED: [Status.RESOLVED],
        Status.REVIEWED: [Status.RESOLVED, Status.REVIEWED],
    }
    for target, route in routes.items():
        for step in route:
            if step is Status.REVIEWED:
                record_review(desk, ids[target], Stage.AFTER_RECOVERY, ["all"])
            desk.change_status(ids[target], step)
    open_queue = set(desk.queue_ids(QueueFilter()))
    assert open_queue == {ids[s] for s in Status if s.is_open}
    closed = set(desk.queue_ids(QueueFilter(statuses=(Status.RESOLVED, Status.REVIEWED))))
    assert closed == {ids[Status.RESOLVED], ids[Status.REVIEWED]}
    assert desk.queue_ids(QueueFilter(statuses=(Status.NEW,))) == [ids[Status.NEW]]


@pytest.fixture
def searchable(desk: Desk) -> dict[str, int]:
    return {
        "checkout": desk.new_incident(
            "Checkout assistant returns 500", "brightkettle.shop", body="after key rotation"
        ).id,
        "cafe": desk.new_incident(
            "Gemini answers in French", "Café Olivo", body="Support code SM-E1042 shown"
        ).id,
        "cron": desk.new_incident(
            "Scheduled generation not running", "kitchenlab.de", body="WP-Cron disabled"
        ).id,
    }


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("checkout", ["checkout"]),  # title word
        ("CHECKOUT", ["checkout"]),  # any case
        ("check", ["checkout"]),  # prefix
        ("ch", ["checkout"]),  # short prefix
        ("kitchenlab", ["cron"]),  # customer
        ("brightkettle.shop", ["checkout"]),  # customer with punctuation
        ("rotation", ["checkout"]),  # body word
        ("sm-e1042", ["cafe"]),  # body code
        ("cafe", ["cafe"]),  # without the accent
        ("café olivo", ["cafe"]),  # every word must match
        ("checkout french", []),  # ...in the same incident
        ("rotat key", ["checkout"]),  # order does not matter
        ('"wp cron" OR NEAR(*', []),  # FTS syntax is taken as plain words
        ("nothinglikethis", []),
    ],
)
def test_search(desk: Desk, searchable: dict[str, int], text: str, names: list[str]) -> None:
    found = desk.queue_ids(QueueFilter(search=text))
    assert sorted(found) == sorted(searchable[n] for n in names)


def test_search_stays_right_after_status_updates(
    desk: Desk, db_path: Path, searchable: dict[str, int]
) -> None:
    target = searchable["checkout"]
    for status in (Status.TRIAGED, Status.ESCALATED, Status.MITIGATED, Status.RESOLVED):
        desk.change_status(target, status)
    desk.change_status(searchable["cron"], Status.WAITING_VENDOR)
    assert desk.queue_ids(QueueFilter(search="checkout")) == []  # resolved: not in the queue
    resolved = QueueFilter(statuses=(Status.RESOLVED,), search="rotation")
    assert desk.queue_ids(resolved) == [target]
    assert desk.queue_ids(QueueFilter(search="wp-cron")) == [searchable["cron"]]
    assert desk.queue_ids(QueueFilter(search="gemini")) == [searchable["cafe"]]
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO incident_fts(incident_fts) VALUES ('integrity-check')")


def test_demo_fill(desk: Desk) -> None:
    sizes: list[int] = []
    added = fill_demo(desk, 120, sizes.append)
    assert added == 120
    assert sum(sizes) == 120
    assert desk.count() == 120
    everything = desk.listing(QueueFilter(statuses=tuple(Status)))
    assert len(everything) == 120
    for row in everything[:20]:
        events = desk.detail(row.id).events
        assert events[0].kind is EventKind.CREATED
        assert events[-1].after == row.status.value
    assert desk.queue_ids(QueueFilter(search="wordpress")) != []
    created = desk.new_incident("after the demo", "c")
    assert created.id == 121
