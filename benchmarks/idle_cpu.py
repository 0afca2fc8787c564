"""Idle CPU: the desk sitting on the queue with 100k incidents and live countdowns.

How: the desk (``python -m sophdesk --db DB``) and a bare Textual app (Header,
Footer, one Static: ``bare_app.py``) are each started in a fresh 80x24 tmux
session, alternately. After first paint (the most urgent incident's title, or the
bare app's text) each is left alone for ``--settle`` seconds, then the CPU time of
its process (user + system, from ``/proc/PID/stat``, threads included) is read at
the start and the end of a ``--seconds`` window (30 s by default) in which nobody
touches it. The figure is that CPU time as a percentage of one core. The desk is
idle as an operator leaves it: polling the database for changes every second and
redrawing the visible rows' countdowns every 5 s. Medians of ``--runs`` runs each.

    python benchmarks/idle_cpu.py [--runs 3] [--seconds 30] [--settle 2]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from _common import (
    BARE_TEXT,
    Tmux,
    bare_command,
    demo_db,
    desk_command,
    failed_starts_note,
    load_average,
    machine_note,
    median,
    most_urgent_title,
    run_main,
    say,
    screen_prefix,
    show_retrying,
    table,
    verdict,
)

GOAL_PERCENT = 2.0
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process, all threads, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # After the ")": state is fields[0]; utime and stime are fields 11 and 12.
    return (int(fields[11]) + int(fields[12])) / TICKS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--seconds", type=float, default=30.0, help="idle window (default 30)")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds after first paint")
    parser.add_argument("--incidents", type=int, default=100_000, help="database size")
    args = parser.parse_args()

    db = demo_db(args.incidents)
    load_at_start = load_average()
    wanted = screen_prefix(most_urgent_title(db))
    figures: dict[str, list[float]] = {"desk": [], "bare": []}
    failures: list[str] = []
    commands = {"bare": (bare_command(), BARE_TEXT), "desk": (desk_command(db), wanted)}
    with Tmux("idle") as tmux:
        for run in range(1, args.runs + 1):
            for name, (command, text) in commands.items():
                shown = show_retrying(tmux, command, text, failures, keep=True)
                try:
                    time.sleep(args.settle)
                    start = cpu_seconds(shown.pid)
                    time.sleep(args.seconds)
                    used = cpu_seconds(shown.pid) - start
                finally:
                    tmux.kill(shown.session)
                figures[name].append(100.0 * used / args.seconds)
                say(f"run {run}: {name}: {figures[name][-1]:.2f}% of one core")

    desk, bare = median(figures["desk"]), median(figures["bare"])
    print(
        f"idle CPU over {args.seconds:g} s, {args.incidents:,} incidents, tmux 80x24,"
        f" medians of {args.runs} runs each"
    )
    print(
        table(
            ["figure", "desk", "bare textual", "difference", "goal", "verdict"],
            [
                [
                    "CPU, % of one core",
                    f"{desk:.2f}%",
                    f"{bare:.2f}%",
                    f"{desk - bare:+.2f} points",
                    f"desk < {GOAL_PERCENT:g}%",
                    verdict(desk < GOAL_PERCENT),
                ]
            ],
        )
    )
    for name, values in figures.items():
        print(f"{name} runs (%): {' '.join(f'{v:.2f}' for v in values)}")
    if note := failed_starts_note(failures):
        print(note)
    print(machine_note(load_at_start))
    return 0 if desk < GOAL_PERCENT else 1


if __name__ == "__main__":
    run_main(main)
