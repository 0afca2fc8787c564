"""The ``[sla]`` section of the config file: business hours, holidays, targets.

Example (every key optional; the defaults are the policy of the support matrix)::

    [sla]
    business_days = ["mon", "tue", "wed", "thu", "fri"]
    open = "09:00"
    close = "17:00"
    holidays = ["2026-12-25", "2027-01-01"]
    triage = "15m"            # an incident nobody has assessed is due for triage
    triage_clock = "24x7"     # or "business"

    [sla.SEV3]
    first_response = "4h"     # m, h, d; "d" is a business day on business clocks
    update_cadence = "8h"
    resolution = "5d"
    clock = "business"        # or "24x7"
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.severity import Severity
from sophdesk.domain.sla import (
    DEFAULT_TRIAGE,
    BusinessHours,
    SlaPolicy,
    SlaTarget,
    default_targets,
)

_DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_DURATION = re.compile(r"^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*$")
_SECTION_KEYS = ("business_days", "open", "close", "holidays", "triage", "triage_clock")
_TARGET_KEYS = ("first_response", "update_cadence", "resolution", "clock")

T = TypeVar("T")

#: Reports a problem: (dotted key, message) -> an exception to raise.
Problem = Callable[[str, str], Exception]


def parse_duration(text: str, day: timedelta) -> timedelta:
    """``15m``, ``4h``, ``1h30m``, ``5d`` (days of length ``day``)."""
    match = _DURATION.match(text) if isinstance(text, str) else None
    if not match or not any(match.groups()):
        raise InvalidInput(f"{text!r} is not a duration; write e.g. 15m, 4h, 1h30m or 5d")
    days, hours, minutes = (int(g) if g else 0 for g in match.groups())
    value = days * day + timedelta(hours=hours, minutes=minutes)
    if value <= timedelta(0):
        raise InvalidInput(f"{text!r} is zero; a target must be longer than that")
    return value


def _clock_time(text: object) -> time:
    if not isinstance(text, str) or not re.fullmatch(r"\d{1,2}:\d{2}", text.strip()):
        raise InvalidInput(f"{text!r} is not a time of day; write e.g. 09:00")
    hours, minutes = (int(p) for p in text.strip().split(":"))
    if hours > 23 or minutes > 59:
        raise InvalidInput(f"{text!r} is not a time of day; write e.g. 09:00")
    return time(hours, minutes)


def sla_policy(section: Any, zone: ZoneInfo, problem: Problem) -> SlaPolicy:
    """The policy the ``[sla]`` table describes (missing keys keep the defaults)."""
    if section is None:
        section = {}
    if not isinstance(section, dict):
        raise problem("sla", "must be a table ([sla])")
    hours = BusinessHours(zone=zone)
    for key in section:
        if key in _SECTION_KEYS or key in {s.value for s in Severity}:
            continue
        allowed = ", ".join([*_SECTION_KEYS, *(s.value for s in Severity)])
        raise problem(f"sla.{key}", f"unknown key; the [sla] keys are: {allowed}")
    try:
        days = hours.days
        if "business_days" in section:
            raw = section["business_days"]
            if not isinstance(raw, list) or not all(
                isinstance(d, str) and d.lower()[:3] in _DAYS for d in raw
            ):
                raise problem("sla.business_days", "must be a list such as ['mon', 'fri']")
            days = frozenset(_DAYS[d.lower()[:3]] for d in raw)
        opening = hours.open
        closing = hours.close
        if "open" in section:
            opening = _field(problem, "sla.open", lambda: _clock_time(section["open"]))
        if "close" in section:
            closing = _field(problem, "sla.close", lambda: _clock_time(section["close"]))
        holidays: frozenset[date] = frozenset()
        if "holidays" in section:
            holidays = _field(problem, "sla.holidays", lambda: _holidays(section["holidays"]))
        hours = _field(
            problem,
            "sla",
            lambda: replace(hours, days=days, open=opening, close=closing, holidays=holidays),
        )
    except InvalidInput as exc:  # pragma: no cover - _field wraps them all
        raise problem("sla", exc.message) from None
    triage_business = False
    if "triage_clock" in section:
        clock = section["triage_clock"]
        if clock not in ("24x7", "business"):
            raise problem("sla.triage_clock", f"{clock!r} must be '24x7' or 'business'")
        triage_business = clock == "business"
    triage = DEFAULT_TRIAGE
    if "triage" in section:
        day = hours.day_length if triage_business else timedelta(days=1)
        triage = _field(problem, "sla.triage", lambda: parse_duration(section["triage"], day))
    targets = default_targets(hours.day_length)
    for severity in Severity:
        table = section.get(severity.value)
        if table is None:
            continue
        where = f"sla.{severity.value}"
        if not isinstance(table, dict):
            raise problem(where, f"must be a table ([sla.{severity.value}])")
        for key in table:
            if key not in _TARGET_KEYS:
                raise problem(f"{where}.{key}", f"unknown key; known: {', '.join(_TARGET_KEYS)}")
        target = targets[severity]
        business = target.business
        if "clock" in table:
            clock = table["clock"]
            if clock not in ("24x7", "business"):
                raise problem(f"{where}.clock", f"{clock!r} must be '24x7' or 'business'")
            business = clock == "business"
        day = hours.day_length if business else timedelta(days=1)
        values: dict[str, timedelta] = {}
        for key in ("first_response", "update_cadence", "resolution"):
            if key in table:
                try:
                    values[key] = parse_duration(table[key], day)
                except InvalidInput as exc:
                    raise problem(f"{where}.{key}", exc.message) from None
        try:
            targets[severity] = SlaTarget(
                first_response=values.get("first_response", target.first_response),
                update_cadence=values.get("update_cadence", target.update_cadence),
                resolution=values.get("resolution", target.resolution),
                business=business,
            )
        except InvalidInput as exc:
            raise problem(where, exc.message) from None
    return SlaPolicy(targets, hours, triage=triage, triage_business=triage_business)


def _holidays(raw: object) -> frozenset[date]:
    if not isinstance(raw, list):
        raise InvalidInput("must be a list of dates such as ['2026-12-25']")
    days: set[date] = set()
    for item in raw:
        if isinstance(item, date):
            days.add(item)
            continue
        try:
            days.add(date.fromisoformat(str(item)))
        except ValueError:
            raise InvalidInput(f"{item!r} is not a date (YYYY-MM-DD)") from None
    return frozenset(days)


def _field(problem: Problem, key: str, make: Callable[[], T]) -> T:
    try:
        return make()
    except InvalidInput as exc:
        raise problem(key, exc.message) from None
