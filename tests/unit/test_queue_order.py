"""Queue order, filters, search words and severities: pure rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.lifecycle import OPEN_STATUSES, Status
from sophdesk.domain.queue import QueueFilter, QueueRow, search_terms, urgency_key
from sophdesk.domain.severity import Severity, parse_severity

T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def row(
    ident: int,
    severity: Severity | None = None,
    due: datetime | None = None,
    created: datetime = T0,
) -> QueueRow:
    return QueueRow(
        id=ident,
        title=f"incident {ident}",
        customer="c",
        status=Status.TRIAGED if severity else Status.NEW,
        severity=severity,
        sla_due_at=due,
        owner=None,
        created_at=created,
    )


def order(rows: list[QueueRow]) -> list[int]:
    return [r.id for r in sorted(rows, key=urgency_key)]


def test_unassessed_first_then_by_severity() -> None:
    rows = [
        row(1, Severity.SEV4),
        row(2, Severity.SEV1),
        row(3, None),
        row(4, Severity.SEV3),
        row(5, Severity.SEV2),
    ]
    assert order(rows) == [3, 2, 5, 4, 1]


def test_within_a_severity_earliest_due_first_and_no_due_last() -> None:
    rows = [
        row(1, Severity.SEV2, due=None),
        row(2, Severity.SEV2, due=T0 + timedelta(hours=4)),
        row(3, Severity.SEV2, due=T0 + timedelta(hours=1)),
        row(4, Severity.SEV2, due=T0 - timedelta(hours=1)),  # already breached
    ]
    assert order(rows) == [4, 3, 2, 1]


def test_then_oldest_first_then_id() -> None:
    rows = [
        row(1, None, created=T0),
        row(2, None, created=T0 - timedelta(days=2)),
        row(3, None, created=T0),
        row(4, None, created=T0 - timedelta(minutes=5)),
    ]
    assert order(rows) == [2, 4, 1, 3]


def test_severity_beats_due_time() -> None:
    rows = [
        row(1, Severity.SEV3, due=T0 - timedelta(days=1)),
        row(2, Severity.SEV1, due=T0 + timedelta(days=1)),
    ]
    assert order(rows) == [2, 1]


def test_queue_filter_defaults_to_the_open_queue() -> None:
    wanted = QueueFilter()
    assert wanted.shows_open_queue
    assert wanted.effective_statuses == OPEN_STATUSES
    assert Status.RESOLVED not in wanted.effective_statuses
    assert Status.REVIEWED not in wanted.effective_statuses
    chosen = QueueFilter(statuses=(Status.RESOLVED,))
    assert not chosen.shows_open_queue
    assert chosen.effective_statuses == (Status.RESOLVED,)


def test_queue_filter_refuses_bad_values() -> None:
    with pytest.raises(InvalidInput, match="--limit"):
        QueueFilter(limit=-1)
    with pytest.raises(InvalidInput, match="500"):
        QueueFilter(search="x" * 501)
    assert QueueFilter(limit=0).limit == 0


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("", []),
        ("  ", []),
        ("Checkout 500", ["checkout", "500"]),
        ("SM-E1042!", ["sm", "e1042"]),
        ('rate "limit" (429)', ["rate", "limit", "429"]),
        ("waiting_customer", ["waiting_customer"]),
        ("Café  Ünïcode", ["café", "ünïcode"]),
        ('NEAR( OR * "', ["near", "or"]),
    ],
)
def test_search_terms(text: str, terms: list[str]) -> None:
    assert search_terms(text) == terms


@given(st.text())
def test_search_terms_are_lowercase_words(text: str) -> None:
    for term in search_terms(text):
        assert term
        assert term == term.lower()
        assert all(ch.isalnum() or ch == "_" for ch in term)


def test_severity_rank_and_parse() -> None:
    assert [s.rank for s in Severity] == [1, 2, 3, 4]
    assert Severity.from_rank(0) is None
    assert Severity.from_rank(2) is Severity.SEV2
    assert parse_severity(" sev3 ") is Severity.SEV3
    with pytest.raises(InvalidInput) as caught:
        parse_severity("SEV9")
    assert "SEV1, SEV2, SEV3, SEV4" in caught.value.message
