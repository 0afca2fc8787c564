"""Incidents, their timeline events, and the rules for what an operator may enter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.lifecycle import Status
from sophdesk.domain.severity import Severity

#: Titles and customer names are one line; longer text belongs in the body.
MAX_TITLE_CHARS = 200
MAX_CUSTOMER_CHARS = 200
#: A body is a description, not a log dump. Raw logs never leave the desk, and a
#: body this size is already several hundred screens of text.
MAX_BODY_BYTES = 1024 * 1024


class EventKind(StrEnum):
    CREATED = "created"
    STATUS = "status"
    EDIT = "edit"
    NOTE = "note"
    ASSESSED = "assessed"
    EVIDENCE = "evidence"
    ROUTED = "routed"
    ESCALATED = "escalated"
    ACKNOWLEDGED = "acknowledged"
    REDACTION = "redaction"
    #: An update sent to an audience (field) with the exact text sent (note).
    UPDATE = "update"
    #: A review of the seed's cadence (field: the stage; after: complete or incomplete).
    REVIEW = "review"


@dataclass(frozen=True, slots=True)
class Incident:
    id: int
    title: str
    customer: str
    body: str
    status: Status
    severity: Severity | None
    sla_due_at: datetime | None
    owner: str | None
    created_at: datetime
    updated_at: datetime
    created_by: str
    version: int
    category: str | None = None
    first_response_due: datetime | None = None
    next_update_due: datetime | None = None
    resolution_due: datetime | None = None
    sla_clock: str | None = None
    sla_target_seconds: int | None = None
    first_response_at: datetime | None = None
    last_customer_update_at: datetime | None = None
    #: The body was kept unredacted on purpose; it is redacted on every way out.
    body_raw: bool = False
    #: What customers can and cannot do now (stored redacted).
    impact: str | None = None
    #: What works in the meantime (stored redacted).
    workaround: str | None = None
    #: Work to do after recovery, and who does it (stored redacted).
    follow_up: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status.is_open


@dataclass(frozen=True, slots=True)
class Event:
    """One line of an incident's timeline: who did what, when, from what to what."""

    id: int
    incident_id: int
    at: datetime
    actor: str
    kind: EventKind
    field: str | None
    before: str | None
    after: str | None
    note: str | None

    def summary(self) -> str:
        """A plain sentence for the timeline."""
        if self.kind is EventKind.CREATED:
            text = "created the incident"
        elif self.kind is EventKind.STATUS:
            text = f"status {self.before} -> {self.after}"
        elif self.kind is EventKind.EDIT and self.field == "excerpt":
            text = self.after or "added a log excerpt"
        elif self.kind is EventKind.EDIT:
            text = f"changed {self.field}: {self.before!r} -> {self.after!r}"
        elif self.kind is EventKind.ASSESSED:
            text = f"assessed {self.after}" + (f" (was {self.before})" if self.before else "")
        elif self.kind is EventKind.ROUTED:
            text = f"routed to {self.after}" + (f" (was {self.before})" if self.before else "")
        elif self.kind is EventKind.ESCALATED:
            stage = (self.field or "").replace("_", " ")
            text = f"paged {self.after} ({stage})" if self.after else f"paged nobody ({stage})"
        elif self.kind is EventKind.ACKNOWLEDGED:
            text = f"acknowledged the page to {self.after}"
        elif self.kind is EventKind.EVIDENCE:
            text = f"evidence {self.field}: {self.after}"
        elif self.kind is EventKind.REDACTION:
            text = f"redaction: {self.field} {self.after}"
        elif self.kind is EventKind.UPDATE:
            text = f"sent a {self.field} update"
            if self.after:
                text += f" ({self.after})"
            return text  # the note is the whole text sent: too long for a line
        elif self.kind is EventKind.REVIEW:
            stage = (self.field or "").replace("_", " ")
            text = f"review {stage}: {self.after}"
        else:
            text = "added a note"
        if self.note:
            text += f" - {self.note}"
        return text


@dataclass(frozen=True, slots=True)
class IncidentDetail:
    incident: Incident
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class NewIncident:
    """What an operator enters to open an incident, validated on construction."""

    title: str
    customer: str
    body: str = ""
    #: Store the body as given (marked raw) instead of redacted.
    keep_raw: bool = False

    def __post_init__(self) -> None:
        title = self.title.strip()
        customer = self.customer.strip()
        if not title:
            raise InvalidInput("a title is required: say in a line what is wrong")
        if len(title) > MAX_TITLE_CHARS:
            raise InvalidInput(
                f"the title is {len(title)} characters; the limit is {MAX_TITLE_CHARS}."
                " Put the detail in the body"
            )
        if "\n" in title or "\r" in title:
            raise InvalidInput("the title must be one line; put the detail in the body")
        if not customer:
            raise InvalidInput("a customer is required: the site or client affected")
        if len(customer) > MAX_CUSTOMER_CHARS:
            raise InvalidInput(
                f"the customer is {len(customer)} characters; the limit is {MAX_CUSTOMER_CHARS}"
            )
        check_body(self.body)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "customer", customer)


def check_body(body: str) -> None:
    """Refuse a body too large to be a description, with the figures."""
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > MAX_BODY_BYTES:
        raise InvalidInput(
            f"the body is {byte_figure(size)}; the limit is {byte_figure(MAX_BODY_BYTES)}."
            " Describe the problem and attach the relevant log lines as an excerpt,"
            " not the whole log."
        )
    if "\x00" in body:
        raise InvalidInput("the body holds NUL bytes: it looks like binary data, not text.")


def byte_figure(n: int) -> str:
    """The exact count for a refusal: ``1,048,577 bytes (about 1.0 MB)``,
    ``1,048,576 bytes (1 MB)``; two sizes a byte apart never read alike."""
    text = f"{n:,} bytes"
    if n < 1024:
        return text
    for unit, name in ((1 << 20, "MB"), (1 << 10, "KB")):
        if n >= unit and n % unit == 0:
            return f"{text} ({n // unit} {name})"
    return f"{text} (about {format_size(n)})"


def format_size(n: int) -> str:
    """A short, rounded size for progress lines: ``3.0 MB``."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"
