"""The escalation matrix in the store: migration 0005, versions, all-or-nothing imports."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sophdesk.domain.matrix import Role
from sophdesk.domain.matrix_diff import NO_CHANGES
from sophdesk.domain.matrix_toml import MatrixErrors, default_matrix, dump_matrix, parse_matrix
from sophdesk.services import matrix as service
from sophdesk.services.desk import Desk
from sophdesk.store.database import Database
from sophdesk.store.engine import sqlite_url
from sophdesk.store.revisions import HEAD

from .conftest import T0

TEAM = """\
[people.ana]
name = "Ana Ruiz"
contact = "ana@example.com"
backup = "ben"

[people.ben]
name = "Ben Ode"
contact = "ben@example.com"
away = [["2026-12-24T00:00:00+00:00", "2026-12-27T00:00:00+00:00"]]

[roles]
support_lead = "ana"
hosting_owner = "ben"
"""


def team_text() -> str:
    base = dump_matrix(default_matrix())
    duties = base[base.index("[duties.SEV1]") :]
    return TEAM + "\n" + duties


def test_empty_database_migrates_to_head_with_the_matrix_table(db_path: Path) -> None:
    Database.open(sqlite_url(db_path)).close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
        columns = [r[1] for r in conn.execute("PRAGMA table_info(matrix_version)")]
    assert columns == ["id", "at", "actor", "toml", "summary"]


def test_no_version_means_the_default(desk: Desk) -> None:
    assert service.current_matrix(desk) == default_matrix()
    assert service.history(desk) == []
    assert len(service.unfilled(desk)) == 24


def test_import_then_export_round_trip(desk: Desk) -> None:
    result = service.import_matrix(desk, team_text())
    assert result.changed
    assert result.version is not None
    exported = service.export_matrix(desk)
    assert parse_matrix(exported) == parse_matrix(team_text())
    again = service.import_matrix(desk, exported)
    assert not again.changed
    assert again.version == result.version
    assert service.export_matrix(desk) == exported
    assert len(service.history(desk)) == 1


def test_every_change_is_recorded_with_actor_and_summary(desk: Desk) -> None:
    service.import_matrix(desk, team_text())
    changed = team_text().replace('hosting_owner = "ben"', 'hosting_owner = "ana"')
    changed = changed.replace('contact = "ben@example.com"', 'contact = "ben@example.org"')
    service.import_matrix(desk, changed)
    first, second = service.history(desk)
    assert first.actor == second.actor == "ana"
    assert first.at == T0
    assert second.at > first.at
    assert "person added: Ana Ruiz (ana), ana@example.com" in first.summary.splitlines()
    assert "role support_lead: (unfilled) -> ana" in first.summary.splitlines()
    assert second.summary.splitlines() == [
        "person ben: contact 'ben@example.com' -> 'ben@example.org'",
        "role hosting_owner: ben -> ana",
    ]
    assert service.current_matrix(desk).roles[Role.HOSTING_OWNER] == "ana"
    assert NO_CHANGES not in (first.summary, second.summary)


def test_failed_import_changes_nothing(desk: Desk, db_path: Path) -> None:
    service.import_matrix(desk, team_text())
    before = service.export_matrix(desk)
    broken = team_text().replace('backup = "ben"', 'backup = "zoe"')
    broken = broken.replace('support_lead = "ana"', 'support_lead = "nobody"')
    with pytest.raises(MatrixErrors) as caught:
        service.import_matrix(desk, broken)
    assert len(caught.value.problems) == 2
    assert all(p.line is not None for p in caught.value.problems)
    assert service.export_matrix(desk) == before
    assert len(service.history(desk)) == 1


def test_summary_names_removed_people_backups_away_and_duties() -> None:
    from sophdesk.domain.matrix_diff import matrix_changes

    before = parse_matrix(team_text())
    text = team_text().replace('backup = "ben"\n', "")
    text = text.replace(
        "away = [[", 'away = [["2027-01-01T00:00:00+00:00", "2027-01-02T00:00:00+00:00"], ['
    )
    text = text.replace(
        '[duties.SEV1]\npause_workflows = "automation_owner"',
        '[duties.SEV1]\npause_workflows = "support_lead"',
    )
    after = parse_matrix(text)
    changes = matrix_changes(before, after)
    assert "person ana: backup ben -> (none)" in changes
    assert any(c.startswith("person ben: away periods 2026-12-24") for c in changes)
    assert "SEV1 pause_workflows: automation_owner -> support_lead" in changes
    solo = parse_matrix(
        team_text()
        .replace('backup = "ben"\n', "")
        .replace('hosting_owner = "ben"', "")
        .split("[people.ben]")[0]
        + team_text()[team_text().index("[roles]") :].replace('hosting_owner = "ben"', "")
    )
    gone = matrix_changes(before, solo)
    assert "person removed: Ben Ode (ben)" in gone
    assert "role hosting_owner: ben -> (unfilled)" in gone
    assert matrix_changes(before, before) == []
