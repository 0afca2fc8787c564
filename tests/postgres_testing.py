"""A real PostgreSQL server for the store and service tests, when one can be reached.

``SOPHDESK_TEST_POSTGRES_URL`` names a role that may create databases (``.ci/run``
starts a server and sets it). Each test gets a database of its own, made from a
template migrated once per test process, and dropped afterwards. Without a
server the PostgreSQL variants are skipped, except under ``CI=true``, where they
fail: CI must really run them.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

ENV = "SOPHDESK_TEST_POSTGRES_URL"
#: Test directories whose tests run on both backends (the parameter ``backend``).
BOTH_BACKENDS = ("store", "services")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> None:
    if in_ci():
        pytest.fail(f"CI must run the PostgreSQL tests, but {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL: {reason}")


class Server:
    """The server named by :data:`ENV`: an admin engine and a migrated template."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin: Engine = create_engine(
            self.url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
        )
        self.template: str | None = None

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        name = f"sophdesk_test_{uuid.uuid4().hex[:16]}"
        clause = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}{clause}"))
        return name

    def drop(self, name: str) -> None:
        """Drop a test database. FORCE ends our own connections to it, but not an
        autovacuum worker that the server started on it (a role without superuser
        may not end those): then wait for the worker to finish (.ci/run's server
        runs without autovacuum; a developer's may not)."""
        deadline = time.monotonic() + 60
        while True:
            try:
                with self.admin.connect() as connection:
                    connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                return
            except ProgrammingError as error:
                if "InsufficientPrivilege" not in type(error.orig).__name__:
                    raise
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)  # an autovacuum pass on a test database takes moments

    def migrated_template(self) -> str:
        """A database at the current schema to copy (CREATE DATABASE ... TEMPLATE)."""
        if self.template is None:
            from sophdesk.store.database import Database

            name = self.create()
            Database.open(self.url_of(name)).close()
            self.template = name
        return self.template

    def close(self) -> None:
        if self.template is not None:
            self.drop(self.template)
        self.admin.dispose()


def connect_server() -> tuple[Server | None, str]:
    url = os.environ.get(ENV)
    if not url:
        return None, f"{ENV} is not set (no server to test against)"
    try:
        server = Server(url)
        with server.admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any reason: no driver, refused, wrong password
        shown = make_url(url).render_as_string(hide_password=True)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return None, f"no server at {shown} ({first})"
    return server, ""


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    server, reason = connect_server()
    if server is None:
        unavailable(reason)
        raise AssertionError("unreachable")
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def pg_url(pg_server: Server) -> Iterator[str]:
    """A new database of its own, already at the current schema."""
    name = pg_server.create(template=pg_server.migrated_template())
    try:
        yield pg_server.url_of(name)
    finally:
        pg_server.drop(name)


@pytest.fixture
def pg_empty_url(pg_server: Server) -> Iterator[str]:
    """A new, empty database (no schema yet)."""
    name = pg_server.create()
    try:
        yield pg_server.url_of(name)
    finally:
        pg_server.drop(name)
