"""Command palette: every desk action, and any incident by number or words."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueFilter
from sophdesk.domain.text import visible

if TYPE_CHECKING:
    from sophdesk.tui.app import SophdeskApp

_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("New incident", "Open a new incident (n)", "new_incident"),
    ("Search the queue", "Search title, customer and description (/)", "screen.search"),
    ("Filter by status", "Open queue, one status, or all (s)", "screen.filter_status"),
    ("Filter by severity", "One severity, or not assessed (v)", "screen.filter_severity"),
    (
        "Needs escalation",
        "Only incidents flagged for the support lead (!)",
        "screen.filter_escalation",
    ),
    ("Clear filters", "Back to the open queue (x)", "screen.clear_filters"),
    ("Change status", "Move the selected incident (c)", "screen.change_status"),
    ("Owner lookup", "Who holds each duty now (o)", "screen.owners"),
    ("Redaction preview", "Paste evidence, see what leaves redacted (r)", "redaction_preview"),
    ("Compose an update", "On an open incident: update an audience (u)", "screen.compose_update"),
    ("Run a review", "On an open incident: a review checklist (w)", "screen.review"),
    ("Help", "Keys and what the desk does (F1)", "help"),
    ("Quit", "Leave the desk (q)", "quit"),
)


class DeskCommands(Provider):
    @property
    def desk_app(self) -> SophdeskApp:
        return self.app  # type: ignore[return-value]

    def _run(self, action: str) -> Callable[[], object]:
        return partial(self.app.run_action, action)

    async def discover(self) -> Hits:
        for name, help_text, action in _ACTIONS:
            yield DiscoveryHit(name, self._run(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in _ACTIONS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._run(action), help=help_text)
        wanted = query.strip().lstrip("#")
        if wanted.isdigit():
            number = int(wanted)
            yield Hit(
                1.0,
                Content(f"Open incident #{number}"),
                partial(self.desk_app.open_incident, number),
                text=f"Open incident #{number}",
            )
        elif len(wanted) >= 3:
            wanted_filter = QueueFilter(statuses=tuple(Status), search=wanted, limit=8)
            # .desk may still be opening: touch it only in the thread.
            rows = await asyncio.to_thread(lambda: self.desk_app.desk.listing(wanted_filter))
            for rank, row in enumerate(rows):
                label = f"#{row.id} {visible(row.title, one_line=True)}"
                yield Hit(
                    0.5 - rank * 0.01,
                    Content(label),
                    partial(self.desk_app.open_incident, row.id),
                    text=label,
                    help=f"{row.status.value} · open this incident",
                )
