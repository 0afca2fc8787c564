"""Redacting a big text on every core: ``sophdesk redact`` on a 20 MB log.

The engine is pure Python and CPU-bound, so one process uses one core. A text of
:data:`PARALLEL_FROM` characters or more is cut into regions (after blank lines,
see :func:`sophdesk.domain.redaction.split`); this process judges the first
region while forked worker processes judge the others, each with 64 KB of
context either side, and the regions' findings are joined here, where the
placeholders are numbered over the whole text (so the same value still gets the
same placeholder everywhere). The result is the same as judging the text whole.

Forked, not spawned: the workers inherit the text and the imported engine, so
nothing is pickled on the way in and a worker starts in milliseconds; each sends
its findings back through a pipe (plain tuples, pickled: our own child) and
exits. A bare ``os.fork``, not a process pool: that would import
``multiprocessing`` and ``concurrent.futures`` first (~25 ms of a 2 s run) and
run a manager thread. Only for a process without threads (the CLI): the desk,
which runs threads, redacts in one process. Wherever fork is missing or fails,
or a worker dies, the text is judged here, whole.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from collections.abc import Callable, Collection, Sequence

from sophdesk.domain.redaction import (
    Assembly,
    KnownSecret,
    KnownSource,
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
from sophdesk.services.forked import Forked, fork_call

#: Below this many characters one process is faster than forking.
PARALLEL_FROM = 1_000_000
#: The first region's share above an even one: this process judges it, then writes
#: its part of the text while the workers' findings come back (see
#: :func:`write_redacted_big`); tuned on the 20 MB benchmark files.
FIRST_EXTRA = 0.0


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class _KnownRelay:
    """Known secrets that may still be on their way (the keyring is read in another
    process meanwhile): asked for when the engine first needs them, in this process
    and in each worker. This process gets them and sends them on, through a pipe
    per worker (our own children, never a file)."""

    def __init__(self, source: KnownSource) -> None:
        self._source = source
        self._got: Sequence[KnownSecret] | None = None
        self._to_workers: list[int] = []

    def pipe(self) -> int:
        """A pipe to a worker to be forked: its end (ours is kept)."""
        read_end, write_end = os.pipe()
        self._to_workers.append(write_end)
        return read_end

    def __call__(self) -> Sequence[KnownSecret]:
        if self._got is None:
            source = self._source
            self._got = tuple(source() if callable(source) else source)
            payload = pickle.dumps([(k.name, k.value) for k in self._got])
            for write_end in self._to_workers:
                try:
                    with os.fdopen(write_end, "wb") as out:
                        out.write(payload)
                except OSError:  # that worker is gone: _judged finds out
                    pass
            self._to_workers = []
        return self._got

    def ours(self) -> list[int]:
        return list(self._to_workers)

    def drop_last(self) -> None:
        """Close the pipe :meth:`pipe` made last (its worker was not forked)."""
        os.close(self._to_workers.pop())

    def close(self) -> None:
        """Close the pipes not written yet (this process is giving up)."""
        for write_end in self._to_workers:
            with contextlib.suppress(OSError):
                os.close(write_end)
        self._to_workers = []


def _received(read_end: int) -> Callable[[], Sequence[KnownSecret]]:
    """In a worker: the known secrets this process sends on (see :class:`_KnownRelay`)."""

    def known() -> Sequence[KnownSecret]:
        with os.fdopen(read_end, "rb") as source:
            pairs = pickle.loads(source.read())  # from our own parent, through a pipe
        return [KnownSecret(name, value) for name, value in pairs]

    return known


def _fork_judge(
    text: str, start: int, end: int, relay: _KnownRelay, allow: Collection[str]
) -> Forked:
    """A forked child judging ``[start, end)`` of ``text``; its rows come back."""
    known_end = relay.pipe()
    try:
        child = fork_call(
            lambda: judge_region_rows(text, start, end, known=_received(known_end), allow=allow),
            close_in_child=relay.ours(),  # so that each pipe's end is seen
        )
    except OSError:  # no worker: nothing of it is left open
        relay.drop_last()
        raise
    finally:
        os.close(known_end)  # (the child has its own)
    return child


def _rows(child: Forked) -> RegionRows | None:
    rows = child.result()
    return rows if isinstance(rows, list) else None


def _parallel(text: str, cores: int | None) -> list[tuple[int, int]] | None:
    """The regions to judge ``text`` in on every usable core (at most ``cores``), or
    None when one process should judge it whole."""
    cores = usable_cores() if cores is None else min(cores, usable_cores())
    if (
        cores < 2
        or len(text) < PARALLEL_FROM
        or threading.active_count() > 1  # forking a threaded process may deadlock it
        or not hasattr(os, "fork")
    ):
        return None
    regions = split(text, cores, first_share=1 / cores + FIRST_EXTRA)
    return regions if len(regions) >= 2 else None


def _judged(
    text: str,
    regions: list[tuple[int, int]],
    known: KnownSource,
    allow: Collection[str],
    meanwhile: Callable[[RegionResult], None] | None = None,
) -> tuple[list[RegionResult | RegionRows] | None, Sequence[KnownSecret]]:
    """Every region's findings (the workers' as rows): the first judged here while
    forked workers judge the others (``meanwhile`` gets the first region's before
    the others are waited for); None when a worker could not be had or failed.
    And the known secrets, got when first needed (``known`` may be a call)."""
    relay = _KnownRelay(known)
    children: list[Forked] = []
    try:
        try:
            for start, end in regions[1:]:
                children.append(_fork_judge(text, start, end, relay, allow))
        except OSError:  # no fork here (out of processes or memory)
            secrets = relay()
            while children:
                children.pop().result()
            return None, secrets
        first = judge_region(text, *regions[0], known=relay, allow=allow)
        secrets = relay()  # (got already, unless the text held nothing to judge)
        if meanwhile is not None:
            meanwhile(first)
        judged: list[RegionResult | RegionRows] = [first]
        failed = False
        while children:
            rows = _rows(children.pop(0))
            failed = failed or rows is None
            judged.append(rows or [])
        return (None if failed else judged), secrets
    finally:  # given up half-way (an error, a closed output): stop the workers
        relay.close()
        for child in children:
            child.abandon()


def redact_big(
    text: str,
    *,
    known: KnownSource = (),
    allow: Collection[str] = (),
    positions: bool = True,
    cores: int | None = None,
) -> Redaction:
    """:func:`sophdesk.domain.redaction.redact` on every usable core (at most ``cores``)
    when ``text`` is big and this process runs no other thread. ``known`` may be a
    call that gives the known secrets: made when the engine first needs them."""
    regions = _parallel(text, cores)
    if regions is None:
        secrets = known() if callable(known) else known
        return redact(text, known=secrets, allow=allow, positions=positions)
    judged, secrets = _judged(text, regions, known, allow)
    return redact(text, known=secrets, allow=allow, regions=judged, positions=positions)


def write_redacted_big(
    text: str,
    write: Callable[[str], None],
    *,
    known: KnownSource = (),
    allow: Collection[str] = (),
    cores: int | None = None,
) -> None:
    """``write`` the text of :func:`redact_big`, in parts: where it can, the first
    region's settled part is written while the workers still judge the others
    (:func:`sophdesk.domain.redaction.settled_part`). The same text either way."""
    regions = _parallel(text, cores)
    if regions is None:
        secrets = known() if callable(known) else known
        write(redact(text, known=secrets, allow=allow, positions=False).text)
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

    judged, secrets = _judged(text, regions, known, allow, write_settled)
    if judged is None or not early:
        # A worker failed (the whole text is judged here) or nothing is settled: the
        # text not written yet (the written part is the start of any result).
        whole = redact(text, known=secrets, allow=allow, regions=judged, positions=False).text
        write(whole[written:])
        return
    parts = assembly.take(joined(judged)[len(early[0]) :])
    parts.append(assembly.rest())
    write("".join(parts))
