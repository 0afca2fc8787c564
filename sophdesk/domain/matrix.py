"""The escalation matrix: who holds each duty, for each severity, right now.

For each severity each :class:`Duty` is held by a :class:`Role`; each role is
filled by a :class:`Person` (or by nobody yet). A person may name a backup
(another person) and away periods. :func:`lookup` answers the 3 a.m. question
"whom do I call for this duty?":

1. the person filling the duty's role (``via`` ``primary``);
2. when that person is away, their backup; when the backup is away too, the
   backup's backup, and so on down the chain until someone is in, the chain ends
   or comes back to someone already tried (``via`` ``backup``): a ring of
   backups (ana -> ben -> cy -> ana) is a valid rotation;
3. when the role is unfilled or the whole chain is away, the support lead, or
   when the support lead is away, the first one in the lead's own backup chain
   who is in (``via`` ``support_lead``: the escalation ladder reached the lead);
4. when the support lead's role is unfilled or the lead's chain is all away too,
   a :class:`Holder` with ``person`` None whose reason says nobody holds the
   duty: escalate.

An away period ``(start, end)`` covers ``start`` up to, not including, ``end``:
the person is away at ``start`` and back at ``end``.

:attr:`Holder.role` is always the role the matrix gives the duty (for
:func:`lead_holder`, ``support_lead``), whoever ends up holding it; ``via`` and
``reason`` say how the holder was reached.

A :class:`Matrix` is checked when it is built: :func:`matrix_problems` lists
every problem (an unknown person filling a role or named as a backup, a person
who is their own backup, a severity missing a duty, a bad away period, a missing name or contact),
each with the path of the key it is about, so that a file reader can add line
numbers. Everything here is pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from enum import StrEnum
from typing import Any, NamedTuple

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.severity import Severity
from sophdesk.domain.timefmt import local_stamp


class Duty(StrEnum):
    """What someone must be able to do during an incident (from the seed)."""

    PAUSE_WORKFLOWS = "pause_workflows"
    CONTACT_HOSTING = "contact_hosting"
    CONTACT_PROVIDER = "contact_provider"
    OPEN_CODECANYON_SUPPORT = "open_codecanyon_support"
    UPDATE_CUSTOMERS = "update_customers"
    APPROVE_ROLLBACK = "approve_rollback"


class Role(StrEnum):
    """A hat a person wears; duties are given to roles, roles to people."""

    SUPPORT_LEAD = "support_lead"
    HOSTING_OWNER = "hosting_owner"
    PROVIDER_OWNER = "provider_owner"
    CODECANYON_OWNER = "codecanyon_owner"
    ROLLBACK_OWNER = "rollback_owner"
    COMMS_OWNER = "comms_owner"
    AUTOMATION_OWNER = "automation_owner"


class Via(StrEnum):
    """How the holder was reached: the escalation ladder's step."""

    PRIMARY = "primary"
    BACKUP = "backup"
    SUPPORT_LEAD = "support_lead"


#: A person's key: letters, digits, ``_`` and ``-`` (a TOML bare key, usable as is
#: on a command line and in ``[people.KEY]``).
PERSON_KEY = re.compile(r"[A-Za-z0-9_-]+")
#: The keys a person's table gives meaning to; any other key is kept in ``extra``.
PERSON_KEYS: tuple[str, ...] = ("name", "contact", "backup", "away")
#: The top-level keys of a matrix; any other key is kept in :attr:`Matrix.extra`.
MATRIX_KEYS: tuple[str, ...] = ("people", "roles", "duties")

#: Where a problem is: the key path in the matrix file, e.g. ``("people", "ana",
#: "backup")``, or ``("people", "ana", "away", 0)`` for the first away period.
Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Person:
    """Someone who can fill a role.

    ``away`` holds (start, end) periods, aware times, away from ``start`` up to
    (not including) ``end``. ``extra`` keeps keys of the person's table that the
    desk does not use, so that an export gives them back.
    """

    key: str
    name: str
    contact: str
    backup: str | None = None
    away: tuple[tuple[datetime, datetime], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "away", tuple((start, end) for start, end in self.away))
        object.__setattr__(self, "extra", dict(self.extra))
        if self.backup is not None and not self.backup.strip():
            object.__setattr__(self, "backup", None)

    def away_until(self, at: datetime) -> datetime | None:
        """When the person is back, if away at ``at``; None when they are in.

        Overlapping periods that cover ``at`` give the latest of their ends.
        """
        moment = _aware(at, "the time")
        ends = [end for start, end in self.away if start <= moment < end]
        return max(ends) if ends else None

    def is_away(self, at: datetime) -> bool:
        return self.away_until(at) is not None

    def shown(self) -> str:
        """``Ana Ruiz (ana)``."""
        return f"{self.name} ({self.key})"


class MatrixProblem(NamedTuple):
    """One reason a matrix cannot be taken, and the key path it is about."""

    path: Path
    message: str


@dataclass(frozen=True, slots=True)
class Matrix:
    """People, the person filling each role, and the role holding each duty per severity.

    ``roles`` is completed to every :class:`Role` (missing or blank means unfilled).
    ``extra`` keeps top-level keys the desk does not use, for a faithful export.
    ``defaulted`` names the duties a file left out, which hold the shipped default
    role (``matrix check`` lists them; an export leaves them out again).
    Building a matrix with any problem raises :class:`InvalidInput` listing them all.
    """

    people: dict[str, Person]
    roles: dict[Role, str | None]
    duties: dict[Severity, dict[Duty, Role]]
    extra: dict[str, Any] = field(default_factory=dict)
    defaulted: frozenset[tuple[Severity, Duty]] = frozenset()

    def __post_init__(self) -> None:
        roles: dict[Role, str | None] = {}
        for role in Role:
            key = self.roles.get(role)
            roles[role] = key if key is not None and key.strip() else None
        object.__setattr__(self, "people", dict(self.people))
        object.__setattr__(self, "roles", roles)
        object.__setattr__(
            self, "duties", {severity: dict(table) for severity, table in self.duties.items()}
        )
        object.__setattr__(self, "extra", dict(self.extra))
        object.__setattr__(self, "defaulted", frozenset(self.defaulted))
        problems = matrix_problems(self.people, self.roles, self.duties, self.extra)
        if problems:
            raise InvalidInput(
                "the escalation matrix is not valid: " + "; ".join(p.message for p in problems)
            )

    def role_of(self, severity: Severity, duty: Duty) -> Role:
        """The role holding ``duty`` at ``severity``."""
        return self.duties[severity][duty]

    def filled_by(self, role: Role) -> Person | None:
        """The person filling ``role``; None when it is unfilled."""
        key = self.roles.get(role)
        return self.people.get(key) if key is not None else None


class Unfilled(NamedTuple):
    """A duty that nobody holds: its role is unfilled."""

    severity: Severity
    duty: Duty
    role: Role


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds a duty now, and why.

    ``person`` is None when nobody does: the reason then says to escalate.
    """

    person: str | None
    name: str | None
    contact: str | None
    role: Role
    via: Via
    reason: str

    @property
    def nobody(self) -> bool:
        return self.person is None


# --- checks -------------------------------------------------------------------------------


def _aware(moment: datetime, what: str) -> datetime:
    if not isinstance(moment, datetime):
        raise InvalidInput(f"{what} must be a date and time, not {moment!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(
            f"{what} {moment.isoformat()} has no time zone;"
            " give an aware time such as 2026-11-27T16:30:00+00:00"
        )
    return moment


def plain_value_problem(value: object) -> str | None:
    """Why ``value`` cannot be written to a TOML file and read back; None when it can.

    Strings, integers, floats, booleans, dates, times without a zone, datetimes
    (with or without a whole-minute offset), lists of these and tables with
    string keys.
    """
    if isinstance(value, str | bool | int | float | date):
        if isinstance(value, datetime) and value.tzinfo is not None:
            offset = value.utcoffset()
            if offset is None or offset.total_seconds() % 60:
                return f"the time {value.isoformat()} has an offset TOML cannot write"
        return None
    if isinstance(value, time):
        return None if value.tzinfo is None else "a time of day with a zone cannot be written"
    if isinstance(value, list):
        for item in value:
            problem = plain_value_problem(item)
            if problem:
                return problem
        return None
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"the key {key!r} is not text"
            problem = plain_value_problem(item)
            if problem:
                return problem
        return None
    return f"{type(value).__name__} values cannot be written to the matrix file"


def _person_problems(key: str, person: Person) -> list[MatrixProblem]:
    where: Path = ("people", key)
    found: list[MatrixProblem] = []
    if person.key != key:
        found.append(MatrixProblem(where, f"person {key!r} carries the key {person.key!r}"))
    if not PERSON_KEY.fullmatch(key):
        found.append(
            MatrixProblem(where, f"person key {key!r} may only hold letters, digits, '_' and '-'")
        )
    for attr in ("name", "contact"):
        value = getattr(person, attr)
        if not isinstance(value, str) or not value.strip():
            found.append(
                MatrixProblem((*where, attr), f"person {key!r} has no {attr}; {attr} is required")
            )
    for index, period in enumerate(person.away):
        start, end = period
        here: Path = (*where, "away", index)
        naive = [
            what
            for what, moment in (("start", start), ("end", end))
            if not isinstance(moment, datetime) or moment.utcoffset() is None
        ]
        if naive:
            found.append(
                MatrixProblem(
                    here,
                    f"an away period of {key!r} has a {' and an '.join(naive)} without an offset;"
                    " give a date and time with one, e.g. 2026-12-24T00:00:00+00:00",
                )
            )
        elif end <= start:
            found.append(
                MatrixProblem(
                    here,
                    f"an away period of {key!r} ends at {end.isoformat()},"
                    f" which is not after its start {start.isoformat()}",
                )
            )
    for extra_key, value in person.extra.items():
        if extra_key in PERSON_KEYS:
            found.append(
                MatrixProblem(
                    (*where, extra_key),
                    f"person {key!r} has {extra_key!r} among its extra keys; it is a known key",
                )
            )
        problem = plain_value_problem(value)
        if problem:
            found.append(MatrixProblem((*where, extra_key), f"{key}.{extra_key}: {problem}"))
    return found


def _backup_problems(people: Mapping[str, Person]) -> list[MatrixProblem]:
    found: list[MatrixProblem] = []
    for key, person in people.items():
        backup = person.backup
        if backup is None:
            continue
        where: Path = ("people", key, "backup")
        if backup == key:
            found.append(
                MatrixProblem(
                    where,
                    f"{key!r} is their own backup; a backup must be another person",
                )
            )
        elif backup not in people:
            found.append(
                MatrixProblem(
                    where,
                    f"the backup of {key!r} is {backup!r}, who is not a person in the matrix",
                )
            )
    # A ring of backups (ana -> ben -> cy -> ana) is a rotation, not a mistake: the
    # lookup walks it and stops at the first person already tried.
    return found


def matrix_problems(
    people: Mapping[str, Person],
    roles: Mapping[Role, str | None],
    duties: Mapping[Severity, Mapping[Duty, Role]],
    extra: Mapping[str, Any] | None = None,
) -> list[MatrixProblem]:
    """Every problem of a matrix made of these parts, each with its key path."""
    found: list[MatrixProblem] = []
    for key, person in people.items():
        found.extend(_person_problems(key, person))
    found.extend(_backup_problems(people))
    for role, filler in roles.items():
        if filler is not None and filler.strip() and filler not in people:
            found.append(
                MatrixProblem(
                    ("roles", role.value),
                    f"role {role.value} is filled by {filler!r}, who is not a person in the matrix",
                )
            )
    for severity in Severity:
        table = duties.get(severity)
        if table is None:
            found.append(
                MatrixProblem(
                    ("duties", severity.value),
                    f"severity {severity.value} has no duties; [duties.{severity.value}]"
                    f" must give a role for each of: {', '.join(Duty)}",
                )
            )
            continue
        for duty in Duty:
            if duty not in table:
                found.append(
                    MatrixProblem(
                        ("duties", severity.value, duty.value),
                        f"severity {severity.value} is missing the duty {duty.value};"
                        " give it a role",
                    )
                )
    for key, value in (extra or {}).items():
        if key in MATRIX_KEYS:
            found.append(MatrixProblem((key,), f"{key!r} is a known key, not an extra one"))
        problem = plain_value_problem(value)
        if problem:
            found.append(MatrixProblem((key,), f"{key}: {problem}"))
    return found


# --- lookup -------------------------------------------------------------------------------

#: The last clause of a reason when nobody holds a duty.
NOBODY = "nobody holds it now: escalate"


def _walk(
    matrix: Matrix, key: str, at: datetime, tried: set[str], zone: tzinfo = UTC
) -> tuple[Person | None, list[str]]:
    """The first person in ``key``'s backup chain who is in at ``at``, and clauses
    saying who was away (the first one, about ``key``'s person, starts "who is
    away"; times as read in ``zone``). Stops at the chain's end or at someone
    already tried: a cycle, or someone earlier on the ladder."""
    notes: list[str] = []
    person = matrix.people[key]
    while True:
        tried.add(person.key)
        away = person.away_until(at)
        if away is None:
            if notes:
                notes.append(f"their backup {person.shown()} holds it")
            return person, notes
        until = local_stamp(away, zone)
        if notes:
            notes.append(f"their backup {person.shown()} is away until {until} too")
        else:
            notes.append(f"who is away until {until}")
        backup = person.backup
        if backup is None:
            notes.append(f"{person.key} has no backup")
            return None, notes
        if backup in tried:
            notes.append(f"{person.key}'s backup {backup} was already tried")
            return None, notes
        following = matrix.people.get(backup)
        if following is None:  # pragma: no cover - a built matrix names only its people
            notes.append(f"{person.key}'s backup {backup!r} is not a person in the matrix")
            return None, notes
        person = following


def _named(clause: str, notes: list[str]) -> list[str]:
    """``clause`` (naming someone) followed by the notes about them."""
    if not notes:
        return [clause]
    return [f"{clause}, {notes[0]}", *notes[1:]]


def _sentence(parts: list[str]) -> str:
    text = "; ".join(p for p in parts if p)
    return text[0].upper() + text[1:] + "." if text else ""


def _holder(person: Person | None, role: Role, via: Via, parts: list[str]) -> Holder:
    reason = _sentence(parts)
    if person is None:
        return Holder(None, None, None, role, via, reason)
    return Holder(person.key, person.name, person.contact, role, via, reason)


def _to_lead(
    matrix: Matrix, at: datetime, tried: set[str], why: list[str], role: Role, zone: tzinfo
) -> Holder:
    """The support lead (or the lead's stand-in) after ``why``; nobody when there is none."""
    lead_key = matrix.roles.get(Role.SUPPORT_LEAD)
    if lead_key is None:
        parts = [*why, "it falls to the support lead, but support_lead is unfilled", NOBODY]
        return _holder(None, role, Via.SUPPORT_LEAD, parts)
    lead = matrix.people[lead_key]
    if lead_key in tried:
        parts = [*why, f"the support lead {lead.shown()} was already tried", NOBODY]
        return _holder(None, role, Via.SUPPORT_LEAD, parts)
    person, notes = _walk(matrix, lead_key, at, tried, zone)
    parts = [*why, *_named(f"it falls to the support lead {lead.shown()}", notes)]
    if person is None:
        parts.append(NOBODY)
    return _holder(person, role, Via.SUPPORT_LEAD, parts)


def lookup(
    matrix: Matrix, severity: Severity, duty: Duty, at: datetime, zone: tzinfo = UTC
) -> Holder:
    """Who holds ``duty`` at ``severity`` at the moment ``at`` (see the module notes).

    Times in the reason ("away until ...") are read in ``zone``, the desk's.
    """
    _aware(at, "the time")
    role = matrix.role_of(severity, duty)
    head = f"at {severity.value} {duty.value} belongs to {role.value}"
    key = matrix.roles.get(role)
    if key is None:
        if role is Role.SUPPORT_LEAD:
            return _holder(None, role, Via.SUPPORT_LEAD, [f"{head}, which is unfilled", NOBODY])
        return _to_lead(matrix, at, set(), [f"{head}, which nobody fills"], role, zone)
    primary = matrix.people[key]
    tried: set[str] = set()
    person, notes = _walk(matrix, key, at, tried, zone)
    parts = _named(f"{head}, filled by {primary.shown()}", notes)
    if person is primary:
        return _holder(person, role, Via.PRIMARY, parts)
    if person is not None:
        return _holder(person, role, Via.BACKUP, parts)
    if role is Role.SUPPORT_LEAD:
        return _holder(None, role, Via.SUPPORT_LEAD, [*parts, NOBODY])
    return _to_lead(matrix, at, tried, parts, role, zone)


def lead_holder(matrix: Matrix, at: datetime, why: str = "", zone: tzinfo = UTC) -> Holder:
    """The support lead, or the first one in the lead's backup chain who is in.

    ``why`` (a clause such as "the route is unclear") opens the reason; times in
    it are read in ``zone`` (the desk's).
    """
    _aware(at, "the time")
    return _to_lead(matrix, at, set(), [why] if why else [], Role.SUPPORT_LEAD, zone)


def duty_holders(
    matrix: Matrix, severity: Severity, at: datetime, zone: tzinfo = UTC
) -> dict[Duty, Holder]:
    """The holder of each of the six duties at ``severity``, in :class:`Duty` order."""
    return {duty: lookup(matrix, severity, duty, at, zone) for duty in Duty}


def unfilled(matrix: Matrix) -> list[Unfilled]:
    """The duties whose role nobody fills, by severity then duty."""
    return [
        Unfilled(severity, duty, matrix.duties[severity][duty])
        for severity in Severity
        for duty in Duty
        if matrix.roles.get(matrix.duties[severity][duty]) is None
    ]


def defaulted(matrix: Matrix) -> list[Unfilled]:
    """The duties the matrix file left out, holding the default role, by severity
    then duty (an :class:`Unfilled`-shaped triple: severity, duty, role)."""
    return [
        Unfilled(severity, duty, matrix.duties[severity][duty])
        for severity in Severity
        for duty in Duty
        if (severity, duty) in matrix.defaulted
    ]


def holder_dict(holder: Holder) -> dict[str, Any]:
    """The holder as ``owner --json`` prints it."""
    return {
        "person": holder.person,
        "name": holder.name,
        "contact": holder.contact,
        "role": holder.role.value,
        "via": holder.via.value,
        "reason": holder.reason,
    }


def parse_duty(value: str) -> Duty:
    try:
        return Duty(value.strip().lower().replace("-", "_"))
    except ValueError:
        raise InvalidInput(f"unknown duty {value!r}; the duties are: {', '.join(Duty)}") from None


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower().replace("-", "_"))
    except ValueError:
        raise InvalidInput(f"unknown role {value!r}; the roles are: {', '.join(Role)}") from None
