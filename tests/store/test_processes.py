"""Several processes on one SQLite file: WAL, busy timeout, change token."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueFilter
from sophdesk.services.desk import Desk
from sophdesk.store.engine import sqlite_url

WRITER = """
import os, sys, time
from sophdesk.domain.lifecycle import Status
from sophdesk.services.desk import Desk

url, name, go, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
open(go + "." + name, "w").close()
while not os.path.exists(go):
    time.sleep(0.002)
began = time.time()
desk = Desk.open(url, name)
for n in range(count):
    incident = desk.new_incident(f"{name} incident {n}", "concurrency.test")
    desk.change_status(incident.id, Status.TRIAGED, note=f"{name} {n}")
desk.close()
print("done", count, began, time.time())
"""


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("SOPHDESK_")}


def test_two_processes_writing_at_once_both_succeed(tmp_path: Path) -> None:
    """Two writers start together on a new file (both migrate), then write 400 times each."""
    db = tmp_path / "shared.db"
    go = tmp_path / "go"
    count = 200
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, sqlite_url(db), name, str(go), str(count)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for name in ("alpha", "beta")
    ]
    deadline = time.monotonic() + 30
    while not all((tmp_path / f"go.{n}").exists() for n in ("alpha", "beta")):
        assert time.monotonic() < deadline, "writers did not start"
        time.sleep(0.01)
    go.touch()
    results = [w.communicate(timeout=120) for w in writers]
    spans = []
    for writer, (out, err) in zip(writers, results, strict=True):
        assert "locked" not in err
        assert writer.returncode == 0, err
        done, written, began, ended = out.split()
        assert (done, written) == ("done", str(count))
        spans.append((float(began), float(ended)))
    # Both were at work at the same time (SQLite may still serialise their commits).
    assert max(b for b, _ in spans) < min(e for _, e in spans)

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM incident").fetchone()[0] == 2 * count
        per_actor = dict(
            conn.execute(
                "SELECT actor, count(*) FROM event GROUP BY actor ORDER BY actor"
            ).fetchall()
        )
        assert per_actor == {"alpha": 2 * count, "beta": 2 * count}
        statuses = conn.execute("SELECT DISTINCT status, version FROM incident").fetchall()
        assert statuses == [("triaged", 2)]
        orphans = conn.execute(
            "SELECT count(*) FROM incident i WHERE"
            " (SELECT count(*) FROM event e WHERE e.incident_id = i.id) != 2"
        ).fetchone()[0]
        assert orphans == 0
        notes = {
            r[0] for r in conn.execute("SELECT note FROM event WHERE kind = 'status'").fetchall()
        }
        assert len(notes) == 2 * count
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1
    finally:
        conn.close()


def test_change_token_moves_when_another_process_commits(tmp_path: Path) -> None:
    db = tmp_path / "watched.db"
    desk = Desk.open(sqlite_url(db), "ana")
    try:
        desk.new_incident("already here", "c")
        token = desk.change_token()
        assert desk.change_token() == token  # nothing happened: no change
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from sophdesk.services.desk import Desk;"
                " d = Desk.open(sys.argv[1], 'ben'); d.new_incident('from elsewhere', 'c');"
                " d.close()",
                sqlite_url(db),
            ],
            check=True,
            env=_env(),
            timeout=60,
        )
        moved = desk.change_token()
        assert moved != token
        assert desk.change_token() == moved
        titles = [r.title for r in desk.listing(QueueFilter())]
        assert "from elsewhere" in titles
        # A status change elsewhere moves it too.
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from sophdesk.services.desk import Desk;"
                " from sophdesk.domain.lifecycle import Status;"
                " d = Desk.open(sys.argv[1], 'ben'); d.change_status(1, Status.TRIAGED);"
                " d.close()",
                sqlite_url(db),
            ],
            check=True,
            env=_env(),
            timeout=60,
        )
        assert desk.change_token() != moved
        assert desk.incident(1).status is Status.TRIAGED
    finally:
        desk.close()


def test_a_second_desk_sees_the_first_ones_writes(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "two.db")
    first = Desk.open(url, "ana")
    second = Desk.open(url, "ben")
    try:
        before = second.change_token()
        created = first.new_incident("t", "c")
        assert second.change_token() != before
        second.change_status(created.id, Status.ESCALATED)
        assert first.incident(created.id).status is Status.ESCALATED
        assert [e.actor for e in first.detail(created.id).events] == ["ana", "ben"]
    finally:
        first.close()
        second.close()


def test_opening_waits_while_another_process_holds_the_write_lock(tmp_path: Path) -> None:
    """A new file whose write lock is held elsewhere: opening waits, it does not fail."""
    db = tmp_path / "busy.db"
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # as another sophdesk creating the file would
    release = threading.Timer(0.5, lambda: holder.execute("ROLLBACK"))
    release.start()
    try:
        started = time.monotonic()
        desk = Desk.open(sqlite_url(db), "ana")
        try:
            waited = time.monotonic() - started
            desk.new_incident("after the wait", "c")
        finally:
            desk.close()
    finally:
        release.join()
        holder.close()
    assert waited >= 0.4
    again = Desk.open(sqlite_url(db), "ana")
    try:
        assert [r.title for r in again.listing(QueueFilter())] == ["after the wait"]
    finally:
        again.close()
