"""new, list, show and status through the CLI (in-process, CliRunner)."""

from __future__ import annotations

import getpass
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from sophdesk.domain.lifecycle import TRANSITIONS, Status

from .conftest import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, Sandbox

LIST_KEYS = {"id", "title", "customer", "status", "severity", "sla_due_at", "created_at"}


def assess(sandbox: Sandbox, incident_id: int, rank: int, due: str | None = None) -> None:
    """Set severity (and SLA due, naive UTC) in the file: no command does it yet."""
    import sqlite3

    conn = sqlite3.connect(sandbox.db)
    try:
        conn.execute(
            "UPDATE incident SET severity_rank = ?, sla_due_at = ? WHERE id = ?",
            (rank, due, incident_id),
        )
        conn.commit()
    finally:
        conn.close()


def move(sandbox: Sandbox, incident_id: int, *statuses: str) -> None:
    for status in statuses:
        if status == "reviewed":  # reviewed needs the after-recovery review first
            sandbox.ok("review", str(incident_id), "--stage", "after_recovery", "--yes", "all")
        sandbox.ok("status", str(incident_id), status)


# -- new -------------------------------------------------------------------------


def test_new_prints_the_id(sandbox: Sandbox) -> None:
    first = sandbox.ok("new", "--title", "Checkout returns 500", "--customer", "casa olivo")
    second = sandbox.ok("new", "--title", "Rate limit", "--customer", "kitchenlab.de")
    assert first.stdout == "1\n"
    assert second.stdout == "2\n"
    assert first.stderr == ""
    assert sandbox.rows("SELECT id, title, customer, status FROM incident") == [
        (1, "Checkout returns 500", "casa olivo", "new"),
        (2, "Rate limit", "kitchenlab.de", "new"),
    ]


def test_new_json(sandbox: Sandbox) -> None:
    data = sandbox.json("new", "--title", "Checkout 500", "--customer", "casa olivo")
    assert data["id"] == 1
    assert data["title"] == "Checkout 500"
    assert data["customer"] == "casa olivo"
    assert data["status"] == "new"
    assert data["severity"] is None
    # Not assessed yet: due for triage 15 minutes after its report.
    due = datetime.fromisoformat(data["sla_due_at"])
    assert due - datetime.fromisoformat(data["created_at"]) == timedelta(minutes=15)
    assert data["body"] == ""
    assert data["created_by"] == getpass.getuser()
    assert datetime.fromisoformat(data["created_at"]).utcoffset() == timedelta(0)


def test_new_default_actor_is_the_os_user(sandbox: Sandbox) -> None:
    sandbox.new()
    detail = sandbox.json("show", "1")
    assert detail["created_by"] == getpass.getuser()
    assert detail["events"][0]["actor"] == getpass.getuser()


@pytest.mark.parametrize(
    "args",
    [
        ["--as", "dana", "new", "--title", "t", "--customer", "c"],
        ["new", "--as", "dana", "--title", "t", "--customer", "c"],
        ["new", "--title", "t", "--customer", "c", "--as", "dana"],
    ],
    ids=["before-command", "after-command", "at-the-end"],
)
def test_as_name_is_the_actor_before_or_after_the_command(
    sandbox: Sandbox, args: list[str]
) -> None:
    sandbox.ok(*args)
    assert sandbox.json("show", "1")["created_by"] == "dana"


@pytest.mark.parametrize("where", ["before", "after"])
def test_as_name_records_status_changes(sandbox: Sandbox, where: str) -> None:
    sandbox.new()
    if where == "before":
        sandbox.ok("--as", "eve", "status", "1", "triaged")
    else:
        sandbox.ok("status", "--as", "eve", "1", "triaged")
    events = sandbox.json("show", "1")["events"]
    assert [e["actor"] for e in events] == [getpass.getuser(), "eve"]


def test_as_after_the_command_wins_over_before(sandbox: Sandbox) -> None:
    sandbox.ok("--as", "ana", "new", "--as", "ben", "--title", "t", "--customer", "c")
    assert sandbox.json("show", "1")["created_by"] == "ben"


def test_operator_from_config_and_as_overrides_it(sandbox: Sandbox) -> None:
    sandbox.write_config('operator = "chidi"\n')
    sandbox.new()
    sandbox.ok("--as", "dana", "status", "1", "triaged")
    events = sandbox.json("show", "1")["events"]
    assert [e["actor"] for e in events] == ["chidi", "dana"]


@pytest.mark.parametrize(
    ("title", "customer", "message"),
    [
        ("", "c", "title is required"),
        ("   ", "c", "title is required"),
        ("t", "", "customer is required"),
        ("two\nlines", "c", "one line"),
        ("x" * 201, "c", "201 characters"),
    ],
)
def test_new_refuses_invalid_input(
    sandbox: Sandbox, title: str, customer: str, message: str
) -> None:
    result = sandbox.invoke("new", "--title", title, "--customer", customer)
    assert result.exit_code == EXIT_REFUSED
    assert result.stderr.startswith("sophdesk: ")
    assert message in result.stderr
    assert result.stdout == ""
    assert sandbox.count() == 0


# -- bodies ----------------------------------------------------------------------


def test_body_from_file(sandbox: Sandbox, tmp_path: Path) -> None:
    body = "Affected screen: WooCommerce > Checkout\n\tPHP 8.2\n"
    source = tmp_path / "body.txt"
    source.write_text(body, encoding="utf-8")
    data = sandbox.json("new", "--title", "t", "--customer", "c", "--body-file", str(source))
    assert data["body"] == body
    assert sandbox.rows("SELECT body FROM incident") == [(body,)]


def test_body_from_stdin(sandbox: Sandbox) -> None:
    body = "pasted from the ticket\nline two ünïcode\n"
    sandbox.ok("new", "--title", "t", "--customer", "c", "--body-file", "-", input=body)
    assert sandbox.rows("SELECT body FROM incident") == [(body,)]


def test_missing_body_file_is_refused(sandbox: Sandbox, tmp_path: Path) -> None:
    result = sandbox.invoke(
        "new", "--title", "t", "--customer", "c", "--body-file", str(tmp_path / "nope.txt")
    )
    assert result.exit_code == EXIT_REFUSED
    assert "cannot read" in result.stderr
    assert sandbox.count() == 0


TEN_MB = b"2026-11-27 12:00:00 ERROR provider timeout\n" * (10 * 1024 * 1024 // 43 + 1)


def test_ten_megabyte_body_file_is_refused(sandbox: Sandbox, tmp_path: Path) -> None:
    source = tmp_path / "debug.log"
    source.write_bytes(TEN_MB)
    result = sandbox.invoke("new", "--title", "t", "--customer", "c", "--body-file", str(source))
    assert result.exit_code == EXIT_REFUSED
    assert f"is {len(TEN_MB):,} bytes (about 10.0 MB)" in result.stderr
    assert "at most 1,048,576 bytes (1 MB)" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert sandbox.count() == 0


def test_ten_megabyte_body_on_stdin_is_refused(sandbox: Sandbox) -> None:
    result = sandbox.invoke(
        "new", "--title", "t", "--customer", "c", "--body-file", "-", input=TEN_MB
    )
    assert result.exit_code == EXIT_REFUSED
    assert "standard input is over 1,048,576 bytes (1 MB)" in result.stderr
    assert sandbox.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", "not UTF-8 text"),
        (b"\xff\xfeh\x00i\x00", "not UTF-8 text"),
        (b"h\x00i\x00 utf-16 without BOM", "binary"),
    ],
    ids=["png", "utf16-bom", "nul-bytes"],
)
def test_binary_body_is_refused(
    sandbox: Sandbox, tmp_path: Path, data: bytes, message: str
) -> None:
    source = tmp_path / "attachment.bin"
    source.write_bytes(data)
    result = sandbox.invoke("new", "--title", "t", "--customer", "c", "--body-file", str(source))
    assert result.exit_code == EXIT_REFUSED
    assert message in result.stderr
    assert "binary" in result.stderr
    assert sandbox.count() == 0
    piped = sandbox.invoke("new", "--title", "t", "--customer", "c", "--body-file", "-", input=data)
    assert piped.exit_code == EXIT_REFUSED
    assert sandbox.count() == 0


def test_latin1_body_file_is_refused_as_another_encoding(sandbox: Sandbox, tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_bytes(b"caf\xe9 closed at 9pm\n")
    result = sandbox.invoke("new", "--title", "t", "--customer", "c", "--body-file", str(source))
    assert result.exit_code == EXIT_REFUSED
    assert result.stderr == (
        f"sophdesk: the body from {source} is not UTF-8 text (byte 3 cannot be decoded):"
        " it may be Latin-1 or another encoding; convert it first:"
        f" iconv -f latin1 -t utf-8 {source} > {source}.utf8\n"
    )
    piped = sandbox.invoke(
        "new", "--title", "t", "--customer", "c", "--body-file", "-", input=b"caf\xe9\n"
    )
    assert piped.exit_code == EXIT_REFUSED
    assert "not UTF-8 text" in piped.stderr
    assert "iconv -f latin1 -t utf-8 FILE |" in piped.stderr
    assert "binary" not in piped.stderr
    assert sandbox.count() == 0


def test_latin1_file_for_edit_is_refused_as_another_encoding(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    incident = sandbox.new()
    source = tmp_path / "notes.txt"
    source.write_bytes(b"caf\xe9\n")
    result = sandbox.invoke("edit", str(incident), "--body-file", str(source))
    assert result.exit_code == EXIT_REFUSED
    assert f"iconv -f latin1 -t utf-8 {source}" in result.stderr
    assert "binary" not in result.stderr


# -- untrusted text ----------------------------------------------------------------

HOSTILE_TITLES = [
    "[bold]Checkout[/bold] broken",
    "[@click=app.quit]click me[/]",
    "unbalanced [/] closing tag",
    "retitle \x1b]2;pwned\x07 terminal",
    "clear \x1b[2J screen \x9b31m red",
    "bidi \u202eevil\u202c text",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_markup_and_escapes_stored_byte_exact_and_shown_literally(
    sandbox: Sandbox, title: str
) -> None:
    sandbox.ok("new", "--title", title, "--customer", "[red]cust\x1b[0m")
    assert sandbox.rows("SELECT title, customer FROM incident") == [(title, "[red]cust\x1b[0m")]
    for output in (sandbox.ok("show", "1").stdout, sandbox.ok("list").stdout):
        assert "\x1b" not in output
        assert "\x07" not in output
        assert "\x9b" not in output
        assert "\u202e" not in output
        # Markup is printed as written, not interpreted.
        for word in ("[bold]", "[@click=app.quit]", "[/]", "[red]"):
            if word in title:
                assert word in output
    shown = sandbox.ok("show", "1").stdout
    if "\x1b]2;" in title:
        assert "\u241b]2;pwned\u2407" in shown
    if "\u202e" in title:
        assert "<U+202E>" in shown
    assert "\u241b[0m" in shown  # the customer's escape, made visible


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_json_escapes_controls_and_round_trips(sandbox: Sandbox, title: str) -> None:
    sandbox.ok("new", "--title", title, "--customer", "c", "--body-file", "-", input=title)
    for args in (("show", "1", "--json"), ("list", "--json")):
        out = sandbox.ok(*args).stdout
        assert not any(ch in out for ch in "\x1b\x07\x9b\u202e\u202c")
        data = json.loads(out)
        record = data if isinstance(data, dict) else data[0]
        assert record["title"] == title
    assert json.loads(sandbox.ok("show", "1", "--json").stdout)["body"] == title


def test_escapes_in_body_note_and_actor_are_shown_visibly(sandbox: Sandbox) -> None:
    body = "log:\n\x1b[31mERROR\x1b[0m\r\nnext\u2028line"
    sandbox.ok(
        "--as",
        "ev\x1b]2;x\x07il",
        "new",
        "--title",
        "t",
        "--customer",
        "c",
        "--body-file",
        "-",
        input=body,
    )
    sandbox.ok("--as", "m\x1b[5mallory", "status", "1", "triaged", "--note", "see \x1b[8mhidden")
    shown = sandbox.ok("show", "1").stdout
    assert "\x1b" not in shown
    assert "\x07" not in shown
    assert "\u2028" not in shown
    assert "\u241b[31mERROR\u241b[0m" in shown
    assert "ev\u241b]2;x\u2407il" in shown
    assert "m\u241b[5mallory" in shown
    assert "see \u241b[8mhidden" in shown
    assert sandbox.rows("SELECT body, created_by FROM incident") == [(body, "ev\x1b]2;x\x07il")]


# -- list --------------------------------------------------------------------------


def _set_up_queue(sandbox: Sandbox) -> dict[str, int]:
    ids = {
        name: sandbox.new(title=f"{name} incident", customer=f"{name}.example")
        for name in ("sev3", "unassessed", "sev1", "sev1due", "resolved", "reviewed", "waiting")
    }
    # Status moves first: a move recomputes the SLA clocks of an assessed incident,
    # and these rows carry hand-set due times.
    move(sandbox, ids["sev3"], "triaged")
    move(sandbox, ids["sev1"], "escalated")
    move(sandbox, ids["sev1due"], "triaged")
    move(sandbox, ids["resolved"], "triaged", "resolved")
    move(sandbox, ids["reviewed"], "resolved", "reviewed")
    move(sandbox, ids["waiting"], "waiting_customer")
    assess(sandbox, ids["sev3"], 3)
    assess(sandbox, ids["sev1"], 1)
    assess(sandbox, ids["sev1due"], 1, "2026-11-28 09:00:00.000000")
    assess(sandbox, ids["resolved"], 2)
    assess(sandbox, ids["reviewed"], 2)
    assess(sandbox, ids["waiting"], 4)
    return ids


def test_list_is_the_open_queue_in_urgency_order(sandbox: Sandbox) -> None:
    ids = _set_up_queue(sandbox)
    rows = sandbox.json("list")
    assert [r["id"] for r in rows] == [
        ids["unassessed"],
        ids["sev1due"],
        ids["sev1"],
        ids["sev3"],
        ids["waiting"],
    ]
    for row in rows:
        assert set(row) >= LIST_KEYS
        assert row["status"] not in ("resolved", "reviewed")
        assert datetime.fromisoformat(row["created_at"]).utcoffset() == timedelta(0)
    by_id = {r["id"]: r for r in rows}
    assert by_id[ids["unassessed"]]["severity"] is None
    assert by_id[ids["sev1"]]["severity"] == "SEV1"
    assert by_id[ids["sev1"]]["sla_due_at"] is None
    assert by_id[ids["sev1due"]]["sla_due_at"] == "2026-11-28T09:00:00+00:00"
    assert by_id[ids["waiting"]]["status"] == "waiting_customer"


def test_list_status_repeated(sandbox: Sandbox) -> None:
    ids = _set_up_queue(sandbox)
    closed = sandbox.json("list", "--status", "resolved", "--status", "reviewed")
    assert {r["id"] for r in closed} == {ids["resolved"], ids["reviewed"]}
    mixed = sandbox.json("list", "--status", "reviewed", "--status", "NEW")
    assert [r["id"] for r in mixed] == [ids["unassessed"], ids["reviewed"]]
    assert sandbox.json("list", "--status", "mitigated") == []


def test_list_severity_search_limit(sandbox: Sandbox) -> None:
    ids = _set_up_queue(sandbox)
    assert [r["id"] for r in sandbox.json("list", "--severity", "SEV1")] == [
        ids["sev1due"],
        ids["sev1"],
    ]
    assert [r["id"] for r in sandbox.json("list", "--severity", "sev3")] == [ids["sev3"]]
    assert [r["id"] for r in sandbox.json("list", "--severity", "unassessed")] == [
        ids["unassessed"]
    ]
    assert [r["id"] for r in sandbox.json("list", "--search", "waiting")] == [ids["waiting"]]
    assert [r["id"] for r in sandbox.json("list", "--search", "sev1due.exam")] == [ids["sev1due"]]
    assert sandbox.json("list", "--search", "resolved") == []  # closed: not in the queue
    assert [
        r["id"] for r in sandbox.json("list", "--search", "resolved", "--status", "resolved")
    ] == [ids["resolved"]]
    all_open = [r["id"] for r in sandbox.json("list")]
    assert [r["id"] for r in sandbox.json("list", "--limit", "2")] == all_open[:2]
    assert sandbox.json("list", "--limit", "0") == []


def test_list_human_table(sandbox: Sandbox) -> None:
    ids = _set_up_queue(sandbox)
    result = sandbox.ok("list")
    lines = result.stdout.splitlines()
    # The unassessed incident's triage clock runs, so the table has an SLA column.
    assert lines[0].split() == ["ID", "SEV", "STATUS", "SLA", "AGE", "CUSTOMER", "TITLE"]
    assert len(lines) == 1 + 5
    first = lines[1].split()
    assert first[0] == str(ids["unassessed"])
    assert first[1] == "triage"
    assert first[2] == "new"
    assert lines[1].endswith("unassessed incident")
    assert lines[2].split()[:3] == [str(ids["sev1due"]), "SEV1", "triaged"]


def test_list_empty(sandbox: Sandbox) -> None:
    result = sandbox.ok("list")
    assert result.stdout.splitlines() == ["ID  SEV  STATUS  AGE  CUSTOMER  TITLE"]
    assert "no incidents match" in result.stderr
    assert sandbox.json("list") == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--status", "closed"], EXIT_USAGE, "'closed' is not one of: new, triaged"),
        (["--severity", "SEV9"], EXIT_USAGE, "'SEV9' is not one of: SEV1, SEV2, SEV3, SEV4"),
        (["--search", "x" * 501], EXIT_REFUSED, "longer than 500"),
        (["--limit", "-1"], EXIT_USAGE, "--limit"),
        (["--limit", "many"], EXIT_USAGE, "--limit"),
    ],
)
def test_list_refuses_bad_options(
    sandbox: Sandbox, args: list[str], code: int, message: str
) -> None:
    result = sandbox.invoke("list", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stdout == ""


# -- show --------------------------------------------------------------------------


def test_show_human_with_timeline(sandbox: Sandbox, tmp_path: Path) -> None:
    source = tmp_path / "body.txt"
    source.write_text("Steps: open checkout\nSee: 500\n", encoding="utf-8")
    sandbox.ok(
        "--as",
        "ana",
        "new",
        "--title",
        "Checkout 500",
        "--customer",
        "casa olivo",
        "--body-file",
        str(source),
    )
    sandbox.ok("--as", "ben", "status", "1", "triaged", "--note", "reproduced")
    lines = sandbox.ok("show", "1").stdout.splitlines()
    assert lines[0] == "#1  Checkout 500"
    assert "customer : casa olivo" in lines
    assert "status   : triaged" in lines
    assert "severity : not assessed" in lines
    assert "Steps: open checkout" in lines
    timeline = lines[lines.index("timeline:") + 1 :]
    assert len(timeline) == 2
    assert timeline[0].endswith("ana  created the incident")
    assert timeline[1].endswith("ben  status new -> triaged - reproduced")
    assert "UTC" in timeline[0]
    assert lines[5].startswith("created  : ")
    assert lines[5].endswith("UTC by ana")


def test_show_uses_the_configured_time_zone(sandbox: Sandbox) -> None:
    sandbox.write_config('# desk settings\ntimezone = "Asia/Kolkata"\n')
    sandbox.new()
    shown = sandbox.ok("show", "1").stdout
    assert " IST by " in shown
    assert "UTC" not in shown


def test_show_json_has_the_timeline(sandbox: Sandbox) -> None:
    sandbox.new()
    sandbox.ok("--as", "ben", "status", "1", "escalated", "--note", "vendor bug")
    data = sandbox.json("show", "1")
    assert data["status"] == "escalated"
    assert data["version"] == 2
    created, change = data["events"]
    assert created["kind"] == "created"
    assert change == {
        "id": change["id"],
        "at": change["at"],
        "actor": "ben",
        "kind": "status",
        "field": "status",
        "before": "new",
        "after": "escalated",
        "note": "vendor bug",
    }
    assert datetime.fromisoformat(change["at"]).utcoffset() == timedelta(0)


def test_show_unknown_incident(sandbox: Sandbox) -> None:
    result = sandbox.invoke("show", "42")
    assert result.exit_code == EXIT_REFUSED
    assert result.stderr == "sophdesk: there is no incident #42\n"
    assert sandbox.invoke("show", "forty-two").exit_code == EXIT_USAGE


# -- status ------------------------------------------------------------------------


def test_status_walks_the_whole_lifecycle(sandbox: Sandbox) -> None:
    sandbox.new()
    path = ["triaged", "escalated", "mitigated", "resolved", "reviewed"]
    for status in path:
        if status == "reviewed":
            refused = sandbox.invoke("status", "1", status)
            assert refused.exit_code == EXIT_REFUSED
            assert "after-recovery review" in refused.stderr
            sandbox.ok("review", "1", "--stage", "after_recovery", "--yes", "all")
        result = sandbox.ok("status", "1", status)
        assert result.stdout == f"#1 is now {status}\n"
    events = [e for e in sandbox.json("show", "1")["events"] if e["kind"] == "status"]
    assert [(e["before"], e["after"]) for e in events] == list(
        zip(["new", *path[:-1]], path, strict=True)
    )
    refused = sandbox.invoke("status", "1", "triaged")
    assert refused.exit_code == EXIT_REFUSED
    assert "reviewed is final" in refused.stderr


@pytest.mark.parametrize("waiting", ["waiting_customer", "waiting_vendor"])
def test_status_waiting_and_back(sandbox: Sandbox, waiting: str) -> None:
    sandbox.new()
    sandbox.ok("status", "1", waiting, "--note", "asked for logs")
    sandbox.ok("status", "1", "triaged")
    assert sandbox.json("show", "1")["events"][1]["note"] == "asked for logs"


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Status.NEW, Status.REVIEWED),
        (Status.NEW, Status.MITIGATED),
        (Status.NEW, Status.NEW),
    ],
)
def test_illegal_move_names_the_allowed_ones(
    sandbox: Sandbox, current: Status, target: Status
) -> None:
    sandbox.new()
    result = sandbox.invoke("status", "1", target.value)
    assert result.exit_code == EXIT_REFUSED
    allowed = ", ".join(s.value for s in TRANSITIONS[current])
    assert f"from {current.value} it can move to: {allowed}" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert sandbox.json("show", "1")["status"] == current.value
    assert len(sandbox.json("show", "1")["events"]) == 1


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["99", "triaged"], EXIT_REFUSED, "no incident #99"),
        (["1", "closed"], EXIT_USAGE, "'closed' is not one of: new, triaged"),
        (["1", "triaged", "--note", "n" * 2001], EXIT_REFUSED, "2000 characters"),
        (["1"], EXIT_USAGE, "NEW_STATUS"),
        (["one", "triaged"], EXIT_USAGE, "ID"),
    ],
)
def test_status_refusals(sandbox: Sandbox, args: list[str], code: int, message: str) -> None:
    sandbox.new()
    result = sandbox.invoke("status", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert sandbox.json("show", "1")["status"] == "new"


# -- the rest ----------------------------------------------------------------------


def test_demo_fills_the_database_quietly(sandbox: Sandbox) -> None:
    result = sandbox.ok("demo", "--incidents", "50")
    assert result.stdout == ""
    assert result.stderr == ""
    assert sandbox.count() == 50
    every = ["--status=" + s.value for s in Status]
    assert len(sandbox.json("list", *every)) == 50
    assert sandbox.invoke("demo", "--incidents", "0").exit_code == EXIT_USAGE


@pytest.mark.parametrize(
    "args",
    [
        ["new", "--customer", "c"],
        ["new", "--title", "t"],
        ["frobnicate"],
        ["list", "--colour"],
        ["show"],
    ],
)
def test_usage_errors_exit_2(sandbox: Sandbox, args: list[str]) -> None:
    result = sandbox.invoke(*args)
    assert result.exit_code == EXIT_USAGE
    assert "Usage:" in result.stderr
    assert sandbox.count() == 0


def test_db_option_overrides_the_environment(sandbox: Sandbox, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sandbox.ok("--db", str(other), "new", "--title", "t", "--customer", "c")
    sandbox.ok("new", "--db", str(other), "--title", "u", "--customer", "c")
    assert other.exists()
    assert not sandbox.db.exists()
    assert len(sandbox.json("list", "--db", str(other))) == 2
    assert len(sandbox.json("list", "--db", f"sqlite:///{other}")) == 2


def test_database_url_from_the_environment(sandbox: Sandbox) -> None:
    sandbox.new()
    assert sandbox.db.exists()
    assert sandbox.rows("SELECT count(*) FROM incident") == [(1,)]


def test_database_url_from_config(sandbox: Sandbox, tmp_path: Path) -> None:
    target = tmp_path / "configured.db"
    sandbox.write_config(f'database_url = "{target}"\n')
    result = sandbox.invoke("new", "--title", "t", "--customer", "c")
    # The environment variable beats the config file.
    assert result.exit_code == EXIT_OK
    assert sandbox.db.exists()
    assert not target.exists()


def test_version_and_help(sandbox: Sandbox) -> None:
    assert "version" in sandbox.ok("--version").stdout
    helped = sandbox.ok("--help").stdout
    for command in ("new", "list", "show", "status", "demo"):
        assert command in helped
    assert sandbox.count() == 0
