"""Candidate rows for "breached" and "at risk": a cheap SQL superset of the queue.

The exact SLA state of each candidate is decided afterwards by the domain
(:func:`sophdesk.domain.clocks.row_reading`); these bounds only keep the read small.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueRow
from sophdesk.store.convert import to_queue_row
from sophdesk.store.tables import IncidentRow

#: Beyond this many distinct stored targets one bound (the longest) serves them all.
_MAX_BOUNDS = 64


def sla_candidates(
    session: Session,
    now: datetime,
    *,
    breached: bool,
    at_risk: bool,
    latest_at_risk: Callable[[int], datetime],
    slack: timedelta,
) -> dict[int, QueueRow]:
    """Open incidents with a clock running (assessed, or a triage clock) and a due
    time past (``breached``) or within reach of "at risk" for their own target
    length (``at_risk``); a superset, never less.

    ``latest_at_risk(seconds)`` is the latest due time a clock of that target length
    can be at risk at ``now`` (the caller knows the policy's business hours).
    """
    table = IncidentRow.__table__  # type: ignore[attr-defined]
    due = table.c.sla_due_at
    running = (
        (table.c.is_open == True)  # noqa: E712 (the queue index)
        & ((table.c.severity_rank > 0) | (table.c.sla_clock == "triage"))
        & due.is_not(None)
        & (table.c.sla_target_seconds > 0)
    )
    wanted = [due <= now + slack] if breached else []
    if at_risk:
        targets = sorted(
            int(t)
            for t in session.execute(
                select(table.c.sla_target_seconds).distinct().where(running)
            ).scalars()
        )
        waiting = [Status.WAITING_CUSTOMER.value, Status.WAITING_VENDOR.value]
        ticking = table.c.status.not_in(waiting) & (due >= now - slack)
        if len(targets) > _MAX_BOUNDS:
            wanted.append(ticking & (due <= latest_at_risk(targets[-1])))
        else:
            for seconds in targets:
                latest = latest_at_risk(seconds)
                wanted.append(ticking & (table.c.sla_target_seconds == seconds) & (due <= latest))
    columns = (  # what ``to_queue_row`` reads, in its order
        table.c.id,
        table.c.title,
        table.c.customer,
        table.c.status,
        table.c.severity_rank,
        due,
        table.c.owner,
        table.c.created_at,
        table.c.sla_clock,
        table.c.sla_target_seconds,
    )
    stmt = select(*columns).where(running, or_(false(), *wanted))
    rows = (to_queue_row(values) for values in session.connection().execute(stmt))
    return {row.id: row for row in rows}
