"""Escalation: when to bring in the support lead, and pages that wait for an answer.

Two things live here, both pure:

* **Flags.** An incident is flagged "escalate to the support lead", with the
  reason, when its severity is unclear (an assessment answer left unknown, or
  nobody has assessed it by its triage due time), its
  owner is unclear (a duty at its severity with nobody, or whose holder is away
  with no backup, so it fell to the lead), its communication is unclear (a
  customer update is overdue) or its route is unclear. :func:`flags` finds them.
* **Pages.** Escalating to an owner pages them and waits for an
  acknowledgement. Unacknowledged after the severity's timeout (SEV1 5 minutes,
  SEV2 15 minutes, SEV3 and SEV4 one business hour) the page moves to the
  person's backup, then to the support lead; each step is a timeline event. The
  page is read back from those events (:func:`current_page`), so the timeline is
  the only record and two desks sweeping at once cannot disagree.

A page step is an ``escalated`` event whose ``field`` is the stage, ``before``
the person paged until then, ``after`` the person paged now (empty when nobody
can be), and ``note`` the reason. An ``acknowledged`` event's ``after`` names the
person whose page was answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum

from sophdesk.domain.incident import Event, EventKind, Incident
from sophdesk.domain.matrix import Duty, Matrix, Role, Via, duty_holders
from sophdesk.domain.severity import Severity
from sophdesk.domain.sla import BusinessHours
from sophdesk.domain.timefmt import local_stamp

#: How long a page waits for an acknowledgement before it moves on. SEV3 and
#: SEV4 are not here: they wait one hour of business time.
ACK_TIMEOUTS: dict[Severity, timedelta] = {
    Severity.SEV1: timedelta(minutes=5),
    Severity.SEV2: timedelta(minutes=15),
}
BUSINESS_ACK = timedelta(hours=1)


class Stage(StrEnum):
    PRIMARY = "primary"
    BACKUP = "backup"
    SUPPORT_LEAD = "support_lead"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class FlagKind(StrEnum):
    SEVERITY = "severity"
    OWNER = "owner"
    COMMUNICATION = "communication"
    ROUTE = "route"
    ACKNOWLEDGEMENT = "acknowledgement"


@dataclass(frozen=True, slots=True)
class Flag:
    """One reason to escalate to the support lead."""

    kind: FlagKind
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind.value, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Page:
    """An incident's current page: who is asked to answer, since when, and whether
    they did. ``tried`` holds everyone paged in this escalation, oldest first."""

    person: str | None
    stage: Stage
    since: datetime
    tried: tuple[str, ...]
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def waiting(self) -> bool:
        """Paged someone who has not answered yet."""
        return self.person is not None and not self.acknowledged


@dataclass(frozen=True, slots=True)
class Step:
    """A move of the page to be recorded as an ``escalated`` event."""

    stage: Stage
    before: str | None
    person: str | None
    reason: str


def ack_deadline(severity: Severity | None, since: datetime, hours: BusinessHours) -> datetime:
    """When a page sent at ``since`` moves on unanswered.

    SEV1 and SEV2 count wall-clock minutes; SEV3, SEV4 and an incident not yet
    assessed wait one business hour (a page sent at night waits until an hour
    after the next opening).
    """
    timeout = ACK_TIMEOUTS.get(severity) if severity is not None else None
    if timeout is not None:
        return since + timeout
    return hours.add(since, BUSINESS_ACK)


def timeout_words(severity: Severity | None) -> str:
    timeout = ACK_TIMEOUTS.get(severity) if severity is not None else None
    if timeout is None:
        return "one business hour"
    return f"{int(timeout.total_seconds() // 60)} min"


def _stage(text: str | None) -> Stage:
    try:
        return Stage(text or "")
    except ValueError:
        return Stage.PRIMARY


def current_page(events: Iterable[Event]) -> Page | None:
    """The page the events leave in force (events oldest first); None if never paged.

    A ``primary`` step starts a new escalation: who was tried before is forgotten.
    """
    page: Page | None = None
    for event in events:
        if event.kind is EventKind.ESCALATED:
            stage = _stage(event.field)
            person = event.after or None
            earlier = () if stage is Stage.PRIMARY or page is None else page.tried
            tried = (*earlier, person) if person else earlier
            page = Page(person, stage, event.at, tuple(dict.fromkeys(tried)))
        elif event.kind is EventKind.ACKNOWLEDGED and page is not None and not page.acknowledged:
            page = Page(page.person, page.stage, page.since, page.tried, event.actor, event.at)
    return page


def _first_in(matrix: Matrix, key: str | None, at: datetime, tried: set[str]) -> str | None:
    """``key`` or the first one down its backup chain who is in at ``at`` and not tried."""
    seen: set[str] = set()
    while key is not None and key not in seen:
        seen.add(key)
        person = matrix.people.get(key)
        if person is None:
            return None
        if key not in tried and not person.is_away(at):
            return key
        key = person.backup
    return None


def _shown(matrix: Matrix, key: str | None) -> str:
    if key is None:
        return "nobody"
    person = matrix.people.get(key)
    return person.shown() if person is not None else key


def next_step(
    page: Page, matrix: Matrix, severity: Severity | None, now: datetime, hours: BusinessHours
) -> Step | None:
    """The move due now for ``page``: to the backup, then to the support lead.

    None while the page is answered, still within its timeout, or already with
    the support lead (the last rung: :func:`flags` then reports it).
    """
    if not page.waiting or page.stage is Stage.SUPPORT_LEAD:
        return None
    deadline = ack_deadline(severity, page.since, hours)
    if now < deadline:
        return None
    waited = timeout_words(severity)
    who = _shown(matrix, page.person)
    paged = local_stamp(page.since, hours.zone)
    head = f"no acknowledgement from {who} within {waited} (paged {paged})"
    tried = set(page.tried)
    if page.stage is Stage.PRIMARY and page.person is not None:
        holder = matrix.people.get(page.person)
        backup = _first_in(matrix, holder.backup if holder else None, now, tried)
        if backup is not None:
            return Step(
                Stage.BACKUP,
                page.person,
                backup,
                f"{head}: paged their backup {_shown(matrix, backup)}",
            )
    lead = _first_in(matrix, matrix.roles.get(Role.SUPPORT_LEAD), now, tried)
    if lead is None:
        lead_key = matrix.roles.get(Role.SUPPORT_LEAD)
        why = (
            "the support lead role is unfilled"
            if lead_key is None
            else f"the support lead {_shown(matrix, lead_key)} and their backups"
            " were already paged or are away"
        )
        return Step(Stage.SUPPORT_LEAD, page.person, None, f"{head}; {why}: nobody left to page")
    return Step(
        Stage.SUPPORT_LEAD,
        page.person,
        lead,
        f"{head}: paged the support lead {_shown(matrix, lead)}",
    )


# --- flags -------------------------------------------------------------------------


def owner_flags(
    matrix: Matrix, severity: Severity, now: datetime, zone: tzinfo = UTC
) -> list[Flag]:
    """The duties at ``severity`` that nobody holds now (one flag naming them all),
    those that fell to the support lead because their role is unfilled (one flag
    naming them all), and each duty that fell to the lead otherwise (its holder
    away with no backup: a flag with the lookup's reason, times read in ``zone``)."""
    nobody: list[str] = []
    unfilled: list[str] = []
    lead = ""
    found: list[Flag] = []
    for duty, holder in duty_holders(matrix, severity, now, zone).items():
        if holder.nobody:
            nobody.append(duty_words(duty))
        elif holder.via is Via.SUPPORT_LEAD and holder.role is not Role.SUPPORT_LEAD:
            if matrix.roles.get(holder.role) is None:
                unfilled.append(duty_words(duty))
                lead = f"{holder.name} ({holder.person})" if holder.name else str(holder.person)
            else:
                found.append(
                    Flag(FlagKind.OWNER, f"owner unclear: {duty_words(duty)}: {holder.reason}")
                )
    if unfilled:
        found.insert(
            0,
            Flag(
                FlagKind.OWNER,
                f"owner unclear: {', '.join(unfilled)} at {severity.value} fall to the support"
                f" lead {lead}: nobody fills their roles (see sophdesk matrix check)",
            ),
        )
    if nobody:
        found.insert(
            0,
            Flag(
                FlagKind.OWNER,
                f"owner unclear: nobody holds {', '.join(nobody)} at {severity.value}"
                " (unfilled roles, or everyone away; see sophdesk matrix check)",
            ),
        )
    return found


def duty_words(duty: Duty) -> str:
    return duty.value.replace("_", " ")


def flags(
    incident: Incident,
    *,
    owners: Mapping[Severity, Sequence[Flag]],
    now: datetime,
    unclear_answers: Sequence[str] = (),
    route: str | None = None,
    page: Page | None = None,
    hours: BusinessHours | None = None,
) -> list[Flag]:
    """Every reason to escalate ``incident`` to the support lead now.

    ``owners`` holds :func:`owner_flags` for each severity (worked out once for
    a whole queue), ``unclear_answers`` the dimensions its latest assessment left unknown,
    ``route`` its latest recorded route, ``page`` its current page. A closed
    incident has none.
    """
    if not incident.status.is_open:
        return []
    found: list[Flag] = []
    if unclear_answers:
        found.append(
            Flag(
                FlagKind.SEVERITY,
                "severity unclear: the assessment left " + ", ".join(unclear_answers) + " unknown",
            )
        )
    found.extend(_triage_flags(incident, now, hours))
    if incident.severity is not None:
        found.extend(owners.get(incident.severity, ()))
    found.extend(_communication_flags(incident, now, hours))
    if route == "unclear":
        found.append(
            Flag(FlagKind.ROUTE, "route unclear: the signals point nowhere or to several places")
        )
    if page is not None and page.waiting and page.stage is Stage.SUPPORT_LEAD and hours:
        deadline = ack_deadline(incident.severity, page.since, hours)
        if now >= deadline:
            found.append(
                Flag(
                    FlagKind.ACKNOWLEDGEMENT,
                    f"the support lead {page.person} has not acknowledged the page"
                    f" sent {local_stamp(page.since, hours.zone)}",
                )
            )
    if page is not None and page.person is None:
        found.append(Flag(FlagKind.ACKNOWLEDGEMENT, "the last page found nobody to answer it"))
    return found


def _triage_flags(incident: Incident, now: datetime, hours: BusinessHours | None) -> list[Flag]:
    """An incident nobody has assessed, past its triage due time."""
    due = incident.sla_due_at
    if (
        incident.severity is not None
        or incident.sla_clock != "triage"
        or due is None
        or now <= due
        or incident.status.is_waiting
    ):
        return []
    when = local_stamp(due, hours.zone if hours is not None else UTC)
    return [
        Flag(
            FlagKind.SEVERITY,
            f"severity unclear: nobody has assessed it; triage overdue by {_late(now - due)}"
            f" (due {when})",
        )
    ]


def _communication_flags(
    incident: Incident, now: datetime, hours: BusinessHours | None
) -> list[Flag]:
    """A customer update (the first response, or the next one) past its due time."""
    if incident.status.is_waiting:
        return []
    if incident.first_response_at is None:
        due, what = incident.first_response_due, "first customer response"
    else:
        due, what = incident.next_update_due, "customer update"
    if due is None or now <= due:
        return []
    when = local_stamp(due, hours.zone if hours is not None else UTC)
    return [Flag(FlagKind.COMMUNICATION, f"{what} overdue by {_late(now - due)} (due {when})")]


def needs_escalation(found: Sequence[Flag], page: Page | None) -> bool:
    """Flagged, and not already in the support lead's acknowledged hands."""
    if not found:
        return False
    return not (page is not None and page.stage is Stage.SUPPORT_LEAD and page.acknowledged)


def _late(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 1)} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    return f"{hours // 24} days"


def page_sentence(page: Page, severity: Severity | None, hours: BusinessHours) -> str:
    """The page in one line for the detail view and ``show`` (times in the desk's zone)."""
    who = page.person or "nobody"
    zone = hours.zone
    if page.acknowledged_at is not None:
        return (
            f"{who} ({page.stage.label}) acknowledged by {page.acknowledged_by}"
            f" at {local_stamp(page.acknowledged_at, zone)}"
        )
    if page.person is None:
        return f"nobody could be paged ({page.stage.label})"
    deadline = ack_deadline(severity, page.since, hours)
    moves = "moves to the backup or lead" if page.stage is not Stage.SUPPORT_LEAD else "overdue"
    return (
        f"{who} ({page.stage.label}) paged {local_stamp(page.since, zone)}, not acknowledged;"
        f" {moves} at {local_stamp(deadline, zone)}"
    )
