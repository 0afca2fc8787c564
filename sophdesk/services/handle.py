"""A desk that may still be opening.

The desk's first screen must not wait for SQLAlchemy to import. A
:class:`DeskHandle` made by :func:`prepare` either holds an open :class:`Desk`
(when the database needs creating or migrating, or is not a plain SQLite file) or
knows the SQLite file is ready and opens the full store on first use, from a
worker thread, while the first screen is read with the standard library.

This module imports nothing heavy; keep it that way (start-up time).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sophdesk.domain.queue import QueueRow
from sophdesk.domain.timefmt import utcnow

if TYPE_CHECKING:
    from sophdesk.domain.sla import SlaPolicy
    from sophdesk.services.desk import Desk
    from sophdesk.store.migrate import Progress


class DeskHandle:
    def __init__(
        self,
        url: str,
        actor: str,
        clock: Callable[[], datetime] = utcnow,
        desk: Desk | None = None,
        ready_file: Path | None = None,
        policy: SlaPolicy | None = None,
    ) -> None:
        self.policy = policy
        self.url = url
        self.actor = actor
        self.clock = clock
        self._desk = desk
        self._ready_file = ready_file
        self._lock = threading.Lock()

    @classmethod
    def of(cls, desk: Desk) -> DeskHandle:
        """A handle on a desk that is already open."""
        return cls(desk.database.url, desk.actor, desk.clock, desk=desk, policy=desk.policy)

    @property
    def is_open(self) -> bool:
        return self._desk is not None

    @property
    def desk(self) -> Desk:
        """The open desk, opening it first if needed (blocks: call from a worker)."""
        with self._lock:
            if self._desk is None:
                from sophdesk.services.desk import Desk

                self._desk = Desk.open(self.url, self.actor, self.clock, policy=self.policy)
            return self._desk

    def first_screen(self, limit: int) -> list[QueueRow] | None:
        """The open queue's first rows without opening the store, or None if the
        store is open already (use it) or the file is not known to be ready."""
        if self._desk is not None or self._ready_file is None:
            return None
        from sophdesk.store import quick

        try:
            return quick.first_screen(self._ready_file, limit)
        except quick.QuickReadError:
            return None  # the full store will open (or explain what is wrong)

    def close(self) -> None:
        with self._lock:
            if self._desk is not None:
                self._desk.close()


def prepare(
    url: str,
    actor: str,
    clock: Callable[[], datetime] = utcnow,
    progress: Progress | None = None,
    policy: SlaPolicy | None = None,
) -> DeskHandle:
    """A handle for ``url``: ready at once if the SQLite file is at the current
    schema; otherwise the desk is opened now, so that creating, migrating or a
    refusal happens (and is reported) before the screen is taken over."""
    from sophdesk.store import files, leftovers, quick

    files.preflight_url(url)
    ready = quick.at_head(url)
    # After an unclean shutdown the full open checks the file first, before the
    # screen is taken over.
    if ready is not None and not leftovers.dead_open_markers(ready):
        return DeskHandle(url, actor, clock, ready_file=ready, policy=policy)
    from sophdesk.services.desk import Desk

    desk = Desk.open(url, actor, clock, progress=progress, policy=policy)
    return DeskHandle(url, actor, clock, desk=desk, policy=policy)
