"""What an operator tells others about an incident: the communication fields and
the log excerpts chosen for reports, with the rules for what may be entered.

The seed's communication standard: an update explains the impact, the current
workaround, the owner, the next update timing and the evidence safe to share.
Impact, workaround and follow-up are free text (stored redacted); the owner is a
name. A log excerpt is a few lines the operator chose, never a whole raw log.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.incident import MAX_CUSTOMER_CHARS, MAX_TITLE_CHARS, check_body

MAX_TEXT_CHARS = 4000
MAX_OWNER_CHARS = 200
#: Raw logs never leave the desk: an excerpt is the lines that matter.
MAX_EXCERPT_LINES = 50
MAX_EXCERPT_CHARS = 16 * 1024
MAX_LABEL_CHARS = 120

#: Field names as the timeline (``edit`` events) and the CLI name them.
FIELD_LABELS: dict[str, str] = {
    "title": "title",
    "customer": "customer",
    "impact": "impact summary",
    "workaround": "current workaround",
    "owner": "owner",
    "follow_up": "follow-up work",
    "body": "body",
}


@dataclass(frozen=True, slots=True)
class IncidentEdit:
    """The fields an operator changes; None leaves a field as it is.

    An empty string clears a clearable field (impact, workaround, owner, follow-up,
    body); the title and the customer cannot be cleared.
    """

    title: str | None = None
    customer: str | None = None
    impact: str | None = None
    workaround: str | None = None
    owner: str | None = None
    follow_up: str | None = None
    body: str | None = None

    def __post_init__(self) -> None:
        if self.title is not None:
            object.__setattr__(self, "title", _one_line("title", self.title, MAX_TITLE_CHARS))
            if not self.title:
                raise InvalidInput("the title cannot be empty: say in a line what is wrong")
        if self.customer is not None:
            customer = _one_line("customer", self.customer, MAX_CUSTOMER_CHARS)
            if not customer:
                raise InvalidInput("the customer cannot be empty: the site or client affected")
            object.__setattr__(self, "customer", customer)
        if self.owner is not None:
            object.__setattr__(self, "owner", _one_line("owner", self.owner, MAX_OWNER_CHARS))
        for name in ("impact", "workaround", "follow_up"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _text(name, value))
        if self.body is not None:
            check_body(self.body)

    def changes(self) -> dict[str, str]:
        """The fields given, by name (empty string: clear it)."""
        given = ((f.name, getattr(self, f.name)) for f in fields(self))
        return {name: value for name, value in given if value is not None}

    @property
    def is_empty(self) -> bool:
        return not self.changes()


def _one_line(name: str, value: str, limit: int) -> str:
    value = value.strip()
    if "\n" in value or "\r" in value:
        raise InvalidInput(f"the {FIELD_LABELS[name]} must be one line")
    if len(value) > limit:
        raise InvalidInput(
            f"the {FIELD_LABELS[name]} is {len(value)} characters; the limit is {limit}"
        )
    return value


def _text(name: str, value: str) -> str:
    value = value.strip()
    if len(value) > MAX_TEXT_CHARS:
        raise InvalidInput(
            f"the {FIELD_LABELS[name]} is {len(value)} characters; the limit is {MAX_TEXT_CHARS}."
            " Say it in a few sentences; attach log lines as an excerpt"
        )
    if "\x00" in value:
        raise InvalidInput(f"the {FIELD_LABELS[name]} holds NUL bytes: it is not text")
    return value


@dataclass(frozen=True, slots=True)
class LogExcerpt:
    """A few log lines the operator chose for reports (stored redacted)."""

    id: int
    incident_id: int
    at: datetime
    actor: str
    label: str
    text: str

    @property
    def line_count(self) -> int:
        return len(self.text.splitlines())


def check_excerpt(text: str, label: str = "") -> tuple[str, str]:
    """The excerpt and its label as they may be stored, or a refusal that says why.

    Trailing blank lines are dropped; more than :data:`MAX_EXCERPT_LINES` lines is
    refused (a raw log never leaves the desk, so the operator picks the lines).
    """
    if "\x00" in text:
        raise InvalidInput("the excerpt holds NUL bytes: it looks like binary data, not text")
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines or not any(line.strip() for line in lines):
        raise InvalidInput("the excerpt is empty: paste the log lines that show the problem")
    if len(lines) > MAX_EXCERPT_LINES:
        raise InvalidInput(
            f"the excerpt has {len(lines)} lines; the limit is {MAX_EXCERPT_LINES}."
            " Raw logs never leave the desk: choose the lines around the error"
            " (for instance with grep -C 5) and add those"
        )
    joined = "\n".join(lines)
    if len(joined) > MAX_EXCERPT_CHARS:
        raise InvalidInput(
            f"the excerpt is {len(joined)} characters; the limit is {MAX_EXCERPT_CHARS}:"
            " cut the long lines to what matters"
        )
    label = " ".join(label.split())
    if len(label) > MAX_LABEL_CHARS:
        raise InvalidInput(
            f"the excerpt label is {len(label)} characters; the limit is {MAX_LABEL_CHARS}"
        )
    return joined, label
