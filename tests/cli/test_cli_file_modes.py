"""The data folder and the database files are the operator's alone, whatever the umask;
an existing database others can read is named in one warning and left as it is."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from .conftest import EXIT_OK, Sandbox


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _open_umask() -> None:
    os.umask(0)


# A second process, umask 0, writes while it keeps the database open, and reports
# the modes of the files SQLite made beside it.
_SIDE_FILES = """
import json, os, sqlite3, sys
path = sys.argv[1]
connection = sqlite3.connect(path)
connection.execute("UPDATE incident SET title = 'touched'")
connection.commit()
modes = {s: oct(os.stat(path + s).st_mode & 0o777) for s in ("-wal", "-shm")}
connection.close()
print(json.dumps(modes))
"""


def test_a_new_data_folder_and_database_are_private_whatever_the_umask(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    env = sandbox.env(SOPHDESK_DATA_DIR=str(data))
    del env["SOPHDESK_DATABASE_URL"]
    done = sandbox.run(["new", "--title", "T", "--customer", "C"], env=env, preexec_fn=_open_umask)
    assert done.returncode == EXIT_OK, done.stderr
    database = data / "sophdesk.db"
    assert _mode(data) == 0o700
    assert _mode(database) == 0o600
    side = subprocess.run(
        [sys.executable, "-c", _SIDE_FILES, str(database)],
        capture_output=True,
        preexec_fn=_open_umask,
        timeout=60,
        check=True,
    )
    assert json.loads(side.stdout) == {"-wal": "0o600", "-shm": "0o600"}


def test_a_database_others_can_read_gets_one_warning_and_is_left_alone(
    sandbox: Sandbox,
) -> None:
    sandbox.new()
    sandbox.db.chmod(0o644)
    done = sandbox.run(["list"])
    assert done.returncode == EXIT_OK
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"sophdesk: warning: other users can read {sandbox.db} (0644)")
    # (and its -wal, -shm where they exist: `list` on a ready file reads it without
    # the store, and leaves none behind)
    assert f"chmod 600 {sandbox.db}" in lines[0]
    assert _mode(sandbox.db) == 0o644
    sandbox.db.chmod(0o600)
    for side in ("-wal", "-shm"):
        Path(f"{sandbox.db}{side}").unlink(missing_ok=True)  # made 0600 again on open
    assert sandbox.run(["list"]).stderr == b""


def test_an_open_data_folder_is_named_with_its_fix(sandbox: Sandbox, tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = sandbox.env(SOPHDESK_DATA_DIR=str(data))
    del env["SOPHDESK_DATABASE_URL"]
    assert sandbox.run(["new", "--title", "T", "--customer", "C"], env=env).returncode == 0
    data.chmod(0o755)
    done = sandbox.run(["list"], env=env)
    assert done.returncode == EXIT_OK
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1
    assert f"{data} (0755)" in lines[0]
    assert lines[0].endswith(f"chmod 700 {data}")
    assert _mode(data) == 0o755
