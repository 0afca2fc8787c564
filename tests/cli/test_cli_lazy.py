"""Commands are imported when wanted: the list of which module holds which command
is complete, and a command runs without the others being loaded."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import sophdesk.cli
from sophdesk.cli.app import LAZY_COMMANDS, main


def test_every_command_is_listed_with_the_module_that_defines_it() -> None:
    for info in pkgutil.iter_modules(sophdesk.cli.__path__):
        importlib.import_module(f"sophdesk.cli.{info.name}")
    defined = {
        name: command.callback.__module__.rsplit(".", 1)[-1]
        for name, command in main.commands.items()
        if command.callback is not None
    }
    in_app = {name for name, module in defined.items() if module == "app"}
    assert {name: module for name, module in defined.items() if name not in in_app} == (
        LAZY_COMMANDS
    )


def test_redact_runs_without_loading_the_database_commands() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from sophdesk.cli import main\n"
        "result = CliRunner().invoke(\n"
        "    main, ['redact', '--no-known'], input='mail ana@example.com'\n"
        ")\n"
        "print(result.output.strip())\n"
        "print(sorted(m for m in sys.modules if m.startswith('sophdesk.cli.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "mail [email-1]"
    assert out[1] == (
        "['sophdesk.cli.app', 'sophdesk.cli.base', 'sophdesk.cli.redaction',"
        " 'sophdesk.cli.text_args']"
    )
