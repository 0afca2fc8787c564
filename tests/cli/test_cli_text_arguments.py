"""Text that is not UTF-8 on the command line (raw bytes in argv, as a shell's
$'x\\xff' gives) is a usage error naming the option, never a traceback; a file
name may be any bytes the filesystem allows."""

from __future__ import annotations

import os

import pytest

from .conftest import EXIT_OK, EXIT_USAGE, Sandbox


def _argv(*raw: bytes) -> list[str]:
    """Arguments as the OS passes them: bytes (decoded back to bytes by subprocess)."""
    return [os.fsdecode(arg) for arg in raw]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (_argv(b"new", b"--title", b"x\xff", b"--customer", b"c"), "--title"),
        (_argv(b"new", b"--title", b"t", b"--customer=c\xfe\xfe"), "--customer"),
        (_argv(b"--as", b"an\xe9", b"list"), "--as"),
        (_argv(b"list", b"--search", b"\xffcheckout"), "--search"),
        (_argv(b"status", b"1", b"triaged", b"--note", b"seen \xc3"), "--note"),
    ],
    ids=["title", "customer-equals", "group-option", "search", "note"],
)
def test_text_that_is_not_utf8_is_a_usage_error_naming_the_option(
    sandbox: Sandbox, args: list[str], named: str
) -> None:
    done = sandbox.run(args)
    assert done.returncode == EXIT_USAGE, done.stderr
    text = done.stderr.decode()
    assert "Traceback" not in text
    lines = text.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"sophdesk: {named} ")
    assert "not valid UTF-8" in lines[0]
    assert sandbox.count() == 0


def test_utf8_text_and_a_file_name_that_is_not_utf8_are_fine(sandbox: Sandbox) -> None:
    path = sandbox.root / os.fsdecode(b"notes-\xff.txt")
    path.write_text("the checkout fails\n", encoding="utf-8")
    args = _argv(b"new", b"--title", "caf\u00e9".encode(), b"--customer", b"C", b"--body-file")
    done = sandbox.run([*args, str(path)])
    assert done.returncode == EXIT_OK, done.stderr
    assert sandbox.rows("SELECT title, body FROM incident") == [
        ("caf\u00e9", "the checkout fails\n")
    ]
