"""Redacting a big text on every core: ``sophdesk redact`` on a 20 MB log.

The engine is pure Python and CPU-bound, so one process uses one core. A text of
:data:`PARALLEL_FROM` characters or more is cut into regions (after blank lines,
see :func:`sophdesk.domain.redaction.split`); this process judges the first
region while forked worker processes judge the others, each with 64 KB of
context either side, and the regions' findings are joined here, where the
placeholders are numbered over the whole text (so the same value still gets the
same placeholder everywhere). The result is the same as judging the text whole.

Forked, not spawned: the workers inherit the text and the imported engine, so
nothing is pickled on the way in and a worker starts in milliseconds. Only for
a process without threads (the CLI): the desk, which runs threads, redacts in
one process. Wherever fork is missing or fails, the text is judged here, whole.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Collection, Sequence
from concurrent.futures import ProcessPoolExecutor

from sophdesk.domain.redaction import (
    KnownSecret,
    Redaction,
    RegionRows,
    judge_region,
    redact,
    region_from_rows,
    region_rows,
    split,
)

#: Below this many characters one process is faster than forking.
PARALLEL_FROM = 1_000_000
#: The first region's share above an even one (see :func:`redact_big`).
FIRST_EXTRA = 0.02

# What the forked workers judge (inherited through fork, never pickled).
_JOB: tuple[str, Sequence[KnownSecret], Collection[str]] | None = None


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _judge(start: int, end: int) -> RegionRows:
    assert _JOB is not None
    text, known, allow = _JOB
    return region_rows(judge_region(text, start, end, known=known, allow=allow))


def redact_big(
    text: str,
    *,
    known: Sequence[KnownSecret] = (),
    allow: Collection[str] = (),
    positions: bool = True,
    cores: int | None = None,
) -> Redaction:
    """:func:`sophdesk.domain.redaction.redact` on every usable core (at most ``cores``)
    when ``text`` is big and this process runs no other thread."""
    cores = usable_cores() if cores is None else min(cores, usable_cores())
    if (
        cores < 2
        or len(text) < PARALLEL_FROM
        or threading.active_count() > 1  # forking a threaded process may deadlock it
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return redact(text, known=known, allow=allow, positions=positions)
    # This process judges the first region: a little more than an even share, as
    # the workers' findings take a while to come back (measured: 2% of the text).
    regions = split(text, cores, first_share=1 / cores + FIRST_EXTRA)
    if len(regions) < 2:
        return redact(text, known=known, allow=allow, positions=positions)
    global _JOB
    _JOB = (text, known, allow)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(len(regions) - 1, mp_context=context) as pool:
            pending = [pool.submit(_judge, start, end) for start, end in regions[1:]]
            first = judge_region(text, *regions[0], known=known, allow=allow)
            judged = [first, *(region_from_rows(f.result()) for f in pending)]
    except (OSError, RuntimeError):  # no fork here, a worker died: judge it whole
        return redact(text, known=known, allow=allow, positions=positions)
    finally:
        _JOB = None
    return redact(text, known=known, allow=allow, regions=judged, positions=positions)
