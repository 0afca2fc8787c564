"""One door in: every text option of every command and every text field of the desk
stores its text redacted, and a value removed once never leaves again.

The options are read from the click commands themselves and the desk's fields
from the screens' source (every ``Input``/``TextArea`` and subclass they build):
each must be listed below, either with the recipe that stores text through it or
with the reason it stores nothing. A new option or field fails
``test_every_*_is_listed`` until someone says which it is, and a listed one is
driven by ``test_no_planted_value_reaches_the_database_or_leaves``.

The planted values: a keyring secret, pattern secrets (an AI key, a card, an
e-mail, a purchase code), and a password the redactor only knows from the body's
``define('DB_PASSWORD', ...)``: typed bare anywhere later (and base64-encoded),
only the incident's memory can recognise it.
"""

from __future__ import annotations

import ast
import base64
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
from cli.conftest import Sandbox
from cli.test_cli_matrix import team
from keyring_testing import SECRET, use_file_keyring

from sophdesk.cli import main
from sophdesk.services import at_rest, fingerprints, secrets

KNOWN = SECRET
PASSWORD = "hunter2kettle-Q7x"
AI_KEY = "sk-proj-Q2xhdWRlSXNOb3RBUmVhbEtleUJ1dExvb2tzTGlrZU9uZQ"
CARD = "4111 1111 1111 1111"
EMAIL = "ana.ruiz@example.com"
PURCHASE = "8f14e45f-ceea-467f-a8c5-2b5e6c6f1a2b"
B64_PASSWORD = base64.b64encode(PASSWORD.encode()).decode()

PLANTED = (KNOWN, PASSWORD, AI_KEY, CARD, CARD.replace(" ", ""), EMAIL, PURCHASE)
#: Names keep the person: only contact details and keys go.
NAME = f"Ana Ruiz <{EMAIL}> {AI_KEY} {KNOWN}"
BODY = (
    f"wp-config.php: define('DB_PASSWORD', '{PASSWORD}');\n"
    f"Envato purchase code {PURCHASE}\nkey {AI_KEY}\n"
)


def planted(tag: str) -> str:
    """Every planted value in one text; the password bare and base64-encoded."""
    return (
        f"{tag}: rotate {PASSWORD} (b64 {B64_PASSWORD}); key {AI_KEY}; {KNOWN};"
        f" card {CARD}; mail {EMAIL}; use code {PURCHASE}"
    )


# -- what takes text ------------------------------------------------------------------

#: Options whose text is stored in an incident (or echoed from it): the recipe's name.
STORED_OPTIONS: dict[tuple[str, str], str] = {
    ("new", "title"): "new",
    ("new", "customer"): "new",
    ("new", "body_file"): "new",
    ("edit", "title"): "edit",
    ("edit", "customer"): "edit",
    ("edit", "impact"): "edit",
    ("edit", "workaround"): "edit",
    ("edit", "owner"): "edit",
    ("edit", "follow_up"): "edit",
    ("edit", "body_file"): "edit",
    ("edit", "excerpt_file"): "edit",
    ("edit", "excerpt_label"): "edit",
    ("status", "note"): "status",
    ("assess", "reason"): "assess",
    ("route", "reason"): "route",
    ("ack", "note"): "ack",
    ("escalate", "note"): "escalate",
    ("review", "note"): "review",
    ("evidence", "occurred_at"): "evidence",
    ("evidence", "affected_user"): "evidence",
    ("evidence", "affected_screen"): "evidence",
    ("evidence", "sophmate_version"): "evidence",
    ("evidence", "wordpress_version"): "evidence",
    ("evidence", "php_version"): "evidence",
    ("evidence", "repro_file"): "evidence",
    ("evidence", "error_report"): "evidence",
    ("evidence", "reasons"): "evidence-unknown",
}
#: ``--as`` on every command that writes: the recipes above run with a planted name.
ACTOR = "actor"
#: Options that take text but store none in an incident, and why.
NOT_STORED: dict[str, str] = {
    "db": "a path or URL: which database, never stored (masked in messages)",
    "target": "a file or URL to write to (db copy --to, matrix export)",
    "source": "a file to read: redact's input (printed redacted), a matrix to import",
    "findings_file": "where redact writes its findings (positions, never values)",
    "output": "a file the released text is written to (checked below)",
    "search": "a query: matched against stored (redacted) text, never stored",
    "statuses": "a status name, checked against the lifecycle",
    "severities": "a severity name",
    "severity": "a severity name",
    "signals": "a routing signal name",
    "override": "a severity or route name",
    "impact": "an assessment answer (assess), an enum",
    "visibility": "an assessment answer, an enum",
    "revenue": "an assessment answer, an enum",
    "privacy": "an assessment answer, an enum",
    "data": "an assessment answer, an enum",
    "automation": "an assessment answer, an enum",
    "duty": "a duty name",
    "at": "a time",
    "start": "a time",
    "new_status": "a status name",
    "yes": "review item names",
    "name": "a keyring entry's name (names are not secrets; values never pass argv)",
}


def text_options() -> Iterator[tuple[str, str]]:
    """(command, parameter) for every parameter of every command that takes text."""
    ctx = click.Context(main)

    def walk(group: click.Group, prefix: tuple[str, ...]) -> Iterator[tuple[str, str]]:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None
            if isinstance(command, click.Group):
                yield from walk(command, (*prefix, name))
                continue
            for param in command.params:
                if isinstance(param.type, click.types.StringParamType | click.Path | click.File):
                    yield " ".join((*prefix, name)), str(param.name)

    yield from walk(main, ())


def test_every_command_option_that_takes_text_is_listed() -> None:
    unlisted = [
        (command, name)
        for command, name in text_options()
        if (command, name) not in STORED_OPTIONS and name != ACTOR and name not in NOT_STORED
    ]
    assert unlisted == [], "say how each stores text: STORED_OPTIONS, or NOT_STORED with why"
    # Every listed option still exists (a renamed one would be tested in name only).
    found = set(text_options())
    assert set(STORED_OPTIONS) <= found


#: The desk's text fields, by screen module and widget id ("*": an id made per field),
#: to the command option that stores through the same service, or why nothing is stored.
DESK_FIELDS: dict[tuple[str, str], str] = {
    ("new_incident", "title"): "new --title",
    ("new_incident", "customer"): "new --customer",
    ("new_incident", "body"): "new --body-file",
    ("fields", "field-*"): "edit --title/--customer/--impact/--workaround/--owner/--follow-up",
    ("status_change", "note"): "status --note",
    ("review", "note"): "review --note",
    ("wizard", "ev-*"): "evidence --occurred-at ... (record_evidence; test_one_door.py too)",
    ("wizard", "reason"): "assess --reason",
    ("route", "override-reason"): "route --reason",
    ("redaction", "reason"): "service: record_restore (tested below)",
    ("redaction", "original"): "not stored: the preview of a text; a marked span is remembered",
    ("compose", "text"): "service: record_update(text=...) (test_incident_memory.py)",
    ("excerpt", "source"): "edit --excerpt-file (the lines chosen from it)",
    ("excerpt", "label"): "edit --excerpt-label",
    ("sent", "text"): "not stored: read-only, the text as it left",
    ("owners", "owner-search"): "not stored: a search",
    ("queue", "search"): "not stored: a search",
}


def _text_widget_names() -> set[str]:
    import importlib
    import pkgutil

    from textual.widgets import Input, TextArea

    import sophdesk.tui.screens as screens
    import sophdesk.tui.widgets as widgets

    names = {"Input", "TextArea"}
    for package in (widgets, screens):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, Input | TextArea):
                    names.add(value.__name__)
    return names


def desk_fields() -> Iterator[tuple[str, str]]:
    """(screen module, id) of every text widget the desk's screens build."""
    names = _text_widget_names()
    root = Path(at_rest.__file__).parents[1] / "tui"
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if called not in names:
                continue
            ident = next((k.value for k in node.keywords if k.arg == "id"), None)
            if isinstance(ident, ast.Constant):
                yield path.stem, str(ident.value)
            elif isinstance(ident, ast.JoinedStr):
                head = ident.values[0]
                yield path.stem, (head.value if isinstance(head, ast.Constant) else "") + "*"
            else:
                yield path.stem, f"<no id at line {node.lineno}>"


def test_every_desk_field_that_takes_text_is_listed() -> None:
    found = set(desk_fields())
    assert found, "the scan found no field: it is broken"
    unlisted = sorted(found - set(DESK_FIELDS))
    assert unlisted == [], "say how each field stores text in DESK_FIELDS"
    assert set(DESK_FIELDS) <= found, "a listed field is gone: update DESK_FIELDS"


# -- the planted values through all of them --------------------------------------------


@pytest.fixture
def keyring_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    path = use_file_keyring(monkeypatch, tmp_path)
    at_rest.forget_known()
    fingerprints.forget()
    secrets.add("site-db-password", KNOWN)
    at_rest.forget_known()
    yield path
    at_rest.forget_known()
    fingerprints.forget()


def _ok(sandbox: Sandbox, *args: str) -> str:
    result = sandbox.invoke(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr, result.exception)
    return result.stdout + result.stderr


def _run_recipes(sandbox: Sandbox, inputs: Path) -> tuple[int, list[str]]:
    """Every stored option with planted text; returns the incident and what was printed."""
    body = inputs / "body.txt"
    body.write_text(BODY, encoding="utf-8")
    printed: list[str] = []
    out = _ok(sandbox, "--as", NAME, "new", "--title", planted("title")[:190], "--customer", NAME,
              "--body-file", str(body))  # fmt: skip
    printed.append(out)
    incident = int(out.split()[0])
    new_body = inputs / "body2.txt"
    new_body.write_text(BODY + planted("new body"), encoding="utf-8")
    excerpt = inputs / "excerpt.log"
    excerpt.write_text("\n".join(planted(f"log {n}") for n in range(3)), encoding="utf-8")
    steps = inputs / "steps.txt"
    steps.write_text(f"1. log in\n2. {planted('steps')}\n", encoding="utf-8")
    recipes: dict[str, Callable[[], list[str]]] = {
        "edit": lambda: [
            "edit",
            str(incident),
            "--title",
            planted("t")[:190],
            "--customer",
            NAME,
            "--impact",
            planted("impact"),
            "--workaround",
            planted("workaround"),
            "--owner",
            NAME,
            "--follow-up",
            planted("follow-up"),
            "--body-file",
            str(new_body),
            "--excerpt-file",
            str(excerpt),
            "--excerpt-label",
            f"label {PASSWORD} {KNOWN} {EMAIL}",
        ],
        "status": lambda: ["status", str(incident), "triaged", "--note", planted("status")],
        "assess": lambda: [
            "assess",
            str(incident),
            "--impact",
            "blocked",
            "--visibility",
            "some",
            "--revenue",
            "checkout",
            "--privacy",
            "suspected",
            "--data",
            "correct",
            "--automation",
            "pausable",
            "--override",
            "SEV2",
            "--reason",
            planted("override"),
        ],
        "route": lambda: [
            "route",
            str(incident),
            "--signal",
            "server_error",
            "--record",
            "--override",
            "provider",
            "--reason",
            planted("route"),
        ],
        "ack": lambda: ["ack", str(incident), "--note", planted("ack")],
        "escalate": lambda: ["escalate", str(incident), "--note", planted("escalate")],
        "review": lambda: [
            "review",
            str(incident),
            "--stage",
            "reported",
            "--yes",
            "all",
            "--note",
            planted("review"),
        ],
        # Every field with a value (a time holds none: it must parse), then one
        # marked unknown with a planted reason.
        "evidence": lambda: [
            "evidence",
            str(incident),
            "--occurred-at",
            "2026-11-27 14:05 Europe/Madrid",
            "--affected-user",
            planted("user"),
            "--affected-screen",
            planted("screen"),
            "--sophmate-version",
            planted("sophmate"),
            "--wordpress-version",
            planted("wordpress"),
            "--php-version",
            planted("php"),
            "--repro-file",
            str(steps),
            "--error-report",
            planted("error report"),
        ],
        "evidence-unknown": lambda: [
            "evidence",
            str(incident),
            "--unknown",
            "affected-screen",
            "--reason",
            planted("unknown"),
        ],
    }
    assert set(recipes) | {"new"} == set(STORED_OPTIONS.values())
    for name, args in recipes.items():
        if name == "route":  # no lead named before: anyone overrode the severity
            team(sandbox)
        printed.append(_ok(sandbox, "--as", NAME, *args()))
    return incident, printed


def leaks(text: str) -> list[str]:
    found = [value for value in PLANTED if value in text]
    if B64_PASSWORD in text:
        found.append("the password in base64")
    return found


def files_leaking(root: Path, skip: set[Path]) -> dict[str, list[str]]:
    out = {}
    for path in root.rglob("*"):
        if not path.is_file() or path in skip or any(p in path.parents for p in skip):
            continue
        data = path.read_bytes().decode("latin-1")
        found = leaks(data)
        if found:
            out[str(path)] = found
    return out


def test_no_planted_value_reaches_the_database_or_leaves(
    tmp_path: Path, keyring_file: Path
) -> None:
    sandbox = Sandbox(tmp_path / "desk")
    sandbox.root.mkdir()
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    incident, printed = _run_recipes(sandbox, inputs)

    # Every way out of the desk.
    outputs: dict[str, str] = {}
    outputs["show"] = _ok(sandbox, "show", str(incident))
    outputs["show --json"] = _ok(sandbox, "show", str(incident), "--json")
    outputs["evidence"] = _ok(sandbox, "evidence", str(incident))
    outputs["evidence --json"] = _ok(sandbox, "evidence", str(incident), "--json")
    outputs["list --json"] = _ok(sandbox, "list", "--json", "--status", "triaged")
    for audience in ("customer", "internal", "hosting", "provider", "codecanyon"):
        result = sandbox.invoke(
            "update", str(incident), "--audience", audience, "--draft",
            "--output", str(tmp_path / f"update-{audience}.md"),
        )  # fmt: skip
        outputs[f"update {audience}"] = result.stdout + result.stderr
    # The customer update is complete: written, copied (OSC 52 has no terminal here;
    # the 0600 fallback file is written) and recorded, each through the door.
    sent = _ok(
        sandbox, "update", str(incident), "--audience", "customer", "--copy", "--record",
        "--output", str(tmp_path / "update-sent.md"),
    )  # fmt: skip
    outputs["update customer --copy --output --record"] = sent
    assert (tmp_path / "update-sent.md").exists()
    assert "[db-password-" in (tmp_path / "update-sent.md").read_text(encoding="utf-8")
    for audience in ("hosting", "provider", "codecanyon"):
        report = tmp_path / f"report-{audience}.md"
        result = sandbox.invoke(
            "report", str(incident), "--audience", audience, "--output", str(report), "--copy"
        )
        assert result.exit_code == 0, result.stderr
        outputs[f"report {audience}"] = result.stdout + result.stderr
        assert "[db-password-" in report.read_text(encoding="utf-8")
    # An error message about the incident echoes nothing planted.
    refused = sandbox.invoke("status", str(incident), "reviewed", "--note", planted("refused"))
    assert refused.exit_code != 0
    outputs["refused status"] = refused.stdout + refused.stderr

    leaked = {name: found for name, text in outputs.items() if (found := leaks(text))}
    leaked |= {f"printed {n}": found for n, text in enumerate(printed) if (found := leaks(text))}
    assert leaked == {}
    # The fields are there, as placeholders: the password in every later field too.
    shown = outputs["show"]
    assert "[db-password-" in shown
    assert "Ana Ruiz" in shown  # the person is kept

    # Nothing planted in the database, its side files or any file the desk wrote.
    with sqlite3.connect(sandbox.db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    home = Path(os.environ["HOME"])
    skip = {inputs, keyring_file.parent}
    assert files_leaking(tmp_path, skip) == {}
    assert files_leaking(home, skip) == {}


def test_prints_hold_no_value_and_their_key_is_not_in_the_file(
    tmp_path: Path, keyring_file: Path
) -> None:
    sandbox = Sandbox(tmp_path)
    body = tmp_path / "body.txt"
    body.write_text(BODY, encoding="utf-8")
    _ok(sandbox, "new", "--title", "t", "--customer", "c", "--body-file", str(body))
    with sqlite3.connect(sandbox.db) as connection:
        rows = connection.execute("SELECT digest, length, kind FROM secret_print").fetchall()
        keys = connection.execute("SELECT count(*) FROM fingerprint_key").fetchone()[0]
    assert rows, "the body's secrets are remembered"
    assert {kind for _, _, kind in rows} >= {"db-password", "purchase-code"}
    assert keys == 0, "a SQLite file's key is in the keyring, not beside the prints"
    # The key is the keyring's entry: without it the prints match nothing.
    store = secrets.SecretStore.open()
    assert store.entry(fingerprints.KEYRING_ENTRY)
    assert json.dumps(rows).find(PASSWORD) < 0
