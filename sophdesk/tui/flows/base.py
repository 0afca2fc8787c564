"""What every flow uses: ask the operator through a screen, call a service in a thread."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from textual.screen import Screen
from textual.worker import get_current_worker

if TYPE_CHECKING:
    from sophdesk.services.desk import Desk
    from sophdesk.tui.app import SophdeskApp

#: Every flow's worker group starts with this (``SophdeskApp.start_flow``).
FLOW_GROUP = "flow:"

P = ParamSpec("P")
R = TypeVar("R")


async def ask(app: SophdeskApp, screen: Screen[R]) -> R:
    """Show ``screen`` and wait for what it is dismissed with (from a flow's worker).

    While it waits the flow is in ``app.asking``: busy with the operator, not with
    the machine (tests wait for the machine only)."""
    worker = get_current_worker()
    app.asking.add(worker)
    try:
        return await app.push_screen_wait(screen)
    finally:
        app.asking.discard(worker)


async def on_desk(
    app: SophdeskApp,
    service: Callable[Concatenate[Desk, P], R],
    *args: P.args,
    **kwargs: P.kwargs,
) -> R:
    """``service(desk, ...)`` in a thread: the screen never waits on the database
    (the desk itself may still be opening at start)."""
    return await asyncio.to_thread(lambda: service(app.desk, *args, **kwargs))
