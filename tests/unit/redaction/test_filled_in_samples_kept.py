"""Values a test file or a README fills in, and names that say so, are kept: one character
over and over after a prefix, a name that negates itself, code that computes the value.
Each with the nearest real secret that must still go."""

from __future__ import annotations

import pytest

from sophdesk.domain.redaction import redact
from sophdesk.domain.redaction.dummies import looks_like_dummy

from .helpers import assert_removed


@pytest.mark.parametrize(
    "value",
    [
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "AIzaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "akiazzzzzzzzzzzzzzzz",
        "glc_111111111111111111111111111111111111111111=",
        "sk-proj-bbbbbbbbbbbbbbbbbbbbbbbbbbbb",
    ],
)
def test_one_character_over_and_over_is_a_filled_in_sample(value: str) -> None:
    assert looks_like_dummy(value)


@pytest.mark.parametrize(
    "value",
    [
        "AKIAIOSFODNN7QWERTYU",
        "ssh-rsa AAAAAAAAAAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA9x0vKWm4c5vA8mZ0PdKkX2pQ",
        "Xq7mP2vL9wKzzzzz",
        "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ",
    ],
)
def test_a_short_run_or_a_run_inside_a_longer_value_is_not_a_sample(value: str) -> None:
    assert not looks_like_dummy(value)


@pytest.mark.parametrize(
    "text",
    [
        'const privateaiToken = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";',
        'apiKey: "AIzaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"',
        "not_secret = notapassword",
        'nonMatchingToken := "Zk29vLq81mPx"',
        "fake_password = Hunter2kettle",
        "dummy-api-key: Zk29vLq81mPxWq",
        "secret = get_secret_key()",
        'secret = request.headers["apikey"]',
        "token = self.auth.token()",
        "-e SUMO_ACCESS_KEY=`etcdctl get /sumologic_secret`",
    ],
)
def test_samples_negated_names_and_code_are_kept(text: str) -> None:
    result = redact(text)
    assert result.text == text, (result.text, result.findings)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("NONCE_KEY='*WklrGkZ_[(E]SW(;UUcXdD{8ac<<iW`&uVU'", "*WklrGkZ_[(E]SW(;UUcXdD"),
        ("notes_password = Hunter2kettle", "Hunter2kettle"),
        ("password = Hunter2(kettle)", "Hunter2"),
        ("secret = Zk29vLq81mPxWq", "Zk29vLq81mPxWq"),
        ('password = "Rootpasswd9"', "Rootpasswd9"),
        ("password: `hunter2kettle`", "hunter2kettle"),
    ],
)
def test_real_values_beside_those_forms_still_go(text: str, value: str) -> None:
    assert_removed(text, value)
