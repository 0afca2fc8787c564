# ruff: noqa: RUF001  (typographic quotes are what these tests are about)
"""Credentials attached the way code, configuration and command lines attach them,
crossed with the secret-naming words: a builder or setter call, a heredoc, a shell
default, a Terraform variable, ``SetEnv``/``ENV``, TOML's triple quotes, Polish
quotes; a password after its flag, piped to ``sudo -S``, a positional argument of a
connection, a Go DSN. Each with the nearest form that must stay."""

from __future__ import annotations

import itertools

import pytest

from sophdesk.domain.redaction import redact

from .helpers import survives

VALUE = "Kx7-mPq2vL9w"
NAMES = ("password", "Password", "DB_PASSWORD", "smtp_pass", "mailPassword", "apiToken",
         "clientSecret", "db_password_old", "SMTP_PASSWORD_PROD")  # fmt: skip
CODE_FORMS = (
    'builder.{cap}("{v}").build();',
    'cfg.set{Cap}("{v}");',
    "$x = {n}('{v}');",
    "$" + "{n} = <<<EOT\n{v}\nEOT;",
    "{n}=<<EOF\n{v}\nEOF",
    "      - X=${{{n}:-{v}}}",
    "export X=${{{n}:={v}}}",
    'variable "{n}" {{\n  type      = string\n  sensitive = true\n  default   = "{v}"\n}}',
    "SetEnv {n} {v}",
    "ENV {n} {v}",
    "fastcgi_param {n} {v};",
    "{n} = '''{v}'''",
    '{n} = """{v}"""',
    "{n}: „{v}”",
    "{n}: ‚{v}’",
    '<{n} encoding="plain">{v}</{n}>',
)


def _cap(name: str) -> str:
    return name[:1].upper() + name[1:]


@pytest.mark.parametrize(("form", "name"), list(itertools.product(CODE_FORMS, NAMES)))
def test_every_name_in_every_code_form(form: str, name: str) -> None:
    if "{cap}" in form and not name[:1].islower():
        name = name.lower()
    text = form.format(n=name, v=VALUE, cap=name, Cap=_cap(name))
    if "$x = " in form:
        text = text.replace("$x = ", "$x = $client->")
    out = redact(text).text
    assert not survives(VALUE, out), out


@pytest.mark.parametrize(
    "text",
    [
        'String p = user.getPassword("x-key-2");',
        'if (check_password("Kx7-mPq2vL9w")) {}',
        "      - X=${SMTP_PASS:-$OTHER_PASS}",
        "echo ${DB_PASSWORD:-}",
        "set DB_PASSWORD",
        'variable "db_password" {\n  type = string\n}',
        "password = '''$DB_PASSWORD'''",
        "SetEnv DB_PASS ${DB_PASS}",
        '<password-field label="x">Enter password</password-field>',
        '<pass id="x"/>',
        '<password type="text">Enter your password</password>',
    ],
)
def test_code_that_names_a_password_without_giving_one_is_kept(text: str) -> None:
    result = redact(text)
    assert result.text == text, (result.text, result.findings)


# -- command lines and connections ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "sshpass -p '{v}' ssh deploy@host 'wp cache flush'",
        'sshpass -p "{v}" ssh root@host',
        "sshpass -p {v} rsync -az ./ deploy@host:/var/www",
        'echo "{v}" | sudo -S systemctl restart php8.2-fpm',
        "printf '{v}' | sudo -k -S apt update",
        "lftp -u popescu,{v} sftp://example.org -e 'mirror'",
        "smbclient //srv/share -U bob%{v}",
        'sendmail_path = "/usr/sbin/sendmail -t -i -au arjun -ap{v}"',
        "docker login --password {v} registry.example.org",
        "mytool --db-password {v} --verbose",
        "mysqli_real_connect(Object(mysqli), 'db', 'shop_wp', '{v}', 'shop', 3306, NULL, 0)",
        "$db = mysqli_connect('localhost', 'wp', '{v}', 'wp');",
        "$db = new mysqli('localhost', 'wp', '{v}', 'wp');",
        "$wpdb = new wpdb( 'wp_user', '{v}', 'wp', 'localhost' );",
        "SM_Mailer->connect('smtp.mailgun.org', 587, 'postmaster@mg.example.org', '{v}')",
        'var dbDSN = "shop:{v}@tcp(10.1.4.12:3306)/shop?parseTime=true"',
        "dsn := `root:{v}@unix(/var/run/mysqld.sock)/wp`",
    ],
)
def test_a_password_on_a_command_line_or_in_a_connection_is_removed(text: str) -> None:
    out = redact(text.format(v=VALUE)).text
    assert not survives(VALUE, out), out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ('sshpass -p "$SSH_PASS" ssh x', "$SSH_PASS"),
        ("lftp -u popescu sftp://example.org", "popescu"),
        ("mytool --password-file /etc/pw", "/etc/pw"),
        ("$db = new mysqli('localhost', 'wp', $pass, 'wp');", "'localhost', 'wp', $pass"),
        ("$sock->connect('example.org', 80);", "'example.org', 80"),
        ('dsn := "root:$DBPASS@tcp(db)/x"', "root:$DBPASS@tcp(db)"),
        ("echo hello | sudo tee /etc/motd", "echo hello"),
    ],
)
def test_commands_without_a_password_keep_their_words(text: str, kept: str) -> None:
    result = redact(text)
    assert kept in result.text, (result.text, result.findings)
