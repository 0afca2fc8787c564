"""Queue indexes in the queue's exact order: due time missing sorts last.

Revision ID: 0004_queue_order_nulls_last
Revises: 0003_triage
Create Date: 2026-11-27

The queue orders by ``sla_due_at IS NULL`` before ``sla_due_at`` (SQLite sorts
NULL first otherwise); the indexes carry the same expression so the database
reads the queue in index order instead of sorting it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_queue_order_nulls_last"
down_revision: str | None = "0003_triage"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _order() -> list[sa.TextClause | str]:
    return ["severity_rank", sa.text("(sla_due_at IS NULL)"), "sla_due_at", "created_at", "id"]


def upgrade() -> None:
    for name in ("ix_incident_queue", "ix_incident_all", "ix_incident_status"):
        op.drop_index(name, table_name="incident")
    op.create_index("ix_incident_queue", "incident", ["is_open", *_order()])
    op.create_index("ix_incident_all", "incident", _order())
    op.create_index("ix_incident_status", "incident", ["status", *_order()])


def downgrade() -> None:
    plain = ["severity_rank", "sla_due_at", "created_at", "id"]
    for name in ("ix_incident_queue", "ix_incident_all", "ix_incident_status"):
        op.drop_index(name, table_name="incident")
    op.create_index("ix_incident_queue", "incident", ["is_open", *plain])
    op.create_index("ix_incident_all", "incident", plain)
    op.create_index("ix_incident_status", "incident", ["status", *plain])
