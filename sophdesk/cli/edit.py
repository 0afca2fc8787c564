"""The edit command: communication fields, the body, and log excerpts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from sophdesk.cli.app import main
from sophdesk.cli.base import (
    common_options,
    conflict_dict,
    decode_text,
    expected_version_option,
    fail,
    guarded,
    merge,
    open_desk,
    settings_or_fail,
)
from sophdesk.cli.text_args import FILE_NAME
from sophdesk.domain.communication import MAX_EXCERPT_CHARS, IncidentEdit, check_excerpt
from sophdesk.domain.errors import DomainError
from sophdesk.domain.incident import MAX_BODY_BYTES, byte_figure, check_body
from sophdesk.domain.text import safe_json


def read_text(source: str, what: str, limit: int) -> str:
    """UTF-8 text from a file or ``-`` (stdin), refusing more than ``limit`` bytes."""
    if source == "-":
        data = sys.stdin.buffer.read(limit + 1)
        where = "standard input"
    else:
        path = Path(source)
        try:
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            fail(f"cannot read {path}: {exc.strerror or exc}")
        where = str(path)
    if len(data) > limit:
        fail(
            f"the {what} from {where} is over {byte_figure(limit)};"
            " attach the relevant lines, not the whole log."
        )
    return decode_text(data, what, where, source)


@main.command(name="edit")
@common_options
@click.argument("incident_id", metavar="ID", type=int)
@click.option("--title", metavar="T", help="One line saying what is wrong.")
@click.option("--customer", metavar="C", help="The site or client affected.")
@click.option("--impact", metavar="TEXT", help="Impact summary: what customers cannot do.")
@click.option("--workaround", metavar="TEXT", help="The current workaround ('' clears it).")
@click.option("--owner", metavar="NAME", help="Who owns the next response ('' clears it).")
@click.option("--follow-up", "follow_up", metavar="TEXT", help="Follow-up work after recovery.")
@click.option(
    "--body-file", metavar="F|-", type=FILE_NAME, help="Replace the body with FILE or stdin."
)
@click.option(
    "--excerpt-file",
    metavar="F|-",
    type=FILE_NAME,
    help="Add a log excerpt from FILE or stdin (at most 50 lines: choose the lines).",
)
@click.option("--excerpt-label", metavar="TEXT", default="", help="What the excerpt shows.")
@expected_version_option("the field changes")
@click.option("--json", "as_json", is_flag=True, help="Print what changed as JSON.")
@click.pass_context
def edit(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    incident_id: int,
    title: str | None,
    customer: str | None,
    impact: str | None,
    workaround: str | None,
    owner: str | None,
    follow_up: str | None,
    body_file: str | None,
    excerpt_file: str | None,
    excerpt_label: str,
    expected_version: int | None,
    as_json: bool,
) -> None:
    """Change an incident's fields; each change is an 'edit' event on the timeline.

    Impact, workaround, follow-up, title, body and excerpts are stored redacted
    (keys, credentials, payment data and private details replaced by placeholders
    such as [openai-key-1]). A log excerpt is refused beyond 50 lines: raw logs
    never leave the desk, so choose the lines around the error. An empty value
    ('') clears impact, workaround, owner or follow-up.

    With --expected-version N, the field changes are refused if another desk
    changed the incident since version N: exit code 4, nothing written (not the
    excerpt either), and the message names both versions and, for each field,
    your value and the value now. Excerpts alone are appended and never conflict.

    JSON keys: id, changed (field names), excerpt (id, lines, label, or null),
    version (the incident's version now). On a conflict (exit 4): error
    ("conflict"), id, expected, current, message, fields (per field: yours,
    now), since (the other desk's newest events).
    """
    if body_file == "-" and excerpt_file == "-":
        raise click.UsageError("only one of --body-file and --excerpt-file can read stdin", ctx)
    state = merge(ctx, db, actor)
    body = None
    if body_file is not None:
        body = read_text(body_file, "body", MAX_BODY_BYTES)
        guarded(lambda: check_body(body or ""))
    excerpt = None
    if excerpt_file is not None:
        # Four bytes a character at most: refuse a whole log before decoding it all.
        excerpt = read_text(excerpt_file, "excerpt", MAX_EXCERPT_CHARS * 4)
        try:
            check_excerpt(excerpt, excerpt_label)  # refused before anything is written
        except DomainError as exc:
            fail(exc.message)
    changes = guarded(
        lambda: IncidentEdit(
            title=title,
            customer=customer,
            impact=impact,
            workaround=workaround,
            owner=owner,
            follow_up=follow_up,
            body=body,
        )
    )
    if changes.is_empty and excerpt is None:
        raise click.UsageError(
            "nothing to change: give --title, --customer, --impact, --workaround, --owner,"
            " --follow-up, --body-file or --excerpt-file",
            ctx,
        )
    from sophdesk.services.communication import add_excerpt, edit_incident, stored_values

    def conflict(error: Any) -> None:
        if as_json:
            yours = stored_values(desk, incident_id, changes)
            click.echo(safe_json(conflict_dict(error, incident_id, yours), indent=2))

    desk = open_desk(state, settings_or_fail())
    changed: list[str] = []
    added = None
    try:
        if not changes.is_empty:
            incident, changed = guarded(
                lambda: edit_incident(
                    desk, incident_id, changes, expected_version=expected_version
                ),
                on_conflict=conflict,
            )
        else:
            incident = guarded(lambda: desk.incident(incident_id))
        if excerpt is not None:
            added = guarded(lambda: add_excerpt(desk, incident_id, excerpt or "", excerpt_label))
    finally:
        desk.close()
    if as_json:
        data = {
            "id": incident_id,
            "changed": changed,
            "excerpt": None
            if added is None
            else {"id": added.id, "lines": added.line_count, "label": added.label},
            "version": incident.version,
        }
        click.echo(safe_json(data, indent=2))
        return
    parts = [f"changed {', '.join(changed)}"] if changed else []
    if added is not None:
        parts.append(f"added log excerpt {added.id} ({added.line_count} lines)")
    click.echo(f"#{incident_id}: " + ("; ".join(parts) or "nothing changed"))
