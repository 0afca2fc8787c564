"""What changed between two escalation matrices, in words a lead can read.

:func:`matrix_changes` lists the changes, one line each, in a fixed order:
people added, removed and changed (name, contact, backup, away periods, extra
keys), roles refilled, duties given to another role, top-level extra keys. The
store keeps the lines as each matrix version's summary. Pure: no I/O.
"""

from __future__ import annotations

from datetime import datetime

from sophdesk.domain.matrix import Duty, Matrix, Person, Role
from sophdesk.domain.severity import Severity
from sophdesk.domain.timefmt import iso

#: The summary of a version that changed nothing.
NO_CHANGES = "no changes"
#: Marks a key one side does not have.
_MISSING = object()


def _filler(key: str | None) -> str:
    return key if key is not None else "(unfilled)"


def _periods(away: tuple[tuple[datetime, datetime], ...]) -> str:
    if not away:
        return "none"
    return ", ".join(f"{iso(start)} to {iso(end)}" for start, end in away)


def _person_changes(before: Person, after: Person) -> list[str]:
    key = after.key
    found: list[str] = []
    if before.name != after.name:
        found.append(f"person {key}: name {before.name!r} -> {after.name!r}")
    if before.contact != after.contact:
        found.append(f"person {key}: contact {before.contact!r} -> {after.contact!r}")
    if before.backup != after.backup:
        found.append(
            f"person {key}: backup {before.backup or '(none)'} -> {after.backup or '(none)'}"
        )
    if before.away != after.away:
        found.append(
            f"person {key}: away periods {_periods(before.away)} -> {_periods(after.away)}"
        )
    if before.extra != after.extra:
        keys = sorted(
            k
            for k in set(before.extra) | set(after.extra)
            if before.extra.get(k, _MISSING) != after.extra.get(k, _MISSING)
        )
        found.append(f"person {key}: extra keys changed: {', '.join(keys)}")
    return found


def matrix_changes(before: Matrix, after: Matrix) -> list[str]:
    """Every change from ``before`` to ``after``, one line each; empty when none."""
    found: list[str] = []
    for key in sorted(set(after.people) - set(before.people)):
        person = after.people[key]
        found.append(f"person added: {person.shown()}, {person.contact}")
    for key in sorted(set(before.people) - set(after.people)):
        found.append(f"person removed: {before.people[key].shown()}")
    for key in sorted(set(before.people) & set(after.people)):
        found.extend(_person_changes(before.people[key], after.people[key]))
    for role in Role:
        old, new = before.roles.get(role), after.roles.get(role)
        if old != new:
            found.append(f"role {role.value}: {_filler(old)} -> {_filler(new)}")
    for severity in Severity:
        old_table = before.duties.get(severity, {})
        new_table = after.duties.get(severity, {})
        for duty in Duty:
            old_role, new_role = old_table.get(duty), new_table.get(duty)
            if old_role != new_role:
                was = old_role.value if old_role else "(none)"
                now = new_role.value if new_role else "(none)"
                found.append(f"{severity.value} {duty.value}: {was} -> {now}")
    if before.extra != after.extra:
        keys = sorted(
            k
            for k in set(before.extra) | set(after.extra)
            if before.extra.get(k, _MISSING) != after.extra.get(k, _MISSING)
        )
        found.append(f"extra keys changed: {', '.join(keys)}")
    return found


def summary(changes: list[str]) -> str:
    """The changes as stored: one per line, or :data:`NO_CHANGES`."""
    return "\n".join(changes) if changes else NO_CHANGES
