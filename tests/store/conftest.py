"""Fixtures for store tests: real databases (SQLite files in tmp_path, and PostgreSQL
where a server is reachable: see ``tests/conftest.py``), a clock the test controls."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sophdesk.services.desk import Desk

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


class StepClock:
    """Each reading is one second after the previous one, from ``start``."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        current = self.now
        self.now += timedelta(seconds=1)
        return current


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.db"


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


@pytest.fixture
def desk(db_url: str, clock: StepClock) -> Iterator[Desk]:
    opened = Desk.open(db_url, "ana", clock=clock)
    try:
        yield opened
    finally:
        opened.close()
