"""Run every benchmark in turn and sum up: ``python benchmarks/run_all.py``.

Each benchmark prints its own table; this prints one line per benchmark at the end.
Exit status: 0 all goals met, 1 a goal missed, 2 a benchmark failed to run.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = (
    "first_paint.py",
    "search_filter.py",
    "memory_rss.py",
    "idle_cpu.py",
    "cli_latency.py",
)


def main() -> int:
    results: list[tuple[str, str, float]] = []
    for name in BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        code = subprocess.run([sys.executable, str(HERE / name)], check=False).returncode
        outcome = {0: "PASS", 1: "MISS"}.get(code, f"ERROR (exit {code})")
        results.append((name, outcome, time.perf_counter() - started))
    print("\n=== summary ===")
    for name, outcome, seconds in results:
        print(f"{name:<18} {outcome:<18} ({seconds:.0f} s)")
    if any(outcome.startswith("ERROR") for _, outcome, _ in results):
        return 2
    return 1 if any(outcome == "MISS" for _, outcome, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
