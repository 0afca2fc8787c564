"""Team mode on PostgreSQL: a change counter and a notification on every write.

Revision ID: 0009_team_changes
Revises: 0008_communication
Create Date: 2026-11-28

Desks on other hosts must see a change within a second. After any statement that
writes incidents, their timeline, assessments, evidence, log excerpts or the
matrix, a trigger bumps the one-row ``change_counter`` (what ``change_token``
reads: cheap, and it moves only when the writer commits; once per transaction,
however many rows it writes) and sends a
``NOTIFY sophdesk_changes`` (delivered at commit) that listening desks wake on.
SQLite needs neither: ``PRAGMA data_version`` already moves on every commit, so
this revision does nothing there.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_team_changes"
down_revision: str | None = "0008_communication"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The channel desks LISTEN on (``store/database.py`` uses the same name).
CHANNEL = "sophdesk_changes"
#: Drafts are one operator's work in progress: no other desk shows them.
_WATCHED = ("incident", "event", "assessment", "evidence", "log_excerpt", "matrix_version")


def _own_schema() -> str:
    own = op.get_bind().execute(sa.text("SELECT current_schema()")).scalar_one()
    return '"' + str(own).replace('"', '""') + '"'


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_table(
        "change_counter",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        # The transaction that last bumped it.
        sa.Column("xact", sa.BigInteger(), nullable=True),
    )
    op.execute("INSERT INTO change_counter (id, value) VALUES (1, 0)")
    own = _own_schema()
    op.execute(
        f"""CREATE FUNCTION sophdesk_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {own}.change_counter SET value = value + 1, xact = txid_current()
                WHERE id = 1 AND xact IS DISTINCT FROM txid_current();
            PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME);
            RETURN NULL;
        END $$"""
    )
    for table in _WATCHED:
        op.execute(
            f"CREATE TRIGGER sophdesk_changed_{table}"
            f" AFTER INSERT OR UPDATE OR DELETE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION sophdesk_changed()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _WATCHED:
        op.execute(f"DROP TRIGGER IF EXISTS sophdesk_changed_{table} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS sophdesk_changed()")
    op.drop_table("change_counter")
