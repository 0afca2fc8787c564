"""Indexes in queue order for "all statuses" and for one status.

Revision ID: 0002_queue_indexes
Revises: 0001_initial
Create Date: 2026-11-27

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002_queue_indexes"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ORDER = ["severity_rank", "sla_due_at", "created_at", "id"]


def upgrade() -> None:
    op.create_index("ix_incident_all", "incident", _ORDER)
    op.drop_index("ix_incident_status", table_name="incident")
    op.create_index("ix_incident_status", "incident", ["status", *_ORDER])


def downgrade() -> None:
    op.drop_index("ix_incident_status", table_name="incident")
    op.create_index("ix_incident_status", "incident", ["status"])
    op.drop_index("ix_incident_all", table_name="incident")
