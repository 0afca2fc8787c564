"""Fill a database with generated incidents, for demos and benchmarks."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice

from sophdesk.domain.demo_data import demo_incidents
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
        with desk.database.writing() as session:
            add_demo_incidents(session, batch, desk.actor, desk.clock())
        added += len(batch)
        if advance is not None:
            advance(len(batch))
    return added
