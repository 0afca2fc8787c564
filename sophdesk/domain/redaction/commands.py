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
# A password after its own flag and a space: sshpass -p 'X', lftp -u user,X, smbclient -U
# user%X, ssmtp -apX, --password X; and piped into sudo -S: echo 'X' | sudo -S.
_FLAG_SPACE = re.compile(
    r"sshpass[ \t]+(?:-[a-oq-z][ \t]+)*-p[ \t]*(?=\S)"
    r"|lftp[ \t]+(?:-[a-tv-z][ \t]+\S+[ \t]+)*-u[ \t]+(?=\S)"
    r"|smbclient[^\n|;]{0,80}?[ \t]-u[ \t]+(?=\S)"
    r"|[ \t]-ap(?=[^\s-])"
    r"|[ \t]--(?:[a-z]+-)*(?:password|passwd|pass|passphrase)[ \t]+(?=[^\s-])"
)
# A connection opened with the password as a positional argument: the index of the
# password among the call's arguments (PHP's mysqli and wpdb; a mailer's or a client's
# connect(host, port, user, password), where the user names the place).
_CONNECT = re.compile(
    r"(mysqli_real_connect|mysqli_connect|mysql_connect|new[ \t]+mysqli|new[ \t]+wpdb"
    r"|->connect|::connect|\.connect|->login|\.login)[ \t]*\("
)
_CONNECT_AT = {"mysqli_real_connect": 3, "mysqli_connect": 2, "mysql_connect": 2,
               "new mysqli": 2, "new wpdb": 1}  # fmt: skip
_ARG = re.compile(
    r"""[ \t]*('(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|[^,()'"\n]*(?:\([^()\n]*\))?)[ \t]*"""
)
# Go's MySQL DSN: user:password@tcp(host:port)/db
_GO_DSN = re.compile(r"@(?:tcp|unix)\(")
_DSN_USER = re.compile(r"([\w.\-]{1,64}):([^\s@\"'`:/]{3,128})\Z")
_SUDO_S = re.compile(r"\|[ \t]*sudo[ \t]+(?:-[a-z]+[ \t]+)*?-s(?=[ \t\n]|\Z)")
_ECHO_BEFORE = re.compile(r"(?:echo|printf)[ \t]+(?:-[ne][ \t]+)?(\S+)[ \t]*\Z")


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
    for m in (
        scan.finditer(_FLAG_SPACE, "low")
        if any(w in low for w in ("sshpass", "lftp", "smbclient", "-ap", "--"))
        else ()
    ):
        g = m.group()
        if "-ap" in g[:5] and not any(c in low[low.rfind("\n", 0, m.start()) + 1 : m.start()]
                                      for c in ("sendmail", "ssmtp")):  # fmt: skip
            continue
        span = read_value(text, m.end())
        if span is None:
            continue
        start, end, quoted = span
        if g.startswith(("lftp", "smbclient")):
            if not quoted:
                start, end = _WORD.match(text, m.end()).span()  # type: ignore[union-attr]
            sep = "," if g.startswith("lftp") else "%"
            cut = text.find(sep, start, end)
            if cut < 0:
                continue
            start = cut + 1
        value = text[start:end]
        if len(value) >= 3 and plausible_secret(value, quoted) and value[0] not in "/~$<":
            yield _hit(start, end, text)
    for m in scan.finditer(_SUDO_S, "low") if "sudo" in low else ():
        line_start = text.rfind("\n", 0, m.start()) + 1
        em = _ECHO_BEFORE.search(text, line_start, m.start())
        if em is not None:
            span = read_value(text, em.start(1))
            if span is not None and plausible_secret(text[span[0] : span[1]], span[2]):
                yield _hit(span[0], span[1], text)
    for m in (
        scan.finditer(_CONNECT, "low")
        if "connect" in low or "login" in low or "wpdb" in low or "mysqli" in low
        else ()
    ):
        yield from _connect_password(text, m)
    for m in scan.finditer(_GO_DSN, "low") if "@tcp(" in low or "@unix(" in low else ():
        line_start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 200)
        quote = max(text.rfind(q, line_start, m.start()) for q in "\"'` ")
        dm = _DSN_USER.search(text, quote + 1, m.start())
        if dm is not None:
            yield _hit(dm.start(2), dm.end(2), text)
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


def _connect_password(text: str, m: re.Match[str]) -> Iterator[Hit]:
    args: list[tuple[int, int]] = []
    pos = m.end()
    while len(args) < 8:
        am = _ARG.match(text, pos)
        if am is None:
            return
        args.append(am.span(1))
        pos = am.end()
        if text[pos : pos + 1] != ",":
            break
        pos += 1
    callee = " ".join(m.group(1).split())
    at = _CONNECT_AT.get(callee)
    if at is None:  # ->connect('smtp.host', 587, 'user@host', 'X'): after the user
        at = next((k + 1 for k, (a, b) in enumerate(args[:-1]) if "@" in text[a:b]), None)
    if at is None or at >= len(args):
        return
    start, end = args[at]
    if end - start < 2 or text[start] not in "'\"" or text[end - 1] != text[start]:
        return  # a variable, not the password itself
    value = text[start + 1 : end - 1]
    if len(value) >= 3 and plausible_secret(value, True):
        yield _hit(start + 1, end - 1, text)


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


for _pattern in (_CURL_USER, _MYSQL_P, _CONFIG_SET, _PDO, _HTPASSWD, _LOOSE, _NEAR_LABEL,
                 _FLAG_SPACE, _SUDO_S, _CONNECT, _GO_DSN):  # fmt: skip
    anchors.register(_pattern, "low")
