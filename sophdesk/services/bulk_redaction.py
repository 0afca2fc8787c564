"""Redacting a big text on every core: ``sophdesk redact`` on a 20 MB log.

The engine is pure Python and CPU-bound, so one process uses one core. A text of
:data:`PARALLEL_FROM` characters or more is cut into regions (after blank lines,
see :func:`sophdesk.domain.redaction.split`); this process judges the first
region while worker processes judge the others, each with 64 KB of context
either side, and the regions' findings are joined here, where the placeholders
are numbered over the whole text (so the same value still gets the same
placeholder everywhere). The result is the same as judging the text whole.

The workers are a :class:`concurrent.futures.ProcessPoolExecutor` in the fork
context: they inherit the text and the imported engine (set in this module before
the pool forks them), so only a region's bounds go in and its findings (plain
tuples) come back. Forked, not spawned: nothing big is pickled on the way in and
a worker starts in milliseconds. Only for a process without threads (the CLI):
the pool forks its workers before it starts its own thread; the desk, which runs
threads, redacts in one process. Wherever fork is missing or fails, or a worker
dies, the text is judged here, whole.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

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
    per region a worker judges (our own children, never a file)."""

    def __init__(self, source: KnownSource) -> None:
        self._source = source
        self._got: Sequence[KnownSecret] | None = None
        self._to_workers: list[int] = []
        self._theirs: list[int] = []  # the workers' ends, closed here once they forked

    def pipe(self) -> int:
        """A pipe to a region's worker: its end (ours is kept)."""
        read_end, write_end = os.pipe()
        self._to_workers.append(write_end)
        self._theirs.append(read_end)
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
                except OSError:  # that worker is gone: its region's result tells
                    pass
            self._to_workers = []
        return self._got

    def ours(self) -> list[int]:
        return list(self._to_workers)

    def forked(self) -> None:
        """The workers hold their ends now: close this process's copies."""
        for read_end in self._theirs:
            with contextlib.suppress(OSError):
                os.close(read_end)
        self._theirs = []

    def close(self) -> None:
        """Close the pipes not written yet (this process is giving up)."""
        self.forked()
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


# What the workers judge: set here before the pool forks them (inherited, never sent).
_TEXT = ""
_ALLOW: Collection[str] = ()


def _close_in_worker(write_ends: list[int]) -> None:
    """A worker's start: close the pipes' ends this process writes (so that each
    worker's end sees its end of data once this process has written)."""
    for fd in write_ends:
        with contextlib.suppress(OSError):
            os.close(fd)


#: A worker writes a byte here as it starts on its region (see :func:`_started`).
_STARTED = -1


def _judge_in_worker(start: int, end: int, known_end: int) -> RegionRows:
    with contextlib.suppress(OSError):
        os.write(_STARTED, b"s")
    return judge_region_rows(_TEXT, start, end, known=_received(known_end), allow=_ALLOW)


def _started(read_end: int, futures: Sequence[Future[RegionRows]]) -> None:
    """Wait until every worker has started on its region. A region reaches its worker
    through two of the pool's threads; this process, judging its own region, would
    keep them from the interpreter for up to seconds (long ``re`` and hyperscan
    calls hold it): waiting here, a few milliseconds, lets them hand it over now."""
    import select

    count = 0
    while count < len(futures):
        ready, _, _ = select.select([read_end], [], [], 0.05)
        if ready:
            count += len(os.read(read_end, len(futures) - count))
        elif any(f.done() for f in futures):  # a worker failed before it started
            return


def _pool(workers: int, relay: _KnownRelay) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_close_in_worker,
        initargs=(relay.ours(),),
    )


def _stop(pool: ProcessPoolExecutor | None) -> None:
    """Stop the workers, their answers unread, reap them and close the pool's pipes
    (also when it could not fork them all)."""
    if pool is None:
        return
    processes = dict(getattr(pool, "_processes", None) or {})
    for pid in processes:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    call_queue = getattr(pool, "_call_queue", None)
    wakeup = getattr(pool, "_executor_manager_thread_wakeup", None)
    started = getattr(pool, "_executor_manager_thread", None) is not None
    pool.shutdown(wait=True, cancel_futures=True)
    if not started:  # (the pool's own thread closes these when it ran)
        for end in ("_reader", "_writer"):  # (its close() is its feeder thread's)
            with contextlib.suppress(Exception):
                getattr(call_queue, end).close()
        with contextlib.suppress(Exception):
            wakeup.close()  # type: ignore[union-attr]


def _open_files() -> set[int] | None:
    """This process's open descriptors, where the system lists them."""
    try:
        listed = [int(fd) for fd in os.listdir("/proc/self/fd")]
    except OSError:
        return None
    found: set[int] = set()
    for fd in listed:  # (the listing's own descriptor is closed again: left out)
        with contextlib.suppress(OSError):
            os.fstat(fd)
            found.add(fd)
    return found


def _close_new_files(before: set[int] | None) -> None:
    """Close what was opened since ``before``: the pool's pipes to a worker that
    could not be forked (``multiprocessing`` leaves them open when fork fails). Only
    here, where no other thread runs: whatever is new is the pool's."""
    now = _open_files()
    if before is None or now is None:
        return
    for fd in now - before:
        with contextlib.suppress(OSError):
            os.close(fd)


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
    the pool's workers judge the others (``meanwhile`` gets the first region's before
    the others are waited for); None when a worker could not be had or failed.
    And the known secrets, got when first needed (``known`` may be a call)."""
    global _TEXT, _ALLOW, _STARTED
    relay = _KnownRelay(known)
    pool: ProcessPoolExecutor | None = None
    futures: list[Future[RegionRows]] = []
    try:
        opened = _open_files()
        started_read, started_write = os.pipe()
        _TEXT, _ALLOW, _STARTED = text, allow, started_write
        try:
            ends = [relay.pipe() for _ in regions[1:]]
            pool = _pool(len(regions) - 1, relay)
            for (start, end), known_end in zip(regions[1:], ends, strict=True):
                futures.append(pool.submit(_judge_in_worker, start, end, known_end))
        except OSError:  # no fork here (out of processes or memory)
            relay.close()  # (nothing may wait on a pipe nobody reads)
            _stop(pool)
            pool = None
            _close_new_files(opened)  # (the started pipe too)
            return None, relay()
        finally:
            _TEXT, _ALLOW, _STARTED = "", (), -1  # (the workers have their copy)
            relay.forked()
        os.close(started_write)
        try:
            _started(started_read, futures)
        finally:
            os.close(started_read)
        first = judge_region(text, *regions[0], known=relay, allow=allow)
        secrets = relay()  # (got already, unless the text held nothing to judge)
        if meanwhile is not None:
            meanwhile(first)
        judged: list[RegionResult | RegionRows] = [first]
        for future in futures:
            try:
                rows = future.result()
            except Exception:  # a worker died (BrokenProcessPool) or raised
                return None, secrets
            judged.append(rows)
        return judged, secrets
    finally:  # done, or given up half-way (an error, a closed output): stop the workers
        relay.close()
        if pool is not None:
            if all(f.done() and not f.cancelled() and f.exception() is None for f in futures):
                pool.shutdown(wait=True)
            else:
                _stop(pool)


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
