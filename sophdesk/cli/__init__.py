"""The command-line face: every desk action is scriptable. Bare ``sophdesk`` opens the desk.

One module per family of commands; importing them registers them on ``main``.
Exit codes: 0 done; 1 refused (unknown incident, illegal move, invalid input);
2 usage error; 3 the database or the config file cannot be used.
"""

from sophdesk.cli import (
    db,
    edit,
    escalation,
    incidents,
    matrix,
    redaction,
    review,
    secrets,
    triage,
    updates,
)
from sophdesk.cli.app import main

__all__ = [
    "db",
    "edit",
    "escalation",
    "incidents",
    "main",
    "matrix",
    "redaction",
    "review",
    "secrets",
    "triage",
    "updates",
]
