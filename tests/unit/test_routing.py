"""Routing: signals to one destination (or unclear), its owner, and overrides with a reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.matrix import Duty, Matrix, Person, Role, Via, holder_dict, lookup
from sophdesk.domain.matrix_toml import default_matrix
from sophdesk.domain.routing import (
    ROUTE_DUTIES,
    Route,
    RouteDecision,
    Signal,
    override_route,
    parse_route,
    parse_signal,
    route,
    route_dict,
    route_owner,
    signals_for,
)
from sophdesk.domain.severity import Severity

NOW = datetime(2026, 11, 27, 16, 30, tzinfo=UTC)

#: The routing table as the issue states it.
ISSUE_TABLE = {
    Route.PROVIDER: [
        "provider_auth_error",
        "provider_rate_limit",
        "provider_outage",
        "provider_bad_output",
    ],
    Route.HOSTING: [
        "php_fatal",
        "server_error",
        "resource_limit",
        "cron_not_running",
        "ssl_or_dns",
    ],
    Route.CODECANYON: [
        "plugin_error_after_update",
        "reproducible_on_clean_site",
        "license_or_purchase_code",
    ],
    Route.INTERNAL: ["our_config_change", "content_or_prompt_issue"],
}
CASES = [(signal, dest) for dest, signals in ISSUE_TABLE.items() for signal in signals]


def staffed() -> Matrix:
    """One person per role, so each owner shows which role was asked."""
    owners = {
        Role.SUPPORT_LEAD: "lea",
        Role.HOSTING_OWNER: "hugo",
        Role.PROVIDER_OWNER: "pia",
        Role.CODECANYON_OWNER: "cody",
        Role.ROLLBACK_OWNER: "rob",
        Role.COMMS_OWNER: "cam",
        Role.AUTOMATION_OWNER: "ada",
    }
    people = {key: Person(key, key.title(), f"{key}@example.com") for key in owners.values()}
    return Matrix(people, dict(owners), default_matrix().duties)


# --- the table ----------------------------------------------------------------------------


def test_signals_are_exactly_the_issue_table() -> None:
    assert {s.value for s in Signal} == {s for _, signals in ISSUE_TABLE.items() for s in signals}
    for dest, names in ISSUE_TABLE.items():
        assert [s.value for s in signals_for(dest)] == names
    assert signals_for(Route.UNCLEAR) == ()
    assert all(s.description for s in Signal)
    assert all(r.description for r in Route)


@pytest.mark.parametrize(("name", "destination"), CASES)
def test_each_signal_alone_routes_to_its_destination(name: str, destination: Route) -> None:
    signal = Signal(name)
    assert signal.route is destination
    decision = route([signal])
    assert decision.route is destination
    assert decision.signals == (signal,)
    assert decision.reasons[0] == (
        f"The signal points to {destination.value} ({destination.description})."
    )
    assert decision.reasons[1].startswith(f"{name}: ")
    assert decision.reasons[1].endswith(f"(points to {destination.value}).")
    assert not decision.overridden


def test_signals_agreeing_give_their_destination() -> None:
    decision = route([Signal.PHP_FATAL, Signal.SERVER_ERROR, Signal.PHP_FATAL])
    assert decision.route is Route.HOSTING
    assert decision.signals == (Signal.PHP_FATAL, Signal.SERVER_ERROR)
    assert decision.reasons[0] == "All 2 signals point to hosting (the hosting company)."
    assert len(decision.reasons) == 3


def test_mixed_destinations_are_unclear_naming_the_signals() -> None:
    decision = route([Signal.PHP_FATAL, Signal.PROVIDER_OUTAGE, Signal.SERVER_ERROR])
    assert decision.route is Route.UNCLEAR
    assert decision.reasons[0] == (
        "The signals point to 2 destinations"
        " (hosting: php_fatal, server_error; provider: provider_outage),"
        " so the route is unclear: escalate to the support lead."
    )
    assert [r.split(":")[0] for r in decision.reasons[1:]] == [
        "php_fatal",
        "provider_outage",
        "server_error",
    ]


def test_internal_mixed_with_outside_is_unclear() -> None:
    decision = route([Signal.OUR_CONFIG_CHANGE, Signal.LICENSE_OR_PURCHASE_CODE])
    assert decision.route is Route.UNCLEAR
    assert "internal: our_config_change" in decision.reasons[0]
    assert "codecanyon: license_or_purchase_code" in decision.reasons[0]


def test_no_signal_is_unclear() -> None:
    decision = route([])
    assert decision == RouteDecision(
        Route.UNCLEAR,
        ("No signal was ticked, so the route is unclear: escalate to the support lead.",),
    )


def test_parse_signal() -> None:
    assert parse_signal(" PHP-Fatal ") is Signal.PHP_FATAL
    assert parse_signal("provider_outage") is Signal.PROVIDER_OUTAGE
    with pytest.raises(InvalidInput) as caught:
        parse_signal("server_on_fire")
    message = caught.value.message
    assert message.startswith("unknown signal 'server_on_fire'; the signals are ")
    assert all(s.value in message for s in Signal)
    assert "provider: provider_auth_error, provider_rate_limit" in message


def test_parse_route() -> None:
    assert parse_route("Hosting") is Route.HOSTING
    with pytest.raises(InvalidInput, match="the routes are: hosting, provider, codecanyon"):
        parse_route("moon")


# --- owners -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("destination", "owner", "role"),
    [
        (Route.HOSTING, "hugo", Role.HOSTING_OWNER),
        (Route.PROVIDER, "pia", Role.PROVIDER_OWNER),
        (Route.CODECANYON, "cody", Role.CODECANYON_OWNER),
    ],
)
def test_outside_routes_go_to_their_duty_holder(destination: Route, owner: str, role: Role) -> None:
    m = staffed()
    decision = route(signals_for(destination))
    holder = route_owner(m, decision, Severity.SEV2, NOW)
    assert (holder.person, holder.role, holder.via) == (owner, role, Via.PRIMARY)
    assert holder == lookup(m, Severity.SEV2, ROUTE_DUTIES[destination], NOW)


def test_route_duties() -> None:
    assert ROUTE_DUTIES == {
        Route.HOSTING: Duty.CONTACT_HOSTING,
        Route.PROVIDER: Duty.CONTACT_PROVIDER,
        Route.CODECANYON: Duty.OPEN_CODECANYON_SUPPORT,
    }


@pytest.mark.parametrize("signals", [[], [Signal.PHP_FATAL, Signal.PROVIDER_OUTAGE]])
def test_unclear_goes_to_the_support_lead(signals: list[Signal]) -> None:
    holder = route_owner(staffed(), route(signals), Severity.SEV1, NOW)
    assert (holder.person, holder.role, holder.via) == ("lea", Role.SUPPORT_LEAD, Via.SUPPORT_LEAD)
    assert holder.reason == "The route is unclear; it falls to the support lead Lea (lea)."


def test_internal_goes_to_the_support_lead() -> None:
    holder = route_owner(staffed(), route([Signal.OUR_CONFIG_CHANGE]), Severity.SEV3, NOW)
    assert (holder.person, holder.role) == ("lea", Role.SUPPORT_LEAD)
    assert holder.reason.startswith("The route is internal;")


def test_unknown_severity_goes_to_the_support_lead() -> None:
    holder = route_owner(staffed(), route([Signal.SSL_OR_DNS]), None, NOW)
    assert holder.person == "lea"
    assert holder.reason.startswith(
        "The severity is not assessed yet, so the holder of contact_hosting is not known;"
    )


def test_owner_on_an_empty_matrix_is_nobody() -> None:
    holder = route_owner(default_matrix(), route([Signal.PROVIDER_OUTAGE]), Severity.SEV1, NOW)
    assert holder.nobody
    assert holder.role is Role.PROVIDER_OWNER
    assert "escalate" in holder.reason


def test_route_dict_shape() -> None:
    m = staffed()
    decision = route([Signal.PHP_FATAL])
    holder = route_owner(m, decision, Severity.SEV1, NOW)
    data = route_dict(decision, holder)
    assert list(data) == ["route", "reasons", "owner"]
    assert data["route"] == "hosting"
    assert data["reasons"] == list(decision.reasons)
    assert isinstance(data["reasons"], list)
    assert data["owner"] == holder_dict(holder)
    assert data["owner"]["person"] == "hugo"


# --- overrides ----------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_override_needs_a_written_reason(reason: str) -> None:
    decision = route([])
    with pytest.raises(InvalidInput, match="needs a written reason"):
        override_route(decision, Route.HOSTING, reason)


def test_override_with_a_reason() -> None:
    decision = route([Signal.PHP_FATAL, Signal.PROVIDER_OUTAGE])
    changed = override_route(decision, Route.PROVIDER, "  The provider's status page is red.  ")
    assert changed.route is Route.PROVIDER
    assert changed.overridden
    assert changed.overridden_from is Route.UNCLEAR
    assert changed.override_reason == "The provider's status page is red."
    assert changed.signals == decision.signals
    assert changed.reasons == (
        "Overridden from unclear to provider by the operator: The provider's status page is red.",
        *decision.reasons,
    )
    holder = route_owner(staffed(), changed, Severity.SEV1, NOW)
    assert holder.person == "pia"


def test_override_to_the_same_route_or_too_long_is_refused() -> None:
    decision = route([Signal.PHP_FATAL])
    with pytest.raises(InvalidInput, match="already hosting"):
        override_route(decision, Route.HOSTING, "sure")
    with pytest.raises(InvalidInput, match="longer than 2000 characters"):
        override_route(decision, Route.INTERNAL, "x" * 2001)


def test_override_can_make_a_route_unclear() -> None:
    changed = override_route(route([Signal.PHP_FATAL]), Route.UNCLEAR, "Logs contradict it.")
    assert changed.route is Route.UNCLEAR
    assert route_owner(staffed(), changed, Severity.SEV2, NOW).person == "lea"
