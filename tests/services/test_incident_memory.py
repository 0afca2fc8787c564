"""An incident remembers every value removed from it (as keyed prints, never the
value): a password revealed once in a body is removed from every later note, field,
excerpt, update and report of that incident, on SQLite and on a team's server."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from desk_testing import frozen_clock
from keyring_testing import use_file_keyring
from sqlalchemy import create_engine, text

from sophdesk.domain.communication import IncidentEdit
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.updates import Audience
from sophdesk.services import at_rest, fingerprints
from sophdesk.services.communication import add_excerpt, edit_incident
from sophdesk.services.desk import Desk
from sophdesk.services.redaction_review import record_mark
from sophdesk.services.report import report_text
from sophdesk.services.updates import compose

PASSWORD = "hunter2kettle-Q7x"
B64 = base64.b64encode(PASSWORD.encode()).decode()
BODY = f"wp-config.php: define('DB_PASSWORD', '{PASSWORD}');\nthen checkout fails"


@pytest.fixture
def keyring_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    path = use_file_keyring(monkeypatch, tmp_path / "operator-a")
    at_rest.forget_known()
    yield path
    at_rest.forget_known()


def stored_texts(desk: Desk, incident_id: int) -> str:
    """Everything stored for the incident, as stored (not released)."""
    detail = desk.detail(incident_id)
    i = detail.incident
    parts = [i.title, i.customer, i.body, i.owner, i.impact, i.workaround, i.follow_up]
    for e in detail.events:
        parts += [e.actor, e.before, e.after, e.note]
    with desk.database.reading() as session:
        from sophdesk.store import communication

        parts += [x.text + x.label for x in communication.excerpts(session, incident_id)]
    return "\n".join(p for p in parts if p)


def test_a_value_removed_once_never_leaves_again(desk: Desk, keyring_file: Path) -> None:
    incident = desk.new_incident("Checkout down", "casa olivo", BODY)
    bare = f"rotate {PASSWORD} now (b64 {B64})"
    desk.change_status(incident.id, Status.TRIAGED, note=bare)
    edit_incident(desk, incident.id, IncidentEdit(impact=bare, workaround=bare, follow_up=bare))
    add_excerpt(desk, incident.id, f"line 1\nPDO auth failed for {PASSWORD}", f"log {PASSWORD}")
    stored = stored_texts(desk, incident.id)
    assert PASSWORD not in stored
    assert B64 not in stored
    assert stored.count("[db-password-") >= 5
    outgoing = [compose(desk, incident.id, a).text for a in Audience]
    outgoing += [report_text(desk, incident.id, a).text for a in (None, Audience.HOSTING)]
    assert all(PASSWORD not in t and B64 not in t for t in outgoing)


def test_a_raw_body_is_remembered_though_kept_as_given(desk: Desk, keyring_file: Path) -> None:
    incident = desk.new_incident("Checkout down", "casa olivo", BODY, keep_raw=True)
    assert PASSWORD in desk.incident(incident.id).body  # the operator's choice
    desk.change_status(incident.id, Status.TRIAGED, note=f"rotate {PASSWORD}")
    note = desk.detail(incident.id).events[-1].note or ""
    assert PASSWORD not in note
    assert "[db-password-" in note


def test_a_span_marked_by_hand_is_remembered(desk: Desk, keyring_file: Path) -> None:
    incident = desk.new_incident("Checkout down", "casa olivo", "internal id acme-vault-7731")
    record_mark(desk, incident.id, (1, 13), (1, 28), 15, "acme-vault-7731")
    desk.change_status(incident.id, Status.TRIAGED, note="see acme-vault-7731")
    note = desk.detail(incident.id).events[-1].note or ""
    assert "acme-vault-7731" not in note
    assert "[manual-" in note


def test_prints_made_with_another_key_are_not_used(
    desk: Desk, keyring_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(fingerprints.ENV_KEY, "11" * 32)
    incident = desk.new_incident("Checkout down", "casa olivo", BODY)
    monkeypatch.setenv(fingerprints.ENV_KEY, "22" * 32)
    # Another key cannot read the prints: the bare value is not recognised (and nothing
    # of the value or the first key can be learnt from the prints either).
    desk.change_status(incident.id, Status.TRIAGED, note=f"rotate {PASSWORD}")
    assert PASSWORD in (desk.detail(incident.id).events[-1].note or "")


def _key_rows(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(
                connection.execute(text("SELECT count(*) FROM fingerprint_key")).scalar_one()
            )
    finally:
        engine.dispose()


def test_where_the_key_lives(desk: Desk, db_url: str, backend: str, keyring_file: Path) -> None:
    desk.new_incident("Checkout down", "casa olivo", BODY)
    # A SQLite file's key is the operator's keyring entry, never beside the prints; a
    # team's server keeps its one key (every operator's desk must use the same).
    assert _key_rows(db_url) == (1 if backend == "postgresql" else 0)
    from sophdesk.services.secrets import SecretStore

    in_keyring = SecretStore.open().entry(fingerprints.KEYRING_ENTRY)
    assert bool(in_keyring) == (backend == "sqlite")


def test_the_key_from_the_environment_is_stored_nowhere(
    desk: Desk, db_url: str, keyring_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(fingerprints.ENV_KEY, "ab" * 32)
    incident = desk.new_incident("Checkout down", "casa olivo", BODY)
    desk.change_status(incident.id, Status.TRIAGED, note=f"rotate {PASSWORD}")
    assert PASSWORD not in (desk.detail(incident.id).events[-1].note or "")
    assert _key_rows(db_url) == 0
    from sophdesk.services.secrets import SecretStore

    assert SecretStore.open().entry(fingerprints.KEYRING_ENTRY) is None


def test_every_operator_of_a_team_server_shares_the_memory(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_file_keyring(monkeypatch, tmp_path / "operator-a")
    ana = Desk.open(pg_url, "ana", clock=frozen_clock)
    incident = ana.new_incident("Checkout down", "casa olivo", BODY)
    ana.close()
    # Another operator, on another host: another keyring, a fresh process.
    use_file_keyring(monkeypatch, tmp_path / "operator-b")
    fingerprints.forget()
    at_rest.forget_known()
    ben = Desk.open(pg_url, "ben", clock=frozen_clock)
    try:
        ben.change_status(incident.id, Status.TRIAGED, note=f"rotate {PASSWORD}")
        note = ben.detail(incident.id).events[-1].note or ""
    finally:
        ben.close()
    assert PASSWORD not in note
    assert "[db-password-" in note


def test_a_value_learnt_later_is_removed_from_text_stored_before(
    desk: Desk, keyring_file: Path, backend: str, db_url: str
) -> None:
    # Typed bare first: nothing says it is a password yet, so it is stored.
    incident = desk.new_incident("Checkout down", "casa olivo", f"we tried {PASSWORD} twice")
    desk.change_status(incident.id, Status.TRIAGED, note=f"rotate {PASSWORD}")
    add_excerpt(desk, incident.id, f"auth failed for {PASSWORD}", "log")
    assert PASSWORD in stored_texts(desk, incident.id)
    # Then the body reveals it: every earlier text of the incident loses it.
    edit_incident(desk, incident.id, IncidentEdit(workaround=BODY))
    stored = stored_texts(desk, incident.id)
    assert PASSWORD not in stored
    scrubbed = [e for e in desk.detail(incident.id).events if e.field == "scrubbed"]
    assert len(scrubbed) == 1
    assert scrubbed[0].after == "3 stored texts"  # the body, the note, the excerpt
    assert PASSWORD not in (scrubbed[0].note or "")
    if backend == "sqlite":  # and not in the file: its freed space is zeroed
        path = Path(db_url.removeprefix("sqlite:///"))
        import sqlite3

        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        assert PASSWORD.encode() not in data
