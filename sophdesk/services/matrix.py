"""Escalation matrix use cases: read, import, export, check, owner lookup and routing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sophdesk.domain.authority import check_support_lead
from sophdesk.domain.matrix import Duty, Holder, Matrix, Unfilled, lookup
from sophdesk.domain.matrix import defaulted as defaulted_duties
from sophdesk.domain.matrix import unfilled as unfilled_duties
from sophdesk.domain.matrix_diff import matrix_changes, summary
from sophdesk.domain.matrix_toml import dump_matrix, parse_matrix
from sophdesk.domain.routing import RouteDecision, Signal, route, route_owner
from sophdesk.domain.severity import Severity

if TYPE_CHECKING:
    from sophdesk.services.desk import Desk
    from sophdesk.store.matrix import MatrixVersion

# The store is imported where a use case writes or reads history: ``owner`` and
# ``route`` on a ready SQLite file read the matrix without SQLAlchemy
# (``Desk.current_matrix``, or the command's LazyDesk).


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: ``changes`` is empty when the file matched the current matrix
    (then no version is recorded and ``version`` is the current one, or None)."""

    changes: tuple[str, ...]
    version: int | None

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def current_matrix(desk: Desk) -> Matrix:
    """The matrix in force: the newest recorded version, or the package default."""
    return desk.current_matrix()


def history(desk: Desk) -> list[MatrixVersion]:
    from sophdesk.store import matrix as store

    with desk.database.reading() as session:
        return store.history(session)


def import_matrix(desk: Desk, text: str) -> ImportResult:
    """Replace the matrix with the file's ``text``, all or nothing.

    The whole file is checked first (:class:`MatrixErrors` lists every problem with
    its line; nothing changes). A file equal to the current matrix records nothing.
    Only the current matrix's support lead may import (anyone while it names
    none): :class:`~sophdesk.domain.authority.NotSupportLead` otherwise.
    """
    from sophdesk.store import matrix as store

    new = parse_matrix(text)
    with desk.database.writing() as session:
        old, version = store.current(session)
        check_support_lead(old, desk.actor, "import the escalation matrix")
        changes = matrix_changes(old, new)
        if not changes:
            return ImportResult((), version)
        saved = store.save(session, new, desk.actor, desk.clock(), summary(changes))
    return ImportResult(tuple(changes), saved)


def export_matrix(desk: Desk) -> str:
    """The current matrix in the file format (import reads it back unchanged)."""
    return dump_matrix(current_matrix(desk))


def unfilled(desk: Desk) -> list[Unfilled]:
    """The duties nobody holds because their role is unfilled."""
    return unfilled_duties(current_matrix(desk))


def defaults(desk: Desk) -> list[Unfilled]:
    """The duties the matrix in force leaves out, which hold the default role."""
    return defaulted_duties(current_matrix(desk))


def _moment(desk: Desk, at: datetime | None) -> datetime:
    return at if at is not None else desk.clock()


def owner(desk: Desk, severity: Severity, duty: Duty, at: datetime | None = None) -> Holder:
    """Who holds ``duty`` at ``severity`` at ``at`` (default: now)."""
    zone = desk.policy.hours.zone
    return lookup(current_matrix(desk), severity, duty, _moment(desk, at), zone)


def incident_severity(desk: Desk, incident_id: int) -> Severity | None:
    """The incident's severity (None when not assessed); unknown ids raise NotFound."""
    return desk.incident_severity(incident_id)


def route_for(
    desk: Desk,
    signals: Iterable[Signal],
    severity: Severity | None,
    at: datetime | None = None,
) -> tuple[RouteDecision, Holder]:
    """Where the next response goes, and whom to contact for it at ``at`` (default: now)."""
    decision = route(signals)
    moment, zone = _moment(desk, at), desk.policy.hours.zone
    holder = route_owner(current_matrix(desk), decision, severity, moment, zone)
    return decision, holder
