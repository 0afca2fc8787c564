"""Redaction at rest: text pasted or imported into an incident is stored redacted.

The body of a new incident, its title and the evidence fields go through the
redactor before they reach the database, with the operator's known secrets
from the keyring (read without ever prompting; when there is no keyring the
pattern rules still apply). An operator may keep a body raw on purpose: the
incident is then marked raw, and every way out of the desk redacts it again.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from sophdesk.domain.evidence import Evidence, EvidenceItem
from sophdesk.domain.redaction import KnownSecret, redact

#: Known secrets are read from the keyring at most this often (seconds).
KNOWN_TTL = 60.0

_lock = threading.Lock()
_cache: tuple[float, tuple[KnownSecret, ...]] | None = None


def known_secrets() -> tuple[KnownSecret, ...]:
    """The keyring's known secrets, cached for a minute; empty without a keyring."""
    global _cache
    with _lock:
        if _cache is not None and time.monotonic() - _cache[0] < KNOWN_TTL:
            return _cache[1]
    from sophdesk.services.secrets import load_known

    found = load_known(may_prompt=False).secrets
    with _lock:
        _cache = (time.monotonic(), tuple(found))
    return tuple(found)


def forget_known() -> None:
    """Read the keyring again next time (after ``secrets add`` or ``remove``)."""
    global _cache
    with _lock:
        _cache = None


def clean(text: str) -> str:
    """``text`` as it may be stored: every secret replaced by its placeholder."""
    if not text:
        return text
    return redact(text, known=known_secrets()).text


def clean_payload(value: Any) -> Any:
    """A JSON-like draft (the triage wizard's) with every string in it redacted; keys,
    numbers and the shape are kept."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {key: clean_payload(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_payload(item) for item in value]
    return value


def clean_evidence(evidence: Evidence) -> Evidence:
    """The evidence with every value and unknown-reason redacted."""
    items = {
        key: EvidenceItem(
            clean(item.value) if item.value else item.value,
            clean(item.unknown_reason) if item.unknown_reason else item.unknown_reason,
        )
        for key, item in evidence.items.items()
    }
    return Evidence(items)
