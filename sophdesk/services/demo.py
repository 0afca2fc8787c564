"""Fill a database with generated incidents, for demos and benchmarks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import islice

from sophdesk.domain.clocks import Clocks, incident_clocks, triage_clocks
from sophdesk.domain.demo_data import DemoIncident, demo_changes, demo_incidents, demo_matrix_text
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
    changes = demo_changes(item, now)
    if item.severity is None:
        return triage_clocks(desk.policy, item.created_at, changes, now)
    return incident_clocks(
        desk.policy,
        item.severity,
        item.created_at,
        changes,
        now,
        first_response_at=item.first_response_at,
    )


def fill_demo_matrix(desk: Desk) -> None:
    """Fill every role with the demo team (only where no matrix was imported yet)."""
    from sophdesk.domain.matrix_toml import default_matrix_text
    from sophdesk.services.matrix import history, import_matrix

    if history(desk):
        return
    import_matrix(desk, demo_matrix_text(default_matrix_text(), desk.clock()))
