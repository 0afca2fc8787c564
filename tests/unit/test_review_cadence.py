"""The three reviews: pre-ticks with reasons, confirmation, and reviewed's gate."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from sophdesk.domain.errors import IllegalTransition, InvalidInput
from sophdesk.domain.incident import Event, EventKind
from sophdesk.domain.review import (
    CHECKLISTS,
    ReviewFacts,
    ReviewOutcome,
    Stage,
    check_may_review,
    item_keys,
    parse_stage,
    precheck,
    review_done,
)

AT = datetime(2026, 11, 27, 16, 30, tzinfo=UTC)

GOOD = ReviewFacts(
    evidence_missing=(),
    severity="SEV2",
    owner="Ana Ruiz",
    route="provider",
    route_contact="Ana Ruiz",
    report_removed=(),
    acknowledged_by="Ana Ruiz",
    update_actors=("Ana Ruiz",),
    customer_updates=2,
    sent_findings=(),
    follow_up="rotate the key (Ben)",
    owner_duties=("update_customers",),
    privacy="none",
)
BARE = ReviewFacts(
    evidence_missing=("Reproduction steps",),
    severity=None,
    owner=None,
    route=None,
    route_contact=None,
    report_removed=("[email-1]",),
    acknowledged_by=None,
    update_actors=(),
    customer_updates=0,
    sent_findings=("[known-secret-1]",),
    follow_up=None,
)


def test_the_checklists_are_the_seed_s() -> None:
    assert [i.key for i in CHECKLISTS[Stage.REPORTED]] == [
        "evidence_preserved",
        "severity_assessed",
        "owner_known",
    ]
    assert [i.key for i in CHECKLISTS[Stage.BEFORE_CONTACT]] == [
        "report_redacted",
        "route_clear",
        "right_owner",
    ]
    assert [i.key for i in CHECKLISTS[Stage.AFTER_RECOVERY]] == [
        "owner_responded",
        "updates_clear",
        "evidence_sufficient",
        "nothing_exposed",
        "follow_up_assigned",
    ]


@pytest.mark.parametrize("stage", list(Stage))
def test_a_well_run_incident_is_pre_ticked_throughout(stage: Stage) -> None:
    checks = precheck(stage, GOOD)
    assert all(c.ticked for c in checks), [(c.item.key, c.reason) for c in checks]
    assert all(c.reason for c in checks)


def test_what_is_not_known_is_not_ticked_and_says_why() -> None:
    reasons = {c.item.key: (c.ticked, c.reason) for s in Stage for c in precheck(s, BARE)}
    assert reasons["evidence_preserved"] == (False, "evidence missing: Reproduction steps")
    assert reasons["severity_assessed"] == (False, "not assessed yet")
    assert reasons["owner_known"][0] is False
    assert reasons["route_clear"] == (False, "not routed yet")
    assert reasons["owner_responded"][0] is False
    assert reasons["updates_clear"] == (False, "no customer update was recorded")
    assert reasons["nothing_exposed"][0] is False
    assert "[known-secret-1]" in reasons["nothing_exposed"][1]
    assert reasons["follow_up_assigned"][0] is False
    # The report always goes through the redactor; what more it removed is named.
    assert reasons["report_redacted"][0] is True
    assert "[email-1]" in reasons["report_redacted"][1]


def test_an_unclear_route_and_a_different_owner_are_not_ticked() -> None:
    facts = replace(GOOD, route="unclear", route_contact="Ben Okafor")
    found = {c.item.key: c for c in precheck(Stage.BEFORE_CONTACT, facts)}
    assert not found["route_clear"].ticked
    assert "support lead" in found["route_clear"].reason
    assert not found["right_owner"].ticked
    assert "the matrix names Ben Okafor" in found["right_owner"].reason


def test_items_are_named_or_all() -> None:
    assert item_keys(Stage.REPORTED, ["all"]) == (
        "evidence_preserved",
        "severity_assessed",
        "owner_known",
    )
    assert item_keys(Stage.REPORTED, ["owner-known", "owner_known"]) == ("owner_known",)
    with pytest.raises(InvalidInput, match="items: evidence_preserved, severity_assessed"):
        item_keys(Stage.REPORTED, ["route_clear"])
    assert parse_stage("before-contact") is Stage.BEFORE_CONTACT
    with pytest.raises(InvalidInput, match="stages: reported, before_contact"):
        parse_stage("later")


def test_an_outcome_is_complete_only_when_every_item_is_confirmed() -> None:
    checks = precheck(Stage.REPORTED, BARE)
    partial = ReviewOutcome(Stage.REPORTED, checks, ("severity_assessed",))
    assert not partial.complete
    assert partial.result == "incomplete"
    assert partial.note().startswith("confirmed: severity_assessed; open: evidence_preserved (")
    whole = ReviewOutcome(Stage.REPORTED, checks, item_keys(Stage.REPORTED, ["all"]))
    assert whole.complete
    assert whole.result == "complete"


def event(id_: int, kind: EventKind, field: str | None, after: str | None) -> Event:
    return Event(id_, 1, AT, "ana", kind, field, None, after, None)


def test_reviewed_needs_a_complete_after_recovery_review_since_the_last_resolution() -> None:
    resolved = event(2, EventKind.STATUS, "status", "resolved")
    with pytest.raises(IllegalTransition, match="sophdesk review 1 --stage after_recovery") as no:
        check_may_review(1, [resolved])
    # Plain words for the operator: no internal jargon, a full stop at the end.
    assert "seed" not in no.value.message
    assert no.value.message.endswith("nothing was changed.")
    incomplete = event(3, EventKind.REVIEW, "after_recovery", "incomplete")
    with pytest.raises(IllegalTransition):
        check_may_review(1, [resolved, incomplete])
    complete = event(4, EventKind.REVIEW, "after_recovery", "complete")
    check_may_review(1, [resolved, incomplete, complete])
    # Reopened and resolved again: the old review was about the old recovery.
    again = [
        resolved,
        complete,
        event(5, EventKind.STATUS, "status", "triaged"),
        event(6, EventKind.STATUS, "status", "resolved"),
    ]
    with pytest.raises(IllegalTransition):
        check_may_review(1, again)
    assert review_done(again, Stage.AFTER_RECOVERY)
    assert not review_done(again, Stage.BEFORE_CONTACT)


def test_owner_known_is_not_suggested_while_the_owner_is_unclear() -> None:
    flagged = replace(GOOD, owner_flags=("owner unclear: nobody holds contact hosting at SEV2",))
    found = {c.item.key: c for c in precheck(Stage.REPORTED, flagged)}
    assert not found["owner_known"].ticked
    assert "owner unclear: nobody holds contact hosting at SEV2" in found["owner_known"].reason
    holds_nothing = {
        c.item.key: c for c in precheck(Stage.REPORTED, replace(GOOD, owner_duties=()))
    }
    assert not holds_nothing["owner_known"].ticked
    good = {c.item.key: c for c in precheck(Stage.REPORTED, GOOD)}
    assert good["owner_known"].reason == (
        "owner: Ana Ruiz holds update_customers at SEV2; no owner-unclear flag"
    )


def test_nothing_exposed_is_not_suggested_after_a_privacy_suspicion_or_removals() -> None:
    suspected = replace(GOOD, privacy="suspected", removed_at_rest=("[openai-key-1]", "[card-1]"))
    found = {c.item.key: c for c in precheck(Stage.AFTER_RECOVERY, suspected)}
    assert not found["nothing_exposed"].ticked
    assert found["nothing_exposed"].reason == (
        "the assessment says privacy exposure suspected;"
        " the redactor removed [openai-key-1], [card-1] from the incident"
    )
    for facts in (replace(GOOD, privacy=None), replace(GOOD, privacy="unknown")):
        checks = {c.item.key: c for c in precheck(Stage.AFTER_RECOVERY, facts)}
        assert not checks["nothing_exposed"].ticked


def test_route_clear_is_not_suggested_when_an_update_went_to_another_vendor() -> None:
    facts = replace(GOOD, route="codecanyon", off_route_updates=("hosting",))
    found = {c.item.key: c for c in precheck(Stage.BEFORE_CONTACT, facts)}
    assert not found["route_clear"].ticked
    assert "the route recorded is codecanyon, but an update went to hosting" in (
        found["route_clear"].reason
    )
    clear = {c.item.key: c for c in precheck(Stage.BEFORE_CONTACT, GOOD)}
    assert clear["route_clear"].reason.startswith("route: provider recorded on the timeline")
