"""Running the CLI in-process (CliRunner) and as a real process, isolated in tmp_path.

The user's own config file and database are never read: SOPHDESK_CONFIG_FILE points
at a file that does not exist and the database lives in tmp_path.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sophdesk.cli import main

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_UNUSABLE = 0, 1, 2, 3


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOPHDESK_")}
    env.update(extra)
    return env


@dataclass
class Sandbox:
    """One isolated desk: its folder, database file and config file (absent by default)."""

    root: Path

    def __post_init__(self) -> None:
        self.db = self.root / "desk.db"
        self.config = self.root / "no-config.toml"

    def write_config(self, text: str) -> Path:
        self.config = self.root / "config.toml"
        self.config.write_text(text, encoding="utf-8")
        return self.config

    def env(self, **extra: str) -> dict[str, str]:
        env = clean_env(
            SOPHDESK_CONFIG_FILE=str(self.config),
            SOPHDESK_DATABASE_URL=f"sqlite:///{self.db}",
        )
        env.update(extra)
        return env

    def invoke(self, *args: str, input: str | bytes | None = None) -> Result:  # noqa: A002
        """The CLI in this process (CliRunner); stdout and stderr kept apart."""
        env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("SOPHDESK_")}
        env["SOPHDESK_CONFIG_FILE"] = str(self.config)
        env["SOPHDESK_DATABASE_URL"] = f"sqlite:///{self.db}"
        return CliRunner().invoke(main, list(args), input=input, env=env)

    def ok(self, *args: str, input: str | bytes | None = None) -> Result:  # noqa: A002
        result = self.invoke(*args, input=input)
        assert result.exit_code == EXIT_OK, (result.stdout, result.stderr, result.exception)
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json").stdout)

    def new(self, title: str = "Checkout returns 500", customer: str = "casa olivo") -> int:
        return int(self.ok("new", "--title", title, "--customer", customer).stdout)

    def run(
        self,
        args: Sequence[str],
        *,
        input: bytes | None = None,  # noqa: A002
        env: dict[str, str] | None = None,
        preexec_fn: Callable[[], None] | None = None,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        """``python -m sophdesk ARGS`` as a real process."""
        return subprocess.run(
            [sys.executable, "-m", "sophdesk", *args],
            input=input,
            capture_output=True,
            env=env if env is not None else self.env(),
            preexec_fn=preexec_fn,
            cwd=cwd or self.root,
            timeout=120,
        )

    def rows(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def count(self) -> int:
        if not self.db.exists():
            return 0
        return int(self.rows("SELECT count(*) FROM incident")[0][0])


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    return Sandbox(tmp_path)


# -- running as someone file modes apply to -------------------------------------

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE = 1
CAP_DAC_READ_SEARCH = 2


def _as_nobody() -> None:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


def _without_dac_override() -> None:
    """Stay root, but lose the power to ignore file modes (for this child only)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@dataclass
class Unprivileged:
    """How to run a child that file permissions apply to."""

    preexec_fn: Callable[[], None] | None
    how: str


def _world_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="sophdesk-test-", dir="/tmp"))
    folder.chmod(0o777)
    return folder


def _remove(folder: Path) -> None:
    for dirpath, _dirs, _files in os.walk(folder):
        Path(dirpath).chmod(0o777)
    shutil.rmtree(folder, ignore_errors=True)


def _works(preexec_fn: Callable[[], None] | None, folder: Path) -> bool:
    probe = folder / "probe"
    probe.write_bytes(b"x")
    probe.chmod(0o444)
    try:
        done = subprocess.run(
            [sys.executable, "-c", "import sys, sophdesk; open(sys.argv[1], 'r+b')", str(probe)],
            capture_output=True,
            preexec_fn=preexec_fn,
            env=clean_env(HOME=str(folder)),
            cwd=folder,
            timeout=60,
        )
    except OSError:
        return False
    finally:
        probe.unlink()
    return done.returncode == 1 and b"PermissionError" in done.stderr


@pytest.fixture(scope="session")
def unprivileged() -> Unprivileged:
    folder = _world_dir()
    try:
        if os.geteuid() != 0:
            candidates: list[Unprivileged] = [Unprivileged(None, "this user (not root)")]
        else:
            candidates = [
                Unprivileged(_as_nobody, "uid 65534"),
                Unprivileged(_without_dac_override, "root without CAP_DAC_OVERRIDE"),
            ]
        for candidate in candidates:
            if _works(candidate.preexec_fn, folder):
                return candidate
    finally:
        _remove(folder)
    pytest.skip("cannot run a child process that file permissions apply to")


@pytest.fixture
def world_sandbox() -> Iterator[Sandbox]:
    """A sandbox in a world-accessible folder under /tmp (for runs as another user)."""
    folder = _world_dir()
    try:
        yield Sandbox(folder)
    finally:
        _remove(folder)
