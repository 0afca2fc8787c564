"""A recorded assessment: the answers, what the rules concluded, and any override."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sophdesk.domain.assessment import Assessment, SeverityDecision
from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.severity import Severity

MAX_REASON_CHARS = 2000


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    id: int
    incident_id: int
    at: datetime
    actor: str
    answers: Assessment
    decision: SeverityDecision
    #: The severity in force: the decision's, or the operator's override.
    severity: Severity
    override_reason: str | None

    @property
    def overridden(self) -> bool:
        return self.severity is not self.decision.severity


def check_override(decided: Severity, chosen: Severity | None, reason: str | None) -> str | None:
    """The override reason to record; a changed severity needs a written reason."""
    reason = (reason or "").strip() or None
    if chosen is None or chosen is decided:
        return None
    if reason is None:
        raise InvalidInput(f"overriding {decided.value} with {chosen.value} needs a written reason")
    if len(reason) > MAX_REASON_CHARS:
        raise InvalidInput(f"the reason is longer than {MAX_REASON_CHARS} characters")
    return reason
