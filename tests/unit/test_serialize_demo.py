"""The JSON shape scripts build on, and the generated demo incidents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sophdesk.domain.demo_data import demo_incidents
from sophdesk.domain.incident import Event, EventKind, Incident, IncidentDetail
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueRow
from sophdesk.domain.serialize import detail_dict, queue_row_dict
from sophdesk.domain.severity import Severity

T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_queue_row_dict() -> None:
    unassessed = QueueRow(1, "t", "c", Status.NEW, None, None, None, T0)
    assert queue_row_dict(unassessed) == {
        "id": 1,
        "title": "t",
        "customer": "c",
        "status": "new",
        "severity": None,
        "sla_due_at": None,
        "owner": None,
        "created_at": "2026-11-27T12:00:00+00:00",
    }
    due = T0 + timedelta(hours=4)
    assessed = QueueRow(2, "t", "c", Status.TRIAGED, Severity.SEV2, due, "ana", T0)
    data = queue_row_dict(assessed)
    assert data["severity"] == "SEV2"
    assert data["sla_due_at"] == "2026-11-27T16:00:00+00:00"
    assert data["owner"] == "ana"


def test_detail_dict_holds_the_timeline() -> None:
    incident = Incident(
        id=7,
        title="t",
        customer="c",
        body="b",
        status=Status.TRIAGED,
        severity=None,
        sla_due_at=None,
        owner=None,
        created_at=T0,
        updated_at=T0 + timedelta(minutes=1),
        created_by="ana",
        version=2,
    )
    events = (
        Event(1, 7, T0, "ana", EventKind.CREATED, None, None, "new", None),
        Event(2, 7, T0, "ben", EventKind.STATUS, "status", "new", "triaged", "seen"),
    )
    data = detail_dict(IncidentDetail(incident, events))
    assert data["id"] == 7
    assert data["created_by"] == "ana"
    assert data["version"] == 2
    assert data["updated_at"] == "2026-11-27T12:01:00+00:00"
    assert data["events"][1] == {
        "id": 2,
        "at": "2026-11-27T12:00:00+00:00",
        "actor": "ben",
        "kind": "status",
        "field": "status",
        "before": "new",
        "after": "triaged",
        "note": "seen",
    }


def test_demo_incidents_are_reproducible_and_plausible() -> None:
    first = list(demo_incidents(300, T0))
    again = list(demo_incidents(300, T0))
    other = list(demo_incidents(300, T0, seed=7))
    assert first == again
    assert first != other
    assert len(first) == 300
    assert {i.status for i in first} == set(Status)
    for item in first:
        assert item.created_at < T0
        assert item.created_at > T0 - timedelta(days=31)
        if item.status is Status.NEW:
            assert item.severity is None
            assert item.owner is None
        else:
            assert item.severity is not None
        assert item.customer in item.body
