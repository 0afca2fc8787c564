"""Helpers for driving the real app with Textual's Pilot."""

from __future__ import annotations

import asyncio
import contextlib
import unicodedata
import weakref
from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from desk_testing import frozen_clock
from textual import events
from textual.app import App
from textual.keys import ASCII_KEY_NAMES, KEY_NAME_REPLACEMENTS
from textual.pilot import Pilot
from textual.worker import Worker, WorkerCancelled, WorkerState

from sophdesk.config import Settings
from sophdesk.services.desk import Desk
from sophdesk.tui.app import SophdeskApp, make_app
from sophdesk.tui.flows.base import FLOW_GROUP
from sophdesk.tui.screens.queue import QueueScreen


def desk_app(desk: Desk, theme: str | None = None) -> SophdeskApp:
    app = make_app(desk, Settings(), theme=theme, clock=frozen_clock)
    record_notifications(app)
    return app


#: What each app under test was told to say, in order (see ``record_notifications``).
_SAID: weakref.WeakKeyDictionary[App[Any], list[str]] = weakref.WeakKeyDictionary()


def record_notifications(app: App[Any]) -> None:
    """Keep every message given to ``app.notify`` (the one public way in: widgets'
    ``notify`` and the app's own go through it), for ``notifications`` to read.

    A toast leaves the screen after its timeout; the record keeps what was said."""
    said: list[str] = []
    _SAID[app] = said
    notify = app.notify

    @wraps(notify)
    def recording(message: str, **options: Any) -> None:
        said.append(message)
        notify(message, **options)

    app.notify = recording  # type: ignore[method-assign]


def notifications(target: Pilot[Any] | App[Any]) -> list[str]:
    """The messages the app under test has notified so far, oldest first."""
    app = target.app if isinstance(target, Pilot) else target
    return list(_SAID[app])


async def settle(pilot: Pilot, timeout: float = 60.0) -> None:
    """Wait until the app is quiet: no worker left to finish and no message waiting,
    twice in a row (a worker's result may start another worker: a reload, then its
    rows, then their escalations).

    A worker cancelled on purpose (a reload superseded by a newer one, as happens on
    a busy machine) is done too; a worker that failed still fails the test. This
    waits for the work the screen started, whatever the machine's speed; a test that
    needs more (a thread of the app's own, a timer) waits for what it needs with
    :func:`wait_for`."""
    app = pilot.app
    assert isinstance(app, SophdeskApp)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    quiet = 0
    while quiet < 2:
        busy = [worker for worker in pilot.app.workers if not _finished_or_asking(app, worker)]
        for worker in busy:
            if worker.state is WorkerState.PENDING:
                continue  # not started yet: the next round sees it running or gone
            remaining = max(deadline - loop.time(), 0.0)
            if worker.group.startswith(FLOW_GROUP):
                # A flow may go on to ask a screen: it has settled when it does.
                await wait_for(pilot, partial(_finished_or_asking, app, worker), remaining)
                continue
            with contextlib.suppress(WorkerCancelled):
                await asyncio.wait_for(asyncio.shield(worker.wait()), remaining)
        await pilot.pause()
        quiet = 0 if busy else quiet + 1
        if loop.time() > deadline:
            raise AssertionError(f"the app was still busy after {timeout:.0f} s: {busy}")


def _finished_or_asking(app: SophdeskApp, worker: Worker[object]) -> bool:
    """Done, or a flow waiting for the operator's answer on a screen (settled too)."""
    return worker.is_finished or worker in app.asking


async def wait_for(pilot: Pilot, condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Poll ``condition`` while the app runs; fail the test after ``timeout`` seconds
    (a bound for a broken test, generous for a busy machine: it waits for the
    condition, not for the time)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("the screen did not reach the expected state in time")
        await pilot.pause(0.02)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` as a fast typist does: the same key events the terminal driver
    sends, one per character, then wait until the screen has handled them all.

    ``pilot.press`` waits for the process to idle after every key (at least two
    20 ms sleeps each), which made typing the bulk of the slow tests' time; the
    keys and their order are the same here. Tests about typing itself
    (``test_typing_order``) still press key by key."""
    for character in text:
        key = "space" if character == " " else key_for(character)
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause()


def queue(pilot: Pilot) -> QueueScreen:
    screen = pilot.app.screen_stack[1] if len(pilot.app.screen_stack) > 1 else pilot.app.screen
    assert isinstance(screen, QueueScreen)
    return screen


def screen_text(pilot: Pilot) -> str:
    """What the operator sees on the top screen, as plain text lines."""
    # Textual 8.2.8 has no public way to read the composed screen as text: its own
    # App.export_screenshot reads Screen._compositor the same way (allowed in
    # tests/test_textual_privates.py).
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def key_for(character: str) -> str:
    """The key name Textual's driver gives a printable ``character`` (``a``, ``1``,
    ``full_stop``...), from the public tables of ``textual.keys``."""
    if character.isalnum():
        key = character
    else:
        try:
            key = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
        except ValueError:
            key = ASCII_KEY_NAMES.get(character, character)
    return KEY_NAME_REPLACEMENTS.get(key, key)
