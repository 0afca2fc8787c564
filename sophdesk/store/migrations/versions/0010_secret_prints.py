"""What each incident remembers of its secrets: keyed fingerprints, never values.

Revision ID: 0010_secret_prints
Revises: 0009_team_changes
Create Date: 2026-12-07

A value the redactor removed from an incident once (from its body, a note, an
update on its way out) is recognised in any later text of that incident: the
incident keeps a keyed fingerprint of each encoded form of the value
(``domain/redaction/memory.py``). The key of a SQLite file is in the operator's
keyring, not here; a team's PostgreSQL server keeps its one key in
``fingerprint_key`` unless every desk is given it (``SOPHDESK_FINGERPRINT_KEY``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_secret_prints"
down_revision: str | None = "0009_team_changes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "secret_print",
        sa.Column(
            "incident_id",
            sa.Integer(),
            sa.ForeignKey("incident.id"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("digest", sa.String(length=64), primary_key=True),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("tag", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "fingerprint_key",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("key_hex", sa.String(length=128), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("fingerprint_key")
    op.drop_table("secret_print")
