"""Every text stored for one incident, to remove a value learnt after it was stored.

What an incident stores as text: its fields (the body unless it is kept raw), the
notes and values of its events, its log excerpts, its evidence, the override
reasons of its assessments and the triage wizard's draft for it. A value the
redactor learns later (a password labelled only in a later note) is removed from
all of them; this module reads and rewrites them, the caller decides what.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sophdesk.store.tables import (
    AssessmentRow,
    DraftRow,
    EventRow,
    EvidenceRow,
    IncidentRow,
    LogExcerptRow,
)

_INCIDENT_TEXT = ("title", "customer", "owner", "impact", "workaround", "follow_up", "body")


@dataclass(frozen=True, slots=True)
class StoredText:
    """One stored text: which table, which row (its key columns), which column."""

    table: Any
    where: tuple[tuple[str, Any], ...]
    column: str
    text: str


def _rows(
    session: Session, table: Any, keys: tuple[str, ...], columns: tuple[str, ...], *cond: Any
) -> Iterator[StoredText]:
    chosen = [table.c[k] for k in keys] + [table.c[c] for c in columns]
    for row in session.execute(select(*chosen).where(*cond)):
        where = tuple(zip(keys, row[: len(keys)], strict=True))
        for column, value in zip(columns, row[len(keys) :], strict=True):
            if value:
                yield StoredText(table, where, column, str(value))


def stored_texts(session: Session, incident_id: int) -> Iterator[StoredText]:
    """Every text stored for ``incident_id`` (a body kept raw left out)."""
    i = IncidentRow.__table__  # type: ignore[attr-defined]
    raw = session.execute(select(i.c.body_raw).where(i.c.id == incident_id)).scalar()
    fields = tuple(c for c in _INCIDENT_TEXT if not (raw and c == "body"))
    yield from _rows(session, i, ("id",), fields, i.c.id == incident_id)
    e = EventRow.__table__  # type: ignore[attr-defined]
    yield from _rows(
        session, e, ("id",), ("actor", "before", "after", "note"), e.c.incident_id == incident_id
    )
    x = LogExcerptRow.__table__  # type: ignore[attr-defined]
    yield from _rows(session, x, ("id",), ("text", "label"), x.c.incident_id == incident_id)
    v = EvidenceRow.__table__  # type: ignore[attr-defined]
    yield from _rows(
        session,
        v,
        ("incident_id", "key"),
        ("value", "unknown_reason"),
        v.c.incident_id == incident_id,
    )
    a = AssessmentRow.__table__  # type: ignore[attr-defined]
    yield from _rows(session, a, ("id",), ("override_reason",), a.c.incident_id == incident_id)
    d = DraftRow.__table__  # type: ignore[attr-defined]
    yield from _rows(session, d, ("key",), ("payload",), d.c.key == f"assess:{incident_id}")


def rewrite(session: Session, stored: StoredText, text: str) -> None:
    """Store ``text`` in place of ``stored`` (no version bump: nobody's edit)."""
    table = stored.table
    cond = [table.c[k] == v for k, v in stored.where]
    session.execute(update(table).where(*cond).values({stored.column: text}))
