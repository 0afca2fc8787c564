"""Helpers for driving the real app with Textual's Pilot."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from functools import partial

from desk_testing import frozen_clock
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.worker import Worker, WorkerCancelled, WorkerState

from sophdesk.config import Settings
from sophdesk.services.desk import Desk
from sophdesk.tui.app import SophdeskApp, make_app
from sophdesk.tui.flows.base import FLOW_GROUP
from sophdesk.tui.screens.queue import QueueScreen


def desk_app(desk: Desk, theme: str | None = None) -> SophdeskApp:
    return make_app(desk, Settings(), theme=theme, clock=frozen_clock)


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
        key = "space" if character == " " else _character_to_key(character)
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause()


def queue(pilot: Pilot) -> QueueScreen:
    screen = pilot.app.screen_stack[1] if len(pilot.app.screen_stack) > 1 else pilot.app.screen
    assert isinstance(screen, QueueScreen)
    return screen


def screen_text(pilot: Pilot) -> str:
    """What the operator sees on the top screen, as plain text lines."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)
