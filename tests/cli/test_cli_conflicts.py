"""--expected-version on edit and status: a change based on a stale version exits 4,
says why on stderr (and as JSON with --json) and writes nothing."""

from __future__ import annotations

import json

from .conftest import EXIT_OK, EXIT_USAGE, Sandbox

EXIT_CONFLICT = 4


def test_a_stale_edit_exits_4_names_both_versions_and_writes_nothing(sandbox: Sandbox) -> None:
    incident_id = sandbox.new()
    seen = sandbox.json("show", str(incident_id))["version"]
    sandbox.ok("--as", "ben", "edit", str(incident_id), "--impact", "Slow for everyone")
    before = sandbox.json("show", str(incident_id))

    refused = sandbox.invoke(
        "--as", "ana", "edit", str(incident_id), "--impact", "Card payments fail",
        "--owner", "Ana Ruiz", "--expected-version", str(seen),
    )  # fmt: skip

    assert refused.exit_code == EXIT_CONFLICT, (refused.stdout, refused.stderr)
    assert refused.stdout == ""
    message = refused.stderr
    assert message.startswith("sophdesk: incident #1 was changed by someone else meanwhile")
    assert "based on version 1, it is now version 2 (ben edit impact)" in message
    assert "impact: yours 'Card payments fail', now 'Slow for everyone'" in message
    assert "owner: yours 'Ana Ruiz', now ''" in message
    assert "nothing was written" in message
    assert len(message.splitlines()) == 1
    assert sandbox.json("show", str(incident_id)) == before

    current = before["version"]
    done = sandbox.ok(
        "--as", "ana", "edit", str(incident_id), "--impact", "Card payments fail",
        "--expected-version", str(current), "--json",
    )  # fmt: skip
    assert json.loads(done.stdout) == {
        "id": incident_id,
        "changed": ["impact"],
        "excerpt": None,
        "version": current + 1,
    }


def test_a_stale_edit_with_json_prints_the_conflict(sandbox: Sandbox) -> None:
    incident_id = sandbox.new()
    sandbox.ok("--as", "ben", "edit", str(incident_id), "--owner", "Ben Okafor")

    refused = sandbox.invoke(
        "--as", "ana", "edit", str(incident_id), "--owner", "Ana Ruiz", "--workaround", "",
        "--expected-version", "1", "--json",
    )  # fmt: skip

    assert refused.exit_code == EXIT_CONFLICT
    assert "changed by someone else" in refused.stderr
    data = json.loads(refused.stdout)
    assert data["error"] == "conflict"
    assert (data["id"], data["expected"], data["current"]) == (incident_id, 1, 2)
    assert data["fields"] == {
        "owner": {"yours": "Ana Ruiz", "now": "Ben Okafor"},
        "workaround": {"yours": None, "now": None},
    }
    assert [(e["actor"], e["kind"], e["field"]) for e in data["since"]] == [
        ("ben", "edit", "owner")
    ]
    assert data["message"].startswith("incident #1 was changed by someone else")


def test_a_stale_status_change_exits_4(sandbox: Sandbox) -> None:
    incident_id = str(sandbox.new())
    sandbox.ok("--as", "ben", "status", incident_id, "triaged", "--note", "ben's words")

    refused = sandbox.invoke(
        "--as", "ana", "status", incident_id, "escalated", "--expected-version", "1"
    )

    assert refused.exit_code == EXIT_CONFLICT
    assert "based on version 1, it is now version 2 (ben status" in refused.stderr
    assert "new -> triaged)" in refused.stderr
    assert "status: yours 'escalated', now 'triaged'" in refused.stderr
    assert sandbox.json("show", incident_id)["status"] == "triaged"
    moved = sandbox.invoke(
        "--as", "ana", "status", incident_id, "escalated", "--expected-version", "2"
    )
    assert moved.exit_code == EXIT_OK
    assert moved.stdout == f"#{incident_id} is now escalated\n"


def test_expected_version_is_a_positive_number(sandbox: Sandbox) -> None:
    sandbox.new()
    for args in (
        ("edit", "1", "--owner", "x", "--expected-version", "0"),
        ("status", "1", "triaged", "--expected-version", "two"),
    ):
        assert sandbox.invoke(*args).exit_code == EXIT_USAGE


def test_help_names_the_conflict_exit_code(sandbox: Sandbox) -> None:
    for command in ("edit", "status"):
        text = sandbox.ok(command, "--help").stdout
        assert "--expected-version" in text
        assert "exit code 4" in " ".join(text.split())
