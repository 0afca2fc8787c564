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
from sophdesk.domain.assessment import DIMENSIONS
from sophdesk.domain.errors import DomainError
from sophdesk.domain.incident import MAX_BODY_BYTES, check_body, format_size
from sophdesk.domain.lifecycle import Status, parse_status
from sophdesk.domain.queue import UNASSESSED, QueueFilter
from sophdesk.domain.serialize import detail_dict, incident_dict
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
    from sophdesk.services.demo import fill_demo, fill_demo_matrix

    folder = Path(tempfile.mkdtemp(prefix="sophdesk-demo-"))
    try:
        state.db = str(folder / "demo.db")
        desk = _open_desk(state, settings, quiet=True)
        fill_demo(desk, DEMO_INCIDENTS)
        fill_demo_matrix(desk)
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
@click.option("--breached", is_flag=True, help="Only open incidents whose SLA clock is breached.")
@click.option(
    "--at-risk",
    "at_risk",
    is_flag=True,
    help="Only open incidents whose SLA clock is at risk (with --breached: either).",
)
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
    breached: bool,
    at_risk: bool,
    as_json: bool,
    fmt: str,
) -> None:
    """List incidents most urgent first (without --status: the open queue).

    --breached and --at-risk keep only open incidents whose SLA clock is in that
    state now (both: either). The table shows an SLA column (time left, RISK,
    BREACHED, paused) when any listed incident has an SLA clock running.
    """
    from sophdesk.services.sla_views import sla_listing

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
        rows = _run(lambda: sla_listing(desk, wanted, breached=breached, at_risk=at_risk))
    finally:
        desk.close()
    if as_json or fmt == "json":
        click.echo(safe_json([r.as_dict() for r in rows], indent=2))
        return
    now = utcnow()
    with_sla = breached or at_risk or any(r.reading is not None for r in rows)
    lines = []
    for item in rows:
        row = item.row
        cells = [
            str(row.id),
            row.severity.value if row.severity else "triage",
            row.status.value,
            compact_duration(now - row.created_at),
            visible(row.customer, one_line=True),
            visible(row.title, one_line=True),
        ]
        if with_sla and fmt != "plain":
            cells.insert(3, item.cell())
        lines.append(cells)
    if fmt == "plain":
        for line in lines:
            click.echo("\t".join(line))
        return
    header = ["ID", "SEV", "STATUS", "AGE", "CUSTOMER", "TITLE"]
    if with_sla:
        header.insert(3, "SLA")
    _print_table(header, lines, capped={header.index("CUSTOMER"): 28})
    if not lines:
        click.echo("(no incidents match)", err=True)


def _print_table(header: list[str], lines: list[list[str]], capped: dict[int, int]) -> None:
    """Aligned columns; the last one is not padded, ``capped`` ones are cut short."""
    count = len(header) - 1
    widths = [max([len(header[i])] + [len(line[i]) for line in lines]) for i in range(count)]
    for index, cap in capped.items():
        widths[index] = min(widths[index], cap)
    click.echo("  ".join(h.ljust(w) for h, w in zip(header, [*widths, 0], strict=True)).rstrip())
    for line in lines:
        cells = [c[:w].ljust(w) for c, w in zip(line[:count], widths, strict=True)]
        click.echo("  ".join([*cells, line[count]]))


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


# -- triage and SLA ----------------------------------------------------------------


def _dimension_options(func: F) -> F:
    """One option per assessment dimension (``--impact`` ...), in the wizard's order."""
    for dimension in reversed(DIMENSIONS):
        func = click.option(
            f"--{dimension.key}",
            dimension.key,
            metavar="|".join(dimension.values),
            help=f"{dimension.question} ({', '.join(dimension.values)})",
        )(func)
    return func


def _decided(answers: dict[str, str]) -> Any:
    from sophdesk.services.sla_views import decide

    return _run(lambda: decide(answers))


@main.command(name="assess")
@common_options
@click.argument("incident_id", metavar="[ID]", type=int, required=False)
@_dimension_options
@click.option(
    "--override",
    metavar="SEVn",
    help="With ID: record this severity instead of the rules' (needs --reason).",
)
@click.option("--reason", metavar="TEXT", help="Why the override: kept with the assessment.")
@click.option(
    "--batch",
    is_flag=True,
    help="Assess JSON lines from stdin, one JSON result a line (never records).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def assess_(
    ctx: click.Context,
    /,
    db: str | None,
    actor: str | None,
    incident_id: int | None,
    override: str | None,
    reason: str | None,
    batch: bool,
    as_json: bool,
    **answers: str | None,
) -> None:
    """Rate the six answers: severity, category and rationale.

    With ID the assessment is recorded on the incident (its severity and SLA due
    times change; the timeline gets an 'assessed' event). All six answers are
    required unless --batch.

    --batch reads one JSON object a line ({"impact": "blocked", ...}, the six keys)
    and writes one JSON line per input line, in order: {"line": N, "severity",
    "category", "rationale"}, or {"line": N, "error": "..."} for a line that cannot
    be assessed. Blank lines are skipped (and counted in line numbers). Exit 0 when
    every line was assessed, 1 when any line was an error.
    """
    given = {key: value for key, value in answers.items() if value is not None}
    if batch:
        extras = [f"--{key}" for key in given]
        extras += [
            name for name, value in (("--override", override), ("--reason", reason)) if value
        ]
        if incident_id is not None:
            extras.insert(0, "ID")
        if extras:
            raise click.UsageError(
                f"--batch reads the answers from stdin; leave out {', '.join(extras)}", ctx
            )
        _assess_batch()
        return
    missing = [d for d in DIMENSIONS if d.key not in given]
    if missing:
        needed = "; ".join(f"--{d.key} ({', '.join(d.values)})" for d in missing)
        raise click.UsageError(f"missing {needed} (or use --batch)", ctx)
    if incident_id is None and (override is not None or reason is not None):
        raise click.UsageError("--override and --reason record an assessment: give an ID", ctx)
    if reason is not None and override is None:
        raise click.UsageError("--reason explains an --override; give --override SEVn", ctx)
    answered, decision = _decided(given)
    if incident_id is None:
        from sophdesk.services.sla_views import decision_dict

        data = decision_dict(decision)
        if as_json:
            click.echo(safe_json(data, indent=2))
        else:
            _print_assessment(data, None)
        return
    from sophdesk.services.sla_views import check_recording, record

    chosen = _run(lambda: parse_severity(override)) if override is not None else None
    _run(lambda: check_recording(decision, chosen, reason))
    state = _merge(ctx, db, actor)
    settings = _settings()
    desk = _open_desk(state, settings)
    try:
        recorded = _run(lambda: record(desk, incident_id, answered, chosen, reason))
    finally:
        desk.close()
    data = recorded.as_dict()
    if as_json:
        click.echo(safe_json(data, indent=2))
    else:
        _print_assessment(data, recorded.incident, settings)


def _print_assessment(
    data: dict[str, Any], incident: Any, settings: Settings | None = None
) -> None:
    if incident is not None:
        click.echo(f"#{incident.id}  {visible(incident.title, one_line=True)}: assessment recorded")
    severity = data["severity"]
    if data.get("override_reason"):
        reason = visible(data["override_reason"], one_line=True)
        severity += f" (overridden; the rules said {data['computed_severity']}: {reason})"
    click.echo(f"severity  : {severity}")
    click.echo(f"category  : {data['category']}")
    click.echo("rationale :")
    for line in data["rationale"]:
        click.echo(f"  {line}")
    if incident is None or settings is None:
        return
    zone = settings.timezone
    for label, moment in (
        ("first response due", incident.first_response_due),
        ("next update due   ", incident.next_update_due),
        ("resolution due    ", incident.resolution_due),
    ):
        if moment is not None:
            click.echo(f"{label} : {local_stamp(moment, zone)}")


def _assess_batch() -> None:
    from sophdesk.services.sla_views import assess_batch

    source = sys.stdin.buffer
    out = sys.stdout.buffer
    if sys.stdin.isatty():
        _say("reading JSON lines from standard input; end with Ctrl+D")
    try:
        summary = assess_batch(source, lambda text: out.write(text.encode("utf-8")))
        out.flush()
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(EXIT_REFUSED)
    if not summary.ok:
        count = len(summary.errors)
        shown = ", ".join(str(n) for n in summary.errors[:10])
        more = ", ..." if count > 10 else ""
        click.echo(
            f"sophdesk: {count} of {count + summary.assessed} lines could not be assessed"
            f" (line{'s' if count > 1 else ''} {shown}{more}); their results hold the error",
            err=True,
        )
        sys.exit(EXIT_REFUSED)


def _quiet_stdout() -> None:
    """The reader went away (``| head``): drop what is left instead of a traceback."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


@main.command(name="sla")
@click.option("--severity", required=True, metavar="SEVn", help="The severity: SEV1..SEV4.")
@click.option(
    "--from",
    "start",
    required=True,
    metavar="TIME",
    help="When it was reported: ISO 8601 with offset, or '2026-11-27 14:05 Europe/Madrid'.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the due times as JSON.")
def sla(severity: str, start: str, as_json: bool) -> None:
    """The SLA due times for SEVERITY reported at --from, under the config's policy.

    Due times are ISO 8601 with the offset of the desk's time zone. No database
    is opened.
    """
    from sophdesk.domain.evidence import parse_timestamp
    from sophdesk.services.sla_views import sla_preview

    chosen = _run(lambda: parse_severity(severity))
    try:
        moment = parse_timestamp(start)
    except DomainError as exc:
        fail(f"--from {start!r}: {exc.message}")
    settings = _settings()
    preview = _run(lambda: sla_preview(settings.sla, chosen, moment))
    if as_json:
        click.echo(safe_json(preview.as_dict(), indent=2))
        return
    data = preview.as_dict()
    targets = preview.targets()
    click.echo(f"severity           : {data['severity']}")
    click.echo(f"from               : {data['from']}")
    click.echo(f"clock              : {preview.clock_text()}")
    click.echo(f"first response     : {targets['first_response']}")
    click.echo(f"update cadence     : {targets['update_cadence']}")
    click.echo(f"resolution         : {targets['resolution']}")
    for key in ("first_response_due", "next_update_due", "resolution_due"):
        click.echo(f"{key:<19}: {data[key]}")


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
    from sophdesk.services.demo import fill_demo, fill_demo_matrix

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
        _run(lambda: fill_demo_matrix(desk))
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


# -- escalation matrix, owners and routing ------------------------------------------

MAX_MATRIX_BYTES = 1024 * 1024


def _parse_at(at: str | None) -> Any:
    """``--at`` as an aware datetime; None (the desk clock's now) when not given."""
    if at is None:
        return None
    from sophdesk.domain.evidence import parse_timestamp

    try:
        return parse_timestamp(at)
    except DomainError as exc:
        fail(f"--at {at!r}: {exc.message}")


def _holder_lines(data: dict[str, Any]) -> list[str]:
    """An owner (``holder_dict``) in a readable line or two."""
    role = data["role"]
    if data["person"] is None:
        first = f"nobody holds it (role {role}): escalate"
    else:
        name = visible(data["name"] or "", one_line=True)
        contact = visible(data["contact"] or "", one_line=True)
        person = visible(data["person"], one_line=True)
        first = f"{name} ({person}) <{contact}>, role {role}, via {data['via']}"
    return [first, visible(data["reason"], one_line=True)]


@main.group(name="matrix")
def matrix_group() -> None:
    """The escalation matrix: who holds each duty at each severity.

    \b
    export [FILE]  write the current matrix as TOML (stdout by default)
    import FILE    replace the matrix from a TOML file, all or nothing
    check          list duties nobody holds (exit 1 when there are any)
    """


@matrix_group.command(name="export")
@common_options
@click.argument("target", metavar="[FILE]", required=False)
@click.pass_context
def matrix_export(
    ctx: click.Context, db: str | None, actor: str | None, target: str | None
) -> None:
    """Write the current matrix as TOML to FILE (default or '-': stdout)."""
    from sophdesk.services.matrix import export_matrix

    state = _merge(ctx, db, actor)
    desk = _open_desk(state, _settings())
    try:
        text = _run(lambda: export_matrix(desk))
    finally:
        desk.close()
    if target is None or target == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(target).write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}")
    _say(f"wrote the matrix to {target}")


def _read_matrix_file(source: str) -> str:
    if source == "-":
        data = sys.stdin.buffer.read(MAX_MATRIX_BYTES + 1)
    else:
        try:
            with Path(source).open("rb") as handle:
                data = handle.read(MAX_MATRIX_BYTES + 1)
        except OSError as exc:
            fail(f"cannot read {source}: {exc.strerror or exc}")
    if len(data) > MAX_MATRIX_BYTES:
        fail(f"{source} is over {format_size(MAX_MATRIX_BYTES)}; that is not a matrix file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(f"{source} is not UTF-8 text (byte {exc.start} cannot be decoded)")


@matrix_group.command(name="import")
@common_options
@click.argument("source", metavar="FILE")
@click.pass_context
def matrix_import(ctx: click.Context, db: str | None, actor: str | None, source: str) -> None:
    """Replace the matrix with FILE ('-': stdin), all or nothing.

    On any problem every one is printed on stderr with its line, one per line,
    nothing changes and the exit code is 1. On success the changes are printed
    and recorded (who, when, what changed).
    """
    from sophdesk.domain.matrix_toml import MatrixErrors
    from sophdesk.services.matrix import import_matrix

    state = _merge(ctx, db, actor)
    text = _read_matrix_file(source)
    desk = _open_desk(state, _settings())

    def attempt() -> Any:
        try:
            return import_matrix(desk, text)
        except MatrixErrors as exc:
            return exc

    try:
        result = _run(attempt)
    finally:
        desk.close()
    if isinstance(result, MatrixErrors):
        count = len(result.problems)
        click.echo(
            f"sophdesk: {visible(source, one_line=True)} has {count}"
            f" problem{'s' if count != 1 else ''}; nothing was changed:",
            err=True,
        )
        for problem in result.problems:
            click.echo(visible(str(problem), one_line=True), err=True)
        sys.exit(EXIT_REFUSED)
    if not result.changed:
        click.echo("the matrix is unchanged; nothing recorded")
        return
    count = len(result.changes)
    click.echo(f"matrix replaced ({count} change{'s' if count != 1 else ''}):")
    for line in result.changes:
        click.echo(f"  {visible(line, one_line=True)}")


@matrix_group.command(name="check")
@common_options
@click.pass_context
def matrix_check(ctx: click.Context, db: str | None, actor: str | None) -> None:
    """List the duties nobody holds, one per line. Exit 0 when none, 1 when some."""
    from sophdesk.services.matrix import unfilled

    state = _merge(ctx, db, actor)
    desk = _open_desk(state, _settings())
    try:
        missing = _run(lambda: unfilled(desk))
    finally:
        desk.close()
    if not missing:
        click.echo("every duty is held: all roles the matrix uses are filled")
        return
    for item in missing:
        click.echo(f"{item.severity.value} {item.duty.value}: role {item.role.value} is unfilled")
    click.echo(
        f"sophdesk: {len(missing)} duties have nobody; fill their roles"
        " (sophdesk matrix export, edit [roles], sophdesk matrix import)",
        err=True,
    )
    sys.exit(EXIT_REFUSED)


@main.command()
@common_options
@click.option("--severity", required=True, metavar="SEVn", help="The severity: SEV1..SEV4.")
@click.option("--duty", required=True, metavar="DUTY", help="The duty, e.g. contact_hosting.")
@click.option("--at", metavar="TIME", help="When (ISO 8601 with offset); default: now.")
@click.option("--json", "as_json", is_flag=True, help="Print the holder as JSON.")
@click.pass_context
def owner(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    severity: str,
    duty: str,
    at: str | None,
    as_json: bool,
) -> None:
    """Who holds DUTY at SEVERITY now (or --at): the person, their backup when they
    are away, or the support lead when nobody else can, with the reason."""
    from sophdesk.domain.matrix import holder_dict, parse_duty
    from sophdesk.services.matrix import owner as find_owner

    state = _merge(ctx, db, actor)
    chosen = _run(lambda: parse_severity(severity))
    wanted = _run(lambda: parse_duty(duty))
    moment = _parse_at(at)
    desk = _open_desk(state, _settings())
    try:
        holder = _run(lambda: find_owner(desk, chosen, wanted, moment))
    finally:
        desk.close()
    data = holder_dict(holder)
    if as_json:
        click.echo(safe_json(data, indent=2))
        return
    first, reason = _holder_lines(data)
    click.echo(f"{chosen.value} {wanted.value}: {first}")
    click.echo(f"  {reason}")


@main.command(name="route")
@common_options
@click.argument("incident_id", metavar="[ID]", type=int, required=False)
@click.option("--signal", "signals", multiple=True, metavar="S", help="A signal seen (repeat).")
@click.option(
    "--severity", metavar="SEVn", help="The severity (default: the incident's, with an ID)."
)
@click.option("--at", metavar="TIME", help="When (ISO 8601 with offset); default: now.")
@click.option("--json", "as_json", is_flag=True, help="Print route, reasons and owner as JSON.")
@click.pass_context
def route_cmd(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    incident_id: int | None,
    signals: tuple[str, ...],
    severity: str | None,
    at: str | None,
    as_json: bool,
) -> None:
    """Where the next response goes (hosting, provider, codecanyon, internal or
    unclear) from the signals seen, and whom to contact. The route is not recorded."""
    from sophdesk.domain.routing import parse_signal, route_dict
    from sophdesk.services.matrix import incident_severity, route_for

    state = _merge(ctx, db, actor)
    ticked = [_run(lambda s=s: parse_signal(s)) for s in signals]  # type: ignore[misc]
    chosen = _run(lambda: parse_severity(severity)) if severity is not None else None
    moment = _parse_at(at)
    desk = _open_desk(state, _settings())
    try:
        if incident_id is not None and chosen is None:
            chosen = _run(lambda: incident_severity(desk, incident_id))
        decision, holder = _run(lambda: route_for(desk, ticked, chosen, moment))
    finally:
        desk.close()
    data = route_dict(decision, holder)
    if as_json:
        click.echo(safe_json(data, indent=2))
        return
    click.echo(f"route : {decision.route.value} ({decision.route.description})")
    first, reason = _holder_lines(data["owner"])
    click.echo(f"owner : {first}")
    click.echo(f"        {reason}")
    click.echo("why   :")
    for line in decision.reasons:
        click.echo(f"  {visible(line, one_line=True)}")
