"""The copy made before a migration is all or nothing: a full disk, a file-size
limit or a kill -9 half-way leaves the database as it was and no partial copy
behind (real tmpfs, real rlimit, real SIGKILL)."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from damaged_testing import backups, leftovers, older_desk, sha256

from .conftest import EXIT_OK, EXIT_UNUSABLE, Sandbox


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MiB filesystem (tmpfs), mounted for the test (needs root)."""
    folder = tmp_path / "small"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the rlimit test covers a failing write")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace')}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_backup_that_does_not_fit_is_refused_in_one_line_and_changes_nothing(
    small_disk: Path,
) -> None:
    sandbox = Sandbox(small_disk)
    older_desk(sandbox.db, incidents=200, body_bytes=1000)
    before = sha256(sandbox.db)
    for _attempt in range(2):  # a retry adds nothing either
        done = sandbox.run(["list"])
        assert done.returncode == EXIT_UNUSABLE, done.stderr
        lines = done.stderr.decode().splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith("sophdesk: need ")
        assert f"free in {small_disk} for the backup" in lines[0]
        assert "nothing was changed" in lines[0]
        assert "Traceback" not in done.stderr.decode()
        assert sha256(sandbox.db) == before
        assert sorted(p.name for p in small_disk.iterdir()) == ["desk.db"]


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_write_failing_half_way_through_the_backup_leaves_no_partial_copy(
    sandbox: Sandbox,
) -> None:
    older_desk(sandbox.db, incidents=1500, body_bytes=2000)
    size = sandbox.db.stat().st_size
    assert size > 3_000_000
    before = sha256(sandbox.db)
    done = sandbox.run(["list"], preexec_fn=lambda: _limit_file_size(size // 3))
    assert done.returncode == EXIT_UNUSABLE, done.stderr
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert "could not copy" in lines[0]
    assert "nothing was changed" in lines[0]
    assert sha256(sandbox.db) == before
    assert leftovers(sandbox.root) == []
    assert backups(sandbox.root) == []
    assert not Path(f"{sandbox.db}-journal").exists()


_CHILD = """
import sys
from sophdesk.store.database import Database

def progress(line):
    if line.startswith("copying the database aside"):
        print("copying", flush=True)
        sys.stdin.read()  # until the test kills this process

Database.open(sys.argv[1], progress=progress)
print("finished", flush=True)
"""


@pytest.mark.slow  # real processes killed mid-copy
def test_a_backup_killed_half_way_is_cleaned_up_by_the_next_open(sandbox: Sandbox) -> None:
    older_desk(sandbox.db, incidents=3000, body_bytes=2000)
    before = sha256(sandbox.db)
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, f"sqlite:///{sandbox.db}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=sandbox.env(),
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"copying\n"  # half-way through the copy
        partial = [sandbox.root / name for name in leftovers(sandbox.root)]
        assert any(p.name.endswith(f".bak-partial-{child.pid}") for p in partial)
        assert max(p.stat().st_size for p in partial) > 0
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert leftovers(sandbox.root) != []
    assert sha256(sandbox.db) == before

    done = sandbox.run(["list", "--format", "plain"])
    assert done.returncode == EXIT_OK, done.stderr
    assert b"incident 2999" in done.stdout
    assert leftovers(sandbox.root) == []
    assert len(backups(sandbox.root)) == 1


def test_only_partial_copies_of_processes_that_are_gone_are_removed(sandbox: Sandbox) -> None:
    older_desk(sandbox.db)
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], check=True, capture_output=True
    )
    dead_pid = int(gone.stdout)
    stem = f"{sandbox.db.name}.before-0009_team_changes-from-0008_communication-20261207T000000Z"
    dead = [sandbox.root / f"{stem}.bak-partial-{dead_pid}{end}" for end in ("", "-journal")]
    live = sandbox.root / f"{stem}.bak-partial-{os.getpid()}"  # this test is alive
    for path in (*dead, live):
        path.write_bytes(b"half a copy")
    done = sandbox.run(["list"])
    assert done.returncode == EXIT_OK, done.stderr
    assert leftovers(sandbox.root) == [live.name]
    assert len(backups(sandbox.root)) == 1
