"""--json on every command that prints a result, its keys in --help, and every JSON
text about an incident leaving through the same door as the text output."""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from keyring_testing import use_file_keyring

import sophdesk.cli
from sophdesk.cli import main
from sophdesk.services import at_rest, fingerprints, secrets

from .conftest import EXIT_REFUSED, Sandbox
from .test_cli_matrix import team

#: Commands that print no result of their own to format, and why.
NO_JSON = {
    "completion": "prints the shell's script",
    "matrix export": "prints the matrix file itself (TOML)",
    "redact": "prints the text itself, redacted; findings go to --findings-file as JSON",
    "secrets add": "prints nothing on stdout (a value is never echoed)",
    "secrets remove": "prints nothing on stdout",
}
ANSWERS = (
    "--impact", "blocked", "--visibility", "all", "--revenue", "checkout",
    "--privacy", "none", "--data", "correct", "--automation", "none",
)  # fmt: skip
#: The keys show --json had before (unchanged), and those it adds.
SHOWN_BEFORE = [
    "id", "title", "customer", "body", "body_raw", "status", "severity", "sla_due_at", "owner",
    "created_at", "updated_at", "created_by", "version", "events", "escalation",
]  # fmt: skip
SHOWN_NOW = ["impact", "workaround", "follow_up", "excerpts", "assessment", "evidence", "reviews"]
#: Known to the keyring only after the incident's texts were stored: redaction at
#: rest never saw it, so only the door out can keep it in.
LATE = "pelican-harbour-77-nimbus-cobalt"


def commands() -> Iterator[tuple[str, click.Command]]:
    for info in pkgutil.iter_modules(sophdesk.cli.__path__):
        importlib.import_module(f"sophdesk.cli.{info.name}")
    ctx = click.Context(main)

    def walk(group: click.Group, prefix: tuple[str, ...]) -> Iterator[tuple[str, click.Command]]:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None
            if isinstance(command, click.Group):
                yield from walk(command, (*prefix, name))
            else:
                yield " ".join((*prefix, name)), command

    yield from walk(main, ())


def test_every_command_that_prints_a_result_has_json_with_its_keys_in_help() -> None:
    lacking, undocumented = [], []
    for name, command in commands():
        if name in NO_JSON:
            continue
        if not any(p.name == "as_json" and "--json" in p.opts for p in command.params):
            lacking.append(name)
        elif "JSON keys:" not in (command.help or "") and "JSON" not in (command.help or ""):
            undocumented.append(name)
    assert lacking == []
    assert undocumented == []
    names = {name for name, _ in commands()}
    assert set(NO_JSON) <= names, "an exempt command is gone: update NO_JSON"


def test_show_json_adds_the_incident_s_whole_story_and_keeps_its_keys(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    incident = str(sandbox.new())
    sandbox.ok("assess", incident, *ANSWERS, "--override", "SEV2", "--reason", "one shop only")
    log = tmp_path / "error.log"
    log.write_text("PHP Fatal error: boom\n#0 checkout.php(42)\n", encoding="utf-8")
    sandbox.ok(
        "edit", incident, "--impact", "Card payments fail", "--workaround", "PayPal",
        "--follow-up", "add a health check", "--excerpt-file", str(log),
        "--excerpt-label", "the fatal",
    )  # fmt: skip
    sandbox.ok("evidence", incident, "--php-version", "8.2", "--unknown", "affected-user",
               "--reason", "not told")  # fmt: skip
    sandbox.ok("review", incident, "--stage", "reported", "--yes", "all", "--note", "fine")
    data = sandbox.json("show", incident)
    assert list(data) == [*SHOWN_BEFORE, *SHOWN_NOW]
    assert (data["impact"], data["workaround"], data["follow_up"]) == (
        "Card payments fail",
        "PayPal",
        "add a health check",
    )
    [excerpt] = data["excerpts"]
    assert (excerpt["label"], excerpt["lines"]) == ("the fatal", 2)
    assert excerpt["text"].startswith("PHP Fatal error: boom")
    assessment = data["assessment"]
    assert assessment["answers"]["revenue"] == "checkout"
    assert (assessment["severity"], assessment["computed_severity"]) == ("SEV2", "SEV1")
    assert assessment["override_reason"] == "one shop only"
    assert assessment["rationale"][-1] == "overridden to SEV2: one shop only"
    assert data["evidence"]["php_version"] == "8.2"
    assert data["evidence"]["affected_user"] == {"unknown": "not told"}
    assert data["evidence"]["timestamp"] is None
    [review] = data["reviews"]
    assert (review["stage"], review["result"]) == ("reported", "complete")
    assert review["note"].endswith("note: fine")


def test_show_json_before_anything_is_recorded(sandbox: Sandbox) -> None:
    data = sandbox.json("show", str(sandbox.new()))
    assert data["assessment"] is None
    assert data["excerpts"] == []
    assert data["reviews"] == []
    assert set(data["evidence"].values()) == {None}


@pytest.fixture
def keyring_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    path = use_file_keyring(monkeypatch, tmp_path)
    at_rest.forget_known()
    fingerprints.forget()
    yield path
    at_rest.forget_known()
    fingerprints.forget()


def test_json_leaves_through_the_door_as_text_does(
    sandbox: Sandbox, keyring_file: Path, tmp_path: Path
) -> None:
    planted = f"call the host about {LATE} today"
    incident = str(sandbox.new(title=f"Checkout {LATE}"))
    sandbox.ok("assess", incident, *ANSWERS, "--override", "SEV2", "--reason", planted)
    log = tmp_path / "steps.txt"
    log.write_text(f"1. log in\n2. {planted}\n", encoding="utf-8")
    sandbox.ok("edit", incident, "--impact", planted, "--owner", "Ana Ruiz",
               "--excerpt-file", str(log))  # fmt: skip
    sandbox.ok(
        "evidence", incident, "--occurred-at", "2026-11-27 14:05 Europe/Madrid",
        "--affected-user", planted, "--affected-screen", "checkout",
        "--sophmate-version", "3.4.1", "--wordpress-version", "6.7.1", "--php-version", "8.2",
        "--repro-file", str(log), "--error-report", planted,
    )  # fmt: skip
    sandbox.ok("review", incident, "--stage", "reported", "--yes", "all", "--note", planted)
    assert LATE in sandbox.ok("show", incident, "--json").stdout  # stored as typed, so far
    secrets.add("late-one", LATE)  # now the keyring knows it
    at_rest.forget_known()

    outputs: dict[str, str] = {}
    for args in (
        ("show", incident),
        ("evidence", incident),
        ("report", incident, "--audience", "hosting"),
        ("update", incident, "--audience", "hosting"),
    ):
        text = sandbox.ok(*args).stdout
        as_json = sandbox.ok(*args, "--json").stdout
        json.loads(as_json)
        outputs[" ".join(args)] = text
        outputs[" ".join(args) + " --json"] = as_json
    leaked = [name for name, out in outputs.items() if LATE in out]
    assert leaked == []
    data = json.loads(outputs[f"show {incident} --json"])
    assert "[known-secret-1]" in data["impact"]
    assert "[known-secret-1]" in data["assessment"]["override_reason"]
    assert "[known-secret-1]" in data["excerpts"][0]["text"]
    assert "[known-secret-1]" in data["evidence"]["error_report"]
    assert "[known-secret-1]" in data["reviews"][0]["note"]
    del data


def _json(sandbox: Sandbox, *args: str, code: int = 0) -> Any:
    result = sandbox.invoke(*args, "--json")
    assert result.exit_code == code, (args, result.stdout, result.stderr)
    return json.loads(result.stdout)


def test_json_of_the_desk_commands(sandbox: Sandbox, keyring_file: Path) -> None:
    incident = str(sandbox.new())
    moved = _json(sandbox, "status", incident, "triaged")
    assert (moved["id"], moved["status"], moved["version"]) == (int(incident), "triaged", 2)
    nobody = _json(sandbox, "escalate", incident, code=EXIT_REFUSED)
    assert (nobody["paged"], nobody["person"]) == (False, None)
    assert "unfilled" in nobody["reason"]
    unfilled = _json(sandbox, "matrix", "check", code=EXIT_REFUSED)
    assert unfilled["ok"] is False
    assert {"severity", "duty", "role"} == set(unfilled["unfilled"][0])
    team(sandbox)
    paged = _json(sandbox, "escalate", incident)
    assert paged["paged"] is True
    assert paged["stage"] == "support_lead"
    acked = _json(sandbox, "--as", paged["person"], "ack", incident)
    assert acked["recorded"] is True
    assert acked["page"]["acknowledged_by"] == paged["person"]
    assert _json(sandbox, "--as", paged["person"], "ack", incident)["recorded"] is False
    imported = _json(sandbox, "--as", "ana", "matrix", "import", str(sandbox.root / "team.toml"))
    assert (imported["changed"], imported["changes"], imported["problems"]) == (False, [], [])
    bad = sandbox.root / "bad.toml"
    bad.write_text("[roles\n", encoding="utf-8")
    refused = _json(sandbox, "--as", "ana", "matrix", "import", str(bad), code=EXIT_REFUSED)
    assert refused["changed"] is False
    assert refused["problems"][0]["message"]
    checked = _json(sandbox, "db", "check")
    assert checked["up_to_date"] is True
    assert checked["revision"] == checked["current"]
    copied = _json(sandbox, "db", "copy", "--to", str(sandbox.root / "copy.db"))
    assert copied["verified"] is True
    assert copied["rows"] > 0
    report = _json(sandbox, "report", incident, "--audience", "provider")
    assert report["text"].startswith("# Support report:")
    assert (report["audience"], report["reviewed"], report["output"]) == ("provider", False, None)
    assert _json(sandbox, "secrets", "list") == []
    sandbox.ok("secrets", "add", "smtp", input="another-long-secret")
    assert _json(sandbox, "secrets", "list") == ["smtp"]
    themes = _json(sandbox, "themes")
    assert "sophdesk" in themes["themes"]
    assert themes["skipped"] == []
