"""What an engineer needs to reproduce a problem survives: look-alikes are kept."""

from __future__ import annotations

import pytest

from .helpers import assert_kept


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("request_id=0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e"),
        (
            "X-Request-Id: 3b241101-e2bb-4255-8caf-4136c566a962",
            "3b241101-e2bb-4255-8caf-4136c566a962",
        ),
        (
            "commit 3f786850e387550fdab836ed7e6dc881de23001b",
            "3f786850e387550fdab836ed7e6dc881de23001b",
        ),
        (
            "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        ("md5 9e107d9d372bb6826bd81d3542a419d6", "9e107d9d372bb6826bd81d3542a419d6"),
        ("order #4111111111111112 failed", "4111111111111112"),
        ("charge ch_3Q4K9DSbQKJk2TlW7wBWaYnX", "ch_3Q4K9DSbQKJk2TlW7wBWaYnX"),
        ("intent pi_3QFBsAbLCZhhuYacc2ZXfIHK", "pi_3QFBsAbLCZhhuYacc2ZXfIHK"),
        ("customer cus_NffrFeUfNV2Hib", "cus_NffrFeUfNV2Hib"),
        ("event evt_1NG8Du2eZvKYlo2CUI79vXWy", "evt_1NG8Du2eZvKYlo2CUI79vXWy"),
        ("CF-Ray: 8a1b2c3d4e5f6a7b-FRA", "8a1b2c3d4e5f6a7b-FRA"),
        ("SophMate 3.4.1 on WordPress 6.5.3, PHP 8.2.18", "6.5.3"),
        ("Chrome/120.0.0.0 Safari/537.36", "120.0.0.0"),
        ("at 2025-03-06T07:15:03+00:00 it failed", "2025-03-06T07:15:03+00:00"),
        ("[12-May-2025 10:22:01 UTC] PHP Fatal error", "12-May-2025 10:22:01 UTC"),
        (
            "see https://shop.example.com/checkout/?step=2",
            "https://shop.example.com/checkout/?step=2",
        ),
        ("error code rate_limit_exceeded (429)", "rate_limit_exceeded"),
        ("DB_HOST=127.0.0.1", "127.0.0.1"),
        ('"max_tokens": 1024, "prompt_tokens": 312', '"max_tokens": 1024'),
        ('Undefined array key "model" in class-provider.php', 'Undefined array key "model"'),
    ],
)
def test_look_alikes_and_context_are_kept(text: str, token: str) -> None:
    assert_kept(text, token)


def test_url_keeps_everything_but_the_password() -> None:
    result = assert_kept("mysql://wp_user:S3cr3tPass99@db.internal:3306/wp", "db.internal:3306/wp")
    assert "wp_user" in result.text
    assert "S3cr3tPass99" not in result.text


def test_uuid_next_to_a_purchase_code_is_kept() -> None:
    text = (
        "purchase code 86781236-23d0-4b3c-7dfa-c1c147e0dece verify failed "
        "(request 3b241101-e2bb-4255-8caf-4136c566a962)"
    )
    result = assert_kept(text, "3b241101-e2bb-4255-8caf-4136c566a962")
    assert "86781236-23d0-4b3c-7dfa-c1c147e0dece" not in result.text


def test_last_four_digits_of_a_card_are_not_a_card() -> None:
    assert_kept("paid with visa ending 4242", "4242")
