"""Redaction preview: keystroke to the updated redacted view, on a 100 KB text.

How: the real app (``make_app`` on a fresh SQLite desk) runs headless under
``App.run_test(size=(120, 40))`` with the redaction preview (``RedactionScreen``)
opened on 100 KB of generated evidence (``redaction_speed.generate``: logs, keys,
e-mails, cards, ids). Once the first preview is in, a pilot types at the end of
the original text, one character at a time, a mix of plain text and text that
makes a new finding (an e-mail address). Each keypress is timed from just before
``pilot.press`` to the first frame Textual renders in which the redacted view
shows the redaction of the text with that keystroke (the screen's shown
generation equals its edit generation). Frames are caught as in
``search_filter.py`` (wrapping ``App._display``), so the time includes the
redaction in its worker thread, the hand-over and the paint.

Baseline, same run and same harness: a bare Textual app with one TextArea holding
the same 100 KB gets the same keys; each is timed to the first frame whose
TextArea holds the new character. That is the floor of pilot, key dispatch,
editing a 100 KB document and painting.

    python benchmarks/preview_keystroke.py [--runs 3] [--kb 100]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import (
    isolate_environment,
    load_average,
    machine_note,
    median,
    percentile,
    say,
    table,
    verdict,
)
from redaction_speed import generate
from search_filter import Harness, until
from textual.app import App, ComposeResult
from textual.widgets import TextArea

GOAL_MS = 50.0
TYPED = " write to ana.ruiz@example.com now"


class BareTextAreaApp(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield TextArea(self.text, id="area")


def _key(ch: str) -> str:
    return {" ": "space", "@": "at", ".": "full_stop"}.get(ch, ch)


async def bare_run(text: str) -> list[float]:
    app = BareTextAreaApp(text)
    samples: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        area = app.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.pause()

        def lines(_screen: Any) -> int:
            return len(area.document.get_line(area.document.end[0]))

        harness = Harness(app, lines)
        for ch in TYPED:
            wanted = len(area.document.get_line(area.document.end[0])) + 1
            samples.append(await harness.press(pilot, _key(ch), lambda f, w=wanted: f.state == w))
    return samples


async def desk_run(text: str, db: Path) -> list[float]:
    from sophdesk.config import Settings
    from sophdesk.services.desk import Desk
    from sophdesk.tui.app import make_app
    from sophdesk.tui.screens.redaction import RedactionScreen

    desk = Desk.open(f"sqlite:///{db}", "bench")
    samples: list[float] = []
    try:
        app = make_app(desk, Settings())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = RedactionScreen(text, None)
            app.push_screen(screen)
            await until(lambda: screen.preview is not None, "the first preview")
            screen.original.focus()
            screen.original.move_cursor(screen.original.document.end)
            await pilot.pause()
            await until(lambda: screen._shown_generation == screen._generation, "settled")

            def state(_screen: Any) -> tuple[int, int]:
                return (screen._shown_generation, screen._generation)

            harness = Harness(app, state)
            for ch in TYPED:
                target = screen._generation + 1
                samples.append(
                    await harness.press(
                        pilot, _key(ch), lambda f, t=target: f.state[0] >= t and f.state[1] >= t
                    )
                )
    finally:
        desk.close()
    return samples


async def run(runs: int, size: int) -> int:
    text = generate(size)
    load_at_start = load_average()
    bare: list[float] = []
    desk: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for index in range(runs):
            say(f"run {index + 1}/{runs}: bare TextArea")
            bare.extend(await bare_run(text))
            say(f"run {index + 1}/{runs}: redaction preview")
            desk.extend(await desk_run(text, Path(folder) / f"desk{index}.db"))
    kb = len(text.encode()) / 1024
    print(f"redaction preview, {kb:.0f} KB text, {len(desk)} keystrokes ({runs} runs)")
    rows = [
        [
            "preview: keystroke to redacted view",
            f"{median(desk):.1f} ms",
            f"{percentile(desk, 90):.1f} ms",
            f"{median(bare):.1f} ms",
            f"<= {GOAL_MS:.0f} ms",
            verdict(median(desk) <= GOAL_MS),
        ],
    ]
    print(table(["figure", "median", "p90", "bare TextArea (median)", "goal", "verdict"], rows))
    print(machine_note(load_at_start))
    return 0 if median(desk) <= GOAL_MS else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kb", type=int, default=100)
    args = parser.parse_args()
    isolate_environment()
    started = time.perf_counter()
    code = asyncio.run(run(args.runs, args.kb * 1024))
    say(f"done in {time.perf_counter() - started:.0f} s")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
