"""README.md keeps up with the desk and the command line: every key a screen
shows in its footer has a line in the key table (on that screen), and every
command has an example."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import click
from textual.binding import Binding

import sophdesk.tui.screens
import sophdesk.tui.widgets
from sophdesk.cli import main
from sophdesk.tui.app import SophdeskApp

README = Path(__file__).resolve().parents[2] / "README.md"

#: Where (the README table's second column) each class with BINDINGS lives.
WHERE = {
    "SophdeskApp": "anywhere",
    "QueueScreen": "queue",
    "QueueTable": "queue",
    "DetailScreen": "incident",
    "NewIncidentScreen": "new incident",
    "TriageWizard": "triage",
    "RouteScreen": "route",
    "OwnerScreen": "owners",
    "RedactionScreen": "redaction preview",
    "RedactedView": "redaction preview",
    "ReasonScreen": "dialogs",
    "StatusChangeScreen": "dialogs",
    "PickScreen": "dialogs",
    "ComposeScreen": "update",
    "UpdateArea": "update",
    "SentScreen": "copied",
    "ReviewScreen": "review",
    "ConflictScreen": "conflict",
    "FieldsScreen": "fields",
    "HelpScreen": "help",
    "ExcerptScreen": "log excerpt",
}

NAMES = {
    "question_mark": "?",
    "exclamation_mark": "!",
    "slash": "/",
    "escape": "Esc",
    "enter": "Enter",
    "backspace": "Backspace",
    "space": "Space",
    "tab": "Tab",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
}


def shown_name(key: str) -> str:
    """``ctrl+s`` -> ``Ctrl+S``, ``question_mark`` -> ``?``, ``n`` -> ``n``."""
    *modifiers, last = key.split("+")
    last = NAMES.get(last, last.upper() if modifiers or len(last) > 1 else last)
    return "+".join([*(m.capitalize() for m in modifiers), last])


def classes_with_bindings() -> list[type]:
    found: list[type] = [SophdeskApp]
    for package in (sophdesk.tui.screens, sophdesk.tui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__ and "BINDINGS" in vars(cls):
                    found.append(cls)
    return found


def shown_keys() -> set[tuple[str, str]]:
    """(where, key) for every binding a screen shows in its footer."""
    keys = set()
    for cls in classes_with_bindings():
        assert cls.__name__ in WHERE, f"{cls.__name__} has keys: say in WHERE where it lives"
        for binding in vars(cls)["BINDINGS"]:
            assert isinstance(binding, Binding)
            if binding.show:
                keys |= {(WHERE[cls.__name__], shown_name(k)) for k in binding.key.split(",")}
    return keys


def key_table() -> set[tuple[str, str]]:
    """(where, key) for every row of the README's key table under "## The desk"."""
    section = README.read_text(encoding="utf-8").split("## The desk", 1)[1]
    section = section.split("\n## ", 1)[0]
    lines = section.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("| Key | Where | Does |"))
    rows = []  # the key table: the rows after its header, up to the first other line
    for line in lines[head:]:
        if not line.startswith("|"):
            break
        if line.startswith("| "):
            rows.append(line)
    table = set()
    for row in rows[1:]:
        keys, where, _does = (cell.strip() for cell in row.strip("|").split("|", 2))
        for place in where.split(", "):
            table |= {(place, key) for key in re.split(r",\s*|\s+or\s+|\s+", keys) if key}
    return table


def test_every_shown_key_has_a_line_in_the_readme_key_table() -> None:
    missing = sorted(shown_keys() - key_table())
    assert missing == [], f"README.md's key table lacks (where, key): {missing}"


def test_shown_names_read_as_the_footer_does() -> None:
    assert [shown_name(k) for k in ("ctrl+s", "question_mark", "f2", "n", "ctrl+shift+z")] == [
        "Ctrl+S",
        "?",
        "F2",
        "n",
        "Ctrl+Shift+Z",
    ]


def command_names() -> list[str]:
    """Every command as typed: ``update``, ``matrix import``, ``db check``..."""
    found = []

    def walk(group: click.Group, ctx: click.Context, prefix: list[str]) -> None:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None, name
            if isinstance(command, click.Group):
                walk(command, click.Context(command, parent=ctx, info_name=name), [*prefix, name])
            else:
                found.append(" ".join([*prefix, name]))

    walk(main, click.Context(main, info_name="sophdesk"), [])
    return found


def test_every_command_has_an_example_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    names = command_names()
    assert {"update", "report", "edit", "review", "matrix import", "db copy"} <= set(names)
    missing = [name for name in names if not re.search(rf"sophdesk {name}\b", text)]
    assert missing == [], f"README.md has no `sophdesk COMMAND` example for: {missing}"
