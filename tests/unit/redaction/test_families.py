"""Each family of secret is removed, in the shapes real evidence shows it."""

from __future__ import annotations

import pytest

from .helpers import assert_removed

OPENAI = "sk-proj-Q9vX2mTz7LkP4aR8wYb3Nc6Hd1Fg5Js0Ue2Oi9Kl4Mn7Bv3Cx8Za1Sd6Fg2Hj5"
ANTHROPIC = "sk-ant-api03-h7Kd92LmQp4Rz8Tx1Vw6Yb3Nc5Jf0Ga2Ue9Io7Pl4Mk1Nb8Vc6Xz3Sd5Fg-AbCdEAA"


@pytest.mark.parametrize(
    ("text", "secret", "category"),
    [
        (f"Authorization: Bearer {OPENAI}", OPENAI, "provider_key"),
        (
            "OPENAI_API_KEY=sk-svcacct-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56",
            "sk-svcacct-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56",
            "provider_key",
        ),
        (f"x-api-key: {ANTHROPIC}", ANTHROPIC, "provider_key"),
        (
            "key=AIzaSyD4x9K2mLp7Qr8Tz1Vw6Yb3Nc5Jf0Ga2Ue&q=1",
            "AIzaSyD4x9K2mLp7Qr8Tz1Vw6Yb3Nc5Jf0Ga2Ue",
            "provider_key",
        ),
        (
            "GROQ_API_KEY=gsk_8Hd72KqLm4Np9Rs3Tv6Wx1Yz5Ab0Cd2Ef7Gh4Ij9Kl3Mn6Op1Qr",
            "gsk_8Hd72KqLm4Np9Rs3Tv6Wx1Yz5Ab0Cd2Ef7Gh4Ij9Kl3Mn6Op1Qr",
            "provider_key",
        ),
        (
            "openrouter: 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",
            "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",
            "provider_key",
        ),
        (
            "MISTRAL_API_KEY=Xq7Lm2Np9Rs4Tv1Wx6Yz3Ab8Cd5Ef0Gh",
            "Xq7Lm2Np9Rs4Tv1Wx6Yz3Ab8Cd5Ef0Gh",
            "provider_key",
        ),
        (
            '"cohere_api_key": "Hk29Lm4Np7Qr1St6Uv3Wx8Yz0Ab5Cd2Ef9Gh4Ij7K"',
            "Hk29Lm4Np7Qr1St6Uv3Wx8Yz0Ab5Cd2Ef9Gh4Ij7K",
            "provider_key",
        ),
        (
            "api-key: 8f3c2a9d7e1b4f6a0c5d9e2b7f3a8c4d",
            "8f3c2a9d7e1b4f6a0c5d9e2b7f3a8c4d",
            "provider_key",
        ),
        ("aws_access_key_id = AKIAIOSFODNN7EXAMPL3", "AKIAIOSFODNN7EXAMPL3", "service_token"),
        (
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYz3xAmPl3KeY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYz3xAmPl3KeY",
            "service_token",
        ),
        (
            "Stripe key sk_live_51Hx2KqLm4Np9Rs3Tv6Wx1Yz5Ab0Cd loaded",
            "sk_live_51Hx2KqLm4Np9Rs3Tv6Wx1Yz5Ab0Cd",
            "service_token",
        ),
        (
            "restricted rk_test_51Hx2KqLm4Np9Rs3Tv6Wx1Yz5Ab0Cd",
            "rk_test_51Hx2KqLm4Np9Rs3Tv6Wx1Yz5Ab0Cd",
            "service_token",
        ),
        (
            "token=ghp_4Hd72KqLm4Np9Rs3Tv6Wx1Yz5Ab0Cd2Ef7Gh",
            "ghp_4Hd72KqLm4Np9Rs3Tv6Wx1Yz5Ab0Cd2Ef7Gh",
            "service_token",
        ),
        (
            "SLACK_BOT_TOKEN=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
            "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
            "service_token",
        ),
        (
            "webhook https://hooks.slack.com/services/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",
            "T0A1B2C3D/B4E5F6G7H/Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2",
            "service_token",
        ),
        (
            "braintree access_token$production$x7k2m9p4q8r1s6t3$0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c",
            "access_token$production$x7k2m9p4q8r1s6t3$0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c",
            "service_token",
        ),
    ],
)
def test_keys_and_tokens(text: str, secret: str, category: str) -> None:
    assert_removed(text, secret, category=category)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("define( 'DB_PASSWORD', 'Tr0ub4dor&3xyz' );", "Tr0ub4dor&3xyz"),
        ("define('SECURE_AUTH_SALT', 'q[7B|x^Lm=2!Pz@9wE$Kd+Yv');", "q[7B|x^Lm=2!Pz@9wE$Kd+Yv"),
        ("SMTP_PASSWORD=Hunter2Hunter2", "Hunter2Hunter2"),
        ('{"smtp": {"pass": "mailPw-8821x"}}', "mailPw-8821x"),
        ("DATABASE_URL=mysql://wp:S3cr3tPass99@db.internal:3306/wp", "S3cr3tPass99"),
        ("Authorization: Basic YWRtaW46czNjcjN0UGFzcw==", "YWRtaW46czNjcjN0UGFzcw=="),
        (
            "Cookie: wordpress_logged_in_5f2b8c1d9e3a7f4b6c0d2e8a1f5b9c3d"
            "=admin%7C1735689600%7CxYz123",
            "admin%7C1735689600%7CxYz123",
        ),
        ("Set-Cookie: PHPSESSID=9k2l8m4n6p0q3r7s5t1u; path=/", "9k2l8m4n6p0q3r7s5t1u"),
        ("password = 'correct horse battery'", "correct horse battery"),
        ('"client_secret": "cs_9f8e7d6c5b4a3f2e1d0c"', "cs_9f8e7d6c5b4a3f2e1d0c"),
        ("curl -u admin:Zq8xW2pL5mN3 https://example.org/wp-json", "Zq8xW2pL5mN3"),
        ("mysql -u root -p'Qw7!kd92Lx' shop", "Qw7!kd92Lx"),
    ],
)
def test_credentials(text: str, secret: str) -> None:
    assert_removed(text, secret, category="credential")


def test_jwt() -> None:
    jwt = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6Ik1hcmlhIn0"
        ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    )
    assert_removed(f"token {jwt} expired", jwt, category="credential")


def test_pem_private_key_also_inside_json() -> None:
    body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"
    pem = f"-----BEGIN PRIVATE KEY-----\\n{body}\\n-----END PRIVATE KEY-----\\n"
    assert_removed(f'{{"private_key": "{pem}", "type": "service_account"}}', body)
    assert_removed(pem.replace("\\n", "\n"), body, category="credential")


def test_purchase_code_when_labelled() -> None:
    code = "86781236-23d0-4b3c-7dfa-c1c147e0dece"
    assert_removed(f"Envato purchase code: {code}", code, category="purchase_code")
    assert_removed(f'{{"license_key":"{code}"}}', code, category="purchase_code")


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("card 4111 1111 1111 1111 declined", "4111 1111 1111 1111"),
        ("card 4111-1111-1111-1111 declined", "4111-1111-1111-1111"),
        ("pan=5555555555554444", "5555555555554444"),
        ("Amex 3782 822463 10005", "3782 822463 10005"),
        ("IBAN DE89 3704 0044 0532 0130 00 please", "DE89 3704 0044 0532 0130 00"),
        ("iban: GB82WEST12345698765432", "GB82WEST12345698765432"),
    ],
)
def test_payment(text: str, secret: str) -> None:
    assert_removed(text, secret, category="payment")


def test_cvv_and_expiry_near_a_card() -> None:
    result = assert_removed("card 4111111111111111 exp 09/28 cvc 731", "4111111111111111")
    assert "09/28" not in result.text
    assert "731" not in result.text
    assert {"card", "card-expiry", "cvv"} <= {f.kind for f in result.findings}


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("mail me at maria.lopez@example.org", "maria.lopez@example.org"),
        ("call +49 30 12345678 after 5", "+49 30 12345678"),
        ("phone: (555) 201-7788", "(555) 201-7788"),
        ("client 84.132.17.201 blocked", "84.132.17.201"),
        ("masked 84.132.17.xxx still leaks", "84.132.17.xxx"),
        ("from 2a01:4f8:c17:3e91::1 over IPv6", "2a01:4f8:c17:3e91::1"),
        ("ship to 742 Evergreen Terrace, Springfield", "742 Evergreen Terrace"),
        ("billing_first_name=Camille&billing_last_name=Fournier", "Fournier"),
        ("Name: Maria Lopez", "Maria Lopez"),
        ("Hi Jonas,\nthe plugin fails.", "Hi Jonas"),
        ("Thanks,\nPriya Raman\n", "Priya Raman"),
        ("Adresse: Hauptstraße 12, 10115 Berlin", "Hauptstraße 12"),
    ],
)
def test_private_details(text: str, secret: str) -> None:
    assert_removed(text, secret, category="private")
