"""Memory: the desk's RSS on 100k incidents minus its RSS on 100.

How: the desk (``python -m sophdesk --db DB``, run with ``exec`` so the tmux pane's
pid is the python process itself) is started in a fresh 80x24 tmux session on the
cached 100-incident and 100k-incident demo databases, alternately. After the most
urgent incident's title is on screen (first paint) it is left alone for another
second (``--settle``), then ``VmRSS`` is read from ``/proc/PID/status`` (``VmHWM``,
the peak, is shown too), and the session is killed. Medians of 3 runs each.

The 100-incident desk is the baseline: the difference is what the data costs
(ids, caches, query buffers), not Python, Textual or SQLAlchemy.

    python benchmarks/memory_rss.py [--runs 3] [--settle 1.0]
"""

from __future__ import annotations

import argparse
import time

from _common import (
    Tmux,
    demo_db,
    desk_command,
    failed_starts_note,
    load_average,
    machine_note,
    median,
    most_urgent_title,
    rss_bytes,
    run_main,
    say,
    screen_prefix,
    show_retrying,
    table,
    verdict,
)

GOAL_MB = 50.0
MB = 1024 * 1024
SMALL, LARGE = 100, 100_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs on each database (default 3)")
    parser.add_argument("--settle", type=float, default=1.0, help="seconds after first paint")
    parser.add_argument("--incidents", type=int, default=LARGE, help="the large database's size")
    args = parser.parse_args()

    dbs = {SMALL: demo_db(SMALL), args.incidents: demo_db(args.incidents)}
    load_at_start = load_average()
    wanted = {size: screen_prefix(most_urgent_title(db)) for size, db in dbs.items()}
    rss: dict[int, list[float]] = {size: [] for size in dbs}
    hwm: dict[int, list[float]] = {size: [] for size in dbs}
    failures: list[str] = []
    with Tmux("memory") as tmux:
        for run in range(1, args.runs + 1):
            for size, db in dbs.items():
                shown = show_retrying(tmux, desk_command(db), wanted[size], failures, keep=True)
                try:
                    time.sleep(args.settle)
                    rss[size].append(rss_bytes(shown.pid) / MB)
                    hwm[size].append(rss_bytes(shown.pid, "VmHWM") / MB)
                finally:
                    tmux.kill(shown.session)
                say(
                    f"run {run}: {size:,} incidents: RSS {rss[size][-1]:.1f} MB"
                    f" (peak {hwm[size][-1]:.1f} MB)"
                )

    small, large = median(rss[SMALL]), median(rss[args.incidents])
    difference = large - small
    print(
        f"memory, desk RSS {args.settle:g} s after first paint, tmux 80x24,"
        f" medians of {args.runs} runs each"
    )
    print(
        table(
            [
                "figure",
                f"{args.incidents:,} incidents",
                f"{SMALL} incidents",
                "difference",
                "goal",
                "verdict",
            ],
            [
                [
                    "RSS (VmRSS)",
                    f"{large:.1f} MB",
                    f"{small:.1f} MB",
                    f"{difference:+.1f} MB",
                    f"<= {GOAL_MB:.0f} MB",
                    verdict(difference <= GOAL_MB),
                ],
                [
                    "peak (VmHWM), for information",
                    f"{median(hwm[args.incidents]):.1f} MB",
                    f"{median(hwm[SMALL]):.1f} MB",
                    f"{median(hwm[args.incidents]) - median(hwm[SMALL]):+.1f} MB",
                    "",
                    "",
                ],
            ],
        )
    )
    for size in dbs:
        print(f"{size:,} incidents, RSS runs (MB): {' '.join(f'{v:.1f}' for v in rss[size])}")
    if note := failed_starts_note(failures):
        print(note)
    print(machine_note(load_at_start))
    return 0 if difference <= GOAL_MB else 1


if __name__ == "__main__":
    run_main(main)
