"""The desk's change watch: one plain thread that reloads what is on screen when
another process (or this one) wrote, and moves unanswered pages on."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from sophdesk.services.errors import StoreError

if TYPE_CHECKING:
    from sophdesk.tui.app import SophdeskApp

#: How often the desk asks the database whether anyone changed it (seconds).
POLL_SECONDS = 1.0
#: How often the desk moves unanswered pages on (backup, then support lead).
SWEEP_SECONDS = 10.0


class ChangeWatch:
    def __init__(self, app: SophdeskApp) -> None:
        self.app = app
        self._stop = threading.Event()
        self._sweeping = True

    def start(self) -> None:
        threading.Thread(target=self._run, name="sophdesk-watch", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        """Reload what is on screen when another process (or this one) wrote.

        One plain thread for the whole session (not a Textual worker: it never
        finishes). On SQLite it asks the database every second (a counter read
        that touches no table, so an idle desk costs next to nothing); on
        PostgreSQL it waits on LISTEN/NOTIFY and wakes as soon as a desk commits.
        """
        app = self.app
        token: int | None = None
        next_sweep = 0.0
        try:
            while not self._stop.wait(0 if token is not None else POLL_SECONDS):
                if not app.handle.is_open:
                    continue  # the first load opens the store; first paint goes first
                if self._sweeping and time.monotonic() >= next_sweep:
                    next_sweep = time.monotonic() + SWEEP_SECONDS
                    self._sweep()
                current = (
                    app.desk.change_token()
                    if token is None
                    else app.desk.wait_for_change(POLL_SECONDS)
                )
                if self._stop.is_set():
                    break
                if token is None:
                    # Anything written between the first load and now is shown too.
                    token = current
                    app.call_from_thread(app.data_changed.publish, None)
                elif current != token:
                    token = current
                    app.call_from_thread(app.data_changed.publish, None)
        except StoreError as error:
            if not self._stop.is_set() and app.is_running:
                app.call_from_thread(app.watch_failed, error)
        except Exception as error:
            # After the app closed (or its desk was closed) there is nobody to tell.
            if not self._stop.is_set() and app.is_running:
                app.call_from_thread(app.watch_failed, StoreError(f"change watch failed: {error}"))

    def _sweep(self) -> None:
        """Move unanswered pages on (from the watcher thread); say what moved."""
        app = self.app
        from sophdesk.services.escalation import sweep

        try:
            moved = sweep(app.desk)
        except StoreError as error:
            # A read-only or busy database: keep watching, stop sweeping, say it once.
            self._sweeping = False
            if not self._stop.is_set() and app.is_running:
                message = f"Pages cannot move on by themselves: {error.message}"
                app.call_from_thread(app.notify_plain, message, "warning")
            return
        for incident_id, step in moved:
            if not self._stop.is_set() and app.is_running:
                message = f"#{incident_id}: {step.reason}"
                app.call_from_thread(app.notify_plain, message, "warning")
