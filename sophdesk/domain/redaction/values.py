"""Reading the value that follows a label: quoted, unquoted, or up to the line's end."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .dummies import looks_like_dummy

if TYPE_CHECKING:
    from .scan import Scan

# Opening quote -> closing quote (typographic quotes pair up).
QUOTES: dict[str, str] = {
    '"': '"',
    "'": "'",
    "`": "`",
    "\u201c": "\u201d",
    "\u201d": "\u201d",
    "\u2018": "\u2019",
    "\u2019": "\u2019",
    "\u00ab": "\u00bb",
    "\u201e": "\u201c",
    "\u201a": "\u2018",  # German single quotes
    "\u00bb": "\u00ab",  # German guillemets: »…«
    "\u2039": "\u203a",
    "\u203a": "\u2039",
}

_QUOTED_BODY: dict[str, re.Pattern[str]] = {
    closing: re.compile(
        # A run of plain characters, then escaped character and run, and again: the
        # same as (?:[^"\\\n]|\\[\s\S])*, without an alternation per character.
        rf"[^{re.escape(closing)}\\\n]*(?:\\[\s\S][^{re.escape(closing)}\\\n]*)*"
        if closing in "\"'"
        else rf"[^{re.escape(closing)}\n]*"
    )
    for closing in set(QUOTES.values())
}
_UNQUOTED = re.compile(
    r"[^\s,;&'\"`<>(){}\[\]\u201c\u201d\u2018\u2019\u201a\u201e\u00ab\u00bb\u2039\u203a]+"
)
_MAX_VALUE = 4096

#: Values that are a type, a switch or an empty marker, never a secret.
_NOT_SECRET = frozenset(
    [
        "null",
        "none",
        "nil",
        "true",
        "false",
        "undefined",
        "yes",
        "no",
        "on",
        "off",
        "required",
        "optional",
        "string",
        "str",
        "bool",
        "boolean",
        "int",
        "integer",
        "number",
        "float",
        "object",
        "array",
        "hidden",
        "redacted",
        "masked",
        "removed",
        "empty",
        "secret",
        "password",
        "token",
        "changeme",
        "example",
        "default",
        "enabled",
        "disabled",
        "n/a",
        "na",
        "unknown",
        "set",
        "unset",
        "bearer",
        "basic",
        # what a sentence says about a secret ("token: valid", "credentials: see below")
        "valid",
        "invalid",
        "expired",
        "missing",
        "wrong",
        "incorrect",
        "see",
        "ok",
        "okay",
        "provided",
        "attached",
        "below",
        "above",
        "here",
        "sent",
    ]
)
_CODE = re.compile(
    r"\$[A-Za-z_]\w*(?:\[|->|::|\)|$)|[A-Za-z_][\w.]*(?:\(|->|::)|\{\{|\$\{|%\(?\w*\)?s$|%s|<[^>]*>$"
)
_MASK = re.compile(r"[*x\u2022\u25cf#.\-_ ]+|\[[^\]]*\]|<[^>]*>", re.IGNORECASE)


def read_value(text: str, pos: int, *, line_rest: bool = False) -> tuple[int, int, bool] | None:
    """The span of the value starting at ``pos`` and whether it was quoted.

    A quoted value ends at its closing quote (``\\"`` when it opened with one); an
    unquoted one at whitespace or punctuation, or with ``line_rest`` at the end
    of the line.
    """
    n = len(text)
    if pos >= n:
        return None
    ch = text[pos]
    if ch in "[(" and pos + 1 < n and text[pos + 1] in QUOTES:  # ["value", ...] or ('value')
        pos += 1
        ch = text[pos]
    if ch == "\\" and text.startswith('\\"', pos):
        close = text.find('\\"', pos + 2, pos + 2 + _MAX_VALUE)
        if close < 0:
            return None
        return pos + 2, close, True
    if text.startswith("&quot;", pos):
        close = text.find("&quot;", pos + 6, pos + 6 + _MAX_VALUE)
        if close < 0:
            return None
        return pos + 6, close, True
    closing = QUOTES.get(ch)
    if closing is not None:
        start = pos + 1
        limit = min(n, start + _MAX_VALUE)
        # Up to the closing quote or the line's end; \\ escapes the next character
        # in '...' and "..." only.
        end = _QUOTED_BODY[closing].match(text, start, limit).end()  # type: ignore[union-attr]
        if end >= limit or text[end] != closing:
            return None
        return start, end, True
    if line_rest:
        end = text.find("\n", pos)
        end = n if end < 0 else end
        while end > pos and text[end - 1] in " \t\r,;":
            end -= 1
        return pos, end, False
    m = _UNQUOTED.match(text, pos)
    if m is None:
        return None
    return pos, m.end(), False


def plausible_secret(value: str, quoted: bool, *, min_len: int = 3) -> bool:
    """Not empty, not a type name or switch, not a mask, not code that computes it,
    not a reference or a placeholder (:func:`.dummies.looks_like_dummy`)."""
    if len(value) < min_len:
        return False
    low = value.lower()
    if low in _NOT_SECRET:
        return False
    if _MASK.fullmatch(value):
        return False
    if not quoted and _CODE.match(value):
        return False
    if quoted and value.startswith("$") and value[1:].replace("_", "").isalnum():
        return False
    return not looks_like_dummy(value)  # $PASSWORD, ${{ secrets.X }}, <password>, your-api-key


def name_before(text: str, end: int, limit: int = 60) -> str:
    """The identifier that ends at ``end`` (``DB_PASSWORD``, ``x-api-key``)."""
    start = end
    stop = max(0, end - limit)
    while start > stop:
        c = text[start - 1]
        if c.isalnum() or c in "_-.$":
            start -= 1
        else:
            break
    return text[start:end].lstrip("-$.")


_NAME_RUN_REVERSED = re.compile(r"[a-z0-9_.$-]*")


def scan_name_before(scan: Scan, end: int, limit: int = 60) -> str:
    """:func:`name_before` in ``scan.text``, its run read by ``re`` on the reversed
    low view (a character at a time in Python cost 5 us a label)."""
    rlow = scan.rlow
    n = len(rlow)
    i = n - end
    stop = min(n, i + limit)
    j = _NAME_RUN_REVERSED.match(rlow, i, stop).end()  # type: ignore[union-attr]
    if j < stop and rlow[j] == "\x1a":  # not ASCII there: it may be a letter
        return name_before(scan.text, end, limit)
    return scan.text[n - j : end].lstrip("-$.")
