"""Real databases in states an operator may meet: an older schema (needs migrating),
a damaged page, leftovers of a process killed half-way. Made with Alembic and
sqlite3 on real files; nothing is simulated."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from sophdesk.store import migrate

OLDER = "0008_communication"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def older_desk(path: Path, incidents: int = 20, body_bytes: int = 200) -> None:
    """A desk at an older schema (:data:`OLDER`), holding ``incidents`` incidents."""
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", migrate.SCRIPT_LOCATION)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, OLDER)
    engine.dispose()
    add_incidents(path, incidents, body_bytes)


def add_incidents(path: Path, count: int, body_bytes: int) -> None:
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO incident (title, customer, body, body_raw, status, is_open,"
            " severity_rank, created_at, updated_at, created_by, version)"
            " VALUES (?, 'casa olivo', ?, 0, 'new', 1, 0,"
            " '2026-11-27 09:00:00.000000', '2026-11-27 09:00:00.000000', 'ana', 1)",
            [(f"incident {n}", f"{n:06d}" + "x" * body_bytes) for n in range(count)],
        )
    conn.close()


def leaf_page_of(path: Path, table: str) -> int:
    """A page of ``table``'s b-tree that is not its root (the root's right-most child)."""
    data = path.read_bytes()
    page_size = int.from_bytes(data[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()[0]
    conn.close()
    start = (root - 1) * page_size + (100 if root == 1 else 0)
    assert data[start] == 0x05, f"the root of {table} is not an interior page: make it bigger"
    return int.from_bytes(data[start + 8 : start + 12], "big")


def damage_page(path: Path, page: int) -> None:
    """Overwrite the middle of ``page`` (its cells) with garbage, in place."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    start = (page - 1) * page_size
    data[start : start + page_size] = bytes([0x0D, 0xFF, 0xFF, 0xFF]) * (page_size // 4)
    path.write_bytes(bytes(data))


def leftovers(folder: Path) -> list[str]:
    """Files a half-done backup leaves: partial copies and their journals."""
    return sorted(p.name for p in folder.iterdir() if "-partial-" in p.name)


def backups(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".bak"))
