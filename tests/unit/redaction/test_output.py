"""The contract: placeholders, findings, allow, extra and known secrets."""

from __future__ import annotations

import base64
import json

from sophdesk.domain.redaction import CATEGORIES, KnownSecret, redact

KEY = "sk-proj-Q9vX2mTz7LkP4aR8wYb3Nc6Hd1Fg5Js0Ue2Oi9Kl4Mn7Bv3Cx8Za1Sd6Fg2Hj5"
OTHER = "sk-proj-Z1aS2dF3gH4jK5lQ6wE7rT8yU9iO0pA1sD2fG3hJ4kL5zX6cV7bN8mQ9wE0rT1y"


def test_same_value_same_placeholder_and_numbering_per_kind() -> None:
    text = f"a {KEY}\nb {OTHER}\nc {KEY}\nmaria@example.org"
    result = redact(text)
    assert result.text == ("a [openai-key-1]\nb [openai-key-2]\nc [openai-key-1]\n[email-1]")


def test_findings_are_in_order_with_line_and_column_and_no_value() -> None:
    text = f"first line\n  key {KEY}\nmail maria@example.org"
    result = redact(text)
    assert [f.start for f in result.findings] == sorted(f.start for f in result.findings)
    key, mail = result.findings
    assert (key.line, key.column) == (2, 7)
    assert text[key.start : key.end] == KEY
    assert (mail.line, mail.column) == (3, 6)
    for finding in result.findings:
        assert finding.category in CATEGORIES
        assert KEY not in repr(finding)
        assert "maria@" not in repr(finding)
        assert finding.rule


def test_replacing_findings_in_order_gives_the_text() -> None:
    text = f"Hi Maria,\ncard 4111 1111 1111 1111, key {KEY}, ip 84.132.17.201\n"
    result = redact(text)
    rebuilt, pos = [], 0
    for f in result.findings:
        rebuilt += [text[pos : f.start], f.placeholder]
        pos = f.end
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == result.text


def test_allow_restores_a_false_positive() -> None:
    text = "contact support@example.org or maria@example.org"
    result = redact(text, allow={"support@example.org"})
    assert "support@example.org" in result.text
    assert "maria@example.org" not in result.text
    assert len(result.findings) == 1


def test_extra_span_is_removed_as_manual_and_merges_with_overlaps() -> None:
    text = f"ticket 4711 for ACME internal project Falcon, key {KEY}"
    start = text.index("Falcon")
    result = redact(text, extra=[(start, start + len("Falcon"))])
    manual = [f for f in result.findings if f.category == "manual"]
    assert len(manual) == 1
    assert manual[0].rule == "operator"
    assert manual[0].kind == "manual"
    assert "Falcon" not in result.text

    key_at = text.index(KEY)
    merged = redact(text, extra=[(key_at - 5, key_at + 10)])
    assert [f.category for f in merged.findings] == ["manual"]
    assert merged.findings[0].start == key_at - 5
    assert merged.findings[0].end == len(text)


def test_known_secret_raw_and_encoded() -> None:
    secret = "Hx8-local-only-2024"
    known = [KnownSecret("Staging admin", secret)]
    encoded = [
        secret,
        base64.b64encode(secret.encode()).decode(),
        json.dumps({"v": secret + '"'})[6:-2],
        "Hx8-local-only-2024".replace("-", "%2D"),
    ]
    text = "\n".join(f"value {e} end" for e in encoded)
    result = redact(text, known=known)
    for e in encoded:
        assert e not in result.text
    kinds = {f.category for f in result.findings}
    assert kinds == {"known_secret"}
    assert len({f.placeholder for f in result.findings}) == 1


def test_known_secret_inside_base64_credentials() -> None:
    secret = "Hx8-local-only-2024"
    blob = base64.b64encode(f"admin:{secret}".encode()).decode()
    result = redact(f"Authorization: Basic {blob}", known=[KnownSecret("admin", secret)])
    assert blob not in result.text


def test_empty_and_clean_text() -> None:
    assert redact("").text == ""
    clean = "PHP Warning: Undefined variable $x in /var/www/html/index.php on line 12\n"
    assert redact(clean).text == clean
    assert redact(clean).findings == ()
