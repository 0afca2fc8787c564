"""Triage: assessments, evidence, drafts, and the SLA clocks on incidents.

Revision ID: 0003_triage
Revises: 0002_queue_indexes
Create Date: 2026-11-27

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sophdesk.store.types import UTCDateTime

revision: str = "0003_triage"
down_revision: str | None = "0002_queue_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INCIDENT_COLUMNS = (
    ("category", sa.String(length=32)),
    ("first_response_due", UTCDateTime()),
    ("next_update_due", UTCDateTime()),
    ("resolution_due", UTCDateTime()),
    ("sla_clock", sa.String(length=32)),
    ("sla_target_seconds", sa.Integer()),
    ("first_response_at", UTCDateTime()),
    ("last_customer_update_at", UTCDateTime()),
)


def upgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        for name, type_ in _INCIDENT_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incident.id"), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("computed_severity", sa.String(length=8), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_assessment_incident", "assessment", ["incident_id", "id"])
    op.create_table(
        "evidence",
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incident.id"), primary_key=True),
        sa.Column("key", sa.String(length=32), primary_key=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("unknown_reason", sa.Text(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
    )
    op.create_table(
        "draft",
        sa.Column("key", sa.String(length=64), primary_key=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("draft")
    op.drop_table("evidence")
    op.drop_index("ix_assessment_incident", table_name="assessment")
    op.drop_table("assessment")
    with op.batch_alter_table("incident") as batch:
        for name, _ in reversed(_INCIDENT_COLUMNS):
            batch.drop_column(name)
