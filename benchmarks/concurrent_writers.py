"""Concurrent writers: 10 processes each add 1,000 timeline events to 100 incidents.

The same run on PostgreSQL and on SQLite (a file in a temporary folder): every
writer opens its own desk and adds each event in its own write transaction (as an
operator's action does), spread round-robin over the 100 incidents. Afterwards
the database must hold exactly writers x events note events, every (writer, n)
once, the same number per incident: nothing lost, nothing duplicated. Prints
events per second (all writers, from the common start to the last one done).

PostgreSQL: ``--postgres URL`` or ``SOPHDESK_BENCH_POSTGRES_URL`` /
``SOPHDESK_TEST_POSTGRES_URL`` names a role that may create databases; a fresh
database is made for the run and dropped after. Exit status: 0 both verified,
1 a check failed, 2 the benchmark could not run (no PostgreSQL server).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

WRITER = r"""
import os, sys, time
from sophdesk.domain.incident import EventKind
from sophdesk.store import repository
from sophdesk.store.database import Database

url, name, go, events, incidents = sys.argv[1:6]
events, incidents = int(events), int(incidents)
database = Database.open(url)
open(go + "." + name, "w").close()
while not os.path.exists(go):
    time.sleep(0.001)
from datetime import UTC, datetime
for n in range(events):
    with database.writing() as session:
        repository.add_event(
            session, 1 + n % incidents, name, datetime.now(UTC), EventKind.NOTE,
            note=f"{name}:{n}",
        )
database.close()
print(time.time())
"""


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("SOPHDESK_")}


def prepare(url: str, incidents: int) -> None:
    from sophdesk.services.desk import Desk

    desk = Desk.open(url, "bench")
    try:
        for n in range(incidents):
            desk.new_incident(f"benchmark incident {n}", "bench.example")
    finally:
        desk.close()


def run(url: str, writers: int, events: int, incidents: int, workdir: Path) -> float:
    """Start the writers together; return events per second."""
    go = workdir / f"go-{uuid.uuid4().hex[:8]}"
    names = [f"w{n:02d}" for n in range(writers)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, name, str(go), str(events), str(incidents)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for name in names
    ]
    deadline = time.monotonic() + 120
    while not all(Path(f"{go}.{name}").exists() for name in names):
        if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
            for p in procs:
                p.kill()
            raise SystemExit(f"writers did not start: {procs[0].communicate()[1][-2000:]}")
        time.sleep(0.01)
    started = time.time()
    go.touch()
    ended = started
    for p in procs:
        out, err = p.communicate(timeout=3600)
        if p.returncode != 0:
            raise SystemExit(f"a writer failed:\n{err[-3000:]}")
        ended = max(ended, float(out.split()[-1]))
    return writers * events / (ended - started)


def verify(url: str, writers: int, events: int, incidents: int) -> list[str]:
    """What is wrong with the timeline after the run (nothing: an empty list)."""
    from sqlalchemy import text

    from sophdesk.store.database import Database

    problems = []
    database = Database.open(url)
    try:
        with database.reading() as session:
            total, distinct = session.execute(
                text("SELECT count(*), count(DISTINCT note) FROM event WHERE kind = 'note'")
            ).one()
            per_incident = session.execute(
                text(
                    "SELECT count(*) FROM (SELECT incident_id, count(*) AS n FROM event"
                    " WHERE kind = 'note' GROUP BY incident_id) t WHERE n = :n"
                ),
                {"n": writers * events // incidents},
            ).scalar_one()
            per_writer = dict(
                session.execute(
                    text("SELECT actor, count(*) FROM event WHERE kind = 'note' GROUP BY actor")
                ).all()
            )
    finally:
        database.close()
    expected = writers * events
    if total != expected:
        problems.append(f"{total} events written, {expected} expected (lost: {expected - total})")
    if distinct != total:
        problems.append(f"{total - distinct} duplicated events")
    if per_incident != incidents:
        problems.append(f"only {per_incident} of {incidents} incidents got their share")
    if sorted(per_writer.values()) != [events] * writers:
        problems.append(f"per writer: {per_writer}")
    return problems


def postgres_database(admin_url: str) -> tuple[str, object]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"sophdesk_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()

    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    return url, drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--events", type=int, default=1000, help="events per writer")
    parser.add_argument("--incidents", type=int, default=100)
    parser.add_argument("--postgres", metavar="URL", help="a role that may create databases")
    args = parser.parse_args()
    admin_url = (
        args.postgres
        or os.environ.get("SOPHDESK_BENCH_POSTGRES_URL")
        or os.environ.get("SOPHDESK_TEST_POSTGRES_URL")
    )
    if not admin_url:
        print("no PostgreSQL server: give --postgres URL", file=sys.stderr)
        return 2
    from sophdesk.store.engine import safe_url

    results: list[tuple[str, float, list[str]]] = []
    with tempfile.TemporaryDirectory(prefix="sophdesk-writers-") as folder:
        workdir = Path(folder)
        try:
            pg_url, drop = postgres_database(admin_url)
        except Exception as exc:
            print(f"no PostgreSQL server at {safe_url(admin_url)}: {exc}", file=sys.stderr)
            return 2
        try:
            targets = [("PostgreSQL", pg_url), ("SQLite", f"sqlite:///{workdir / 'bench.db'}")]
            for label, url in targets:
                print(f"{label}: preparing {args.incidents} incidents", file=sys.stderr)
                prepare(url, args.incidents)
                print(f"{label}: {args.writers} writers x {args.events} events", file=sys.stderr)
                rate = run(url, args.writers, args.events, args.incidents, workdir)
                results.append(
                    (label, rate, verify(url, args.writers, args.events, args.incidents))
                )
        finally:
            drop()  # type: ignore[operator]
    print(f"{args.writers} writer processes x {args.events} events on {args.incidents} incidents")
    print(f"{'database':<12} {'events/s':>10}  check")
    for label, rate, problems in results:
        verdict = "nothing lost or duplicated" if not problems else "; ".join(problems)
        print(f"{label:<12} {rate:>10.0f}  {verdict}")
    load = os.getloadavg()
    print(f"(cpus {os.cpu_count()}, load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f})")
    return 0 if all(not problems for _, _, problems in results) else 1


if __name__ == "__main__":
    sys.exit(main())
