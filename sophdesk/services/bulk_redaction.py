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
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ProcessPoolExecutor

from sophdesk.domain.redaction import (
    Assembly,
    KnownSecret,
    Redaction,
    RegionResult,
    RegionRows,
    joined,
    judge_region,
    judge_region_rows,
    redact,
    settled_part,
    split,
)

#: Below this many characters one process is faster than forking.
PARALLEL_FROM = 1_000_000
#: The first region's share above an even one: this process judges it, then writes
#: its part of the text while the workers' findings come back (see
#: :func:`write_redacted_big`); tuned on the 20 MB benchmark files.
FIRST_EXTRA = 0.0

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
    return judge_region_rows(text, start, end, known=known, allow=allow)


def _parallel(text: str, cores: int | None) -> list[tuple[int, int]] | None:
    """The regions to judge ``text`` in on every usable core (at most ``cores``), or
    None when one process should judge it whole."""
    cores = usable_cores() if cores is None else min(cores, usable_cores())
    if (
        cores < 2
        or len(text) < PARALLEL_FROM
        or threading.active_count() > 1  # forking a threaded process may deadlock it
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return None
    regions = split(text, cores, first_share=1 / cores + FIRST_EXTRA)
    return regions if len(regions) >= 2 else None


def _judged(
    text: str,
    regions: list[tuple[int, int]],
    known: Sequence[KnownSecret],
    allow: Collection[str],
    meanwhile: Callable[[RegionResult], None] | None = None,
) -> list[RegionResult | RegionRows] | None:
    """Every region's findings (the workers' as rows): the first judged here while
    forked workers judge the others (``meanwhile`` gets the first region's before
    the others are waited for). None when workers cannot be had."""
    global _JOB
    _JOB = (text, known, allow)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(len(regions) - 1, mp_context=context) as pool:
            pending = [pool.submit(_judge, start, end) for start, end in regions[1:]]
            first = judge_region(text, *regions[0], known=known, allow=allow)
            if meanwhile is not None:
                meanwhile(first)
            return [first, *(f.result() for f in pending)]
    except (OSError, RuntimeError):  # no fork here, a worker died: judge it whole
        return None
    finally:
        _JOB = None


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
    regions = _parallel(text, cores)
    judged = None if regions is None else _judged(text, regions, known, allow)
    if judged is None:
        return redact(text, known=known, allow=allow, positions=positions)
    return redact(text, known=known, allow=allow, regions=judged, positions=positions)


def write_redacted_big(
    text: str,
    write: Callable[[str], None],
    *,
    known: Sequence[KnownSecret] = (),
    allow: Collection[str] = (),
    cores: int | None = None,
) -> None:
    """``write`` the text of :func:`redact_big`, in parts: where it can, the first
    region's settled part is written while the workers still judge the others
    (:func:`sophdesk.domain.redaction.settled_part`). The same text either way."""
    regions = _parallel(text, cores)
    if regions is None:
        write(redact(text, known=known, allow=allow, positions=False).text)
        return
    assembly = Assembly(text)
    early: list[RegionResult] = []
    written = 0

    def write_settled(first: RegionResult) -> None:
        nonlocal written
        done = settled_part(text, first, regions[1][0])
        if done is not None:
            early.append(done)
            part = "".join(assembly.take(done))
            write(part)
            written = len(part)

    judged = _judged(text, regions, known, allow, write_settled)
    if judged is None or not early:
        # A worker failed (the whole text is judged here) or nothing is settled: the
        # text not written yet (the written part is the start of any result).
        whole = redact(text, known=known, allow=allow, regions=judged, positions=False).text
        write(whole[written:])
        return
    parts = assembly.take(joined(judged)[len(early[0]) :])
    parts.append(assembly.rest())
    write("".join(parts))
