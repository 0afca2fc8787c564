"""0007 -> 0008 on SQLite: the communication columns and log_excerpt are added
without rebuilding the incident table (its expression indexes and full-text
triggers survive, and old rows are kept and still found)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from sophdesk.domain.communication import IncidentEdit
from sophdesk.domain.queue import QueueFilter
from sophdesk.services.communication import add_excerpt, edit_incident
from sophdesk.services.desk import Desk
from sophdesk.store import migrate
from sophdesk.store.engine import sqlite_url


def schema_objects(path: Path, kind: str) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))
        return {r[0] for r in rows}


def test_an_0007_database_upgrades_in_place(db_path: Path) -> None:
    engine = create_engine(sqlite_url(db_path))
    config = Config()
    config.set_main_option("script_location", migrate.SCRIPT_LOCATION)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007_body_raw")
    engine.dispose()
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO incident (title, customer, body, body_raw, status, is_open,"
            " severity_rank, created_at, updated_at, created_by, version)"
            " VALUES ('Quokka checkout fails', 'casa olivo', '', 0, 'new', 1, 0,"
            " '2026-11-27 09:00:00.000000', '2026-11-27 09:00:00.000000', 'ana', 1)"
        )
    indexes = schema_objects(db_path, "index")
    triggers = schema_objects(db_path, "trigger")
    assert triggers, "0007 has full-text triggers"

    desk = Desk.open(sqlite_url(db_path), "ana")
    try:
        assert desk.queue_ids(QueueFilter(search="quokka")) == [1]
        edit_incident(desk, 1, IncidentEdit(impact="cards fail", owner="Ana"))
        add_excerpt(desk, 1, "PHP Fatal error", "php")
        assert desk.incident(1).impact == "cards fail"
        desk.new_incident("Second quokka", "kitchenlab")
        assert sorted(desk.queue_ids(QueueFilter(search="quokka"))) == [1, 2]
    finally:
        desk.close()
    assert indexes <= schema_objects(db_path, "index")
    assert triggers == schema_objects(db_path, "trigger")
    assert "ix_log_excerpt_incident" in schema_objects(db_path, "index")
    with sqlite3.connect(db_path) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(incident)")}
    assert {"impact", "workaround", "follow_up"} <= columns
