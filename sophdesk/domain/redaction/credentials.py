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
    _low("has\u0142a"): "password", "hasla": "password",  # "pole hasła", "do hasła"
}  # fmt: skip
# "API key" in the other languages: found only where "api" is (one C-level test), so
# that the words' pattern stays short.
_FOREIGN_KEYS = frozenset(
    _low(w)
    for w in ("cl\u00e9 d'api", "cl\u00e9 d\u2019api", "cl\u00e9 api", "clave de api",
              "clave api", "chave de api", "chave api", "chiave api", "klucz api",
              "api-schl\u00fcssel", "api-sleutel")
)  # fmt: skip
_FOREIGN_KEY = re.compile("|".join(re.escape(w) for w in sorted(_FOREIGN_KEYS, key=len)[::-1]))
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
_JOIN_TWO = frozenset(["set to", "changed to", "reset to", "is set to", "was set to", "c'est",
                       "to jest"])  # fmt: skip
# A join then a word of time joins too: "is now", "lautet jetzt", "es ahora", "est désormais".
_NOW = frozenset(["now", "jetzt", "nun", "ahora", "ya", "maintenant", "d\u00e9sormais", "agora",
                  "nu", "ora", "adesso", "teraz", "obecnie", "still", "noch",
                  "currently"])  # fmt: skip
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
_WORD_RUN_WRAP = re.compile(r"[ \t]*(?:\r?\n[ \t]*)?(\S{1,256})\S*")
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
    yield from find_account_pairs(scan)
    text, low = scan.text, scan.low
    spans = [(m.start(), m.end()) for m in scan.finditer(_WORD, "low")]
    if "api" in low:
        spans += [(m.start(), m.end()) for m in _FOREIGN_KEY.finditer(low)]
        spans.sort()
    pws = [(m.start() + 1, m.end()) for m in scan.finditer(_PW, "low")]
    if low.startswith("pw") and not low.startswith("pwd"):
        pws.insert(0, (0, 2))  # no character before it
    if pws:
        spans = sorted(spans + pws)
    for start, m_end in spans:
        word = low[start:m_end]
        family = "api-key" if word in _FOREIGN_KEYS else _FAMILY.get(word, "password")
        if not _head_ok(scan, start, word) or (
            word == "clave" and low[start - 8 : start] == "palabra "
        ):
            continue  # ("palabra clave": a keyword)
        end = m_end
        if family == "password" and len(word) > 2:
            name = text[start:end]
            yield from _anaphora(scan, end, name, word, family)
            if low[end : end + 1] in (" ", ")", ".", ",", "\n", "") and (
                start == 0 or low[start - 1] in " \t(-"
            ):
                yield from _before_word(scan, start, name, word, family)
        # The rest of the name: DB_PASSWORD_PROD, mail.smtp.password, passwordHash.
        tail_end = _NAME_TAIL.match(low, end, end + 80).end()  # type: ignore[union-attr]
        if word in _FOREIGN_KEYS:  # "clé d'API : X", "klucz API X": prose, never a name
            yield from _prose(scan, end, text[start:end], word, family)
            continue
        if (
            tail_end == end
            and family != "pair"
            and _LABELLED.match(low, end) is not None
            and low[end : end + 2] not in (":-", ":=")  # ${SMTP_PASS:-X}
            and _HEREDOC.match(text, end) is None
        ):
            oq = _ODD_QUOTE.match(text, end)  # HASŁO: „X”, password = '''X'''
            if oq is not None:
                yield from _odd_quoted(text, oq.end(), text[start:end], word, family)
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
    if tail_end < len(text) and text[tail_end] in '(" :-=' and family != "pair":
        found = list(_code_forms(scan, name_start, start, tail_end, name, word, family))
        if found:
            yield from found
            return
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
    line_start = low.rfind("\n", 0, name_start) + 1
    if _ENV_SET.fullmatch(low, line_start, name_start) and text[tail_end : tail_end + 1] in " \t":
        # SetEnv DB_PASS value, ENV SMTP_PASSWORD value, fastcgi_param DB_PASS value;
        vm = _WORD_RUN.match(text, tail_end)
        if vm is not None:
            span = read_value(text, vm.start(1))
            if span is not None:
                yield from _value_hit(text, span, name, word, family)
        return
    # An identifier reads as prose only with a join: "DB_PASSWORD (prod): X", "smtp_pass -> X".
    # (A word glued or hyphened to a plain word is prose: "Datenbankpasswort", "SMTP-wachtwoord".)
    identifier = (
        name_start < start - 1
        and not (len(word) >= 6 and _PROSE_PREFIX.fullmatch(text, name_start, start))
    ) or bool(tail and tail.lower() != "s")
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


_ODD_QUOTE = re.compile(r"[ \t]*[:=][ \t]*(?=\u201e|\u201a|\'\'\'|\"\"\")")
_PROSE_PREFIX = re.compile(r"[^\W\d_]{2,}-?")
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


def _tokens(text: str, pos: int, count: int, *, wrap: bool = False) -> list[tuple[int, int]]:
    """The next ``count`` whitespace-separated words on the line from ``pos`` (with
    ``wrap``, over single line breaks too: a paragraph wrapped by a mail client)."""
    out: list[tuple[int, int]] = []
    match = (_WORD_RUN_WRAP if wrap else _WORD_RUN).match
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
    """ "password X", "the password for bob is X", "le mot de passe est X", and a
    second one for another account after it in the sentence."""
    last = None
    for hit in _prose_first(scan, pos, name, word, family, identifier=identifier):
        last = hit
        yield hit
    if last is not None and not identifier:
        yield from _continuation(scan, last.end, name, word, family)


def _prose_first(
    scan: Scan, pos: int, name: str, word: str, family: str, *, identifier: bool = False
) -> Iterator[Hit]:
    text = scan.text
    words = _tokens(text, pos, 14, wrap=not identifier)
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
    while i < len(words) and i < 7:
        w = text[words[i][0] : words[i][1]].lower()
        two = ""
        if i + 1 < len(words):
            two = w + " " + text[words[i + 1][0] : words[i + 1][1]].lower()
        second = two[len(w) + 1 :]
        if (
            two in _JOIN_TWO
            or (w in _JOINS and second in _NOW)
            or (w in _SET_WORDS and second.rstrip(":") in _SET_TO)
        ):  # "changed to", "geändert auf", "zmieniłam na", "lautet jetzt"
            i += 2
            strong = True
            break
        if w in _JOINS or (w.rstrip(":") in _JOINS and w.endswith(":")) or _LEADER.fullmatch(w):
            if w == "to" and not (
                word.startswith("has")
                or i > 0
                or _SET_BEFORE.search(scan.low, max(0, pos - 60), pos)
            ):
                return
            i += 1
            strong = True
            break
        if w[:1] == "(" and w.rstrip(":")[-1:] != ")":
            # "(z wp-config)", "(the staging one)": a parenthesis of up to four words
            paren_end = next(
                (k for k in range(i + 1, min(i + 5, len(words)))
                 if text[words[k][1] - 1 : words[k][1]] in (")", ":")
                 and ")" in text[words[k][0] : words[k][1]]),
                None,
            )  # fmt: skip
            if paren_end is not None:
                if text[words[paren_end][1] - 1] == ":":
                    i, strong = paren_end + 1, True
                    break
                i = paren_end + 1
                continue
        qualifier = w[:1] in "([" and w.rstrip(":")[-1:] in ")]"  # password (prod): X
        subject = (
            w[0] not in QUOTES
            or (  # 'the password for "admin" is X'
                i + 1 < len(words) and text[words[i + 1][0] : words[i + 1][1]].lower() in _JOINS
            )
        )
        if i < 6 and (w.rstrip(":") in _LINKS or linked > 0 or qualifier) and subject:
            if w.endswith(":") and len(w) > 1:  # "Hasło do panelu: X", "Senha do banco: X"
                i += 1
                strong = True
                break
            # up to two words after "for", "of": "for bob is X", "for the staging site: X"
            linked = 2 if w in _LINKS else linked - 1
            i += 1
            continue
        if not identifier:
            # "le mot de passe root est X", "the password we agreed on was X", "das
            # Passwort, das ich benutze, ist X": up to four words, then a join.
            k = _clause_end(text, words, i)
            if k is not None:
                i, strong = k, True
                break
        break
    if (
        not strong
        and i + 1 < len(words)
        and text[words[i + 1][0]] in QUOTES
        and _WORDLIKE.fullmatch(text[words[i][0] : words[i][1]])
        and text[words[i][0] : words[i][1]].lower() not in _JOINS
    ):
        i += 1  # "mot de passe WordPress « X »", "password staging 'X'"
    if (
        not strong
        and i < len(words)
        and (text[words[i][0]] in QUOTES or _INLINE_TAG.match(text, words[i][0]))
    ):
        strong = i > 0 or text[words[i][0]] == "<"  # "a hasło do FTP 'X'", "Passwort <b>X</b>"
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
    if text[words[i][0] : words[i][1]] in _LONE_QUOTES and i + 1 < len(words):
        # « Lumière-2026!! »: a quote with a space (or no-break space) inside it
        vstart, vend = words[i + 1]
        closer = _LONE_QUOTES[text[words[i][0]]]
        if i + 2 < len(words) and text[words[i + 2][0]] in closer:
            while vend > vstart and text[vend - 1] in closer:
                vend -= 1
            value = text[vstart:vend]
            if _secret_shaped(value, True):
                yield from _prose_hit(vstart, vend, name, word, family, value)
        return
    vstart, vend = words[i]
    if not strong and text[vstart - 1 : vstart] not in (" ", "\t", ":"):
        return
    tag = _INLINE_TAG.match(text, vstart, vend)
    if tag is not None and strong:  # <b>X</b>, <code>X</code>, <tt>X</tt>
        tag_end = text.find("</", tag.end(), tag.end() + 256)
        if tag_end > tag.end():
            value = text[tag.end() : tag_end]
            if not any(c.isspace() for c in value) and _secret_shaped(value, True):
                yield from _prose_hit(tag.end(), tag_end, name, word, family, value)
        return
    if text[vstart] in QUOTES or text[vstart] == "\\":
        span = _read_quoted(text, vstart)
        if span is None:
            return
        value = text[span[0] : span[1]]
        if value.lower() in _STOP or not plausible_secret(value, True):
            return
        if " " in value.strip() and not (strong and _SPACED.fullmatch(value)):
            return  # a phrase in quotes, not a password ('stroopwafel 2026' is one)
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
    core = vend
    while core > vstart and text[core - 1] in _TRAIL:
        core -= 1
    if _secret_shaped(text[vstart:core], strong):  # judged without its marks ("vergessen?")
        vend = _value_end(text, vstart, vend)
        yield from _prose_hit(vstart, vend, name, word, family, text[vstart:vend])


def _clause_end(text: str, words: list[tuple[int, int]], i: int) -> int | None:
    """The index of the value after a clause of up to four words and a join, or None."""
    if text[words[i][0] : words[i][1]] == ",":
        i += 1
    for k in range(i, min(i + 5, len(words) - 1)):
        w = text[words[k][0] : words[k][1]]
        if k > i and w.lower() in _JOINS_WORD:
            return k + 1
        if not _WORDLIKE.fullmatch(w.rstrip(",")) or w.lower() in _JOINS:
            return None
    return None


def _value_end(text: str, start: int, end: int) -> int:
    """The end of a value read in running text: sentence punctuation after it stays
    ("is hunter2kettle." "is X, and"), a "!" or "?" is the password's own
    ("hunter2!kettle?", "Hobelspan2026!"): over-removing one mark costs nothing,
    leaving a password's last character out costs the password."""
    while end > start and text[end - 1] in _TRAIL:
        if text[end - 1] in "!?" and end - 1 > start:
            # the mark belongs unless a closing bracket or quote follows it
            break
        end -= 1
    return end


# A quote standing alone as a word ("« X »"), and what closes it.
_LONE_QUOTES = {q: c + q for q, c in QUOTES.items() if q not in "'`"}
_INLINE_TAG = re.compile(r"<(?:b|strong|tt|code|kbd|samp|em|i|u|mark|span|var)>", re.IGNORECASE)
# A quoted password with spaces: a few words and a digit or symbol ('stroopwafel 2026').
_SPACED = re.compile(r"(?=.*[\d!-/:-@\[-`{-~])(?!.*  )\S+(?: \S+){1,2}")
_LEADER = re.compile(r"\.{3,}|\u2026+|_{3,}|-{3,}")
# Participles and verbs of changing, and the word that joins them to the new value.
_SET_WORDS = frozenset(["changed", "set", "reset", "updated", "ge\u00e4ndert", "gesetzt",
                        "zur\u00fcckgesetzt", "cambiada", "cambiado", "cambi\u00e9",
                        "chang\u00e9", "modifi\u00e9", "modifi\u00e9e", "chang\u00e9e",
                        "alterada", "alterado", "alterei", "mudada", "mudei", "gewijzigd",
                        "veranderd", "cambiata", "cambiato", "impostata", "zmieni\u0142am",
                        "zmieni\u0142em", "zmienione", "zmieniony", "ustawione",
                        "ustawi\u0142em", "ustawi\u0142am"])  # fmt: skip
_SET_TO = frozenset(["to", "auf", "in", "zu", "a", "en", "pour", "para", "naar", "na", "em"])
# A join that may follow one qualifying word after the secret's word.
_JOINS_WORD = frozenset(["is", "ist", "es", "est", "\u00e9", "\u00e8", "jest", "was", "war",
                         "era", "\u00e9tait", "lautet", "to", "wynosi"])  # fmt: skip
_ALT_CLOSE = {"\u201e": "\u201d", "\u201a": "\u2019", "\u201c": "\u201c", "\u2018": "\u2018"}


def _read_quoted(text: str, pos: int) -> tuple[int, int, bool] | None:
    """:func:`.values.read_value` on a quote, also closed the other languages' way
    (Polish „…”, and its single low quote closed by a right one; English “…“)."""
    span = read_value(text, pos)
    if span is not None:
        return span
    alt = _ALT_CLOSE.get(text[pos])
    if alt is None:
        return None
    end = text.find(alt, pos + 1, pos + 257)
    nl = text.find("\n", pos + 1, end if end > 0 else pos + 257)
    if end < 0 or nl >= 0 or end == pos + 1:
        return None
    return pos + 1, end, True


def _colon_after(text: str, words: list[tuple[int, int]]) -> int | None:
    """The index of the word after the first word ending in ":" (before the sentence
    ends, a URL or another secret word), or None."""
    for j, (ws, we) in enumerate(words[:-1]):
        word = text[ws:we]
        core = word.rstrip(":,").strip("()\"'\u201c\u201d\u201e\u00ab\u00bb@")
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


_PAIR_JOINS = _JOINS | {"it's", "it\u2019s", "it is", "ist", "es"}


def _pair(scan: Scan, pos: int, name: str, *, strong: bool) -> Iterator[Hit]:
    """ "credentials: admin / X", "login admin X", "login: admin:X": the password."""
    text = scan.text
    words = _tokens(text, pos, 8)
    if words and text[words[0][0] : words[0][1]].lower() in _PAIR_JOINS:  # is, :, ->, →, ...
        words = words[1:]
        strong = True
    elif not strong and len(words) > 3:
        # "Login geht auch: katrin_admin / X": a few words, then a colon
        colon = _colon_after(text, words[:3])
        if colon is not None and text[words[colon][0] : words[colon][1]] != "/":
            words = words[colon:]
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


# -- a password named before or after its value, or in the sentence before -----------------

_Q_OPEN = "\"'\u201c\u201e\u00ab\u201a\u2018\u2039\u00bb`"
_Q_CLOSE = "\"'\u201d\u201c\u00bb\u2018\u2019\u203a\u00ab`"
_VALUE_RE = rf"[{_Q_OPEN}]?(?P<v>[^\s{_Q_OPEN}{_Q_CLOSE}]{{4,64}}?)[{_Q_CLOSE}]?"
_IS = (
    r"(?:is(?:[ \t]+now)?|was|ist(?:[ \t]+jetzt)?|war|es|era|est|\u00e9tait|\u00e9|\u00e8"
    r"|jest|to|lautet|sind)"
)
# "Tr0ub4dor&3 is the new wp-admin password": the value opens the sentence.
_BEFORE_IS = re.compile(
    r"(?:\A|(?<=[.!?:>\-\u2014*])[ \t]+|(?<=\n)[ \t]*(?:[-*>][ \t]+)?)" + _VALUE_RE
    + rf"[,]?[ \t]+{_IS}[ \t]+(?P<mid>(?:[^\W\d][\w'\u2019\-]*[ \t]+){{0,3}})\Z",
    re.IGNORECASE,
)  # fmt: skip
# "I changed it to Tr0ub4dor&3 yesterday (the admin password)": the value after a
# verb of changing, the word a few words after it.
_BEFORE_SET = re.compile(
    r"\b(?:changed|set|reset|updated|switched|ge\u00e4ndert|cambi\u00e9|chang\u00e9"
    r"|mudei|alterei|cambiato|cambiata|zmieni\u0142[ae]m)[ \t]+"
    r"(?:(?:it|this|that|es|la|le|lo|je|ihn|sie|him|her)[ \t]+)?"
    r"(?:to|auf|in|a|en|para|na|naar)[ \t]+" + _VALUE_RE
    + r"[.,;]?[ \t]+(?P<mid>(?:[(\[]?[^\W\d][\w'\u2019\-]*[ \t]+){0,5}[(\[]?)\Z",
    re.IGNORECASE,
)  # fmt: skip
_MID_OK = frozenset(["the", "my", "our", "your", "his", "her", "their", "new", "old", "current",
                     "real", "actual", "admin", "das", "der", "die", "mein", "meine", "unser",
                     "neue", "neues", "alte", "la", "el", "mi", "nueva", "nuevo", "le", "mon",
                     "ma", "notre", "nouveau", "nouvel", "nouvelle", "a", "o", "minha", "nova",
                     "novo", "het", "de", "mijn", "nieuwe", "il", "mia", "nuova", "moje",
                     "nowe", "site", "account", "database", "db", "mail", "email", "e-mail",
                     "root", "user", "ftp", "sftp", "ssh", "smtp", "wp", "wordpress",
                     "hosting", "server"])  # fmt: skip
# "We reset the SMTP password. The new one is X." / "La nueva es «X»" / "das echte ist X".
# (On the low view, where a letter that is not ASCII, as in "était", is \x1a.)
_ANAPHORA = re.compile(
    r"(?:the|la|el|das|die|der|le|l'|het|de|a|o|il)[ \t]*"
    r"(?:new|old|real|right|actual|current|correct|nueva|nuevo|vieja|viejo|antigua|correcta"
    r"|neue|alte|echte|richtige|aktuelle|nouveau|nouvelle|ancien|ancienne|vraie|bonne|nieuwe"
    r"|oude|juiste|nova|novo|antiga|certa|nuova|vecchia|giusta|vera)"
    r"(?:[ \t]+(?:one|une|un|uno|una|ones))?[ \t]+"
    r"(?:is|was|es|era|ist|war|est|\x1atait|\x1a|is now|ist jetzt|lautet)[ \t]+"
)  # fmt: skip
_SENTENCE_OPEN = frozenset(".!?:;,)\u2014\n")


def _before_word(scan: Scan, start: int, name: str, word: str, family: str) -> Iterator[Hit]:
    """The value before its word: "X is the new wp-admin password", "I changed it to X
    yesterday (the admin password)"."""
    text = scan.text
    after = _WORD_RUN.match(text, start + len(word))
    if after is not None and text[after.start(1) : after.end(1)].lower().rstrip(".,)") in _ABOUT:
        return  # "X is the new password policy"
    line_start = max(text.rfind("\n", 0, start) + 1, start - 160)
    seg = text[line_start:start]
    for pattern, limit in ((_BEFORE_IS, 3), (_BEFORE_SET, 5)):
        m = pattern.search(seg)
        if m is None:
            continue
        mid = m.group("mid").replace("(", " ").replace("[", " ").lower().split()
        if pattern is _BEFORE_IS and not all(w in _MID_OK or "-" in w for w in mid):
            continue  # "X is not the password", "Error 42 is a password problem"
        if len(mid) > limit:
            continue
        vstart = line_start + m.start("v")
        vend = _value_end(text, vstart, line_start + m.end("v"))
        core = text[vstart : line_start + m.end("v")].rstrip(_TRAIL)
        if _secret_shaped(core, True):
            yield from _prose_hit(vstart, vend, name, word, family, text[vstart:vend])
        return


def _anaphora(scan: Scan, end: int, name: str, word: str, family: str) -> Iterator[Hit]:
    """The value in the next sentence, named again only by "the new one", "la nueva",
    "das echte": within a few lines after the word."""
    text, low = scan.text, scan.low
    stop = min(len(text), end + 500)
    pos = end
    while True:
        m = _ANAPHORA.search(low, pos, stop)
        if m is None:
            return
        before = text[max(end, m.start() - 4) : m.start()].rstrip(" \t")
        if m.start() == 0 or (before and before[-1] in _SENTENCE_OPEN):
            break  # it opens a sentence or a clause
        pos = m.start() + 1
    words = _tokens(text, m.end(), 2)
    if not words:
        return
    vstart, vend = words[0]
    if text[vstart] in QUOTES:
        span = _read_quoted(text, vstart)
        if span is None:
            return
        value = text[span[0] : span[1]]
        if " " not in value and plausible_secret(value, True) and _secret_shaped(value, True):
            yield from _prose_hit(span[0], span[1], name, word, family, value)
        return
    core = vend
    while core > vstart and text[core - 1] in _TRAIL:
        core -= 1
    if _secret_shaped(text[vstart:core], True):
        vend = _value_end(text, vstart, vend)
        yield from _prose_hit(vstart, vend, name, word, family, text[vstart:vend])


# ", a do skrzynki sklep@ — Y", ", la del hosting …: Y", "et celui de la base <Y>": a
# second password in the same sentence, for another account.
_CONTINUE = re.compile(
    r"[\"'\u201d\u2019\u00bb\u203a`]*[ \t]*(?P<mark>[,;\u2014]|-(?=[ \t]))?[ \t]*"
    r"(?P<conj>(?:and|y|et|und|en|e|i|a|oraz|ou|o|or|oder|of)[ \t]+)?",
    re.IGNORECASE,
)
_CONT_LEAD = frozenset(["for", "do", "de", "del", "della", "dello", "di", "van", "voor", "f\u00fcr",
                        "celui", "celle", "that", "dla", "of", "para", "pour", "per", "von",
                        "na", "at"])  # fmt: skip
_CONT_ARTICLE = frozenset(["la", "el", "lo", "die", "der", "das", "the", "le", "il", "o", "a",
                           "het", "de"])  # fmt: skip
_CONT_WORD = re.compile(r"[\w@'\u2019\-]+")
_DOMAIN = re.compile(r"[a-z0-9\-]+(?:\.[a-z0-9\-]+)+")


def _continuation(scan: Scan, end: int, name: str, word: str, family: str) -> Iterator[Hit]:
    text = scan.text
    cm = _CONTINUE.match(text, end)
    if cm is None or not (cm.group("mark") or cm.group("conj")):
        return
    words = _tokens(text, cm.end(), 10)
    if len(words) < 2:
        return
    first = text[words[0][0] : words[0][1]].lower()
    second = text[words[1][0] : words[1][1]].lower()
    if not (first in _CONT_LEAD or (first in _CONT_ARTICLE and second in (_CONT_LEAD | {"one"}))):
        return  # ", and the site is example.com": not another password
    for j in range(1, min(len(words), 9)):
        ws, we = words[j]
        w = text[ws:we]
        if text[ws] in QUOTES:
            span = _read_quoted(text, ws)
            if span is not None:
                value = text[span[0] : span[1]]
                if " " not in value and _secret_shaped(value, True):
                    yield from _prose_hit(span[0], span[1], name, word, family, value)
            return
        joined = w.lower() in _JOINS or (w.endswith(":") and _CONT_WORD.fullmatch(w[:-1]))
        if joined and j + 1 < len(words):
            vstart, vend = words[j + 1]
            core = vend
            while core > vstart and text[core - 1] in _TRAIL:
                core -= 1
            value = text[vstart:core]
            if _secret_shaped(value, True) and not _DOMAIN.fullmatch(value):
                vend = _value_end(text, vstart, vend)
                yield from _prose_hit(vstart, vend, name, word, family, text[vstart:vend])
            return
        if not _CONT_WORD.fullmatch(w):
            return


# -- code: a builder call, a heredoc, a shell default, a Terraform variable ------------------

_ENV_SET = re.compile(r"[ \t]*(?:setenv|env|setx|set|fastcgi_param|passenv|env_var)[ \t]+")
_CALL_NAME = re.compile(r"[A-Za-z_]\w*\Z|\Z")
# A call that checks, reads or derives a password takes something else than the password.
_CALL_NOT = re.compile(
    r"(?:get|check|verify|validate|has|is|hash|encode|encrypt|decrypt|compare|match|needs"
    r"|reset|forgot|show|hide|generate|random|strength|wp_check|wp_hash|esc|sanitize)",
    re.IGNORECASE,
)
_HEREDOC = re.compile(r"[ \t]*(?:=|:=)[ \t]*<<<?[ \t]*([\"']?)([A-Za-z_]\w*)\1[ \t]*;?[ \t]*\r?\n")
_SHELL_DEFAULT = re.compile(r":?[-=]")
_TF_BLOCK = re.compile(r"[\"'][ \t]*\{")
_TF_DEFAULT = re.compile(r"^[ \t]*(?:default|value)[ \t]*=[ \t]*", re.MULTILINE)


def _code_forms(
    scan: Scan, name_start: int, start: int, tail_end: int, name: str, word: str, family: str
) -> Iterator[Hit]:
    """``.password("X")``, ``setPassword("X")``; ``$db_password = <<<EOT`` then the value;
    ``${SMTP_PASS:-X}``; ``variable "db_password" { default = "X" }``."""
    text, low = scan.text, scan.low
    ch = text[tail_end]
    oq = _ODD_QUOTE.match(text, tail_end)
    if oq is not None:
        yield from _odd_quoted(text, oq.end(), name, word, family)
        return
    if ch in " \t" and low[name_start - 1 : name_start] == "<":
        # <Pass encoding="base64">X</Pass>, <password type="plain">X</password>
        gt = text.find(">", tail_end, tail_end + 200)
        if gt > 0 and text[gt - 1] != "/" and "\n" not in text[tail_end:gt]:
            lt = text.find("<", gt + 1, gt + 1 + 512)
            value = text[gt + 1 : lt] if lt > 0 else ""
            if value and not any(c.isspace() for c in value) and "value=" not in low[tail_end:gt]:
                yield from _value_hit(text, (gt + 1, lt, True), name, word, family)
        return
    if ch == "(" and text[tail_end + 1 : tail_end + 2] in QUOTES:
        whole = text[name_start:start]
        head = re.split(r"[.>]", whole)[-1]
        dotted = len(head) < len(whole) or low[name_start - 1 : name_start] in (".", ">")
        if _CALL_NOT.match(head):
            return
        if (dotted and _CALL_NAME.fullmatch(head)) or head.lower() in ("set", "with", "set_"):
            span = read_value(text, tail_end + 1)
            if span is not None and span[2] and text[span[1] + 1 : span[1] + 2] == ")":
                yield from _value_hit(text, span, name, word, family)
        return
    if low[name_start - 2 : name_start] == "${":
        dm = _SHELL_DEFAULT.match(text, tail_end)
        if dm is not None:
            close = text.find("}", dm.end(), dm.end() + 200)
            value = text[dm.end() : close] if close > 0 else ""
            if value and "$" not in value and not any(c.isspace() for c in value):
                yield from _value_hit(text, (dm.end(), close, True), name, word, family)
        return
    hm = _HEREDOC.match(text, tail_end)
    if hm is not None:
        body = hm.end()
        terminator = re.compile(r"^[ \t]*" + re.escape(hm.group(2)) + r"\b", re.MULTILINE)
        tm = terminator.search(text, body, body + 2000)
        if tm is not None:
            end = tm.start()
            while end > body and text[end - 1] in "\r\n \t":
                end -= 1
            value = text[body:end]
            if value and "\n" not in value and " " not in value.strip():
                yield from _value_hit(text, (body, end, True), name, word, family)
        return
    if ch in "\"'" and _TF_BLOCK.match(text, tail_end):
        line_start = low.rfind("\n", 0, name_start) + 1
        if low[line_start:name_start].strip().rstrip("\"'").strip() in ("variable", "output"):
            close = text.find("\n}", tail_end, tail_end + 1000)
            block_end = close if close > 0 else min(len(text), tail_end + 1000)
            dm = _TF_DEFAULT.search(text, tail_end, block_end)
            if dm is not None:
                span = read_value(text, dm.end())
                if span is not None and span[2]:
                    yield from _value_hit(text, span, name, word, family)


def _odd_quoted(text: str, pos: int, name: str, word: str, family: str) -> Iterator[Hit]:
    """A value in quotes :func:`.values.read_value` does not close: Polish „…”, TOML's
    triple quotes (which may hold a quote)."""
    if text.startswith(("'''", '"""'), pos):
        close = text.find(text[pos : pos + 3], pos + 3, pos + 300)
        span = (pos + 3, close, True) if close > pos + 3 else None
    else:
        span = _read_quoted(text, pos)
    if span is not None and "\n" not in text[span[0] : span[1]]:
        yield from _value_hit(text, span, name, word, family)


# -- an account's label, then "user / password" ----------------------------------------------

# "ADMIN: sofia / X", "WP admin: bob / X", "FTP - popescu / X", "SSH: root / X": a place
# one logs in to, then a user and a password joined by a slash.
_ACCOUNT_PAIR = re.compile(
    r"(?:^|(?<=[\s(>*]))(?:wp[ \-]?)?(?:admin|administrator|wordpress|wp|ftp|sftp|ssh|cpanel"
    r"|plesk|hosting|host|db|database|mysql|smtp|mail|email|e-mail|imap|pop3|panel|dashboard"
    r"|backend|staging|server|root|shop|woocommerce|account|konto|cuenta|compte|conta"
    r"|zugang|acceso|acc\x1as|acesso|toegang|accesso|dost\x1ap)(?:[ \t][a-z\-]{2,12})?"
    r"[*]{0,2}[ \t]*[:\-\u2013][*]{0,2}[ \t]*"
    r"(?P<user>[\w.@+\-]{1,64})[ \t]+\Z",
)
_SLASH = re.compile(r" / ")
_PW_AFTER = re.compile(r"[ \t]*(\S{4,128})")


def find_account_pairs(scan: Scan) -> Iterator[Hit]:
    low = scan.low
    if " / " not in low:
        return
    text = scan.text
    # Read at each " / " (a literal search), the label and user on the 100 characters
    # before it: the pattern alone would be tried at every character of a 20 MB file.
    for sm in _SLASH.finditer(low):
        slash = sm.start()
        line_start = low.rfind("\n", max(0, slash - 100), slash) + 1
        head = max(line_start, slash - 100)
        m = _ACCOUNT_PAIR.search(low, head, slash + 1)
        pm = _PW_AFTER.match(text, sm.end()) if m is not None else None
        if pm is None:
            continue
        vstart = pm.start(1)
        vend = _value_end(text, vstart, pm.end(1))
        core = vend
        while core > vstart and text[core - 1] in _TRAIL:
            core -= 1
        value = text[vstart:core]
        upper = any(c.isupper() for c in value[1:])
        symbol = any(not c.isalnum() for c in value)
        special = any(not (c.isalnum() or c in "_-.") for c in value)
        if _secret_shaped(value, True) and (
            (any(c.isdigit() for c in value) and (upper or special)) or (upper and symbol)
        ):  # Kettle#2026, not utf8mb4_unicode_ci
            yield Hit(vstart, vend, _PRIORITY, CREDENTIAL, "password", "credential-pair",
                      text[vstart:vend])  # fmt: skip
