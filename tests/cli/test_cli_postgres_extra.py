"""PostgreSQL's driver is the ``postgres`` extra: without it a postgresql+psycopg://
URL is refused in one line naming the extra (exit 3), never a traceback."""

from __future__ import annotations

import sys

import pytest

from .conftest import EXIT_UNUSABLE, Sandbox

URL = "postgresql+psycopg://desk:hunter2@127.0.0.1:1/sophdesk"


@pytest.mark.parametrize(
    "args", [["db", "check"], ["list"], ["new", "--title", "t", "--customer", "c"]]
)
def test_a_postgres_url_without_the_driver_names_the_extra(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    result = sandbox.invoke(*args, "--db", URL)
    assert result.exit_code == EXIT_UNUSABLE
    assert result.stderr.strip() == (
        "sophdesk: PostgreSQL needs its driver, psycopg, which is not installed: install"
        " sophdesk with the postgres extra: pip install 'sophdesk[postgres]' (from the"
        " source folder: pip install '.[postgres]')"
    )
    assert "hunter2" not in result.output
