"""``sophdesk secrets add | list | remove`` over the real keyring and a file backend."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from keyring_testing import (
    ENCRYPTED_BACKEND,
    FAIL_BACKEND,
    FILE_BACKEND,
    SECRET,
    files_holding,
    use_file_keyring,
)

from .conftest import EXIT_OK, EXIT_REFUSED, EXIT_UNUSABLE, EXIT_USAGE, Sandbox


@pytest.fixture
def keyring_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return use_file_keyring(monkeypatch, tmp_path)


def _shown(result) -> str:  # type: ignore[no-untyped-def]
    return result.stdout + result.stderr


def test_add_list_remove_round_trip(sandbox: Sandbox, keyring_file: Path) -> None:
    added = sandbox.ok("secrets", "add", "DB-Pass", input=SECRET + "\n")
    assert SECRET not in _shown(added)
    sandbox.ok("secrets", "add", "smtp", input="another-long-secret")
    listed = sandbox.ok("secrets", "list")
    assert listed.stdout == "db-pass\nsmtp\n"
    assert SECRET not in _shown(listed)
    assert keyring_file.exists()
    sandbox.ok("secrets", "remove", "db-pass")
    assert sandbox.ok("secrets", "list").stdout == "smtp\n"
    sandbox.ok("secrets", "remove", "smtp")
    assert sandbox.ok("secrets", "list").stdout == ""


def test_the_value_is_prompted_without_echo(
    sandbox: Sandbox, keyring_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sophdesk.cli.secrets.stdin_is_terminal", lambda: True)
    result = sandbox.ok("secrets", "add", "db-pass", input=f"{SECRET}\n{SECRET}\n")
    assert "Value of db-pass (not shown)" in result.stderr
    assert "confirm" in result.stderr
    assert SECRET not in _shown(result)
    assert result.stdout == ""
    assert sandbox.ok("secrets", "list").stdout == "db-pass\n"


def test_a_value_is_never_taken_from_an_argument(sandbox: Sandbox, keyring_file: Path) -> None:
    result = sandbox.invoke("secrets", "add", "db-pass", SECRET)
    assert result.exit_code == EXIT_USAGE
    assert not keyring_file.exists()


def test_adding_twice_is_refused_unless_replace(sandbox: Sandbox, keyring_file: Path) -> None:
    sandbox.ok("secrets", "add", "db-pass", input=SECRET)
    again = sandbox.invoke("secrets", "add", "db-pass", input="a-different-value")
    assert again.exit_code == EXIT_REFUSED
    assert "stored already" in again.stderr
    assert "--replace" in again.stderr
    sandbox.ok("secrets", "add", "db-pass", "--replace", input="a-different-value")
    assert sandbox.ok("secrets", "list").stdout == "db-pass\n"


@pytest.mark.parametrize(
    ("name", "value", "why"),
    [
        ("db-pass", "", "empty"),
        ("db-pass", "   \n", "empty"),
        ("db-pass", "short", "at least 8"),
        ("Bad Name", SECRET, "not a usable name"),
    ],
)
def test_refused_input_is_exit_1(
    sandbox: Sandbox, keyring_file: Path, name: str, value: str, why: str
) -> None:
    result = sandbox.invoke("secrets", "add", name, input=value)
    assert result.exit_code == EXIT_REFUSED, result.output
    assert why in result.stderr
    assert "Traceback" not in result.stderr
    assert sandbox.ok("secrets", "list").stdout == ""


def test_a_value_that_is_not_utf8_is_refused(sandbox: Sandbox, keyring_file: Path) -> None:
    result = sandbox.invoke("secrets", "add", "db-pass", input=b"\xff\xfe-long-enough-value")
    assert result.exit_code == EXIT_REFUSED
    assert "not UTF-8" in result.stderr


def test_removing_an_unknown_name_is_exit_1(sandbox: Sandbox, keyring_file: Path) -> None:
    result = sandbox.invoke("secrets", "remove", "nope")
    assert result.exit_code == EXIT_REFUSED
    assert result.stderr == "sophdesk: no known secret is named nope (see: sophdesk secrets list)\n"


@pytest.mark.parametrize(
    "args", [("secrets", "list"), ("secrets", "add", "db-pass"), ("secrets", "remove", "db")]
)
def test_no_keyring_backend_is_exit_3_with_the_fallback(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)
    result = sandbox.invoke(*args, input=SECRET)
    assert result.exit_code == EXIT_UNUSABLE
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("sophdesk: no keyring backend is available on this machine")
    assert "PYTHON_KEYRING_BACKEND" in lines[0]
    assert FILE_BACKEND in lines[0]
    assert "obfuscated, not encrypted" in lines[0]
    assert "Traceback" not in result.stderr


def test_a_prompting_backend_is_refused_without_a_free_terminal(
    sandbox: Sandbox, keyring_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", ENCRYPTED_BACKEND)
    result = sandbox.invoke("secrets", "add", "db-pass", input=SECRET)
    assert result.exit_code == EXIT_UNUSABLE
    assert ENCRYPTED_BACKEND in result.stderr
    assert "asks for a password on the terminal" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_the_value_is_written_nowhere_but_the_keyring(
    sandbox: Sandbox, keyring_file: Path, tmp_path: Path
) -> None:
    sandbox.ok("secrets", "add", "db-pass", input=SECRET)
    sandbox.ok("secrets", "list")
    sandbox.new()  # the database exists and is in tmp_path too
    sandbox.ok("redact", "--no-known", input="")
    home = Path(os.environ["HOME"])
    assert files_holding(home, SECRET) == []
    assert files_holding(Path(os.environ["SOPHDESK_DATA_DIR"]).parent, SECRET) == []
    assert files_holding(tmp_path, SECRET, skip=(keyring_file,)) == []
    assert sandbox.db.exists()


def _read_until(fd: int, marker: bytes, seen: bytearray, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while marker not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no {marker!r} in {bytes(seen)!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                raise AssertionError(f"ended before {marker!r}: {bytes(seen)!r}")
            seen.extend(chunk)


@pytest.mark.slow
def test_a_real_terminal_never_shows_the_value(sandbox: Sandbox, tmp_path: Path) -> None:
    """``sophdesk secrets add`` as a real process on a pseudo-terminal."""
    data_home = tmp_path / "keyring-data"
    env = sandbox.env(
        PYTHON_KEYRING_BACKEND=FILE_BACKEND,
        XDG_DATA_HOME=str(data_home),
        HOME=str(tmp_path),
    )
    main_fd, child_fd = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "sophdesk", "secrets", "add", "db-pass"],
        stdin=child_fd,
        stdout=child_fd,
        stderr=child_fd,
        env=env,
        cwd=tmp_path,
        start_new_session=True,
    )
    os.close(child_fd)
    seen = bytearray()
    try:
        _read_until(main_fd, b"(not shown): ", seen)
        os.write(main_fd, SECRET.encode() + b"\r")
        _read_until(main_fd, b"confirm db-pass (not shown): ", seen)
        os.write(main_fd, SECRET.encode() + b"\r")
        assert child.wait(timeout=60) == EXIT_OK
        _read_until(main_fd, b"stored db-pass", seen)
    finally:
        if child.poll() is None:
            child.kill()
        os.close(main_fd)
    assert SECRET.encode() not in seen
    listed = sandbox.run(["secrets", "list"], env=env)
    assert listed.stdout == b"db-pass\n"
    assert SECRET.encode() not in listed.stdout + listed.stderr
