"""Escalation rules: flags for the support lead, pages, timeouts and their ladder."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from sophdesk.domain.escalation import (
    Flag,
    FlagKind,
    Page,
    Stage,
    ack_deadline,
    current_page,
    flags,
    needs_escalation,
    next_step,
    owner_flags,
    page_sentence,
)
from sophdesk.domain.incident import Event, EventKind, Incident
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.matrix import Matrix
from sophdesk.domain.matrix_toml import default_matrix, default_matrix_text, parse_matrix
from sophdesk.domain.severity import Severity
from sophdesk.domain.sla import BusinessHours

FRIDAY = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)  # inside business hours
HOURS = BusinessHours()


def team(*, lead: str = "cara", ana_away: bool = False, ben_away: bool = False) -> Matrix:
    """Ana holds hosting (backed up by Ben), Cara leads; the other roles unfilled."""

    def away(flag: bool) -> str:
        return (
            'away = [["2026-11-01T00:00:00+00:00", "2026-12-31T00:00:00+00:00"]]\n' if flag else ""
        )

    people = (
        '[people.ana]\nname = "Ana Ruiz"\ncontact = "ana@example.com"\nbackup = "ben"\n'
        + away(ana_away)
        + '\n[people.ben]\nname = "Ben Okafor"\ncontact = "ben@example.com"\n'
        + away(ben_away)
        + '\n[people.cara]\nname = "Cara Diaz"\ncontact = "cara@example.com"\n\n'
    )
    text = default_matrix_text().replace("[roles]\n", people + "[roles]\n", 1)
    text = text.replace('support_lead = ""', f'support_lead = "{lead}"', 1)
    text = text.replace('hosting_owner = ""', 'hosting_owner = "ana"', 1)
    return parse_matrix(text)


def event(
    kind: EventKind,
    at: datetime,
    *,
    field: str | None = None,
    after: str | None = None,
    actor: str = "op",
) -> Event:
    return Event(0, 1, at, actor, kind, field, None, after, None)


def incident(**changes: object) -> Incident:
    base = Incident(
        id=1,
        title="Checkout broken",
        customer="shop.example",
        body="",
        status=Status.TRIAGED,
        severity=Severity.SEV2,
        sla_due_at=None,
        owner=None,
        created_at=FRIDAY,
        updated_at=FRIDAY,
        created_by="op",
        version=1,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


# --- timeouts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "wait"),
    [(Severity.SEV1, timedelta(minutes=5)), (Severity.SEV2, timedelta(minutes=15))],
)
def test_sev1_and_sev2_wait_wall_clock_minutes(severity: Severity, wait: timedelta) -> None:
    night = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)  # a Saturday night
    assert ack_deadline(severity, night, HOURS) == night + wait


@pytest.mark.parametrize("severity", [Severity.SEV3, Severity.SEV4, None])
def test_sev3_sev4_and_unassessed_wait_the_next_business_hour(severity: Severity | None) -> None:
    assert ack_deadline(severity, FRIDAY, HOURS) == FRIDAY + timedelta(hours=1)
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
    monday_ten = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    assert ack_deadline(severity, friday_evening, HOURS) == monday_ten


# --- reading the page from the timeline ------------------------------------------


def test_no_page_events_means_no_page() -> None:
    assert current_page([event(EventKind.ROUTED, FRIDAY, after="hosting")]) is None


def test_page_follows_its_steps_and_acknowledgement() -> None:
    events = [
        event(EventKind.ESCALATED, FRIDAY, field="primary", after="ana"),
        event(EventKind.ESCALATED, FRIDAY + timedelta(minutes=15), field="backup", after="ben"),
        event(EventKind.ACKNOWLEDGED, FRIDAY + timedelta(minutes=16), after="ben", actor="ben"),
    ]
    page = current_page(events)
    assert page is not None
    assert (page.person, page.stage, page.tried) == ("ben", Stage.BACKUP, ("ana", "ben"))
    assert page.acknowledged_by == "ben"
    assert not page.waiting


def test_a_new_primary_page_starts_a_new_escalation() -> None:
    events = [
        event(EventKind.ESCALATED, FRIDAY, field="primary", after="ana"),
        event(EventKind.ACKNOWLEDGED, FRIDAY, after="ana"),
        event(EventKind.ESCALATED, FRIDAY + timedelta(hours=1), field="primary", after="ben"),
    ]
    page = current_page(events)
    assert page is not None
    assert page.tried == ("ben",)
    assert page.waiting


# --- the ladder --------------------------------------------------------------------


def test_nothing_moves_within_the_timeout_or_once_acknowledged() -> None:
    page = Page("ana", Stage.PRIMARY, FRIDAY, ("ana",))
    matrix = team()
    assert next_step(page, matrix, Severity.SEV1, FRIDAY + timedelta(minutes=4), HOURS) is None
    answered = replace(page, acknowledged_by="ana", acknowledged_at=FRIDAY)
    assert next_step(answered, matrix, Severity.SEV1, FRIDAY + timedelta(hours=1), HOURS) is None


def test_unanswered_primary_moves_to_the_backup_then_to_the_support_lead() -> None:
    matrix = team()
    page = Page("ana", Stage.PRIMARY, FRIDAY, ("ana",))
    step = next_step(page, matrix, Severity.SEV1, FRIDAY + timedelta(minutes=5), HOURS)
    assert step is not None
    assert (step.stage, step.before, step.person) == (Stage.BACKUP, "ana", "ben")
    assert "no acknowledgement from Ana Ruiz (ana) within 5 min" in step.reason
    later = FRIDAY + timedelta(minutes=5)
    backup = Page("ben", Stage.BACKUP, later, ("ana", "ben"))
    assert next_step(backup, matrix, Severity.SEV1, later + timedelta(minutes=4), HOURS) is None
    step = next_step(backup, matrix, Severity.SEV1, later + timedelta(minutes=5), HOURS)
    assert step is not None
    assert (step.stage, step.person) == (Stage.SUPPORT_LEAD, "cara")
    lead = Page("cara", Stage.SUPPORT_LEAD, later, ("ana", "ben", "cara"))
    assert next_step(lead, matrix, Severity.SEV1, later + timedelta(days=1), HOURS) is None


def test_a_backup_who_is_away_is_skipped_for_the_support_lead() -> None:
    page = Page("ana", Stage.PRIMARY, FRIDAY, ("ana",))
    step = next_step(
        page, team(ben_away=True), Severity.SEV2, FRIDAY + timedelta(minutes=15), HOURS
    )
    assert step is not None
    assert (step.stage, step.person) == (Stage.SUPPORT_LEAD, "cara")


def test_with_no_support_lead_the_page_finds_nobody_and_says_why() -> None:
    page = Page("ana", Stage.BACKUP, FRIDAY, ("ben", "ana"))
    step = next_step(page, team(lead="ana"), Severity.SEV1, FRIDAY + timedelta(minutes=5), HOURS)
    assert step is not None
    assert step.person is None
    assert "nobody left to page" in step.reason


# --- flags ---------------------------------------------------------------------------


def owners_for(matrix: Matrix, now: datetime = FRIDAY) -> dict[Severity, list[Flag]]:
    return {s: owner_flags(matrix, s, now) for s in Severity}


def test_a_clear_incident_has_no_flag() -> None:
    matrix = team()
    clear = incident(severity=None)
    assert flags(clear, owners=owners_for(matrix), now=FRIDAY) == []


def test_unknown_answers_make_the_severity_unclear() -> None:
    found = flags(incident(severity=None), owners={}, now=FRIDAY, unclear_answers=("privacy",))
    assert [f.kind for f in found] == [FlagKind.SEVERITY]
    assert "privacy" in found[0].reason


def test_default_matrix_has_nobody_for_any_duty() -> None:
    found = owner_flags(default_matrix(), Severity.SEV2, FRIDAY)
    assert len(found) == 1
    assert found[0].kind is FlagKind.OWNER
    assert "nobody holds pause workflows, contact hosting" in found[0].reason


def test_a_holder_away_with_no_backup_makes_the_owner_unclear() -> None:
    # Ana away and Ben (her backup) away too: contact hosting falls to Cara.
    found = owner_flags(team(ana_away=True, ben_away=True), Severity.SEV2, FRIDAY)
    assert any("contact hosting" in f.reason and "Cara Diaz" in f.reason for f in found)


def test_an_overdue_customer_update_makes_communication_unclear() -> None:
    due = FRIDAY - timedelta(minutes=40)
    late = incident(first_response_at=FRIDAY - timedelta(hours=2), next_update_due=due)
    found = flags(late, owners={}, now=FRIDAY)
    assert [f.kind for f in found] == [FlagKind.COMMUNICATION]
    assert "overdue by 40 min" in found[0].reason
    waiting = replace(late, status=Status.WAITING_CUSTOMER)
    assert flags(waiting, owners={}, now=FRIDAY) == []


def test_an_overdue_first_response_makes_communication_unclear() -> None:
    silent = incident(first_response_due=FRIDAY - timedelta(minutes=5))
    found = flags(silent, owners={}, now=FRIDAY, hours=HOURS)
    assert [f.reason for f in found] == [
        "first customer response overdue by 5 min (due 2026-11-27 09:55 UTC)"
    ]
    in_time = incident(first_response_due=FRIDAY + timedelta(minutes=5))
    assert flags(in_time, owners={}, now=FRIDAY, hours=HOURS) == []


def test_an_unclear_route_is_flagged_and_a_clear_one_is_not() -> None:
    assert [f.kind for f in flags(incident(), owners={}, now=FRIDAY, route="unclear")] == [
        FlagKind.ROUTE
    ]
    assert flags(incident(), owners={}, now=FRIDAY, route="hosting") == []


def test_closed_incidents_have_no_flags() -> None:
    closed = incident(status=Status.RESOLVED)
    assert flags(closed, owners={}, now=FRIDAY, unclear_answers=("data",), route="unclear") == []


def test_an_unanswered_support_lead_page_is_flagged_past_its_timeout() -> None:
    page = Page("cara", Stage.SUPPORT_LEAD, FRIDAY, ("cara",))
    early = flags(incident(), owners={}, now=FRIDAY + timedelta(minutes=14), page=page, hours=HOURS)
    assert early == []
    late = flags(incident(), owners={}, now=FRIDAY + timedelta(minutes=15), page=page, hours=HOURS)
    assert [f.kind for f in late] == [FlagKind.ACKNOWLEDGEMENT]


def test_the_support_lead_acknowledging_takes_it_off_the_needs_list() -> None:
    found = [Flag(FlagKind.ROUTE, "route unclear")]
    assert needs_escalation(found, None)
    waiting = Page("cara", Stage.SUPPORT_LEAD, FRIDAY, ("cara",))
    assert needs_escalation(found, waiting)
    answered = replace(waiting, acknowledged_by="cara", acknowledged_at=FRIDAY)
    assert not needs_escalation(found, answered)
    assert not needs_escalation([], None)


def test_page_sentence_says_who_and_when_it_moves() -> None:
    page = Page("ana", Stage.PRIMARY, FRIDAY, ("ana",))
    text = page_sentence(page, Severity.SEV1, HOURS)
    assert text.startswith("ana (primary) paged 2026-11-27 10:00")
    assert "10:05" in text
    done = replace(page, acknowledged_by="ben", acknowledged_at=FRIDAY)
    assert "acknowledged by ben" in page_sentence(done, Severity.SEV1, HOURS)


def test_duties_of_unfilled_roles_make_one_flag_an_absence_its_own() -> None:
    found = owner_flags(team(ana_away=True, ben_away=True), Severity.SEV2, FRIDAY)
    assert [f.kind for f in found] == [FlagKind.OWNER, FlagKind.OWNER]
    unfilled, away = (f.reason for f in found)
    assert "pause workflows, contact provider" in unfilled
    assert "fall to the support lead Cara Diaz (cara): nobody fills their roles" in unfilled
    assert "contact hosting" not in unfilled
    assert away.startswith("owner unclear: contact hosting:")
    assert "Ben Okafor (ben) is away" in away


def test_an_overdue_triage_makes_the_severity_unclear() -> None:
    due = FRIDAY - timedelta(days=4)
    untouched = incident(
        status=Status.NEW,
        severity=None,
        created_at=due - timedelta(minutes=15),
        sla_due_at=due,
        sla_clock="triage",
        sla_target_seconds=900,
    )
    found = flags(untouched, owners={}, now=FRIDAY, hours=HOURS)
    assert [f.kind for f in found] == [FlagKind.SEVERITY]
    assert found[0].reason == (
        "severity unclear: nobody has assessed it; triage overdue by 4 days"
        " (due 2026-11-23 10:00 UTC)"
    )
    in_time = replace(untouched, sla_due_at=FRIDAY + timedelta(minutes=5))
    assert flags(in_time, owners={}, now=FRIDAY, hours=HOURS) == []
    waiting = replace(untouched, status=Status.WAITING_CUSTOMER)
    assert flags(waiting, owners={}, now=FRIDAY, hours=HOURS) == []
