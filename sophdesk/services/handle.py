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
from typing import TYPE_CHECKING, Any, TypeVar

from sophdesk.domain.queue import QueueFilter, QueueRow
from sophdesk.domain.timefmt import utcnow

if TYPE_CHECKING:
    from sophdesk.domain.matrix import Matrix
    from sophdesk.domain.severity import Severity
    from sophdesk.domain.sla import SlaPolicy
    from sophdesk.services.desk import Desk
    from sophdesk.store.migrate import Progress

T = TypeVar("T")


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

    def listing(self, wanted: QueueFilter) -> list[QueueRow]:
        """What :meth:`Desk.listing` gives; read from the file itself while the
        store is not open (unless a search needs it, or the quick read fails)."""
        if self._desk is None and self._ready_file is not None:
            from sophdesk.store import quick

            if quick.can_list(wanted):
                try:
                    return quick.listing(self._ready_file, wanted)
                except quick.QuickReadError:
                    pass  # the full store opens (or explains what is wrong)
        return self.desk.listing(wanted)

    def current_matrix(self) -> Matrix:
        """What :meth:`Desk.current_matrix` gives; from the file while the store is not open."""
        if self._desk is None and self._ready_file is not None:
            from sophdesk.domain.matrix_toml import default_matrix, parse_matrix
            from sophdesk.store import quick

            try:
                text = quick.matrix_toml(self._ready_file)
            except quick.QuickReadError:
                pass
            else:
                return default_matrix() if text is None else parse_matrix(text)
        return self.desk.current_matrix()

    def incident_severity(self, incident_id: int) -> Severity | None:
        """What :meth:`Desk.incident_severity` gives; from the file while the store is not open."""
        if self._desk is None and self._ready_file is not None:
            from sophdesk.domain.errors import NotFound
            from sophdesk.domain.severity import Severity
            from sophdesk.store import quick

            try:
                rank = quick.severity_rank(self._ready_file, incident_id)
            except quick.QuickReadError:
                pass
            else:
                if rank is None:
                    raise NotFound(f"there is no incident #{incident_id}")
                return Severity.from_rank(rank)
        return self.desk.incident_severity(incident_id)

    def close(self) -> None:
        with self._lock:
            if self._desk is not None:
                self._desk.close()


class LazyDesk:
    """A desk for one command: it answers the queue listing from a ready SQLite
    file with the standard library, and opens the full store (SQLAlchemy) the
    first time anything else is asked of it, as :class:`Desk` would answer.

    ``on_open_error`` is called with what opening the store raised (it may exit
    with its own message); the error is raised again if it returns.
    """

    def __init__(
        self,
        handle: DeskHandle,
        on_open_error: Callable[[Exception], None] | None = None,
    ) -> None:
        from sophdesk.domain.sla import default_policy

        self._handle = handle
        self._on_open_error = on_open_error
        self.policy = handle.policy or default_policy()
        self.clock = handle.clock

    @property
    def is_open(self) -> bool:
        return self._handle.is_open

    def listing(self, wanted: QueueFilter) -> list[QueueRow]:
        return self._quick(lambda: self._handle.listing(wanted))

    def current_matrix(self) -> Matrix:
        return self._quick(self._handle.current_matrix)

    def incident_severity(self, incident_id: int) -> Severity | None:
        return self._quick(lambda: self._handle.incident_severity(incident_id))

    def _quick(self, read: Callable[[], T]) -> T:
        try:
            return read()
        except Exception as exc:
            if not self._handle.is_open and self._on_open_error is not None:
                self._on_open_error(exc)
            raise

    def __getattr__(self, name: str) -> Any:
        try:
            desk = self._handle.desk
        except Exception as exc:
            if self._on_open_error is not None:
                self._on_open_error(exc)
            raise
        return getattr(desk, name)

    def close(self) -> None:
        self._handle.close()


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
