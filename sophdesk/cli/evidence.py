"""The evidence command: the wizard's step 1 from the command line."""

from __future__ import annotations

from typing import Any

import click

from sophdesk.cli.app import main
from sophdesk.cli.base import (
    common_options,
    fail,
    guarded,
    merge,
    open_desk,
    settings_or_fail,
)
from sophdesk.cli.text_args import FILE_NAME, Choice
from sophdesk.domain.evidence import EVIDENCE_OPTIONS

#: Each evidence option (its name without ``--``, as ``--unknown`` takes it) and the
#: evidence field it fills: the wizard's step 1, in its order.
FIELD_OPTIONS: dict[str, str] = {option: key for key, option in EVIDENCE_OPTIONS.items()}


@main.command(name="evidence")
@common_options
@click.argument("incident_id", metavar="ID", type=int)
@click.option(
    "--occurred-at",
    metavar="TIME",
    help="Exact time it happened: ISO 8601 with offset, or '2026-11-27 14:05 Europe/Madrid'.",
)
@click.option("--affected-user", metavar="TEXT", help="Who saw it: a role or account.")
@click.option("--affected-screen", metavar="TEXT", help="The screen or page URL affected.")
@click.option("--sophmate-version", metavar="V", help="SophMate version, e.g. 3.4.1.")
@click.option("--wordpress-version", metavar="V", help="WordPress version, e.g. 6.7.1.")
@click.option("--php-version", metavar="V", help="PHP version, e.g. 8.2.")
@click.option(
    "--repro-file",
    metavar="F|-",
    type=FILE_NAME,
    help="Read the reproduction steps from F or stdin.",
)
@click.option(
    "--error-report", metavar="TEXT", help="The exact error message or SophMate support code."
)
@click.option(
    "--unknown",
    "unknown_fields",
    multiple=True,
    type=Choice(FIELD_OPTIONS),
    metavar="FIELD",
    help="Mark FIELD (an option's name without --, e.g. php-version) unknown; each"
    " --unknown needs its --reason (repeat both).",
)
@click.option(
    "--reason", "reasons", multiple=True, metavar="TEXT", help="Why the --unknown FIELD is unknown."
)
@click.option("--json", "as_json", is_flag=True, help="Print the evidence as JSON.")
@click.pass_context
def evidence_cmd(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    incident_id: int,
    occurred_at: str | None,
    affected_user: str | None,
    affected_screen: str | None,
    sophmate_version: str | None,
    wordpress_version: str | None,
    php_version: str | None,
    repro_file: str | None,
    error_report: str | None,
    unknown_fields: tuple[str, ...],
    reasons: tuple[str, ...],
    as_json: bool,
) -> None:
    """Record the evidence to preserve before anyone retries (the wizard's step 1),
    or print it when no field is given.

    Each field given replaces what is stored; the others keep theirs. Every text is
    stored redacted and each change is an 'evidence' event on the timeline; the desk
    shows the same record. A field is a value, or unknown with a reason (--unknown
    FIELD --reason TEXT). Updates to hosting, provider and codecanyon and the
    support reports need every field.

    JSON keys: id, evidence (timestamp, affected_user, affected_screen,
    sophmate_version, wordpress_version, php_version, reproduction_steps,
    error_report: each the value, {"unknown": reason}, or null while missing),
    changed (the keys changed now), missing (the labels of missing fields).
    """
    from sophdesk.domain.errors import DomainError
    from sophdesk.domain.evidence import (
        EVIDENCE_FIELDS,
        MAX_FIELD_CHARS,
        Evidence,
        EvidenceItem,
        parse_timestamp,
    )
    from sophdesk.domain.serialize import evidence_out
    from sophdesk.domain.text import safe_json, visible

    if len(unknown_fields) != len(reasons):
        raise click.UsageError("each --unknown FIELD needs its --reason TEXT, in order", ctx)
    if occurred_at is not None:
        try:
            parse_timestamp(occurred_at)
        except DomainError as exc:
            fail(f"--occurred-at {occurred_at!r}: {exc.message}")
    steps = None
    if repro_file is not None:
        from sophdesk.cli.edit import read_text

        steps = read_text(repro_file, "reproduction steps", MAX_FIELD_CHARS * 4)
    values = {
        "timestamp": occurred_at,
        "affected_user": affected_user,
        "affected_screen": affected_screen,
        "sophmate_version": sophmate_version,
        "wordpress_version": wordpress_version,
        "php_version": php_version,
        "reproduction_steps": steps,
        "error_report": error_report,
    }
    items = {key: EvidenceItem(value) for key, value in values.items() if value is not None}
    for name, reason in zip(unknown_fields, reasons, strict=True):
        key = FIELD_OPTIONS[name]
        if key in items:
            raise click.UsageError(f"--{name} is given and marked --unknown: choose one", ctx)
        if not reason.strip():
            raise click.UsageError(f"--unknown {name} needs a reason that says why", ctx)
        items[key] = EvidenceItem(None, reason)
    given = Evidence(items)
    state = merge(ctx, db, actor)
    desk = open_desk(state, settings_or_fail())
    try:
        from sophdesk.services.outbound import released_evidence
        from sophdesk.services.triage import evidence, record_evidence

        changed: list[str] = []
        if items:
            stored, changed = guarded(lambda: record_evidence(desk, incident_id, given))
        else:
            stored = guarded(lambda: evidence(desk, incident_id))
        shown = guarded(lambda: released_evidence(desk, incident_id, stored))
    finally:
        desk.close()
    if as_json:
        data: dict[str, Any] = {
            "id": incident_id,
            "evidence": evidence_out(shown),
            "changed": changed,
            "missing": shown.missing(),
        }
        click.echo(safe_json(data, indent=2))
        return
    if items:
        what = ", ".join(changed) if changed else "nothing (the same values were stored)"
        click.echo(f"#{incident_id}: evidence changed: {what}")
    width = max(len(f.label) for f in EVIDENCE_FIELDS)
    for field in EVIDENCE_FIELDS:
        item = shown.item(field.key)
        text = visible(item.shown(), one_line=not field.multiline)
        lines = text.splitlines() or [""]
        click.echo(f"{field.label:<{width}} : {lines[0]}")
        for line in lines[1:]:
            click.echo(f"{'':<{width}}   {line}")
