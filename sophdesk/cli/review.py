"""The review command: the seed's three reviews as checklists."""

from __future__ import annotations

import sys

import click

from sophdesk.cli.app import main
from sophdesk.cli.base import (
    EXIT_REFUSED,
    common_options,
    fail,
    guarded,
    merge,
    open_desk,
    settings_or_fail,
)
from sophdesk.cli.text_args import Choice
from sophdesk.domain.review import CHECKLISTS, Stage, item_keys
from sophdesk.domain.text import safe_json, visible

STAGES = [s.value for s in Stage]
ITEMS = "; ".join(
    f"{s.value}: {', '.join(i.key for i in items)}" for s, items in CHECKLISTS.items()
)


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


@main.command(name="review")
@common_options
@click.argument("incident_id", metavar="ID", type=int)
@click.option("--stage", required=True, type=Choice(STAGES), help="Which review.")
@click.option(
    "--yes",
    "yes",
    multiple=True,
    type=Choice(dict.fromkeys([*(i.key for items in CHECKLISTS.values() for i in items), "all"])),
    metavar="ITEM",
    help="Confirm ITEM (repeat; 'all' confirms every item). No prompts then.",
)
@click.option(
    "--accept-suggested",
    is_flag=True,
    help="Confirm every item the desk pre-ticked (with --yes: both). No prompts then.",
)
@click.option("--note", metavar="TEXT", help="A word for the timeline (what to improve).")
@click.option("--show", is_flag=True, help="Show the checklist and pre-ticks; record nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the checklist and result as JSON.")
@click.pass_context
def review(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    incident_id: int,
    stage: str,
    yes: tuple[str, ...],
    accept_suggested: bool,
    note: str | None,
    show: bool,
    as_json: bool,
) -> None:
    """Run a review: when reported, before support contact, or after recovery.

    The desk pre-ticks what it can work out, with the reason; you confirm each
    item. On a terminal without --yes or --accept-suggested each item is asked
    (Enter takes the suggestion). In scripts name the items you confirm with
    --yes ITEM, or --accept-suggested. The review is recorded on the timeline as
    complete (every item confirmed; exit 0) or incomplete (exit 1, naming the
    open items). Moving an incident to reviewed needs a complete after_recovery
    review made since it was last resolved.

    JSON keys: id, stage, result (complete or incomplete; null with --show),
    complete, recorded, items (each item, label, suggested, reason, confirmed).

    Items:"""
    from sophdesk.services.review import checklist, outcome_dict, record_review

    chosen = Stage(stage)
    names = guarded(lambda: item_keys(chosen, yes))
    state = merge(ctx, db, actor)
    desk = open_desk(state, settings_or_fail())
    try:
        checks = guarded(lambda: checklist(desk, incident_id, chosen))
        if show:
            from sophdesk.domain.review import ReviewOutcome

            preview = ReviewOutcome(chosen, checks, ())
            if as_json:
                click.echo(safe_json(outcome_dict(incident_id, preview, False), indent=2))
                return
            click.echo(f"#{incident_id} review {chosen.label}:")
            for check in checks:
                mark = "x" if check.ticked else " "
                reason = visible(check.reason, one_line=True)
                click.echo(f"  [{mark}] {check.item.key}: {check.item.label} - {reason}")
            return
        confirmed = list(names)
        if accept_suggested:
            confirmed += [c.item.key for c in checks if c.ticked]
        elif not names:
            if not _interactive():
                raise click.UsageError(
                    "no terminal to ask on: confirm items with --yes ITEM (or 'all'),"
                    " or --accept-suggested; --show lists them",
                    ctx,
                )
            click.echo(f"#{incident_id} review {chosen.label}:", err=True)
            for check in checks:
                suggested = "suggested" if check.ticked else "not suggested"
                click.echo(f"  {check.item.label}", err=True)
                click.echo(f"    ({suggested}: {visible(check.reason, one_line=True)})", err=True)
                if click.confirm("    confirm?", default=check.ticked, err=True):
                    confirmed.append(check.item.key)
        outcome = guarded(lambda: record_review(desk, incident_id, chosen, confirmed, note, checks))
    finally:
        desk.close()
    if as_json:
        click.echo(safe_json(outcome_dict(incident_id, outcome, True), indent=2))
    else:
        click.echo(f"#{incident_id}: review {chosen.label} recorded as {outcome.result}")
    if not outcome.complete:
        open_items = ", ".join(c.item.key for c in outcome.open_items)
        fail(f"the review is incomplete; still open: {open_items}", EXIT_REFUSED)


review.help = (review.help or "").rstrip() + " " + ITEMS + "."
