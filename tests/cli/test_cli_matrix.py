"""matrix export/import/check, owner and route through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sophdesk.domain.matrix_toml import default_matrix, dump_matrix

from .conftest import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, Sandbox

OWNER_KEYS = {"person", "name", "contact", "role", "via", "reason"}
XMAS = '[["2026-12-24T00:00:00+00:00", "2026-12-27T00:00:00+00:00"]]'
IN = "2026-12-01T10:00:00+00:00"
AWAY = "2026-12-25T10:00:00+00:00"

PEOPLE = f"""\
[people.ana]
name = "Ana Ruiz"
contact = "ana@example.com"

[people.ben]
name = "Ben Ode"
contact = "ben@example.com"
backup = "carl"
away = {XMAS}

[people.carl]
name = "Carl Mo"
contact = "+34 600 000 000"

[people.dave]
name = "Dave Li"
contact = "dave@example.com"
away = {XMAS}

[roles]
support_lead = "ana"
hosting_owner = "ben"
provider_owner = "dave"
codecanyon_owner = "carl"
rollback_owner = "ana"
comms_owner = "ana"
automation_owner = "carl"
"""


def duties_text() -> str:
    base = dump_matrix(default_matrix())
    return base[base.index("[duties.SEV1]") :]


def team(sandbox: Sandbox) -> Path:
    path = sandbox.root / "team.toml"
    path.write_text(PEOPLE + "\n" + duties_text(), encoding="utf-8")
    sandbox.ok("matrix", "import", str(path))
    return path


def history(sandbox: Sandbox) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in sandbox.rows("SELECT actor, summary FROM matrix_version")]


# -- matrix export / import / check ----------------------------------------------


def test_export_defaults_to_stdout_and_to_a_file(sandbox: Sandbox) -> None:
    out = sandbox.ok("matrix", "export").stdout
    assert out == dump_matrix(default_matrix())
    target = sandbox.root / "out.toml"
    sandbox.ok("matrix", "export", str(target))
    assert target.read_text(encoding="utf-8") == out


def test_round_trip_export_import_export_is_identical(sandbox: Sandbox) -> None:
    team(sandbox)
    first = sandbox.ok("matrix", "export").stdout
    path = sandbox.root / "again.toml"
    path.write_text(first, encoding="utf-8")
    result = sandbox.ok("matrix", "import", str(path), "--as", "ana")  # the support lead
    assert "unchanged" in result.stdout
    assert sandbox.ok("matrix", "export").stdout == first
    assert len(history(sandbox)) == 1


def test_import_says_what_changed_and_records_who(sandbox: Sandbox) -> None:
    path = sandbox.root / "team.toml"
    path.write_text(PEOPLE + "\n" + duties_text(), encoding="utf-8")
    result = sandbox.ok("--as", "lead", "matrix", "import", str(path))
    assert "person added: Ana Ruiz (ana), ana@example.com" in result.stdout
    assert "role hosting_owner: (unfilled) -> ben" in result.stdout
    path.write_text(
        path.read_text().replace('comms_owner = "ana"', 'comms_owner = "carl"'), encoding="utf-8"
    )
    result = sandbox.ok("matrix", "import", str(path), "--as", "Ana Ruiz")  # the lead, by name
    assert "role comms_owner: ana -> carl" in result.stdout
    (actor1, _), (actor2, summary2) = history(sandbox)
    assert (actor1, actor2) == ("lead", "Ana Ruiz")
    assert summary2 == "role comms_owner: ana -> carl"


def test_only_the_support_lead_imports_once_one_is_named(sandbox: Sandbox) -> None:
    path = team(sandbox)  # no lead named yet: anyone may import the first matrix
    path.write_text(
        path.read_text().replace('comms_owner = "ana"', 'comms_owner = "carl"'), encoding="utf-8"
    )
    refused = sandbox.invoke("matrix", "import", str(path), "--as", "ben")
    assert refused.exit_code == EXIT_REFUSED
    assert "only the support lead may import the escalation matrix" in refused.stderr
    assert "Ana Ruiz (ana)" in refused.stderr
    # It asks the lead; it does not suggest posing as them.
    assert "ask Ana Ruiz to do it." in refused.stderr
    assert "--as" not in refused.stderr
    assert len(history(sandbox)) == 1
    sandbox.ok("matrix", "import", str(path), "--as", "ANA")
    assert len(history(sandbox)) == 2


def test_import_errors_list_every_problem_with_its_line(sandbox: Sandbox) -> None:
    team(sandbox)
    before = sandbox.ok("matrix", "export").stdout
    bad = sandbox.root / "bad.toml"
    text = PEOPLE.replace('backup = "carl"', 'backup = "zed"') + "\n" + duties_text()
    text = text.replace("[duties.SEV4]", "[duties.SEV9]")
    text = text.replace('support_lead = "ana"', 'support_lead = "nobody"')
    bad.write_text(text, encoding="utf-8")
    result = sandbox.invoke("matrix", "import", str(bad))
    assert result.exit_code == EXIT_REFUSED
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert "nothing was changed" in lines[0]
    problems = lines[1:]
    assert len(problems) >= 3
    assert all(line.startswith("line ") for line in problems)
    lines_of = {int(p.split(":")[0].removeprefix("line ")) for p in problems}
    text_lines = text.splitlines()
    assert any('backup = "zed"' in text_lines[n - 1] for n in lines_of)
    assert any("SEV9" in text_lines[n - 1] for n in lines_of)
    assert any('support_lead = "nobody"' in text_lines[n - 1] for n in lines_of)
    assert sandbox.ok("matrix", "export").stdout == before
    assert len(history(sandbox)) == 1


def test_import_of_a_missing_or_broken_file_is_refused(sandbox: Sandbox) -> None:
    result = sandbox.invoke("matrix", "import", str(sandbox.root / "nope.toml"))
    assert result.exit_code == EXIT_REFUSED
    bad = sandbox.root / "bad.toml"
    bad.write_text("[people\n", encoding="utf-8")
    result = sandbox.invoke("matrix", "import", str(bad))
    assert result.exit_code == EXIT_REFUSED
    assert "line" in result.stderr
    assert sandbox.invoke("matrix", "import").exit_code == EXIT_USAGE


def test_import_from_stdin(sandbox: Sandbox) -> None:
    sandbox.ok("matrix", "import", "-", input=PEOPLE + "\n" + duties_text())
    assert "Ana Ruiz" in sandbox.ok("matrix", "export").stdout


def test_check_lists_unfilled_duties_and_exits_1(sandbox: Sandbox) -> None:
    result = sandbox.invoke("matrix", "check")
    assert result.exit_code == EXIT_REFUSED
    lines = result.stdout.splitlines()
    assert len(lines) == 24
    assert "SEV1 contact_hosting: role hosting_owner is unfilled" in lines
    team(sandbox)
    result = sandbox.invoke("matrix", "check")
    assert result.exit_code == EXIT_OK
    assert "unfilled" not in result.stdout


def test_check_names_only_the_unfilled_roles(sandbox: Sandbox) -> None:
    path = sandbox.root / "partial.toml"
    text = PEOPLE.replace('provider_owner = "dave"', 'provider_owner = ""')
    path.write_text(text + "\n" + duties_text(), encoding="utf-8")
    sandbox.ok("matrix", "import", str(path))
    result = sandbox.invoke("matrix", "check")
    assert result.exit_code == EXIT_REFUSED
    assert result.stdout.splitlines() == [
        f"SEV{n} contact_provider: role provider_owner is unfilled" for n in range(1, 5)
    ]


def test_a_matrix_written_by_hand_may_leave_duties_to_their_defaults(sandbox: Sandbox) -> None:
    path = sandbox.root / "short.toml"
    text = PEOPLE.replace('name = "Carl Mo"', 'name = "Carl Mo"\nbackup = "ben"')
    # A ring of backups (ben -> carl -> ben) and SEV4 with one duty only.
    text += '\n[duties.SEV4]\ncontact_hosting = "support_lead"\n'
    path.write_text(text, encoding="utf-8")
    imported = sandbox.invoke("matrix", "import", str(path))
    assert imported.exit_code == EXIT_OK, imported.stderr
    result = sandbox.invoke("matrix", "check")
    assert result.exit_code == EXIT_OK
    lines = result.stdout.splitlines()
    assert "SEV1 contact_hosting: role hosting_owner by default (not given in [duties.SEV1])" in (
        lines
    )
    assert not any(line.startswith("SEV4 contact_hosting") for line in lines)
    assert len([line for line in lines if "by default" in line]) == 6 * 4 - 1
    assert sandbox.ok("matrix", "export").stdout.count("(the default: not given in the file)") == 23


# -- owner -----------------------------------------------------------------------


def owner(sandbox: Sandbox, duty: str, at: str, severity: str = "SEV1") -> Any:
    data = sandbox.json("owner", "--severity", severity, "--duty", duty, "--at", at)
    assert set(data) == OWNER_KEYS
    return data


def test_owner_primary_backup_and_support_lead(sandbox: Sandbox) -> None:
    team(sandbox)
    primary = owner(sandbox, "contact_hosting", IN)
    assert primary["person"] == "ben"
    assert primary["via"] == "primary"
    assert primary["name"] == "Ben Ode"
    assert primary["contact"] == "ben@example.com"
    assert primary["role"] == "hosting_owner"
    backup = owner(sandbox, "contact_hosting", AWAY)
    assert backup["person"] == "carl"
    assert backup["via"] == "backup"
    assert backup["role"] == "hosting_owner"
    assert "away until 2026-12-27" in str(backup["reason"])
    lead = owner(sandbox, "contact_provider", AWAY, "SEV2")
    assert lead["person"] == "ana"
    assert lead["via"] == "support_lead"
    assert lead["role"] == "provider_owner"
    assert "no backup" in str(lead["reason"])


def test_owner_with_nobody_says_escalate(sandbox: Sandbox) -> None:
    data = owner(sandbox, "approve_rollback", IN)
    assert data["person"] is None
    assert data["name"] is None
    assert data["contact"] is None
    assert "escalate" in str(data["reason"])


def test_owner_human_output(sandbox: Sandbox) -> None:
    team(sandbox)
    out = sandbox.ok(
        "owner", "--severity", "sev1", "--duty", "contact_hosting", "--at", AWAY
    ).stdout
    lines = out.splitlines()
    assert len(lines) == 2
    assert "Carl Mo (carl)" in lines[0]
    assert "via backup" in lines[0]
    assert "away" in lines[1]


def test_owner_refuses_bad_input(sandbox: Sandbox) -> None:
    for args in (
        ("--severity", "SEV7", "--duty", "contact_hosting"),
        ("--severity", "SEV1", "--duty", "dance"),
    ):
        result = sandbox.invoke("owner", *args)
        assert result.exit_code == EXIT_USAGE, args
    late = ("--severity", "SEV1", "--duty", "contact_hosting", "--at", "2026-12-25 10:00")
    assert sandbox.invoke("owner", *late).exit_code == EXIT_REFUSED
    bad_duty = sandbox.invoke("owner", "--severity", "SEV1", "--duty", "x").stderr
    assert "'x' is not one of: " in bad_duty
    assert "contact_hosting" in bad_duty
    assert sandbox.invoke("owner", "--severity", "SEV1").exit_code == EXIT_USAGE


def test_owner_defaults_to_now(sandbox: Sandbox) -> None:
    team(sandbox)
    data = sandbox.json("owner", "--severity", "SEV1", "--duty", "update_customers")
    assert data["person"] == "ana"
    assert data["via"] == "primary"


# -- route -----------------------------------------------------------------------


def route(sandbox: Sandbox, *args: str) -> Any:
    data = sandbox.json("route", *args)
    assert set(data) == {"route", "reasons", "owner"}
    assert isinstance(data["reasons"], list)
    assert all(isinstance(r, str) for r in data["reasons"])
    assert set(data["owner"]) == OWNER_KEYS
    return data


def test_route_one_destination_names_the_duty_holder(sandbox: Sandbox) -> None:
    team(sandbox)
    data = route(
        sandbox, "--signal", "php_fatal", "--signal", "server-error", "--severity", "SEV1",
        "--at", IN,
    )  # fmt: skip
    assert data["route"] == "hosting"
    owner_data = data["owner"]
    assert isinstance(owner_data, dict)
    assert owner_data["person"] == "ben"
    assert owner_data["role"] == "hosting_owner"
    away = route(sandbox, "--signal", "php_fatal", "--severity", "SEV1", "--at", AWAY)
    assert away["owner"]["person"] == "carl"
    provider = route(sandbox, "--signal", "provider_outage", "--severity", "SEV2", "--at", AWAY)
    assert provider["route"] == "provider"
    assert provider["owner"]["via"] == "support_lead"


def test_route_conflict_or_no_signal_is_unclear_to_the_lead(sandbox: Sandbox) -> None:
    team(sandbox)
    data = route(sandbox, "--signal", "php_fatal", "--signal", "provider_outage", "--at", IN)
    assert data["route"] == "unclear"
    assert "2 destinations" in data["reasons"][0]
    assert data["owner"]["person"] == "ana"
    assert data["owner"]["role"] == "support_lead"
    assert route(sandbox, "--at", IN)["route"] == "unclear"
    internal = route(sandbox, "--signal", "our_config_change", "--at", IN)
    assert internal["route"] == "internal"
    assert internal["owner"]["person"] == "ana"


def test_route_without_severity_goes_to_the_lead(sandbox: Sandbox) -> None:
    team(sandbox)
    data = route(sandbox, "--signal", "php_fatal", "--at", IN)
    assert data["route"] == "hosting"
    assert data["owner"]["person"] == "ana"
    assert "not assessed" in data["owner"]["reason"]


def test_route_with_an_id_uses_the_incidents_severity(sandbox: Sandbox) -> None:
    team(sandbox)
    incident = sandbox.new()
    unassessed = route(sandbox, str(incident), "--signal", "php_fatal", "--at", IN)
    assert unassessed["owner"]["person"] == "ana"
    sandbox.ok(
        "assess", str(incident), "--impact", "blocked", "--visibility", "all",
        "--revenue", "checkout", "--privacy", "none", "--data", "correct",
        "--automation", "none",
    )  # fmt: skip
    assessed = route(sandbox, str(incident), "--signal", "php_fatal", "--at", IN)
    assert assessed["owner"]["person"] == "ben"
    assert "SEV" in assessed["owner"]["reason"]
    missing = sandbox.invoke("route", "999", "--signal", "php_fatal")
    assert missing.exit_code == EXIT_REFUSED


def test_route_unknown_signal_lists_the_known(sandbox: Sandbox) -> None:
    result = sandbox.invoke("route", "--signal", "gremlins")
    assert result.exit_code == EXIT_USAGE
    assert "gremlins" in result.stderr
    for known in ("provider_auth_error", "php_fatal", "license_or_purchase_code"):
        assert known in result.stderr


def test_route_human_output(sandbox: Sandbox) -> None:
    team(sandbox)
    out = sandbox.ok("route", "--signal", "php_fatal", "--severity", "SEV1", "--at", IN).stdout
    assert out.startswith("route : hosting")
    assert "Ben Ode (ben)" in out
    assert json.dumps("php_fatal").strip('"') in out


def test_owner_text_shows_times_as_the_desk_reads_them(sandbox: Sandbox) -> None:
    team(sandbox)
    args = ("owner", "--severity", "SEV1", "--duty", "contact_hosting", "--at", AWAY)
    text = sandbox.ok(*args).stdout
    assert "who is away until 2026-12-27 00:00 UTC" in text
    assert "+00:00" not in text
    sandbox.write_config('timezone = "Europe/Madrid"\n')
    assert "who is away until 2026-12-27 01:00 CET" in sandbox.ok(*args).stdout
