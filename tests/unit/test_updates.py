"""Update rendering: every audience's shipped template, missing fields, the next
update time with its zone, and team templates that name unknown placeholders."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from importlib import resources
from zoneinfo import ZoneInfo

import pytest

from sophdesk.domain.communication import LogExcerpt
from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.evidence import EVIDENCE_KEYS, Evidence, EvidenceItem
from sophdesk.domain.incident import Incident
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.severity import Severity
from sophdesk.domain.updates import (
    REQUIRED,
    Audience,
    UpdateFacts,
    check_template,
    parse_audience,
    render,
    zoned,
)

NOW = datetime(2026, 11, 27, 16, 30, tzinfo=UTC)
MADRID = ZoneInfo("Europe/Madrid")
NEXT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def template(audience: Audience) -> str:
    folder = resources.files("sophdesk").joinpath("templates/updates")
    return folder.joinpath(f"{audience.value}.md").read_text(encoding="utf-8")


def incident(**changes: object) -> Incident:
    base = Incident(
        id=7,
        title="Checkout returns 500",
        customer="casa olivo",
        body="",
        status=Status.ESCALATED,
        severity=Severity.SEV2,
        sla_due_at=None,
        owner="Ana Ruiz",
        created_at=NOW,
        updated_at=NOW,
        created_by="ben",
        version=3,
        category="revenue",
        impact="Customers cannot pay by card",
        workaround="Use PayPal at checkout",
        follow_up="Add a provider timeout alert (Ben)",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def evidence(complete: bool = True) -> Evidence:
    items = {key: EvidenceItem(f"{key} value") for key in EVIDENCE_KEYS}
    items["timestamp"] = EvidenceItem("2026-11-27 14:05 Europe/Madrid")
    items["affected_user"] = EvidenceItem(None, "the shop did not say")
    if not complete:
        del items["reproduction_steps"]
        del items["error_report"]
    return Evidence(items)


def facts(**changes: object) -> UpdateFacts:
    base = UpdateFacts(
        incident=incident(),
        evidence=evidence(),
        zone=MADRID,
        next_update=NEXT,
        excerpts=(LogExcerpt(1, 7, NOW, "ben", "php log", "PHP Fatal error\nat line 3"),),
        rationale=("SEV2: checkout is affected.",),
        route="provider",
        as_of=NOW,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("audience", list(Audience))
def test_every_shipped_template_renders_whole(audience: Audience) -> None:
    rendered = render(template(audience), audience, facts())
    assert rendered.ready, rendered.missing
    assert "$" not in rendered.text
    assert "(missing" not in rendered.text
    assert "Customers cannot pay by card" in rendered.text
    assert "Ana Ruiz" in rendered.text
    if audience in (Audience.CUSTOMER, Audience.INTERNAL):
        assert "2026-11-30 10:00 CET (Europe/Madrid)" in rendered.text
    if audience.external:
        assert "PHP Fatal error" in rendered.text  # the excerpt is quoted for vendors
        assert "reproduction_steps value" in rendered.text
    else:
        assert "PHP Fatal error" not in rendered.text


def test_a_customer_update_carries_the_seed_s_four_things() -> None:
    text = render(template(Audience.CUSTOMER), Audience.CUSTOMER, facts()).text
    assert "Impact: Customers cannot pay by card" in text
    assert "Current workaround: Use PayPal at checkout" in text
    assert "Owner: Ana Ruiz" in text
    assert "Next update: by 2026-11-30 10:00 CET (Europe/Madrid)" in text
    # Safe evidence only: when, where and the support code; no versions, no user.
    assert "Exact time it happened" in text
    assert "affected_screen value" in text
    assert "php_version value" not in text
    assert "the shop did not say" not in text


def test_missing_fields_are_named_and_shown_in_the_draft() -> None:
    bare = facts(incident=incident(impact=None, workaround="  ", owner=None))
    rendered = render(template(Audience.CUSTOMER), Audience.CUSTOMER, bare)
    assert not rendered.ready
    assert [m.key for m in rendered.missing] == ["impact", "workaround", "owner"]
    assert "Impact: (missing: impact summary)" in rendered.text
    assert "sophdesk edit 7 --workaround TEXT" in [m.how for m in rendered.missing]


def test_an_unassessed_incident_has_no_next_update_time() -> None:
    rendered = render(
        template(Audience.CUSTOMER),
        Audience.CUSTOMER,
        facts(incident=incident(severity=None), next_update=None),
    )
    assert [m.key for m in rendered.missing] == ["next_update"]
    assert "assess the severity" in rendered.missing[0].how


def test_a_resolved_incident_promises_no_next_update() -> None:
    rendered = render(
        template(Audience.CUSTOMER),
        Audience.CUSTOMER,
        facts(incident=incident(status=Status.RESOLVED), next_update=None),
    )
    assert rendered.ready
    assert "none planned: the incident is resolved" in rendered.text


@pytest.mark.parametrize("audience", [Audience.HOSTING, Audience.PROVIDER, Audience.CODECANYON])
def test_vendors_need_the_reproduction_evidence(audience: Audience) -> None:
    rendered = render(template(audience), audience, facts(evidence=evidence(complete=False)))
    assert [m.key for m in rendered.missing] == ["reproduction_steps", "error_report"]
    assert "Reproduction steps: (missing)" in rendered.text


def test_an_unknown_with_reason_counts_as_given() -> None:
    items = dict(evidence().items)
    items["error_report"] = EvidenceItem(None, "the page showed no code")
    rendered = render(template(Audience.HOSTING), Audience.HOSTING, facts(evidence=Evidence(items)))
    assert rendered.ready
    assert "unknown: the page showed no code" in rendered.text


def test_internal_needs_only_impact_and_owner() -> None:
    assert REQUIRED[Audience.INTERNAL] == ("impact", "owner")
    rendered = render(
        template(Audience.INTERNAL), Audience.INTERNAL, facts(incident=incident(workaround=None))
    )
    assert rendered.ready
    assert "Current workaround: (none recorded)" in rendered.text


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Europe/Madrid", "2026-11-30 10:00 CET (Europe/Madrid)"),
        ("America/New_York", "2026-11-30 04:00 EST (America/New_York)"),
        ("UTC", "2026-11-30 09:00 UTC"),
        ("Asia/Kolkata", "2026-11-30 14:30 IST (Asia/Kolkata)"),
    ],
)
def test_the_next_update_time_names_its_zone(zone: str, shown: str) -> None:
    assert zoned(NEXT, ZoneInfo(zone)) == shown
    text = render("Next: $next_update", Audience.CUSTOMER, facts(zone=ZoneInfo(zone))).text
    assert text == f"Next: {shown}\n"


def test_summer_time_is_shown_as_such() -> None:
    july = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert zoned(july, MADRID) == "2026-07-01 10:00 CEST (Europe/Madrid)"


def test_team_templates_are_checked() -> None:
    check_template("Hello $customer, ${impact}. Costs $$5.")
    with pytest.raises(InvalidInput, match=r"unknown placeholders: \$secret_key"):
        check_template("Hi $secret_key")
    with pytest.raises(InvalidInput, match=r"write \$\$ for a dollar sign"):
        check_template("It costs $5")
    # No attribute access or code: only names.
    with pytest.raises(InvalidInput):
        check_template("${incident.__class__}")


def test_audiences_parse_with_a_clear_refusal() -> None:
    assert parse_audience(" Customer ") is Audience.CUSTOMER
    with pytest.raises(InvalidInput, match="audiences: customer, internal, hosting"):
        parse_audience("press")


def test_excerpt_fences_survive_backticks_in_the_log() -> None:
    log = LogExcerpt(2, 7, NOW, "ben", "", "```\nfenced\n```")
    text = render("$excerpts", Audience.HOSTING, facts(excerpts=(log,))).text
    assert "````\n```\nfenced\n```\n````" in text


def test_a_hosting_update_says_the_cause_is_theirs_only_when_the_route_is_hosting() -> None:
    on_route = render(template(Audience.HOSTING), Audience.HOSTING, facts(route="hosting")).text
    assert "We believe the cause is on the hosting side" in on_route
    elsewhere = render(template(Audience.HOSTING), Audience.HOSTING, facts(route="codecanyon"))
    assert "the cause is on the hosting side" not in elsewhere.text
    assert (
        "The route we recorded for this incident is CodeCanyon support (the plugin's author),"
        " not the hosting company; please confirm whether this is on your side."
    ) in elsewhere.text
    unrouted = render(template(Audience.HOSTING), Audience.HOSTING, facts(route=None)).text
    assert "the cause is on the hosting side" not in unrouted
    assert "please confirm whether this is on your side" in unrouted


@pytest.mark.parametrize("audience", [Audience.PROVIDER, Audience.CODECANYON])
def test_every_vendor_off_the_route_is_asked_to_confirm(audience: Audience) -> None:
    text = render(template(audience), audience, facts(route="hosting")).text
    assert "The route we recorded for this incident is the hosting company" in text
    assert "please confirm whether this is on your side" in text
