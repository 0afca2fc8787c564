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
            "owner_known": owner,
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
        else:
            route = (True, f"routed to {facts.route}")
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
    if facts.sent_findings:
        exposed = (
            False,
            "the redactor now finds " + ", ".join(facts.sent_findings) + " in texts already sent",
        )
    else:
        exposed = (True, "the redactor finds nothing in the texts sent (with today's secrets)")
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
        f" run `sophdesk review {incident_id} --stage after_recovery` (the seed's acceptance"
        " checks: owner responded, updates clear, evidence sufficient, nothing exposed,"
        " follow-up assigned); nothing was changed"
    )
