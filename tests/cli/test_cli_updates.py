"""sophdesk edit, update, report and review from the command line."""

from __future__ import annotations

import base64
import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, Sandbox

KEY = "sk-proj-Q2xhdWRlSXNOb3RBUmVhbEtleUJ1dExvb2tzTGlrZU9uZQ"
ANSWERS = (
    "--impact", "degraded", "--visibility", "some", "--revenue", "checkout",
    "--privacy", "none", "--data", "correct", "--automation", "none",
)  # fmt: skip


@pytest.fixture(autouse=True)
def no_clipboard_outside(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No test reaches the real runtime dir, the real display or the real terminal."""
    runtime = tmp_path / "run"
    runtime.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "TMUX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sophdesk.services.clipboard.tty_sender", lambda *a: None)
    return runtime


def ready(sandbox: Sandbox) -> int:
    incident_id = sandbox.new()
    sandbox.ok("assess", str(incident_id), *ANSWERS)
    sandbox.ok(
        "edit", str(incident_id), "--impact", "Card payments fail",
        "--workaround", "PayPal", "--owner", "Ana Ruiz",
    )  # fmt: skip
    return incident_id


# -- edit ---------------------------------------------------------------------------


def test_edit_changes_fields_and_records_each(sandbox: Sandbox) -> None:
    sandbox.new()
    done = sandbox.ok("edit", "1", "--impact", f"key {KEY} refused", "--owner", "Ana Ruiz")
    assert done.stdout == "#1: changed impact, owner\n"
    events = [e for e in sandbox.json("show", "1")["events"] if e["kind"] == "edit"]
    assert [(e["field"], e["before"], e["after"]) for e in events] == [
        ("impact", None, "key [openai-key-1] refused"),
        ("owner", None, "Ana Ruiz"),
    ]
    assert sandbox.rows("SELECT impact, owner FROM incident") == [
        ("key [openai-key-1] refused", "Ana Ruiz")
    ]


def test_edit_adds_an_excerpt_from_stdin_and_refuses_a_whole_log(sandbox: Sandbox) -> None:
    sandbox.new()
    log = f"PHP Fatal error\nAuthorization: Bearer {KEY}\n"
    done = sandbox.ok(
        "edit", "1", "--excerpt-file", "-", "--excerpt-label", "php", "--json", input=log
    )
    assert json.loads(done.stdout) == {
        "id": 1,
        "changed": [],
        "excerpt": {"id": 1, "lines": 2, "label": "php"},
        "version": 1,  # an excerpt is appended: it never changes the version
    }
    assert KEY not in str(sandbox.rows("SELECT text FROM log_excerpt"))
    whole = "\n".join(f"line {n}" for n in range(200))
    refused = sandbox.invoke("edit", "1", "--excerpt-file", "-", "--owner", "Ben", input=whole)
    assert refused.exit_code == EXIT_REFUSED
    assert "200 lines; the limit is 50" in refused.stderr
    assert sandbox.rows("SELECT owner FROM incident") == [(None,)]  # nothing was written
    assert sandbox.rows("SELECT count(*) FROM log_excerpt") == [(1,)]


def test_edit_without_changes_is_a_usage_error(sandbox: Sandbox) -> None:
    sandbox.new()
    assert sandbox.invoke("edit", "1").exit_code == EXIT_USAGE
    both = sandbox.invoke("edit", "1", "--body-file", "-", "--excerpt-file", "-")
    assert both.exit_code == EXIT_USAGE
    assert sandbox.invoke("edit", "9", "--owner", "x").exit_code == EXIT_REFUSED


# -- update -------------------------------------------------------------------------


def test_update_names_every_missing_field_and_exits_1(sandbox: Sandbox) -> None:
    sandbox.new()
    refused = sandbox.invoke("update", "1", "--audience", "customer")
    assert refused.exit_code == EXIT_REFUSED
    assert refused.stdout == ""
    for label in ("impact summary", "current workaround", "owner", "next update time"):
        assert label in refused.stderr
    draft = sandbox.invoke("update", "1", "--audience", "customer", "--draft", "--record")
    assert draft.exit_code == EXIT_REFUSED
    assert "Impact: (missing: impact summary)" in draft.stdout
    assert "never copied, written or recorded" in draft.stderr
    assert not [e for e in sandbox.json("show", "1")["events"] if e["kind"] == "update"]
    data = json.loads(sandbox.invoke("update", "1", "--audience", "customer", "--json").stdout)
    assert data["ready"] is False
    assert [m["field"] for m in data["missing"]] == ["impact", "workaround", "owner", "next_update"]


def test_update_prints_records_and_resets_the_clock(sandbox: Sandbox) -> None:
    incident_id = ready(sandbox)
    printed = sandbox.ok("update", str(incident_id), "--audience", "customer")
    assert "Owner: Ana Ruiz" in printed.stdout
    assert "Next update: by 20" in printed.stdout
    assert " UTC" in printed.stdout
    data = sandbox.json("update", str(incident_id), "--audience", "customer", "--record")
    assert set(data) == {
        "id", "audience", "text", "ready", "missing", "as_of", "next_update_due",
        "timezone", "template", "removed", "recorded", "output", "copy",
    }  # fmt: skip
    assert data["recorded"] is True
    assert data["timezone"] == "UTC"
    shown = sandbox.json("show", str(incident_id))
    sent = [e for e in shown["events"] if e["kind"] == "update"]
    assert [(e["field"], e["note"]) for e in sent] == [("customer", data["text"])]
    stored = sandbox.rows("SELECT last_customer_update_at, first_response_at FROM incident")
    assert stored[0][0] is not None
    assert stored[0][0] == stored[0][1]


def test_update_output_and_copy(
    sandbox: Sandbox, tmp_path: Path, no_clipboard_outside: Path
) -> None:
    incident_id = ready(sandbox)
    out = tmp_path / "update.md"
    done = sandbox.ok(
        "update", str(incident_id), "--audience", "internal", "--output", str(out), "--copy"
    )
    assert out.read_text() == done.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "OSC 52: not sent: no terminal to send it to" in done.stderr
    clip = no_clipboard_outside / "sophdesk" / "clipboard.txt"
    assert f"file (0600): {clip}" in done.stderr
    assert clip.read_text() == done.stdout


def test_copy_writes_osc52_to_the_controlling_terminal(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tty = tmp_path / "tty"
    tty.write_bytes(b"")
    monkeypatch.setattr("sophdesk.services.clipboard.tty_sender", lambda *a: _file_sender(tty))
    incident_id = ready(sandbox)
    done = sandbox.ok("update", str(incident_id), "--audience", "internal", "--copy")
    assert "OSC 52: sent to the terminal" in done.stderr
    sequence = tty.read_bytes().decode()
    assert sequence.startswith("\x1b]52;c;")
    assert sequence.endswith("\x07")
    assert base64.b64decode(sequence[7:-1]).decode() == done.stdout
    assert "\x1b]52" not in done.stdout  # never on stdout, which may be a pipe


def _file_sender(path: Path) -> Callable[[str], bool]:
    def send(sequence: str) -> bool:
        path.write_bytes(sequence.encode())
        return True

    return send


# -- report -------------------------------------------------------------------------


def test_report_prints_markdown_and_writes_a_file(sandbox: Sandbox, tmp_path: Path) -> None:
    incident_id = ready(sandbox)
    sandbox.ok("edit", str(incident_id), "--excerpt-file", "-", input=f"401\nkey={KEY}\n")
    printed = sandbox.ok("report", str(incident_id), "--audience", "hosting")
    assert printed.stdout.startswith("# Support report: Checkout returns 500 (ref #1)")
    assert "## Evidence checklist" in printed.stdout
    assert "key=[openai-key-1]" in printed.stdout
    assert KEY not in printed.stdout
    assert "sophdesk review 1 --stage before_contact" in printed.stderr
    out = tmp_path / "report.md"
    written = sandbox.ok("report", str(incident_id), "--output", str(out))
    assert written.stdout == ""
    assert "## Timeline" in out.read_text()
    assert sandbox.invoke("report", "1", "--audience", "customer").exit_code == EXIT_USAGE


# -- review -------------------------------------------------------------------------


def test_review_is_scriptable_and_gates_reviewed(sandbox: Sandbox) -> None:
    incident_id = str(ready(sandbox))
    shown = sandbox.json("review", incident_id, "--stage", "reported", "--show")
    assert shown["recorded"] is False
    ticks = {i["item"]: i["suggested"] for i in shown["items"]}
    # The default matrix names nobody: the owner is unclear, so "owner known" is
    # not suggested, and the reason says why.
    assert ticks == {"evidence_preserved": False, "severity_assessed": True, "owner_known": False}
    reasons = {i["item"]: i["reason"] for i in shown["items"]}
    assert reasons["owner_known"].startswith("the owner is Ana Ruiz, but owner unclear:")
    # No terminal to ask on and nothing confirmed: a usage error, nothing recorded.
    assert sandbox.invoke("review", incident_id, "--stage", "reported").exit_code == EXIT_USAGE
    partial = sandbox.invoke("review", incident_id, "--stage", "reported", "--accept-suggested")
    assert partial.exit_code == EXIT_REFUSED
    assert "still open: evidence_preserved" in partial.stderr
    sandbox.ok("status", incident_id, "resolved")
    refused = sandbox.invoke("status", incident_id, "reviewed")
    assert refused.exit_code == EXIT_REFUSED
    assert "after-recovery review is complete" in refused.stderr
    unknown = sandbox.invoke("review", incident_id, "--stage", "after_recovery", "--yes", "vibes")
    assert unknown.exit_code == EXIT_USAGE
    done = sandbox.ok(
        "review", incident_id, "--stage", "after_recovery", "--yes", "all",
        "--note", f"rotate {KEY}", "--json",
    )  # fmt: skip
    assert json.loads(done.stdout)["result"] == "complete"
    sandbox.ok("status", incident_id, "reviewed")
    reviews = [e for e in sandbox.json("show", incident_id)["events"] if e["kind"] == "review"]
    assert [(e["field"], e["after"]) for e in reviews] == [
        ("reported", "incomplete"),
        ("after_recovery", "complete"),
    ]
    assert KEY not in reviews[-1]["note"]


def test_review_asks_on_a_terminal(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    incident_id = str(ready(sandbox))
    monkeypatch.setattr("sophdesk.cli.review._interactive", lambda: True)
    # Enter takes each suggestion; the first and last items (not suggested: no
    # evidence yet, and the default matrix leaves the owner unclear) are answered yes.
    done = sandbox.invoke("review", incident_id, "--stage", "reported", input="y\n\ny\n")
    assert done.exit_code == EXIT_OK, done.stderr
    assert "recorded as complete" in done.stdout


def test_reviews_do_not_suggest_what_the_records_contradict(sandbox: Sandbox) -> None:
    body = sandbox.root / "body.txt"
    body.write_text(f"Customer pasted {KEY} and card 4111 1111 1111 1111 in the chat.\n")
    incident_id = sandbox.ok(
        "new", "--title", "Chat shows a stranger's order", "--customer", "c",
        "--body-file", str(body),
    ).stdout.strip()  # fmt: skip
    answers = list(ANSWERS)
    answers[answers.index("--privacy") + 1] = "suspected"
    sandbox.ok("assess", incident_id, *answers)
    sandbox.ok(
        "edit", incident_id, "--impact", "Chat down", "--workaround", "Email us",
        "--owner", "Ana Ruiz",
    )  # fmt: skip
    sandbox.ok("route", incident_id, "--record", "--override", "codecanyon", "--reason", "plugin")
    # A draft (evidence is still missing): printed, exit 1.
    hosting = sandbox.invoke("update", incident_id, "--audience", "hosting", "--draft").stdout
    assert "the cause is on the hosting side" not in hosting
    assert "CodeCanyon support (the plugin's author), not the hosting company" in hosting

    def items(stage: str) -> dict[str, tuple[bool, str]]:
        shown = sandbox.json("review", incident_id, "--stage", stage, "--show")
        return {i["item"]: (i["suggested"], i["reason"]) for i in shown["items"]}

    route = items("before_contact")["route_clear"]
    assert route[1].startswith("route: codecanyon recorded on the timeline")
    exposed = items("after_recovery")["nothing_exposed"]
    assert exposed[0] is False
    assert "the assessment says privacy exposure suspected" in exposed[1]
    assert "the redactor removed [openai-key-1]" in exposed[1]
    assert "[card-1]" in exposed[1]
