"""The seed's review cadence: when an issue is reported, before support contact,
and after recovery, each a checklist.

Items the desk can work out from the incident are pre-ticked with the reason
shown; the operator confirms every item (a pre-tick is a suggestion, not a
decision). A review is *complete* when every item is confirmed; it is recorded
either way (an incomplete review says what is still open, which is what the
after-recovery review feeds back into the runbook). ``reviewed`` needs a complete
after-recovery review made since the incident was last resolved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sophdesk.domain.errors import IllegalTransition, InvalidInput
from sophdesk.domain.incident import Event, EventKind
from sophdesk.domain.lifecycle import Status


class Stage(StrEnum):
    REPORTED = "reported"
    BEFORE_CONTACT = "before_contact"
    AFTER_RECOVERY = "after_recovery"

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]


_STAGE_LABELS = {
    Stage.REPORTED: "when reported",
    Stage.BEFORE_CONTACT: "before support contact",
    Stage.AFTER_RECOVERY: "after recovery",
}

COMPLETE = "complete"
INCOMPLETE = "incomplete"


def parse_stage(text: str) -> Stage:
    try:
        return Stage(text.strip().lower().replace("-", "_"))
    except ValueError:
        known = ", ".join(s.value for s in Stage)
        raise InvalidInput(f"unknown review stage {text!r}; stages: {known}") from None


@dataclass(frozen=True, slots=True)
class ReviewItem:
    key: str
    label: str


CHECKLISTS: dict[Stage, tuple[ReviewItem, ...]] = {
    Stage.REPORTED: (
        ReviewItem("evidence_preserved", "Evidence preserved before any retry"),
        ReviewItem("severity_assessed", "Severity assessed"),
        ReviewItem("owner_known", "Owner known"),
    ),
    Stage.BEFORE_CONTACT: (
        ReviewItem("report_redacted", "Support report redacted"),
        ReviewItem("route_clear", "Route clear (hosting, provider, CodeCanyon or internal)"),
        ReviewItem("right_owner", "The right owner"),
    ),
    Stage.AFTER_RECOVERY: (
        ReviewItem("owner_responded", "The right owner responded"),
        ReviewItem("updates_clear", "Customer-facing updates were clear"),
        ReviewItem("evidence_sufficient", "Evidence was sufficient"),
        ReviewItem("nothing_exposed", "No sensitive data was exposed"),
        ReviewItem("follow_up_assigned", "Follow-up work was assigned"),
    ),
}


@dataclass(frozen=True, slots=True)
class ReviewFacts:
    """What the desk knows that bears on the checklists (worked out by the service)."""

    evidence_missing: tuple[str, ...]
    severity: str | None
    owner: str | None
    route: str | None
    #: Who the escalation matrix says to contact for the route (None: unknown).
    route_contact: str | None
    #: Placeholders the one door out added to the support report (at-rest missed).
    report_removed: tuple[str, ...]
    #: Who acknowledged a page, if anyone.
    acknowledged_by: str | None
    #: Actors of the updates recorded, oldest first (any audience).
    update_actors: tuple[str, ...]
    customer_updates: int
    #: Findings the redactor makes now in the texts already sent (placeholders).
    sent_findings: tuple[str, ...]
    follow_up: str | None
    #: The duties the owner holds in the matrix at the incident's severity now.
    owner_duties: tuple[str, ...] = ()
    #: The incident's "owner unclear" flags (their reasons).
    owner_flags: tuple[str, ...] = ()
    #: The privacy answer of the latest assessment (none, suspected, confirmed, unknown).
    privacy: str | None = None
    #: Placeholders the redactor put in the incident's own texts at rest.
    removed_at_rest: tuple[str, ...] = ()
    #: Vendor audiences that were sent an update although the route names another.
    off_route_updates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Check:
    item: ReviewItem
    ticked: bool
    reason: str


def _checks(stage: Stage, facts: ReviewFacts) -> dict[str, tuple[bool, str]]:
    evidence_ok = not facts.evidence_missing
    evidence = (
        (True, "every evidence field is recorded (given, or unknown with a reason)")
        if evidence_ok
        else (False, "evidence missing: " + ", ".join(facts.evidence_missing))
    )
    owner = (
        (True, f"the owner is {facts.owner}")
        if facts.owner
        else (False, "no owner set (sophdesk edit ID --owner NAME)")
    )
    if stage is Stage.REPORTED:
        return {
            "evidence_preserved": evidence,
            "severity_assessed": (True, f"assessed {facts.severity}")
            if facts.severity
            else (False, "not assessed yet"),
            "owner_known": _owner_known(facts),
        }
    if stage is Stage.BEFORE_CONTACT:
        if facts.report_removed:
            report = (
                True,
                "the report passes through the redactor; on the way out it also removed "
                + ", ".join(facts.report_removed)
                + ": read it before sending",
            )
        else:
            report = (True, "the report passes through the redactor; nothing more to remove")
        if facts.route is None:
            route = (False, "not routed yet")
        elif facts.route == "unclear":
            route = (False, "the route is unclear: the support lead decides")
        elif facts.off_route_updates:
            route = (
                False,
                f"the route recorded is {facts.route}, but an update went to "
                + ", ".join(facts.off_route_updates)
                + ": confirm which side the cause is on",
            )
        else:
            route = (
                True,
                f"route: {facts.route} recorded on the timeline; no route-unclear flag;"
                " no update sent to another vendor",
            )
        if not facts.owner:
            right = owner
        elif facts.route_contact and facts.route_contact == facts.owner:
            right = (True, f"{facts.owner} holds the route's duty in the matrix")
        elif facts.route_contact:
            right = (
                False,
                f"the owner is {facts.owner}; the matrix names {facts.route_contact} for the route",
            )
        else:
            right = (False, f"the owner is {facts.owner}; the matrix names nobody for the route")
        return {"report_redacted": report, "route_clear": route, "right_owner": right}
    if facts.acknowledged_by:
        responded = (True, f"{facts.acknowledged_by} acknowledged the page")
    elif facts.owner and facts.owner in facts.update_actors:
        responded = (True, f"{facts.owner} sent an update")
    else:
        responded = (False, "no acknowledgement or update from the owner on the timeline")
    if facts.customer_updates:
        updates = (
            True,
            f"{facts.customer_updates} customer update(s) sent, each with impact, workaround,"
            " owner and next update time",
        )
    else:
        updates = (False, "no customer update was recorded")
    exposed = _nothing_exposed(facts)
    follow = (
        (True, "follow-up work is written down")
        if facts.follow_up
        else (False, "no follow-up work recorded (sophdesk edit ID --follow-up TEXT)")
    )
    return {
        "owner_responded": responded,
        "updates_clear": updates,
        "evidence_sufficient": evidence,
        "nothing_exposed": exposed,
        "follow_up_assigned": follow,
    }


_PLACEHOLDER = re.compile(r"\[[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*-\d+\]")


def placeholders_in(texts: Iterable[str | None]) -> tuple[str, ...]:
    """The redaction placeholders (``[openai-key-1]``) in stored texts, once each."""
    found: list[str] = []
    for text in texts:
        found.extend(_PLACEHOLDER.findall(text or ""))
    return tuple(dict.fromkeys(found))


def _owner_known(facts: ReviewFacts) -> tuple[bool, str]:
    """Suggested only when the matrix gives the owner a duty at the incident's
    severity and no "owner unclear" flag stands."""
    if not facts.owner:
        return (False, "no owner set (sophdesk edit ID --owner NAME)")
    if facts.owner_flags:
        return (False, f"the owner is {facts.owner}, but {facts.owner_flags[0]}")
    if facts.severity is None:
        return (False, f"the owner is {facts.owner}; not assessed, so the matrix cannot confirm it")
    if not facts.owner_duties:
        return (
            False,
            f"the owner is {facts.owner}, but the matrix gives them no duty at {facts.severity}",
        )
    return (
        True,
        f"owner: {facts.owner} holds {', '.join(facts.owner_duties)} at {facts.severity};"
        " no owner-unclear flag",
    )


def _nothing_exposed(facts: ReviewFacts) -> tuple[bool, str]:
    """Suggested only when the assessment rules privacy out, the redactor removed
    nothing from the incident's texts, and finds nothing in what was sent."""
    problems: list[str] = []
    if facts.privacy in (None, "unknown"):
        problems.append(
            "privacy exposure was not assessed"
            if facts.privacy is None
            else "the assessment left privacy exposure unknown"
        )
    elif facts.privacy != "none":
        problems.append(f"the assessment says privacy exposure {facts.privacy}")
    if facts.removed_at_rest:
        problems.append(
            "the redactor removed " + ", ".join(facts.removed_at_rest) + " from the incident"
        )
    if facts.sent_findings:
        problems.append(
            "the redactor now finds " + ", ".join(facts.sent_findings) + " in texts already sent"
        )
    if problems:
        return (False, "; ".join(problems))
    return (
        True,
        "privacy: assessed none; the redactor removed nothing from the incident and finds"
        " nothing in the texts sent (with today's secrets)",
    )


def precheck(stage: Stage, facts: ReviewFacts) -> tuple[Check, ...]:
    """Each item of ``stage`` with the desk's suggestion and its reason."""
    found = _checks(stage, facts)
    return tuple(Check(item, *found[item.key]) for item in CHECKLISTS[stage])


def item_keys(stage: Stage, names: Iterable[str]) -> tuple[str, ...]:
    """The checklist keys named (``all`` names every item), refusing unknown ones."""
    keys = [item.key for item in CHECKLISTS[stage]]
    chosen: list[str] = []
    for name in names:
        name = name.strip().lower().replace("-", "_")
        if name == "all":
            chosen.extend(keys)
        elif name in keys:
            chosen.append(name)
        else:
            raise InvalidInput(
                f"{name!r} is not an item of the {stage.value} review; items: {', '.join(keys)}"
            )
    return tuple(dict.fromkeys(chosen))


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    stage: Stage
    checks: tuple[Check, ...]
    confirmed: tuple[str, ...]

    @property
    def open_items(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.item.key not in self.confirmed)

    @property
    def complete(self) -> bool:
        return not self.open_items

    @property
    def result(self) -> str:
        return COMPLETE if self.complete else INCOMPLETE

    def note(self) -> str:
        parts = []
        if self.confirmed:
            parts.append("confirmed: " + ", ".join(self.confirmed))
        if self.open_items:
            parts.append(
                "open: " + "; ".join(f"{c.item.key} ({c.reason})" for c in self.open_items)
            )
        return "; ".join(parts)


def last_resolved(events: Sequence[Event]) -> int | None:
    """The id of the latest move to resolved, if any."""
    moves = [
        e.id for e in events if e.kind is EventKind.STATUS and e.after == Status.RESOLVED.value
    ]
    return moves[-1] if moves else None


def review_done(events: Sequence[Event], stage: Stage, since: int | None = None) -> bool:
    """Whether a complete ``stage`` review is on the timeline after event ``since``."""
    return any(
        e.kind is EventKind.REVIEW
        and e.field == stage.value
        and e.after == COMPLETE
        and (since is None or e.id > since)
        for e in events
    )


def check_may_review(incident_id: int, events: Sequence[Event]) -> None:
    """Refuse ``reviewed`` until the after-recovery review is complete (since the
    incident was last resolved)."""
    if review_done(events, Stage.AFTER_RECOVERY, last_resolved(events)):
        return
    raise IllegalTransition(
        f"#{incident_id} cannot move to reviewed before its after-recovery review is complete:"
        f" run `sophdesk review {incident_id} --stage after_recovery` (it checks that the"
        " owner responded, updates were clear, evidence was sufficient, nothing was exposed"
        " and follow-up work was assigned); nothing was changed."
    )
