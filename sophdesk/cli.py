"""The command-line face: every desk action is scriptable. Bare ``sophdesk`` opens the desk.

Exit codes: 0 done; 1 refused (unknown incident, illegal move, invalid input);
2 usage error; 3 the database or the config file cannot be used.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from sophdesk import paths
from sophdesk.config import ConfigError, Settings, load_settings, operator_name
from sophdesk.domain.errors import DomainError
from sophdesk.domain.incident import MAX_BODY_BYTES, check_body, format_size
from sophdesk.domain.lifecycle import Status, parse_status
from sophdesk.domain.queue import UNASSESSED, QueueFilter
from sophdesk.domain.serialize import detail_dict, incident_dict, queue_row_dict
from sophdesk.domain.severity import Severity, parse_severity
from sophdesk.domain.text import safe_json, visible
from sophdesk.domain.timefmt import compact_duration, local_stamp, utcnow

EXIT_REFUSED = 1
EXIT_UNUSABLE = 3
DEMO_INCIDENTS = 250

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Context:
    db: str | None = None
    actor: str | None = None
    theme: str | None = None


def fail(message: str, code: int = EXIT_REFUSED) -> NoReturn:
    click.echo(f"sophdesk: {visible(message, one_line=True)}", err=True)
    sys.exit(code)


def _on_terminal() -> bool:
    return sys.stderr.isatty()


def _say(message: str) -> None:
    """Progress words: on a terminal only, quiet when piped."""
    if _on_terminal():
        click.echo(f"sophdesk: {message}", err=True)


def common_options(func: F) -> F:
    """``--db`` and ``--as`` are taken before or after the command name."""
    func = click.option(
        "--as", "actor", metavar="NAME", help="Record events as NAME (default: your OS user)."
    )(func)
    func = click.option(
        "--db", metavar="PATH|URL", help="Database file or SQLAlchemy URL (default: your data dir)."
    )(func)
    return func


def _merge(ctx: click.Context, db: str | None, actor: str | None) -> Context:
    state = ctx.ensure_object(Context)
    if db:
        state.db = db
    if actor:
        state.actor = actor
    return state


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        fail(exc.message, EXIT_UNUSABLE)


def _open_desk(state: Context, settings: Settings, quiet: bool = False) -> Any:
    from sophdesk.services.desk import Desk
    from sophdesk.store.errors import StoreError

    try:
        url = paths.database_url(state.db, settings.database_url)
        progress = None if quiet else _say
        return Desk.open(
            url, operator_name(state.actor, settings), progress=progress, policy=settings.sla
        )
    except StoreError as exc:
        fail(exc.message, EXIT_UNUSABLE)
    except OSError as exc:
        fail(f"cannot prepare the data folder: {exc}", EXIT_UNUSABLE)


def _open_handle(state: Context, settings: Settings) -> Any:
    """For the desk: a database at the current schema opens in the background
    after the first screen is painted; anything else is opened (created, migrated
    or refused) now, before the screen is taken over."""
    from sophdesk.services.handle import prepare
    from sophdesk.store.errors import StoreError

    try:
        url = paths.database_url(state.db, settings.database_url)
        return prepare(
            url, operator_name(state.actor, settings), progress=_say, policy=settings.sla
        )
    except StoreError as exc:
        fail(exc.message, EXIT_UNUSABLE)
    except OSError as exc:
        fail(f"cannot prepare the data folder: {exc}", EXIT_UNUSABLE)


def _run(action: Callable[[], Any]) -> Any:
    from sophdesk.store.errors import StoreError

    try:
        return action()
    except DomainError as exc:
        fail(exc.message, EXIT_REFUSED)
    except StoreError as exc:
        fail(exc.message, EXIT_UNUSABLE)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@common_options
@click.option("--theme", metavar="NAME", help="Colour theme (see `sophdesk themes`).")
@click.option("--demo", is_flag=True, help="Open the desk on a fresh temporary demo database.")
@click.version_option(package_name="sophdesk")
@click.pass_context
def main(
    ctx: click.Context, db: str | None, actor: str | None, theme: str | None, demo: bool
) -> None:
    """sophdesk: the SophMate support desk. Without a command, opens the desk."""
    state = _merge(ctx, db, actor)
    state.theme = theme
    if ctx.invoked_subcommand is not None:
        return
    settings = _settings()
    if demo:
        if db:
            fail("--demo opens a temporary database; leave out --db", 2)
        _open_demo(state, settings)
        return
    _run_tui(_open_handle(state, settings), settings, state.theme)


def _open_demo(state: Context, settings: Settings) -> None:
    from sophdesk.services.demo import fill_demo

    folder = Path(tempfile.mkdtemp(prefix="sophdesk-demo-"))
    try:
        state.db = str(folder / "demo.db")
        desk = _open_desk(state, settings, quiet=True)
        fill_demo(desk, DEMO_INCIDENTS)
        _run_tui(desk, settings, state.theme)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run_tui(desk: Any, settings: Settings, theme: str | None) -> None:
    if not sys.stdout.isatty():
        desk.close()
        fail("the desk needs a terminal; use the commands (sophdesk --help) in scripts", 2)
    from sophdesk.tui.app import make_app
    from sophdesk.tui.themes import ThemeError

    try:
        app = make_app(desk, settings, theme=theme)
    except ThemeError as exc:
        desk.close()
        fail(exc.message, 2)
    try:
        app.run()
    finally:
        desk.close()
    if app.return_code:
        sys.exit(app.return_code)


# -- incidents -------------------------------------------------------------------


def _read_body(source: str | None) -> str:
    if source is None:
        return ""
    if source == "-":
        data = sys.stdin.buffer.read(MAX_BODY_BYTES + 1)
        where = "standard input"
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > MAX_BODY_BYTES:
                fail(
                    f"{path} is {format_size(size)}; a body may be at most"
                    f" {format_size(MAX_BODY_BYTES)}: attach the relevant lines, not the whole log"
                )
            data = path.read_bytes()
        except OSError as exc:
            fail(f"cannot read {path}: {exc.strerror or exc}")
        where = str(path)
    if len(data) > MAX_BODY_BYTES:
        fail(
            f"the body from {where} is over {format_size(MAX_BODY_BYTES)};"
            " attach the relevant lines, not the whole log"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(
            f"the body from {where} is not UTF-8 text (byte {exc.start} cannot be decoded);"
            " it looks like binary data"
        )
    try:
        check_body(text)
    except DomainError as exc:
        fail(exc.message)
    return text


@main.command()
@common_options
@click.option("--title", required=True, help="One line saying what is wrong.")
@click.option("--customer", required=True, help="The site or client affected.")
@click.option("--body-file", metavar="FILE|-", help="Read the description from FILE or stdin.")
@click.option("--json", "as_json", is_flag=True, help="Print the incident as JSON.")
@click.pass_context
def new(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    title: str,
    customer: str,
    body_file: str | None,
    as_json: bool,
) -> None:
    """Open a new incident; prints its id."""
    state = _merge(ctx, db, actor)
    body = _read_body(body_file)
    desk = _open_desk(state, _settings())
    try:
        incident = _run(lambda: desk.new_incident(title, customer, body))
    finally:
        desk.close()
    if as_json:
        click.echo(safe_json(incident_dict(incident), indent=2))
    else:
        click.echo(incident.id)


def _parse_severities(values: tuple[str, ...]) -> tuple[Severity | None, ...]:
    parsed: list[Severity | None] = []
    for value in values:
        if value.strip().lower() == UNASSESSED:
            parsed.append(None)
        else:
            parsed.append(_run(lambda v=value: parse_severity(v)))  # type: ignore[misc]
    return tuple(parsed)


@main.command(name="list")
@common_options
@click.option("--status", "statuses", multiple=True, metavar="S", help="Only this status (repeat).")
@click.option(
    "--severity",
    "severities",
    multiple=True,
    metavar="SEVn",
    help="Only this severity (repeat); 'unassessed' for those not triaged yet.",
)
@click.option("--search", default="", metavar="TEXT", help="Words in title, customer or body.")
@click.option("--limit", type=click.IntRange(min=0), help="At most N incidents.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "plain", "json"]),
    default="table",
    help="table (aligned), plain (tab-separated) or json.",
)
@click.pass_context
def list_(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    statuses: tuple[str, ...],
    severities: tuple[str, ...],
    search: str,
    limit: int | None,
    as_json: bool,
    fmt: str,
) -> None:
    """List incidents most urgent first (without --status: the open queue)."""
    state = _merge(ctx, db, actor)
    settings = _settings()
    wanted = _run(
        lambda: QueueFilter(
            statuses=tuple(parse_status(s) for s in statuses),
            severities=_parse_severities(severities),
            search=search,
            limit=limit,
        )
    )
    desk = _open_desk(state, settings)
    try:
        rows = _run(lambda: desk.listing(wanted))
    finally:
        desk.close()
    if as_json or fmt == "json":
        click.echo(safe_json([queue_row_dict(r) for r in rows], indent=2))
        return
    now = utcnow()
    lines = []
    for row in rows:
        lines.append(
            [
                str(row.id),
                row.severity.value if row.severity else "triage",
                row.status.value,
                compact_duration(now - row.created_at),
                visible(row.customer, one_line=True),
                visible(row.title, one_line=True),
            ]
        )
    if fmt == "plain":
        for line in lines:
            click.echo("\t".join(line))
        return
    header = ["ID", "SEV", "STATUS", "AGE", "CUSTOMER", "TITLE"]
    widths = [max([len(header[i])] + [len(line[i]) for line in lines]) for i in range(5)]
    widths[4] = min(widths[4], 28)
    click.echo("  ".join(h.ljust(w) for h, w in zip(header, [*widths, 0], strict=False)).rstrip())
    for line in lines:
        cells = [c[:w].ljust(w) for c, w in zip(line[:5], widths, strict=True)]
        click.echo("  ".join([*cells, line[5]]))
    if not lines:
        click.echo("(no incidents match)", err=True)


@main.command()
@common_options
@click.argument("incident_id", metavar="ID", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the incident and timeline as JSON.")
@click.pass_context
def show(
    ctx: click.Context, db: str | None, actor: str | None, incident_id: int, as_json: bool
) -> None:
    """Show one incident with its timeline."""
    state = _merge(ctx, db, actor)
    settings = _settings()
    desk = _open_desk(state, settings)
    try:
        detail = _run(lambda: desk.detail(incident_id))
    finally:
        desk.close()
    if as_json:
        click.echo(safe_json(detail_dict(detail), indent=2))
        return
    zone = settings.timezone
    incident = detail.incident
    severity = incident.severity.value if incident.severity else "not assessed"
    click.echo(f"#{incident.id}  {visible(incident.title, one_line=True)}")
    click.echo(f"customer : {visible(incident.customer, one_line=True)}")
    click.echo(f"status   : {incident.status.value}")
    click.echo(f"severity : {severity}")
    click.echo(f"owner    : {visible(incident.owner or '-', one_line=True)}")
    created_by = visible(incident.created_by, one_line=True)
    click.echo(f"created  : {local_stamp(incident.created_at, zone)} by {created_by}")
    if incident.body:
        click.echo("")
        click.echo(visible(incident.body))
    click.echo("")
    click.echo("timeline:")
    for event in detail.events:
        stamp = local_stamp(event.at, zone)
        text = visible(event.summary(), one_line=True)
        click.echo(f"  {stamp}  {visible(event.actor, one_line=True)}  {text}")


@main.command()
@common_options
@click.argument("incident_id", metavar="ID", type=int)
@click.argument("new_status", metavar="NEW_STATUS")
@click.option("--note", default=None, help="Why: recorded on the timeline.")
@click.pass_context
def status(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    incident_id: int,
    new_status: str,
    note: str | None,
) -> None:
    """Move an incident to NEW_STATUS (illegal moves are refused, naming the allowed ones)."""
    state = _merge(ctx, db, actor)
    target: Status = _run(lambda: parse_status(new_status))
    desk = _open_desk(state, _settings())
    try:
        incident = _run(lambda: desk.change_status(incident_id, target, note))
    finally:
        desk.close()
    click.echo(f"#{incident.id} is now {incident.status.value}")


@main.command()
@common_options
@click.option(
    "--incidents",
    "count",
    type=click.IntRange(min=1, max=2_000_000),
    default=DEMO_INCIDENTS,
    show_default=True,
    help="How many incidents to generate.",
)
@click.pass_context
def demo(ctx: click.Context, db: str | None, actor: str | None, count: int) -> None:
    """Fill a database with N realistic generated incidents."""
    from sophdesk.services.demo import fill_demo

    state = _merge(ctx, db, actor)
    desk = _open_desk(state, _settings())
    try:
        if _on_terminal():
            with click.progressbar(
                length=count, label="generating incidents", file=sys.stderr
            ) as bar:
                added = _run(lambda: fill_demo(desk, count, bar.update))
        else:
            added = _run(lambda: fill_demo(desk, count))
    finally:
        desk.close()
    _say(f"added {added} demo incidents")


@main.command()
def themes() -> None:
    """List the colour themes."""
    from sophdesk.tui.themes import theme_names

    for name in theme_names():
        click.echo(name)


@main.command()
def where() -> None:
    """Print where the config file and the default database live."""
    click.echo(f"config   : {paths.config_file()}")
    click.echo(f"database : {paths.default_database_path()}")
