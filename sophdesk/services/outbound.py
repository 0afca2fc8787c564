"""The one door out: every text that leaves the desk passes through :func:`release`.

Ways out, each guarded by ``tests/services/test_one_door.py``:

* updates to an audience (``services.updates.compose``: printed, recorded, copied);
* support reports (``services.report.support_report``);
* clipboard payloads (``services.clipboard.copy``: OSC 52, pyperclip, the file);
* files written with ``--output`` (:func:`write_file`);
* an incident and its timeline shown or exported by ``show`` (:func:`released_detail`)
  and ``new --json``.

Text stored in the database is already redacted at rest (``services.at_rest``),
but not everything is: a body kept raw on purpose, text stored before a secret was
added to the keyring or before this sophdesk redacted it, and whatever an
operator types into an update on its way out. So the door redacts the *whole*
outgoing text again, with the keyring's known secrets, every pattern rule and
what the incident remembers (``memory``: every value once removed from it, as
fingerprints), instead of trusting what is stored. Redacting redacted text is a
no-op: placeholders such as ``[openai-key-1]`` are left alone.

A value the operator restored as a false positive in the redaction preview (with
a reason, recorded on the timeline) is passed as ``allow`` and leaves as written;
a known secret from the keyring never does, whatever ``allow`` says.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sophdesk.domain.evidence import Evidence, EvidenceItem
from sophdesk.domain.incident import Incident, IncidentDetail
from sophdesk.domain.redaction import Finding, redact
from sophdesk.services.at_rest import Intake, Remembered, known_secrets
from sophdesk.services.private_file import write_private

if TYPE_CHECKING:
    from sophdesk.services.desk import Desk


@dataclass(frozen=True, slots=True)
class Released:
    """The text as it may leave, and what the door removed on the way (no values)."""

    text: str
    findings: tuple[Finding, ...]

    def removed(self) -> list[str]:
        """The placeholders put in, once each, in order: ``[email-1]``..."""
        return list(dict.fromkeys(f.placeholder for f in self.findings))


def memory(desk: Desk, incident_id: int) -> Remembered:
    """What ``incident_id`` remembers, for the door to check its text against."""
    with desk.database.reading() as session:
        return Remembered.load(desk.database, session, incident_id)


def inspect(
    text: str,
    allow: Collection[str] = (),
    memory: Remembered | None = None,
    *,
    learn: Intake | None = None,
) -> Released:
    """``text`` redacted with the known secrets, the pattern rules and what the
    incident remembers (``memory``), with findings; ``allow``: values the operator
    restored as false positives (never a known secret, never one the incident
    remembers). ``learn``: the incident's door in, in a write transaction: every
    value removed on the way out is remembered too."""
    if not text:
        return Released(text, ())
    if learn is not None:
        memory = learn.memory
    known = memory.known(text) if memory is not None else known_secrets()
    if allow:
        secret = {k.value for k in known}
        allow = [value for value in allow if value not in secret]
    values: list[tuple[str, str, str]] = []
    done = redact(text, known=known, allow=allow, values=values)
    if learn is not None:
        learn.remember(*values)
    return Released(done.text, done.findings)


def release(
    text: str,
    allow: Collection[str] = (),
    memory: Remembered | None = None,
    *,
    learn: Intake | None = None,
) -> str:
    """``text`` as it may leave the desk: every secret replaced by its placeholder
    (``allow``, ``memory``, ``learn``: see :func:`inspect`)."""
    return inspect(text, allow, memory, learn=learn).text


def write_file(path: Path, text: str) -> Path:
    """Write ``text`` (released) to ``path``: 0600, atomically, never through a
    symbolic link (:class:`~sophdesk.services.private_file.UnsafeTarget`).

    ``-`` is not handled here: standard output is the caller's (already released).
    """
    return write_private(path, release(text).encode("utf-8"))


def released_incident(incident: Incident, memory: Remembered) -> Incident:
    """``incident`` with every text in it as it may leave (a raw body included)."""

    def out(value: str | None) -> str | None:
        return release(value, memory=memory) if value else value

    return replace(
        incident,
        title=out(incident.title) or "",
        customer=out(incident.customer) or "",
        body=out(incident.body) or "",
        owner=out(incident.owner),
        impact=out(incident.impact),
        workaround=out(incident.workaround),
        follow_up=out(incident.follow_up),
        created_by=out(incident.created_by) or "",
    )


def released_detail(desk: Desk, incident_id: int) -> IncidentDetail:
    """The incident and its timeline as ``show`` prints them: every text through the
    door, with what the incident remembers (text stored before it was redacted at
    rest, or before a value was learnt, never leaves as it was stored)."""
    with desk.database.reading() as session:
        from sophdesk.store import repository

        incident = repository.get_incident(session, incident_id)
        events = repository.events(session, incident_id)
        remembered = Remembered.load(desk.database, session, incident_id)

    def out(value: str | None) -> str | None:
        return release(value, memory=remembered) if value else value

    return IncidentDetail(
        released_incident(incident, remembered),
        tuple(
            replace(
                e,
                actor=out(e.actor) or "",
                before=out(e.before),
                after=out(e.after),
                note=out(e.note),
            )
            for e in events
        ),
    )


def released_evidence(desk: Desk, incident_id: int, evidence: Evidence) -> Evidence:
    """``evidence`` with every value and unknown-reason as it may leave the desk."""
    remembered = memory(desk, incident_id)

    def out(value: str | None) -> str | None:
        return release(value, memory=remembered) if value else value

    return Evidence(
        {
            key: EvidenceItem(out(item.value), out(item.unknown_reason))
            for key, item in evidence.items.items()
        }
    )
