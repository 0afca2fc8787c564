"""The schema revisions this sophdesk knows (no imports: read on the fast start path)."""

#: The newest revision this sophdesk knows; a test checks it is Alembic's head.
HEAD = "0010_secret_prints"
#: Every revision this sophdesk has shipped, oldest first.
KNOWN_REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_queue_indexes",
    "0003_triage",
    "0004_queue_order_nulls_last",
    "0005_matrix",
    "0006_event_kind_index",
    "0007_body_raw",
    "0008_communication",
    "0009_team_changes",
    "0010_secret_prints",
)
