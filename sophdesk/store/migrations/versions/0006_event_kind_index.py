"""An index on the timeline by kind, for escalation sweeps and flags.

Revision ID: 0006_event_kind_index
Revises: 0005_matrix
Create Date: 2026-11-27

Escalation reads the latest ``routed``, ``escalated`` and ``acknowledged``
events of every open incident; without this index each sweep would scan the
whole timeline.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_event_kind_index"
down_revision: str | None = "0005_matrix"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_event_kind", "event", ["kind", "incident_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_event_kind", table_name="event")
