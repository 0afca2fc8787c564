"""Properties that hold for any text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sophdesk.domain.redaction import redact
from sophdesk.domain.redaction.placeholders import PLACEHOLDER

PIECES = st.sampled_from(
    [
        "password=",
        "Authorization: Bearer ",
        "sk-proj-",
        "Hi ",
        "Maria",
        "@example.org",
        "4111 1111 1111 1111",
        "84.132.17.201",
        "\\u0040",
        "%40",
        "&#64;",
        "=\n",
        "' . '",
        "\n",
        " ",
        ":",
        '"',
        "0f8fad5b-d9cb-469f-a165-70867728950e",
        "purchase code ",
        "define('DB_PASSWORD', '",
        "| name | value |\n|---|---|\n",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=400), st.lists(st.one_of(PIECES, st.text(max_size=12))).map("".join)
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXTS)
def test_never_raises_and_findings_are_consistent(text: str) -> None:
    result = redact(text)
    last_end = 0
    for finding in result.findings:
        assert last_end <= finding.start < finding.end <= len(text)
        assert finding.placeholder in result.text
        last_end = finding.end


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXTS)
def test_redacting_redacted_text_touches_no_placeholder(text: str) -> None:
    once = redact(text)
    twice = redact(once.text)
    placeholders = [m.span() for m in PLACEHOLDER.finditer(once.text)]
    for finding in twice.findings:
        for start, end in placeholders:
            assert finding.end <= start or end <= finding.start, (once.text, finding)
