"""Helpers for driving the triage wizard from the keyboard."""

from __future__ import annotations

from pilot_testing import settle, type_text, wait_for
from textual.pilot import Pilot

from sophdesk.tui.screens.wizard import TriageWizard

EVIDENCE = [
    "2026-11-27 14:05 UTC",
    "admin",
    "Checkout",
    "3.4.1",
    "6.7",
    "8.2",
    "pay",
    "SM-E1042",
]
# impact blocked, visibility all, revenue checkout, privacy none, data correct, automation none
ANSWERS = [2, 2, 2, 0, 0, 0]


async def open_wizard(pilot: Pilot[None]) -> TriageWizard:
    await settle(pilot)
    await pilot.press("t")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TriageWizard))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TriageWizard)
    return screen


async def type_evidence(
    pilot: Pilot[None], values: list[str], unknown: dict[int, str] | None = None
) -> None:
    unknown = unknown or {}
    for index, value in enumerate(values):
        if index in unknown:
            await pilot.press("f2")
            await type_text(pilot, unknown[index])
        else:
            await type_text(pilot, value)
        await pilot.press("tab")
    await settle(pilot)


async def answer(pilot: Pilot[None], levels: list[int]) -> None:
    for level in levels:
        await pilot.press(*["down"] * level, "enter")
    await settle(pilot)
