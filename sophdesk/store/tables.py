"""SQLModel tables. Rows never leave the store: see ``convert.py``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, Index, Text, text
from sqlmodel import Field, SQLModel

from sophdesk.store.types import UTCDateTime

_QUEUE_ORDER = ("severity_rank", text("(sla_due_at IS NULL)"), "sla_due_at", "created_at", "id")


class IncidentRow(SQLModel, table=True):
    __tablename__ = "incident"
    __table_args__ = (
        # The queue: open incidents, unassessed first, then severity, due time (missing
        # last), age. The indexes are in exactly the queue's order (migration 0004).
        Index("ix_incident_queue", "is_open", *_QUEUE_ORDER),
        Index("ix_incident_all", *_QUEUE_ORDER),
        Index("ix_incident_status", "status", *_QUEUE_ORDER),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    customer: str = Field(max_length=200)
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    #: The operator kept the body unredacted on purpose (it never leaves unredacted).
    body_raw: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, default=False))
    status: str = Field(max_length=32)
    is_open: bool = Field(default=True)
    #: 0 = not assessed yet, 1..4 = SEV1..SEV4 (so unassessed sort first).
    severity_rank: int = Field(default=0)
    sla_due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    owner: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    created_by: str = Field(max_length=200)
    #: Bumped on every change (optimistic concurrency for team mode).
    version: int = Field(default=1)
    # -- triage and SLA clocks (migration 0003) --
    category: str | None = Field(default=None, max_length=32)
    first_response_due: datetime | None = Field(default=None, sa_type=UTCDateTime)
    next_update_due: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolution_due: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: Which clock ``sla_due_at`` is (first_response, next_update, resolution) and
    #: its full length in seconds, for "at risk" (under 25% left).
    sla_clock: str | None = Field(default=None, max_length=32)
    sla_target_seconds: int | None = Field(default=None)
    first_response_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_customer_update_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # -- communication (migration 0008), stored redacted --
    impact: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    workaround: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    follow_up: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class EventRow(SQLModel, table=True):
    """The timeline: append-only, never deleted; a row is only ever rewritten to take
    out a value the incident learnt later was secret (``store/scrub.py``)."""

    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_incident", "incident_id", "id"),
        Index("ix_event_kind", "kind", "incident_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id")
    at: datetime = Field(sa_type=UTCDateTime)
    actor: str = Field(max_length=200)
    kind: str = Field(max_length=32)
    field: str | None = Field(default=None, max_length=64)
    before: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    after: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class LogExcerptRow(SQLModel, table=True):
    """A few log lines the operator chose for reports (redacted; only ever added)."""

    __tablename__ = "log_excerpt"
    __table_args__ = (Index("ix_log_excerpt_incident", "incident_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id")
    at: datetime = Field(sa_type=UTCDateTime)
    actor: str = Field(max_length=200)
    label: str = Field(default="", max_length=200)
    text: str = Field(sa_column=Column(Text, nullable=False))


class AssessmentRow(SQLModel, table=True):
    """Every assessment of an incident; re-assessing adds a row, never edits one."""

    __tablename__ = "assessment"
    __table_args__ = (Index("ix_assessment_incident", "incident_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id")
    at: datetime = Field(sa_type=UTCDateTime)
    actor: str = Field(max_length=200)
    #: The six answers as JSON ({"impact": "blocked", ...}).
    answers: str = Field(sa_column=Column(Text, nullable=False))
    computed_severity: str = Field(max_length=8)
    severity: str = Field(max_length=8)
    category: str = Field(max_length=32)
    rationale: str = Field(sa_column=Column(Text, nullable=False))  # JSON list
    rules: str = Field(sa_column=Column(Text, nullable=False))  # JSON list
    override_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class EvidenceRow(SQLModel, table=True):
    """The current value of one evidence field; each change is also an event."""

    __tablename__ = "evidence"

    incident_id: int = Field(foreign_key="incident.id", primary_key=True)
    key: str = Field(max_length=32, primary_key=True)
    value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    unknown_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    updated_at: datetime = Field(sa_type=UTCDateTime)
    updated_by: str = Field(max_length=200)


class DraftRow(SQLModel, table=True):
    """Work in progress (a wizard's answers) kept across closing and crashes."""

    __tablename__ = "draft"

    key: str = Field(max_length=64, primary_key=True)
    actor: str = Field(max_length=200)
    payload: str = Field(sa_column=Column(Text, nullable=False))  # JSON
    updated_at: datetime = Field(sa_type=UTCDateTime)


class MatrixVersionRow(SQLModel, table=True):
    """Every version of the escalation matrix; the newest row is the current one.

    Rows are only added (migration 0005). No row means the package's default matrix.
    """

    __tablename__ = "matrix_version"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime)
    actor: str = Field(max_length=200)
    #: The whole matrix as ``dump_matrix`` writes it.
    toml: str = Field(sa_column=Column(Text, nullable=False))
    #: What changed from the previous version, one change per line.
    summary: str = Field(sa_column=Column(Text, nullable=False))


class SecretPrintRow(SQLModel, table=True):
    """What an incident remembers of a value the redactor removed from it: a keyed
    fingerprint of one encoded form, never the value (``domain/redaction/memory.py``).
    Only ever added (migration 0010)."""

    __tablename__ = "secret_print"

    incident_id: int = Field(foreign_key="incident.id", primary_key=True)
    #: The keyed BLAKE2b fingerprint (hex) of one form of the value.
    digest: str = Field(max_length=64, primary_key=True)
    #: Which key made it (``memory.key_id``): prints of another key are not ours.
    key_id: str = Field(max_length=32)
    length: int
    kind: str = Field(max_length=64)
    category: str = Field(max_length=32)
    #: One keyed byte of the form's first characters (``memory.tag``).
    tag: int = Field(default=0)


class FingerprintKeyRow(SQLModel, table=True):
    """The key of the secret prints, kept on a team's PostgreSQL server only (every
    operator's desk must use the same one); a SQLite file's key is in the operator's
    keyring instead. Empty when ``SOPHDESK_FINGERPRINT_KEY`` is set (migration 0010)."""

    __tablename__ = "fingerprint_key"

    id: int = Field(primary_key=True)
    key_hex: str = Field(max_length=128)
