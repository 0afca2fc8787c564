"""Shared fixtures: an isolated environment, a frozen clock, real SQLite desks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from desk_testing import frozen_clock

from sophdesk.config import Settings
from sophdesk.services.demo import fill_demo
from sophdesk.services.desk import Desk


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """No test reads or writes the user's config, data or themes."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("SOPHDESK_CONFIG_FILE", str(home / "no-config.toml"))
    monkeypatch.setenv("SOPHDESK_DATA_DIR", str(home / "data"))
    for name in (
        "SOPHDESK_DATABASE_URL",
        "SOPHDESK_TIMEZONE",
        "SOPHDESK_THEME",
        "SOPHDESK_OPERATOR",
        "NO_COLOR",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.db"


@pytest.fixture
def desk(db_path: Path) -> Iterator[Desk]:
    opened = Desk.open(f"sqlite:///{db_path}", "tester", clock=frozen_clock)
    yield opened
    opened.close()


@pytest.fixture
def demo_desk(desk: Desk) -> Desk:
    """A desk holding 40 realistic incidents, the same ones every run."""
    fill_demo(desk, 40)
    return desk


@pytest.fixture
def settings() -> Settings:
    return Settings()
