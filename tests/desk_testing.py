"""Test support shared by every folder: the frozen clock."""

from __future__ import annotations

from datetime import UTC, datetime

from sophdesk.domain.matrix_toml import default_matrix_text

#: Every test and snapshot sees this moment as "now" (a Friday afternoon).
FROZEN_NOW = datetime(2026, 11, 27, 16, 30, tzinfo=UTC)


def frozen_clock() -> datetime:
    return FROZEN_NOW


PEOPLE = """[people.ana]
name = "Ana Ruiz"
contact = "ana@example.com"
backup = "ben"
away = [["2026-11-20T00:00:00+00:00", "2026-12-30T00:00:00+00:00"]]

[people.ben]
name = "Ben Okafor"
contact = "+34 600 000 000"

"""


def team_matrix() -> str:
    """The default matrix with Ana (away, backed up by Ben) and Ben (support lead)."""
    text = default_matrix_text().replace("[roles]\n", PEOPLE + "[roles]\n", 1)
    for role, person in (("support_lead", "ben"), ("hosting_owner", "ana")):
        text = text.replace(f'{role} = ""', f'{role} = "{person}"', 1)
    return text
