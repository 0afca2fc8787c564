"""assess (one, recorded, --batch), sla, and list --breached/--at-risk through the CLI."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sophdesk.domain.assessment import DIMENSIONS, assess, parse_assessment
from sophdesk.domain.severity import Severity
from sophdesk.domain.sla import default_policy, due_times

from .conftest import EXIT_OK, EXIT_REFUSED, EXIT_UNUSABLE, EXIT_USAGE, Sandbox

DEGRADED_SOME = {
    "impact": "degraded",
    "visibility": "some",
    "revenue": "none",
    "privacy": "none",
    "data": "correct",
    "automation": "none",
}
CHECKOUT = {**DEGRADED_SOME, "revenue": "checkout"}
HARMLESS = {d.key: d.values[0] for d in DIMENSIONS}
LIST_KEYS = {"id", "title", "customer", "status", "severity", "sla_due_at", "owner", "created_at"}


def options(answers: dict[str, str]) -> list[str]:
    args: list[str] = []
    for key, value in answers.items():
        args += [f"--{key}", value]
    return args


def expected(answers: dict[str, str]) -> dict[str, Any]:
    decision = assess(parse_assessment(answers))
    return {
        "severity": decision.severity.value,
        "category": decision.category.value,
        "rationale": list(decision.rationale),
    }


def no_traceback(result: Any) -> None:
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr


def stored(moment: datetime) -> str:
    """A due time as the store keeps it in SQLite: naive UTC text."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def set_due(sandbox: Sandbox, incident_id: int, due: datetime) -> None:
    conn = sqlite3.connect(sandbox.db)
    try:
        conn.execute("UPDATE incident SET sla_due_at = ? WHERE id = ?", (stored(due), incident_id))
        conn.commit()
    finally:
        conn.close()


# -- sla -----------------------------------------------------------------------------


def test_sla_sev3_from_friday_afternoon_is_the_issue_example(sandbox: Sandbox) -> None:
    data = sandbox.json("sla", "--severity", "SEV3", "--from", "2026-11-27T16:30:00+00:00")
    assert data["first_response_due"] == "2026-11-30T12:30:00+00:00"
    assert data["next_update_due"] == "2026-12-01T12:30:00+00:00"
    assert data["resolution_due"] == "2026-12-04T16:30:00+00:00"
    assert data["severity"] == "SEV3"
    assert data["from"] == "2026-11-27T16:30:00+00:00"
    assert data["clock"] == "business"
    assert data["targets"] == {"first_response": "4h", "update_cadence": "8h", "resolution": "5d"}
    assert not sandbox.db.exists()  # no database is opened


def test_sla_human_output_names_due_times_and_targets(sandbox: Sandbox) -> None:
    result = sandbox.ok("sla", "--severity", "sev3", "--from", "2026-11-27T16:30:00+00:00")
    lines = result.stdout.splitlines()
    assert "first_response_due : 2026-11-30T12:30:00+00:00" in lines
    assert "next_update_due    : 2026-12-01T12:30:00+00:00" in lines
    assert "resolution_due     : 2026-12-04T16:30:00+00:00" in lines
    assert "first response     : 4h" in lines
    assert "update cadence     : 8h" in lines
    assert "resolution         : 5d" in lines
    clock = next(line for line in lines if line.startswith("clock"))
    assert "business hours" in clock
    assert "Monday-Friday 09:00-17:00 UTC" in clock
    assert result.stderr == ""
    assert not sandbox.db.exists()


def test_sla_round_the_clock_from_a_named_zone(sandbox: Sandbox) -> None:
    data = sandbox.json("sla", "--severity", "SEV1", "--from", "2026-11-27 14:05 Europe/Madrid")
    assert data["from"] == "2026-11-27T13:05:00+00:00"
    assert data["first_response_due"] == "2026-11-27T13:20:00+00:00"
    assert data["next_update_due"] == "2026-11-27T13:50:00+00:00"
    assert data["resolution_due"] == "2026-11-27T17:05:00+00:00"
    assert data["clock"] == "24x7"
    assert data["business_hours"] is None
    shown = sandbox.ok("sla", "--severity", "SEV1", "--from", "2026-11-27T13:05:00Z").stdout
    assert "24x7" in shown
    assert "first response     : 15m" in shown


def test_sla_follows_the_config_zone_and_holidays(sandbox: Sandbox) -> None:
    args = ("sla", "--severity", "SEV3", "--from", "2026-11-27T16:30:00+00:00")
    default = sandbox.json(*args)
    sandbox.write_config('timezone = "Europe/Madrid"\n\n[sla]\nholidays = ["2026-11-30"]\n')
    madrid = sandbox.json(*args)
    # 17:30 in Madrid is after closing; Monday is a holiday: Tuesday 09:00 + 4h.
    assert madrid["first_response_due"] == "2026-12-01T13:00:00+01:00"
    assert madrid["next_update_due"] == "2026-12-02T13:00:00+01:00"
    assert madrid["resolution_due"] == "2026-12-07T17:00:00+01:00"
    assert madrid["from"] == "2026-11-27T17:30:00+01:00"
    assert "Europe/Madrid" in madrid["business_hours"]
    assert madrid["first_response_due"] != default["first_response_due"]
    shown = sandbox.ok(*args).stdout
    assert "Europe/Madrid, 1 holiday" in shown
    assert "first_response_due : 2026-12-01T13:00:00+01:00" in shown


def test_sla_follows_configured_targets(sandbox: Sandbox) -> None:
    sandbox.write_config('[sla.SEV3]\nfirst_response = "2h"\nclock = "24x7"\n')
    data = sandbox.json("sla", "--severity", "SEV3", "--from", "2026-11-27T16:30:00+00:00")
    assert data["clock"] == "24x7"
    assert data["targets"]["first_response"] == "2h"
    assert data["first_response_due"] == "2026-11-27T18:30:00+00:00"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--from", "2026-11-27T16:30:00"], EXIT_REFUSED, "has no zone"),
        (["--from", "2026-11-27 16:30"], EXIT_REFUSED, "has no zone"),
        (["--from", "next friday"], EXIT_REFUSED, "is not a time"),
        (["--from", "2026-11-27 14:05 Mars/Olympus"], EXIT_REFUSED, "not a time zone name"),
        (["--from", "2026-02-30T10:00:00+00:00"], EXIT_REFUSED, "is not a time"),
    ],
)
def test_sla_refuses_a_time_without_zone_or_invalid(
    sandbox: Sandbox, args: list[str], code: int, message: str
) -> None:
    result = sandbox.invoke("sla", "--severity", "SEV3", *args)
    assert result.exit_code == code
    assert result.stderr.startswith("sophdesk: --from ")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""
    no_traceback(result)


def test_sla_unknown_severity_lists_the_known_ones(sandbox: Sandbox) -> None:
    result = sandbox.invoke("sla", "--severity", "SEV5", "--from", "2026-11-27T16:30:00+00:00")
    assert result.exit_code == EXIT_USAGE
    assert "'SEV5' is not one of: SEV1, SEV2, SEV3, SEV4" in result.stderr
    no_traceback(result)


@pytest.mark.parametrize(
    "args",
    [["--severity", "SEV3"], ["--from", "2026-11-27T16:30:00+00:00"], ["--frm", "x"]],
)
def test_sla_usage_errors(sandbox: Sandbox, args: list[str]) -> None:
    result = sandbox.invoke("sla", *args)
    assert result.exit_code == EXIT_USAGE
    assert "Usage:" in result.stderr


def test_sla_with_an_invalid_config_is_unusable(sandbox: Sandbox) -> None:
    sandbox.write_config('[sla]\nopen = "25:00"\n')
    result = sandbox.invoke("sla", "--severity", "SEV3", "--from", "2026-11-27T16:30:00+00:00")
    assert result.exit_code == EXIT_UNUSABLE
    assert "sla.open" in result.stderr


# -- assess (no incident) ----------------------------------------------------------------


@pytest.mark.parametrize("answers", [DEGRADED_SOME, CHECKOUT, HARMLESS])
def test_assess_json_is_the_domain_decision(sandbox: Sandbox, answers: dict[str, str]) -> None:
    data = sandbox.json("assess", *options(answers))
    assert data == expected(answers)
    assert not sandbox.db.exists()


def test_assess_readable_block(sandbox: Sandbox) -> None:
    result = sandbox.ok("assess", *options(DEGRADED_SOME))
    lines = result.stdout.splitlines()
    assert lines[0] == "severity  : SEV3"
    assert lines[1] == "category  : operational"
    assert lines[2] == "rationale :"
    assert [line.strip() for line in lines[3:]] == expected(DEGRADED_SOME)["rationale"]
    assert "due" not in result.stdout


def test_assess_an_unknown_answer_is_not_printed_as_a_fact(sandbox: Sandbox) -> None:
    result = sandbox.ok("assess", *options({**HARMLESS, "privacy": "unknown"}))
    assert "severity  : SEV1" in result.stdout
    assert "A privacy exposure is confirmed." not in result.stdout
    assert "Privacy exposure unknown: rated as confirmed until someone finds out." in result.stdout


def test_assess_a_checkout_outage_with_privacy_suspected_is_revenue(sandbox: Sandbox) -> None:
    data = sandbox.json("assess", *options({**CHECKOUT, "privacy": "suspected"}))
    assert data["category"] == "revenue"
    assert data["rationale"][-1] == (
        "Category revenue, from the rule that set the severity:"
        " the checkout or payment flow is failing."
    )


def test_assess_reads_values_loosely(sandbox: Sandbox) -> None:
    answers = {**HARMLESS, "impact": "BLOCKED", "revenue": "at-risk"}
    data = sandbox.json("assess", *options(answers))
    assert data == expected({**HARMLESS, "impact": "blocked", "revenue": "at_risk"})
    assert data["severity"] == "SEV2"


@pytest.mark.parametrize(
    ("key", "value", "allowed"),
    [
        ("impact", "huge", "none, degraded, blocked, unknown"),
        ("visibility", "everyone", "internal, some, all, unknown"),
        ("revenue", "", "none, at_risk, checkout, unknown"),
        ("automation", "off", "none, pausable, unstoppable, unknown"),
    ],
)
def test_assess_unknown_value_lists_the_allowed_ones(
    sandbox: Sandbox, key: str, value: str, allowed: str
) -> None:
    result = sandbox.invoke("assess", *options({**DEGRADED_SOME, key: value}))
    assert result.exit_code == EXIT_USAGE
    assert f"Invalid value for '--{key}': {value!r} is not one of: {allowed}." in result.stderr
    assert result.stdout == ""
    no_traceback(result)


def test_assess_needs_all_six_answers(sandbox: Sandbox) -> None:
    result = sandbox.invoke("assess", "--impact", "blocked", "--data", "wrong")
    assert result.exit_code == EXIT_USAGE
    for key in ("--visibility", "--revenue", "--privacy", "--automation"):
        assert key in result.stderr
    assert "--impact (" not in result.stderr
    assert "internal, some, all" in result.stderr
    assert sandbox.invoke("assess").exit_code == EXIT_USAGE


def test_assess_help_lists_the_dimensions(sandbox: Sandbox) -> None:
    helped = sandbox.ok("assess", "--help").stdout
    for dimension in DIMENSIONS:
        assert f"--{dimension.key}" in helped
    for word in ("--batch", "--override", "--reason", "--json"):
        assert word in helped
    top = sandbox.ok("--help").stdout
    assert "assess" in top
    assert "sla" in top


# -- assess ID (recorded) ---------------------------------------------------------------


def test_assess_with_an_id_records_it(sandbox: Sandbox) -> None:
    incident = sandbox.new()
    data = sandbox.json("--as", "dana", "assess", str(incident), *options(DEGRADED_SOME))
    assert {k: data[k] for k in ("severity", "category", "rationale")} == expected(DEGRADED_SOME)
    assert data["id"] == incident
    assert data["computed_severity"] == "SEV3"
    assert data["override_reason"] is None
    shown = sandbox.json("show", str(incident))
    assert shown["severity"] == "SEV3"
    created = datetime.fromisoformat(shown["created_at"])
    due = due_times(default_policy(), Severity.SEV3, created)
    for key in ("first_response_due", "next_update_due", "resolution_due"):
        moment = datetime.fromisoformat(data[key])
        assert moment.utcoffset() == timedelta(0)
        assert abs(moment - getattr(due, key)) < timedelta(seconds=1)
    assert shown["sla_due_at"] == data["first_response_due"]
    assessed = [e for e in shown["events"] if e["kind"] == "assessed"]
    assert len(assessed) == 1
    assert assessed[0]["actor"] == "dana"
    assert assessed[0]["after"] == "SEV3"
    assert "operational" in assessed[0]["note"]


def test_assess_with_an_id_prints_the_due_times(sandbox: Sandbox) -> None:
    sandbox.write_config('timezone = "Asia/Kolkata"\n')
    incident = sandbox.new(title="Checkout 500")
    lines = sandbox.ok("assess", str(incident), *options(CHECKOUT)).stdout.splitlines()
    assert lines[0] == f"#{incident}  Checkout 500: assessment recorded"
    assert "severity  : SEV1" in lines
    assert "category  : revenue" in lines
    for label in ("first response due", "next update due", "resolution due"):
        line = next(x for x in lines if x.startswith(label))
        assert line.endswith(" IST")


def test_reassessing_adds_another_event(sandbox: Sandbox) -> None:
    incident = sandbox.new()
    sandbox.ok("assess", str(incident), *options(DEGRADED_SOME))
    sandbox.ok("assess", str(incident), *options(CHECKOUT))
    shown = sandbox.json("show", str(incident))
    assert shown["severity"] == "SEV1"
    assessed = [e for e in shown["events"] if e["kind"] == "assessed"]
    assert [(e["before"], e["after"]) for e in assessed] == [(None, "SEV3"), ("SEV3", "SEV1")]


def test_assess_unknown_incident(sandbox: Sandbox) -> None:
    sandbox.new()
    result = sandbox.invoke("assess", "42", *options(DEGRADED_SOME))
    assert result.exit_code == EXIT_REFUSED
    assert result.stderr == "sophdesk: there is no incident #42\n"
    assert sandbox.invoke("assess", "forty-two", *options(DEGRADED_SOME)).exit_code == EXIT_USAGE


def test_invalid_answers_record_nothing(sandbox: Sandbox) -> None:
    incident = sandbox.new()
    result = sandbox.invoke("assess", str(incident), *options({**DEGRADED_SOME, "data": "lost"}))
    assert result.exit_code == EXIT_USAGE
    assert "'lost' is not one of: correct, at_risk, wrong, unknown" in result.stderr
    shown = sandbox.json("show", str(incident))
    assert shown["severity"] is None
    assert [e["kind"] for e in shown["events"]] == ["created"]


def test_override_needs_a_reason(sandbox: Sandbox) -> None:
    incident = sandbox.new()
    refused = sandbox.invoke("assess", str(incident), *options(DEGRADED_SOME), "--override", "SEV1")
    assert refused.exit_code == EXIT_REFUSED
    assert "overriding SEV3 with SEV1 needs a written reason" in refused.stderr
    blank = sandbox.invoke(
        "assess", str(incident), *options(DEGRADED_SOME), "--override", "SEV1", "--reason", "  "
    )
    assert blank.exit_code == EXIT_REFUSED
    assert sandbox.json("show", str(incident))["severity"] is None
    no_traceback(refused)


def test_override_with_a_reason_is_recorded(sandbox: Sandbox) -> None:
    incident = sandbox.new()
    data = sandbox.json(
        "assess",
        str(incident),
        *options(DEGRADED_SOME),
        "--override",
        "sev1",
        "--reason",
        "largest customer, launch day",
    )
    assert data["severity"] == "SEV1"
    assert data["computed_severity"] == "SEV3"
    assert data["override_reason"] == "largest customer, launch day"
    assert data["rationale"] == expected(DEGRADED_SOME)["rationale"]
    # SEV1 clocks are 24x7: first response 15 minutes after the report.
    shown = sandbox.json("show", str(incident))
    created = datetime.fromisoformat(shown["created_at"])
    first = datetime.fromisoformat(data["first_response_due"])
    assert abs(first - (created + timedelta(minutes=15))) < timedelta(seconds=1)
    assert shown["severity"] == "SEV1"
    note = next(e for e in shown["events"] if e["kind"] == "assessed")["note"]
    assert "overridden to SEV1: largest customer, launch day" in note
    human = sandbox.ok(
        "assess", str(incident), *options(DEGRADED_SOME), "--override", "SEV2", "--reason", "r"
    ).stdout
    assert "severity  : SEV2 (overridden; the rules said SEV3: r)" in human


def test_override_to_the_rules_severity_needs_no_reason(sandbox: Sandbox) -> None:
    incident = sandbox.new()
    data = sandbox.json("assess", str(incident), *options(DEGRADED_SOME), "--override", "SEV3")
    assert data["severity"] == "SEV3"
    assert data["override_reason"] is None


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["1", "--override", "SEV9", "--reason", "r"], EXIT_USAGE, "not one of: SEV1, SEV2"),
        (["1", "--reason", "because"], EXIT_USAGE, "--reason explains an --override"),
        (["--override", "SEV1", "--reason", "r"], EXIT_USAGE, "give an ID"),
    ],
)
def test_override_refusals(sandbox: Sandbox, args: list[str], code: int, message: str) -> None:
    sandbox.new()
    result = sandbox.invoke("assess", *options(DEGRADED_SOME), *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert sandbox.json("show", "1")["severity"] is None
    no_traceback(result)


# -- assess --batch -------------------------------------------------------------------


def batch(sandbox: Sandbox, text: str | bytes) -> tuple[int, list[dict[str, Any]], str]:
    result = sandbox.invoke("assess", "--batch", input=text)
    if result.exception is not None:
        no_traceback(result)
    return (
        result.exit_code,
        [json.loads(line) for line in result.stdout.splitlines()],
        result.stderr,
    )


def test_batch_good_bad_and_blank_lines_in_order(sandbox: Sandbox) -> None:
    lines = [
        json.dumps(DEGRADED_SOME),  # 1
        "",  # 2: blank, skipped but counted
        "{not json",  # 3
        json.dumps(CHECKOUT),  # 4
        "   \t ",  # 5: blank
        json.dumps(["impact", "blocked"]),  # 6
        json.dumps({**HARMLESS, "impact": "huge"}),  # 7
        json.dumps({k: v for k, v in HARMLESS.items() if k != "data"}),  # 8
        json.dumps({**HARMLESS, "colour": "red"}),  # 9
        json.dumps({**HARMLESS, "impact": 3}),  # 10
        json.dumps(HARMLESS),  # 11
    ]
    code, results, stderr = batch(sandbox, "\n".join(lines) + "\n")
    assert code == EXIT_REFUSED
    assert [r["line"] for r in results] == [1, 3, 4, 6, 7, 8, 9, 10, 11]
    by_line = {r["line"]: r for r in results}
    for number, answers in ((1, DEGRADED_SOME), (4, CHECKOUT), (11, HARMLESS)):
        assert by_line[number] == {"line": number, **expected(answers)}
    for number in (3, 6, 7, 8, 9, 10):
        assert set(by_line[number]) == {"line", "error"}
    assert "not valid JSON" in by_line[3]["error"]
    assert "not an object" in by_line[6]["error"]
    assert (
        "impact cannot be 'huge' (allowed values: none, degraded, blocked, unknown)"
        in by_line[7]["error"]
    )
    assert (
        "data is missing (allowed values: correct, at_risk, wrong, unknown)" in by_line[8]["error"]
    )
    assert "unknown key 'colour'" in by_line[9]["error"]
    assert "impact cannot be 3" in by_line[10]["error"]
    assert "6 of 9 lines could not be assessed (lines 3, 6, 7, 8, 9, 10)" in stderr
    assert len(stderr.splitlines()) == 1
    assert not sandbox.db.exists()  # batch never records


def test_batch_all_good_exits_0(sandbox: Sandbox) -> None:
    text = "\n".join(json.dumps(a) for a in (HARMLESS, CHECKOUT, DEGRADED_SOME))  # no final newline
    code, results, stderr = batch(sandbox, text)
    assert code == EXIT_OK
    assert [r["severity"] for r in results] == ["SEV4", "SEV1", "SEV3"]
    assert [r["line"] for r in results] == [1, 2, 3]
    assert stderr == ""


@pytest.mark.parametrize("text", ["", "\n\n  \n", "\r\n"])
def test_batch_with_nothing_to_assess(sandbox: Sandbox, text: str) -> None:
    assert batch(sandbox, text) == (EXIT_OK, [], "")


def test_batch_bytes_bom_crlf_and_long_lines(sandbox: Sandbox) -> None:
    good = json.dumps(HARMLESS).encode()
    data = (
        b"\xef\xbb\xbf" + good + b"\r\n"  # 1: BOM and CRLF, as Windows tools write
        b"\xff\xfe not utf-8\n"  # 2
        + b'{"impact": "' + b"x" * 70_000 + b'"}\n'  # 3: over the line limit
        + good + b"\n"  # 4
    )  # fmt: skip
    code, results, _ = batch(sandbox, data)
    assert code == EXIT_REFUSED
    assert [r["line"] for r in results] == [1, 2, 3, 4]
    assert results[0]["severity"] == "SEV4"
    assert "not UTF-8" in results[1]["error"]
    assert "longer than" in results[2]["error"]
    assert results[3]["severity"] == "SEV4"


def test_batch_escapes_controls_in_errors(sandbox: Sandbox) -> None:
    line = json.dumps({**HARMLESS, "impact": "\x1b]2;pwned\x07\u202e"})
    code, results, _ = batch(sandbox, line + "\n")
    assert code == EXIT_REFUSED
    result = sandbox.invoke("assess", "--batch", input=line + "\n")
    assert not any(ch in result.stdout for ch in "\x1b\x07\u202e")
    assert "impact cannot be" in results[0]["error"]


@pytest.mark.parametrize(
    "args",
    [
        ["1"],
        ["--impact", "blocked"],
        ["--override", "SEV1"],
        ["--reason", "r"],
        [*options(DEGRADED_SOME)],
    ],
    ids=["id", "one-option", "override", "reason", "six-options"],
)
def test_batch_with_an_id_or_answers_is_a_usage_error(sandbox: Sandbox, args: list[str]) -> None:
    result = sandbox.invoke("assess", "--batch", *args, input=json.dumps(HARMLESS) + "\n")
    assert result.exit_code == EXIT_USAGE
    assert "--batch" in result.stderr
    assert result.stdout == ""
    assert not sandbox.db.exists()


def test_batch_of_5000_lines_is_quick(sandbox: Sandbox) -> None:
    combos = [DEGRADED_SOME, CHECKOUT, HARMLESS, {**HARMLESS, "privacy": "suspected"}]
    text = "".join(json.dumps(combos[i % 4]) + "\n" for i in range(5000))
    started = time.perf_counter()
    result = sandbox.invoke("assess", "--batch", input=text)
    elapsed = time.perf_counter() - started
    assert result.exit_code == EXIT_OK
    out = result.stdout.splitlines()
    assert len(out) == 5000
    assert json.loads(out[-1]) == {"line": 5000, **expected(combos[4999 % 4])}
    assert elapsed < 3.0, f"5,000 lines took {elapsed:.2f}s"


# -- list --breached / --at-risk ---------------------------------------------------------


def _sla_queue(sandbox: Sandbox) -> dict[str, int]:
    """Incidents in each SLA state, deterministic against the real clock: due times
    are set far in the past or future, or a couple of minutes ahead on a 15 minute
    (SEV1, 24x7) target."""
    names = ("breached", "at_risk", "ok", "paused", "paused_breached", "unassessed", "closed")
    ids = {name: sandbox.new(title=f"{name} incident", customer=name) for name in names}
    for name in ("breached", "at_risk", "ok", "paused", "paused_breached", "closed"):
        sandbox.ok("assess", str(ids[name]), *options(CHECKOUT))  # SEV1
    sandbox.ok("status", str(ids["paused"]), "waiting_customer")
    sandbox.ok("status", str(ids["paused_breached"]), "waiting_vendor")
    sandbox.ok("status", str(ids["closed"]), "resolved")
    now = datetime.now(UTC)
    set_due(sandbox, ids["breached"], datetime(2020, 1, 1, tzinfo=UTC))
    set_due(sandbox, ids["paused_breached"], datetime(2021, 1, 1, tzinfo=UTC))
    set_due(sandbox, ids["at_risk"], now + timedelta(minutes=2))
    set_due(sandbox, ids["ok"], datetime(2099, 1, 1, tzinfo=UTC))
    return ids


def test_list_json_adds_sla_state_and_clock(sandbox: Sandbox) -> None:
    ids = _sla_queue(sandbox)
    rows = sandbox.json("list")
    for row in rows:
        assert set(row) == LIST_KEYS | {"sla_state", "sla_clock"}
    state = {r["id"]: (r["sla_state"], r["sla_clock"]) for r in rows}
    assert state == {
        # Nobody has assessed it: its triage clock runs (15 minutes from its report).
        ids["unassessed"]: ("ok", "triage"),
        ids["breached"]: ("breached", "first_response"),
        ids["paused_breached"]: ("breached", "first_response"),
        ids["at_risk"]: ("at_risk", "first_response"),
        ids["paused"]: ("paused", "first_response"),
        ids["ok"]: ("ok", "first_response"),
    }
    closed = sandbox.json("list", "--status", "resolved")
    assert [(r["id"], r["sla_state"], r["sla_clock"]) for r in closed] == [
        (ids["closed"], None, None)
    ]


def test_list_breached_and_at_risk(sandbox: Sandbox) -> None:
    ids = _sla_queue(sandbox)
    breached = sandbox.json("list", "--breached")
    assert [r["id"] for r in breached] == [ids["breached"], ids["paused_breached"]]
    assert {r["sla_state"] for r in breached} == {"breached"}
    at_risk = sandbox.json("list", "--at-risk")
    assert [(r["id"], r["sla_state"]) for r in at_risk] == [(ids["at_risk"], "at_risk")]
    either = sandbox.json("list", "--breached", "--at-risk")
    assert [r["id"] for r in either] == [ids["breached"], ids["paused_breached"], ids["at_risk"]]
    everything = [r["id"] for r in sandbox.json("list")]
    assert [r["id"] for r in either] == [i for i in everything if i in {r["id"] for r in either}]


def test_list_breached_with_other_filters(sandbox: Sandbox) -> None:
    ids = _sla_queue(sandbox)
    assert [r["id"] for r in sandbox.json("list", "--breached", "--limit", "1")] == [
        ids["breached"]
    ]
    assert sandbox.json("list", "--breached", "--limit", "0") == []
    assert sandbox.json("list", "--breached", "--severity", "SEV2") == []
    assert [r["id"] for r in sandbox.json("list", "--breached", "--search", "paused_breached")] == [
        ids["paused_breached"]
    ]
    assert [r["id"] for r in sandbox.json("list", "--breached", "--status", "waiting_vendor")] == [
        ids["paused_breached"]
    ]
    assert sandbox.json("list", "--breached", "--status", "resolved") == []
    assert sandbox.json("list", "--at-risk", "--status", "waiting_customer") == []


def test_list_at_risk_on_a_business_hours_clock(sandbox: Sandbox) -> None:
    """SEV3 counts business time: 30 real minutes hold at most 30 business minutes,
    under a quarter of the 4h target whenever the test runs."""
    near = sandbox.new(title="near")
    far = sandbox.new(title="far")
    for incident in (near, far):
        sandbox.ok("assess", str(incident), *options(DEGRADED_SOME))  # SEV3
    set_due(sandbox, near, datetime.now(UTC) + timedelta(minutes=30))
    set_due(sandbox, far, datetime(2099, 1, 1, tzinfo=UTC))
    assert [r["id"] for r in sandbox.json("list", "--at-risk")] == [near]
    assert sandbox.json("list", "--breached") == []
    states = {r["id"]: r["sla_state"] for r in sandbox.json("list")}
    assert states == {near: "at_risk", far: "ok"}


def test_list_table_has_an_sla_column(sandbox: Sandbox) -> None:
    ids = _sla_queue(sandbox)
    lines = sandbox.ok("list").stdout.splitlines()
    assert lines[0].split() == ["ID", "SEV", "STATUS", "SLA", "AGE", "CUSTOMER", "TITLE"]
    cells = {int(line.split()[0]): line.split()[3] for line in lines[1:]}
    assert re.fullmatch(r"1[45]m", cells[ids["unassessed"]])  # its triage clock
    assert cells[ids["breached"]] == "BREACHED"
    assert cells[ids["paused_breached"]] == "BREACHED"
    assert cells[ids["paused"]] == "paused"
    assert cells[ids["at_risk"]] == "RISK"  # "RISK 1m": the time left follows
    assert cells[ids["ok"]].endswith("d")  # decades away: compact days
    risk_line = next(line for line in lines if line.startswith(f"{ids['at_risk']} "))
    assert re.search(r" RISK [012]m ", risk_line)
    filtered = sandbox.ok("list", "--breached").stdout.splitlines()
    assert filtered[0].split()[3] == "SLA"
    assert len(filtered) == 3


def test_list_breached_empty_and_plain(sandbox: Sandbox) -> None:
    sandbox.new()
    result = sandbox.ok("list", "--breached")
    assert result.stdout.splitlines() == ["ID  SEV  STATUS  SLA  AGE  CUSTOMER  TITLE"]
    assert "no incidents match" in result.stderr
    ids = _sla_queue(sandbox)
    plain = sandbox.ok("list", "--breached", "--format", "plain").stdout.splitlines()
    # The tab-separated format keeps its six columns.
    assert [line.split("\t")[0] for line in plain] == [
        str(ids["breached"]),
        str(ids["paused_breached"]),
    ]
    assert all(len(line.split("\t")) == 6 for line in plain)


def test_list_without_clocks_keeps_its_table(sandbox: Sandbox) -> None:
    incident = sandbox.new()
    sandbox.ok("status", str(incident), "resolved")  # closed: no clock runs
    lines = sandbox.ok("list", "--status", "resolved").stdout.splitlines()
    assert lines[0].split() == ["ID", "SEV", "STATUS", "AGE", "CUSTOMER", "TITLE"]


def _age(sandbox: Sandbox, incident_id: int, days: int) -> None:
    """Move an incident's report (and its clock, as the desk stored it) ``days`` back."""
    conn = sqlite3.connect(sandbox.db)
    try:
        for column in ("created_at", "sla_due_at"):
            conn.execute(
                f"UPDATE incident SET {column} = datetime({column}, ?) WHERE id = ?",
                (f"-{days} days", incident_id),
            )
        conn.commit()
    finally:
        conn.close()


def test_an_incident_nobody_triaged_has_a_triage_clock_that_breaches(sandbox: Sandbox) -> None:
    old = sandbox.new(title="reported four days ago")
    fresh = sandbox.new(title="reported now")
    _age(sandbox, old, 4)
    rows = {r["id"]: r for r in sandbox.json("list")}
    assert (rows[old]["sla_state"], rows[old]["sla_clock"]) == ("breached", "triage")
    assert (rows[fresh]["sla_state"], rows[fresh]["sla_clock"]) == ("ok", "triage")
    lines = sandbox.ok("list").stdout.splitlines()
    assert lines[0].split()[3] == "SLA"
    cells = {int(line.split()[0]): line.split()[3] for line in lines[1:]}
    assert cells[old] == "BREACHED"
    assert [r["id"] for r in sandbox.json("list", "--breached")] == [old]
    flagged = sandbox.json("list", "--needs-escalation")
    assert [r["id"] for r in flagged] == [old]
    assert flagged[0]["flags"][0]["kind"] == "severity"
    assert flagged[0]["reasons"][0].startswith(
        "severity unclear: nobody has assessed it; triage overdue by 3 days"  # 4 d - 15 min
    )
    # Assessing it replaces the triage clock with the severity's clocks.
    sandbox.ok("assess", str(old), *options(DEGRADED_SOME))
    assessed = {r["id"]: r for r in sandbox.json("list")}[old]
    assert assessed["sla_clock"] == "first_response"


def test_a_database_from_before_triage_clocks_gets_them_on_open(sandbox: Sandbox) -> None:
    old = sandbox.new(title="reported four days ago")
    _age(sandbox, old, 4)
    conn = sqlite3.connect(sandbox.db)
    try:  # as an older sophdesk left it: no clock for an unassessed incident
        conn.execute(
            "UPDATE incident SET sla_due_at = NULL, sla_clock = NULL, sla_target_seconds = NULL"
        )
        conn.commit()
    finally:
        conn.close()
    row = sandbox.json("list")[0]
    assert (row["sla_state"], row["sla_clock"]) == ("breached", "triage")
    assert sandbox.rows("SELECT sla_clock FROM incident") == [("triage",)]


def test_the_triage_target_follows_the_config(sandbox: Sandbox) -> None:
    sandbox.write_config('[sla]\ntriage = "2h"\n')
    incident = sandbox.new()
    data = sandbox.json("show", str(incident))
    created = datetime.fromisoformat(data["created_at"])
    due = datetime.fromisoformat(sandbox.json("list")[0]["sla_due_at"])
    assert due - created == timedelta(hours=2)


# -- unknown values anywhere ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["assess", *options({**HARMLESS, "privacy": "leaked"})], "none, suspected, confirmed"),
        (["assess", "1", *options(HARMLESS), "--override", "P1"], "SEV1, SEV2, SEV3, SEV4"),
        (["sla", "--severity", "high", "--from", "2026-11-27T16:30:00Z"], "SEV1, SEV2, SEV3, SEV4"),
        (["list", "--breached", "--severity", "SEV0"], "SEV1, SEV2, SEV3, SEV4"),
        (["list", "--at-risk", "--status", "open"], "new, triaged"),
    ],
)
def test_unknown_values_list_the_allowed_ones(
    sandbox: Sandbox, args: list[str], allowed: str
) -> None:
    sandbox.new()
    result = sandbox.invoke(*args)
    assert result.exit_code == EXIT_USAGE
    assert f"is not one of: {allowed}" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("Error: Invalid value for '")
    no_traceback(result)
