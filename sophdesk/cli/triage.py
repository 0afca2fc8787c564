"""Triage commands: assess (one, recorded, or a batch) and sla."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from sophdesk.cli.app import main
from sophdesk.cli.base import (
    EXIT_REFUSED,
    F,
    common_options,
    fail,
    guarded,
    merge,
    open_desk,
    quiet_stdout,
    say,
    settings_or_fail,
)
from sophdesk.cli.text_args import Choice
from sophdesk.domain.assessment import DIMENSIONS, UNKNOWN
from sophdesk.domain.errors import DomainError
from sophdesk.domain.severity import Severity, parse_severity
from sophdesk.domain.text import safe_json, visible
from sophdesk.domain.timefmt import local_stamp

if TYPE_CHECKING:
    from sophdesk.config import Settings

# -- triage and SLA ----------------------------------------------------------------

SEVERITIES = [s.value for s in Severity]


def _dimension_options(func: F) -> F:
    """One option per assessment dimension (``--impact`` ...), in the wizard's order."""
    for dimension in reversed(DIMENSIONS):
        func = click.option(
            f"--{dimension.key}",
            dimension.key,
            type=Choice((*dimension.values, UNKNOWN)),
            metavar="|".join((*dimension.values, UNKNOWN)),
            help=f"{dimension.question} ({', '.join(dimension.values)}; or {UNKNOWN}:"
            " rated as the worst, and escalated to the support lead)",
        )(func)
    return func


def _decided(answers: dict[str, str]) -> Any:
    from sophdesk.services.sla_views import decide

    return guarded(lambda: decide(answers))


@main.command(name="assess")
@common_options
@click.argument("incident_id", metavar="[ID]", type=int, required=False)
@_dimension_options
@click.option(
    "--override",
    type=Choice(SEVERITIES),
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

    JSON keys: severity, category, rationale (a list); with ID also id,
    first_response_due, next_update_due, resolution_due, computed_severity and
    override_reason.
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

    chosen = guarded(lambda: parse_severity(override)) if override is not None else None
    guarded(lambda: check_recording(decision, chosen, reason))
    state = merge(ctx, db, actor)
    settings = settings_or_fail()
    desk = open_desk(state, settings)
    try:
        recorded = guarded(lambda: record(desk, incident_id, answered, chosen, reason))
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
        say("reading JSON lines from standard input; end with Ctrl+D")
    try:
        summary = assess_batch(source, lambda text: out.write(text.encode("utf-8")))
        out.flush()
    except BrokenPipeError:
        quiet_stdout()
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


@main.command(name="sla")
@click.option(
    "--severity", required=True, type=Choice(SEVERITIES), help="The severity: SEV1..SEV4."
)
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

    JSON keys: severity, from, clock (business or 24x7), business_hours, targets
    (first_response, update_cadence, resolution), first_response_due,
    next_update_due, resolution_due.
    """
    from sophdesk.domain.evidence import parse_timestamp
    from sophdesk.services.sla_views import sla_preview

    chosen = guarded(lambda: parse_severity(severity))
    try:
        moment = parse_timestamp(start)
    except DomainError as exc:
        fail(f"--from {start!r}: {exc.message}")
    settings = settings_or_fail()
    preview = guarded(lambda: sla_preview(settings.sla, chosen, moment))
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
