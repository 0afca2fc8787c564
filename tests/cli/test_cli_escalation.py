"""route --record, ack, escalate, sweep and list --needs-escalation through the CLI."""

from __future__ import annotations

from .conftest import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, Sandbox
from .test_cli_matrix import team

ANSWERS = (
    "--impact", "blocked", "--visibility", "some", "--revenue", "none",
    "--privacy", "none", "--data", "correct", "--automation", "none",
)  # fmt: skip


def assessed(sandbox: Sandbox, *changes: str) -> int:
    incident = sandbox.new()
    answers = list(ANSWERS)
    for flag, value in zip(changes[::2], changes[1::2], strict=True):
        answers[answers.index(flag) + 1] = value
    sandbox.ok("assess", str(incident), *answers)
    return incident


def test_route_record_writes_the_route_and_pages_the_owner(sandbox: Sandbox) -> None:
    team(sandbox)
    incident = assessed(sandbox)  # SEV2: contact_hosting -> hosting_owner ben
    result = sandbox.ok("route", str(incident), "--signal", "php_fatal", "--record")
    assert "recorded on #1's timeline; paged them" in result.stdout
    shown = sandbox.json("show", str(incident))
    kinds = [e["kind"] for e in shown["events"]]
    assert kinds[-2:] == ["routed", "escalated"]
    page = shown["escalation"]["page"]
    assert page["person"] == "ben"
    assert page["stage"] == "primary"
    assert page["acknowledged_by"] is None
    text = sandbox.ok("show", str(incident)).stdout
    assert "page     : ben (primary) paged" in text


def test_route_record_override_needs_a_reason_and_records_it(sandbox: Sandbox) -> None:
    team(sandbox)
    incident = assessed(sandbox)
    no_reason = sandbox.invoke(
        "route", str(incident), "--signal", "php_fatal", "--record", "--override", "provider"
    )
    assert no_reason.exit_code == EXIT_REFUSED
    assert "needs a written reason" in no_reason.stderr
    data = sandbox.json(
        "route", str(incident), "--signal", "php_fatal", "--record",
        "--override", "provider", "--reason", "401 from the provider in the log",
    )  # fmt: skip
    assert data["route"] == "provider"
    assert data["recorded"] is True
    assert data["reasons"][0].startswith("Overridden from hosting to provider")
    notes = [e["note"] for e in sandbox.json("show", str(incident))["events"]]
    assert any("401 from the provider in the log" in (n or "") for n in notes)


def test_route_options_that_do_not_go_together_are_usage_errors(sandbox: Sandbox) -> None:
    assert sandbox.invoke("route", "--signal", "php_fatal", "--record").exit_code == EXIT_USAGE
    lone = sandbox.invoke("route", "1", "--override", "provider", "--reason", "x")
    assert lone.exit_code == EXIT_USAGE
    assert sandbox.invoke("route", "1", "--record", "--severity", "SEV1").exit_code == EXIT_USAGE


def test_ack_answers_the_page_once(sandbox: Sandbox) -> None:
    team(sandbox)
    incident = assessed(sandbox)
    nothing = sandbox.invoke("ack", str(incident))
    assert nothing.exit_code == EXIT_REFUSED
    assert "no page to acknowledge" in nothing.stderr
    sandbox.ok("route", str(incident), "--signal", "php_fatal", "--record")
    first = sandbox.ok("--as", "ben", "ack", str(incident), "--note", "calling the host")
    assert "page to ben (primary) acknowledged by ben" in first.stdout
    again = sandbox.invoke("ack", str(incident))
    assert again.exit_code == EXIT_OK
    assert "already acknowledged by ben" in again.stdout
    events = sandbox.json("show", str(incident))["events"]
    acks = [e for e in events if e["kind"] == "acknowledged"]
    assert [(e["actor"], e["note"]) for e in acks] == [("ben", "calling the host")]


def test_needs_escalation_lists_flagged_incidents_with_reasons(sandbox: Sandbox) -> None:
    team(sandbox)
    calm = assessed(sandbox)
    unclear = assessed(sandbox, "--privacy", "unknown")
    listed = sandbox.json("list", "--needs-escalation")
    assert [item["id"] for item in listed] == [unclear]
    assert listed[0]["needs_escalation"] is True
    assert listed[0]["reasons"] == ["severity unclear: the assessment left privacy unknown"]
    assert listed[0]["flags"][0]["kind"] == "severity"
    table = sandbox.ok("list", "--needs-escalation").stdout
    assert "    escalate: severity unclear: the assessment left privacy unknown" in table
    plain = sandbox.ok("list", "--needs-escalation", "--format", "plain").stdout
    assert plain.rstrip("\n").split("\t")[-1].startswith("severity unclear")
    assert str(calm) not in [line.split("\t")[0] for line in plain.splitlines()]


def test_escalate_pages_the_support_lead(sandbox: Sandbox) -> None:
    team(sandbox)
    incident = assessed(sandbox, "--data", "unknown")
    result = sandbox.ok("escalate", str(incident), "--note", "need a decision")
    assert "paged the support lead ana" in result.stdout
    again = sandbox.invoke("escalate", str(incident))
    assert again.exit_code == EXIT_REFUSED
    assert again.stderr == (
        f"sophdesk: #{incident} is already with the support lead ana;"
        " waiting for an acknowledgement.\n"
    )
    sandbox.ok("--as", "ana", "ack", str(incident))
    assert sandbox.json("list", "--needs-escalation") == []


def test_escalate_with_nobody_to_page_says_so(sandbox: Sandbox) -> None:
    incident = assessed(sandbox)  # the default matrix: every role unfilled
    result = sandbox.invoke("escalate", str(incident))
    assert result.exit_code == EXIT_REFUSED
    assert "nobody could be paged" in result.stdout


def test_sweep_with_nothing_due_prints_nothing(sandbox: Sandbox) -> None:
    team(sandbox)
    incident = assessed(sandbox)
    sandbox.ok("route", str(incident), "--signal", "php_fatal", "--record")
    assert sandbox.ok("sweep").stdout == ""
    assert sandbox.json("sweep") == []


def test_escalate_on_a_closed_incident_says_why_nobody_is_paged(sandbox: Sandbox) -> None:
    team(sandbox)
    incident = assessed(sandbox, "--data", "unknown")
    sandbox.ok("status", str(incident), "resolved", "--note", "fixed upstream")
    before = len(sandbox.json("show", str(incident))["events"])
    result = sandbox.invoke("escalate", str(incident))
    assert result.exit_code == EXIT_REFUSED
    assert result.stderr == (
        f"sophdesk: #{incident} is resolved: nobody is paged for a closed incident."
        f" Reopen it first (c in the desk, or sophdesk status {incident} triaged).\n"
    )
    assert len(sandbox.json("show", str(incident))["events"]) == before


def test_escalate_on_a_reviewed_incident_says_it_is_final(sandbox: Sandbox) -> None:
    team(sandbox)
    incident = assessed(sandbox)
    sandbox.ok("status", str(incident), "resolved")
    sandbox.ok("review", str(incident), "--stage", "after_recovery", "--yes", "all")
    sandbox.ok("status", str(incident), "reviewed")
    result = sandbox.invoke("escalate", str(incident))
    assert result.exit_code == EXIT_REFUSED
    assert result.stderr == (
        f"sophdesk: #{incident} is reviewed: nobody is paged for a closed incident,"
        " and a reviewed incident is final (open a new incident if the problem is back).\n"
    )
