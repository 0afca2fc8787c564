"""First paint: start to the most urgent incident's title on screen, 100k incidents.

How: the desk (``python -m sophdesk --db DB``) and the bare Textual app of
``bare_app.py`` (Header, Footer, one Static) are each started in a fresh tmux
session at 80x24 on one private tmux server, runs alternating desk/bare. The clock
starts just before ``tmux new-session`` is issued; ``tmux capture-pane -p`` is then
polled every ~5 ms until the expected text is on the pane, and the session is
killed. The desk's text is the first ~30 characters of the title that
``sophdesk list --limit 1 --json`` returns (the title cell is ~42 cells wide and
cuts long titles with '…'); the bare app's is its Static's text. One warm-up run
of each is discarded (it warms the page cache and the bytecode caches).

Reported: the medians of both, and their ratio against the goal (desk <= 2.5x bare).
Both runs pay the same tmux and polling overhead, which the ratio does not remove:
it slightly flatters neither side.

    python benchmarks/first_paint.py [--runs 7] [--incidents 100000]
"""

from __future__ import annotations

import argparse

from _common import (
    BARE_TEXT,
    HEIGHT,
    WIDTH,
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

GOAL_RATIO = 2.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each (default 7)")
    parser.add_argument("--incidents", type=int, default=100_000, help="database size")
    parser.add_argument("--warmup", type=int, default=1, help="discarded runs of each first")
    args = parser.parse_args()

    db = demo_db(args.incidents)
    load_at_start = load_average()
    title = most_urgent_title(db)
    wanted = screen_prefix(title)
    say(f"desk: waiting for {wanted!r}; bare app: waiting for {BARE_TEXT!r}")

    desk: list[float] = []
    bare: list[float] = []
    failures: list[str] = []
    with Tmux("paint") as tmux:
        for i in range(args.warmup + args.runs):
            measured = i >= args.warmup
            d = show_retrying(tmux, desk_command(db), wanted, failures).seconds
            b = show_retrying(tmux, bare_command(), BARE_TEXT, failures).seconds
            label = f"run {i + 1 - args.warmup}" if measured else f"warm-up {i + 1}"
            say(f"{label}: desk {d:.3f} s, bare {b:.3f} s")
            if measured:
                desk.append(d)
                bare.append(b)

    d_med, b_med = median(desk), median(bare)
    ratio = d_med / b_med
    print(
        f"first paint, {args.incidents:,} incidents, tmux {WIDTH}x{HEIGHT},"
        f" medians of {args.runs} alternating runs each"
    )
    print(
        table(
            ["figure", "desk", "bare textual", "ratio", "goal", "verdict"],
            [
                [
                    "start to most urgent title",
                    f"{d_med:.3f} s",
                    f"{b_med:.3f} s",
                    f"{ratio:.2f}x",
                    f"<= {GOAL_RATIO:.1f}x ({GOAL_RATIO * b_med:.3f} s)",
                    verdict(ratio <= GOAL_RATIO),
                ]
            ],
        )
    )
    print(f"desk runs (s): {' '.join(f'{v:.3f}' for v in desk)}")
    print(f"bare runs (s): {' '.join(f'{v:.3f}' for v in bare)}")
    if note := failed_starts_note(failures):
        print(note)
    print(machine_note(load_at_start))
    return 0 if ratio <= GOAL_RATIO else 1


if __name__ == "__main__":
    run_main(main)
