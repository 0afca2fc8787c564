"""One door out: secrets planted in every field of an incident never leave the desk.

Known secrets live in a real keyring (keyrings.alt's file backend, its file in
tmp_path). One of them is added to the keyring only *after* the incident was
written, so redaction at rest never saw it: only the door can stop it. Pattern
secrets (an AI key, a card number, an Envato purchase code, e-mails) go in too.
Every update for every audience (with the package's templates and with a team
template that names every placeholder), every report, every clipboard payload
(OSC 52, pyperclip, the fallback file) and every ``--output`` file is checked.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring_testing import SECRET, use_file_keyring

from sophdesk.domain.assessment import parse_assessment
from sophdesk.domain.communication import IncidentEdit
from sophdesk.domain.evidence import EVIDENCE_KEYS, Evidence, EvidenceItem
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.updates import EXTERNAL_AUDIENCES, VARIABLES, Audience
from sophdesk.services import at_rest, clipboard, outbound, secrets
from sophdesk.services.communication import add_excerpt, edit_incident
from sophdesk.services.desk import Desk
from sophdesk.services.report import report_text
from sophdesk.services.templates import override_dir
from sophdesk.services.triage import record_assessment
from sophdesk.services.updates import compose, record_update

#: Known to the keyring before the incident is written (redacted at rest too).
KNOWN = SECRET
#: Added to the keyring after the incident is written: only the door can stop it.
LATE = "pelican-harbour-77-nimbus-cobalt"
AI_KEY = "sk-proj-Q2xhdWRlSXNOb3RBUmVhbEtleUJ1dExvb2tzTGlrZU9uZQ"
CARD = "4111 1111 1111 1111"
PURCHASE = "8f14e45f-ceea-467f-a8c5-2b5e6c6f1a2b"
EMAIL = "ana.ruiz@example.com"
OWNER_EMAIL = "oncall.lead@example.org"

PLANTED = (KNOWN, LATE, AI_KEY, CARD, CARD.replace(" ", ""), PURCHASE, EMAIL, OWNER_EMAIL)


def secrets_text(tag: str) -> str:
    """Every planted secret, with the words that make the pattern ones recognisable."""
    return (
        f"{tag}: key {AI_KEY} and {KNOWN} and {LATE}; paid with card {CARD};"
        f" Envato purchase code {PURCHASE}; mail {EMAIL}"
    )


def leaks(text: str) -> list[str]:
    found = [value for value in PLANTED if value in text]
    # Any base64 blob (an OSC 52 payload) is decoded and searched too.
    for blob in re.findall(r"[A-Za-z0-9+/=]{24,}", text):
        try:
            decoded = base64.b64decode(blob, validate=True).decode("utf-8", "replace")
        except ValueError:
            continue
        found += [f"{value} (in base64)" for value in PLANTED if value in decoded]
    return found


@pytest.fixture
def keyring_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    path = use_file_keyring(monkeypatch, tmp_path)
    at_rest.forget_known()
    yield path
    at_rest.forget_known()


def planted_incident(desk: Desk, *, raw: bool) -> int:
    """An incident with a secret in every field, the body kept raw when ``raw``."""
    title = f"Key {AI_KEY} {KNOWN} {LATE} {EMAIL}"
    customer = f"{EMAIL} {LATE} {KNOWN}"
    incident = desk.new_incident(title, customer, secrets_text("body"), keep_raw=raw)
    items = {key: EvidenceItem(secrets_text(key)) for key in EVIDENCE_KEYS}
    # The time is parsed as a time: it cannot hold anything else.
    items["timestamp"] = EvidenceItem("2026-11-27T13:05:00+00:00")
    items["affected_user"] = EvidenceItem(None, secrets_text("unknown because"))
    answers = parse_assessment(
        {
            "impact": "blocked",
            "visibility": "some",
            "revenue": "checkout",
            "privacy": "confirmed",
            "data": "correct",
            "automation": "pausable",
        }
    )
    record_assessment(desk, incident.id, answers, Evidence(items))
    edit_incident(
        desk,
        incident.id,
        IncidentEdit(
            impact=secrets_text("impact"),
            workaround=secrets_text("workaround"),
            follow_up=secrets_text("follow-up"),
            owner=f"{OWNER_EMAIL} {LATE} {KNOWN}",
        ),
    )
    add_excerpt(desk, incident.id, "\n".join(secrets_text(f"log {n}") for n in range(5)), LATE)
    desk.change_status(incident.id, Status.ESCALATED, note=secrets_text("status note"))
    return incident.id


def every_way_out(desk: Desk, incident_id: int, tmp_path: Path) -> dict[str, str]:
    """The text of every way out, by name."""
    out: dict[str, str] = {}
    for audience in Audience:
        composed = compose(desk, incident_id, audience)
        out[f"update {audience.value}"] = composed.text
        out[f"update {audience.value} json"] = str(composed.as_dict())
    for audience in (None, *EXTERNAL_AUDIENCES):
        out[f"report {audience}"] = report_text(desk, incident_id, audience).text
    payload = out["update customer"] + out["report None"]
    sent: list[str] = []
    system: list[str] = []
    report = clipboard.copy(
        payload,
        lambda sequence: sent.append(sequence) or True,
        env={"DISPLAY": ":0", "TMUX": "x"},
        to_file=tmp_path / "clip" / "clipboard.txt",
        system=lambda text: system.append(text) or "copied",
    )
    assert report.osc52.startswith("sent")
    assert report.pyperclip == "copied"
    out["clipboard osc52"] = "".join(sent)
    out["clipboard osc52 decoded"] = base64.b64decode(
        "".join(sent).split(";")[-1].rstrip("\x07")
    ).decode()
    out["clipboard pyperclip"] = "".join(system)
    out["clipboard file"] = Path(report.file or "").read_text(encoding="utf-8")
    out["clipboard report"] = str(report.as_dict())
    written = outbound.write_file(tmp_path / "out.md", payload + secrets_text("direct"))
    out["--output file"] = written.read_text(encoding="utf-8")
    return out


@pytest.mark.parametrize("raw", [False, True], ids=["redacted-body", "raw-body"])
def test_no_planted_secret_leaves_by_any_door(
    desk: Desk, keyring_file: Path, tmp_path: Path, raw: bool
) -> None:
    secrets.add("site-db-password", KNOWN)
    at_rest.forget_known()
    incident_id = planted_incident(desk, raw=raw)
    # The late secret is stored in the incident as given: only the door knows it now.
    assert LATE in desk.incident(incident_id).title
    secrets.add("webhook-secret", LATE)
    at_rest.forget_known()

    ways = every_way_out(desk, incident_id, tmp_path)
    # A team template naming every placeholder: no field escapes the door.
    folder = override_dir()
    folder.mkdir(parents=True)
    every = "\n".join(f"{name}: ${name}" for name in VARIABLES)
    for audience in Audience:
        (folder / f"{audience.value}.md").write_text(every, encoding="utf-8")
        composed = compose(desk, incident_id, audience)
        assert composed.template_source.endswith(f"{audience.value}.md")
        ways[f"team template {audience.value}"] = composed.text

    leaked = {name: found for name, text in ways.items() if (found := leaks(text))}
    assert leaked == {}
    # The ways out say something: the fields are there, as placeholders.
    assert "[known-secret-" in ways["update customer"]
    assert "[openai-key-" in ways["report None"]
    assert "[purchase-code-" in ways["report hosting"]


def test_recorded_update_text_is_what_left(desk: Desk, keyring_file: Path, tmp_path: Path) -> None:
    secrets.add("site-db-password", KNOWN)
    at_rest.forget_known()
    incident_id = planted_incident(desk, raw=True)
    secrets.add("webhook-secret", LATE)
    at_rest.forget_known()
    composed = compose(desk, incident_id, Audience.CUSTOMER)
    assert composed.ready, composed.missing
    # Even a text the operator edited by hand goes through the door before it is kept.
    record_update(desk, composed, text=composed.text + secrets_text("edited"))
    sent = [e for e in desk.detail(incident_id).events if e.kind.value == "update"]
    assert len(sent) == 1
    assert leaks(sent[0].note or "") == []


def test_a_restored_false_positive_leaves_as_written_a_known_secret_never(
    keyring_file: Path,
) -> None:
    secrets.add("site-db-password", KNOWN)
    at_rest.forget_known()
    public = "support@casa-olivo.example"
    text = f"Write to {public}; the token is {KNOWN}; ana.ruiz@example.com asked."
    assert public not in outbound.release(text)
    released = outbound.inspect(text, allow=[public, KNOWN])
    assert public in released.text  # the operator restored it, with a reason
    assert KNOWN not in released.text  # a keyring secret is never let out
    assert "ana.ruiz@example.com" not in released.text  # only what was restored
