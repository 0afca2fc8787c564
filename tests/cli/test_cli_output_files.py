"""Files the operator names are written 0600, whole, and never through a symbolic link."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from .conftest import EXIT_OK, EXIT_USAGE, Sandbox

PRECIOUS = b"someone else's file\n\x00\xff keep me\n"


def _outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    target = folder / "precious.txt"
    target.write_bytes(PRECIOUS)
    return target


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


COMMANDS = {
    "report": lambda out: ["report", "1", "--output", out],
    "update": lambda out: ["update", "1", "--audience", "internal", "--output", out, "--draft"],
    "matrix export": lambda out: ["matrix", "export", out],
    "redact --findings": lambda out: ["redact", "--no-known", "--findings", out],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_symlink_is_refused_and_its_target_untouched(
    sandbox: Sandbox, tmp_path: Path, command: str
) -> None:
    sandbox.new()
    target = _outside(tmp_path)
    link = sandbox.root / "out.md"
    link.symlink_to(target)
    done = sandbox.run(COMMANDS[command](str(link)), input=b"mail ana@example.com\n")
    assert done.returncode == EXIT_USAGE, done.stderr
    lines = done.stderr.decode().strip().splitlines()
    assert lines == [f"sophdesk: {link} is a symbolic link; sophdesk does not write through"
                     " links: give the real path"]  # fmt: skip
    assert target.read_bytes() == PRECIOUS
    assert link.is_symlink()
    assert sorted(p.name for p in target.parent.iterdir()) == ["precious.txt"]


def test_a_dangling_symlink_creates_nothing_where_it_points(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    sandbox.new()
    planted = tmp_path / "outside" / "planted.md"
    planted.parent.mkdir()
    link = sandbox.root / "report.md"
    link.symlink_to(planted)
    done = sandbox.run(["report", "1", "--output", str(link)])
    assert done.returncode == EXIT_USAGE
    assert not planted.exists()


def test_an_existing_output_file_is_replaced_whole_and_made_0600(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    sandbox.new()
    out = tmp_path / "report.md"
    out.write_bytes(b"x" * 100_000)
    out.chmod(0o644)
    done = sandbox.run(["report", "1", "--output", str(out)], env=sandbox.env())
    assert done.returncode == EXIT_OK, done.stderr
    assert _mode(out) == 0o600
    assert out.read_text(encoding="utf-8").startswith("# Support report:")
    assert "x" * 100 not in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_output_is_0600_whatever_the_umask(sandbox: Sandbox, tmp_path: Path) -> None:
    sandbox.new()
    out = tmp_path / "matrix.toml"
    done = sandbox.run(["matrix", "export", str(out)], preexec_fn=lambda: os.umask(0))
    assert done.returncode == EXIT_OK, done.stderr
    assert _mode(out) == 0o600
