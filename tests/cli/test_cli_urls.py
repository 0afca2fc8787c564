"""A database URL's password never reaches the screen, whether the URL parses or not."""

from __future__ import annotations

import pytest

from .conftest import EXIT_UNUSABLE, Sandbox

PW = "Hunter2Secret"

MALFORMED = [
    f"postgresql+psycopg://desk:{PW}@host:port/db",  # a port that is not a number
    f"postgresql+psycopg://desk:{PW}@x@host:port/db",  # '@' in the password
    f"post gres://desk:{PW}@host/db",  # junk in the scheme
    f"postgresql://desk:{PW}%40x@[::1/db",  # percent-encoded, a broken IPv6 host
    f"postgresql+psycopg://desk:{PW}@127.0.0.1:99999999/db",  # parses; cannot connect
    f"sqlite://desk:{PW}@/x.db",  # parses; SQLAlchemy's dialect refuses it
]


def _said(done: object) -> str:
    stdout = getattr(done, "stdout", b"")
    stderr = getattr(done, "stderr", b"")
    return (stdout + stderr).decode("utf-8", "replace")


@pytest.mark.parametrize("url", MALFORMED)
def test_db_option_hides_the_password(sandbox: Sandbox, url: str) -> None:
    done = sandbox.run(["--db", url, "list"])
    said = _said(done)
    assert done.returncode == EXIT_UNUSABLE, said
    assert PW not in said
    assert "desk:***@" in said or "cannot reach" in said
    assert len(done.stderr.decode().strip().splitlines()) == 1


@pytest.mark.parametrize("url", MALFORMED)
def test_environment_url_hides_the_password(sandbox: Sandbox, url: str) -> None:
    done = sandbox.run(["db", "check"], env=sandbox.env(SOPHDESK_DATABASE_URL=url))
    said = _said(done)
    assert done.returncode == EXIT_UNUSABLE, said
    assert PW not in said


@pytest.mark.parametrize("url", MALFORMED)
def test_copy_target_hides_the_password(sandbox: Sandbox, url: str) -> None:
    sandbox.new()
    done = sandbox.run(["db", "copy", "--to", url])
    said = _said(done)
    assert done.returncode == EXIT_UNUSABLE, said
    assert PW not in said


def test_password_parameter_is_hidden_when_copy_succeeds(sandbox: Sandbox) -> None:
    sandbox.new()
    target = sandbox.root / "team.db"
    done = sandbox.run(["db", "copy", "--to", f"sqlite:///{target}?password={PW}"])
    said = _said(done)
    assert done.returncode == 0, said
    assert PW not in said
    assert "password=***" in said
