"""Editing what an incident tells others: title, customer, impact, workaround,
owner, follow-up, body, and the log excerpts reports quote.

Free text (title, impact, workaround, follow-up, body, excerpts) is stored
redacted through the one door in (``services.at_rest``), as bodies and evidence
are; the customer and the owner are names: the person and the site are kept,
e-mail addresses, phones and keys removed. Each change is an ``edit`` event
holding the stored (redacted) values, so a body once kept raw is redacted in the
event that replaces it.
"""

from __future__ import annotations

from typing import Any

from sophdesk.domain.communication import IncidentEdit, LogExcerpt, check_excerpt
from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.incident import Incident
from sophdesk.services import at_rest
from sophdesk.services.desk import Desk
from sophdesk.store import communication, repository, search

#: Names are kept as given; everything else is redacted before it is stored.
NAME_FIELDS = ("customer", "owner")
#: Fields stored as given even when empty (the others store an empty value as None).
KEPT_FIELDS = ("title", "customer", "body")


def _stored(name: str, value: str) -> str | None:
    return value if name in KEPT_FIELDS else (value or None)


def _cleaned(edit: IncidentEdit, door: at_rest.Intake) -> dict[str, str]:
    return door.clean_fields(edit.changes(), NAME_FIELDS)


def stored_values(desk: Desk, incident_id: int, edit: IncidentEdit) -> dict[str, str | None]:
    """The values ``edit`` would store, by field: free text redacted, names without
    contact details, a cleared optional field None (what a conflict shows as "yours").
    Nothing is written."""
    with desk.database.reading() as session:
        door = desk.intake(session, incident_id, remember=False)
        return {name: _stored(name, value) for name, value in _cleaned(edit, door).items()}


def edit_incident(
    desk: Desk,
    incident_id: int,
    edit: IncidentEdit,
    *,
    expected_version: int | None = None,
) -> tuple[Incident, list[str]]:
    """Apply ``edit``; returns the incident and the fields that really changed
    (a value equal to the stored one is no change and no event).

    ``expected_version``: the version the operator's edit is based on. If another
    desk changed the incident since, the edit is refused (``StaleVersion``: both
    versions, and for each field edited your value and the one stored now) and
    nothing is written.
    """
    if edit.is_empty:
        raise InvalidInput(
            "nothing to change: give --title, --customer, --impact, --workaround, --owner,"
            " --follow-up, --body-file or --excerpt-file"
        )
    now = desk.clock()
    with desk.database.writing() as session:
        current = repository.get_incident(session, incident_id)
        door = desk.intake(session, incident_id)
        cleaned = _cleaned(edit, door)
        # The refusal names both values of each field; never a body kept raw.
        shown = {
            name: _stored(name, value)
            for name, value in cleaned.items()
            if not (name == "body" and current.body_raw)
        }
        repository.check_version(session, current, expected_version, shown)
        values: dict[str, Any] = {}
        changes: list[communication.Change] = []
        for name, new in cleaned.items():
            old: str | None = getattr(current, name)
            if name == "body" and current.body_raw:
                old = door.clean(old or "")  # the raw body never reaches an event
            if (old or None) == (new or None) and not (name == "body" and current.body_raw):
                continue
            values[name] = _stored(name, new)
            changes.append((name, old or None, new or None))
        if "body" in values:
            values["body_raw"] = False
        if not changes:
            return current, []
        communication.write_fields(session, current, values, changes, desk.actor, now)
        raw_replaced = current.body_raw and "body" in values
        if raw_replaced:
            # The raw words must not stay findable in the index, nor in the file.
            search.forget_replaced_text(session)
        updated = repository.get_incident(session, incident_id)
    if raw_replaced:
        desk.database.checkpoint()
    return updated, [name for name, _, _ in changes]


def excerpt_preview(desk: Desk, incident_id: int, text: str, label: str = "") -> tuple[str, str]:
    """The excerpt and label :func:`add_excerpt` would store for ``text`` (the same
    checks and redaction, with what the incident remembers), without storing
    anything; refusals raise InvalidInput."""
    text, label = check_excerpt(text, label)
    with desk.database.reading() as session:
        door = desk.intake(session, incident_id, remember=False)
        return door.clean(text), door.clean(label)


def add_excerpt(desk: Desk, incident_id: int, text: str, label: str = "") -> LogExcerpt:
    """Add a log excerpt (at most 50 lines; refused beyond), stored redacted."""
    text, label = check_excerpt(text, label)
    with desk.database.writing() as session:
        repository.get_incident(session, incident_id)
        door = desk.intake(session, incident_id)
        text, label = door.clean(text), door.clean(label)
        return communication.add_excerpt(
            session, incident_id, label, text, desk.actor, desk.clock()
        )


def excerpts(desk: Desk, incident_id: int) -> list[LogExcerpt]:
    with desk.database.reading() as session:
        repository.get_incident(session, incident_id)
        return communication.excerpts(session, incident_id)
