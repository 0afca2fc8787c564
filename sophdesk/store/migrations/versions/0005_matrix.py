"""The escalation matrix: every version kept, the newest is current.

Revision ID: 0005_matrix
Revises: 0004_queue_order_nulls_last
Create Date: 2026-11-27

Each change of the matrix adds a row (who, when, the whole matrix as TOML, and
a summary of what changed); rows are never edited. No row means the package's
default matrix.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sophdesk.store.types import UTCDateTime

revision: str = "0005_matrix"
down_revision: str | None = "0004_queue_order_nulls_last"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "matrix_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("toml", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("matrix_version")
