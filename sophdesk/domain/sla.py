"""SLA policy: targets per severity, business hours, and the due times they give.

Two kinds of clock count toward a target:

* **24x7** clocks count elapsed real time: four hours after 01:30 on the night
  Madrid's clocks go forward is 06:30 summer time, not 05:30.
* **Business-hours** clocks count only time inside business hours. Business
  hours are wall-clock hours in the desk's zone (09:00-17:00 stays 09:00-17:00
  in summer and winter); time inside them is measured as real elapsed time,
  which is the same thing unless a zone changes its clocks during business
  hours. A business day is one day of business hours (8 hours by default).

Every instant taken must be aware (any zone), or :class:`InvalidInput` is raised.
Instants returned are aware: in the desk's zone from :class:`BusinessHours` and
:func:`due_times`, in UTC from a bare 24x7 :class:`SlaClock`. Subtract them only
after converting to UTC: Python subtracts two times of the same zone as
wall-clock times.

Pauses (``waiting_customer``, ``waiting_vendor``) stop a clock: a due time is
the moment the running (unpaused) time since the clock's start reaches the
target, so a pause pushes the due time out by the paused time the clock would
have counted (all of it on 24x7, only its business time on business hours).
A pause that starts after the target was reached does not move the due time:
pausing does not undo a breach.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.severity import Severity

UTC_ZONE = ZoneInfo("UTC")
#: Monday to Friday, as :meth:`date.weekday` numbers them (Monday is 0).
WEEKDAYS: frozenset[int] = frozenset(range(5))
#: The longest span :meth:`BusinessHours.add` and a target accept.
MAX_SPAN = timedelta(days=3653)

_DAY = timedelta(days=1)
_ZERO = timedelta(0)
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _utc(moment: datetime, what: str) -> datetime:
    """``moment`` in UTC; a naive (zone-less) time is refused."""
    if not isinstance(moment, datetime):
        raise InvalidInput(f"{what} must be a date and time, not {moment!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(
            f"{what} {moment.isoformat()} has no time zone;"
            " give an aware time such as 2026-11-27T16:30:00+00:00"
        )
    return moment.astimezone(UTC)


def _span(value: timedelta, what: str) -> timedelta:
    if not isinstance(value, timedelta):
        raise InvalidInput(f"{what} must be a duration, not {value!r}")
    if value < _ZERO:
        raise InvalidInput(f"{what} cannot be negative ({value})")
    if value > MAX_SPAN:
        raise InvalidInput(f"{what} is {value.days} days; the limit is {MAX_SPAN.days} days")
    return value


def _previous(day: date) -> date:
    return day if day == date.min else day - _DAY


@dataclass(frozen=True, slots=True)
class BusinessHours:
    """When business-hours clocks run: ``open``-``close`` wall-clock time on ``days``
    (weekday numbers, Monday is 0) in ``zone``, except on ``holidays``."""

    zone: ZoneInfo = UTC_ZONE
    days: frozenset[int] = WEEKDAYS
    open: time = time(9)
    close: time = time(17)
    holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if not isinstance(self.zone, ZoneInfo):
            raise InvalidInput(f"the business-hours zone must be an IANA zone, not {self.zone!r}")
        days = frozenset(self.days)
        if not days:
            raise InvalidInput("business hours need at least one business day")
        bad = sorted(d for d in days if not isinstance(d, int) or not 0 <= d <= 6)
        if bad:
            raise InvalidInput(
                f"business days are weekday numbers 0 (Monday) to 6 (Sunday), not {bad}"
            )
        for name, value in (("opening", self.open), ("closing", self.close)):
            if not isinstance(value, time) or value.tzinfo is not None:
                raise InvalidInput(
                    f"the {name} time must be a wall-clock time without a zone, not {value!r}"
                )
        if self.open >= self.close:
            raise InvalidInput(
                f"business hours open at {self.open:%H:%M} and close at {self.close:%H:%M};"
                " the opening must come before the closing on the same day"
            )
        holidays = frozenset(self.holidays)
        for day in holidays:
            if isinstance(day, datetime) or not isinstance(day, date):
                raise InvalidInput(f"a holiday is a date such as 2026-12-25, not {day!r}")
        object.__setattr__(self, "days", days)
        object.__setattr__(self, "holidays", holidays)

    @property
    def day_length(self) -> timedelta:
        """One business day: the wall-clock time from opening to closing."""
        today = date(2000, 1, 1)
        return datetime.combine(today, self.close) - datetime.combine(today, self.open)

    def describe(self) -> str:
        """``Monday-Friday 09:00-17:00 Europe/Madrid, 2 holidays``."""
        days = sorted(self.days)
        if days == list(range(days[0], days[-1] + 1)) and len(days) > 1:
            when = f"{_DAY_NAMES[days[0]]}-{_DAY_NAMES[days[-1]]}"
        else:
            when = ", ".join(_DAY_NAMES[d] for d in days)
        text = f"{when} {self.open:%H:%M}-{self.close:%H:%M} {self.zone.key}"
        if self.holidays:
            count = len(self.holidays)
            text += f", {count} holiday{'s' if count != 1 else ''}"
        return text

    def is_business_day(self, day: date) -> bool:
        return day.weekday() in self.days and day not in self.holidays

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The opening and closing instants (UTC) of ``day``; None when it has no hours.

        A wall time that a clock change skips is read as the time after the change
        (02:30 on a spring-forward night is 03:30 summer time); a repeated wall
        time is read as its first occurrence. A day a zone skips entirely has no
        hours.
        """
        if not self.is_business_day(day):
            return None
        return _window(self.zone, self.open, self.close, day)

    def is_open(self, moment: datetime) -> bool:
        """Whether ``moment`` is inside business hours (opening included, closing not)."""
        at = _utc(moment, "the time")
        window = self.window(at.astimezone(self.zone).date())
        return window is not None and window[0] <= at < window[1]

    def next_opening(self, moment: datetime) -> datetime:
        """``moment`` if business hours are open then, else the next opening."""
        at = _utc(moment, "the time")
        day = _previous(at.astimezone(self.zone).date())
        while True:
            window = self.window(day)
            if window is not None and at < window[1]:
                return max(at, window[0]).astimezone(self.zone)
            day = self._next_day(day)

    def add(self, start: datetime, hours: timedelta) -> datetime:
        """The moment ``hours`` of business time after ``start``.

        Counting starts at the next opening when ``start`` is outside business
        hours. The result is the earliest moment that completes the time, so a
        due time landing exactly at closing stays at closing. ``hours`` of zero
        gives ``start`` itself inside business hours or at closing, else the next
        opening. Whole days are skipped at once; nothing iterates over minutes.
        """
        cursor = _utc(start, "the start")
        remaining = _span(hours, "the business time to add")
        day = _previous(cursor.astimezone(self.zone).date())
        while True:
            window = self.window(day)
            if window is not None and cursor <= window[1]:
                opening, closing = window
                cursor = max(cursor, opening)
                available = closing - cursor
                if remaining <= available:
                    return (cursor + remaining).astimezone(self.zone)
                remaining -= available
                cursor = closing
            day = self._next_day(day)

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """The business time between two instants; negative when ``end`` is earlier."""
        lo = _utc(start, "the start")
        hi = _utc(end, "the end")
        if hi < lo:
            return -self.elapsed(hi, lo)
        total = _ZERO
        day = _previous(lo.astimezone(self.zone).date())
        last = hi.astimezone(self.zone).date()
        while day <= last:
            window = self.window(day)
            if window is not None:
                overlap = min(hi, window[1]) - max(lo, window[0])
                if overlap > _ZERO:
                    total += overlap
            if day == date.max:
                break
            day += _DAY
        return total

    def _next_day(self, day: date) -> date:
        if day == date.max:
            raise InvalidInput("no business hours remain before the end of the calendar")
        return day + _DAY


@functools.lru_cache(maxsize=8192)
def _window(
    zone: ZoneInfo, opens: time, closes: time, day: date
) -> tuple[datetime, datetime] | None:
    """A day's opening and closing instants; the zone conversions are cached."""
    opening = datetime.combine(day, opens, zone).astimezone(UTC)
    closing = datetime.combine(day, closes, zone).astimezone(UTC)
    if closing <= opening:
        return None
    if opening.astimezone(zone).date() != day or closing.astimezone(zone).date() != day:
        return None
    return opening, closing


class Pause(NamedTuple):
    """A stretch with the clock stopped (waiting on the customer or a vendor).

    ``end`` is None while the pause is still running.
    """

    start: datetime
    end: datetime | None = None


def _merged_pauses(
    pauses: Iterable[tuple[datetime, datetime | None]], now: datetime | None
) -> list[tuple[datetime, datetime]]:
    """The pauses in UTC, running ones ended at ``now``, sorted and merged."""
    spans: list[tuple[datetime, datetime]] = []
    for pause in pauses:
        try:
            raw_start, raw_end = pause
        except (TypeError, ValueError):
            raise InvalidInput(
                f"a pause is a (start, end) pair, end None while it runs; not {pause!r}"
            ) from None
        start = _utc(raw_start, "a pause start")
        if raw_end is None:
            if now is None:
                raise InvalidInput(
                    f"the pause from {start.isoformat()} is still running;"
                    " the current time is needed to measure it"
                )
            end = max(start, _utc(now, "the current time"))
        else:
            end = _utc(raw_end, "a pause end")
            if end < start:
                raise InvalidInput(
                    f"a pause ends at {end.isoformat()}, before it starts at {start.isoformat()}"
                )
        spans.append((start, end))
    spans.sort()
    merged: list[tuple[datetime, datetime]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def paused_at(pauses: Iterable[tuple[datetime, datetime | None]], now: datetime) -> bool:
    """Whether one of ``pauses`` holds the clock stopped at ``now``."""
    at = _utc(now, "the current time")
    for start, end in pauses:
        if _utc(start, "a pause start") <= at and (end is None or at < _utc(end, "a pause end")):
            return True
    return False


@dataclass(frozen=True, slots=True)
class SlaClock:
    """Counts time toward a target: business time with ``hours``, else real time (24x7)."""

    hours: BusinessHours | None = None

    @property
    def business(self) -> bool:
        return self.hours is not None

    def add(self, start: datetime, span: timedelta) -> datetime:
        """The moment ``span`` of counted time after ``start``."""
        if self.hours is not None:
            return self.hours.add(start, span)
        return _utc(start, "the start") + _span(span, "the time to add")

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """The counted time between two instants; negative when ``end`` is earlier."""
        if self.hours is not None:
            return self.hours.elapsed(start, end)
        return _utc(end, "the end") - _utc(start, "the start")

    def due(
        self,
        start: datetime,
        target: timedelta,
        pauses: Iterable[tuple[datetime, datetime | None]] = (),
        *,
        now: datetime | None = None,
    ) -> datetime:
        """When the running time since ``start``, outside ``pauses``, reaches ``target``.

        A pause still running (end None) is counted up to ``now``, which it then
        requires: the due time is what it would be if the pause ended now.
        """
        cursor = _utc(start, "the start")
        remaining = _span(target, "the target")
        for pause_start, pause_end in _merged_pauses(pauses, now):
            if pause_end <= cursor:
                continue
            if pause_start > cursor:
                run = self.elapsed(cursor, pause_start)
                if run >= remaining:
                    break
                remaining -= run
            cursor = pause_end
        due = self.add(cursor, remaining)
        zone = self.hours.zone if self.hours is not None else UTC_ZONE
        return due.astimezone(zone)


#: The 24x7 clock.
ROUND_THE_CLOCK = SlaClock()


@dataclass(frozen=True, slots=True)
class SlaTarget:
    """How soon a severity needs a first response, updates, and a resolution.

    With ``business`` the durations are business time, else elapsed real time.
    """

    first_response: timedelta
    update_cadence: timedelta
    resolution: timedelta
    business: bool

    def __post_init__(self) -> None:
        for name in ("first_response", "update_cadence", "resolution"):
            value = getattr(self, name)
            what = name.replace("_", " ")
            _span(value, f"the {what} target")
            if value <= _ZERO:
                raise InvalidInput(f"the {what} target must be longer than zero")


def default_targets(business_day: timedelta = timedelta(hours=8)) -> dict[Severity, SlaTarget]:
    """The default targets; business days are ``business_day`` long (8 hours by default)."""
    hour = timedelta(hours=1)
    business_hour = business_day / 8
    return {
        Severity.SEV1: SlaTarget(timedelta(minutes=15), timedelta(minutes=30), 4 * hour, False),
        Severity.SEV2: SlaTarget(hour, 2 * hour, 24 * hour, False),
        Severity.SEV3: SlaTarget(4 * business_hour, 8 * business_hour, 5 * business_day, True),
        Severity.SEV4: SlaTarget(2 * business_day, 5 * business_day, 20 * business_day, True),
    }


#: The default triage target: 15 minutes, round the clock.
DEFAULT_TRIAGE = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class SlaPolicy:
    """The target for each severity, and the business hours their clocks use."""

    targets: dict[Severity, SlaTarget]
    hours: BusinessHours = field(default_factory=BusinessHours)
    #: How soon an incident nobody has assessed must be triaged, from its report:
    #: unassessed, it is rated as the worst until someone looks.
    triage: timedelta = DEFAULT_TRIAGE
    #: Whether the triage target counts business hours (default: 24x7).
    triage_business: bool = False

    def __post_init__(self) -> None:
        targets = dict(self.targets)
        missing = [s.value for s in Severity if s not in targets]
        if missing:
            raise InvalidInput(f"the SLA policy has no target for {', '.join(missing)}")
        if _span(self.triage, "the triage target") <= _ZERO:
            raise InvalidInput("the triage target must be longer than zero")
        object.__setattr__(self, "targets", targets)

    def target(self, severity: Severity) -> SlaTarget:
        return self.targets[severity]

    def clock(self, severity: Severity) -> SlaClock:
        """The clock a severity's targets run on: business hours or 24x7."""
        return SlaClock(self.hours) if self.targets[severity].business else ROUND_THE_CLOCK

    def triage_clock(self) -> SlaClock:
        """The clock the triage target runs on: 24x7 unless configured otherwise."""
        return SlaClock(self.hours) if self.triage_business else ROUND_THE_CLOCK


def default_policy(zone: ZoneInfo = UTC_ZONE, holidays: Iterable[date] = ()) -> SlaPolicy:
    """The default policy: Monday-Friday 09:00-17:00 in ``zone``, minus ``holidays``."""
    hours = BusinessHours(zone=zone, holidays=frozenset(holidays))
    return SlaPolicy(default_targets(hours.day_length), hours)


@dataclass(frozen=True, slots=True)
class DueTimes:
    first_response_due: datetime
    next_update_due: datetime
    resolution_due: datetime


def due_times(
    policy: SlaPolicy,
    severity: Severity,
    reported_at: datetime,
    pauses: Sequence[tuple[datetime, datetime | None]] = (),
    last_update: datetime | None = None,
    *,
    now: datetime | None = None,
) -> DueTimes:
    """The three due times of an incident of ``severity`` reported at ``reported_at``.

    * First response: the first-response target from the report time.
    * Next update: the update cadence from ``last_update`` (the last customer
      update), or, when there has been none, from the first-response due time:
      the first response opens the update cadence.
    * Resolution: the resolution target from the report time.

    Each clock stops during ``pauses`` that fall after its own start; a running
    pause (end None) is counted up to ``now``. The due times are in the policy's zone.
    """
    reported = _utc(reported_at, "the report time")
    zone = policy.hours.zone
    target = policy.target(severity)
    clock = policy.clock(severity)
    first = clock.due(reported, target.first_response, pauses, now=now)
    if last_update is None:
        anchor = first
    else:
        anchor = _utc(last_update, "the last update")
        if anchor < reported:
            raise InvalidInput(
                f"the last update {anchor.isoformat()} is before the report time"
                f" {reported.isoformat()}"
            )
    update = clock.due(anchor, target.update_cadence, pauses, now=now)
    resolution = clock.due(reported, target.resolution, pauses, now=now)
    return DueTimes(
        first_response_due=first.astimezone(zone),
        next_update_due=update.astimezone(zone),
        resolution_due=resolution.astimezone(zone),
    )


class SlaStatus(StrEnum):
    OK = "ok"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    PAUSED = "paused"


@dataclass(frozen=True, slots=True)
class SlaReading:
    """Where a due time stands: its status and the counted time left.

    ``left`` is negative once breached (how long overdue, on the same clock).
    """

    status: SlaStatus
    left: timedelta


def sla_status(
    due: datetime,
    target: timedelta,
    now: datetime,
    *,
    clock: SlaClock = ROUND_THE_CLOCK,
    paused: bool = False,
) -> SlaReading:
    """The status of a due time for ``target`` at ``now``.

    Breached (past due) wins over paused: a pause does not undo a breach. Then
    paused, then at risk (under 25% of the target left), else ok. Time left is
    counted on ``clock``: business time for a business-hours target.
    """
    at = _utc(now, "the current time")
    deadline = _utc(due, "the due time")
    if _span(target, "the target") <= _ZERO:
        raise InvalidInput("the target must be longer than zero")
    left = clock.elapsed(at, deadline)
    if at > deadline:
        status = SlaStatus.BREACHED
    elif paused:
        status = SlaStatus.PAUSED
    elif left * 4 < target:  # under 25% left, in exact integer arithmetic
        status = SlaStatus.AT_RISK
    else:
        status = SlaStatus.OK
    return SlaReading(status=status, left=left)
