"""Shared checks: a secret is gone when no 8 consecutive characters of it survive."""

from __future__ import annotations

from sophdesk.domain.redaction import Redaction, redact


def survives(secret: str, output: str, window: int = 8) -> bool:
    if len(secret) < window:
        return secret in output
    return any(secret[i : i + window] in output for i in range(len(secret) - window + 1))


def assert_removed(text: str, secret: str, *, category: str | None = None) -> Redaction:
    result = redact(text)
    assert not survives(secret, result.text), result.text
    if category is not None:
        assert category in {f.category for f in result.findings}, result.findings
    return result


def assert_kept(text: str, token: str) -> Redaction:
    result = redact(text)
    assert token in result.text, (result.text, result.findings)
    return result
