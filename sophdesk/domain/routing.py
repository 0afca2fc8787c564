"""Routing: where the next response goes, from the signals the operator ticks.

Each :class:`Signal` points to one destination. The route is the one
destination that every ticked signal points to; no signal, or signals pointing
to two or more destinations, give ``unclear``, which escalates to the support
lead. :func:`route_owner` names whom to contact: the holder of the route's duty
(``contact_hosting``, ``contact_provider``, ``open_codecanyon_support``) at the
incident's severity, and the support lead for ``internal`` and ``unclear`` (and
when the severity is not known yet, since a duty's holder depends on it).

An operator may override the route with a written reason
(:func:`override_route`); the decision then keeps the route it overrode.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from typing import Any

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.matrix import Duty, Holder, Matrix, holder_dict, lead_holder, lookup
from sophdesk.domain.severity import Severity
from sophdesk.domain.triage import MAX_REASON_CHARS


class Route(StrEnum):
    HOSTING = "hosting"
    PROVIDER = "provider"
    CODECANYON = "codecanyon"
    INTERNAL = "internal"
    UNCLEAR = "unclear"

    @property
    def description(self) -> str:
        """Who the route reaches, in plain words."""
        return _ROUTE_DESCRIPTIONS[self]


_ROUTE_DESCRIPTIONS = {
    Route.HOSTING: "the hosting company",
    Route.PROVIDER: "the AI provider",
    Route.CODECANYON: "CodeCanyon support (the plugin's author)",
    Route.INTERNAL: "internal operations",
    Route.UNCLEAR: "the support lead, to decide",
}


class Signal(StrEnum):
    """Something the operator observed that points to one destination."""

    # provider
    PROVIDER_AUTH_ERROR = "provider_auth_error"
    PROVIDER_RATE_LIMIT = "provider_rate_limit"
    PROVIDER_OUTAGE = "provider_outage"
    PROVIDER_BAD_OUTPUT = "provider_bad_output"
    # hosting
    PHP_FATAL = "php_fatal"
    SERVER_ERROR = "server_error"
    RESOURCE_LIMIT = "resource_limit"
    CRON_NOT_RUNNING = "cron_not_running"
    SSL_OR_DNS = "ssl_or_dns"
    # codecanyon
    PLUGIN_ERROR_AFTER_UPDATE = "plugin_error_after_update"
    REPRODUCIBLE_ON_CLEAN_SITE = "reproducible_on_clean_site"
    LICENSE_OR_PURCHASE_CODE = "license_or_purchase_code"
    # internal
    OUR_CONFIG_CHANGE = "our_config_change"
    CONTENT_OR_PROMPT_ISSUE = "content_or_prompt_issue"

    @property
    def route(self) -> Route:
        """The destination this signal points to."""
        return _SIGNALS[self][0]

    @property
    def description(self) -> str:
        """What the operator saw, in plain words."""
        return _SIGNALS[self][1]


_SIGNALS: dict[Signal, tuple[Route, str]] = {
    Signal.PROVIDER_AUTH_ERROR: (
        Route.PROVIDER,
        "the AI provider refuses SophMate's API key or token (401/403)",
    ),
    Signal.PROVIDER_RATE_LIMIT: (
        Route.PROVIDER,
        "the AI provider rate-limits the requests or the quota is spent (429)",
    ),
    Signal.PROVIDER_OUTAGE: (
        Route.PROVIDER,
        "the AI provider's API or status page reports an outage",
    ),
    Signal.PROVIDER_BAD_OUTPUT: (
        Route.PROVIDER,
        "the AI provider answers with empty, malformed or wrong output",
    ),
    Signal.PHP_FATAL: (Route.HOSTING, "the site's PHP error log shows fatal errors"),
    Signal.SERVER_ERROR: (Route.HOSTING, "the web server answers 500, 502, 503 or 504"),
    Signal.RESOURCE_LIMIT: (
        Route.HOSTING,
        "the host's memory, CPU, disk or process limits are hit",
    ),
    Signal.CRON_NOT_RUNNING: (Route.HOSTING, "WP-Cron or the system cron does not run jobs"),
    Signal.SSL_OR_DNS: (Route.HOSTING, "SSL certificate or DNS errors reach the site"),
    Signal.PLUGIN_ERROR_AFTER_UPDATE: (
        Route.CODECANYON,
        "SophMate errors started right after a plugin update",
    ),
    Signal.REPRODUCIBLE_ON_CLEAN_SITE: (
        Route.CODECANYON,
        "the fault reproduces on a clean WordPress site with only SophMate",
    ),
    Signal.LICENSE_OR_PURCHASE_CODE: (
        Route.CODECANYON,
        "the license or the CodeCanyon purchase code is refused",
    ),
    Signal.OUR_CONFIG_CHANGE: (
        Route.INTERNAL,
        "it started after we changed SophMate's settings or workflows",
    ),
    Signal.CONTENT_OR_PROMPT_ISSUE: (
        Route.INTERNAL,
        "the prompts, templates or content we gave SophMate cause it",
    ),
}

#: The duty whose holder is contacted for each outside destination.
ROUTE_DUTIES: dict[Route, Duty] = {
    Route.HOSTING: Duty.CONTACT_HOSTING,
    Route.PROVIDER: Duty.CONTACT_PROVIDER,
    Route.CODECANYON: Duty.OPEN_CODECANYON_SUPPORT,
}


def signals_for(route: Route) -> tuple[Signal, ...]:
    """The signals pointing to ``route``, in declaration order."""
    return tuple(s for s in Signal if s.route is route)


def _known_signals() -> str:
    groups = [
        f"{route.value}: {', '.join(signals_for(route))}" for route in Route if signals_for(route)
    ]
    return "; ".join(groups)


def parse_signal(text: str) -> Signal:
    """A signal by name (any case, ``-`` read as ``_``); unknown ones list the known."""
    try:
        return Signal(text.strip().lower().replace("-", "_"))
    except ValueError:
        raise InvalidInput(f"unknown signal {text!r}; the signals are {_known_signals()}") from None


def parse_route(text: str) -> Route:
    try:
        return Route(text.strip().lower())
    except ValueError:
        raise InvalidInput(f"unknown route {text!r}; the routes are: {', '.join(Route)}") from None


@dataclass(frozen=True, slots=True)
class RouteDecision:
    """Where the next response goes and why.

    ``signals`` are the ticked signals (without repeats, in the order given).
    After an override, ``overridden_from`` is the route it replaced and
    ``override_reason`` the operator's written reason.
    """

    route: Route
    reasons: tuple[str, ...]
    signals: tuple[Signal, ...] = ()
    overridden_from: Route | None = None
    override_reason: str | None = None

    @property
    def overridden(self) -> bool:
        return self.overridden_from is not None


def _because(signal: Signal) -> str:
    return f"{signal.value}: {signal.description} (points to {signal.route.value})."


def route(signals: Iterable[Signal]) -> RouteDecision:
    """The destination every signal points to; ``unclear`` for none or a conflict."""
    ticked = tuple(dict.fromkeys(signals))
    if not ticked:
        return RouteDecision(
            Route.UNCLEAR,
            ("No signal was ticked, so the route is unclear: escalate to the support lead.",),
        )
    destinations: dict[Route, list[Signal]] = {}
    for signal in ticked:
        destinations.setdefault(signal.route, []).append(signal)
    details = tuple(_because(s) for s in ticked)
    if len(destinations) == 1:
        (only,) = destinations
        count = len(ticked)
        every = "The signal points" if count == 1 else f"All {count} signals point"
        head = f"{every} to {only.value} ({only.description})."
        return RouteDecision(only, (head, *details), ticked)
    conflict = "; ".join(
        f"{dest.value}: {', '.join(s.value for s in found)}" for dest, found in destinations.items()
    )
    head = (
        f"The signals point to {len(destinations)} destinations ({conflict}),"
        " so the route is unclear: escalate to the support lead."
    )
    return RouteDecision(Route.UNCLEAR, (head, *details), ticked)


def override_route(decision: RouteDecision, chosen: Route, reason: str) -> RouteDecision:
    """``decision`` with the route changed to ``chosen``; a written reason is required."""
    text = (reason or "").strip()
    if not text:
        raise InvalidInput(
            f"overriding the route {decision.route.value} with {chosen.value}"
            " needs a written reason"
        )
    if len(text) > MAX_REASON_CHARS:
        raise InvalidInput(f"the reason is longer than {MAX_REASON_CHARS} characters")
    if chosen is decision.route:
        raise InvalidInput(f"the route is already {chosen.value}; nothing to override")
    note = f"Overridden from {decision.route.value} to {chosen.value} by the operator: {text}"
    return RouteDecision(
        route=chosen,
        reasons=(note, *decision.reasons),
        signals=decision.signals,
        overridden_from=decision.route,
        override_reason=text,
    )


def route_owner(
    matrix: Matrix,
    decision: RouteDecision,
    severity: Severity | None,
    at: datetime,
    zone: tzinfo = UTC,
) -> Holder:
    """Whom to contact for the route at ``at``.

    The holder of the route's duty at ``severity`` for hosting, provider and
    codecanyon; the support lead for internal and unclear, and when
    ``severity`` is None (not assessed yet).
    """
    duty = ROUTE_DUTIES.get(decision.route)
    if duty is None:
        why = f"the route is {decision.route.value}"
        return lead_holder(matrix, at, why, zone)
    if severity is None:
        why = f"the severity is not assessed yet, so the holder of {duty.value} is not known"
        return lead_holder(matrix, at, why, zone)
    return lookup(matrix, severity, duty, at, zone)


def route_dict(decision: RouteDecision, holder: Holder) -> dict[str, Any]:
    """The decision and its owner as ``route --json`` prints them."""
    return {
        "route": decision.route.value,
        "reasons": list(decision.reasons),
        "owner": holder_dict(holder),
    }
