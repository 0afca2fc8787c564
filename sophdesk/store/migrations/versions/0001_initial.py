"""Incidents and their timeline; full-text search on SQLite.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-27

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sophdesk.store.types import UTCDateTime

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FTS = [
    """CREATE VIRTUAL TABLE incident_fts USING fts5(
        title, customer, body,
        content='incident', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER incident_fts_ai AFTER INSERT ON incident BEGIN
        INSERT INTO incident_fts(rowid, title, customer, body)
        VALUES (new.id, new.title, new.customer, new.body);
    END""",
    """CREATE TRIGGER incident_fts_ad AFTER DELETE ON incident BEGIN
        INSERT INTO incident_fts(incident_fts, rowid, title, customer, body)
        VALUES ('delete', old.id, old.title, old.customer, old.body);
    END""",
    """CREATE TRIGGER incident_fts_au AFTER UPDATE OF title, customer, body ON incident BEGIN
        INSERT INTO incident_fts(incident_fts, rowid, title, customer, body)
        VALUES ('delete', old.id, old.title, old.customer, old.body);
        INSERT INTO incident_fts(rowid, title, customer, body)
        VALUES (new.id, new.title, new.customer, new.body);
    END""",
]


def upgrade() -> None:
    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("customer", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("severity_rank", sa.Integer(), nullable=False),
        sa.Column("sla_due_at", UTCDateTime(), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index(
        "ix_incident_queue",
        "incident",
        ["is_open", "severity_rank", "sla_due_at", "created_at", "id"],
    )
    op.create_index("ix_incident_status", "incident", ["status"])
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incident.id"), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_index("ix_event_incident", "event", ["incident_id", "id"])
    if op.get_bind().dialect.name == "sqlite":
        for statement in _FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("incident_fts_au", "incident_fts_ad", "incident_fts_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS incident_fts")
    op.drop_index("ix_event_incident", table_name="event")
    op.drop_table("event")
    op.drop_index("ix_incident_status", table_name="incident")
    op.drop_index("ix_incident_queue", table_name="incident")
    op.drop_table("incident")
