"""``python -m sophdesk`` as a real process: exit codes, stderr, unusable databases."""

from __future__ import annotations

import json
import os
import pty
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sophdesk.services.desk import Desk
from sophdesk.store.engine import sqlite_url

from .conftest import (
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_UNUSABLE,
    EXIT_USAGE,
    Sandbox,
    Unprivileged,
    sha256,
)


def text(data: bytes) -> str:
    return data.decode("utf-8")


def one_error_line(stderr: bytes) -> str:
    """The whole of stderr: exactly one line, prefixed, no traceback."""
    err = text(stderr)
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("sophdesk: ")
    return lines[0]


@pytest.mark.slow  # six processes in a row (the other tests here start one or two)
def test_round_trip_in_real_processes(sandbox: Sandbox) -> None:
    created = sandbox.run(["new", "--title", "Checkout 500", "--customer", "casa olivo"])
    assert created.returncode == EXIT_OK
    assert created.stdout == b"1\n"
    assert created.stderr == b""  # creating and migrating the file is quiet when piped
    moved = sandbox.run(["--as", "ben", "status", "1", "triaged", "--note", "seen"])
    assert (moved.returncode, moved.stdout) == (EXIT_OK, b"#1 is now triaged\n")
    listed = json.loads(sandbox.run(["list", "--json"]).stdout)
    assert [(r["id"], r["status"]) for r in listed] == [(1, "triaged")]
    shown = text(sandbox.run(["show", "1"]).stdout)
    assert "ben  status new -> triaged - seen" in shown
    refused = sandbox.run(["status", "1", "reviewed"])
    assert refused.returncode == EXIT_REFUSED
    assert "from triaged it can move to: escalated, mitigated" in one_error_line(refused.stderr)
    usage = sandbox.run(["status", "1"])
    assert usage.returncode == EXIT_USAGE
    assert b"Traceback" not in usage.stderr


def test_db_option_in_a_real_process(sandbox: Sandbox, tmp_path: Path) -> None:
    env = sandbox.env()
    del env["SOPHDESK_DATABASE_URL"]
    env["SOPHDESK_DATA_DIR"] = str(tmp_path / "data")  # the default, if --db were ignored
    made = sandbox.run(["new", "--db", "chosen.db", "--title", "t", "--customer", "c"], env=env)
    assert made.returncode == EXIT_OK
    assert (tmp_path / "chosen.db").exists()  # relative to the working folder
    assert not (tmp_path / "data").exists()


def test_database_url_variable_may_be_a_plain_path(sandbox: Sandbox, tmp_path: Path) -> None:
    target = tmp_path / "plain-path.db"
    env = sandbox.env(SOPHDESK_DATABASE_URL=str(target))
    made = sandbox.run(["new", "--title", "t", "--customer", "c"], env=env)
    assert b"Traceback" not in made.stderr
    assert made.returncode == EXIT_OK, made.stderr
    assert target.exists()


@pytest.mark.parametrize(
    "url",
    [
        "bad scheme!://x",
        "http://[::1",
        "sqlite+nosuchdriver:///x.db",
        "nosuchdb://h/x",
        "sqlite://",  # in memory: nothing would be kept
        "sqlite:///:memory:",
    ],
)
def test_unusable_database_url(sandbox: Sandbox, url: str) -> None:
    done = sandbox.run(["--db", url, "list"])
    assert done.returncode == EXIT_UNUSABLE
    one_error_line(done.stderr)


def test_body_from_stdin_in_a_real_process(sandbox: Sandbox) -> None:
    body = b"Pasted from the e-mail:\n[b]SophMate[/b] 3.4.1 \x1b[31mfails\x1b[0m\n"
    made = sandbox.run(
        ["new", "--title", "t", "--customer", "c", "--body-file", "-", "--json"], input=body
    )
    assert made.returncode == EXIT_OK
    assert json.loads(made.stdout)["body"] == body.decode()
    assert b"\x1b" not in made.stdout
    assert sandbox.rows("SELECT body FROM incident") == [(body.decode(),)]


def test_ten_megabyte_stdin_refused_in_a_real_process(sandbox: Sandbox) -> None:
    big = os.urandom(16).hex().encode() * (10 * 1024 * 1024 // 32)
    done = sandbox.run(["new", "--title", "t", "--customer", "c", "--body-file", "-"], input=big)
    assert done.returncode == EXIT_REFUSED
    assert "over 1,048,576 bytes (1 MB)" in one_error_line(done.stderr)
    assert done.stdout == b""
    assert sandbox.count() == 0


def test_binary_body_refused_in_a_real_process(sandbox: Sandbox) -> None:
    done = sandbox.run(
        ["new", "--title", "t", "--customer", "c", "--body-file", "-"],
        input=b"\x1f\x8b\x08\x00\xde\xad\xbe\xef\xff\xfe",
    )
    assert done.returncode == EXIT_REFUSED
    assert "binary" in one_error_line(done.stderr)
    assert sandbox.count() == 0


@pytest.mark.slow  # five processes in a row
def test_escapes_shown_visibly_in_a_real_process(sandbox: Sandbox) -> None:
    title = "[bold]x[/] \x1b]2;pwned\x07 \u202eevil"
    assert sandbox.run(["new", "--title", title, "--customer", "c"]).returncode == EXIT_OK
    for args in (["show", "1"], ["list"], ["list", "--format", "plain"], ["list", "--json"]):
        out = text(sandbox.run(args).stdout)
        assert "\x1b" not in out
        assert "\u202e" not in out
        if "--json" not in args:
            assert "[bold]x[/] \u241b]2;pwned\u2407 <U+202E>evil" in out
    assert sandbox.rows("SELECT title FROM incident") == [(title,)]


# -- unusable databases ---------------------------------------------------------------


def _sophdesk_db(path: Path, *titles: str) -> None:
    desk = Desk.open(sqlite_url(path), "ana")
    try:
        for title in titles:
            desk.new_incident(title, "c")
    finally:
        desk.close()


def _missing_folder(box: Sandbox) -> Path:
    return box.root / "no-such-folder" / "desk.db"


def _not_sqlite(box: Sandbox) -> Path:
    path = box.root / "notes.db"
    path.write_text("name,total\nbrightkettle.shop,12\n")
    return path


def _corrupt(box: Sandbox) -> Path:
    path = box.root / "corrupt.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE incident (id INTEGER PRIMARY KEY, title TEXT)")
    conn.executemany("INSERT INTO incident VALUES (?, ?)", [(n, "x" * 80) for n in range(400)])
    conn.commit()
    conn.close()
    data = bytearray(path.read_bytes())
    rng = random.Random(99)
    for i in range(100, len(data)):  # a valid 100-byte header, garbage after it
        data[i] = rng.randrange(256)
    path.write_bytes(bytes(data))
    return path


def _newer(box: Sandbox) -> Path:
    path = box.root / "newer.db"
    _sophdesk_db(path, "written by a future sophdesk")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    conn.commit()
    conn.close()
    return path


def _read_only_file(box: Sandbox) -> Path:
    path = box.root / "locked.db"
    _sophdesk_db(path, "kept safe")
    path.chmod(0o444)
    return path


def _read_only_folder(box: Sandbox) -> Path:
    folder = box.root / "locked"
    folder.mkdir()
    path = folder / "desk.db"
    _sophdesk_db(path, "kept safe")
    folder.chmod(0o555)
    return path


def _read_only_folder_new_file(box: Sandbox) -> Path:
    folder = box.root / "locked-empty"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "desk.db"


BAD_DATABASES: list[tuple[str, Callable[[Sandbox], Path], bool, tuple[str, ...]]] = [
    ("missing-folder", _missing_folder, False, ("does not exist", "create it")),
    ("not-sqlite", _not_sqlite, False, ("is not a SQLite database", "left untouched")),
    ("corrupt", _corrupt, False, ("left untouched",)),
    ("newer-schema", _newer, False, ("newer sophdesk", "Upgrade sophdesk")),
    ("read-only-file", _read_only_file, True, ("read-only", "permissions")),
    ("read-only-folder", _read_only_folder, True, ("read-only", "permissions")),
    ("read-only-folder-new-file", _read_only_folder_new_file, True, ("read-only", "permissions")),
]


@pytest.mark.parametrize(
    ("make", "needs_permissions", "expected"),
    [case[1:] for case in BAD_DATABASES],
    ids=[case[0] for case in BAD_DATABASES],
)
@pytest.mark.parametrize(
    "command",
    [["list", "--json"], ["new", "--title", "t", "--customer", "c"]],
    ids=["list", "new"],
)
def test_unusable_database(
    request: pytest.FixtureRequest,
    world_sandbox: Sandbox,
    make: Callable[[Sandbox], Path],
    needs_permissions: bool,
    expected: tuple[str, ...],
    command: list[str],
) -> None:
    box = world_sandbox
    db = make(box)
    preexec = None
    if needs_permissions:
        preexec = request.getfixturevalue("unprivileged").preexec_fn
    before = sha256(db) if db.exists() else None
    listing = sorted(p.name for p in db.parent.iterdir()) if db.parent.exists() else None
    env = box.env(HOME=str(box.root))
    env.pop("SOPHDESK_DATABASE_URL")
    done = box.run(["--db", str(db), *command], env=env, preexec_fn=preexec)

    assert done.returncode == EXIT_UNUSABLE, done.stderr
    assert done.stdout == b""
    line = one_error_line(done.stderr)
    for words in expected:
        assert words in line
    if before is None:
        assert not db.exists()
    else:
        assert sha256(db) == before
    if listing is None:
        assert not db.parent.exists()
    elif needs_permissions:
        assert sorted(p.name for p in db.parent.iterdir()) == listing


def test_unprivileged_child_really_cannot_write(
    unprivileged: Unprivileged, world_sandbox: Sandbox
) -> None:
    """The runs above prove something only if the child is bound by file modes."""
    locked = _read_only_file(world_sandbox)
    done = subprocess.run(
        [sys.executable, "-c", "import sys; open(sys.argv[1], 'r+b')", str(locked)],
        capture_output=True,
        preexec_fn=unprivileged.preexec_fn,
        env=world_sandbox.env(HOME=str(world_sandbox.root)),
        timeout=60,
    )
    assert done.returncode == 1
    assert b"PermissionError" in done.stderr


# -- config ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "line", "words"),
    [
        ('theme = "sophdesk"\ntimezone = \n', 2, "invalid TOML"),
        ('# mine\ntheme = "daylight"\ncolour = "blue"\n', 3, "unknown key 'colour'"),
        ('timezone = "Mars/Olympus_Mons"\n', 1, "'Mars/Olympus_Mons' is not a known zone"),
        ("operator = 42\n", 1, "operator must be text"),
    ],
    ids=["invalid-toml", "unknown-key", "bad-timezone", "wrong-type"],
)
def test_bad_config_file(sandbox: Sandbox, config: str, line: int, words: str) -> None:
    path = sandbox.write_config(config)
    done = sandbox.run(["list"])
    assert done.returncode == EXIT_UNUSABLE
    message = one_error_line(done.stderr)
    assert str(path) in message
    assert f"line {line}" in message
    assert words in message
    assert not sandbox.db.exists()


def test_missing_config_file_is_fine(sandbox: Sandbox) -> None:
    assert not sandbox.config.exists()
    assert sandbox.run(["list", "--json"]).stdout == b"[]\n"


# -- demo and progress ----------------------------------------------------------------


def test_demo_piped_is_quiet(sandbox: Sandbox) -> None:
    done = sandbox.run(["demo", "--incidents", "50"])
    assert done.returncode == EXIT_OK
    assert done.stderr == b""
    assert done.stdout == b""
    assert sandbox.count() == 50
    assert sandbox.rows("SELECT count(DISTINCT incident_id) FROM event") == [(50,)]


def test_demo_into_the_db_option(sandbox: Sandbox, tmp_path: Path) -> None:
    target = tmp_path / "demo.db"
    done = sandbox.run(["demo", "--incidents", "30", "--db", str(target)])
    assert done.returncode == EXIT_OK
    assert done.stderr == b""
    assert not sandbox.db.exists()
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("SELECT count(*) FROM incident").fetchone()[0] == 30
    finally:
        conn.close()


def test_demo_on_a_terminal_shows_progress(sandbox: Sandbox) -> None:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sophdesk", "demo", "--incidents", "50"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
        env=sandbox.env(),
        cwd=sandbox.root,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert proc.wait(timeout=60) == EXIT_OK
    assert proc.stdout is not None
    assert proc.stdout.read() == b""
    proc.stdout.close()
    screen = shown.decode()
    assert "generating incidents" in screen
    assert "100%" in screen
    assert "added 50 demo incidents" in screen
    assert sandbox.count() == 50


def test_bare_command_needs_a_terminal(sandbox: Sandbox) -> None:
    done = sandbox.run([])
    assert done.returncode == EXIT_USAGE
    assert "needs a terminal" in one_error_line(done.stderr)
