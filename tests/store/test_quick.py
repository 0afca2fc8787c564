"""The fast start path reads the same first screen the store does."""

from __future__ import annotations

from pathlib import Path

from desk_testing import frozen_clock

from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueFilter
from sophdesk.services.demo import fill_demo
from sophdesk.services.desk import Desk
from sophdesk.services.handle import prepare
from sophdesk.store import quick
from sophdesk.store.revisions import HEAD


def test_first_screen_matches_the_store_row_for_row(desk: Desk, db_path: Path) -> None:
    fill_demo(desk, 300)
    desk.change_status(desk.queue_ids(QueueFilter())[0], Status.RESOLVED)
    expected = desk.listing(QueueFilter(limit=60))
    assert quick.at_head(f"sqlite:///{db_path}") == db_path
    assert quick.first_screen(db_path, 60) == expected


def test_only_a_sqlite_file_at_the_current_schema_takes_the_fast_path(tmp_path: Path) -> None:
    assert quick.at_head(f"sqlite:///{tmp_path / 'missing.db'}") is None
    assert quick.at_head("postgresql+psycopg://u@localhost/desk") is None
    text = tmp_path / "notes.db"
    text.write_text("not a database")
    assert quick.at_head(f"sqlite:///{text}") is None
    old = tmp_path / "old.db"
    import sqlite3

    with sqlite3.connect(old) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num TEXT)")
        connection.execute("INSERT INTO alembic_version VALUES ('0001_initial')")
    assert HEAD != "0001_initial"
    assert quick.at_head(f"sqlite:///{old}") is None


def test_prepare_defers_opening_only_when_nothing_needs_doing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    fresh = prepare(url, "tester", frozen_clock)
    try:
        assert fresh.is_open  # a new database is created before the screen appears
        fresh.desk.new_incident("Checkout 500", "acme.shop")
    finally:
        fresh.close()
    ready = prepare(url, "tester", frozen_clock)
    try:
        assert not ready.is_open
        rows = ready.first_screen(10)
        assert rows is not None
        assert [r.title for r in rows] == ["Checkout 500"]
        assert ready.desk.count() == 1  # opens on first use
        assert ready.is_open
        assert ready.first_screen(10) is None  # once open, the store is used
    finally:
        ready.close()
