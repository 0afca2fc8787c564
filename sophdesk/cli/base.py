"""What every command shares: options, opening the desk, failing with one line.

Exit codes: 0 done; 1 refused (unknown incident, illegal move, invalid input);
2 usage error; 3 the database or the config file cannot be used; 4 conflict:
another desk changed the incident since the version the change was based on
(``--expected-version``), nothing was written: reload, merge and try again.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from sophdesk.domain.errors import DomainError
from sophdesk.domain.text import visible
from sophdesk.domain.urls import mask_urls

if TYPE_CHECKING:
    from sophdesk.config import Settings

# The config and the paths are imported where a command needs them: `sophdesk
# redact` in a pipeline starts without them.

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_UNUSABLE = 3
EXIT_CONFLICT = 4
DEMO_INCIDENTS = 250

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Context:
    db: str | None = None
    actor: str | None = None
    theme: str | None = None


def fail(message: str, code: int = EXIT_REFUSED) -> NoReturn:
    click.echo(f"sophdesk: {visible(mask_urls(message), one_line=True)}", err=True)
    sys.exit(code)


def decode_text(data: bytes, what: str, where: str, source: str) -> str:
    """``data`` read from ``source`` (a file name, or ``-``) as UTF-8 text.

    NUL bytes: binary data (an attachment, UTF-16). Otherwise bytes that are not
    UTF-8 are most likely text in another encoding (Latin-1 from an old editor or
    a Windows export): say so and give the command that converts it.
    """
    nul = data.find(b"\x00")
    if nul >= 0:
        fail(
            f"the {what} from {where} is not UTF-8 text: it holds NUL bytes (byte {nul}),"
            " so it looks like binary data; give a text file."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if source == "-":
            hint = "pipe it through: iconv -f latin1 -t utf-8 FILE | sophdesk ..."
        else:
            hint = f"convert it first: iconv -f latin1 -t utf-8 {source} > {source}.utf8"
        fail(
            f"the {what} from {where} is not UTF-8 text (byte {exc.start} cannot be decoded):"
            f" it may be Latin-1 or another encoding; {hint}"
        )


def check_output(target: str | None) -> None:
    """A file to write that is a symbolic link or not a file: a usage error (exit
    2) before any work is done or recorded. ``-`` (standard output) passes."""
    if target is None or target == "-":
        return
    from pathlib import Path

    from sophdesk.services.private_file import UnsafeTarget, check_target

    try:
        check_target(Path(target).expanduser())
    except UnsafeTarget as exc:
        fail(exc.message, EXIT_USAGE)


def on_terminal() -> bool:
    return sys.stderr.isatty()


def say(message: str) -> None:
    """Progress words: on a terminal only, quiet when piped."""
    if on_terminal():
        click.echo(f"sophdesk: {mask_urls(message)}", err=True)


def common_options(func: F) -> F:
    """``--db`` and ``--as`` are taken before or after the command name."""
    func = click.option(
        "--as", "actor", metavar="NAME", help="Record events as NAME (default: your OS user)."
    )(func)
    func = click.option(
        "--db", metavar="PATH|URL", help="Database file or SQLAlchemy URL (default: your data dir)."
    )(func)
    return func


def merge(ctx: click.Context, db: str | None, actor: str | None) -> Context:
    state = ctx.ensure_object(Context)
    if db:
        state.db = db
    if actor:
        state.actor = actor
    return state


def settings_or_fail() -> Settings:
    from sophdesk.config import ConfigError, load_settings

    try:
        return load_settings()
    except ConfigError as exc:
        fail(exc.message, EXIT_UNUSABLE)


def open_desk(state: Context, settings: Settings, quiet: bool = False) -> Any:
    """The desk for a command (a :class:`~sophdesk.services.desk.Desk`, or a
    :class:`~sophdesk.services.handle.LazyDesk` with the same methods).

    A database that needs creating or migrating, or that a desk left uncleanly, is
    opened (or refused, exit 3) now. A SQLite file at the current schema is opened
    on first use: ``list`` reads the queue with the standard library and never
    imports SQLAlchemy; a command that needs more opens the full store then, and
    a failure is the same one line and exit 3.
    """
    from sophdesk import paths
    from sophdesk.config import operator_name
    from sophdesk.services.handle import LazyDesk, prepare

    try:
        url = paths.database_url(state.db, settings.database_url)
        progress = None if quiet else say
        handle = prepare(
            url, operator_name(state.actor, settings), progress=progress, policy=settings.sla
        )
    except Exception as exc:
        _unusable(exc)
        raise
    warn_if_exposed(url)
    return LazyDesk(handle, on_open_error=_unusable)


def _unusable(exc: Exception) -> None:
    """Opening the store failed: one line and exit 3 (other errors pass on)."""
    from sophdesk.store.errors import StoreError

    if isinstance(exc, StoreError):
        fail(exc.message, EXIT_UNUSABLE)
    if isinstance(exc, OSError):
        fail(f"cannot prepare the data folder: {exc}", EXIT_UNUSABLE)


def warn_if_exposed(url: str) -> None:
    """One line on stderr when other users can read the SQLite database just
    opened (or sophdesk's data folder); the files are left as they are. A file
    sophdesk created is 0600: only an older or hand-made one is named."""
    from sophdesk import paths
    from sophdesk.store.files import exposure_warning
    from sophdesk.store.quick import sqlite_file

    path = sqlite_file(url)
    if path is None:
        return
    warning = exposure_warning(path, own_folder=paths.data_dir())
    if warning is not None:
        click.echo(f"sophdesk: {visible(warning, one_line=True)}", err=True)


def open_handle(state: Context, settings: Settings) -> Any:
    from sophdesk import paths
    from sophdesk.config import operator_name

    """For the desk: a database at the current schema opens in the background
    after the first screen is painted; anything else is opened (created, migrated
    or refused) now, before the screen is taken over."""
    from sophdesk.services.handle import prepare
    from sophdesk.store.errors import StoreError

    try:
        url = paths.database_url(state.db, settings.database_url)
        handle = prepare(
            url, operator_name(state.actor, settings), progress=say, policy=settings.sla
        )
    except StoreError as exc:
        fail(exc.message, EXIT_UNUSABLE)
    except OSError as exc:
        fail(f"cannot prepare the data folder: {exc}", EXIT_UNUSABLE)
    warn_if_exposed(url)
    return handle


def guarded(action: Callable[[], Any], on_conflict: Callable[[Any], None] | None = None) -> Any:
    """``action()``, failing with one line on a refusal. A conflict (another desk
    changed the incident meanwhile: ``StaleVersion``) exits with EXIT_CONFLICT,
    after ``on_conflict(error)`` (e.g. printing it as JSON)."""
    from sophdesk.store.errors import StaleVersion, StoreError

    try:
        return action()
    except StaleVersion as exc:
        if on_conflict is not None:
            on_conflict(exc)
        fail(exc.message, EXIT_CONFLICT)
    except DomainError as exc:
        fail(exc.message, EXIT_REFUSED)
    except StoreError as exc:
        fail(exc.message, EXIT_UNUSABLE)


def conflict_dict(
    error: Any, incident_id: int, yours: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A conflict (``StaleVersion``) for ``--json``: both versions, for each field
    the change wanted your value and the value now, and what the other desk did."""
    from sophdesk.domain.serialize import event_dict

    current = error.current
    fields = {}
    for name, value in (yours or {}).items():
        now = getattr(current, name, None) if current is not None else None
        if name == "body" and now and current.body_raw:
            from sophdesk.services.outbound import release

            now = release(now)  # a body kept raw leaves redacted, as in show
        fields[name] = {"yours": _json_value(value), "now": _json_value(now)}
    return {
        "error": "conflict",
        "id": incident_id,
        "expected": error.expected,
        "current": current.version if current is not None else None,
        "message": error.message,
        "fields": fields,
        "since": [event_dict(event) for event in error.since],
    }


def quiet_stdout() -> None:
    """The reader went away (``| head``): drop what is left instead of a traceback."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def parse_at(at: str | None) -> Any:
    """``--at`` as an aware datetime; None (the desk clock's now) when not given."""
    if at is None:
        return None
    from sophdesk.domain.evidence import parse_timestamp

    try:
        return parse_timestamp(at)
    except DomainError as exc:
        fail(f"--at {at!r}: {exc.message}")


def _json_value(value: Any) -> Any:
    """A field value as JSON takes it (a status by its name)."""
    return value.value if isinstance(value, Enum) else value


def expected_version_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--expected-version N``: ``what`` is refused (exit 4, nothing written) unless
    the incident is still at version N."""
    return click.option(
        "--expected-version",
        "expected_version",
        type=click.IntRange(min=1),
        metavar="N",
        help=f"Refuse {what} (exit 4, nothing written) unless the incident is still at"
        " version N, the one you read (show --json gives 'version').",
    )
