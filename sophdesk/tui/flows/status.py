"""Move an incident to another status, based on the version the operator saw.

If another desk changed the incident meanwhile nothing is written: the dialog opens
again on the incident as it is now, with the operator's choice and note kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sophdesk.domain.errors import IllegalTransition
from sophdesk.domain.incident import Incident, IncidentDetail
from sophdesk.domain.lifecycle import Status, allowed_moves
from sophdesk.services.desk import Desk, StaleVersion
from sophdesk.tui.flows.base import ask, on_desk

if TYPE_CHECKING:
    from sophdesk.tui.app import SophdeskApp
    from sophdesk.tui.screens.conflict import ConflictScreen
    from sophdesk.tui.screens.status_change import StatusChoice


def move(
    desk: Desk, incident_id: int, status: Status, note: str | None, version: int | None
) -> Incident:
    """Change the status (in a thread); based on ``version`` when given
    (``StaleVersion`` when another desk changed it). A refused ``reviewed`` says
    where the review is in the desk."""
    try:
        return desk.change_status(incident_id, status, note, expected_version=version)
    except IllegalTransition as error:
        if status is not Status.REVIEWED:
            raise
        hint = " In the desk: w on the incident runs the review."
        raise IllegalTransition(error.message + hint) from error


def moved(app: SophdeskApp, incident: Incident) -> None:
    """After a status change: say so, reload, and on ``resolved`` ask for the
    seed's review after recovery at once."""
    from sophdesk.domain.review import Stage
    from sophdesk.tui.screens.review import ReviewScreen

    app.written(f"#{incident.id} is now {incident.status.value}.", incident.id)
    if incident.status is Status.RESOLVED:
        why = "the incident is resolved"
        app.push_screen(ReviewScreen(incident.id, Stage.AFTER_RECOVERY, why))


async def change_status(
    app: SophdeskApp, incident_id: int, current: Status, version: int | None
) -> None:
    """From ``c`` on the queue: the status dialog, the move, and on a conflict the
    dialog again on the incident as it is now."""
    from sophdesk.tui.screens.status_change import StatusChangeScreen

    kept: StatusChoice | None = None
    while True:
        screen = StatusChangeScreen(
            incident_id,
            current,
            allowed_moves(current),
            note=kept[1] if kept else None,
            preferred=kept[0] if kept else None,
        )
        choice = await ask(app, screen)
        if choice is None:
            return
        status, note = choice
        try:
            incident = await on_desk(app, move, incident_id, status, note, version)
        except StaleVersion as conflict:
            now = await on_desk(app, Desk.incident, incident_id)
            app.notify(
                f"Not moved: {conflict}. The dialog is open again on the incident as it is"
                " now, with your note: Enter moves it, Esc drops it.",
                severity="warning",
                markup=False,
                timeout=20,
            )
            app.data_changed.publish(now.id)
            current, version, kept = now.status, now.version, choice
            continue
        moved(app, incident)
        return


async def move_on_version(
    app: SophdeskApp, base: IncidentDetail, kept: StatusChoice | None = None
) -> StatusChoice | None:
    """From ``c`` on the incident: the status dialog on ``base`` (the incident as the
    operator sees it), the move based on its version, and on a conflict both versions:
    merge (move the incident as it is now), retry (the dialog again on it, the choice
    kept) or cancel. Returns the move to keep on the screen after a cancel, else None."""
    from sophdesk.tui.screens.status_change import StatusChangeScreen

    while True:
        incident = base.incident
        screen = StatusChangeScreen(
            incident.id,
            incident.status,
            allowed_moves(incident.status),
            note=kept[1] if kept else None,
            preferred=kept[0] if kept else None,
        )
        choice = await ask(app, screen)
        if choice is None:
            if kept is not None:
                app.notify(
                    f"Your move of #{incident.id} to {kept[0].value} was discarded.", markup=False
                )
            return None
        status, note = choice
        while True:  # a merge tries again on the version now, maybe to meet another change
            try:
                done = await on_desk(app, move, incident.id, status, note, base.incident.version)
            except StaleVersion as conflict:
                now = await on_desk(app, Desk.detail, incident.id)
                answer = await ask(app, _conflict_screen(app, base, now, choice, conflict))
                if answer == "merge":
                    base = now
                    continue
                if answer == "retry":
                    app.data_changed.publish(incident.id)
                    base, kept = await on_desk(app, Desk.detail, incident.id), choice
                    break
                with_note = ", with your note" if note else ""
                app.notify(
                    f"Not moved. Your move to {status.value}{with_note} is kept: c offers it"
                    " again on the new version.",
                    markup=False,
                    timeout=10,
                )
                return choice
            moved(app, done)
            return None


def _conflict_screen(
    app: SophdeskApp,
    base: IncidentDetail,
    now: IncidentDetail,
    choice: StatusChoice,
    conflict: StaleVersion,
) -> ConflictScreen:
    from sophdesk.domain.lifecycle import check_transition
    from sophdesk.tui.screens.conflict import ConflictScreen, FieldConflict
    from sophdesk.tui.screens.detail_changes import since

    current = now.incident
    status, note = choice
    blocked = None
    try:
        check_transition(current.status, status)
    except IllegalTransition as error:
        blocked = error.message
    with_note = ", with your note" if note else ""
    was = base.incident.status.value
    return ConflictScreen(
        current.id,
        what="status change",
        expected=conflict.expected,
        current=current.version,
        fields=[FieldConflict("status", status.value, current.status.value, was)],
        since=since(base, now),
        zone=app.settings.timezone,
        merge_does=f"move it from {current.status.value} to {status.value}{with_note}",
        retry_does=f"choose again on version {current.version}{with_note} kept",
        cancel_does="back to the incident; c offers your move again",
        merge_blocked=blocked,
    )
