"""The triage clock: an incident nobody has assessed is due for triage from its report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sophdesk.domain.clocks import ClockName, row_reading, triage_clocks
from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueRow
from sophdesk.domain.sla import SlaStatus, default_policy
from sophdesk.sla_config import sla_policy

REPORTED = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)  # a Friday night: 24x7 still counts


def problem(key: str, message: str) -> Exception:
    return InvalidInput(f"{key}: {message}")


def row(
    due: datetime | None, status: Status = Status.NEW, clock: str | None = "triage"
) -> QueueRow:
    return QueueRow(1, "T", "C", status, None, due, None, REPORTED, clock, 900)


def test_an_unassessed_incident_is_due_for_triage_15_minutes_after_its_report() -> None:
    clocks = triage_clocks(default_policy(), REPORTED, [(REPORTED, Status.NEW)], REPORTED)
    assert clocks.next is not None
    assert clocks.next.name is ClockName.TRIAGE
    assert clocks.next.due == REPORTED + timedelta(minutes=15)
    assert clocks.next.target == timedelta(minutes=15)
    assert clocks.due is None


def test_waiting_pauses_the_triage_clock_and_closing_stops_it() -> None:
    policy = default_policy()
    waited = [(REPORTED, Status.NEW), (REPORTED + timedelta(minutes=5), Status.WAITING_CUSTOMER)]
    later = REPORTED + timedelta(hours=1)
    clocks = triage_clocks(policy, REPORTED, waited, later)
    assert clocks.paused
    assert clocks.next is not None
    assert clocks.next.due == later + timedelta(minutes=10)
    closed = [(REPORTED, Status.NEW), (REPORTED + timedelta(minutes=5), Status.RESOLVED)]
    assert triage_clocks(policy, REPORTED, closed, later).next is None


def test_a_triage_row_reads_ok_at_risk_and_breached() -> None:
    policy = default_policy()
    due = REPORTED + timedelta(minutes=15)

    def status(at: datetime) -> SlaStatus | None:
        reading = row_reading(policy, row(due), at)
        return reading.status if reading is not None else None

    assert status(REPORTED) is SlaStatus.OK
    assert status(due - timedelta(minutes=2)) is SlaStatus.AT_RISK
    assert status(REPORTED + timedelta(days=4)) is SlaStatus.BREACHED
    assert row_reading(policy, row(None, clock=None), REPORTED) is None
    assert row_reading(policy, row(due, Status.RESOLVED), REPORTED) is None


def test_the_triage_target_comes_from_the_sla_section() -> None:
    zone = ZoneInfo("UTC")
    assert sla_policy({}, zone, problem).triage == timedelta(minutes=15)
    assert not sla_policy({}, zone, problem).triage_business
    policy = sla_policy({"triage": "1h", "triage_clock": "business"}, zone, problem)
    assert policy.triage == timedelta(hours=1)
    assert policy.triage_business
    # Friday 22:00 on business hours: due Monday 10:00.
    clocks = triage_clocks(policy, REPORTED, [], REPORTED)
    assert clocks.next is not None
    assert clocks.next.due == datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput, match=r"sla\.triage: 'soon' is not a duration"):
        sla_policy({"triage": "soon"}, zone, problem)
    with pytest.raises(InvalidInput, match=r"sla\.triage_clock: 'always' must be"):
        sla_policy({"triage_clock": "always"}, zone, problem)
