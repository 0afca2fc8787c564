"""Reads and writes of incidents and events, on a session the caller owns."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from sophdesk.domain.clocks import Clocks
from sophdesk.domain.demo_data import DemoIncident, demo_changes
from sophdesk.domain.errors import NotFound
from sophdesk.domain.incident import Event, EventKind, Incident, NewIncident
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueFilter, QueueRow, search_terms
from sophdesk.store import search
from sophdesk.store.convert import to_event, to_incident, to_queue_row
from sophdesk.store.errors import StaleVersion as StaleVersion  # raised here
from sophdesk.store.sequences import reset_id_sequences
from sophdesk.store.tables import EventRow, IncidentRow

_I = IncidentRow.__table__  # type: ignore[attr-defined]
_E = EventRow.__table__  # type: ignore[attr-defined]

_QUEUE_COLUMNS = (
    _I.c.id,
    _I.c.title,
    _I.c.customer,
    _I.c.status,
    _I.c.severity_rank,
    _I.c.sla_due_at,
    _I.c.owner,
    _I.c.created_at,
    _I.c.sla_clock,
    _I.c.sla_target_seconds,
    _I.c.version,
)
# Incidents without a due time come after those with one (SQL sorts NULL first):
# the same rule as domain.queue.urgency_key.
_QUEUE_ORDER = (
    _I.c.severity_rank,
    _I.c.sla_due_at.is_(None),
    _I.c.sla_due_at,
    _I.c.created_at,
    _I.c.id,
)


def _shown(value: object) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def stale_version(
    session: Session,
    incident_id: int,
    expected: int,
    wanted: Mapping[str, object] | None = None,
) -> StaleVersion:
    """The conflict to raise when a change based on version ``expected`` finds the
    incident at another version: it names both versions, what the other desk
    did, and for each field the change wanted, both values."""
    current = get_incident(session, incident_id)
    newest = events(session, incident_id)[-max(1, min(3, current.version - expected)) :]
    did = "; ".join(
        f"{e.actor} {e.kind.value}"
        + (f" {e.field}" if e.field and e.field != e.kind.value else "")
        + (f" {e.before} -> {e.after}" if e.field == "status" else "")
        for e in newest
    )
    parts = [
        f"incident #{incident_id} was changed by someone else meanwhile: your change was"
        f" based on version {expected}, it is now version {current.version} ({did})"
    ]
    for name, value in (wanted or {}).items():
        now = getattr(current, name, None)
        if now != value:
            parts.append(f"{name}: yours {_shown(value)}, now {_shown(now)}")
    parts.append("nothing was written; reload it, merge your change and try again")
    return StaleVersion("; ".join(parts), expected=expected, current=current, since=tuple(newest))


def check_version(
    session: Session,
    incident: Incident,
    expected_version: int | None,
    wanted: Mapping[str, object] | None = None,
) -> None:
    """Refuse (:class:`StaleVersion`) a change based on ``expected_version`` when
    ``incident`` (read in this write transaction) is at another version. None: the
    caller read the incident in this transaction, nothing to check."""
    if expected_version is not None and incident.version != expected_version:
        raise stale_version(session, incident.id, expected_version, wanted)


def queue_ids(session: Session, wanted: QueueFilter) -> list[int]:
    """Ids of the incidents ``wanted`` selects, most urgent first."""
    stmt = select(_I.c.id)
    if wanted.shows_open_queue:
        stmt = stmt.where(_I.c.is_open == True)  # noqa: E712 (an index lookup, not IS)
    elif set(wanted.statuses) != set(Status):
        stmt = stmt.where(_I.c.status.in_([s.value for s in wanted.statuses]))
    if wanted.severities:
        ranks = sorted({0 if s is None else s.rank for s in wanted.severities})
        stmt = stmt.where(_I.c.severity_rank.in_(ranks))
    terms = search_terms(wanted.search)
    if terms:
        stmt = stmt.where(search.matching(session, terms))
    stmt = stmt.order_by(*_QUEUE_ORDER)
    if wanted.limit is not None:
        stmt = stmt.limit(wanted.limit)
    return list(session.connection().execute(stmt).scalars())


def queue_rows(session: Session, ids: Sequence[int]) -> list[QueueRow]:
    """The rows for ``ids``, in the order given (missing ids are left out)."""
    if not ids:
        return []
    found: dict[int, QueueRow] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        for values in session.execute(select(*_QUEUE_COLUMNS).where(_I.c.id.in_(chunk))):
            row = to_queue_row(values)
            found[row.id] = row
    return [found[i] for i in ids if i in found]


def count_incidents(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(_I)).scalar_one())


def get_row(session: Session, incident_id: int) -> IncidentRow:
    row = session.get(IncidentRow, incident_id)
    if row is None:
        raise NotFound(f"there is no incident #{incident_id}")
    return row


def get_incident(session: Session, incident_id: int) -> Incident:
    return to_incident(get_row(session, incident_id))


def events(session: Session, incident_id: int) -> list[Event]:
    stmt = select(EventRow).where(EventRow.incident_id == incident_id).order_by(EventRow.id)  # type: ignore[arg-type]
    return [to_event(row) for row in session.execute(stmt).scalars()]


def add_incident(
    session: Session, new: NewIncident, actor: str, now: datetime, *, body_raw: bool = False
) -> Incident:
    row = IncidentRow(
        title=new.title,
        customer=new.customer,
        body=new.body,
        body_raw=body_raw,
        status=Status.NEW.value,
        is_open=True,
        severity_rank=0,
        created_at=now,
        updated_at=now,
        created_by=actor,
        version=1,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    note = "body kept raw (unredacted) by the operator" if body_raw else None
    add_event(session, row.id, actor, now, EventKind.CREATED, after=Status.NEW.value, note=note)
    return to_incident(row)


def add_event(
    session: Session,
    incident_id: int,
    actor: str,
    at: datetime,
    kind: EventKind,
    *,
    field: str | None = None,
    before: str | None = None,
    after: str | None = None,
    note: str | None = None,
) -> None:
    session.add(
        EventRow(
            incident_id=incident_id,
            at=at,
            actor=actor,
            kind=kind.value,
            field=field,
            before=before,
            after=after,
            note=note,
        )
    )


def set_status(
    session: Session,
    incident: Incident,
    new: Status,
    actor: str,
    now: datetime,
    note: str | None,
    *,
    expected_version: int | None = None,
) -> None:
    """Write a status change the caller has checked, refusing a stale version
    (``expected_version``: the version the operator saw, when not read here)."""
    check_version(session, incident, expected_version, {"status": new})
    result = session.execute(
        update(_I)
        .where(_I.c.id == incident.id, _I.c.version == incident.version)
        .values(
            status=new.value,
            is_open=new.is_open,
            updated_at=now,
            version=incident.version + 1,
        )
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise stale_version(session, incident.id, incident.version, {"status": new})
    add_event(
        session,
        incident.id,
        actor,
        now,
        EventKind.STATUS,
        field="status",
        before=incident.status.value,
        after=new.value,
        note=note,
    )


def add_demo_incidents(
    session: Session,
    batch: Iterable[tuple[DemoIncident, Clocks | None]],
    actor: str,
    now: datetime,
) -> int:
    """Insert demo incidents in bulk, each with its creation (and status) event and
    the SLA clocks the caller computed."""
    pairs = list(batch)
    items = [item for item, _ in pairs]
    if not items:
        return 0
    start = int(session.execute(select(func.coalesce(func.max(_I.c.id), 0))).scalar_one()) + 1
    incident_values = []
    event_values = []
    for offset, (item, clocks) in enumerate(pairs):
        incident_id = start + offset
        nearest = clocks.next if clocks is not None else None
        due = clocks.due if clocks is not None else None
        incident_values.append(
            {
                "id": incident_id,
                "title": item.title,
                "customer": item.customer,
                "body": item.body,
                "status": item.status.value,
                "is_open": item.status.is_open,
                "severity_rank": 0 if item.severity is None else item.severity.rank,
                "sla_due_at": nearest.due if nearest else None,
                "sla_clock": nearest.name.value if nearest else None,
                "sla_target_seconds": int(nearest.target.total_seconds()) if nearest else None,
                "first_response_due": due.first_response_due if due else None,
                "next_update_due": due.next_update_due if due else None,
                "resolution_due": due.resolution_due if due else None,
                "owner": item.owner,
                "first_response_at": item.first_response_at,
                "created_at": item.created_at,
                "updated_at": item.created_at,
                "created_by": actor,
                "version": 1,
            }
        )
        event_values.append(
            {
                "incident_id": incident_id,
                "at": item.created_at,
                "actor": actor,
                "kind": EventKind.CREATED.value,
                "field": None,
                "before": None,
                "after": Status.NEW.value,
                "note": "demo data",
            }
        )
        history = demo_changes(item, now)
        for (_, before), (at, after) in itertools.pairwise(history):
            event_values.append(
                {
                    "incident_id": incident_id,
                    "at": at,
                    "actor": actor,
                    "kind": EventKind.STATUS.value,
                    "field": "status",
                    "before": before.value,
                    "after": after.value,
                    "note": "demo data",
                }
            )
    session.execute(insert(_I), incident_values)
    session.execute(insert(_E), event_values)
    # Ids given explicitly do not move PostgreSQL's sequence: move it past them.
    reset_id_sequences(session.connection(), [_I])
    return len(items)
