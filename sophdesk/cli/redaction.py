"""``sophdesk redact [FILE]``: secrets and private details out, the rest kept.

Built to be fast on big logs: this module imports only click and the CLI base at
start-up; the engine (and keyring, for known secrets) are imported when the
command runs, and no database or UI code is imported at all. The input is read
as bytes, checked and decoded once, and the output written once. A big input is
judged on every core (``sophdesk.services.bulk_redaction``).

Known secrets (``sophdesk secrets``) are redacted too, read from the keyring:

* by default they are used when the keyring can be read; when it cannot (no
  backend on an SSH host, a locked keyring, a backend that would prompt) the text
  is redacted with the pattern rules alone, and a one-line note says so on a
  terminal only, so a pipeline's standard error stays clean;
* ``--known`` requires them: no usable keyring is then exit 3, with the reason;
* ``--no-known`` does not touch the keyring at all.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sophdesk.cli.app import main
from sophdesk.cli.base import (
    EXIT_REFUSED,
    EXIT_UNUSABLE,
    EXIT_USAGE,
    check_output,
    fail,
    quiet_stdout,
    say,
)
from sophdesk.cli.text_args import FILE_NAME

if TYPE_CHECKING:
    from sophdesk.domain.redaction import Finding, KnownSecret
    from sophdesk.services.secrets import KnownSecrets

FINDING_KEYS = ("category", "kind", "line", "column", "start", "end", "placeholder", "rule")


def _read(source: str | None) -> tuple[bytes, str]:
    if source is None or source == "-":
        if sys.stdin.isatty():
            say("reading standard input (end with Ctrl-D)")
        try:
            return sys.stdin.buffer.read(), "standard input"
        except OSError as exc:
            fail(f"cannot read standard input: {exc.strerror or exc}")
    path = Path(source)
    try:
        return path.read_bytes(), str(path)
    except IsADirectoryError:
        fail(f"{path} is a folder; give a text file")
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror or exc}")


def _decode(data: bytes, where: str) -> str:
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        fail(
            f"{where} holds a NUL byte (line {line}, byte {nul}): it looks like binary"
            " data (or UTF-16 text); sophdesk redact reads UTF-8 text"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        fail(
            f"{where} is not UTF-8 text (line {line}, byte {exc.start} cannot be decoded);"
            " it looks like binary data or another encoding: convert it to UTF-8 first"
        )


def _start_known(mode: bool | None) -> Callable[[], Sequence[KnownSecret]]:
    """Start reading the known secrets to redact (see the module docstring for
    ``mode``); call the result for them. Where nothing may prompt, the keyring is
    read in a forked process while the input is decoded and the engine imported."""
    if mode is False:
        return lambda: ()
    from sophdesk.services.secrets import load_known, load_known_meanwhile

    # A backend the operator chose that asks for its password may ask only when
    # the terminal is free: not when the text comes from a pipe.
    if sys.stdin.isatty() and sys.stderr.isatty():
        found = load_known(may_prompt=True)

        def pending() -> KnownSecrets:
            return found

    else:
        pending = load_known_meanwhile()

    def finish() -> Sequence[KnownSecret]:
        loaded = pending()
        if loaded.unavailable is not None:
            if mode is True:
                fail(f"known secrets cannot be read: {loaded.unavailable}", EXIT_UNUSABLE)
            say(
                f"note: known secrets not used, pattern rules only ({loaded.unavailable});"
                " --no-known skips the keyring"
            )
        if loaded.missing:
            say(f"note: the keyring no longer holds {', '.join(loaded.missing)} (skipped)")
        return loaded.secrets

    return finish


def _finding_dict(finding: Finding) -> dict[str, object]:
    return {key: getattr(finding, key) for key in FINDING_KEYS}


def _write_findings(target: str, findings: Sequence[Finding]) -> None:
    import json

    text = json.dumps([_finding_dict(f) for f in findings], indent=2, ensure_ascii=False)
    from sophdesk.services.private_file import UnsafeTarget, write_private

    try:
        write_private(Path(target), (text + "\n").encode("utf-8"))
    except UnsafeTarget as exc:
        fail(exc.message, EXIT_USAGE)
    except OSError as exc:
        fail(f"cannot write the findings to {target}: {exc.strerror or exc}")


def _explain(findings: Sequence[Finding]) -> None:
    from sophdesk.cli.columns import aligned
    from sophdesk.domain.text import visible

    if not findings:
        click.echo("sophdesk: no findings", err=True)
        return
    rows = [(f"{f.line}:{f.column}", f.category, f.kind, f.placeholder, f.rule) for f in findings]
    header = ("LINE:COL", "CATEGORY", "KIND", "PLACEHOLDER", "RULE")
    lines = aligned(header, rows, pad_last=True)
    count = len(findings)
    lines.append(f"{count} finding{'s' if count != 1 else ''}")
    click.echo(visible("\n".join(lines), tab=" "), err=True)


def _write_out(text: str) -> None:
    if sys.stdout.isatty():
        from sophdesk.domain.text import visible

        # On a terminal, escape sequences in the evidence are shown, not obeyed.
        text = visible(text, tab="\t")
    _write_part(text)
    _flush()


def _write_part(text: str) -> None:
    try:
        sys.stdout.buffer.write(text.encode("utf-8"))
    except BrokenPipeError:
        quiet_stdout()
        sys.exit(EXIT_REFUSED)


def _flush() -> None:
    try:
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        quiet_stdout()
        sys.exit(EXIT_REFUSED)


@main.command(name="redact")
@click.argument("source", metavar="[FILE]", type=FILE_NAME, required=False)
@click.option(
    "--findings",
    "findings_file",
    metavar="FILE",
    type=FILE_NAME,
    help="Also write the findings to FILE as JSON (never the values).",
)
@click.option("--explain", is_flag=True, help="Print a table of the findings on stderr.")
@click.option(
    "--known/--no-known",
    default=None,
    help="Known secrets from the keyring: --known requires them (exit 3 if the keyring"
    " cannot be read); --no-known skips the keyring. Default: use them when available.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Processes for a big input (1 MB or more): at most N. Default: every usable core.",
)
def redact_command(
    source: str | None,
    findings_file: str | None,
    explain: bool,
    known: bool | None,
    jobs: int | None,
) -> None:
    """Write FILE (or stdin, or -) to stdout with secrets and private details redacted.

    Keys, credentials, purchase codes, payment data and private details become
    typed, numbered placeholders ([openai-key-1]); the same value always gets the
    same placeholder. Timestamps, versions, ids, hashes, error messages and URLs
    without credentials are kept. The input must be UTF-8 text; empty input gives
    empty output. On a terminal, control characters are shown, not obeyed.
    """
    if findings_file is not None and findings_file == "-":
        raise click.UsageError("--findings needs a file name (stdout carries the text)")
    check_output(findings_file)
    data, where = _read(source)
    if not data:
        if findings_file is not None:
            _write_findings(findings_file, ())
        if explain:
            _explain(())
        return
    from sophdesk.services.pattern_cache import use_cache_folder

    use_cache_folder()  # first: the rules load their compiled patterns from it
    known_secrets = _start_known(known)
    text = _decode(data, where)
    del data
    from sophdesk.services.bulk_redaction import redact_big, write_redacted_big

    # Required known secrets are waited for first (no keyring: exit 3 at once);
    # otherwise the engine asks for them when it first needs them, after its pattern
    # rules have run, while they are still being read from the keyring.
    secrets = known_secrets() if known else known_secrets

    # A short-lived process whose findings make no reference cycles: the collector
    # would only walk them again and again (6% of the time on a 20 MB log).
    gc.disable()
    try:
        if findings_file is None and not explain and not sys.stdout.isatty():
            # Only the text is wanted: written in parts, the first while the rest
            # is judged.
            write_redacted_big(text, _write_part, known=secrets, cores=jobs)
            _flush()
            return
        result = redact_big(text, known=secrets, positions=True, cores=jobs)
    finally:
        gc.enable()  # (for a caller that runs the command in its own process)
    del text
    if findings_file is not None:
        _write_findings(findings_file, result.findings)
    if explain:
        _explain(result.findings)
    _write_out(result.text)
