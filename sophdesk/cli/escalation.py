"""Escalation commands: ack, escalate and sweep (pages and their timeouts)."""

from __future__ import annotations

import click

from sophdesk.cli.app import main
from sophdesk.cli.base import (
    common_options,
    guarded,
    merge,
    open_desk,
    say,
    settings_or_fail,
)
from sophdesk.domain.text import safe_json, visible
from sophdesk.domain.timefmt import local_stamp


@main.command(name="ack")
@common_options
@click.argument("incident_id", metavar="ID", type=int)
@click.option("--note", default=None, help="A word for the timeline (what you are doing).")
@click.option("--json", "as_json", is_flag=True, help="Print the page as JSON.")
@click.pass_context
def ack(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    incident_id: int,
    note: str | None,
    as_json: bool,
) -> None:
    """Acknowledge the incident's page: its owner has it, the timeout stops.

    Exit 1 when nobody was paged. An already acknowledged page is left as it is
    (exit 0, nothing recorded).

    JSON keys: id, recorded (false when it was acknowledged already), page
    (person, stage, since, acknowledged_by, acknowledged_at; times ISO 8601).
    """
    from sophdesk.services.escalation import acknowledge, sweep

    state = merge(ctx, db, actor)
    settings = settings_or_fail()
    desk = open_desk(state, settings)
    try:
        guarded(lambda: sweep(desk))
        result = guarded(lambda: acknowledge(desk, incident_id, note))
    finally:
        desk.close()
    page = result.page
    if as_json:
        from sophdesk.domain.timefmt import iso

        data = {
            "id": incident_id,
            "recorded": result.recorded,
            "page": {
                "person": page.person,
                "stage": page.stage.value,
                "since": iso(page.since),
                "acknowledged_by": page.acknowledged_by,
                "acknowledged_at": iso(page.acknowledged_at),
            },
        }
        click.echo(safe_json(data, indent=2))
        return
    who = visible(page.person or "", one_line=True)
    by = visible(page.acknowledged_by or "", one_line=True)
    when = local_stamp(page.acknowledged_at, settings.timezone) if page.acknowledged_at else "?"
    if result.recorded:
        click.echo(f"#{incident_id}: page to {who} ({page.stage.label}) acknowledged by {by}")
    else:
        click.echo(
            f"#{incident_id}: the page to {who} was already acknowledged by {by} at {when};"
            " nothing recorded"
        )


@main.command(name="escalate")
@common_options
@click.argument("incident_id", metavar="ID", type=int)
@click.option("--note", default=None, help="Why, in your words (the flags are added).")
@click.option("--json", "as_json", is_flag=True, help="Print who was paged as JSON.")
@click.pass_context
def escalate(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    incident_id: int,
    note: str | None,
    as_json: bool,
) -> None:
    """Page the support lead about the incident, with its flags as the reason.

    Exit 1 when nobody could be paged (the reason says why).

    JSON keys: id, paged (true or false), person (who holds the page now, or
    null), stage ("support_lead"), from (who held it before, or null), reason.
    """
    from sophdesk.services.escalation import escalate_to_lead

    state = merge(ctx, db, actor)
    desk = open_desk(state, settings_or_fail())
    try:
        step = guarded(lambda: escalate_to_lead(desk, incident_id, note))
    finally:
        desk.close()
    if as_json:
        data = {
            "id": incident_id,
            "paged": step.person is not None,
            "person": step.person,
            "stage": step.stage.value,
            "from": step.before,
            "reason": step.reason,
        }
        click.echo(safe_json(data, indent=2))
        if step.person is None:
            raise SystemExit(1)
        return
    if step.person is None:
        click.echo(f"#{incident_id}: nobody could be paged: {visible(step.reason, one_line=True)}")
        raise SystemExit(1)
    click.echo(f"#{incident_id}: paged the support lead {visible(step.person, one_line=True)}")


@main.command(name="sweep")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print the moves as JSON.")
@click.pass_context
def sweep_cmd(ctx: click.Context, db: str | None, actor: str | None, as_json: bool) -> None:
    """Move unanswered pages on: to the backup, then to the support lead.

    The open desk does this by itself every few seconds; run this from cron when
    no desk is open. Prints each move (nothing when none is due).

    JSON: an array of the moves, each id, stage, from, to, reason.
    """
    from sophdesk.services.escalation import sweep

    state = merge(ctx, db, actor)
    desk = open_desk(state, settings_or_fail())
    try:
        moves = guarded(lambda: sweep(desk))
    finally:
        desk.close()
    if as_json:
        data = [
            {
                "id": incident_id,
                "stage": step.stage.value,
                "from": step.before,
                "to": step.person,
                "reason": step.reason,
            }
            for incident_id, step in moves
        ]
        click.echo(safe_json(data, indent=2))
        return
    for incident_id, step in moves:
        click.echo(f"#{incident_id}: {visible(step.reason, one_line=True)}")
    if not moves:
        say("no page is due to move")
