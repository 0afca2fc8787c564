"""What checking text against an incident's memory costs, beside redacting it.

Every text stored in an incident, and every text leaving it, is checked against
the incident's remembered values (``domain/redaction/memory.py``) before the
redactor runs. This prints the median time of that check (30 remembered values,
every encoded form) and, as the baseline in the same run, the redactor's own time
on the same text, for a 4 KB note and a 1 MB pasted log (the body limit).

    python benchmarks/incident_memory.py [--runs 5]

Goal: on the biggest text an incident takes (a 1 MB body) the check costs less
than the redaction it comes with (ratio < 1). Texts up to 64 KB are checked at
every token boundary (thorough, a millisecond or two on a note): shown, no goal.
Exit 0 when met, 1 when missed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import string
import sys
import time

from sophdesk.domain.redaction import redact
from sophdesk.domain.redaction.memory import prints_of, recall


def log_text(size: int, rng: random.Random) -> str:
    """Log-like text: timestamps, words, ids, a few key=value pairs."""
    words = ["checkout", "failed", "request", "user", "GET", "POST", "200", "500", "php", "cron"]
    lines = []
    total = 0
    while total < size:
        token = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(12))
        line = (
            f"2026-12-07T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z "
            + " ".join(rng.choice(words) for _ in range(rng.randint(4, 10)))
            + f" req={token} t={rng.randint(1, 999)}ms"
        )
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)[:size]


def median_seconds(call: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(7)
    key = os.urandom(32)
    values = [
        "".join(rng.choice(string.ascii_letters + "-_") for _ in range(8 + i)) for i in range(30)
    ]
    prints = set()
    for value in values:
        prints |= prints_of(key, value, "db-password", "credential")
    print(f"cores {os.cpu_count()}, load {os.getloadavg()[0]:.2f}; {len(prints)} prints")
    print(f"{'text':<8} {'memory check':>13} {'redaction':>10} {'ratio':>6}  goal")
    met = True
    for name, size in (("4 KB", 4096), ("1 MB", 1024 * 1024)):
        text = log_text(size, rng)
        runs = args.runs if size > 100_000 else args.runs * 20
        check = median_seconds(lambda t=text: recall(t, key, prints), runs)
        base = median_seconds(lambda t=text: redact(t), runs)
        ratio = check / base
        goal = "-"
        if size > 100_000:
            met &= ratio < 1
            goal = f"{'PASS' if ratio < 1 else 'MISS'} (< 1)"
        print(f"{name:<8} {check * 1000:>10.1f} ms {base * 1000:>7.1f} ms {ratio:>6.2f}  {goal}")
    print(f"load at end {os.getloadavg()[0]:.2f}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
