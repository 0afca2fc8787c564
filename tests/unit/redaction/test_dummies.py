"""References and placeholders are not secrets; real-looking values are."""

import pytest

from sophdesk.domain.redaction.dummies import looks_like_dummy

DUMMIES = [
    "$PASSWORD",
    "${VAR}",
    "${DB_PASS:-secret}",
    "${{ secrets.OPENAI_KEY }}",
    "{{ vault_db_password }}",
    "$(cat /run/secrets/db)",
    "var.db_password",
    "process.env.STRIPE_KEY",
    'os.environ["SMTP_PASS"]',
    "getenv('API_KEY')",
    "%PASSWORD%",
    "%(password)s",
    "<password>",
    "[your api key]",
    "{token}",
    "xxxxxxxxxxxx",
    "********",
    "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxx1234",
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "insert_key_here",
    "your-api-key",
    "YOUR_API_KEY_HERE",
    "changeme",
    "replace-me",
]

SECRETS = [
    "hunter2kettle",
    "Pa55w0rd!2024",
    "sk-proj-Ab3dEf9hIjKlMnOpQrStUvWx",
    "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    "My$ecret",
    "s3cr3t_$tuff",
    "t0p-s3cret-here9",
    "xoxb-2048-4096-AbCdEfGhIjKlMnOpQrStUv",
]


@pytest.mark.parametrize("value", DUMMIES)
def test_reference_or_placeholder_is_a_dummy(value: str) -> None:
    assert looks_like_dummy(value)


@pytest.mark.parametrize("value", SECRETS)
def test_real_looking_value_is_not_a_dummy(value: str) -> None:
    assert not looks_like_dummy(value)


def test_a_timestamp_inside_a_value_does_not_make_it_a_dummy() -> None:
    assert not looks_like_dummy("admin|1700000000|Zq8vN3kLp2Wx7RtY")
    assert looks_like_dummy("sk_live_000000000000")
