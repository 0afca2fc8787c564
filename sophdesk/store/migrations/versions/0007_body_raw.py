"""Incidents remember when the operator kept the body raw (unredacted) on purpose.

Revision ID: 0007_body_raw
Revises: 0006_event_kind_index
Create Date: 2026-11-27

Bodies are stored redacted by default; ``body_raw`` marks the ones an operator
chose to keep as given, so every way out of the desk redacts them again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_body_raw"
down_revision: str | None = "0006_event_kind_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: batch mode would rebuild the table on SQLite and lose
    # the expression indexes and the full-text triggers it cannot reflect.
    op.add_column(
        "incident",
        sa.Column("body_raw", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column("incident", "body_raw")
