"""sophdesk evidence: the wizard's step 1 from the command line, so that a hosting,
provider or CodeCanyon update can be produced by a script alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sophdesk.domain.evidence import EVIDENCE_KEYS
from sophdesk.services.desk import Desk
from sophdesk.services.triage import evidence as stored_evidence

from .conftest import EXIT_REFUSED, EXIT_USAGE, Sandbox

KEY = "sk-proj-Q2xhdWRlSXNOb3RBUmVhbEtleUJ1dExvb2tzTGlrZU9uZQ"
ANSWERS = (
    "--impact", "blocked", "--visibility", "all", "--revenue", "checkout",
    "--privacy", "none", "--data", "correct", "--automation", "none",
)  # fmt: skip
STEPS = "1. Open the checkout\n2. Pay by card\n3. See HTTP 500\n"
EVIDENCE = (
    "--occurred-at", "2026-11-27 14:05 Europe/Madrid",
    "--affected-user", "shop customer",
    "--affected-screen", "WooCommerce > Checkout",
    "--sophmate-version", "3.4.1",
    "--wordpress-version", "6.7.1",
    "--unknown", "php-version", "--reason", "the host panel is down",
    "--error-report", "SM-E1042: provider timed out",
)  # fmt: skip


def test_new_assess_evidence_then_a_hosting_update_from_the_cli_alone(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    incident = str(sandbox.new())
    sandbox.ok("assess", incident, *ANSWERS)
    sandbox.ok("edit", incident, "--impact", "Card payments fail", "--owner", "Ana Ruiz")
    before = sandbox.invoke("update", incident, "--audience", "hosting")
    assert before.exit_code == EXIT_REFUSED
    assert f"sophdesk evidence {incident} --occurred-at" in before.stderr
    assert f"sophdesk evidence {incident} --repro-file" in before.stderr

    steps = tmp_path / "steps.txt"
    steps.write_text(STEPS, encoding="utf-8")
    sandbox.ok("evidence", incident, *EVIDENCE, "--repro-file", str(steps))
    update = sandbox.ok("update", incident, "--audience", "hosting")
    assert "- Exact time it happened, with zone: 2026-11-27 14:05 Europe/Madrid" in update.stdout
    assert "- PHP version: unknown: the host panel is down" in update.stdout
    assert "- Reproduction steps: 1. Open the checkout\n  2. Pay by card" in update.stdout
    assert "- Error report or support code: SM-E1042: provider timed out" in update.stdout
    assert sandbox.ok("report", incident, "--audience", "hosting").stdout


def test_json_gives_each_field_its_value_or_unknown_with_the_reason(sandbox: Sandbox) -> None:
    incident = str(sandbox.new())
    data = sandbox.json("evidence", incident, *EVIDENCE, "--repro-file", "-")
    assert data["id"] == int(incident)
    assert list(data["evidence"]) == list(EVIDENCE_KEYS)
    assert data["evidence"]["php_version"] == {"unknown": "the host panel is down"}
    assert data["evidence"]["sophmate_version"] == "3.4.1"
    assert data["evidence"]["reproduction_steps"] is None  # stdin was empty: not given
    assert data["missing"] == ["Reproduction steps"]
    assert "php_version" in data["changed"]
    # Without a field it prints what is stored; nothing changes.
    again = sandbox.json("evidence", incident)
    assert again["evidence"] == data["evidence"]
    assert again["changed"] == []


def test_fields_given_later_keep_the_others_and_are_on_the_timeline(sandbox: Sandbox) -> None:
    incident = str(sandbox.new())
    sandbox.ok("evidence", incident, "--php-version", "8.2")
    done = sandbox.ok("evidence", incident, "--repro-file", "-", input=STEPS)
    assert done.stdout.startswith(f"#{incident}: evidence changed: reproduction_steps\n")
    data = sandbox.json("evidence", incident)["evidence"]
    assert data["php_version"] == "8.2"
    assert data["reproduction_steps"] == STEPS
    events = [e for e in sandbox.json("show", incident)["events"] if e["kind"] == "evidence"]
    assert [e["field"] for e in events] == ["php_version", "reproduction_steps"]


def test_stored_redacted_in_the_record_the_desk_shows(sandbox: Sandbox) -> None:
    incident = sandbox.new()
    sandbox.ok(
        "evidence", str(incident), "--error-report", f"401 with key {KEY}",
        "--unknown", "affected-user", "--reason", "mailed by ana.ruiz@example.com",
    )  # fmt: skip
    desk = Desk.open(f"sqlite:///{sandbox.db}", "test")
    try:
        found = stored_evidence(desk, incident)  # what the wizard's step 1 loads
    finally:
        desk.close()
    assert found.item("error_report").value == "401 with key [openai-key-1]"
    assert found.item("affected_user").unknown_reason == "mailed by [email-1]"
    rows = sandbox.rows("SELECT value, unknown_reason FROM evidence")
    assert KEY not in repr(rows)
    assert "ana.ruiz@example.com" not in repr(rows)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--unknown", "php-version"], EXIT_USAGE, "needs its --reason"),
        (["--unknown", "shoe-size", "--reason", "r"], EXIT_USAGE, "is not one of: occurred-at"),
        (["--php-version", "8", "--unknown", "php_version", "--reason", "r"], EXIT_USAGE, "choose"),
        (["--occurred-at", "14:05"], EXIT_REFUSED, "--occurred-at '14:05'"),
        (["--occurred-at", "2026-11-27 14:05"], EXIT_REFUSED, "no zone"),
    ],
)
def test_refusals_write_nothing(sandbox: Sandbox, args: list[str], code: int, message: str) -> None:
    incident = str(sandbox.new())
    result = sandbox.invoke("evidence", incident, *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert sandbox.rows("SELECT count(*) FROM evidence") == [(0,)]


def test_unknown_incident(sandbox: Sandbox) -> None:
    sandbox.new()
    result = sandbox.invoke("evidence", "42", "--php-version", "8.2")
    assert result.exit_code == EXIT_REFUSED
    assert "no incident #42" in result.stderr
    assert json.loads(sandbox.ok("list", "--json").stdout)[0]["id"] == 1
