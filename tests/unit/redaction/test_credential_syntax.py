"""Credentials in any syntax: every secret-naming word with every way of attaching a value.

The words and the attachments are two independent axes; the tests take their
product (not a list of examples), in every language the customers write, and
assert what a user sees: no 8 consecutive characters of the value survive. The
other side: sentences about a password ("the password is wrong") keep their
words.
"""

from __future__ import annotations

import itertools

import pytest

from sophdesk.domain.redaction import redact

from .helpers import survives

VALUES = ("Xq7mP2vL9wKz", "hunter2kettle")

# -- identifiers: any case, compounds at a token boundary ----------------------------------

IDENTIFIERS = (
    "password", "PASSWORD", "Password", "pass", "passwd", "pwd", "pw", "passphrase",
    "secret", "token", "api_key", "apiKey", "API_KEY", "x-api-key", "Passwort", "Kennwort",
    "mdp", "senha", "wachtwoord", "haslo", "clave",
    "smtp_pass", "SMTP_PASSWORD", "DB_PASSWORD_PROD", "password_super_secure", "fooToken",
    "mailerPass", "clientSecret", "db.password", "mail.smtp.password", "adminPassword",
    "MYSQL_ROOT_PASSWORD", "wp_pass", "auth_token", "AccessToken", "secretKey",
)  # fmt: skip
# Names that are not plain identifiers: non-ASCII letters, spaces.
LABELS = (*IDENTIFIERS, "contraseña", "Contraseña", "hasło", "Hasło", "mot de passe",
          "Mot de passe", "API key", "api key", "parola d'ordine", "Kennwort", "SENHA")  # fmt: skip

# Attachments a name of any kind takes: "{n}" the name, "{v}" the value.
LABEL_SYNTAXES = (
    "{n}: {v}",
    "{n}={v}",
    "{n} = {v}",
    "{n} : {v}",
    '"{n}": "{v}"',
    "'{n}' => '{v}',",
    "{n}: „{v}“",
    "{n}: \u201a{v}\u2018",
    "{n}: «{v}»",
    "{n}: »{v}«",
    "{n}: \u2039{v}\u203a",
    "{n}: “{v}”",
    "{n}: \u2018{v}\u2019",
    "{n}: `{v}`",
    "{n}:\n```\n{v}\n```\n",
    "settings:\n  {n}:\n    secure: {v}\n",
    "{n}: |\n  {v}\n",
    "{n} = \n    {v}\n",
    "**{n}:** {v}",
    "| {n} | {v} |",
    '"{n}": {{"secure": "{v}"}}',
    "{n}:\n  - {v}\n",
    "{n} (prod): {v}",
    "{n} -> {v}",
)
# Attachments that take an identifier (code, configuration, requests).
CODE_SYNTAXES = (
    "${n} = '{v}';",
    '$config["{n}"] = "{v}";',
    'const {n} = "{v}";',
    "{n} = '{v}'",
    'var {n} string = "{v}"',
    '{n} := "{v}"',
    'props.setProperty("{n}", "{v}");',
    'map.put("{n}", "{v}");',
    'os.environ.setdefault("{n}", "{v}")',
    "export {n}={v}",
    "{n} ?= {v}",
    "{n} := {v}",
    "{n} ::= {v}",
    "[database]\n{n} = {v}\n",
    '[smtp]\n{n} = "{v}"\n',
    "<{n}>{v}</{n}>",
    "<{n}>\n  {v}\n</{n}>",
    '<add key="{n}" value="{v}"/>',
    '<property name="{n}" value="{v}"/>',
    "env:\n  - name: {n}\n    value: {v}\n",
    '{{"name": "{n}", "value": "{v}"}}',
    '{{"{n}": "{v}", "debug": true}}',
    "log=admin&{n}={v}&wp-submit=Log+In",
    "curl -X POST -d {n}={v} https://shop.example.com/wp-login.php",
    "curl --data-urlencode '{n}={v}' https://shop.example.com/",
    "{{&quot;{n}&quot;:&quot;{v}&quot;}}",
    "{n}&#61;{v}",
)


def _removed(text: str, value: str) -> None:
    out = redact(text).text
    assert not survives(value, out), f"{text!r} -> {out!r}"


@pytest.mark.parametrize(
    ("syntax", "name"), list(itertools.product(LABEL_SYNTAXES, LABELS)), ids=lambda x: x
)
def test_any_label_with_any_separator_or_quote(syntax: str, name: str) -> None:
    for value in VALUES:
        _removed(syntax.format(n=name, v=value), value)


@pytest.mark.parametrize(
    ("syntax", "name"), list(itertools.product(CODE_SYNTAXES, IDENTIFIERS)), ids=lambda x: x
)
def test_any_identifier_in_any_code_or_config_syntax(syntax: str, name: str) -> None:
    for value in VALUES:
        _removed(syntax.format(n=name, v=value), value)


# -- prose, in every language ---------------------------------------------------------------

PROSE = (
    # English
    "password {v}", "Password {v} for the shop", "the password is {v}", "my password is {v}",
    "My password is {v}.", "The password for the admin account is {v}", "pass: {v}",
    "user admin / pass {v}", "login admin pw {v}", "passwd {v}", "pwd {v}",
    "the api key is {v}", "API key {v}", "token {v}", "my token is {v}", "secret: {v}",
    "credentials: admin / {v}", "login: admin {v}", "I changed the password to {v} yesterday",
    "the password is now {v}", "Password is „{v}“", "the password is '{v}'",
    "the password is `{v}`", "passphrase {v}",
    # German
    "mein Passwort ist {v}", "das Kennwort lautet {v}", "Passwort: {v}",
    "Zugangsdaten: admin / {v}", "das Passwort für den Admin ist {v}",
    # Spanish
    "la contraseña es {v}", "mi clave es {v}", "Contraseña: {v}", "Clave API: {v}",
    # French
    "le mot de passe est {v}", "mdp : {v}", "Mot de passe : {v}",
    "le mot de passe de l'admin est {v}",
    # Portuguese
    "a senha é {v}", "minha senha é {v}", "Senha: {v}",
    # Dutch
    "het wachtwoord is {v}", "mijn wachtwoord is {v}", "Wachtwoord: {v}",
    # Italian
    "la password è {v}", "la parola d'ordine è {v}",
    # Polish
    "hasło to {v}", "moje hasło to {v}", "Hasło: {v}", "haslo: {v}", "hasło jest {v}",
    # a qualifier before the colon, in each language
    "Password for the staging site: {v}", "Passwort für FTP: {v}", "Contraseña del FTP: {v}",
    "Mot de passe du compte admin : {v}", "Senha do banco: {v}",
    "Wachtwoord voor de database: {v}", "Password del database: {v}", "Hasło do panelu: {v}",
)  # fmt: skip


@pytest.mark.parametrize("sentence", PROSE)
@pytest.mark.parametrize("case", ["as written", "upper", "lower"])
def test_prose_in_every_language(sentence: str, case: str) -> None:
    for value in VALUES:
        text = sentence.format(v=value)
        if case == "upper":
            text = text.upper()
            value = value.upper()
        elif case == "lower":
            text = text.lower()
            value = value.lower()
        _removed(text, value)


def test_the_issue_sentence() -> None:
    _removed("My password is hunter2kettle", "hunter2kettle")


@pytest.mark.parametrize(
    "text",
    [
        "admin:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/",
        "bob:$2y$10$abcdefghijklmnopqrstuuQ9bDIlXWm0F8Fz4t2kq2Yz1W1yHDQ3a",
        "carol:{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=",
        "user_pass: $P$BxyzA1b2c3d4e5f6g7h8i9j0kLmNoPq.",
    ],
)
def test_htpasswd_lines_and_password_hashes(text: str) -> None:
    hashed = text.split(":", 1)[1].strip()
    out = redact(text).text
    assert not survives(hashed, out), out
    assert text.split(":", 1)[0] in out  # the user name stays


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("curl -u admin:Xq7mP2vL9wKz https://x.example", "Xq7mP2vL9wKz"),
        ("curl --user 'admin:Xq7mP2vL9wKz' https://x.example", "Xq7mP2vL9wKz"),
        ("curl -d 'user=admin&password=Xq7mP2vL9wKz' https://x.example", "Xq7mP2vL9wKz"),
        ("log=admin&pwd=hunter2kettle&wp-submit=Log+In&testcookie=1", "hunter2kettle"),
        (
            "Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n"
            "the password is hunter2kett=\nle, thanks",
            "hunter2kettle",
        ),
        (
            "Content-Transfer-Encoding: quoted-printable\n\nDB_PASSWORD=3DXq7mP2vL9wKz\n",
            "Xq7mP2vL9wKz",
        ),
        ("&lt;password&gt;Xq7mP2vL9wKz&lt;/password&gt;", "Xq7mP2vL9wKz"),
    ],
)
def test_requests_and_encodings(text: str, value: str) -> None:
    _removed(text, value)


# -- what stays: sentences about passwords, words that only contain one ---------------------

KEPT = (
    "the password is wrong", "The password is incorrect.", "the password is expired",
    "the password was reset yesterday", "password reset link sent to the customer",
    "token expired at 10:32", "the token expired", "key features of SophMate 3.4",
    "we bypass the cache", "use a compass", "the passenger list", "tokenizer counts 512 tokens",
    "passport number is required", "the password is auto-generated",
    "the password isn't working", "my password doesn't work since v2.3.1",
    "password must be 12+ characters", "passwords must contain 8 characters",
    "password_reset_url=https://example.com/reset", "PASSWORD_MIN_LENGTH=8", "token_ttl=3600",
    "secret_name: prod-db", '"max_tokens": 1024, "prompt_tokens": 312',
    "__( 'Password', 'sophmate' )", 'esc_html__("Password", "sophmate-domain")',
    "login to wp-admin and check", "the login page is broken", "auth failed for user admin",
    "credentials are stored in the keyring", "pass the nonce to the request",
    "the test will pass 2 times", "token limit 4096", "the api key is missing",
    "the api key is in the keyring", "passwordless login is enabled", "token_type: bearer",
    "la contraseña es incorrecta", "le mot de passe est incorrect", "das Passwort ist falsch",
    "a senha é inválida", "het wachtwoord is onjuist", "la password è sbagliata",
    "hasło jest nieprawidłowe", "change your password at https://example.com/account",
    "pw reset done", "passwordField.value = input.value", "the key is in the drawer",
    "SophMate 3.4.1 asks for the API key on step 2", "Passwort vergessen? Link: https://x.de/r",
    "Hi, I reset my password twice but the login still fails with error 403.",
    "Das Passwort wurde am 12.03.2025 geändert.", "La contraseña caducó el 2025-03-01.",
    "Le mot de passe a été changé hier soir à 22h30.", "A senha expirou ontem às 10:32.",
    "Het wachtwoord werkt niet meer sinds versie 3.4.", "Hasło nie działa od wersji 3.4.1.",
    "the token (JWT) expires after 3600s", "password for staging: in the vault",
    '"password": {{"type": "string", "minLength": 12}}', "token: valid",
    "from .labels import CREDENTIAL, label_kind", "secrets: list[KnownSecret] = []",
    "MAX_SECRETS = 500", '_TOKEN_NOT = ("page", "next", "cursor")',
    'if w not in ("passwort", "kennwort"):', 'sandbox.ok("secrets", "add", "db-pass")',
    "palabra clave: wordpress2024", "la palabra clave es seo-2024",
)  # fmt: skip


@pytest.mark.parametrize("text", KEPT)
def test_sentences_about_secrets_keep_their_words(text: str) -> None:
    result = redact(text)
    assert result.text == text, (result.text, result.findings)


@pytest.mark.parametrize(
    "text",
    [
        "He read out his admin password over the phone, I wrote it down: Eiche-Massiv_1983",
        "Strato master password he gave: Eiche-Massiv_1983",
        "het wachtwoord voor de winkel (niet de database): Eiche-Massiv_1983",
    ],
)
def test_a_colon_later_in_the_sentence_attaches_the_password(text: str) -> None:
    assert "Eiche-Massiv_1983" not in redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        "(token gho_N1mNVsdCnotNU6mFdQDgpTC9tN9vJWvoSNfm) x-github-request-id: E4A1:3C2B:1D9F0A",
        "Password policy. Note: Abc123x stays",
        "the password reset page https://shop.example/a: Abc123x stays",
    ],
)
def test_a_colon_after_a_value_or_another_sentence_attaches_nothing_more(text: str) -> None:
    tail = text.split(": ")[-1].split()[0]
    assert tail in redact(text).text


@pytest.mark.parametrize(
    "text",
    ["creds -> admin:Zq8vN3kLp2", "credentials → admin / Zq8vN3kLp2", "login => admin Zq8vN3kLp2"],
)
def test_a_user_and_password_after_an_arrow_lose_the_password(text: str) -> None:
    assert "Zq8vN3kLp2" not in redact(text).text
