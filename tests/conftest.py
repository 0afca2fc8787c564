"""Shared fixtures: an isolated environment, a frozen clock, real desks.

Store and service tests run on SQLite and on PostgreSQL: a test there that asks
for ``desk`` or ``db_url`` (and not for the SQLite file itself, ``db_path``, nor
marked ``sqlite_only``) runs once per backend; see ``postgres_testing.py``.
"""

from __future__ import annotations

import inspect
import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from desk_testing import frozen_clock
from postgres_testing import BOTH_BACKENDS, in_ci, pg_empty_url, pg_server, pg_url

from sophdesk.config import Settings
from sophdesk.services.demo import fill_demo
from sophdesk.services.desk import Desk


@pytest.fixture(scope="session")
def isolated_homes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding every test's home in this test process."""
    return tmp_path_factory.mktemp("homes")


_home_numbers = itertools.count()


@pytest.fixture(autouse=True)
def isolated_environment(isolated_homes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's config, data or themes.

    Each test's home is a new numbered folder made with one ``mkdir``: not with
    ``tmp_path_factory.mktemp``, which lists the whole base folder to find the next
    number, so that with a home per test it cost O(tests) per test (a minute of the
    unit tests' three on one core)."""
    home = isolated_homes / str(next(_home_numbers))
    home.mkdir()
    _isolate(home, monkeypatch)


def _isolate(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("SOPHDESK_CONFIG_FILE", str(home / "no-config.toml"))
    monkeypatch.setenv("SOPHDESK_DATA_DIR", str(home / "data"))
    for name in (
        "SOPHDESK_DATABASE_URL",
        "SOPHDESK_CACHE_DIR",
        "SOPHDESK_TIMEZONE",
        "SOPHDESK_THEME",
        "SOPHDESK_OPERATOR",
        "NO_COLOR",
    ):
        monkeypatch.delenv(name, raising=False)
    # A command run in this process may have set where compiled patterns are kept.
    from sophdesk.domain.redaction import anchors

    monkeypatch.setattr(anchors, "_store", None)
    # The fingerprint key is read once per process: each test has its own keyring.
    from sophdesk.services import fingerprints

    fingerprints.forget()
    monkeypatch.delenv(fingerprints.ENV_KEY, raising=False)


__all__ = ["pg_empty_url", "pg_server", "pg_url"]  # fixtures, for every test module


def _on_both_backends(metafunc: pytest.Metafunc) -> bool:
    parts = Path(str(metafunc.definition.path)).parts
    if not any(f"tests/{folder}" in "/".join(parts) for folder in BOTH_BACKENDS):
        return False
    if metafunc.definition.get_closest_marker("sqlite_only") is not None:
        return False
    # A test that opens the SQLite file itself is about SQLite.
    return "db_path" not in inspect.signature(metafunc.function).parameters


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (pyproject's addopts): two workers per core, at most four more than
    the cores. Half of the suite waits rather than computes (Pilot polling the screen,
    real subprocesses, SQLite and PostgreSQL round trips), so one worker per core
    leaves the cores idle: on 2 cores, 404 s with 2 workers, 307 s with 4.
    ``PYTEST_XDIST_AUTO_NUM_WORKERS`` still decides when set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    return min(2 * cores, cores + 4)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames and _on_both_backends(metafunc):
        metafunc.parametrize("backend", ["sqlite", "postgresql"])


_postgres_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "[postgresql" in report.nodeid:
        _postgres_skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # Belt and braces for postgres_testing.unavailable(): under CI a skipped
    # PostgreSQL test fails the run.
    if in_ci() and _postgres_skipped and exitstatus == 0:
        session.exitstatus = 1
        print(f"\nCI: {len(_postgres_skipped)} PostgreSQL tests were skipped; that fails CI")


@pytest.fixture
def backend() -> str:
    """Which database the desk runs on (store and service tests get both)."""
    return "sqlite"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.db"


@pytest.fixture
def db_url(backend: str, db_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{db_path}"


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A desk database as the first open leaves it (every migration applied), made
    once per test process: a test that only needs an open desk starts from a copy
    instead of running the migrations again (~0.2 s each; the store tests still
    migrate from nothing)."""
    path = tmp_path_factory.mktemp("migrated") / "desk.db"
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolate(tmp_path_factory.mktemp("template-home"), monkeypatch)
        Desk.open(f"sqlite:///{path}", "tester", clock=frozen_clock).close()
    return path


def fresh_sqlite(db_path: Path, migrated: Path) -> None:
    """Put a copy of the migrated database at ``db_path`` unless a file is there."""
    if not db_path.exists():
        shutil.copy2(migrated, db_path)


@pytest.fixture
def desk(
    db_url: str, backend: str, db_path: Path, request: pytest.FixtureRequest
) -> Iterator[Desk]:
    if backend == "sqlite":
        fresh_sqlite(db_path, request.getfixturevalue("migrated_sqlite"))
    opened = Desk.open(db_url, "tester", clock=frozen_clock)
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
