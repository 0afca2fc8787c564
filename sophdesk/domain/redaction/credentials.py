"""Credentials in any syntax: a secret-naming word, and the way a value is attached to it.

The two are independent. The words (:data:`_FAMILY`): password and its short
forms (pass, passwd, pwd, pw, passphrase, passcode), secret, token, API key,
credentials, login, auth, and "password" in German, Spanish, French,
Portuguese, Dutch, Italian and Polish (Passwort, Kennwort, contraseña, clave,
mot de passe, mdp, senha, wachtwoord, parola d'ordine, hasło), in any case,
alone or inside a compound name at a token boundary (``smtp_pass``,
``DB_PASSWORD_PROD``, ``fooToken``, ``mailerPass``, ``dbpassword``; never
``bypass``, ``passenger``, ``tokenizer``, ``secretary``, ``author``). The
attachments this module reads (the plain ``name: value`` / ``name = value`` on
one line, with the name ending in its word, is :func:`.labels._assign`'s):

* a compound name with a qualifier after the word: ``DB_PASSWORD_PROD=...``,
  ``password_super_secure: ...`` (not when the qualifier says the value is
  about the secret: ``password_reset_url``, ``token_ttl``, ``secret_name``);
* the value below a name alone on its line: YAML (``password:`` then
  ``secure: ...``, a list item or a block scalar), INI continuation lines, a
  code fence, an XML element; a JSON object's first field;
* a call with the name and the value as two strings: ``put("password", "...")``,
  ``setProperty("mail.smtp.password", "...")`` (not ``__("Password", "domain")``);
  a typed declaration: ``var password string = "..."``; a name field and a
  value field: ``<add key="Password" value="..."/>``, ``- name: DB_PASSWORD``
  then ``value: ...``; a Markdown label (``**Password:** ...``) or table row;
* prose: "password X", "the password is X", "the password for bob is X",
  "Senha do banco: X", "mein Passwort ist X", "la contraseña es X", "le mot de
  passe est X", "a senha é X", "het wachtwoord is X", "la password è X",
  "hasło to X", "user X / pass Y", "login X pw Y", "credentials: admin / X";
* password hashes wherever they are: ``.htpasswd`` lines, bcrypt, phpass.

Prose is judged by the value's shape, since "the password is wrong" and
"token expired" are sentences, not secrets: unquoted, a value counts only when
it holds a digit, a symbol inside it or a capital inside it (``hunter2kettle``,
``Pa$$word``, ``kettleHunter``), never when it reads as a word ("incorrect",
"auto-generated", "isn't"), a number, version, date, path, URL or e-mail, or a
name of code (``label_kind``, ``f(x)``); digits alone only after a join ("is",
":") and from six on; a quoted value counts unless it is a word of the stop
list. Every value is asked :func:`.dummies.looks_like_dummy` (through
:func:`.values.plausible_secret`): references and placeholders stay.

The words are found by literal-led patterns (anchored in one pass with the
other rules', :mod:`.anchors`); everything after a word is read only there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import anchors
from .dummies import looks_like_dummy
from .labels import CREDENTIAL, FOREIGN_PASSWORDS, assign_keyword, classify
from .scan import Hit, Scan
from .values import QUOTES, plausible_secret, read_value

_PRIORITY = 58  # below the labelled rules (60): where both find a value, theirs stands


def _low(word: str) -> str:
    """``word`` as the low view reads it (each non-ASCII character is \\x1a)."""
    return word.encode("ascii", "sophdesk-ascii").decode("ascii")


# word -> its family: "password", "secret", "token", "api-key", "pair" (a user and a password)
_FAMILY: dict[str, str] = {
    "password": "password", "passwd": "password", "passwort": "password",
    "kennwort": "password", "passphrase": "password", "passcode": "password",
    "pass": "password", "pwd": "password", "mdp": "password",
    "secret": "secret", "token": "token",
    "api key": "api-key", "api_key": "api-key", "apikey": "api-key", "api-key": "api-key",
    "access key": "api-key", "secret key": "api-key",
    "credentials": "pair", "credential": "pair", "creds": "pair", "login": "pair",
    "auth": "pair", "zugangsdaten": "pair", "logindaten": "pair", "identifiants": "pair",
    **{_low(w): "password" for w in FOREIGN_PASSWORDS},
}  # fmt: skip
# "pw" is two letters: found with the character before it (three-letter literals).
_PW_LEADS = tuple(c + "pw" for c in " \t\n_-.(\"'/*<|[{$`,;&?\x1a")
# (The plural "tokens" of a model's usage and "author", "authentication" never name a value.)
_WORD_NOT = {"token": "(?!s)", "auth": "(?!or|en)"}
_WORD = re.compile(
    "|".join(re.escape(w) + _WORD_NOT.get(w, "") for w in sorted(_FAMILY, key=len, reverse=True))
)
# (Two patterns: one with every literal would hold more than anchors.py anchors.)
_PW = re.compile("|".join(re.escape(lead) + "(?!d)" for lead in _PW_LEADS))  # "pwd": a word

# A glued prefix before "pass" that makes a name, not an English word (bypass, compass).
_PASS_GLUED = ("smtp", "db", "mysql", "sql", "pg", "admin", "root", "user", "mail", "ftp", "ssh",
               "wp", "redis", "app", "api", "web", "site", "proxy", "ldap", "my", "new", "old",
               "ad", "imap", "pop", "pop3", "vnc", "rdp", "wifi", "router", "master",
               "sudo")  # fmt: skip
_PASS_NOT = ("bypass", "compass", "trespass", "surpass", "overpass", "underpass", "onepass",
             "lastpass", "keepass", "encompass", "impass")  # fmt: skip

# Qualifiers after the word that say the value is about the secret, not the secret.
_ABOUT = frozenset(
    [
        "url",
        "uri",
        "link",
        "links",
        "path",
        "file",
        "files",
        "dir",
        "folder",
        "length",
        "len",
        "min",
        "max",
        "minlength",
        "maxlength",
        "policy",
        "policies",
        "reset",
        "expiry",
        "expires",
        "expired",
        "expire",
        "expiration",
        "exp",
        "age",
        "timeout",
        "ttl",
        "type",
        "field",
        "fields",
        "label",
        "hint",
        "prompt",
        "required",
        "require",
        "enabled",
        "enable",
        "disabled",
        "disable",
        "strength",
        "rule",
        "rules",
        "regex",
        "pattern",
        "count",
        "counts",
        "attempts",
        "attempt",
        "retries",
        "changed",
        "change",
        "updated",
        "created",
        "at",
        "date",
        "time",
        "lifetime",
        "id",
        "ids",
        "name",
        "names",
        "arn",
        "ref",
        "refs",
        "env",
        "var",
        "vars",
        "header",
        "headers",
        "param",
        "params",
        "endpoint",
        "size",
        "limit",
        "limits",
        "usage",
        "used",
        "format",
        "mode",
        "method",
        "provider",
        "version",
        "algo",
        "algorithm",
        "cost",
        "rounds",
        "chars",
        "characters",
        "placeholder",
        "text",
        "title",
        "message",
        "msg",
        "error",
        "errors",
        "valid",
        "validation",
        "validator",
        "invalid",
        "input",
        "form",
        "page",
        "screen",
        "button",
        "btn",
        "visible",
        "show",
        "hidden",
        "toggle",
        "protected",
        "protection",
        "manager",
        "store",
        "storage",
        "location",
        "source",
        "prefix",
        "suffix",
        "index",
        "in",
        "scope",
        "scopes",
        "audience",
        "issuer",
        "kind",
        "class",
        "template",
        "email",
        "mail",
        "user",
        "username",
        "login",
        "host",
        "port",
        "server",
        "uid",
        "status",
        "state",
        "flag",
        "option",
        "options",
        "config",
        "settings",
        "request",
        "response",
        "generator",
        "generate",
        "generated",
        "strategy",
        "history",
        "sent",
        "secure_setting",
        "sha",
        "md5",
        "column",
        "table",
    ]
)
_TAIL_SPLIT = re.compile(r"[_.\-]+|(?<=[a-z0-9])(?=[A-Z])")

# What may follow a name in the low view, the value after it.
_ASSIGN = re.compile(
    r"[\"'`\x1a]?\]?[ \t]*(?P<sep>::=|:=|\?=|=>|=|:|>)(?P<md>[ \t]*(?:\*\*?|__?)(?!\w))?[ \t]*"
    r"|[*_]{1,2}[ \t]*(?P<mdsep>:)[ \t]*"  # **Password**: value
    r"|[ \t]*(?P<cell>\|)[ \t]*"  # | Password | value |
    r"|[ \t]*:?[ \t]*(?:string|str|&str|\[\]byte)[ \t]*(?P<typed>=)[ \t]*"
)
_PAIR_CALL = re.compile(r"[\"'\x1a][ \t]*,[ \t]*(?=[\"'\x1a])")
_OBJECT = re.compile(r"\{[ \t]*[\"']?([A-Za-z_][\w.-]*)[\"']?[ \t]*[:=][ \t]*")
_FIELD_OPEN = frozenset("\"'\x1a :=\t")
# A name with its value on the same line, as labels._assign reads it (no Markdown, no
# object, no type): nothing for this module to add.
_LABELLED = re.compile(r"[\"'`\x1a]?\]?[ \t]*(?:=>|:=|=|:)[ \t]*(?!str(?:ing)?\b)[^\s*_|>\\`{\[(]")
_NAME_FIELD = re.compile(
    r"(?:name|key|id|variable|var|param|field|env)[\"'\x1a]?[ \t]*[:=][ \t]*[\"'\x1a]?\Z"
)
_VALUE_FIELD = re.compile(
    r"[\"'\x1a]?[ \t]*,?[ \t]*(?:\r?\n[ \t]*)?[\"'\x1a]?value[\"'\x1a]?[ \t]*[:=][ \t]*"
)
_I18N = frozenset(["__", "_e", "_x", "_n", "esc_html__", "esc_attr__", "esc_html_e", "esc_attr_e",
                   "esc_html_x", "esc_attr_x", "translate", "gettext", "t", "i18n", "_t", "trans",
                   "sprintf", "printf", "label", "placeholder"])  # fmt: skip
# define('DB_PASSWORD', ...) is labels._define's; "in (", "if (": a tuple, a condition.
_I18N_OR_DEFINE = _I18N | {"define", "in", "if", "and", "or", "not", "return", "elif", "while",
                           "for", "assert", "yield", "print", "echo", "switch", "case"}  # fmt: skip
_CALLEE = re.compile(r"([A-Za-z_][\w.]*)[ \t]*\([ \t]*\Z")

# Prose: what joins a word to its value ("the password is X"), lower case.
_JOINS = frozenset(["is", "was", "ist", "lautet", "war", "es", "era", "est", "\u00e9tait", "\u00e9",
                    "\u00e8", "e", "jest", "wynosi", "=", ":", "-", "\u2013", "\u2014", "are",
                    "sind", "son", "sont", "s\u00e3o", "zijn", "sono", "to", "->", "\u2192",
                    "=>"])  # fmt: skip
_JOIN_TWO = frozenset(["set to", "changed to", "reset to", "is now", "ist jetzt", "is set to",
                       "was set to", "c'est", "to jest"])  # fmt: skip
_LINKS = frozenset(["for", "of", "f\u00fcr", "von", "de", "para", "pour", "voor", "van", "per",
                    "dla", "do", "di", "del", "du", "da", "the", "my", "your", "our", "this",
                    "that", "new", "old", "admin", "user", "account", "der", "des", "la", "le",
                    "el", "o", "a", "het", "api", "ftp", "sftp", "ssh", "smtp", "db", "wp",
                    "il", "mein", "meine", "mi", "mon", "ma", "minha",
                    "meu", "mijn", "mio", "mia", "moje", "on", "at", "to", "in",
                    "am", "im"])  # fmt: skip
_STOP = frozenset(
    [
        "wrong",
        "incorrect",
        "invalid",
        "expired",
        "reset",
        "required",
        "missing",
        "empty",
        "blank",
        "correct",
        "changed",
        "same",
        "different",
        "weak",
        "strong",
        "short",
        "long",
        "ok",
        "okay",
        "fine",
        "set",
        "unset",
        "none",
        "null",
        "hidden",
        "secret",
        "password",
        "token",
        "here",
        "there",
        "below",
        "above",
        "attached",
        "sent",
        "working",
        "broken",
        "protected",
        "saved",
        "stored",
        "encrypted",
        "hashed",
        "falsch",
        "ungültig",
        "abgelaufen",
        "incorrecta",
        "incorrecto",
        "inválida",
        "inválido",
        "caducado",
        "expirada",
        "incorrect",
        "invalide",
        "expiré",
        "erroné",
        "incorreta",
        "inválida",
        "onjuist",
        "ongeldig",
        "verlopen",
        "sbagliata",
        "errata",
        "scaduta",
        "scaduto",
        "nieprawidłowe",
        "błędne",
        "wygasło",
    ]
)
# "changed the password to X": a verb before the word makes "to" join it to its value.
_SET_BEFORE = re.compile(
    r"(?:set|change|changed|reset|update|updated|switch|switched)\b[^.\n]{0,40}\Z"
)
_WORDLIKE = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
_WORD_RUN = re.compile(r"[ \t]*(\S{1,256})\S*")
_NAME_TAIL = re.compile(r"[a-z0-9_\-]*(?:\.[a-z0-9][a-z0-9_\-]*)*")
_NAME_BACK = re.compile(r"[a-z0-9_.\-]*")  # on the reversed low view
_JOINED = re.compile(r"[a-z]+(?:[_.\-/:][a-z]+)+")  # label_kind, store/scrub, url-password
_CODE_CHARS = re.compile(r"[()\[\]{}\"'`,;<>=]")
_USER = re.compile(r"[\w.@+\-]{1,64}")
_CLOSERS = {"<": ">", "[": "]", "{": "}", "(": ")"}
_TRAIL = ".,;:!?)]}>\"'\u201d\u2019\u00bb\u203a*"
_NOT_SHAPE = re.compile(
    r"\d+(?:[.,:/\-]\d+)*[a-z%]{0,3}"  # numbers, versions, dates, times, sizes: 1.2.3, 24h, 10:32
    r"|v?\d+(?:\.\d+)+\S*"  # v2.3.1-beta
    r"|#\d+|[a-z]+://\S*|[/~]\S*|\S+@\S+\.\S+|\S*\.(?:php|js|py|txt|log|json|ya?ml|html?|css)"
    r"|[a-z]+\d{1,2}|\d{1,2}[a-z]+",  # step2, 2fa, 3rd
    re.IGNORECASE,
)
_FIELD_NAME = re.compile(r"[a-z_]*(?:pass|pwd|token|secret|key|auth)[a-z_]*", re.IGNORECASE)


# A password's hash is the password to anyone with a GPU: .htpasswd lines
# (user:$apr1$..., user:{SHA}...), WordPress's user_pass ($P$...), bcrypt, crypt(3).
_HASH = re.compile(
    r"\$(?:2[abxy]\$|apr1\$|[156]\$|y\$|gy\$|7\$|P\$|H\$|argon2(?:id|i|d)\$|scrypt\$"
    r"|pbkdf2(?:-sha\d+)?\$)[A-Za-z0-9./$=,+]{16,}"
    r"|(?:\{SHA|\{SSHA)(?:256|512)?\}[A-Za-z0-9+/=]{20,}|(?:\{SMD5|\{MD5)\}[A-Za-z0-9+/=]{20,}"
    r"|\{CRYPT\}[A-Za-z0-9./$]{13,}"
)


def find_password_hashes(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in scan.finditer(_HASH, "text"):
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "$"):
            continue
        value = m.group()
        yield Hit(
            m.start(), m.end(), _PRIORITY, CREDENTIAL, "password-hash", "password-hash", value
        )


def find_credentials(scan: Scan) -> Iterator[Hit]:
    yield from find_password_hashes(scan)
    text, low = scan.text, scan.low
    spans = [(m.start(), m.end()) for m in scan.finditer(_WORD, "low")]
    pws = [(m.start() + 1, m.end()) for m in scan.finditer(_PW, "low")]
    if low.startswith("pw") and not low.startswith("pwd"):
        pws.insert(0, (0, 2))  # no character before it
    if pws:
        spans = sorted(spans + pws)
    for start, m_end in spans:
        word = low[start:m_end]
        family = _FAMILY.get(word, "password")
        if not _head_ok(scan, start, word) or (
            word == "clave" and low[start - 8 : start] == "palabra "
        ):
            continue  # ("palabra clave": a keyword)
        end = m_end
        # The rest of the name: DB_PASSWORD_PROD, mail.smtp.password, passwordHash.
        tail_end = _NAME_TAIL.match(low, end, end + 80).end()  # type: ignore[union-attr]
        if tail_end == end and family != "pair" and _LABELLED.match(low, end) is not None:
            continue  # password: value on one line: labels._assign reads it (the common case)
        tail = text[end:tail_end]
        if tail and not _tail_ok(text, end, tail, family):
            continue
        yield from _attached(scan, start, end, tail_end, word, family, tail)


def _head_ok(scan: Scan, start: int, word: str) -> bool:
    """The word starts a token of its name: not the end of an ordinary word."""
    low, text = scan.low, scan.text
    if start == 0 or not (low[start - 1].isalpha() or low[start - 1] == "\x1a"):
        return True
    if text[start].isupper() and text[start - 1].islower():
        return True  # mailerPass, fooToken
    if text[start - 1].isupper() and text[start].isupper():
        return False  # "BYPASS" reads as one word
    if word in ("pass", "login", "auth", "clave", "senha", "mdp", "creds", "credential"):
        prefix = low[max(0, start - 8) : start]
        glued = low[max(0, start - 10) : start + len(word)]
        if glued.endswith(_PASS_NOT):
            return False
        return word == "pass" and prefix.endswith(_PASS_GLUED)
    return len(word) >= 5  # dbpassword, accesstoken, clientsecret


def _tail_ok(text: str, end: int, tail: str, family: str) -> bool:
    """What follows the word inside the name qualifies it (``_PROD``, ``Hash``, ``2``),
    does not continue a longer word (passenger, tokenizer, secretary)."""
    first = tail[0]
    if first.isalpha() and not (first.isupper() and text[end - 1].islower()):
        return tail.lower() == "s" and family in ("password", "secret", "pair")  # passwords
    parts = [p.lower() for p in _TAIL_SPLIT.split(tail) if p]
    return not any(p in _ABOUT for p in parts)


def _attached(
    scan: Scan, start: int, end: int, tail_end: int, word: str, family: str, tail: str
) -> Iterator[Hit]:
    text, low = scan.text, scan.low
    rlow = scan.rlow
    back = len(rlow) - start
    name_start = start - (_NAME_BACK.match(rlow, back, back + 80).end() - back)  # type: ignore[union-attr]
    name = text[name_start:tail_end]
    am = _ASSIGN.match(low, tail_end)
    if am is not None:
        sep = am.group("sep") or am.group("mdsep") or am.group("cell")
        if sep == ">" and low[name_start - 1 : name_start] != "<":
            return  # ">" ends an XML element's name only
        pos = am.end()
        line_end = low.find("\n", pos)
        line_end = len(low) if line_end < 0 else line_end
        rest = text[pos:line_end].strip()
        if rest in ("", "|", "|-", "|+", ">", ">-", ">+", "```", "\\") or (
            sep == ">" and not rest.strip("<")
        ):
            # Only a name on its line (YAML, INI, XML): "password:", "  - pass =", "<pwd>".
            line_start = low.rfind("\n", 0, name_start) + 1
            if not low[line_start:name_start].strip(" \t-\"'<\x1a") and not am.group("typed"):
                yield from _next_line(scan, name, word, family, line_end, sep or "=", rest)
            return
        if tail.lower() == "s":
            return  # secrets: [...], MAX_SECRETS = 500: a plural names many, not a value
        if family == "pair":
            yield from _pair(scan, pos, name, strong=True)
            return
        om = _OBJECT.match(text, pos) if rest.startswith("{") else None
        if om is not None:  # "password": {"secure": "..."}: the object's first field
            if om.group(1).lower() not in _ABOUT:
                span = read_value(text, om.end())
                if span is not None:
                    yield from _value_hit(text, span, name, word, family)
            return
        if am.group("cell") is not None:
            row_start = low.rfind("\n", 0, name_start) + 1
            if low[row_start:name_start].strip(" \t") != "|":
                return  # a table row's first cell names the value in the second
        elif not (am.group("typed") or am.group("md") or am.group("mdsep")) and (
            not tail or assign_keyword(name) is not None
        ):
            return  # name: value, DB_PASSWORD = value: the labelled rule's (labels._assign)
        if text[pos : pos + 1] in ("(", "[", "{") and (
            text[pos] != "[" or text[pos + 1 : pos + 2] not in QUOTES
        ):
            return  # a call, a tuple, an object: code, not a value
        span = read_value(text, pos)
        if span is None:
            return
        if text[pos] == "[" and text[span[1] + 1 : span[1] + 2] == ",":
            return  # ["a", "b"]: a list of names
        value = text[span[0] : span[1]]
        if tail and not span[2] and _WORDLIKE.fullmatch(value) and len(value) < 10:
            return  # SORT_TOKEN_NOT = page, PASSWORD_CHECK: strict: a word, not a value
        yield from _value_hit(text, span, name, word, family)
        return
    if family != "pair" and tail.lower() != "s":
        pm = _PAIR_CALL.match(low, tail_end)
        if pm is not None and name_start > 0 and low[name_start - 1] in "\"'\x1a":
            opening = name_start - 1
            callee = _CALLEE.search(text, max(0, opening - 40), opening)
            if callee is not None and callee.group(1) not in _I18N_OR_DEFINE:
                span = read_value(text, pm.end())
                if span is not None and span[2]:
                    yield from _value_hit(text, span, name, word, family)
                return
        # The name in one field, the value in the next: <add key="Password" value="..."/>,
        # "- name: DB_PASSWORD" then "value: ...", {"name": "smtp_pass", "value": "..."}.
        if low[name_start - 1 : name_start] in _FIELD_OPEN and _NAME_FIELD.search(
            low, max(0, name_start - 24), name_start
        ):
            vm = _VALUE_FIELD.match(low, tail_end)
            if vm is not None:
                span = read_value(text, vm.end())
                if span is not None:
                    yield from _value_hit(text, span, name, word, family)
                return
    # An identifier reads as prose only with a join: "DB_PASSWORD (prod): X", "smtp_pass -> X".
    identifier = name_start < start - 1 or bool(tail and tail.lower() != "s")
    yield from _prose(scan, tail_end, name, word, family, identifier=identifier)


def _kind(name: str, word: str, family: str, value: str) -> tuple[str, str] | None:
    keyword = {"password": "password", "secret": "secret", "token": "token"}.get(family, "key")
    low = name.lower().replace("-", "_")
    if family == "api-key" and "api" not in low and "access" not in low and "secret" not in low:
        low = "api_" + low
    return classify(low, keyword, value)


def _value_hit(
    text: str, span: tuple[int, int, bool], name: str, word: str, family: str
) -> Iterator[Hit]:
    start, end, quoted = span
    value = text[start:end]
    if not plausible_secret(value, quoted) or _FIELD_NAME.fullmatch(value):
        return
    found = _kind(name, word, family, value)
    if found is None:
        return
    category, kind = found
    yield Hit(start, end, _PRIORITY, category, kind, "credential-" + kind, value)


_NESTED = re.compile(r"[ \t]*(?:-[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*[:=][ \t]*(?=\S)")


def _next_line(
    scan: Scan, name: str, word: str, family: str, line_end: int, sep: str, rest: str
) -> Iterator[Hit]:
    """``password:`` with the value below: YAML nested or block scalar, INI
    continuation, a code fence, an XML element's body."""
    text = scan.text
    line_start = text.rfind("\n", 0, line_end) + 1
    indent = len(text[line_start:line_end]) - len(text[line_start:line_end].lstrip(" \t"))
    pos = line_end + 1
    for _ in range(2):  # at most one blank line between
        if pos >= len(text):
            return
        nxt = text.find("\n", pos)
        nxt = len(text) if nxt < 0 else nxt
        line = text[pos:nxt]
        if line.strip():
            break
        pos = nxt + 1
    else:
        return
    stripped = line.strip()
    body = pos + len(line) - len(line.lstrip(" \t"))
    if stripped.startswith("```") or rest == "```":
        if stripped.startswith("```"):  # the fence opens here: the value is below it
            pos = nxt + 1
            nxt = text.find("\n", pos)
            nxt = len(text) if nxt < 0 else nxt
            line = text[pos:nxt]
            body = pos + len(line) - len(line.lstrip(" \t"))
        span = read_value(text, body, line_rest=True)
    elif sep == ">":  # <password>\n  value\n</password>
        close = text.find("<", body, nxt)
        stop = nxt if close < 0 else close
        while stop > body and text[stop - 1] in " \t\r":
            stop -= 1
        span = (body, stop, True) if stop > body else None
    else:
        if len(line) - len(line.lstrip(" \t")) <= indent and rest not in ("\\",):
            return  # not below the name: the next key
        nm = _NESTED.match(line)
        if nm is not None and rest not in ("|", "|-", "|+", ">", ">-", ">+"):
            if nm.group(1).lower() in _ABOUT:
                return
            span = read_value(text, pos + nm.end())
        else:
            if text.startswith(("- ", "-\t"), body):  # a YAML list's first item
                body += 2
            span = read_value(text, body, line_rest=True)
    if span is None:
        return
    start, end, quoted = span
    value = text[start:end]
    if " " in value.strip() and not quoted:
        return  # a sentence, not a value
    yield from _value_hit(text, (start, end, True), name, word, family)


def _tokens(text: str, pos: int, count: int) -> list[tuple[int, int]]:
    """The next ``count`` whitespace-separated words on the line from ``pos``."""
    out: list[tuple[int, int]] = []
    match = _WORD_RUN.match
    while len(out) < count:
        wm = match(text, pos)
        if wm is None:
            break
        out.append(wm.span(1))
        pos = wm.end()
    return out


def _prose(
    scan: Scan, pos: int, name: str, word: str, family: str, *, identifier: bool = False
) -> Iterator[Hit]:
    """ "password X", "the password for bob is X", "le mot de passe est X"."""
    text = scan.text
    words = _tokens(text, pos, 14)
    if not words:
        return
    if family == "pair":
        if not identifier:
            yield from _pair(scan, pos, name, strong=False)
        return
    i = 0
    strong = False
    linked = 0
    # "for the admin account", "de l'administrateur": up to three linking words.
    while i < len(words) and i < 6:
        w = text[words[i][0] : words[i][1]].lower()
        two = ""
        if i + 1 < len(words):
            two = w + " " + text[words[i + 1][0] : words[i + 1][1]].lower()
        if two in _JOIN_TWO:
            i += 2
            strong = True
            break
        if w in _JOINS or (w.rstrip(":") in _JOINS and w.endswith(":")):
            if w == "to" and not (
                word.startswith("has")
                or i > 0
                or _SET_BEFORE.search(scan.low, max(0, pos - 60), pos)
            ):
                return
            i += 1
            strong = True
            break
        qualifier = w[:1] in "([" and w.rstrip(":")[-1:] in ")]"  # password (prod): X
        if i < 5 and (w.rstrip(":") in _LINKS or linked > 0 or qualifier):
            if w.endswith(":") and len(w) > 1:  # "Hasło do panelu: X", "Senha do banco: X"
                i += 1
                strong = True
                break
            # up to two words after "for", "of": "for bob is X", "for the staging site: X"
            linked = 2 if w in _LINKS else linked - 1
            i += 1
            continue
        break
    if not strong:
        i = 0
        if text[words[0][0]] in ":=":
            strong = True
            if words[0][1] - words[0][0] == 1:
                i = 1
        elif not identifier:
            # "password he gave: X", "his admin password over the phone, I wrote it
            # down: X": a colon later in the same sentence attaches what follows.
            colon = _colon_after(text, words)
            if colon is not None:
                i, strong = colon, True
    if i >= len(words) or (identifier and not strong):
        return
    vstart, vend = words[i]
    if not strong and text[vstart - 1 : vstart] not in (" ", "\t", ":"):
        return
    if text[vstart] in QUOTES or text[vstart] == "\\":
        span = read_value(text, vstart)
        if span is None:
            return
        value = text[span[0] : span[1]]
        if value.lower() in _STOP or " " in value.strip() or not plausible_secret(value, True):
            return
        yield from _prose_hit(span[0], span[1], name, word, family, value)
        return
    close = _CLOSERS.get(text[vstart])
    if close is not None or text.startswith(("$(", "${"), vstart):
        # <password>, [api key], {token}, $(cat file), ${VAR}: read to the closing bracket.
        close = close or ("}" if text[vstart + 1] == "{" else ")")
        stop = text.find(close, vstart + 1, vstart + 80)
        if stop > 0 and looks_like_dummy(text[vstart : stop + 1]):
            return
    if text[vstart] in "(":
        vstart += 1
    while vend > vstart and text[vend - 1] in _TRAIL:
        vend -= 1
    value = text[vstart:vend]
    if _secret_shaped(value, strong):
        yield from _prose_hit(vstart, vend, name, word, family, value)


def _colon_after(text: str, words: list[tuple[int, int]]) -> int | None:
    """The index of the word after the first word ending in ":" (before the sentence
    ends, a URL or another secret word), or None."""
    for j, (ws, we) in enumerate(words[:-1]):
        word = text[ws:we]
        core = word.rstrip(":,").strip("()")
        if not _WORDLIKE.fullmatch(core) or word[-1:] in ".?!;":
            return None  # a value, a URL, or the sentence's end came first
        if word.endswith(":"):
            return j + 1
    return None


def _secret_shaped(value: str, strong: bool) -> bool:
    """A value in running text that cannot be an ordinary word, number or name of code."""
    if len(value) < (4 if strong else 6) or value.lower() in _STOP:
        return False
    if _WORDLIKE.fullmatch(value) or _NOT_SHAPE.fullmatch(value) or _JOINED.fullmatch(value):
        return False
    if _CODE_CHARS.search(value.rstrip("=")):
        return False  # label_kind(...), ``sophdesk``, "api-key", a=b: code in prose
    if value.isdigit():
        return strong and len(value) >= 6
    if not plausible_secret(value, False):
        return False
    has_digit = any(c.isdigit() for c in value)
    has_symbol = any(not c.isalnum() for c in value)
    inner_capital = any(c.isupper() for c in value[1:]) and not value.isupper()
    return has_digit or has_symbol or inner_capital


def _prose_hit(
    start: int, end: int, name: str, word: str, family: str, value: str
) -> Iterator[Hit]:
    found = _kind(name, word, family, value)
    if found is None:
        return
    category, kind = found
    yield Hit(start, end, _PRIORITY, category, kind, "credential-prose-" + kind, value)


def _pair(scan: Scan, pos: int, name: str, *, strong: bool) -> Iterator[Hit]:
    """ "credentials: admin / X", "login admin X", "login: admin:X": the password."""
    text = scan.text
    words = _tokens(text, pos, 5)
    if words and text[words[0][0] : words[0][1]].lower() in _JOINS:  # is, :, ->, →, ...
        words = words[1:]
        strong = True
    if not words:
        return
    first = text[words[0][0] : words[0][1]]
    if ":" in first.strip(":") and not first.startswith(("http", "//")):
        colon = words[0][0] + first.index(":", 1) + 1
        value = text[colon : words[0][1]].rstrip(_TRAIL)
        if _secret_shaped(value, True):
            yield Hit(colon, colon + len(value), _PRIORITY, CREDENTIAL, "password",
                      "credential-pair", value)  # fmt: skip
        return
    if len(words) < 2 or len(first) > 64 or not _USER.fullmatch(first.rstrip("/,")):
        return
    k = 1
    if text[words[1][0] : words[1][1]] in ("/", "|", ",", "-") and len(words) >= 3:
        k = 2
    elif first.endswith(("/", ",")):
        k = 1
    vstart, vend = words[k]
    while vend > vstart and text[vend - 1] in _TRAIL:
        vend -= 1
    value = text[vstart:vend]
    if _secret_shaped(value, strong and k == 2):
        yield Hit(vstart, vend, _PRIORITY, CREDENTIAL, "password", "credential-pair", value)


anchors.register(_WORD, "low")
anchors.register(_PW, "low")
anchors.register(_HASH, "ascii")
