"""Update and report commands: what leaves the desk, always through the one door."""

from __future__ import annotations

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
    settings_or_fail,
)
from sophdesk.cli.text_args import FILE_NAME, Choice
from sophdesk.domain.text import safe_json, visible
from sophdesk.domain.updates import EXTERNAL_AUDIENCES, Audience

AUDIENCES = [a.value for a in Audience]
REPORT_AUDIENCES = [a.value for a in EXTERNAL_AUDIENCES]


def _note(message: str) -> None:
    click.echo(f"sophdesk: {visible(message, one_line=True)}", err=True)


def _write(output: str, text: str) -> str:
    from sophdesk.services.outbound import write_file
    from sophdesk.services.private_file import UnsafeTarget

    try:
        return str(write_file(Path(output), text))
    except UnsafeTarget as exc:
        fail(exc.message, EXIT_USAGE)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")


def _copy(text: str) -> Any:
    from sophdesk.services.clipboard import copy, tty_sender

    return copy(text, tty_sender())


@main.command(name="update")
@common_options
@click.argument("incident_id", metavar="ID", type=int)
@click.option("--audience", required=True, type=Choice(AUDIENCES), help="Who the update is for.")
@click.option("--copy", "to_clipboard", is_flag=True, help="Copy it (OSC 52 and a 0600 file).")
@click.option(
    "--output", metavar="FILE", type=FILE_NAME, help="Also write it to FILE (created 0600)."
)
@click.option(
    "--record", is_flag=True, help="Record it as sent (a customer update resets the clock)."
)
@click.option("--draft", is_flag=True, help="Print it even with required fields missing.")
@click.option("--json", "as_json", is_flag=True, help="Print the update and its state as JSON.")
@click.pass_context
def update(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    incident_id: int,
    audience: str,
    to_clipboard: bool,
    output: str | None,
    record: bool,
    draft: bool,
    as_json: bool,
) -> None:
    """Print the update for an audience, from its template (a team may override
    it in <config dir>/templates/updates/AUDIENCE.md).

    A customer update must carry impact, workaround, owner and the next update time
    (from the SLA cadence, in the desk's time zone); hosting, provider and
    codecanyon updates need impact, owner, the time, reproduction steps and the
    error report. A missing field exits 1 naming each one and how to fill it
    (--draft prints the draft anyway; nothing is copied, written or recorded).

    Everything printed, copied or written passes through the redactor with your
    known secrets. --copy sends OSC 52 to your terminal (/dev/tty; in tmux set
    `set -g set-clipboard on`), uses the system clipboard on a local desktop, and
    always writes a 0600 file whose path it prints.

    JSON keys: id, audience, text, ready, missing (field, label, how), as_of,
    next_update_due, timezone, template, removed, recorded, output, copy.
    """
    from sophdesk.services.updates import compose, missing_message, record_update

    check_output(output)
    state = merge(ctx, db, actor)
    chosen = Audience(audience)
    desk = open_desk(state, settings_or_fail())
    copied = None
    written = None
    try:
        composed = guarded(lambda: compose(desk, incident_id, chosen))
        if not composed.ready:
            if as_json:
                click.echo(safe_json(composed.as_dict() | _extras(False, None, None), indent=2))
            elif draft:
                click.echo(visible(composed.text), nl=False)
            if draft and (to_clipboard or output or record):
                _note("a draft is never copied, written or recorded")
            fail(missing_message(composed), EXIT_REFUSED)
        if record:
            incident = guarded(lambda: record_update(desk, composed))
            due = incident.next_update_due if chosen is Audience.CUSTOMER else None
            _note(f"recorded the {chosen.value} update on #{incident_id}")
            if due is not None:
                from sophdesk.domain.updates import zoned

                _note(f"next customer update due by {zoned(due, desk.policy.hours.zone)}")
    finally:
        desk.close()
    if composed.removed:
        _note("the redactor also removed on the way out: " + ", ".join(composed.removed))
    if output:
        written = _write(output, composed.text)
        _note(f"wrote the update to {written}")
    if to_clipboard:
        copied = _copy(composed.text)
        for line in copied.lines():
            _note(line)
    if as_json:
        data = composed.as_dict() | _extras(record, written, copied)
        click.echo(safe_json(data, indent=2))
        return
    click.echo(visible(composed.text), nl=False)


def _extras(recorded: bool, written: str | None, copied: Any) -> dict[str, Any]:
    return {
        "recorded": recorded,
        "output": written,
        "copy": copied.as_dict() if copied is not None else None,
    }


@main.command(name="report")
@common_options
@click.argument("incident_id", metavar="ID", type=int)
@click.option(
    "--audience",
    type=Choice(REPORT_AUDIENCES),
    help="Who the report is for (hosting, provider or codecanyon).",
)
@click.option(
    "--output", metavar="FILE", type=FILE_NAME, help="Write the report to FILE (created 0600)."
)
@click.option("--copy", "to_clipboard", is_flag=True, help="Copy it (OSC 52 and a 0600 file).")
@click.option("--json", "as_json", is_flag=True, help="Print the report and its state as JSON.")
@click.pass_context
def report(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    incident_id: int,
    audience: str | None,
    output: str | None,
    to_clipboard: bool,
    as_json: bool,
) -> None:
    """Print the support report (Markdown) for handoff to hosting, the AI provider
    or CodeCanyon support: summary, severity and rationale, the evidence checklist,
    the log excerpts you chose (15 lines each at most), what was tried (the
    workaround and the notes on the timeline), follow-up work and the timeline.

    The report is redacted on the way out with your known secrets. Run the
    before-contact review (sophdesk review ID --stage before_contact) before
    sending it.

    JSON keys: id, audience (or null), text (the Markdown, as it leaves), removed
    (placeholders the redactor put in on the way out), reviewed (the before-contact
    review is done), output (the file written, or null), copy (as update --json).
    """
    from sophdesk.domain.review import Stage, review_done
    from sophdesk.services.report import report_text

    check_output(output)
    state = merge(ctx, db, actor)
    chosen = Audience(audience) if audience else None
    desk = open_desk(state, settings_or_fail())
    try:
        released = guarded(lambda: report_text(desk, incident_id, chosen))
        reviewed = review_done(desk.detail(incident_id).events, Stage.BEFORE_CONTACT)
    finally:
        desk.close()
    if released.findings:
        _note("the redactor also removed on the way out: " + ", ".join(released.removed()))
    if not reviewed:
        _note(
            f"before contacting support, review: sophdesk review {incident_id}"
            " --stage before_contact"
        )
    copied = None
    if to_clipboard:
        copied = _copy(released.text)
        for line in copied.lines():
            _note(line)
    written = None
    if output:
        written = _write(output, released.text)
        _note(f"wrote the report to {written}")
    if as_json:
        data = {
            "id": incident_id,
            "audience": chosen.value if chosen else None,
            "text": released.text,
            "removed": released.removed(),
            "reviewed": reviewed,
            "output": written,
            "copy": copied.as_dict() if copied is not None else None,
        }
        click.echo(safe_json(data, indent=2))
        return
    if output:
        return
    click.echo(visible(released.text), nl=False)
