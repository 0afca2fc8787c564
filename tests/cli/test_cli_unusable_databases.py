"""Databases sophdesk must not write: tables that are not ours, a damaged page, a
newer schema, not a database at all. Refused by the real CLI in one line with
exit 3, and left byte-for-byte as they were; `db check` says the same."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from damaged_testing import add_incidents, damage_page, leaf_page_of, older_desk, sha256

from .conftest import EXIT_OK, EXIT_UNUSABLE, Sandbox


def _one_line(done: subprocess.CompletedProcess[bytes]) -> str:
    text = done.stderr.decode()
    assert "Traceback" not in text
    lines = text.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def _current_desk(sandbox: Sandbox, incidents: int = 0) -> None:
    sandbox.ok("list")  # creates the database at the current schema
    if incidents:
        add_incidents(sandbox.db, incidents, body_bytes=1500)


def test_a_database_with_a_table_that_is_not_ours_is_refused_and_untouched(
    sandbox: Sandbox,
) -> None:
    _current_desk(sandbox, incidents=3)
    with sqlite3.connect(sandbox.db) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)")
    conn.close()
    before = sha256(sandbox.db)
    for args in (["list"], ["new", "--title", "T", "--customer", "C"], ["db", "check"]):
        done = sandbox.run(args)
        assert done.returncode == EXIT_UNUSABLE, (args, done.stderr)
        line = _one_line(done)
        assert "not sophdesk's (orders)" in line
        assert sha256(sandbox.db) == before
    assert not Path(f"{sandbox.db}-wal").exists()


def test_our_own_tables_and_sqlites_are_not_foreign(sandbox: Sandbox) -> None:
    _current_desk(sandbox, incidents=3)
    with sqlite3.connect(sandbox.db) as conn:
        conn.execute("ANALYZE")  # sqlite_stat1: SQLite's own
    conn.close()
    assert sandbox.run(["db", "check"]).returncode == EXIT_OK
    assert sandbox.run(["list"]).returncode == EXIT_OK


def _damaged_current_desk(sandbox: Sandbox) -> str:
    _current_desk(sandbox, incidents=400)
    damage_page(sandbox.db, leaf_page_of(sandbox.db, "incident"))
    return sha256(sandbox.db)


def test_db_check_refuses_a_damaged_database_saying_how_to_recover(sandbox: Sandbox) -> None:
    before = _damaged_current_desk(sandbox)
    done = sandbox.run(["db", "check"])
    assert done.returncode == EXIT_UNUSABLE
    line = _one_line(done)
    assert f"{sandbox.db} is damaged" in line
    assert f'sqlite3 {sandbox.db} ".recover" | sqlite3 ' in line
    assert sha256(sandbox.db) == before


def test_a_damaged_database_is_not_migrated(sandbox: Sandbox) -> None:
    older_desk(sandbox.db, incidents=400, body_bytes=1500)
    damage_page(sandbox.db, leaf_page_of(sandbox.db, "incident"))
    before = sha256(sandbox.db)
    done = sandbox.run(["new", "--title", "T", "--customer", "C"])
    assert done.returncode == EXIT_UNUSABLE
    assert "is damaged" in _one_line(done)
    assert sha256(sandbox.db) == before
    assert [p.name for p in sandbox.root.iterdir() if ".bak" in p.name] == []


_DESK_THAT_DIES = """
import sys
from sophdesk.services.desk import Desk

desk = Desk.open(sys.argv[1], "ana")
desk.new_incident("written just before the crash", "casa olivo")
print("open", flush=True)
sys.stdin.read()  # until the test kills this process
"""


def test_after_an_unclean_shutdown_a_damaged_database_is_refused(sandbox: Sandbox) -> None:
    _current_desk(sandbox, incidents=400)
    child = subprocess.Popen(
        [sys.executable, "-c", _DESK_THAT_DIES, f"sqlite:///{sandbox.db}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=sandbox.env(),
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"open\n"
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=60)
    # Fold the crashed desk's WAL in, then damage a page, as a crash mid-write might.
    with sqlite3.connect(sandbox.db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    damage_page(sandbox.db, leaf_page_of(sandbox.db, "incident"))
    before = sha256(sandbox.db)
    # A read that never touches the bad page, and the desk (which otherwise paints
    # its first screen before opening the store): both check the file first.
    for args in (["show", "1"], []):
        done = sandbox.run(args)
        assert done.returncode == EXIT_UNUSABLE, (args, done.stdout, done.stderr)
        assert "is damaged" in _one_line(done)
        assert sha256(sandbox.db) == before


def test_db_check_refuses_a_newer_schema(sandbox: Sandbox) -> None:
    _current_desk(sandbox)
    with sqlite3.connect(sandbox.db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0042_later'")
    conn.close()
    before = sha256(sandbox.db)
    done = sandbox.run(["db", "check"])
    assert done.returncode == EXIT_UNUSABLE
    assert "newer sophdesk (schema 0042_later)" in _one_line(done)
    assert sha256(sandbox.db) == before


@pytest.mark.parametrize("content", [b"name,total\nbrightkettle,12\n"], ids=["csv"])
def test_db_check_refuses_a_file_that_is_not_a_database(sandbox: Sandbox, content: bytes) -> None:
    sandbox.db.write_bytes(content)
    done = sandbox.run(["db", "check"])
    assert done.returncode == EXIT_UNUSABLE
    assert "is not a SQLite database" in _one_line(done)
    assert sandbox.db.read_bytes() == content


def test_db_check_passes_a_healthy_database(sandbox: Sandbox) -> None:
    _current_desk(sandbox, incidents=400)
    done = sandbox.run(["db", "check"])
    assert done.returncode == EXIT_OK, done.stderr
    assert b"(current)" in done.stdout
