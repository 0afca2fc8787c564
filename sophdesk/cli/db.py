"""Database commands: db check, db copy (moving a desk to a team server)."""

from __future__ import annotations

import click

from sophdesk import paths
from sophdesk.cli.app import main
from sophdesk.cli.base import (
    EXIT_REFUSED,
    EXIT_UNUSABLE,
    common_options,
    fail,
    merge,
    say,
    settings_or_fail,
)


@main.group(name="db")
def db_group() -> None:
    """The database behind the desk.

    \b
    check          connect, and say which schema the database is at
    copy --to URL  copy the whole desk to another database (a team server)
    """


@db_group.command(name="check")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print the check as JSON.")
@click.pass_context
def db_check(ctx: click.Context, db: str | None, actor: str | None, as_json: bool) -> None:
    """Connect to the database and report its schema version (changes nothing).

    Exit 0 when it is usable, 3 with one line saying why when it is not (wrong
    password, unreachable host, missing database, not a database, damaged
    (SQLite's quick_check), tables that are not sophdesk's, a newer schema).

    JSON keys: url (password hidden), server, revision (the schema's, or null when
    empty), current (the revision this sophdesk has), up_to_date, schema (the line
    printed). A database that cannot be used is still exit 3 and one line on stderr.
    """
    from sophdesk.services.team import check
    from sophdesk.store.errors import StoreError

    state = merge(ctx, db, actor)
    settings = settings_or_fail()
    url = paths.database_url(state.db, settings.database_url)
    try:
        report = check(url)
    except StoreError as exc:
        fail(exc.message, EXIT_UNUSABLE)
    if as_json:
        from sophdesk.domain.text import safe_json
        from sophdesk.store.migrate import HEAD

        data = {
            "url": report.url,
            "server": report.server,
            "revision": report.revision,
            "current": HEAD,
            "up_to_date": report.revision == HEAD,
            "schema": report.schema,
        }
        click.echo(safe_json(data, indent=2))
        return
    click.echo(f"connected: {report.url} ({report.server})")
    click.echo(report.schema)


@db_group.command(name="copy")
@common_options
@click.option(
    "--to",
    "target",
    required=True,
    metavar="URL|PATH",
    help="The database to copy into, e.g. postgresql+psycopg://user@host/sophdesk.",
)
@click.option("--force", is_flag=True, help="Replace what the target holds, if anything.")
@click.option("--json", "as_json", is_flag=True, help="Print what was copied as JSON.")
@click.pass_context
def db_copy(
    ctx: click.Context, db: str | None, actor: str | None, target: str, force: bool, as_json: bool
) -> None:
    """Copy every incident, event, assessment, matrix version... of the current
    database to another one, keeping ids, then verify row counts and checksums.

    The target is created (SQLite) or migrated to the current schema first; a
    target that already holds a desk is refused unless --force.

    JSON keys: to (the target, password hidden), rows (in all), tables (each name,
    rows, checksum), verified (true: counts and checksums match).
    """
    from sophdesk.services.team import copy_desk
    from sophdesk.store.engine import safe_url
    from sophdesk.store.errors import StoreError
    from sophdesk.store.transfer import TargetNotEmpty

    state = merge(ctx, db, actor)
    settings = settings_or_fail()
    source_url = paths.database_url(state.db, settings.database_url)
    target_url = paths.database_url(target)
    try:
        copied = copy_desk(source_url, target_url, force=force, progress=say)
    except TargetNotEmpty as exc:
        fail(exc.message, EXIT_REFUSED)
    except StoreError as exc:
        fail(exc.message, EXIT_UNUSABLE)
    except OSError as exc:
        fail(f"cannot prepare the target: {exc}", EXIT_UNUSABLE)
    rows = sum(table.rows for table in copied)
    if as_json:
        from sophdesk.domain.text import safe_json

        data = {
            "to": safe_url(target_url),
            "rows": rows,
            "tables": [{"name": t.name, "rows": t.rows, "checksum": t.checksum} for t in copied],
            "verified": True,
        }
        click.echo(safe_json(data, indent=2))
        return
    click.echo(
        f"copied {rows} rows in {len(copied)} tables to {safe_url(target_url)};"
        " counts and checksums match"
    )
