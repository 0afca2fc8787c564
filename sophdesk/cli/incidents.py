"""Incident commands: new, list, show, status."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from sophdesk.cli.app import main
from sophdesk.cli.base import (
    common_options,
    decode_text,
    expected_version_option,
    fail,
    guarded,
    merge,
    open_desk,
    say,
    settings_or_fail,
)
from sophdesk.cli.text_args import FILE_NAME, Choice
from sophdesk.domain.errors import DomainError
from sophdesk.domain.incident import MAX_BODY_BYTES, byte_figure, check_body
from sophdesk.domain.lifecycle import Status, parse_status
from sophdesk.domain.queue import UNASSESSED, QueueFilter
from sophdesk.domain.serialize import detail_dict, incident_dict
from sophdesk.domain.severity import Severity, parse_severity
from sophdesk.domain.text import safe_json, visible
from sophdesk.domain.timefmt import compact_duration, local_stamp, utcnow

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
                    f"{path} is {byte_figure(size)}; a body may be at most"
                    f" {byte_figure(MAX_BODY_BYTES)}: attach the relevant lines, not the whole log."
                )
            data = path.read_bytes()
        except OSError as exc:
            fail(f"cannot read {path}: {exc.strerror or exc}")
        where = str(path)
    if len(data) > MAX_BODY_BYTES:
        fail(
            f"the body from {where} is over {byte_figure(MAX_BODY_BYTES)};"
            " attach the relevant lines, not the whole log."
        )
    text = decode_text(data, "body", where, source)
    try:
        check_body(text)
    except DomainError as exc:
        fail(exc.message)
    return text


@main.command()
@common_options
@click.option("--title", required=True, help="One line saying what is wrong.")
@click.option("--customer", required=True, help="The site or client affected.")
@click.option(
    "--body-file", metavar="FILE|-", type=FILE_NAME, help="Read the description from FILE or stdin."
)
@click.option(
    "--raw",
    is_flag=True,
    help="Keep the body unredacted (the incident is marked raw; it never leaves unredacted).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the incident as JSON.")
@click.pass_context
def new(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    title: str,
    customer: str,
    body_file: str | None,
    raw: bool,
    as_json: bool,
) -> None:
    """Open a new incident; prints its id.

    The title and body are stored redacted (keys, credentials, payment data and
    private details replaced by placeholders such as [openai-key-1]) unless --raw.

    JSON keys: id, title, customer, body (as it leaves: redacted), body_raw, status,
    severity, sla_due_at, owner, created_at, updated_at, created_by, version.
    """
    state = merge(ctx, db, actor)
    body = _read_body(body_file)
    desk = open_desk(state, settings_or_fail())
    try:
        incident = guarded(lambda: desk.new_incident(title, customer, body, keep_raw=raw))
    finally:
        desk.close()
    if as_json:
        data = incident_dict(incident)
        data["body"] = _outgoing_body(incident)
        click.echo(safe_json(data, indent=2))
    else:
        click.echo(incident.id)


def _outgoing_body(incident: Any) -> str:
    """The body as it may leave the desk: a body kept raw is redacted again."""
    if not incident.body_raw:
        return str(incident.body)
    from sophdesk.services.outbound import release

    return release(incident.body)


def _parse_severities(values: tuple[str, ...]) -> tuple[Severity | None, ...]:
    parsed: list[Severity | None] = []
    for value in values:
        if value.strip().lower() == UNASSESSED:
            parsed.append(None)
        else:
            parsed.append(guarded(lambda v=value: parse_severity(v)))  # type: ignore[misc]
    return tuple(parsed)


@main.command(name="list")
@common_options
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=Choice(s.value for s in Status),
    help="Only this status (repeat).",
)
@click.option(
    "--severity",
    "severities",
    multiple=True,
    type=Choice([*(s.value for s in Severity), UNASSESSED]),
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
@click.option(
    "--needs-escalation",
    "needs_escalation",
    is_flag=True,
    help="Only incidents flagged 'escalate to the support lead', with the reasons.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option(
    "--format",
    "fmt",
    type=Choice(["table", "plain", "json"]),
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
    needs_escalation: bool,
    as_json: bool,
    fmt: str,
) -> None:
    """List incidents most urgent first (without --status: the open queue).

    --needs-escalation keeps those flagged "escalate to the support lead" (severity,
    owner, communication or route unclear, or a page nobody answered) and shows the
    reasons: under each row in the table, a REASONS column in plain, and the keys
    needs_escalation, reasons and flags in JSON.

    --breached and --at-risk keep only open incidents whose SLA clock is in that
    state now (both: either). The table shows an SLA column (time left, RISK,
    BREACHED, paused) when any listed incident has an SLA clock running.

    JSON (an array; --json or --format json), each: id, title, customer, status,
    severity, sla_due_at, owner, created_at, sla_state, sla_clock; with
    --needs-escalation also needs_escalation, reasons, flags (each kind, reason).
    """
    from sophdesk.services.sla_views import sla_listing

    state = merge(ctx, db, actor)
    settings = settings_or_fail()
    wanted = guarded(
        lambda: QueueFilter(
            statuses=tuple(parse_status(s) for s in statuses),
            severities=_parse_severities(severities),
            search=search,
            limit=limit,
        )
    )
    desk = open_desk(state, settings)
    flagged: dict[int, Any] = {}
    try:
        if needs_escalation:
            from sophdesk.services.escalation import needing, sweep

            guarded(lambda: sweep(desk))
            unlimited = replace(wanted, limit=None)
            flagged = {v.incident.id: v for v in guarded(lambda: needing(desk, unlimited))}
            unlimited_rows = guarded(
                lambda: sla_listing(desk, unlimited, breached=breached, at_risk=at_risk)
            )
            rows = [r for r in unlimited_rows if r.row.id in flagged][:limit]
        else:
            rows = guarded(lambda: sla_listing(desk, wanted, breached=breached, at_risk=at_risk))
    finally:
        desk.close()
    if as_json or fmt == "json":
        items = []
        for r in rows:
            data = r.as_dict()
            if needs_escalation:
                found = flagged[r.row.id].as_dict()
                data.update(needs_escalation=True, reasons=found["reasons"], flags=found["flags"])
            items.append(data)
        click.echo(safe_json(items, indent=2))
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
        if needs_escalation and fmt == "plain":
            reasons = [flag.reason for flag in flagged[row.id].flags]
            cells.append(visible("; ".join(reasons), one_line=True))
        lines.append(cells)
    if fmt == "plain":
        for line in lines:
            click.echo("\t".join(line))
        return
    header = ["ID", "SEV", "STATUS", "AGE", "CUSTOMER", "TITLE"]
    if with_sla:
        header.insert(3, "SLA")
    notes = None
    if needs_escalation:
        notes = [
            [f"escalate: {visible(f.reason, one_line=True)}" for f in flagged[item.row.id].flags]
            for item in rows
        ]
    _print_table(header, lines, capped={header.index("CUSTOMER"): 28}, notes=notes)
    if not lines:
        click.echo("(no incidents match)", err=True)


def _print_table(
    header: list[str],
    lines: list[list[str]],
    capped: dict[int, int],
    notes: list[list[str]] | None = None,
) -> None:
    """Aligned columns (measured in terminal cells: CJK and emoji take two, a
    combining accent none); the last one is not padded, ``capped`` ones are cut
    short. ``notes`` are printed indented under their line."""
    from sophdesk.cli.columns import aligned

    rows = aligned(header, lines, capped)
    click.echo(rows[0])
    for index, row in enumerate(rows[1:]):
        click.echo(row)
        for note in notes[index] if notes else ():
            click.echo(f"    {note}")


@main.command()
@common_options
@click.argument("incident_id", metavar="ID", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the incident and timeline as JSON.")
@click.pass_context
def show(
    ctx: click.Context, db: str | None, actor: str | None, incident_id: int, as_json: bool
) -> None:
    """Show one incident with its timeline, its page and why to escalate it.

    Every text leaves through the redactor, as in updates and reports.

    JSON keys: id, title, customer, body, body_raw, status, severity, sla_due_at,
    owner, created_at, updated_at, created_by, version; events (each id, at, actor,
    kind, field, before, after, note); escalation (needs_escalation, reasons, flags,
    page); impact, workaround, follow_up (text or null); excerpts (each id, label,
    lines, text, at, actor); assessment (answers, severity, computed_severity,
    override_reason, rationale, category, at, actor; null until assessed); evidence
    (as evidence --json: each field's value, {"unknown": reason} or null); reviews
    (each stage, result, actor, at, note).
    """
    from sophdesk.services.escalation import view

    state = merge(ctx, db, actor)
    settings = settings_or_fail()
    desk = open_desk(state, settings)
    try:
        from sophdesk.services.outbound import released_detail

        detail = guarded(lambda: released_detail(desk, incident_id))
        escalation = guarded(lambda: view(desk, incident_id))
        if as_json:
            from sophdesk.services.incident_json import show_extras

            extras = guarded(lambda: show_extras(desk, incident_id))
    finally:
        desk.close()
    if as_json:
        data = detail_dict(detail)
        found = escalation.as_dict()
        data["escalation"] = {
            key: found[key] for key in ("needs_escalation", "reasons", "flags", "page")
        }
        data.update(extras)
        click.echo(safe_json(data, indent=2))
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
    if escalation.page_text:
        click.echo(f"page     : {visible(escalation.page_text, one_line=True)}")
    for flag in escalation.flags:
        click.echo(f"escalate : {visible(flag.reason, one_line=True)}")
    if incident.body:
        click.echo("")
        if incident.body_raw:
            click.echo("(the body was kept raw; it is shown redacted here, as everywhere out)")
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
@click.argument("new_status", metavar="NEW_STATUS", type=Choice(s.value for s in Status))
@click.option("--note", default=None, help="Why: recorded on the timeline.")
@expected_version_option("the move")
@click.option("--json", "as_json", is_flag=True, help="Print the incident's new state as JSON.")
@click.pass_context
def status(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    incident_id: int,
    new_status: str,
    note: str | None,
    expected_version: int | None,
    as_json: bool,
) -> None:
    """Move an incident to NEW_STATUS (illegal moves are refused, naming the allowed ones).

    With --expected-version N, the move is refused if another desk changed the
    incident since version N: exit code 4, nothing written, and the message names
    both versions and what the other desk did.

    JSON keys: id, status, severity, version, updated_at.
    """
    state = merge(ctx, db, actor)
    target: Status = guarded(lambda: parse_status(new_status))
    desk = open_desk(state, settings_or_fail())
    try:
        incident = guarded(
            lambda: desk.change_status(incident_id, target, note, expected_version=expected_version)
        )
    finally:
        desk.close()
    if as_json:
        data = incident_dict(incident)
        keys = ("id", "status", "severity", "version", "updated_at")
        click.echo(safe_json({key: data[key] for key in keys}, indent=2))
    else:
        click.echo(f"#{incident.id} is now {incident.status.value}")
    if incident.status is Status.RESOLVED:
        # The seed's review after recovery; reviewed needs it done.
        say(f"next: review it after recovery: sophdesk review {incident.id} --stage after_recovery")
