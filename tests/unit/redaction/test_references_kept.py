"""What must stay: a reference to a secret or a placeholder for one is not a secret.

Every rule that removes a labelled value asks :func:`.dummies.looks_like_dummy`;
here each reference or placeholder is put after every kind of label a real
value is removed from (``test_credential_syntax.py``) and must come out verbatim.
"""

from __future__ import annotations

import itertools

import pytest

from sophdesk.domain.redaction import redact

REFERENCES = (
    "$PASSWORD", "$db_pass", "${VAR}", "${DB_PASS:-}", "${{ secrets.DB_PASSWORD }}",
    "${{ env.SMTP_PASS }}", "{{ vault_db_password }}", "$(cat /run/secrets/db)",
    "var.db_password", "local.api_token", "process.env.API_KEY", "%PASSWORD%",
    "%(password)s", "<password>", "<your-api-key>", "[api key]", "{token}",
    "xxxxxxxxxxxx", "XXXXXXXXXXXXXXXX", "********", "••••••••",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "insert_key_here",
    "your-api-key", "YOUR_API_KEY_HERE", "your_password", "changeme", "replace-me",
    "<REDACTED>", "dummy-token", "example-secret", "!vault", "!Ref DbPassword",
)  # fmt: skip
# Placeholders in a provider's own token shape (sk-xxxx..., AKIA...EXAMPLE, ghp_xxxx...) are
# found by the token shapes (tokens.py), whatever the label says: not asked here.

NAMES = ("password", "DB_PASSWORD", "smtp_pass", "api_key", "token", "secret", "Passwort",
         "DB_PASSWORD_PROD", "clientSecret")  # fmt: skip

SYNTAXES = (
    "{n}: {v}",
    "{n}={v}",
    '{n} = "{v}"',
    '"{n}": "{v}"',
    "'{n}' => '{v}',",
    "export {n}={v}",
    "{n} ?= {v}",
    "settings:\n  {n}:\n    secure: {v}\n",
    "{n}:\n  {v}\n",
    "env:\n  - name: {n}\n    value: {v}\n",
    '<add key="{n}" value="{v}"/>',
    'props.setProperty("{n}", "{v}");',
    "**{n}:** {v}",
    "| {n} | {v} |",
)


def _needs_no_brackets(syntax: str, value: str) -> bool:
    # "<password>" inside an XML attribute or "{token}" in a JSON template is another
    # document's syntax; those combinations say nothing.
    return not (value[0] in "<{" and ("<add" in syntax or syntax.startswith('"')))


CASES = [(s, v) for s, v in itertools.product(SYNTAXES, REFERENCES) if _needs_no_brackets(s, v)]


@pytest.mark.parametrize(("syntax", "value"), CASES, ids=lambda x: x)
def test_reference_or_placeholder_stays_verbatim(syntax: str, value: str) -> None:
    for name in NAMES:
        text = syntax.format(n=name, v=value)
        result = redact(text)
        assert value in result.text, (text, result.text, result.findings)


@pytest.mark.parametrize("value", REFERENCES)
def test_reference_in_prose_stays(value: str) -> None:
    for sentence in ("the password is {v}", "set the token to {v} in .env", "Passwort: {v}"):
        text = sentence.format(v=value)
        assert value in redact(text).text, text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Authorization: Bearer YOUR_API_KEY", "YOUR_API_KEY"),
        ("Authorization: Bearer $OPENAI_API_KEY", "$OPENAI_API_KEY"),
        ("curl -u admin:$ADMIN_PASSWORD https://x.example", "$ADMIN_PASSWORD"),
        ("mysql -u root -p$MYSQL_ROOT_PASSWORD wp", "$MYSQL_ROOT_PASSWORD"),
        ("DB_PASSWORD=${DB_PASSWORD:?missing}", "${DB_PASSWORD:?missing}"),
        ("password: !vault |", "!vault"),
        ("mysql://wp:${DB_PASS}@db:3306/wp", "${DB_PASS}"),
        ("https://admin:<password>@shop.example.com/", "<password>"),
        ("Authorization: Bearer xxxxxxxxxxxxxxxx12", "xxxxxxxxxxxxxxxx12"),
        ("api token for the shop: YOUR_TOKEN_HERE_1234567890abc", "YOUR_TOKEN_HERE_1234567890abc"),
        ("sshpass -p$SSH_PASS ssh root@host", "$SSH_PASS"),
    ],
)
def test_references_in_commands_and_headers(text: str, kept: str) -> None:
    assert kept in redact(text).text, redact(text).text


@pytest.mark.parametrize(
    "secret",
    [
        "passepartout-9QxW2",
        "Examples4Xq7m",
        "yourself-Xq7mP2",
        "changemeplease9X",
        "herefordQ7x9",
        "dummyproof7Q",
        "xxxhunter2kettle",
    ],
)
def test_a_placeholder_word_counts_only_as_a_whole_token(secret: str) -> None:
    # "example", "your", "changeme", "here", "dummy" inside a longer word say nothing.
    for text in (f"password: {secret}", f"DB_PASSWORD={secret}", f"the password is {secret}"):
        assert secret not in redact(text).text, text
