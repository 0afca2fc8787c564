"""The fast start path reads the same first screen the store does."""

from __future__ import annotations

from pathlib import Path

import pytest
from desk_testing import frozen_clock

from sophdesk.domain.lifecycle import Status
from sophdesk.domain.queue import QueueFilter
from sophdesk.domain.severity import Severity
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


def test_the_queue_is_read_in_index_order_without_a_sort(desk: Desk, db_path: Path) -> None:
    """The open queue, all statuses and one status each walk an index in queue order."""
    import sqlite3

    from sqlalchemy.dialects import sqlite as sqlite_dialect

    from sophdesk.store import repository

    fill_demo(desk, 50)
    with desk.database.reading() as session:
        statements = []
        for wanted in (
            QueueFilter(),
            QueueFilter(statuses=tuple(Status)),
            QueueFilter(statuses=(Status.RESOLVED,)),
        ):
            captured: list[str] = []
            original = session.connection().execute

            def capture(stmt, *args, _c=captured, _o=original, **kwargs):  # type: ignore[no-untyped-def]
                _c.append(
                    str(
                        stmt.compile(
                            dialect=sqlite_dialect.dialect(),
                            compile_kwargs={"literal_binds": True},
                        )
                    )
                )
                return _o(stmt, *args, **kwargs)

            connection = session.connection()
            connection.execute = capture  # type: ignore[method-assign]
            try:
                repository.queue_ids(session, wanted)
            finally:
                del connection.execute
            statements.append(captured[0])
    with sqlite3.connect(db_path) as connection:
        for sql in statements:
            plan = " | ".join(row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "INDEX ix_incident_" in plan, plan
            assert "TEMP B-TREE" not in plan, plan


def test_first_screen_matches_the_store_with_sla_clocks(demo_desk: Desk, db_path: Path) -> None:
    expected = demo_desk.listing(QueueFilter(limit=40))
    assert any(row.sla_due_at is not None for row in expected)
    assert quick.first_screen(db_path, 40) == expected


QUICK_FILTERS = [
    QueueFilter(),
    QueueFilter(limit=7),
    QueueFilter(statuses=(Status.RESOLVED,)),
    QueueFilter(statuses=(Status.NEW, Status.TRIAGED), limit=12),
    QueueFilter(statuses=tuple(Status)),
    QueueFilter(severities=(Severity.SEV1, None)),
    QueueFilter(statuses=tuple(Status), severities=(Severity.SEV2,), limit=5),
    QueueFilter(limit=0),
]


@pytest.mark.sqlite_only
def test_the_quick_listing_matches_the_store_for_every_filter(
    demo_desk: Desk, db_path: Path
) -> None:
    for incident_id in demo_desk.queue_ids(QueueFilter(limit=6)):
        demo_desk.change_status(incident_id, Status.RESOLVED)
    for wanted in QUICK_FILTERS:
        assert quick.listing(db_path, wanted) == demo_desk.listing(wanted), wanted


@pytest.mark.sqlite_only
def test_a_search_or_an_unclocked_incident_is_left_to_the_full_store(
    desk: Desk, db_path: Path
) -> None:
    desk.new_incident("Checkout 500", "acme.shop")
    assert not quick.can_list(QueueFilter(search="checkout"))
    with pytest.raises(quick.QuickReadError):
        quick.listing(db_path, QueueFilter(search="checkout"))
    import sqlite3

    with sqlite3.connect(db_path) as connection:  # as written before triage clocks
        connection.execute("UPDATE incident SET sla_clock = NULL")
    connection.close()
    with pytest.raises(quick.QuickReadError):
        quick.listing(db_path, QueueFilter())
    assert len(quick.first_screen(db_path, 5)) == 1  # the desk paints it meanwhile


@pytest.mark.sqlite_only
def test_the_quick_matrix_and_severity_match_the_store(demo_desk: Desk, db_path: Path) -> None:
    from sophdesk.domain.errors import NotFound
    from sophdesk.domain.matrix_toml import parse_matrix
    from sophdesk.services.demo import fill_demo_matrix

    assert quick.matrix_toml(db_path) is None  # none recorded: the default is in force
    ready = prepare(f"sqlite:///{db_path}", "tester", frozen_clock)
    try:
        assert ready.current_matrix() == demo_desk.current_matrix()
        fill_demo_matrix(demo_desk)
        recorded = quick.matrix_toml(db_path)
        assert recorded is not None
        assert parse_matrix(recorded) == demo_desk.current_matrix()
        assert ready.current_matrix() == demo_desk.current_matrix()
        for row in demo_desk.listing(QueueFilter(statuses=tuple(Status))):
            assert ready.incident_severity(row.id) == demo_desk.incident_severity(row.id)
        with pytest.raises(NotFound, match="no incident #9999"):
            ready.incident_severity(9999)
        assert not ready.is_open  # all of it read without opening the store
    finally:
        ready.close()


def test_the_quick_path_knows_the_same_tables_as_the_store() -> None:
    from sophdesk.store.health import known_tables

    assert known_tables() == quick.KNOWN_TABLES


@pytest.mark.sqlite_only
def test_a_table_that_is_not_ours_is_left_to_the_full_store(desk: Desk, db_path: Path) -> None:
    import sqlite3

    desk.new_incident("Checkout 500", "acme.shop")
    assert quick.at_head(f"sqlite:///{db_path}") == db_path
    with sqlite3.connect(db_path) as connection:
        connection.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY)")
    connection.close()
    assert quick.at_head(f"sqlite:///{db_path}") is None  # the full path refuses it
