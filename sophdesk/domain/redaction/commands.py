"""Credentials passed on a command line or to a constructor, without a ``name=`` label.

``curl -u user:pass``, ``mysql -p'pass'``, ``htpasswd -b file user pass``,
``wp config set DB_PASSWORD 'pass'``, ``aws configure set aws_secret_access_key ...``,
``new PDO($dsn, 'user', 'pass')``, and "password 53iZHAT3lr+08" in prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import anchors
from .dummies import looks_like_dummy
from .labels import CREDENTIAL, label_kind
from .scan import Hit, Scan
from .validators import count_digits, has_alpha, has_digit
from .values import plausible_secret, read_value

_CURL_USER = re.compile(r"(?:-u|--user)(?:[ \t]+|=)")
_MYSQL_P = re.compile(r" -p(?=[^\s-])")
_CONFIG_SET = re.compile(r"config(?:ure)? set[ \t]+|config:set[ \t]+")
_PDO = re.compile(r"pdo(?:->__construct)?\(")
_HTPASSWD = re.compile(r"htpasswd[ \t]+")
_LOOSE = re.compile(r"(?:password|passwort|kennwort|mdp|pwd|passphrase)[ \t]+(?=\S)")
_STRING = re.compile(r"""(['"])((?:\\.|(?!\1).)*)\1""")
_WORD = re.compile(r"\S+")


def _hit(start: int, end: int, text: str, kind: str = "password") -> Hit:
    return Hit(start, end, 62, CREDENTIAL, kind, "command-line-" + kind, text[start:end])


def find_command_credentials(scan: Scan) -> Iterator[Hit]:
    """The credentials on command lines, but not references (``-p$MYSQL_PWD``)."""
    for hit in _command_credentials(scan):
        if not looks_like_dummy(hit.value):
            yield hit


def _command_credentials(scan: Scan) -> Iterator[Hit]:
    text, low = scan.text, scan.low
    for m in scan.finditer(_CURL_USER, "low"):
        if m.start() > 0 and not low[m.start() - 1].isspace():
            continue
        span = read_value(text, m.end())
        if span is None:
            continue
        start, end, _ = span
        value = text[start:end]
        colon = value.find(":")
        if colon > 0 and end - (start + colon + 1) >= 3:
            yield _hit(start + colon + 1, end, text)
    for m in scan.finditer(_MYSQL_P, "low"):
        line_start = low.rfind("\n", 0, m.start()) + 1
        if (
            "mysql" not in low[line_start : m.start()]
            and "mariadb" not in low[line_start : m.start()]
            and "sshpass" not in low[line_start : m.start()]
        ):
            continue
        span = read_value(text, m.end())
        if span is not None and span[1] - span[0] >= 3:
            yield _hit(span[0], span[1], text)
    for m in scan.finditer(_CONFIG_SET, "low"):
        nm = _WORD.match(text, m.end())
        if nm is None:
            continue
        pos = nm.end()
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        span = read_value(text, pos)
        if span is None:
            continue
        start, end, quoted = span
        value = text[start:end]
        found = label_kind(nm.group(), value)
        if found is not None and plausible_secret(value, quoted):
            yield Hit(start, end, 62, found[0], found[1], "command-line-" + found[1], value)
    for m in scan.finditer(_PDO, "low"):
        close = text.find(")", m.end(), m.end() + 400)
        strings = list(_STRING.finditer(text, m.end(), close if close > 0 else m.end() + 400))
        if len(strings) >= 3 and plausible_secret(strings[2].group(2), True):
            yield _hit(strings[2].start(2), strings[2].end(2), text, "db-password")
    for m in scan.finditer(_HTPASSWD, "low"):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        words = list(_WORD.finditer(text, m.end(), line_end))
        flags = "".join(w.group()[1:] for w in words if w.group().startswith("-"))
        args = [w for w in words if not w.group().startswith("-")]
        if "b" in flags and len(args) >= 3:
            last = args[2]
            yield _hit(last.start(), last.end(), text)
    for m in scan.finditer(_LOOSE, "low"):
        if m.start() > 0 and low[m.start() - 1].isalnum():
            continue
        span = read_value(text, m.end())
        if span is None:
            continue
        start, end, quoted = span
        value = text[start:end]
        if len(value) < 6 or not plausible_secret(value, quoted):
            continue
        if has_digit(value) and has_alpha(value) and not value.isdigit() and "/" not in value:
            yield _hit(start, end, text)


# --- a random-looking token a few words after "secret", "token", "API key" -----------------

_NEAR_LABEL = re.compile(r"secret|token|api[ _-]?key|password|passwort|credential")
_NEAR_TOKEN = re.compile(r"(?<![\w/.-])[A-Za-z0-9][A-Za-z0-9_\-+/=.]{19,}(?![\w/-])")
_ID_PREFIXES = ("ch_", "pi_", "cus_", "evt_", "in_", "sub_", "txn_", "req_", "ord_", "pm_",
                "seti_", "re_", "po_", "tr_", "py_", "prod_", "price_", "acct_", "src_", "cs_",
                "sess_", "run_", "msg_", "thread_", "asst_", "file_", "batch_",
                "chatcmpl-")  # fmt: skip
_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_NEAR_KIND = {"secret": "secret", "token": "token", "password": "password",
              "passwort": "password", "credential": "credential"}  # fmt: skip


def find_tokens_near_labels(scan: Scan) -> Iterator[Hit]:
    """``Webhook secret for the booking engine: „whk_PIc1...“``: the label is a few
    words away, the value is a random-looking token on the same line."""
    text, low = scan.text, scan.low
    for m in scan.finditer(_NEAR_LABEL, "low"):
        line_end = low.find("\n", m.end(), m.end() + 100)
        line_end = min(len(low), m.end() + 100) if line_end < 0 else line_end
        tm = _NEAR_TOKEN.search(text, m.end(), line_end)
        if tm is None:
            continue
        value = tm.group().rstrip(".")
        if (
            count_digits(value) < 2
            or value.lower() == value
            or value.upper() == value
            or value.startswith(_ID_PREFIXES)
            or _UUID.search(value)
            or ("." in value[:-1] and value.count(".") != 2)  # a host name, not a JWT
            or looks_like_dummy(value)
        ):
            continue
        kind = _NEAR_KIND.get(m.group(), "api-key")
        yield Hit(
            tm.start(), tm.start() + len(value), 50, CREDENTIAL, kind, "token-near-label", value
        )


for _pattern in (_CURL_USER, _MYSQL_P, _CONFIG_SET, _PDO, _HTPASSWD, _LOOSE, _NEAR_LABEL):
    anchors.register(_pattern, "low")
