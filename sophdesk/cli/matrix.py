"""The escalation matrix commands: matrix export/import/check, owner, route."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from sophdesk.cli.app import main
from sophdesk.cli.base import (
    EXIT_REFUSED,
    EXIT_USAGE,
    check_output,
    common_options,
    fail,
    guarded,
    merge,
    open_desk,
    parse_at,
    say,
    settings_or_fail,
)
from sophdesk.cli.text_args import FILE_NAME, Choice
from sophdesk.domain.incident import format_size
from sophdesk.domain.matrix import Duty
from sophdesk.domain.routing import Route, Signal
from sophdesk.domain.severity import Severity, parse_severity
from sophdesk.domain.text import safe_json, visible

# -- escalation matrix, owners and routing ------------------------------------------

MAX_MATRIX_BYTES = 1024 * 1024
SEVERITIES = [s.value for s in Severity]


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
                   and duties left to the default role
    """


@matrix_group.command(name="export")
@common_options
@click.argument("target", metavar="[FILE]", type=FILE_NAME, required=False)
@click.pass_context
def matrix_export(
    ctx: click.Context, db: str | None, actor: str | None, target: str | None
) -> None:
    """Write the current matrix as TOML to FILE (default or '-': stdout)."""
    from sophdesk.services.matrix import export_matrix

    check_output(target)
    state = merge(ctx, db, actor)
    desk = open_desk(state, settings_or_fail())
    try:
        text = guarded(lambda: export_matrix(desk))
    finally:
        desk.close()
    if target is None or target == "-":
        click.echo(text, nl=False)
        return
    from sophdesk.services.private_file import UnsafeTarget, write_private

    try:
        write_private(Path(target), text.encode("utf-8"))
    except UnsafeTarget as exc:
        fail(exc.message, EXIT_USAGE)
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}")
    say(f"wrote the matrix to {target}")


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
@click.argument("source", metavar="FILE", type=FILE_NAME)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the changes (or the problems) as JSON."
)
@click.pass_context
def matrix_import(
    ctx: click.Context, db: str | None, actor: str | None, source: str, as_json: bool
) -> None:
    """Replace the matrix with FILE ('-': stdin), all or nothing.

    On any problem every one is printed on stderr with its line, one per line,
    nothing changes and the exit code is 1. On success the changes are printed
    and recorded (who, when, what changed).

    JSON keys: changed (true when a new version was recorded), version (the
    matrix version in force, or null), changes (lines), problems (each line, or
    null for the whole file, and message; empty unless exit 1).
    """
    from sophdesk.domain.matrix_toml import MatrixErrors
    from sophdesk.services.matrix import import_matrix

    state = merge(ctx, db, actor)
    text = _read_matrix_file(source)
    desk = open_desk(state, settings_or_fail())

    def attempt() -> Any:
        try:
            return import_matrix(desk, text)
        except MatrixErrors as exc:
            return exc

    try:
        result = guarded(attempt)
    finally:
        desk.close()
    if as_json:
        if isinstance(result, MatrixErrors):
            problems = [{"line": p.line, "message": p.message} for p in result.problems]
            data: dict[str, Any] = {"changed": False, "version": None, "changes": []}
            click.echo(safe_json(data | {"problems": problems}, indent=2))
            sys.exit(EXIT_REFUSED)
        data = {"changed": result.changed, "version": result.version}
        data |= {"changes": list(result.changes), "problems": []}
        click.echo(safe_json(data, indent=2))
        return
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
@click.option("--json", "as_json", is_flag=True, help="Print the duties as JSON.")
@click.pass_context
def matrix_check(ctx: click.Context, db: str | None, actor: str | None, as_json: bool) -> None:
    """List the duties nobody holds, one per line. Exit 0 when none, 1 when some.

    Duties the matrix leaves out (they keep the default role) are listed too.

    JSON keys: ok (every duty is held), unfilled and by_default (each severity,
    duty, role); the exit code is the same.
    """
    from sophdesk.services.matrix import defaults, unfilled

    state = merge(ctx, db, actor)
    desk = open_desk(state, settings_or_fail())
    try:
        missing = guarded(lambda: unfilled(desk))
        by_default = guarded(lambda: defaults(desk))
    finally:
        desk.close()
    if as_json:

        def duty_list(items: list[Any]) -> list[dict[str, str]]:
            return [
                {"severity": i.severity.value, "duty": i.duty.value, "role": i.role.value}
                for i in items
            ]

        data = {
            "ok": not missing,
            "unfilled": duty_list(missing),
            "by_default": duty_list(by_default),
        }
        click.echo(safe_json(data, indent=2))
        if missing:
            sys.exit(EXIT_REFUSED)
        return
    for item in by_default:
        click.echo(
            f"{item.severity.value} {item.duty.value}: role {item.role.value} by default"
            f" (not given in [duties.{item.severity.value}])"
        )
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
@click.option(
    "--severity", required=True, type=Choice(SEVERITIES), help="The severity: SEV1..SEV4."
)
@click.option(
    "--duty",
    required=True,
    type=Choice(d.value for d in Duty),
    metavar="DUTY",
    help=f"The duty: {', '.join(d.value for d in Duty)}.",
)
@click.option("--at", metavar="TIME", help="When (ISO 8601 with offset); default: now.")
@click.option("--json", "as_json", is_flag=True, help="Print who holds it as JSON.")
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
    are away, or the support lead when nobody else can, with the reason.

    JSON keys: person, name, contact (null when nobody holds it), role, via
    (primary, backup or support_lead), reason.
    """
    from sophdesk.domain.matrix import holder_dict, parse_duty
    from sophdesk.services.matrix import owner as find_owner

    state = merge(ctx, db, actor)
    chosen = guarded(lambda: parse_severity(severity))
    wanted = guarded(lambda: parse_duty(duty))
    moment = parse_at(at)
    desk = open_desk(state, settings_or_fail())
    try:
        holder = guarded(lambda: find_owner(desk, chosen, wanted, moment))
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
@click.option(
    "--signal",
    "signals",
    multiple=True,
    type=Choice(s.value for s in Signal),
    metavar="SIGNAL",
    help=f"A signal seen (repeat): {', '.join(s.value for s in Signal)}.",
)
@click.option(
    "--severity",
    type=Choice(SEVERITIES),
    help="The severity (default: the incident's, with an ID).",
)
@click.option("--at", metavar="TIME", help="When (ISO 8601 with offset); default: now.")
@click.option(
    "--override",
    type=Choice(r.value for r in Route),
    help="With --record: send it to ROUTE instead of the signals' route (needs --reason).",
)
@click.option("--reason", metavar="TEXT", help="Why the override: recorded with the route.")
@click.option(
    "--record",
    is_flag=True,
    help="With ID: record the route on the timeline and page the owner to contact.",
)
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
    override: str | None,
    reason: str | None,
    record: bool,
    as_json: bool,
) -> None:
    """Where the next response goes (hosting, provider, codecanyon, internal or
    unclear) from the signals seen, and whom to contact.

    Without --record nothing is written. With ID and --record the route is
    recorded on the incident's timeline and its owner is paged (the page waits
    for `sophdesk ack ID`); --override ROUTE --reason TEXT records another route
    than the signals give, with the reason.

    JSON keys: route, reasons (a list), owner (as owner --json); with --record also
    recorded (true).
    """
    from sophdesk.domain.routing import override_route, parse_route, parse_signal, route_dict
    from sophdesk.services.matrix import incident_severity, route_for

    if record and incident_id is None:
        raise click.UsageError("--record needs the incident's ID", ctx)
    if (override or reason) and not record:
        raise click.UsageError("--override and --reason go with --record", ctx)
    if record and (severity or at):
        raise click.UsageError(
            "--record uses the incident's severity and the time now; leave out --severity/--at",
            ctx,
        )
    if reason and not override:
        raise click.UsageError("--reason explains an --override ROUTE", ctx)
    state = merge(ctx, db, actor)
    ticked = [guarded(lambda s=s: parse_signal(s)) for s in signals]  # type: ignore[misc]
    chosen = guarded(lambda: parse_severity(severity)) if severity is not None else None
    forced = guarded(lambda: parse_route(override)) if override is not None else None
    if forced is not None:
        from sophdesk.domain.routing import route as decide

        guarded(lambda: override_route(decide(ticked), forced, reason or ""))
    moment = parse_at(at)
    desk = open_desk(state, settings_or_fail())
    try:
        if record:
            from sophdesk.services.routing import record_route

            assert incident_id is not None
            decision, holder = guarded(
                lambda: record_route(desk, incident_id, ticked, forced, reason)
            )
        else:
            if incident_id is not None and chosen is None:
                chosen = guarded(lambda: incident_severity(desk, incident_id))
            decision, holder = guarded(lambda: route_for(desk, ticked, chosen, moment))
    finally:
        desk.close()
    data = route_dict(decision, holder)
    if as_json:
        if record:
            data["recorded"] = True
        click.echo(safe_json(data, indent=2))
        return
    click.echo(f"route : {decision.route.value} ({decision.route.description})")
    first, why = _holder_lines(data["owner"])
    click.echo(f"owner : {first}")
    click.echo(f"        {why}")
    click.echo("why   :")
    for line in decision.reasons:
        click.echo(f"  {visible(line, one_line=True)}")
    if record:
        paged = "paged them" if holder.person else "nobody to page: escalate"
        click.echo(f"recorded on #{incident_id}'s timeline; {paged}")
