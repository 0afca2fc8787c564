"""Fill a database with generated incidents, for demos and benchmarks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import islice

from sophdesk.domain.clocks import Clocks, incident_clocks
from sophdesk.domain.demo_data import DemoIncident, demo_incidents
from sophdesk.domain.lifecycle import Status
from sophdesk.services.desk import Desk
from sophdesk.store.repository import add_demo_incidents

BATCH = 2000


def fill_demo(desk: Desk, count: int, advance: Callable[[int], None] | None = None) -> int:
    """Add ``count`` demo incidents in batches; ``advance`` is told each batch's size."""
    source = demo_incidents(count, desk.clock())
    added = 0
    while added < count:
        batch = list(islice(source, BATCH))
        if not batch:
            break
        now = desk.clock()
        pairs = [(item, _clocks(desk, item, now)) for item in batch]
        with desk.database.writing() as session:
            add_demo_incidents(session, pairs, desk.actor, now)
        added += len(batch)
        if advance is not None:
            advance(len(batch))
    return added


def _clocks(desk: Desk, item: DemoIncident, now: datetime) -> Clocks | None:
    if item.severity is None:
        return None
    changes = [(item.created_at, Status.NEW), (item.created_at, item.status)]
    return incident_clocks(
        desk.policy,
        item.severity,
        item.created_at,
        changes,
        now,
        first_response_at=item.first_response_at,
    )
