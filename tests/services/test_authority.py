"""Acts reserved to the support lead: importing the matrix, overriding a severity."""

from __future__ import annotations

import pytest

from sophdesk.domain.assessment import parse_assessment
from sophdesk.domain.authority import NotSupportLead
from sophdesk.domain.matrix_toml import default_matrix_text
from sophdesk.domain.severity import Severity
from sophdesk.services.desk import Desk
from sophdesk.services.matrix import current_matrix, import_matrix
from sophdesk.services.triage import record_assessment

PEOPLE = """[people.cara]
name = "Cara Diaz"
contact = "cara@example.com"

[people.ben]
name = "Ben Okafor"
contact = "ben@example.com"

"""
ANSWERS = {
    "impact": "degraded",
    "visibility": "some",
    "revenue": "none",
    "privacy": "none",
    "data": "correct",
    "automation": "none",
}


def _matrix(lead: str) -> str:
    text = default_matrix_text().replace("[roles]\n", PEOPLE + "[roles]\n", 1)
    return text.replace('support_lead = ""', f'support_lead = "{lead}"', 1)


def _as(desk: Desk, actor: str) -> Desk:
    return Desk(desk.database, actor, desk.clock, desk.policy)


def test_the_first_matrix_may_be_imported_by_anyone_then_only_by_the_lead(desk: Desk) -> None:
    import_matrix(_as(desk, "ben"), _matrix("cara"))  # bootstrap: no lead named yet
    with pytest.raises(NotSupportLead, match=r"only the support lead .* Cara Diaz \(cara\)"):
        import_matrix(_as(desk, "ben"), _matrix("ben"))
    assert current_matrix(desk).roles  # unchanged
    import_matrix(_as(desk, "Cara Diaz"), _matrix("ben"))  # the lead, by name
    with pytest.raises(NotSupportLead):
        import_matrix(_as(desk, "cara"), _matrix("cara"))  # no longer the lead


def test_only_the_lead_overrides_a_severity(desk: Desk) -> None:
    import_matrix(desk, _matrix("cara"))
    incident = desk.new_incident("Checkout slow", "shop.example")
    answers = parse_assessment(ANSWERS)
    with pytest.raises(NotSupportLead, match="override a severity"):
        record_assessment(
            _as(desk, "ben"), incident.id, answers, override=Severity.SEV1, reason="r"
        )
    assert desk.incident(incident.id).severity is None  # nothing was written
    record_assessment(_as(desk, "ben"), incident.id, answers)  # the rules' severity: anyone
    _, record = record_assessment(
        _as(desk, "cara"), incident.id, answers, override=Severity.SEV1, reason="launch day"
    )
    assert record.severity is Severity.SEV1
