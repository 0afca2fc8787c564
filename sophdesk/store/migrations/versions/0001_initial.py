"""Incidents and their timeline; full-text search (FTS5 on SQLite, tsvector on PostgreSQL).

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

# PostgreSQL: the same words as FTS5's unicode61 tokenizer (letters and digits,
# accents removed, any other character separates) in the 'simple' configuration
# (no stemming), indexed by GIN on an expression: no extra column to copy or keep
# in step. unaccent ships with PostgreSQL (contrib) and is a trusted extension.
# ``sophdesk_search_vector`` is what ``store/search.py`` queries; keep them in step.
_PG_SEARCH = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """CREATE FUNCTION sophdesk_unaccent(value text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, value) $$""",
    """CREATE FUNCTION sophdesk_search_vector(title text, customer text, body text)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT to_tsvector('simple'::regconfig, regexp_replace(
            {own}.sophdesk_unaccent(title || ' ' || customer || ' ' || body),
            '[^[:alnum:]]+', ' ', 'g')) $$""",
    """CREATE INDEX ix_incident_search ON incident
        USING gin (sophdesk_search_vector(title, customer, body))""",
]


def _quoted(name: object) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _schemas() -> tuple[str, str]:
    """Where unaccent lives and where our tables live, quoted (for the functions'
    bodies: an index expression must not depend on the search path)."""
    bind = op.get_bind()
    bind.execute(sa.text(_PG_SEARCH[0]))
    unaccent = bind.execute(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
            " ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"
        )
    ).scalar_one()
    own = bind.execute(sa.text("SELECT current_schema()")).scalar_one()
    return _quoted(unaccent), _quoted(own)


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
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        schema, own = _schemas()
        for statement in _PG_SEARCH[1:]:
            op.execute(statement.replace("{schema}", schema).replace("{own}", own))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("incident_fts_au", "incident_fts_ad", "incident_fts_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS incident_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_incident_search")
        op.execute("DROP FUNCTION IF EXISTS sophdesk_search_vector(text, text, text)")
        op.execute("DROP FUNCTION IF EXISTS sophdesk_unaccent(text)")
    op.drop_index("ix_event_incident", table_name="event")
    op.drop_table("event")
    op.drop_index("ix_incident_status", table_name="incident")
    op.drop_index("ix_incident_queue", table_name="incident")
    op.drop_table("incident")
