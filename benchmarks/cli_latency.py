"""Start-up cost of each ``sophdesk`` command, against ``sophdesk --version`` in the same run.

Every command runs as a fresh process (what a cron job or a chat bot pays), on the
cached 100k-incident SQLite database, and on PostgreSQL when ``--postgres URL``
(or ``SOPHDESK_TEST_POSTGRES_URL``) names a server: the benchmark then creates a
scratch database there, copies the SQLite desk into it (``sophdesk db copy``),
and drops it at the end. Writes run on a scratch copy, never on the cached file.

The commands are run round-robin (one run of each, then the next round), so a
change in the machine's load touches every command alike. For each: wall time
and CPU (user + system of the child, from ``getrusage``), median and p90, and the
ratio of the medians to ``sophdesk --version``. The goal is judged on CPU (much
less disturbed by other work on the machine than wall time, which is shown
beside it): commands that never open the database <= 1.5x, read commands
<= 2.5x, writes <= 3x. ``python -c "import click"`` is the floor.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import _common

#: Goals: the CPU median of a command over the CPU median of ``sophdesk --version``.
GOALS = {"no-db": 1.5, "read": 2.5, "write": 3.0}
ANSWERS = [
    "--impact", "blocked", "--visibility", "some", "--revenue", "none",
    "--privacy", "none", "--data", "correct", "--automation", "none",
]  # fmt: skip
REDACT_INPUT = (
    b"Fatal error: key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD from ana@example.com\n"
)


@dataclass
class Command:
    name: str
    kind: str  # baseline, no-db, read, write
    argv: list[str]
    stdin: bytes = b""
    #: Put first on PYTHONPATH: an exported tree of another commit (``--baseline``).
    pythonpath: Path | None = None
    #: Run as of ``--baseline``: shown beside ours, never judged.
    before: bool = False
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)


def sophdesk(*args: str) -> list[str]:
    return [_common.PYTHON, "-m", "sophdesk", *args]


def commands(db: str, scratch: str, incident: int) -> list[Command]:
    """What is measured; ``db`` for reads, ``scratch`` (a copy) for writes."""
    show_id = str(incident)
    return [
        Command("python -c 'import click'", "baseline", [_common.PYTHON, "-c", "import click"]),
        Command("--version", "baseline", sophdesk("--version")),
        Command("--help", "no-db", sophdesk("--help")),
        Command("assess (no ID)", "no-db", sophdesk("assess", *ANSWERS)),
        Command(
            "sla", "no-db", sophdesk("sla", "--severity", "SEV2", "--from", "2026-11-27T14:05Z")
        ),
        Command("redact --no-known", "no-db", sophdesk("redact", "--no-known"), REDACT_INPUT),
        Command("themes", "no-db", sophdesk("themes")),
        Command("where", "no-db", sophdesk("where")),
        Command("list --limit 5", "read", sophdesk("list", "--db", db, "--limit", "5")),
        Command("show ID", "read", sophdesk("show", show_id, "--db", db)),
        Command(
            "owner",
            "read",
            sophdesk("owner", "--db", db, "--severity", "SEV1", "--duty", "contact_hosting"),
        ),
        Command(
            "route ID", "read", sophdesk("route", show_id, "--db", db, "--signal", "php_fatal")
        ),
        Command(
            "new",
            "write",
            sophdesk("new", "--db", scratch, "--title", "Checkout down", "--customer", "bench"),
        ),
        Command(
            "edit ID --owner",
            "write",
            sophdesk("edit", show_id, "--db", scratch, "--owner", "bench"),
        ),
        Command(
            "assess ID (records)", "write", sophdesk("assess", show_id, "--db", scratch, *ANSWERS)
        ),
    ]


def run_once(command: Command, env: dict[str, str]) -> None:
    if command.pythonpath is not None:
        env = {**env, "PYTHONPATH": str(command.pythonpath)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # In .cache: ``python -m`` puts the working folder first on sys.path, and the
    # repository root would shadow a --baseline tree.
    result = subprocess.run(
        command.argv,
        input=command.stdin,
        env=env,
        capture_output=True,
        check=False,
        cwd=_common.CACHE,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(
            f"{command.name} exited {result.returncode}:\n"
            f"{result.stderr.decode(errors='replace')[-2000:]}"
        )
    command.walls.append(wall)
    command.cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


def measure(label: str, cmds: Sequence[Command], runs: int, env: dict[str, str]) -> None:
    _common.say(f"{label}: one warm-up run of each command, then {runs} rounds")
    for command in cmds:
        run_once(command, env)
        command.walls.clear()
        command.cpus.clear()
    for index in range(runs):
        for command in cmds:
            run_once(command, env)
        _common.say(f"{label}: round {index + 1}/{runs} done")


def report(label: str, cmds: Sequence[Command], baseline: str | None = None) -> bool:
    """Print the table; True when every command meets its goal. Commands run as
    of ``baseline`` (``--baseline REF``) are shown as a ratio beside ours, to the
    same ``--version`` (ours, same run)."""
    ours = [c for c in cmds if not c.before]
    before = {c.name: c for c in cmds if c.before}
    version = next(c for c in ours if c.name == "--version")
    base_wall = _common.median(version.walls)
    base_cpu = _common.median(version.cpus)
    rows = []
    ok = True
    for c in ours:
        wall, cpu = _common.median(c.walls), _common.median(c.cpus)
        goal = GOALS.get(c.kind)
        ratio = cpu / base_cpu
        verdict = "-"
        if goal is not None:
            passed = ratio <= goal
            ok = ok and passed
            verdict = f"{_common.verdict(passed)} (<= {goal}x)"
        row = [
            c.name,
            c.kind,
            f"{wall * 1000:.0f}",
            f"{_common.percentile(c.walls, 90) * 1000:.0f}",
            f"{cpu * 1000:.0f}",
            f"{_common.percentile(c.cpus, 90) * 1000:.0f}",
            f"{wall / base_wall:.2f}x",
            f"{ratio:.2f}x",
            verdict,
        ]
        if baseline is not None:
            old = before.get(c.name)
            row.append("-" if old is None else f"{_common.median(old.cpus) / base_cpu:.2f}x")
        rows.append(row)
    print(f"\n{label}")
    headers = ["command", "kind", "wall ms", "p90", "CPU ms", "p90", "wall/ver", "CPU/ver", "goal"]
    if baseline is not None:
        headers.append(f"CPU/ver {baseline}")
    print(_common.table(headers, rows))
    return ok


def with_baseline(cmds: list[Command], trees: tuple[Path, Path] | None) -> list[Command]:
    """``cmds``, each followed by the same command as of the baseline. Both run from
    exported, compiled trees (``trees``: ours, the baseline's) put first on
    PYTHONPATH, so that neither pays for how the other is installed (an editable
    install costs measurably more per start than a plain folder)."""
    if trees is None:
        return cmds
    ours, theirs = trees
    both = []
    for c in cmds:
        if c.argv[:3] != sophdesk()[:3]:
            both.append(c)
            continue
        both.append(Command(c.name, c.kind, c.argv, c.stdin, pythonpath=ours))
        both.append(Command(c.name, "before", c.argv, c.stdin, pythonpath=theirs, before=True))
    return both


def working_tree() -> Path:
    """This checkout's ``sophdesk`` package as it is now (uncommitted changes too),
    copied and compiled under ``.cache/current``."""
    source = _common.HERE.parent / "sophdesk"
    tree = _common.CACHE / "current"
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(source, tree / "sophdesk", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([_common.PYTHON, "-m", "compileall", "-q", str(tree / "sophdesk")], check=False)
    return tree


def first_open_id(db: str, env: dict[str, str]) -> int:
    import json

    out = subprocess.run(
        sophdesk("list", "--db", db, "--limit", "1", "--json"),
        env=env,
        check=True,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    ).stdout
    return int(json.loads(out)[0]["id"])


def sqlite_run(
    incidents: int,
    runs: int,
    env: dict[str, str],
    tree: tuple[Path, Path] | None,
    baseline: str | None,
) -> bool:
    source = _common.demo_db(incidents)
    with tempfile.TemporaryDirectory(prefix="sophdesk-cli-bench-") as folder:
        scratch = Path(folder) / "scratch.db"
        shutil.copyfile(source, scratch)
        incident = first_open_id(str(source), env)
        cmds = with_baseline(commands(str(source), str(scratch), incident), tree)
        measure("sqlite", cmds, runs, env)
        return report(f"SQLite, {incidents:,} incidents ({source.name})", cmds, baseline)


def postgres_run(
    url: str,
    incidents: int,
    runs: int,
    env: dict[str, str],
    tree: tuple[Path, Path] | None,
    baseline: str | None,
) -> bool:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(url)
    admin = create_engine(server, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    names = [f"sophdesk_bench_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    try:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f"CREATE DATABASE {name}"))
        reads, writes = (
            server.set(database=n).render_as_string(hide_password=False) for n in names
        )
        source = _common.demo_db(incidents)
        _common.say(f"copying the {incidents:,}-incident desk to PostgreSQL (twice)…")
        for target in (reads, writes):
            subprocess.run(
                sophdesk("db", "copy", "--db", str(source), "--to", target),
                env=env,
                check=True,
                capture_output=True,
                stdin=subprocess.DEVNULL,
            )
        incident = first_open_id(reads, env)
        cmds = with_baseline(commands(reads, writes, incident), tree)
        measure("postgresql", cmds, runs, env)
        shown = server.render_as_string(hide_password=True)
        return report(f"PostgreSQL ({shown}), {incidents:,} incidents", cmds, baseline)
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="rounds after a warm-up (default 7)")
    parser.add_argument("--incidents", type=int, default=100_000, help="database size")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get("SOPHDESK_TEST_POSTGRES_URL"),
        help="a PostgreSQL server (a role that may create databases);"
        " default: $SOPHDESK_TEST_POSTGRES_URL; none: SQLite only",
    )
    parser.add_argument(
        "--baseline",
        metavar="REF",
        help="also run every command as of REF (a commit, branch or tag; exported to"
        " .cache/baseline-<commit>), interleaved: its CPU/ver ratio is shown beside ours",
    )
    args = parser.parse_args()
    env = _common.bench_env()
    load = _common.load_average()
    tree: tuple[Path, Path] | None = None
    if args.baseline:
        from redaction_speed import baseline_tree

        tree = (working_tree(), baseline_tree(args.baseline))
    ok = sqlite_run(args.incidents, args.runs, env, tree, args.baseline)
    if args.postgres:
        ok = postgres_run(args.postgres, args.incidents, args.runs, env, tree, args.baseline) and ok
    else:
        print("\nPostgreSQL: not measured (give --postgres URL or SOPHDESK_TEST_POSTGRES_URL)")
    print(f"\nratios are medians over {args.runs} runs; goals judged on CPU")
    print(_common.machine_note(load))
    return 0 if ok else 1


if __name__ == "__main__":
    _common.run_main(main)
