"""Team mode: the same desk on SQLite and PostgreSQL, live changes, moving a desk."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from sophdesk.cli import main
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueFilter
from sophdesk.services.demo import fill_demo
from sophdesk.services.desk import Desk
from sophdesk.services.team import check, copy_desk
from sophdesk.store.database import Database
from sophdesk.store.errors import StoreError
from sophdesk.store.migrate import HEAD
from sophdesk.store.transfer import TargetNotEmpty

WRITER = """
import os, sys, time
from sophdesk.domain.lifecycle import Status
from sophdesk.services.desk import Desk

url, name, go, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
open(go + "." + name, "w").close()
while not os.path.exists(go):
    time.sleep(0.002)
desk = Desk.open(url, name)
for n in range(count):
    incident = desk.new_incident(f"{name} incident {n}", "concurrency.test")
    desk.change_status(incident.id, Status.TRIAGED, note=f"{name} {n}")
desk.close()
print("done", count)
"""


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("SOPHDESK_")}


def test_two_processes_writing_at_once_lose_nothing(db_url: str, tmp_path: Path) -> None:
    go = tmp_path / "go"
    count = 60
    names = ("alpha", "beta")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db_url, name, str(go), str(count)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for name in names
    ]
    deadline = time.monotonic() + 30
    while not all((tmp_path / f"go.{n}").exists() for n in names):
        assert time.monotonic() < deadline, "writers did not start"
        time.sleep(0.01)
    go.touch()
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.split() == ["done", str(count)]
    database = Database.open(db_url)
    try:
        with database.reading() as session:
            per_actor = dict(
                session.execute(text("SELECT actor, count(*) FROM event GROUP BY actor")).all()
            )
            versions = session.execute(text("SELECT DISTINCT status, version FROM incident")).all()
            notes = session.execute(
                text("SELECT count(DISTINCT note) FROM event WHERE kind = 'status'")
            ).scalar_one()
    finally:
        database.close()
    assert per_actor == {"alpha": 2 * count, "beta": 2 * count}
    assert [tuple(row) for row in versions] == [("triaged", 2)]
    assert notes == 2 * count


def test_change_token_moves_when_another_process_commits(db_url: str) -> None:
    desk = Desk.open(db_url, "ana")
    try:
        desk.new_incident("already here", "c")
        token = desk.change_token()
        assert desk.change_token() == token
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from sophdesk.services.desk import Desk;"
                " d = Desk.open(sys.argv[1], 'ben'); d.new_incident('from elsewhere', 'c');"
                " d.close()",
                db_url,
            ],
            check=True,
            env=_env(),
            timeout=60,
        )
        assert desk.change_token() != token
        assert "from elsewhere" in [r.title for r in desk.listing(QueueFilter())]
    finally:
        desk.close()


def test_wait_for_change_sees_another_desk_within_a_second(db_url: str, backend: str) -> None:
    watcher = Desk.open(db_url, "ana")
    writer = Desk.open(db_url, "ben")
    try:
        token = watcher.change_token()
        assert watcher.wait_for_change(0.2) == token  # nothing happened
        threading.Timer(0.3, lambda: writer.new_incident("elsewhere", "c")).start()
        started = time.monotonic()
        moved = watcher.wait_for_change(1.0)
        waited = time.monotonic() - started
        if moved == token:  # polling: the next look sees it
            moved = watcher.wait_for_change(1.0)
        assert moved != token
        if backend == "postgresql":
            assert waited < 0.9  # woken by NOTIFY, not by the timeout
    finally:
        watcher.close()
        writer.close()


def test_stale_status_change_is_refused_and_the_timeline_keeps_both(db_url: str) -> None:
    first = Desk.open(db_url, "ana")
    second = Desk.open(db_url, "ben")
    try:
        incident = first.new_incident("two operators", "c")
        seen = second.incident(incident.id)
        first.change_status(incident.id, Status.TRIAGED, note="ana's words")
        with pytest.raises(Exception, match="changed by someone else") as caught:
            second.change_status(
                incident.id,
                Status.ESCALATED,
                note="ben's words",
                expected_version=seen.version,
            )
        assert f"version {seen.version}" in str(caught.value)
        assert f"version {seen.version + 1}" in str(caught.value)
        second.change_status(incident.id, Status.ESCALATED, note="ben's words")
        notes = [e.note for e in first.detail(incident.id).events]
        assert notes == [None, "ana's words", "ben's words"]
    finally:
        first.close()
        second.close()


def test_search_finds_the_same_on_both_backends(desk: Desk) -> None:
    checkout = desk.new_incident("Checkout returns 500", "brightkettle.shop", body="key rotation")
    cafe = desk.new_incident("Gemini answers in French", "Café Olivo", body="SM-E1042 shown")
    for words, expected in (
        ("ch", [checkout.id]),
        ("cafe olivo", [cafe.id]),
        ("sm-e1042", [cafe.id]),
        ("brightkettle.shop", [checkout.id]),
        ("rotat key", [checkout.id]),
        ('"wp cron" OR NEAR(*', []),
        ("a&b | !c:*", []),
        ("___", []),
    ):
        assert desk.queue_ids(QueueFilter(search=words)) == expected, words


# -- moving a desk -------------------------------------------------------------


def test_copy_keeps_every_row_and_id_and_refuses_a_full_target(tmp_path: Path, db_url: str) -> None:
    source_url = f"sqlite:///{tmp_path / 'source.db'}"
    source = Desk.open(source_url, "ana")
    try:
        fill_demo(source, 60)
        source.change_status(3, Status.ESCALATED, note="before the move")
        before = source.listing(QueueFilter(statuses=tuple(Status)))
        details = source.detail(3)
    finally:
        source.close()
    copied = copy_desk(source_url, db_url)
    assert {t.name: t.rows for t in copied}["incident"] == 60
    target = Desk.open(db_url, "ben")
    try:
        assert target.listing(QueueFilter(statuses=tuple(Status))) == before
        assert target.detail(3) == details
        created = target.new_incident("zanzibar after the move", "c")
        assert created.id == 61  # the id sequence moved past the copied ids
        assert target.queue_ids(QueueFilter(search="zanzibar")) == [61]
    finally:
        target.close()
    with pytest.raises(TargetNotEmpty, match="already holds a desk"):
        copy_desk(source_url, db_url)
    again = copy_desk(source_url, db_url, force=True)
    assert {t.name: t.rows for t in again} == {t.name: t.rows for t in copied}


def test_copy_back_from_the_backend_to_sqlite(tmp_path: Path, desk: Desk, db_url: str) -> None:
    fill_demo(desk, 25)
    back = f"sqlite:///{tmp_path / 'back.db'}"
    copied = copy_desk(db_url, back)
    assert {t.name: t.rows for t in copied}["incident"] == 25
    again = Desk.open(back, "ana")
    try:
        assert again.count() == 25
        assert again.queue_ids(QueueFilter(search="wordpress")) != []
    finally:
        again.close()


# -- PostgreSQL only -----------------------------------------------------------


def test_migrations_build_the_models_on_postgresql(pg_empty_url: str) -> None:
    database = Database.open(pg_empty_url)
    try:
        with database.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD
            )
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "include_object": lambda obj, name, type_, reflected, compare_to: (
                        not (
                            (type_ == "table" and name == "change_counter")
                            or (type_ == "index" and name == "ix_incident_search")
                        )
                    ),
                },
            )
            assert compare_metadata(context, SQLModel.metadata) == []
            plan = "\n".join(
                row[0]
                for row in connection.execute(
                    text(
                        "EXPLAIN SELECT id FROM incident WHERE"
                        " sophdesk_search_vector(title, customer, body)"
                        " @@ to_tsquery('simple', 'x:*')"
                    )
                )
            )
        with database.engine.connect() as connection:
            connection.execute(text("SET enable_seqscan = off"))
            plan = "\n".join(
                row[0]
                for row in connection.execute(
                    text(
                        "EXPLAIN SELECT id FROM incident WHERE"
                        " sophdesk_search_vector(title, customer, body)"
                        " @@ to_tsquery('simple', 'x:*')"
                    )
                )
            )
            assert "ix_incident_search" in plan
    finally:
        database.close()


def _with(url: str, **parts: object) -> str:
    return make_url(url).set(**parts).render_as_string(hide_password=False)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"password": "not-the-password"}, "wrong user name or password"),
        ({"database": "no_such_sophdesk_db"}, "has no database 'no_such_sophdesk_db'"),
        ({"host": "127.0.0.1", "port": 1}, "cannot reach the database server at 127.0.0.1:1"),
    ],
)
def test_check_says_what_is_wrong_in_one_line_without_the_password(
    pg_url: str, change: dict[str, object], words: str
) -> None:
    url = _with(pg_url, **change)
    password = str(make_url(url).password)
    with pytest.raises(StoreError) as caught:
        check(url)
    message = caught.value.message
    assert words in message
    assert "\n" not in message
    assert password not in message
    result = CliRunner().invoke(main, ["db", "check", "--db", url])
    assert result.exit_code == 3
    assert words in result.output
    assert password not in result.output
    assert "Traceback" not in result.output


def test_check_reports_the_schema(pg_url: str, pg_empty_url: str) -> None:
    result = CliRunner().invoke(main, ["db", "check", "--db", pg_url])
    assert result.exit_code == 0, result.output
    assert f"schema: {HEAD} (current)" in result.output
    assert "PostgreSQL" in result.output
    assert ":***@" in result.output
    assert "schema: none yet" in check(pg_empty_url).schema
