"""Communication fields on incidents and the log excerpts chosen for reports.

Revision ID: 0008_communication
Revises: 0007_body_raw
Create Date: 2026-11-28

Impact summary, current workaround and follow-up work (stored redacted, like
bodies) are what customer updates and support reports are made of; a log
excerpt is a few lines (at most 50) the operator chose, never a whole raw log.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sophdesk.store.types import UTCDateTime

revision: str = "0008_communication"
down_revision: str | None = "0007_body_raw"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs: batch mode would rebuild the incident table on SQLite and
    # lose the expression indexes and the full-text triggers it cannot reflect.
    op.add_column("incident", sa.Column("impact", sa.Text(), nullable=True))
    op.add_column("incident", sa.Column("workaround", sa.Text(), nullable=True))
    op.add_column("incident", sa.Column("follow_up", sa.Text(), nullable=True))
    op.create_table(
        "log_excerpt",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incident.id"), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_log_excerpt_incident", "log_excerpt", ["incident_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_log_excerpt_incident", table_name="log_excerpt")
    op.drop_table("log_excerpt")
    op.drop_column("incident", "follow_up")
    op.drop_column("incident", "workaround")
    op.drop_column("incident", "impact")
