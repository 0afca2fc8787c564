"""Schema migrations: from empty to HEAD, refusals that leave files alone, the backup."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import sophdesk.store
from sophdesk.services.desk import Desk
from sophdesk.store import migrate
from sophdesk.store.database import Database
from sophdesk.store.engine import sqlite_url
from sophdesk.store.errors import StoreError
from sophdesk.store.migrate import HEAD, KNOWN_REVISIONS, backup_copy

from .conftest import sha256


def _script() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", "sophdesk.store:migrations")
    return ScriptDirectory.from_config(config)


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _revision(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def test_head_is_alembics_head() -> None:
    script = _script()
    assert script.get_current_head() == HEAD
    assert KNOWN_REVISIONS[-1] == HEAD
    assert tuple(reversed([r.revision for r in script.walk_revisions()])) == KNOWN_REVISIONS


def test_migrations_ship_inside_the_package() -> None:
    package_dir = Path(sophdesk.store.__file__).resolve().parent / "migrations"
    script = _script()
    assert Path(script.dir).resolve() == package_dir
    assert (package_dir / "env.py").is_file()
    for revision in script.walk_revisions():
        assert revision.path is not None
        assert Path(revision.path).resolve().parent == package_dir / "versions"


def test_empty_database_is_migrated_to_head(db_path: Path) -> None:
    database = Database.open(sqlite_url(db_path))
    try:
        assert database.backup_path is None  # nothing to copy aside when new
    finally:
        database.close()
    assert _revision(db_path) == HEAD
    assert {"incident", "event", "alembic_version", "incident_fts"} <= _tables(db_path)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_zero_byte_file_is_a_new_database(db_path: Path) -> None:
    db_path.write_bytes(b"")
    Database.open(sqlite_url(db_path)).close()
    assert _revision(db_path) == HEAD


def test_tables_match_the_models_after_migration(db_path: Path) -> None:
    """The migrations build exactly what the SQLModel tables describe."""
    database = Database.open(sqlite_url(db_path))
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "include_object": lambda obj, name, type_, reflected, compare_to: (
                        not (type_ == "table" and str(name).startswith("incident_fts"))
                    ),
                },
            )
            assert compare_metadata(context, SQLModel.metadata) == []
    finally:
        database.close()


def test_reopening_at_head_makes_no_backup(db_path: Path) -> None:
    Database.open(sqlite_url(db_path)).close()
    database = Database.open(sqlite_url(db_path))
    database.close()
    assert database.backup_path is None
    assert [p.name for p in db_path.parent.iterdir() if ".bak" in p.name] == []


def test_backup_copy_is_a_valid_database_with_the_same_rows(db_path: Path) -> None:
    desk = Desk.open(sqlite_url(db_path), "ana")
    try:
        for n in range(25):
            desk.new_incident(f"incident {n}", "casa olivo", body="b" * n)
        # Rows still in the WAL (not checkpointed) must be in the copy too.
        target = backup_copy(desk.database.engine, "0000_older")
    finally:
        desk.close()
    assert target is not None
    backup = Path(target)
    assert backup.parent == db_path.parent
    assert backup.name.startswith(f"desk.db.before-{HEAD}-from-0000_older-")
    assert backup.name.endswith(".bak")
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copied = conn.execute("SELECT * FROM incident ORDER BY id").fetchall()
        copied_events = conn.execute("SELECT * FROM event ORDER BY id").fetchall()
    finally:
        conn.close()
    conn = sqlite3.connect(db_path)
    try:
        assert copied == conn.execute("SELECT * FROM incident ORDER BY id").fetchall()
        assert copied_events == conn.execute("SELECT * FROM event ORDER BY id").fetchall()
    finally:
        conn.close()
    assert len(copied) == 25


_NEXT_REVISION = '''
"""A later schema, for the test only."""
import sqlalchemy as sa
from alembic import op

revision = "9999_test_later"
down_revision = "__HEAD__"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("incident", sa.Column("region", sa.String(32), nullable=True))


def downgrade():
    op.drop_column("incident", "region")
'''


def test_existing_database_is_copied_aside_before_migrating(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older database gets a backup at its old revision, then the upgrade."""
    desk = Desk.open(sqlite_url(db_path), "ana")
    desk.new_incident("kept across the upgrade", "casa olivo")
    desk.close()

    # This sophdesk "ships" one more revision than the database has.
    packaged = Path(sophdesk.store.__file__).parent / "migrations"
    later = tmp_path / "later-migrations"
    shutil.copytree(packaged, later, ignore=shutil.ignore_patterns("__pycache__"))
    (later / "versions" / "9999_test_later.py").write_text(_NEXT_REVISION.replace("__HEAD__", HEAD))
    monkeypatch.setattr(migrate, "SCRIPT_LOCATION", str(later))
    monkeypatch.setattr(migrate, "HEAD", "9999_test_later")
    monkeypatch.setattr(migrate, "KNOWN_REVISIONS", (*KNOWN_REVISIONS, "9999_test_later"))

    said: list[str] = []
    database = Database.open(sqlite_url(db_path), progress=said.append)
    database.close()

    assert database.backup_path is not None
    backup = Path(database.backup_path)
    assert backup.exists()
    assert _revision(backup) == HEAD
    with sqlite3.connect(backup) as conn:
        assert [r[0] for r in conn.execute("SELECT title FROM incident")] == [
            "kept across the upgrade"
        ]
    assert _revision(db_path) == "9999_test_later"
    with sqlite3.connect(db_path) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(incident)")}
        titles = [r[0] for r in conn.execute("SELECT title FROM incident")]
    assert "region" in columns
    assert titles == ["kept across the upgrade"]
    assert any(str(backup) in line for line in said)
    assert any(f"from {HEAD} to 9999_test_later" in line for line in said)


def _plain_db(path: Path, statements: list[str], *, wal: bool = False) -> None:
    conn = sqlite3.connect(path)
    try:
        if wal:
            conn.execute("PRAGMA journal_mode = WAL")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_newer_schema_is_refused_and_untouched(db_path: Path, wal: bool) -> None:
    _plain_db(
        db_path,
        [
            "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
            "INSERT INTO alembic_version VALUES ('0099_from_the_future')",
            "CREATE TABLE incident (id INTEGER PRIMARY KEY, title TEXT)",
            "INSERT INTO incident VALUES (1, 'from a newer desk')",
        ],
        wal=wal,
    )
    before = sha256(db_path)
    with pytest.raises(StoreError) as caught:
        Database.open(sqlite_url(db_path))
    message = caught.value.message
    assert "newer sophdesk" in message
    assert "0099_from_the_future" in message
    assert "left untouched" in message
    assert "\n" not in message
    assert sha256(db_path) == before


def test_newer_sophdesk_database_is_refused_and_untouched(db_path: Path) -> None:
    Desk.open(sqlite_url(db_path), "ana").close()
    _plain_db(db_path, ["UPDATE alembic_version SET version_num = '0042_later'"])
    before = sha256(db_path)
    with pytest.raises(StoreError, match="newer sophdesk"):
        Database.open(sqlite_url(db_path))
    assert sha256(db_path) == before
    assert _revision(db_path) == "0042_later"


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_foreign_tables_are_refused_and_untouched(db_path: Path, wal: bool) -> None:
    _plain_db(
        db_path,
        [
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)",
            "INSERT INTO orders VALUES (1, 9.5)",
            "CREATE TABLE customers (id INTEGER PRIMARY KEY)",
        ],
        wal=wal,
    )
    before = sha256(db_path)
    with pytest.raises(StoreError) as caught:
        Database.open(sqlite_url(db_path))
    assert "not sophdesk's" in caught.value.message
    assert "customers, orders" in caught.value.message
    assert sha256(db_path) == before
    assert _tables(db_path) == {"orders", "customers"}


def test_non_sqlite_file_is_refused_and_untouched(db_path: Path) -> None:
    db_path.write_text("name,total\nbrightkettle,12\n")
    before = sha256(db_path)
    with pytest.raises(StoreError, match="is not a SQLite database"):
        Database.open(sqlite_url(db_path))
    assert sha256(db_path) == before


def _garble(path: Path, start: int) -> None:
    data = bytearray(path.read_bytes())
    rng = random.Random(1234)
    for i in range(start, len(data)):
        data[i] = rng.randrange(256)
    path.write_bytes(bytes(data))


def test_corrupt_first_page_is_refused_and_untouched(db_path: Path) -> None:
    _plain_db(
        db_path,
        ["CREATE TABLE t (x)"] + [f"INSERT INTO t VALUES ({n})" for n in range(500)],
    )
    _garble(db_path, 100)  # keep the 100-byte header valid, garble every page
    before = sha256(db_path)
    with pytest.raises(StoreError) as caught:
        Database.open(sqlite_url(db_path))
    assert str(db_path) in caught.value.message
    assert "left untouched" in caught.value.message
    assert sha256(db_path) == before


def test_corrupt_sophdesk_database_is_refused_and_untouched(db_path: Path) -> None:
    desk = Desk.open(sqlite_url(db_path), "ana")
    for n in range(50):
        desk.new_incident(f"incident {n}", "c", body="x" * 500)
    desk.close()
    page = 4096
    with sqlite3.connect(db_path) as conn:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    _garble(db_path, page)  # the schema page is fine, every table page is not
    before = sha256(db_path)
    with pytest.raises(StoreError) as caught:
        Database.open(sqlite_url(db_path))
    assert "left untouched" in caught.value.message
    assert sha256(db_path) == before


def test_missing_folder_is_refused_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "desk.db"
    with pytest.raises(StoreError) as caught:
        Database.open(sqlite_url(target))
    assert f"the folder {target.parent} does not exist" in caught.value.message
    assert not target.parent.exists()


def test_folder_as_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Database.open(sqlite_url(tmp_path))


def test_backup_copy_is_0600_whatever_the_umask(db_path: Path) -> None:
    Database.open(sqlite_url(db_path)).close()
    database = Database.open(sqlite_url(db_path))
    previous = os.umask(0)
    try:
        target = backup_copy(database.engine, "0000_older")
    finally:
        os.umask(previous)
        database.close()
    assert target is not None
    assert stat.S_IMODE(Path(target).stat().st_mode) == 0o600
