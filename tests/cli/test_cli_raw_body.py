"""A body kept raw, once replaced, leaves nothing behind: not in the search index,
not in freed pages of the database file, not in its write-ahead log."""

from __future__ import annotations

import secrets
import sqlite3
import string
from pathlib import Path

from .conftest import EXIT_OK, Sandbox


def _token() -> str:
    """A fake OpenAI key, lower case (the search index keeps words lower case)."""
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(48))


def _checkpoint(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        connection.close()


def _on_disk(path: Path) -> bytes:
    files = [path, Path(f"{path}-wal"), Path(f"{path}-journal")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def test_a_replaced_raw_body_leaves_no_trace_in_the_file_or_the_index(
    sandbox: Sandbox,
) -> None:
    token = _token()
    body = f"OPENAI_API_KEY=sk-proj-{token}\n" + "log line with padding\n" * 400
    created = sandbox.run(
        ["new", "--title", "Key refused", "--customer", "acme", "--body-file", "-", "--raw"],
        input=body.encode(),
    )
    assert created.returncode == EXIT_OK, created.stderr
    incident_id = created.stdout.decode().strip()
    found = sandbox.run(["list", "--search", token[:20], "--format", "plain"])
    assert found.stdout.decode().startswith(incident_id)  # the raw body was searchable

    replaced = sandbox.run(
        ["edit", incident_id, "--body-file", "-"], input=b"the key was rotated; body rewritten\n"
    )
    assert replaced.returncode == EXIT_OK, replaced.stderr
    _checkpoint(sandbox.db)

    assert token.encode() not in _on_disk(sandbox.db)
    after = sandbox.run(["list", "--search", token[:20], "--format", "plain"])
    assert after.returncode == EXIT_OK
    assert after.stdout.decode().strip() == ""
    still = sandbox.run(["list", "--search", "rotated", "--format", "plain"])
    assert still.stdout.decode().startswith(incident_id)
