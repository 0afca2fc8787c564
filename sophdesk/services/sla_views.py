"""What the CLI's triage and SLA commands show: assessments one by one or in bulk,
due times for a severity, and the queue filtered by SLA state.

The faces print what these return; the rules themselves live in the domain
(:mod:`sophdesk.domain.assessment`, :mod:`sophdesk.domain.sla`,
:mod:`sophdesk.domain.clocks`). Assessing and previewing due times need no
database, so the store (and SQLAlchemy) is imported only by what reads or writes
one: ``assess --batch`` over 100k lines should not wait for it to load.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from sophdesk.domain.assessment import (
    DIMENSIONS,
    Assessment,
    SeverityDecision,
    assess,
    parse_assessment,
)
from sophdesk.domain.clocks import SlaStatus, row_reading
from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.incident import Incident
from sophdesk.domain.queue import QueueFilter, QueueRow
from sophdesk.domain.serialize import queue_row_dict
from sophdesk.domain.severity import Severity
from sophdesk.domain.sla import (
    MAX_SPAN,
    BusinessHours,
    DueTimes,
    SlaPolicy,
    SlaReading,
    SlaTarget,
    due_times,
)
from sophdesk.domain.text import safe_json
from sophdesk.domain.timefmt import compact_duration, iso
from sophdesk.domain.triage import AssessmentRecord, check_override

if TYPE_CHECKING:
    from sophdesk.services.desk import Desk

# -- one assessment -----------------------------------------------------------------


def decide(answers: Mapping[str, Any]) -> tuple[Assessment, SeverityDecision]:
    """The six answers (string keys and values) read and rated.

    Anything wrong (an unknown or missing key, an unknown value) is an
    :class:`InvalidInput` naming the key and its allowed values.
    """
    assessment = parse_assessment(answers)
    return assessment, assess(assessment)


def decision_dict(decision: SeverityDecision) -> dict[str, Any]:
    """``severity``, ``category`` and ``rationale``: what ``assess --json`` promises."""
    return {
        "severity": decision.severity.value,
        "category": decision.category.value,
        "rationale": list(decision.rationale),
    }


def check_recording(
    decision: SeverityDecision, override: Severity | None, reason: str | None
) -> None:
    """Refuse an override without a reason before anything is opened or written.

    Choosing the severity the rules gave is no override and needs no reason.
    """
    check_override(decision.severity, override, reason)


@dataclass(frozen=True, slots=True)
class Recorded:
    """An assessment written on an incident, and the incident after it."""

    decision: SeverityDecision
    incident: Incident
    record: AssessmentRecord

    def as_dict(self) -> dict[str, Any]:
        """The decision's keys with ``severity`` the one in force, plus ``id``, the
        three due times (ISO 8601, UTC), ``computed_severity`` and ``override_reason``."""
        data = decision_dict(self.decision)
        data["severity"] = self.record.severity.value
        data["id"] = self.incident.id
        data["first_response_due"] = iso(self.incident.first_response_due)
        data["next_update_due"] = iso(self.incident.next_update_due)
        data["resolution_due"] = iso(self.incident.resolution_due)
        data["computed_severity"] = self.decision.severity.value
        data["override_reason"] = self.record.override_reason
        return data


def record(
    desk: Desk,
    incident_id: int,
    answers: Assessment,
    override: Severity | None = None,
    reason: str | None = None,
) -> Recorded:
    """Record the assessment on the incident (see :func:`record_assessment`)."""
    from sophdesk.services.triage import record_assessment

    incident, saved = record_assessment(desk, incident_id, answers, None, override, reason)
    return Recorded(saved.decision, incident, saved)


# -- many assessments, one JSON object a line --------------------------------------------

#: The longest line ``assess --batch`` reads; a longer one is an error result.
MAX_LINE_BYTES = 64 * 1024
#: At most this many distinct lines' results are remembered (imports repeat a lot).
_CACHE_LIMIT = 4096
_KEYS = ", ".join(d.key for d in DIMENSIONS)


class LineSource(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


@dataclass
class BatchSummary:
    """How a batch went: lines assessed, and the numbers of the lines in error."""

    assessed: int = 0
    errors: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _raw_lines(stream: LineSource) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) one line at a time; None for a line over the limit,
    which is skipped to its end without being held in memory."""
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(MAX_LINE_BYTES + 1)
            yield number, None
            continue
        yield number, raw


def _error(message: str) -> tuple[bool, str]:
    return False, safe_json({"error": message})


class _Assessor:
    """Rates JSON objects, remembering recent answers: an import of 100k tickets
    holds few distinct combinations (there are 729)."""

    def __init__(self) -> None:
        self._results: dict[tuple[tuple[str, str], ...], tuple[bool, str]] = {}
        self._decisions: dict[Assessment, str] = {}

    def rate(self, obj: dict[str, Any]) -> tuple[bool, str]:
        """(ok, a JSON object without ``line``) for one decoded line."""
        key: tuple[tuple[str, str], ...] | None = None
        if all(isinstance(v, str) for v in obj.values()):
            key = tuple(sorted(obj.items()))
            cached = self._results.get(key)
            if cached is not None:
                return cached
        try:
            assessment = parse_assessment(obj)
        except InvalidInput as exc:
            result = _error(exc.message)
        else:
            text = self._decisions.get(assessment)
            if text is None:
                text = safe_json(decision_dict(assess(assessment)))
                self._decisions[assessment] = text
            result = (True, text)
        if key is not None:
            if len(self._results) >= _CACHE_LIMIT:
                self._results.clear()
            self._results[key] = result
        return result

    def line(self, number: int, raw: bytes | None) -> tuple[bool, str] | None:
        """The result for one input line; None for a blank line (no result)."""
        if raw is None:
            return _error(f"the line is longer than {MAX_LINE_BYTES} bytes")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return _error(f"the line is not UTF-8 text (byte {exc.start + 1} cannot be decoded)")
        if number == 1:
            text = text.removeprefix("\ufeff")
        text = text.strip()
        if not text:
            return None
        try:
            obj = json.loads(text)
        except ValueError as exc:
            detail = (
                f"{exc.msg} at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else exc
            )
            return _error(f"the line is not valid JSON ({detail})")
        if not isinstance(obj, dict):
            return _error(
                f"the line is a JSON {_json_kind(obj)}, not an object;"
                f" give an object with the six keys: {_KEYS}"
            )
        return self.rate(obj)


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return "number"


def assess_batch(stream: LineSource, write: Callable[[str], object]) -> BatchSummary:
    """Assess JSON lines from ``stream``, calling ``write`` with one JSON line each.

    Every result starts with ``line`` (its line number, counting from 1): an
    assessed line adds ``severity``, ``category`` and ``rationale``; a line that
    cannot be assessed (not UTF-8, not JSON, not an object, an unknown or missing
    key or value, over :data:`MAX_LINE_BYTES`) has ``error`` instead. Blank lines
    give no result but are counted, so numbers stay those of the input. The
    input is read one line at a time; nothing is stored.
    """
    assessor = _Assessor()
    summary = BatchSummary()
    for number, raw in _raw_lines(stream):
        result = assessor.line(number, raw)
        if result is None:
            continue
        ok, text = result
        if ok:
            summary.assessed += 1
        else:
            summary.errors.append(number)
        # ``text`` is a JSON object: put the line number first.
        write(f'{{"line": {number}, {text[1:]}\n')
    return summary


# -- due times for a severity -----------------------------------------------------------


def format_span(span: timedelta, day: timedelta) -> str:
    """A target as the config file writes it: ``4h``, ``1h30m``, ``5d`` (``day`` long days).

    Up to one day is written in hours (``8h``, ``24h``), as the support matrix does.
    """
    days, rest = divmod(span, day) if span > day else (0, span)
    hours, rest = divmod(rest, timedelta(hours=1))
    minutes = rest // timedelta(minutes=1)
    text = "".join(f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "m")) if n)
    return text or "0m"


def _zoned(moment: datetime, zone: ZoneInfo) -> str:
    """ISO 8601 with the offset of ``zone`` (seconds precision)."""
    return moment.astimezone(zone).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class SlaPreview:
    """The due times an incident of ``severity`` reported at ``start`` would get."""

    severity: Severity
    start: datetime
    target: SlaTarget
    #: The business hours the clocks count; None for a 24x7 target.
    hours: BusinessHours | None
    zone: ZoneInfo
    due: DueTimes

    @property
    def clock(self) -> str:
        return "business" if self.hours is not None else "24x7"

    @property
    def day(self) -> timedelta:
        """What ``1d`` means in :meth:`targets`: a business day, or 24 hours."""
        return self.hours.day_length if self.hours is not None else timedelta(days=1)

    def targets(self) -> dict[str, str]:
        return {
            "first_response": format_span(self.target.first_response, self.day),
            "update_cadence": format_span(self.target.update_cadence, self.day),
            "resolution": format_span(self.target.resolution, self.day),
        }

    def clock_text(self) -> str:
        if self.hours is None:
            return "24x7 (elapsed time)"
        day = format_span(self.hours.day_length, timedelta(days=1))
        return f"business hours, {self.hours.describe()} (1d = {day})"

    def due_iso(self) -> dict[str, str]:
        """The three due times, ISO 8601 with the offset of the policy's zone."""
        return {
            "first_response_due": _zoned(self.due.first_response_due, self.zone),
            "next_update_due": _zoned(self.due.next_update_due, self.zone),
            "resolution_due": _zoned(self.due.resolution_due, self.zone),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity.value,
            "from": _zoned(self.start, self.zone),
            "clock": self.clock,
            "business_hours": self.hours.describe() if self.hours is not None else None,
            "targets": self.targets(),
            **self.due_iso(),
        }


def sla_preview(policy: SlaPolicy, severity: Severity, start: datetime) -> SlaPreview:
    """The due times of ``severity`` from ``start`` under ``policy`` (no pauses, no
    updates yet: the next update is due one cadence after the first response)."""
    target = policy.target(severity)
    return SlaPreview(
        severity=severity,
        start=start,
        target=target,
        hours=policy.hours if target.business else None,
        zone=policy.hours.zone,
        due=due_times(policy, severity, start),
    )


# -- the queue by SLA state --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SlaRow:
    """A queue row and where its SLA clock stands (None: no clock runs)."""

    row: QueueRow
    reading: SlaReading | None

    @property
    def state(self) -> str | None:
        """``ok``, ``at_risk``, ``breached``, ``paused``, or None."""
        return self.reading.status.value if self.reading is not None else None

    @property
    def clock(self) -> str | None:
        """Which clock the state is about (first_response, next_update, resolution)."""
        return self.row.sla_clock if self.reading is not None else None

    def cell(self) -> str:
        """The SLA column: time left, ``RISK 12m``, ``BREACHED``, ``paused`` or ``-``."""
        reading = self.reading
        if reading is None:
            return "-"
        if reading.status is SlaStatus.BREACHED:
            return "BREACHED"
        if reading.status is SlaStatus.PAUSED:
            return "paused"
        left = compact_duration(reading.left)
        return f"RISK {left}" if reading.status is SlaStatus.AT_RISK else left

    def as_dict(self) -> dict[str, Any]:
        """``list --json``'s keys plus ``sla_state`` and ``sla_clock``."""
        data = queue_row_dict(self.row)
        data["sla_state"] = self.state
        data["sla_clock"] = self.clock
        return data


def sla_listing(
    desk: Desk, wanted: QueueFilter, *, breached: bool = False, at_risk: bool = False
) -> list[SlaRow]:
    """The incidents ``wanted`` selects in queue order, each with its SLA reading now.

    With ``breached`` and/or ``at_risk`` only open incidents whose clock is in one
    of those states are kept (both: either); ``wanted.limit`` then counts those.
    Only candidates are read and measured: assessed open incidents whose due time
    is already past (breached) or close enough to be at risk now.
    """
    policy = desk.policy
    now = desk.clock()
    if not breached and not at_risk:
        rows = desk.listing(wanted)
        return [SlaRow(row, row_reading(policy, row, now)) for row in rows]
    states: set[SlaStatus] = set()
    if breached:
        states.add(SlaStatus.BREACHED)
    if at_risk:
        states.add(SlaStatus.AT_RISK)
    from sophdesk.store import repository
    from sophdesk.store.sla_candidates import sla_candidates

    with desk.database.reading() as session:
        candidates = sla_candidates(
            session,
            now,
            breached=breached,
            at_risk=at_risk,
            latest_at_risk=lambda seconds: _latest_at_risk(policy, now, seconds),
            slack=_SLACK,
        )
        if not candidates:
            return []
        order = repository.queue_ids(session, replace(wanted, limit=None))
    kept: list[SlaRow] = []
    for incident_id in order:
        if wanted.limit is not None and len(kept) >= wanted.limit:
            break
        row = candidates.get(incident_id)
        if row is None:
            continue
        reading = row_reading(policy, row, now)
        if reading is not None and reading.status in states:
            kept.append(SlaRow(row, reading))
    return kept


#: Slack on the SQL bounds; the exact state is decided by the domain afterwards.
_SLACK = timedelta(seconds=1)


def _latest_at_risk(policy: SlaPolicy, now: datetime, target_seconds: int) -> datetime:
    """The latest due time a clock of ``target_seconds`` can be at risk at ``now``.

    At risk is under a quarter of the target left; time left is counted on the
    severity's clock, business time never exceeding real time, so the bound is a
    quarter of the target on the business clock when any target uses it.
    """
    span = min(timedelta(seconds=target_seconds) / 4, MAX_SPAN)
    latest = now + span
    if policy.triage_business or any(target.business for target in policy.targets.values()):
        latest = max(latest, policy.hours.add(now, span))
    return latest + _SLACK
