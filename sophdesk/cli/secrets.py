"""Known secrets: ``sophdesk secrets add NAME | list | remove NAME``.

The values go to the OS keyring (see :mod:`sophdesk.services.secrets`) and are
never taken from an argument (it would sit in the shell history and in ``ps``),
never echoed and never printed. No usable keyring is exit 3, with one line saying
why and naming the fallback (``PYTHON_KEYRING_BACKEND``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from sophdesk.cli.app import main
from sophdesk.cli.base import EXIT_UNUSABLE, fail, guarded, say

if TYPE_CHECKING:
    from sophdesk.services.secrets import SecretStore

#: Read from a pipe: a PEM key fits, a whole log does not.
MAX_STDIN_BYTES = 64 * 1024


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def may_prompt() -> bool:
    """A person is at a terminal that nothing else owns: a backend the operator
    chose that asks for its own password may ask for it."""
    return stdin_is_terminal() and sys.stderr.isatty()


def _store() -> SecretStore:
    from sophdesk.services.secrets import KeyringUnavailable, SecretStore

    try:
        return SecretStore.open(may_prompt=may_prompt())
    except KeyringUnavailable as exc:
        fail(exc.message, EXIT_UNUSABLE)


def _keyring(action: Callable[[], Any]) -> Any:
    from sophdesk.services.secrets import KeyringUnavailable

    try:
        return guarded(action)
    except KeyringUnavailable as exc:
        fail(exc.message, EXIT_UNUSABLE)


def _value_from_stdin() -> str:
    data = sys.stdin.buffer.read(MAX_STDIN_BYTES + 1)
    if len(data) > MAX_STDIN_BYTES:
        fail(
            f"the value on standard input is over {MAX_STDIN_BYTES // 1024} KB; nothing was stored"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(
            f"the value on standard input is not UTF-8 text (byte {exc.start} cannot be"
            " decoded); nothing was stored"
        )


@main.group(name="secrets")
def secrets_group() -> None:
    """Known secrets: values kept in the OS keyring and always redacted.

    A known secret (a customer's database password, a key you handle) is removed
    by `sophdesk redact` and by the desk wherever it appears, as is and in its
    base64, URL and JSON forms. Values live only in the keyring, never in the
    database, the config file or a log. Without a keyring backend (a bare SSH
    host) set PYTHON_KEYRING_BACKEND, e.g. to keyrings.alt.file.PlaintextKeyring.
    """


@secrets_group.command(name="add")
@click.argument("name")
@click.option("--replace", is_flag=True, help="Replace the value of a name stored already.")
def secrets_add(name: str, replace: bool) -> None:
    """Store a known secret under NAME.

    On a terminal the value is asked for twice, without echo. Otherwise it is read
    from standard input (for scripts: `pass show db | sophdesk secrets add db`);
    surrounding whitespace is dropped. Never give a value as an argument.
    """
    from sophdesk.services.secrets import normalise_name

    key = guarded(lambda: normalise_name(name))
    store = _store()
    if not replace and key in _keyring(store.names):
        fail(f"a known secret named {key} is stored already; remove it first or use --replace")
    if stdin_is_terminal():
        value = click.prompt(
            f"Value of {key} (not shown)",
            hide_input=True,
            confirmation_prompt=f"Again, to confirm {key} (not shown)",
            err=True,
            show_default=False,
        )
    else:
        value = _value_from_stdin()
    stored = _keyring(lambda: store.add(key, value, replace=replace))
    say(f"stored {stored} in the keyring ({store.backend_name})")


@secrets_group.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print the names as a JSON array.")
def secrets_list(as_json: bool) -> None:
    """The names of the known secrets, one a line (never the values).

    JSON: an array of the names (strings), empty when there are none.
    """
    store = _store()
    names = _keyring(store.names)
    if as_json:
        from sophdesk.domain.text import safe_json

        click.echo(safe_json(list(names), indent=2))
        return
    if names:
        click.echo("\n".join(names))


@secrets_group.command(name="remove")
@click.argument("name")
def secrets_remove(name: str) -> None:
    """Forget the known secret NAME (its value is deleted from the keyring)."""
    from sophdesk.services.secrets import normalise_name

    key = guarded(lambda: normalise_name(name))
    store = _store()
    removed = _keyring(lambda: store.remove(key))
    say(f"removed {removed} from the keyring")
