"""Concurrent edits lose nothing: an edit based on a stale version is refused,
showing both versions, and nothing is written (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from desk_testing import frozen_clock

from sophdesk.domain.communication import IncidentEdit
from sophdesk.domain.incident import EventKind
from sophdesk.services.communication import edit_incident, stored_values
from sophdesk.services.desk import Desk, StaleVersion

KEY = "sk-proj-Q2xhdWRlSXNOb3RBUmVhbEtleUJ1dExvb2tzTGlrZU9uZQ"


@pytest.fixture
def other(db_url: str) -> Iterator[Desk]:
    """A second operator on the same database."""
    opened = Desk.open(db_url, "ben", clock=frozen_clock)
    yield opened
    opened.close()


def test_a_stale_edit_is_refused_with_both_versions_and_writes_nothing(
    desk: Desk, other: Desk
) -> None:
    incident = desk.new_incident("Checkout returns 500", "casa olivo")
    seen = desk.incident(incident.id)  # what this operator's form was opened on
    edit_incident(other, incident.id, IncidentEdit(impact="Slow for everyone", owner="Ben"))
    before = desk.detail(incident.id)

    mine = IncidentEdit(impact="Card payments fail", workaround="Pay by bank transfer")
    with pytest.raises(StaleVersion) as caught:
        edit_incident(desk, incident.id, mine, expected_version=seen.version)

    error = caught.value
    assert error.expected == 1
    assert error.current is not None
    assert error.current.version == 2
    assert error.current.impact == "Slow for everyone"
    assert error.since  # what the other desk did
    assert all(e.actor == "ben" for e in error.since)
    assert "based on version 1, it is now version 2" in error.message
    assert "impact: yours 'Card payments fail', now 'Slow for everyone'" in error.message
    assert "workaround: yours 'Pay by bank transfer', now ''" in error.message
    assert "nothing was written" in error.message
    assert desk.detail(incident.id) == before  # not a field, not an event

    # Based on the version now, the same edit goes through: both words in the timeline.
    edited, changed = edit_incident(desk, incident.id, mine, expected_version=error.current.version)
    assert changed == ["impact", "workaround"]
    assert edited.version == 3
    assert edited.owner == "Ben"  # what only the other desk changed stays theirs
    impact = [
        (e.actor, e.before, e.after)
        for e in desk.detail(incident.id).events
        if e.kind is EventKind.EDIT and e.field == "impact"
    ]
    assert impact == [
        ("ben", None, "Slow for everyone"),
        ("tester", "Slow for everyone", "Card payments fail"),
    ]


def test_the_current_version_and_no_version_are_not_refused(desk: Desk) -> None:
    incident = desk.new_incident("Checkout returns 500", "casa olivo")
    first, _ = edit_incident(desk, incident.id, IncidentEdit(owner="Ana"), expected_version=1)
    assert first.version == 2
    second, _ = edit_incident(desk, incident.id, IncidentEdit(owner="Ben"))
    assert second.version == 3


def test_a_refusal_never_carries_a_secret_or_a_raw_body(desk: Desk, other: Desk) -> None:
    incident = desk.new_incident("t", "c", body=f"raw log with {KEY}", keep_raw=True)
    edit_incident(other, incident.id, IncidentEdit(owner="Ben"))
    mine = IncidentEdit(impact=f"provider key {KEY} leaked", body="a short body")
    with pytest.raises(StaleVersion) as caught:
        edit_incident(desk, incident.id, mine, expected_version=1)
    assert KEY not in caught.value.message
    assert "raw log" not in caught.value.message
    assert "impact: yours 'provider key [openai-key-1] leaked'" in caught.value.message
    assert KEY not in str(stored_values(desk, incident.id, mine))
    after = desk.incident(incident.id)
    assert after.body_raw
    assert after.impact is None
